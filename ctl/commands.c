// SPDX-License-Identifier: GPL-2.0
/*
 * The commands of excctl, their usage lines and summaries: the one source
 * of --help and of the usage errors.
 */
#include <stdio.h>
#include <string.h>

#include "compile.h"
#include "dump.h"
#include "excctl.h"

const struct excctl_cmd excctl_cmds[] = {
	{ "status", "[--json]", "show the module's state and counters", excctl_cmd_status },
	{ "load", "FILE [--json]", "put exceptions.bin in force", excctl_cmd_load },
	{ "add", "FILE.json --context N [--guest ID] [--json]", "add one exception (JSON) beside the file's",
	  excctl_cmd_add },
	{ "add-from-alert", "(B64 | --file F | - | --alert-seq N --guest ID) [--binary] [--context N] "
	  "[--guest ID] [--json]",
	  "add the exception a serialized alert asks for", excctl_cmd_add_from_alert },
	{ "remove", "--context N [--json]", "remove an exception added from an alert", excctl_cmd_remove },
	{ "list", "[--json]", "every exception in force, with its hits", excctl_cmd_list },
	{ "flush", "[--guest ID] [--json]", "remove the exceptions added from alerts (of one guest)",
	  excctl_cmd_flush },
	{ "eval", "[--offline FILE.bin] EVENT.json", "decide one violation (JSON), by the module or offline",
	  excctl_cmd_eval },
	{ "attach", "(--pid PID | --fd N) [--os windows|linux] [--bits 32|64] [--os-version N] "
	  "[--policy enforce|log-only] [--no-persist]", "attach the KVM VM of a process",
	  excctl_cmd_attach },
	{ "detach", "--guest ID", "detach a guest", excctl_cmd_detach },
	{ "guests", "[--json]", "the attached guests and their counters", excctl_cmd_guests },
	{ "protect", "--guest ID --gpa A --length N --kind km|um|kum --object OBJ "
	  "[--zone-flags code,data,...] [--victim NAME] [--process NAME] [--gva A]",
	  "decide the writes to guest-physical bytes", excctl_cmd_protect },
	{ "unprotect", "--guest ID --gpa A", "stop deciding writes to a zone",
	  excctl_cmd_unprotect },
	{ "module", "--guest ID --start A --length N --kind km|um --name NAME "
	  "[--process NAME] [--cr3 A]", "name the code at guest-virtual addresses",
	  excctl_cmd_module },
	{ "module-del", "--guest ID --start A [--cr3 A]", "forget a module",
	  excctl_cmd_module_del },
	{ "monitor", "[--json | --b64]", "show alerts as they arrive, decoded", excctl_cmd_monitor },
	{ "decode", "(--alert | --exception | --event) [--json] [--binary] (B64 | --file F | -)",
	  "show a serialized alert, the exception it asks for or its violation", excctl_cmd_decode },
	{ "compile", EXCCTL_COMPILE_USAGE,
	  "compile JSON exceptions and signatures into exceptions.bin", excctl_cmd_compile },
	{ "dump", EXCCTL_DUMP_USAGE, "show the header and records of an exceptions file",
	  excctl_cmd_dump },
	{ "crc32", EXCCTL_CRC32_USAGE, "the format's CRC of a string or file",
	  excctl_cmd_crc32 },
};

const size_t excctl_ncmds = sizeof(excctl_cmds) / sizeof(excctl_cmds[0]);

void excctl_help(FILE *out)
{
	size_t i;

	fprintf(out, "usage: excctl [--help | --version] COMMAND [ARGS...]\n\ncommands:\n");
	for (i = 0; i < excctl_ncmds; i++)
		fprintf(out, "  %s %s\n      %s\n", excctl_cmds[i].name,
			excctl_cmds[i].usage, excctl_cmds[i].summary);
}

int excctl_usage_error(const char *name)
{
	size_t i;

	for (i = 0; i < excctl_ncmds; i++)
		if (!strcmp(excctl_cmds[i].name, name))
			fprintf(stderr, "usage: excctl %s %s\n", name,
				excctl_cmds[i].usage);
	return 2;
}

