// SPDX-License-Identifier: GPL-2.0
/*
 * The commands of excctl: usage lines, summaries, descriptions, options and
 * examples. The one source of --help, of the usage errors, of excctl(8) and
 * of the bash completion.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <linux/kvmexc.h>

#include "compiler/compile.h"
#include "compiler/dump.h"
#include "excctl.h"
#include "json.h"

#define ARG_JSON { "--json", NULL, "Print one JSON document (or one a line) instead of text." }
/* A guest id, as attach prints it: 1 and up; @attr the request's attribute */
#define ARG_GUEST_ID(help_text, attr_id) { "--guest", "ID", help_text, \
	.type = EXCCTL_ARG_U32, .min = 1, .attr = attr_id }
#define ARG_GUEST(attr_id) { "--guest", "ID", "The guest, as attach printed it (see guests).", \
	.type = EXCCTL_ARG_U32, .min = 1, .required = true, .attr = attr_id }
#define ARG_FOR_GUEST ARG_GUEST_ID("Only for this guest; without it, for every guest.", 0)
#define ARG_CONTEXT(help_text, is_required) { "--context", "N", help_text, \
	.type = EXCCTL_ARG_U64, .required = is_required }
#define ARGS_END { NULL }
/* An alert's blob, for decode and add-from-alert: one of B64, --file (or -) */
#define ARG_B64 { "B64", NULL, "The alert's blob, base64 (excctl monitor --b64 prints them).", \
	.choice = 1, .required = true }
#define ARG_BLOB_FILE { "--file", "F", "Read the blobs from this file (- for standard input): " \
	"base64 wrapped at any width, several one after the other, each on lines of its own.", \
	.choice = 1, .required = true }
#define ARG_BLOB_STDIN { "-", NULL, "Read the blobs from standard input, as from --file." }
#define ARG_BINARY { "--binary", NULL, "The file holds the raw blob, not base64." }

static const struct excctl_name excctl_oses[] = {
	{ "windows", KVMEXC_GUEST_WINDOWS }, { "linux", KVMEXC_GUEST_LINUX }, { 0 },
};

static const struct excctl_name excctl_policies[] = {
	{ "enforce", KVMEXC_POLICY_ENFORCE }, { "log-only", KVMEXC_POLICY_LOG_ONLY }, { 0 },
};

static const struct excctl_arg json_only_args[] = { ARG_JSON, ARGS_END };

static const struct excctl_arg help_args[] = {
	{ "COMMAND", NULL, "The command to describe." }, ARGS_END,
};

static const struct excctl_arg list_args[] = {
	{ "-v", NULL, "Show each name's hash beside it." }, ARG_JSON, ARGS_END,
};

static const struct excctl_arg load_args[] = {
	{ "FILE", NULL, "An exceptions.bin written by excctl compile; - for standard input.",
	  .required = true },
	ARG_JSON, ARGS_END,
};

static const struct excctl_arg add_args[] = {
	{ "FILE.json", NULL, "JSON exceptions (a file or a directory; - for standard input) "
	  "that hold exactly one exception.", .required = true },
	ARG_CONTEXT("The number that names the exception for remove.", true),
	ARG_FOR_GUEST, ARG_JSON, ARGS_END,
};

static const struct excctl_arg add_from_alert_args[] = {
	ARG_B64, ARG_BLOB_FILE, ARG_BLOB_STDIN,
	{ "--alert-seq", "N", "Take the blob of alert N of --guest from the module, which keeps "
	  "the last ones (excctl monitor shows N).", .type = EXCCTL_ARG_U64, .min = 1,
	  .choice = 1, .required = true },
	ARG_BINARY,
	ARG_CONTEXT("The number that names the exception for remove (default: N of "
		    "--alert-seq, else the CRC of the blob); one blob only.", false),
	ARG_FOR_GUEST, ARG_JSON, ARGS_END,
};

static const struct excctl_arg decode_args[] = {
	{ "--alert", NULL, "Show the alert: its header and every object, with the fields the "
	  "reference deserializer prints.", .choice = 2, .required = true },
	{ "--exception", NULL, "Show the exception and signatures that allow the alert's write, "
	  "as JSON for excctl compile.", .choice = 2, .required = true },
	{ "--event", NULL, "Show the alert's violation as EVENT.json, for excctl eval.",
	  .choice = 2, .required = true },
	ARG_B64, ARG_BLOB_FILE, ARG_BLOB_STDIN,
	ARG_BINARY,
	ARG_JSON, ARGS_END,
};

static const struct excctl_arg flush_args[] = {
	ARG_GUEST_ID("Only the exceptions added for this guest.", 0),
	ARG_JSON, ARGS_END,
};

static const struct excctl_arg monitor_args[] = {
	{ "--json", NULL, "Print one JSON object a line instead of text.", .choice = 1 },
	{ "--b64", NULL, "Print only each alert's blob, base64, one a line, for excctl decode "
	  "and add-from-alert.", .choice = 1 },
	{ "--rcvbuf", "BYTES", "The socket's receive buffer (default 32 MiB, room for a burst "
	  "of thousands of alerts).", .type = EXCCTL_ARG_U32, .min = 4096, .max = INT_MAX },
	ARGS_END,
};

static const struct excctl_arg remove_args[] = {
	ARG_CONTEXT("The context the exception was added with.", true),
	ARG_JSON, ARGS_END,
};

static const struct excctl_arg eval_args[] = {
	{ "--offline", "FILE.bin",
	  "Decide with the host's copy of the matcher against this file (- for standard "
	  "input); a file that does not load is an error." },
	{ "EVENT.json", NULL, "The violation (format: Documentation/event-json.rst); - for "
	  "standard input.", .required = true },
	ARGS_END,
};

static const struct excctl_arg attach_args[] = {
	{ "--pid", "PID",
	  "A VMM (qemu-system-x86_64) whose KVM VM to attach, taken with pidfd_getfd().",
	  .type = EXCCTL_ARG_U32, .min = 1, .max = INT_MAX, .choice = 1, .required = true },
	{ "--fd", "N", "A KVM VM file descriptor excctl inherited.",
	  .type = EXCCTL_ARG_U32, .max = INT_MAX, .choice = 1, .required = true },
	{ "--os", "windows|linux", "The guest's operating system.", excctl_oses,
	  .type = EXCCTL_ARG_U8, .attr = KVMEXC_A_GUEST_OS },
	{ "--bits", "32|64", "The guest kernel's word size.",
	  .type = EXCCTL_ARG_U8, .attr = KVMEXC_A_GUEST_BITS },
	{ "--os-version", "N", "The guest OS version exceptions may restrict themselves to.",
	  .type = EXCCTL_ARG_U64, .attr = KVMEXC_A_GUEST_OS_VERSION },
	{ "--policy", "enforce|log-only",
	  "enforce undoes denied writes; log-only leaves them and reports them.", excctl_policies,
	  .type = EXCCTL_ARG_U8, .attr = KVMEXC_A_GUEST_POLICY },
	{ "--no-persist", NULL,
	  "Detach when excctl exits (SIGINT, SIGTERM) instead of staying attached." },
	ARGS_END,
};

static const struct excctl_arg detach_args[] = { ARG_GUEST(KVMEXC_A_GUEST_ID), ARGS_END };

static const struct excctl_arg protect_args[] = {
	ARG_GUEST(KVMEXC_A_ZONE_GUEST_ID),
	{ "--gpa", "A", "The guest-physical address of the zone's first byte.",
	  .type = EXCCTL_ARG_U64, .required = true, .attr = KVMEXC_A_ZONE_GPA },
	{ "--length", "N", "The zone's length in bytes.",
	  .type = EXCCTL_ARG_U32, .required = true, .attr = KVMEXC_A_ZONE_LENGTH },
	{ "--kind", "km|um|kum",
	  "Which exceptions decide writes to it: kernel, user or kernel-user.", excctl_kinds,
	  .type = EXCCTL_ARG_U8, .required = true, .attr = KVMEXC_A_ZONE_KIND },
	{ "--object", "OBJ", "The object type the zone holds (km-module, idt, ...).",
	  excctl_objects, .type = EXCCTL_ARG_U32, .required = true, .attr = KVMEXC_A_ZONE_OBJECT },
	{ "--zone-flags", "code,data,...", "The zone's flags, separated by commas.",
	  excctl_zone_flags, .type = EXCCTL_ARG_FLAGS, .attr = KVMEXC_A_ZONE_ZONE_FLAGS },
	{ "--victim", "NAME", "The name of the module or object written to.",
	  .attr = KVMEXC_A_ZONE_VICTIM },
	{ "--process", "NAME", "The process the zone belongs to (user zones).",
	  .attr = KVMEXC_A_ZONE_PROCESS },
	{ "--gva", "A", "The zone's guest-virtual address, reported in alerts.",
	  .type = EXCCTL_ARG_U64, .attr = KVMEXC_A_ZONE_GVA },
	ARGS_END,
};

static const struct excctl_arg unprotect_args[] = {
	ARG_GUEST(KVMEXC_A_ZONE_GUEST_ID),
	{ "--gpa", "A", "The first byte of the zone, as given to protect.",
	  .type = EXCCTL_ARG_U64, .required = true, .attr = KVMEXC_A_ZONE_GPA },
	ARGS_END,
};

static const struct excctl_arg module_args[] = {
	ARG_GUEST(KVMEXC_A_MODULE_GUEST_ID),
	{ "--start", "A", "The guest-virtual address the module's code starts at.",
	  .type = EXCCTL_ARG_U64, .required = true, .attr = KVMEXC_A_MODULE_START },
	{ "--length", "N", "The module's length in bytes.",
	  .type = EXCCTL_ARG_U64, .required = true, .attr = KVMEXC_A_MODULE_LENGTH },
	{ "--kind", "km|um", "A kernel or a user module.", excctl_kinds,
	  .type = EXCCTL_ARG_U8, .required = true, .attr = KVMEXC_A_MODULE_KIND },
	{ "--name", "NAME", "The name exceptions use as originator ([kernel], a driver, a DLL).",
	  .required = true, .attr = KVMEXC_A_MODULE_NAME },
	{ "--process", "NAME", "The process a user module is loaded in.",
	  .attr = KVMEXC_A_MODULE_PROCESS },
	{ "--cr3", "A", "The address space of a user module.",
	  .type = EXCCTL_ARG_U64, .attr = KVMEXC_A_MODULE_CR3 },
	ARGS_END,
};

static const struct excctl_arg module_del_args[] = {
	ARG_GUEST(KVMEXC_A_MODULE_GUEST_ID),
	{ "--start", "A", "The module's start, as given to module.",
	  .type = EXCCTL_ARG_U64, .required = true, .attr = KVMEXC_A_MODULE_START },
	{ "--cr3", "A", "Its address space, as given to module.",
	  .type = EXCCTL_ARG_U64, .attr = KVMEXC_A_MODULE_CR3 },
	ARGS_END,
};

static const struct excctl_arg compile_args[] = {
	{ "--config", "FILE", "The compiler configuration (default: the one built into excctl; "
	  "./config.json is not read unless named); - for standard input.", .letter = 'c' },
	{ "--output", "FILE",
	  "Where to write (default exceptions.bin; - for standard output); replaced only "
	  "on success.", .letter = 'o' },
	{ "--verbose", "0|1|2",
	  "1 names files, ignored entries and counts; 2 also every record.",
	  .type = EXCCTL_ARG_U32, .max = INT32_MAX, .letter = 'v' },
	{ "--build", "N", "The build number written in the header.",
	  .type = EXCCTL_ARG_U32, .letter = 'b' },
	{ "--strict", NULL, "Make an error of a group named by a user-apc, kernel-user or "
	  "user-glob-match exception." },
	{ "PATH", NULL, "JSON files and directories of them; - for standard input.",
	  .many = true },
	ARGS_END,
};

static const struct excctl_arg dump_args[] = {
	{ "FILE.bin", NULL, "An exceptions file, or - for standard input.", .required = true },
	ARG_JSON, ARGS_END,
};

static const struct excctl_arg crc32_args[] = {
	{ "--wide", NULL, "Hash the string as UTF-16LE, as wide names are." },
	{ "--initial", "N", "The CRC's initial value.", .type = EXCCTL_ARG_U32 },
	{ "STRING", NULL, "The text to hash.", .choice = 1, .required = true },
	{ "--file", "F", "Hash the bytes of this file instead; - for standard input.",
	  .choice = 1, .required = true },
	ARGS_END,
};

const struct excctl_cmd excctl_cmds[] = {
	{ "status", "[--json]", "show the module's state and counters", excctl_cmd_status,
	  .description = "Prints the module's version, the exceptions file in force (its version, "
	  "build and counts), the added exceptions, the memory they take and the "
	  "decisions made so far. Without a file the module is in log-only mode.",
	  .args = json_only_args, .example = "excctl status" },
	{ "load", "FILE [--json]", "put exceptions.bin in force", excctl_cmd_load,
	  .description = "Sends the file to the module in chunks; the module checks and indexes "
	  "all of it, then swaps it in atomically. A file that fails leaves the exceptions in "
	  "force as they were, and the error names the record and byte offset at fault.",
	  .args = load_args, .example = "excctl load exceptions.bin" },
	{ "add", "FILE.json --context N [--guest ID] [--json]",
	  "add one exception (JSON) beside the file's", excctl_cmd_add,
	  .description = "Compiles the one exception of FILE.json (and the signatures it names) "
	  "and adds it to the module's added exceptions, which are kept apart from the loaded "
	  "file and survive a load.",
	  .args = add_args, .example = "excctl add allow-driver.json --context 7 --guest 1" },
	{ "add-from-alert", "(B64 | --file F | - | --alert-seq N --guest ID) [--binary] "
	  "[--context N] [--guest ID] [--json]",
	  "add the exception a serialized alert asks for", excctl_cmd_add_from_alert,
	  .description = "Derives the exception and signatures that allow the alert's write, "
	  "as decode --exception shows them, and adds them as add does: the write is allowed "
	  "from then on. Several blobs are added in turn, each with its own context.",
	  .args = add_from_alert_args,
	  .example = "excctl add-from-alert --alert-seq 3 --guest 1 --context 3" },
	{ "remove", "--context N [--json]", "remove an added exception",
	  excctl_cmd_remove, .args = remove_args, .example = "excctl remove --context 7" },
	{ "list", "[-v] [--json]", "every exception in force, with its hits", excctl_cmd_list,
	  .description = "Prints every exception of the loaded file and every added exception, "
	  "with the number of writes it allowed. The module keeps the hashes of names: the "
	  "predefined ones (\"[kernel]\", \"*\", \"[own]\", ...) and glob patterns are "
	  "shown as names, others as hashes.",
	  .args = list_args, .example = "excctl list --json" },
	{ "flush", "[--guest ID] [--json]", "remove the added exceptions (of one guest)",
	  excctl_cmd_flush, .args = flush_args, .example = "excctl flush --guest 1" },
	{ "eval", "[--offline FILE.bin] EVENT.json",
	  "decide one violation (JSON), by the module or offline", excctl_cmd_eval,
	  .description = "Builds the violation described by EVENT.json and asks the module's "
	  "matcher for its decision, or, with --offline, the same matcher built into excctl. "
	  "Prints the action, the reason and the exception that decided.",
	  .args = eval_args,
	  .example = "excctl eval --offline exceptions.bin event.json" },
	{ "attach", "(--pid PID | --fd N) [--os windows|linux] [--bits 32|64] [--os-version N] "
	  "[--policy enforce|log-only] [--no-persist]", "attach the KVM VM of a process",
	  excctl_cmd_attach,
	  .description = "Hands the module a KVM VM: from then on it decides the guest's writes "
	  "to the zones protect names. Prints the guest's id. The guest stays attached after "
	  "excctl exits, until detach, the VMM's exit or rmmod.",
	  .args = attach_args,
	  .example = "excctl attach --pid \"$(pgrep -f qemu-system)\" --os linux \\\n"
	  "        --policy enforce" },
	{ "detach", "--guest ID", "detach a guest", excctl_cmd_detach,
	  .description = "Stops tracking the guest's zones and lets go of its VM.",
	  .args = detach_args, .example = "excctl detach --guest 1" },
	{ "guests", "[--json]", "the attached guests and their counters", excctl_cmd_guests,
	  .args = json_only_args, .example = "excctl guests" },
	{ "protect", "--guest ID --gpa A --length N --kind km|um|kum --object OBJ "
	  "[--zone-flags code,data,...] [--victim NAME] [--process NAME] [--gva A]",
	  "decide the writes to guest-physical bytes", excctl_cmd_protect,
	  .description = "Write-tracks the pages of a zone and keeps a copy of its bytes. Every "
	  "guest write to the zone is then decided by the exceptions of its kind; a denied "
	  "write is undone (enforce policy) and reported as an alert. Numbers are decimal or 0x "
	  "hexadecimal.",
	  .args = protect_args,
	  .example = "excctl protect --guest 1 --gpa 0x1000000 --length 4096 --kind km \\\n"
	  "        --object km-module --zone-flags code --victim '[kernel]'" },
	{ "unprotect", "--guest ID --gpa A", "stop deciding writes to a zone",
	  excctl_cmd_unprotect, .args = unprotect_args,
	  .example = "excctl unprotect --guest 1 --gpa 0x1000000" },
	{ "module", "--guest ID --start A --length N --kind km|um --name NAME "
	  "[--process NAME] [--cr3 A]", "name the code at guest-virtual addresses",
	  excctl_cmd_module,
	  .description = "A write whose RIP lies in the module has the module's name as "
	  "originator; a RIP in no module is the originator '-'. Modules may not overlap.",
	  .args = module_args,
	  .example = "excctl module --guest 1 --start 0xffffffff81000000 --length 0x1000000 \\\n"
	  "        --kind km --name '[kernel]'" },
	{ "module-del", "--guest ID --start A [--cr3 A]", "forget a module",
	  excctl_cmd_module_del, .args = module_del_args,
	  .example = "excctl module-del --guest 1 --start 0xffffffff81000000" },
	{ "monitor", "[--json | --b64] [--rcvbuf BYTES]", "show alerts as they arrive, decoded",
	  excctl_cmd_monitor,
	  .description = "Joins the module's alerts multicast group and prints every alert "
	  "until interrupted: guest, sequence number, action, reason, addresses, originator "
	  "and victim, its blob decoded, and the add-from-alert command that allows its write. "
	  "A gap in a guest's sequence numbers is filled from the alerts the module keeps "
	  "(its last 32) when the socket lost them; what the module dropped (rate limit, full "
	  "queue) or no longer keeps is said. On exit it prints how many alerts it showed, "
	  "fetched again, lost and saw dropped.",
	  .args = monitor_args, .example = "excctl monitor --json" },
	{ "decode", "(--alert | --exception | --event) [--json] [--binary] (B64 | --file F | -)",
	  "show a serialized alert, the exception it asks for or its violation", excctl_cmd_decode,
	  .description = "Reads the blob of an alert (format: Documentation/alerts.rst); an "
	  "error names the byte offset at fault. Several blobs are decoded in turn: text "
	  "apart by a blank line, --json one line each. --exception --json prints one file "
	  "for excctl compile.",
	  .args = decode_args,
	  .example = "excctl monitor --b64 | head -1 | excctl decode --alert -" },
	{ "compile", "[--config FILE] [--output FILE] [--verbose 0|1|2] [--build N] [--strict] "
	  "PATH...",
	  "compile JSON exceptions and signatures into exceptions.bin", excctl_cmd_compile,
	  .description = "Writes the same bytes as the reference compiler. Files are compiled "
	  "in the order named; directories are walked in a fixed order. Exit status 1 means an "
	  "error in the input, 2 a command-line error.",
	  .args = compile_args,
	  .example = "excctl compile --output exceptions.bin samples/linux" },
	{ "dump", "FILE.bin [--json]", "show the header and records of an exceptions file",
	  excctl_cmd_dump,
	  .description = "One line a record: hashes with their predefined names, flags and "
	  "object types by name, signature ids, glob patterns. Memory does not grow with the "
	  "file. Of a file the module would refuse, the records before the one at fault are "
	  "shown, then the module's error, which names the record and byte offset at fault.",
	  .args = dump_args, .example = "excctl dump exceptions.bin" },
	{ "crc32", "[--wide] [--initial N] (STRING | --file F)", "the format's CRC of a string or file",
	  excctl_cmd_crc32,
	  .description = "Prints the hash the exceptions format uses for names, as the "
	  "compiler computes it.",
	  .args = crc32_args, .example = "excctl crc32 --wide ntoskrnl.exe" },
	{ "help", "[COMMAND]", "list the commands, or describe one", excctl_cmd_help_command,
	  .description = "Without COMMAND, lists every command with its usage; with it, prints "
	  "what excctl COMMAND --help prints.",
	  .args = help_args, .example = "excctl help load" },
};

const size_t excctl_ncmds = ARRAY_SIZE(excctl_cmds);

const struct excctl_cmd *excctl_find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < excctl_ncmds; i++)
		if (!strcmp(excctl_cmds[i].name, name))
			return &excctl_cmds[i];
	return NULL;
}

/*
 * The command's own --json, before "--": seen here so that an error on the
 * command line is a JSON error object too (the parser, which would see it
 * only after the error, also takes it in any abbreviation).
 */
static bool excctl_wants_json(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--json"))
			return true;
	return false;
}

int excctl_run(const struct excctl_cmd *cmd, int argc, char **argv)
{
	bool global_json = excctl_json_output;
	int status;

	excctl_json_output = global_json || excctl_wants_json(argc, argv);
	excctl_json_capture();
	status = cmd->run(argc, argv);
	excctl_json_error(cmd->name, status);
	excctl_json_output = global_json;
	return status;
}

/* The command @name is likely a typo of; NULL when none is close. */
const char *excctl_cmd_nearest(const char *name)
{
	const char *names[ARRAY_SIZE(excctl_cmds) + 1];
	size_t i;

	for (i = 0; i < excctl_ncmds; i++)
		names[i] = excctl_cmds[i].name;
	names[i] = NULL;
	return excctl_nearest(name, strlen(name), names);
}

void excctl_help(FILE *out)
{
	size_t i;

	fprintf(out, "usage: excctl [-h | --help | -V | --version] COMMAND [ARGS...]\n"
		"       excctl -batch FILE|- [-force]\n\ncommands:\n");
	for (i = 0; i < excctl_ncmds; i++)
		fprintf(out, "  %s %s\n      %s\n", excctl_cmds[i].name,
			excctl_cmds[i].usage, excctl_cmds[i].summary);
	fprintf(out, "\nexcctl help COMMAND describes one; man 8 excctl all of them.\n");
}
