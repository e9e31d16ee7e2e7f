// SPDX-License-Identifier: GPL-2.0
/*
 * excctl: compiles, loads and inspects kvmexc exceptions.
 */
#include <stdio.h>
#include <linux/kvmexc.h>
#include <string.h>

#include "excctl.h"
#include "json.h"

static bool is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

/* excctl's version and the ABI it speaks; the module's, when it is loaded. */
static void excctl_version(void)
{
	char version[64] = "";
	FILE *f;

	printf("excctl %s (netlink family %s version %d, exceptions.bin %d.%d)\n",
	       KVMEXC_VERSION, KVMEXC_FAMILY_NAME, KVMEXC_FAMILY_VERSION,
	       KVMEXC_FILE_VERSION_MAJOR, KVMEXC_FILE_VERSION_MINOR);
	f = fopen("/sys/module/kvmexc/version", "r");
	if (f && fgets(version, sizeof(version), f))
		printf("kvmexc.ko %s", version);
	else
		printf("kvmexc.ko is not loaded\n");
	if (f)
		fclose(f);
}

/* Options that are no command: help, version and the generated docs. */
static int excctl_global(const char *opt)
{
	if (is_help(opt))
		excctl_help(stdout);
	else if (!strcmp(opt, "--version") || !strcmp(opt, "-V"))
		excctl_version();
	else if (!strcmp(opt, "--man"))	/* build time: build/excctl.8 */
		excctl_man(stdout);
	else if (!strcmp(opt, "--bash-completion"))
		excctl_bash_completion(stdout);
	else
		return -1;
	return 0;
}

/* -j and -p before the command, as ip(8) and bpftool(8) take them; how many. */
static int excctl_output_options(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			excctl_json_output = true;
		} else if (!strcmp(argv[i], "-p") || !strcmp(argv[i], "--pretty")) {
			excctl_json_output = true;
			excctl_json_pretty = true;
		} else {
			break;
		}
	}
	return i - 1;
}

static int excctl_unknown(const char *name)
{
	const char *near = excctl_cmd_nearest(name);

	if (name[0] == '-')
		fprintf(stderr, "excctl: unknown option '%s'; excctl help lists them\n", name);
	else if (near)
		fprintf(stderr, "excctl: unknown command '%s'; did you mean '%s'?\n", name, near);
	else
		fprintf(stderr, "excctl: unknown command '%s'; excctl help lists them\n", name);
	return 2;
}

int main(int argc, char **argv)
{
	const struct excctl_cmd *cmd;
	int i;

	i = excctl_output_options(argc, argv);
	argc -= i;
	argv += i;
	if (argc < 2) {
		excctl_help(stderr);
		return 2;
	}
	if (!excctl_global(argv[1]))
		return 0;
	if (!strcmp(argv[1], "-batch") && (argc == 3 || (argc == 4 && !strcmp(argv[3], "-force"))))
		return excctl_batch(argv[2], argc == 4);
	cmd = excctl_find_cmd(argv[1]);
	if (!cmd)
		return excctl_unknown(argv[1]);
	return excctl_run(cmd, argc - 1, argv + 1);
}
