/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _EXCCTL_EXCCTL_H
#define _EXCCTL_EXCCTL_H

#define EXCCTL_VERSION "0.1.0"

struct excctl_cmd {
	const char *name;
	const char *usage;	/* arguments, after the command's name */
	const char *summary;
	int (*run)(int argc, char **argv);
};

int excctl_cmd_status(int argc, char **argv);
int excctl_cmd_compile(int argc, char **argv);
int excctl_cmd_dump(int argc, char **argv);
int excctl_cmd_crc32(int argc, char **argv);

/* Prints the usage line of @cmd to stderr and returns the usage exit code. */
int excctl_usage_error(const char *cmd);

#define EXCCTL_COMPILE_USAGE \
	"[--config FILE] [--output FILE] [--verbose 0|1|2] [--build N] [--strict] PATH..."
#define EXCCTL_DUMP_USAGE "FILE.bin [--json]"
#define EXCCTL_CRC32_USAGE "[--wide] [--initial N] (STRING | --file F)"

/*
 * The same for the commands built into the library (compile, dump, crc32),
 * which the host tests run without excctl's command table.
 */
int excctl_cmd_usage(const char *cmd, const char *usage);

#endif /* _EXCCTL_EXCCTL_H */
