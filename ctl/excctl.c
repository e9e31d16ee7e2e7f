// SPDX-License-Identifier: GPL-2.0
/*
 * excctl: compiles, loads and inspects kvmexc exceptions.
 */
#include <stdio.h>
#include <string.h>

#include "excctl.h"

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		excctl_help(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		excctl_help(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("excctl %s\n", KVMEXC_VERSION);
		return 0;
	}
	for (i = 0; i < excctl_ncmds; i++)
		if (!strcmp(excctl_cmds[i].name, argv[1]))
			return excctl_cmds[i].run(argc - 1, argv + 1);

	fprintf(stderr, "excctl: unknown command '%s'\n", argv[1]);
	excctl_help(stderr);
	return 2;
}
