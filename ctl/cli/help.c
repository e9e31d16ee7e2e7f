// SPDX-License-Identifier: GPL-2.0
/*
 * excctl COMMAND --help, from the command table.
 */
#include <stdio.h>
#include <string.h>

#include "excctl.h"

bool excctl_arg_is_path(const char *arg)
{
	return strstr(arg, "FILE") || strstr(arg, "PATH") || !strcmp(arg, "F") ||
	       strstr(arg, ".json") || strstr(arg, ".bin");
}

#define HELP_WIDTH 78

/* @text, filled to HELP_WIDTH columns, every line indented by @indent. */
static void help_fill(FILE *out, const char *text, int indent)
{
	int col = 0, len;

	while (*text) {
		len = strcspn(text, " ");
		if (col && col + 1 + len > HELP_WIDTH) {
			fputc('\n', out);
			col = 0;
		}
		col += fprintf(out, "%*s%.*s", col ? 1 : indent, "", len, text);
		text += len + strspn(text + len, " ");
	}
	fputc('\n', out);
}

int excctl_cmd_help_command(int argc, char **argv)
{
	const struct excctl_cmd *cmd;
	struct excctl_opts o;
	const char *name, *near;

	if (excctl_opts_parse(&o, argc, argv))
		return o.status;
	name = excctl_opt_str(&o, "COMMAND");
	if (!name) {
		excctl_help(stdout);
		return 0;
	}
	cmd = excctl_find_cmd(name);
	if (cmd) {
		excctl_cmd_help(stdout, cmd);
		return 0;
	}
	near = excctl_cmd_nearest(name);
	if (near)
		fprintf(stderr, "excctl help: no command '%s'; did you mean '%s'?\n", name, near);
	else
		fprintf(stderr, "excctl help: no command '%s'; excctl help lists them\n", name);
	return 2;
}

void excctl_cmd_help(FILE *out, const struct excctl_cmd *cmd)
{
	const struct excctl_arg *a;

	fprintf(out, "usage: excctl %s %s\n\n%s.\n", cmd->name, cmd->usage, cmd->summary);
	if (cmd->description) {
		fputc('\n', out);
		help_fill(out, cmd->description, 0);
	}
	if (cmd->args && cmd->args->name)
		fprintf(out, "\narguments:\n");
	for (a = cmd->args; a && a->name; a++) {
		if (a->letter)
			fprintf(out, "  -%c, ", a->letter);
		fprintf(out, "%s%s%s%s\n", a->letter ? "" : "  ", a->name, a->value ? " " : "",
			a->value ? a->value : "");
		help_fill(out, a->help, 6);
	}
	if (cmd->example)
		fprintf(out, "\nexample:\n  %s\n", cmd->example);
}
