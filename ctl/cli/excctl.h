/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _EXCCTL_EXCCTL_H
#define _EXCCTL_EXCCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/compat.h"

/* Names of values, for options and EVENT.json; arrays end with a NULL name. */
struct excctl_name {
	const char *name;
	unsigned long long value;
};

/* How excctl_opts_parse() reads an option's value or an operand. */
enum excctl_arg_type {
	EXCCTL_ARG_STRING,	/* as given; the default */
	EXCCTL_ARG_U8,		/* a number, or a name of @names */
	EXCCTL_ARG_U32,
	EXCCTL_ARG_U64,
	EXCCTL_ARG_FLAGS,	/* names of @names (or numbers) separated by commas, ORed */
};

/*
 * An option ("--kind", "-v") or operand ("FILE") of a command: how it is
 * parsed, and its part of the command's --help, excctl(8) and the bash
 * completion. An option without @value is a flag. An operand or a value
 * whose name holds FILE, PATH or a file suffix (".json") completes as a file
 * name; a value "a|b|c" or one named by @names completes as those words.
 * The entry "-" only says that the operands may be "-" (standard input).
 */
struct excctl_arg {
	const char *name;
	const char *value;	/* the option's value ("N", "FILE"); NULL for a flag */
	const char *help;
	const struct excctl_name *names;	/* a table that names the values */
	enum excctl_arg_type type;
	unsigned long long min, max;	/* a number's range; max 0: the type's */
	char letter;		/* a long option's short form: 'o' for -o */
	bool required;
	/*
	 * Entries of the same choice exclude each other; when they are
	 * required, one of them is.
	 */
	unsigned char choice;
	bool many;		/* the last operand, given one or more times */
	int attr;		/* the netlink attribute of a guests.c request; 0 none */
};

/*
 * The first four fields are all a command needs; the rest, optional (give
 * them by name), make up its --help, its part of excctl(8) and its
 * completion. tests/host/help.sh wants an @args entry for every option of
 * @usage.
 */
struct excctl_cmd {
	const char *name;
	const char *usage;	/* arguments, after the command's name */
	const char *summary;
	int (*run)(int argc, char **argv);
	const char *description;	/* paragraphs, separated by blank lines */
	const struct excctl_arg *args;	/* ends with a NULL name */
	const char *example;		/* shell lines */
};

int excctl_cmd_status(int argc, char **argv);
int excctl_cmd_compile(int argc, char **argv);
int excctl_cmd_dump(int argc, char **argv);
int excctl_cmd_crc32(int argc, char **argv);
int excctl_cmd_load(int argc, char **argv);
int excctl_cmd_add(int argc, char **argv);
int excctl_cmd_remove(int argc, char **argv);
int excctl_cmd_flush(int argc, char **argv);
int excctl_cmd_list(int argc, char **argv);
int excctl_cmd_eval(int argc, char **argv);
int excctl_cmd_attach(int argc, char **argv);
int excctl_cmd_detach(int argc, char **argv);
int excctl_cmd_guests(int argc, char **argv);
int excctl_cmd_protect(int argc, char **argv);
int excctl_cmd_unprotect(int argc, char **argv);
int excctl_cmd_module(int argc, char **argv);
int excctl_cmd_module_del(int argc, char **argv);
int excctl_cmd_monitor(int argc, char **argv);
int excctl_cmd_decode(int argc, char **argv);
int excctl_cmd_add_from_alert(int argc, char **argv);

/*
 * Compiles the one exception of @path (a JSON file, or a directory with its
 * signatures too) and adds it with @context (for @guest alone, unless 0), as
 * excctl add does, saying it added that of @what; an exit status.
 */
int excctl_add_exception(const char *path, const char *what, unsigned long long context,
			 unsigned int guest, bool json);

/*
 * The whole of @path ("-": standard input), followed by a NUL that @size
 * does not count; NULL after printing why.
 */
unsigned char *excctl_read_file(const char *path, size_t *size);
/* SIGINT and SIGTERM call @handler and interrupt blocking calls. */
void excctl_on_signals(void (*handler)(int));
/* @s as a JSON string, quotes included. */
void excctl_json_string(FILE *out, const char *s);
/*
 * The one number syntax of excctl's options and fields: decimal, or 0x and
 * hexadecimal; no sign, no white space, nothing after it, and no leading 0
 * (octal to strtoul(), decimal to people, hexadecimal in /proc/iomem).
 * From @min to @max, or an error: a message naming @s in @err.
 */
int excctl_parse_number(const char *s, unsigned long long min, unsigned long long max,
			unsigned long long *out, char *err, size_t errlen);
/* The same, printing "excctl @cmd: @opt: why" to stderr. */
int excctl_parse_opt(const char *cmd, const char *opt, const char *s, unsigned long long min,
		     unsigned long long max, unsigned long long *out);
/*
 * The word of the NULL-terminated @known that @key (@klen bytes) is likely
 * a typo of, ignoring case; NULL when none is close.
 */
const char *excctl_nearest(const char *key, size_t klen, const char *const *known);

extern const struct excctl_name excctl_kinds[];		/* km, um, kum */
extern const struct excctl_name excctl_objects[];	/* guest object types */
extern const struct excctl_name excctl_zone_flags[];	/* code, data, ... */

extern const struct excctl_cmd excctl_cmds[];
extern const size_t excctl_ncmds;
const char *excctl_cmd_nearest(const char *name);
void excctl_help(FILE *out);
/* The command named @name, or NULL. */
const struct excctl_cmd *excctl_find_cmd(const char *name);
/*
 * Runs @cmd (argv[0] its name); under --json, a failure also prints a JSON
 * error object on stdout with what the command said on stderr. Its exit status.
 */
int excctl_run(const struct excctl_cmd *cmd, int argc, char **argv);
/* excctl COMMAND --help. */
void excctl_cmd_help(FILE *out, const struct excctl_cmd *cmd);
int excctl_cmd_help_command(int argc, char **argv);
int excctl_batch(const char *path, bool force);
/* excctl(8) in roff, and the bash completion script, from the table. */
void excctl_man(FILE *out);
void excctl_bash_completion(FILE *out);
/* True when @arg (an operand or option value) names a file. */
bool excctl_arg_is_path(const char *arg);

/* Room for the entries of a command's args table. */
#define EXCCTL_ARGS_MAX 16

/* A command line as excctl_opts_parse() found it, by args table entry. */
struct excctl_opts {
	const struct excctl_cmd *cmd;
	bool json;		/* --json was given */
	int status;		/* the exit status, when the command is not to run */
	const char *given[EXCCTL_ARGS_MAX];	/* as given ("" for a flag), or NULL */
	unsigned long long number[EXCCTL_ARGS_MAX];	/* a number's or names' value */
	char **many;		/* the operands of the entry with .many */
	int nmany;
};

/*
 * Parses the options and operands of command argv[0] by its args table,
 * with getopt_long(): every value is converted and checked, so that a
 * command may open its netlink socket once this returns 0. -1 when the
 * command is not to run: after --help, or after one line that says what
 * is wrong (exit status 2 in @o->status).
 */
int excctl_opts_parse(struct excctl_opts *o, int argc, char **argv);
/*
 * The value of option or operand @name (NULL when not given), whether a
 * flag was given, a number's value (false when not given). A @name that
 * is not in the command's table, or not of that kind, aborts.
 */
const char *excctl_opt_str(const struct excctl_opts *o, const char *name);
bool excctl_opt_flag(const struct excctl_opts *o, const char *name);
bool excctl_opt_number(const struct excctl_opts *o, const char *name, unsigned long long *v);
/* One line "excctl CMD: what; usage: ..." to stderr; returns 2. */
__printf(2, 3) int excctl_opts_usage(const struct excctl_opts *o, const char *fmt, ...);

#endif /* _EXCCTL_EXCCTL_H */
