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

	if (argc == 1) {
		excctl_help(stdout);
		return 0;
	}
	cmd = argc == 2 ? excctl_find_cmd(argv[1]) : NULL;
	if (!cmd) {
		if (argc == 2)
			fprintf(stderr, "excctl help: no command '%s'\n", argv[1]);
		return excctl_usage_error(argv[0]);
	}
	excctl_cmd_help(stdout, cmd);
	return 0;
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
		fprintf(out, "  %s%s%s\n", a->name, a->value ? " " : "",
			a->value ? a->value : "");
		help_fill(out, a->help, 6);
	}
	if (cmd->example)
		fprintf(out, "\nexample:\n  %s\n", cmd->example);
}
