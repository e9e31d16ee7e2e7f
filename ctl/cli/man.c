// SPDX-License-Identifier: GPL-2.0
/*
 * excctl(8) in roff (man(7) macros), from the command table: make builds
 * build/excctl.8 with excctl --man.
 */
#include <stdio.h>

#include "excctl.h"

/* @s as roff text: escapes, and no line that starts a request. */
static void man_text(FILE *out, const char *s)
{
	const char *p;

	for (p = s; *p; p++) {
		if ((*p == '.' || *p == '\'') && (p == s || p[-1] == '\n'))
			fputs("\\&", out);
		if (*p == '\\')
			fputs("\\e", out);
		else if (*p == '-')
			fputs("\\-", out);
		else
			fputc(*p, out);
	}
}

static void man_line(FILE *out, const char *macro, const char *s)
{
	fprintf(out, "%s", macro);
	man_text(out, s);
	fputc('\n', out);
}

static void man_cmd(FILE *out, const struct excctl_cmd *cmd)
{
	const struct excctl_arg *a;

	fprintf(out, ".SS %s\n.B excctl %s\n", cmd->name, cmd->name);
	man_line(out, "", cmd->usage);
	fprintf(out, ".PP\n");
	man_line(out, "", cmd->summary);
	if (cmd->description) {
		fprintf(out, ".PP\n");
		man_line(out, "", cmd->description);
	}
	for (a = cmd->args; a && a->name; a++) {
		/* the tag: one line, the value in italics after a space */
		fprintf(out, ".TP\n.BI \"");
		if (a->letter)
			fprintf(out, "\\-%c, ", a->letter);
		man_text(out, a->name);
		fprintf(out, "%s\" \"", a->value ? " " : "");
		man_text(out, a->value ? a->value : "");
		fprintf(out, "\"\n");
		man_line(out, "", a->help);
	}
	if (cmd->example) {
		fprintf(out, ".PP\nExample:\n.PP\n.RS\n.nf\n");
		man_line(out, "", cmd->example);
		fprintf(out, ".fi\n.RE\n");
	}
}

void excctl_man(FILE *out)
{
	size_t i;

	fprintf(out, ".TH EXCCTL 8 \"\" \"kvmexc %s\" \"System Administration\"\n", KVMEXC_VERSION);
	fprintf(out, ".SH NAME\nexcctl \\- compile, load and inspect kvmexc exceptions; "
		"attach and protect KVM guests\n");
	fprintf(out, ".SH SYNOPSIS\n.B excctl\n[\\-\\-help | \\-\\-version]\n"
		".I COMMAND\n.RI [ ARGS ...]\n.br\n.B excctl\n.I COMMAND\n.B \\-\\-help\n");
	fprintf(out, ".SH DESCRIPTION\n.B excctl\ndrives the kvmexc module, which decides, "
		"inside the host kernel, the writes of KVM guests to protected memory against "
		"exceptions compiled from JSON. Commands that talk to the module use its generic "
		"netlink family and need CAP_NET_ADMIN; compile, dump, crc32 and eval \\-\\-offline "
		"work without it.\n");
	fprintf(out, ".SH COMMANDS\n");
	for (i = 0; i < excctl_ncmds; i++)
		man_cmd(out, &excctl_cmds[i]);
	fprintf(out, ".SH EXIT STATUS\n0 on success, 1 on an error, 2 on a command-line error.\n");
	fprintf(out, ".SH FILES\n.TP\n.I PREFIX/share/kvmexc/config.json\n"
		"The compiler's default configuration (also built into excctl).\n");
	fprintf(out, ".SH SEE ALSO\n.BR modprobe (8),\n.BR qemu-system-x86_64 (1);\n"
		"the admin guide, Documentation/admin-guide.rst in the kvmexc sources.\n");
}
