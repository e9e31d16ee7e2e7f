// SPDX-License-Identifier: GPL-2.0
/*
 * excctl: compiles, loads and inspects kvmexc exceptions.
 */
#include <stdio.h>
#include <string.h>

#include "excctl.h"

static bool is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

/* Options that are no command: help, version and the generated docs. */
static int excctl_global(const char *opt)
{
	if (is_help(opt))
		excctl_help(stdout);
	else if (!strcmp(opt, "--version"))
		printf("excctl %s\n", KVMEXC_VERSION);
	else if (!strcmp(opt, "--man"))	/* build time: build/excctl.8 */
		excctl_man(stdout);
	else if (!strcmp(opt, "--bash-completion"))
		excctl_bash_completion(stdout);
	else
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	const struct excctl_cmd *cmd;
	int i;

	if (argc < 2) {
		excctl_help(stderr);
		return 2;
	}
	if (!excctl_global(argv[1]))
		return 0;
	cmd = excctl_find_cmd(argv[1]);
	if (!cmd) {
		fprintf(stderr, "excctl: unknown command '%s'\n", argv[1]);
		excctl_help(stderr);
		return 2;
	}
	for (i = 2; i < argc; i++)
		if (is_help(argv[i])) {
			excctl_cmd_help(stdout, cmd);
			return 0;
		}
	return cmd->run(argc - 1, argv + 1);
}
