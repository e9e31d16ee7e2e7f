// SPDX-License-Identifier: GPL-2.0
/*
 * The options and operands of every command, parsed with getopt_long()
 * from the command's args table in commands.c: the table that also makes
 * its usage, --help, excctl(8) and completion, so that no option exists in
 * one and not in the others. Every mistake is one line naming the command,
 * exit status 2, before anything is read or any socket opened.
 */
#include <ctype.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "excctl.h"
#include "json.h"

/* getopt_long()'s value for the entry @i that has no letter */
#define OPTS_LONG_VAL(i)	(256 + (i))

/* A command asked for what its table does not hold: a bug, not a user's. */
static void opts_bug(const char *cmd, const char *name, const char *why)
{
	fprintf(stderr, "excctl %s: %s: %s (a bug in excctl)\n", cmd, name, why);
	abort();
}

static bool opts_is_option(const struct excctl_arg *a)
{
	return a->name[0] == '-' && a->name[1];
}

static bool opts_is_long(const struct excctl_arg *a)
{
	return a->name[0] == '-' && a->name[1] == '-';
}

/* An operand of its own, not the entry "-" that says operands may be "-". */
static bool opts_is_operand(const struct excctl_arg *a)
{
	return a->name[0] != '-';
}

int excctl_opts_usage(const struct excctl_opts *o, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "excctl %s: ", o->cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "; usage: excctl %s %s\n", o->cmd->name, o->cmd->usage);
	return 2;
}

static void opts_init(struct excctl_opts *o, const struct excctl_cmd *cmd)
{
	memset(o, 0, sizeof(*o));
	o->cmd = cmd;
	/* excctl's own -j, before the command, is the command's --json */
	o->json = excctl_json_output;
}

/* getopt_long()'s tables for @cmd: letters, then long options. */
static void opts_build(const struct excctl_cmd *cmd, char *shortopts, struct option *longopts)
{
	const struct excctl_arg *a;
	int i;

	*shortopts++ = ':';	/* a missing value is ':', not '?' */
	*shortopts++ = 'h';
	*longopts++ = (struct option){ "help", no_argument, NULL, 'h' };
	for (i = 0, a = cmd->args; a && a->name; i++, a++) {
		if (i == EXCCTL_ARGS_MAX)
			opts_bug(cmd->name, a->name, "more entries than EXCCTL_ARGS_MAX");
		if (!opts_is_option(a))
			continue;
		if (a->letter || !opts_is_long(a)) {
			*shortopts++ = a->letter ? a->letter : a->name[1];
			if (a->value)
				*shortopts++ = ':';
		}
		if (opts_is_long(a))
			*longopts++ = (struct option){
				a->name + 2, a->value ? required_argument : no_argument, NULL,
				a->letter ? a->letter : OPTS_LONG_VAL(i),
			};
	}
	*shortopts = 0;
	*longopts = (struct option){ 0 };
}

/* The entry getopt_long() returned @val for, or -1. */
static int opts_entry(const struct excctl_cmd *cmd, int val)
{
	const struct excctl_arg *a;
	int i;

	for (i = 0, a = cmd->args; a && a->name; i++, a++)
		if (opts_is_option(a) && (val == OPTS_LONG_VAL(i) ||
					  (a->letter && val == a->letter) ||
					  (!opts_is_long(a) && val == a->name[1])))
			return i;
	return -1;
}

/*
 * The unknown option getopt_long() stopped at: a letter in @optopt, or a
 * long option in argv[optind - 1], its "=value" left out.
 */
static void opts_offender(char **argv, char *buf, size_t size)
{
	const char *arg = argv[optind - 1];

	if (optopt)
		snprintf(buf, size, "-%c", optopt);
	else
		snprintf(buf, size, "%.*s", (int)strcspn(arg, "="), arg);
}

/* The options of @o's table whose names start with @prefix, as "--a or --b". */
static int opts_prefixed(const struct excctl_opts *o, const char *prefix, char *buf, size_t size)
{
	const struct excctl_arg *a;
	size_t len = 0;
	int n = 0;

	buf[0] = 0;
	for (a = o->cmd->args; a && a->name; a++) {
		if (!opts_is_long(a) || strncmp(a->name, prefix, strlen(prefix)))
			continue;
		if (len < size)
			len += snprintf(buf + len, size - len, "%s%s", n ? " or " : "", a->name);
		n++;
	}
	return n;
}

/* An option not in the table: one line, with the nearest known one. */
static int opts_unknown(const struct excctl_opts *o, const char *opt)
{
	const char *known[EXCCTL_ARGS_MAX + 1], *near = NULL;
	const struct excctl_arg *a;
	char names[256];
	int n = 0;

	/* getopt_long() takes a prefix of one option, not of two */
	if (!strncmp(opt, "--", 2) && opts_prefixed(o, opt, names, sizeof(names)) > 1)
		return excctl_opts_usage(o, "option '%s' is ambiguous: %s", opt, names);
	for (a = o->cmd->args; a && a->name; a++)
		if (opts_is_long(a))
			known[n++] = a->name;
	known[n] = NULL;
	/* any letter is one edit from any other: only long ones are guessed */
	if (!strncmp(opt, "--", 2))
		near = excctl_nearest(opt, strlen(opt), known);
	if (!near)
		return excctl_opts_usage(o, "unknown option '%s'", opt);
	fprintf(stderr, "excctl %s: unknown option '%s'; did you mean '%s'?\n", o->cmd->name, opt,
		near);
	return 2;
}

/* What getopt_long() returned @c for: stored, or a line about what is wrong. */
static int opts_take(struct excctl_opts *o, int c, char **argv)
{
	const struct excctl_arg *args = o->cmd->args;
	char opt[64];
	int i;

	/* for an error, the option at fault is in optopt (0: not one of ours) */
	i = opts_entry(o->cmd, c == ':' || c == '?' ? optopt : c);
	if (c == ':')
		return excctl_opts_usage(o, "%s needs a value (%s)", args[i].name, args[i].value);
	if (c == '?' && i >= 0)
		return excctl_opts_usage(o, "%s takes no value", args[i].name);
	if (c == '?') {
		opts_offender(argv, opt, sizeof(opt));
		return opts_unknown(o, opt);
	}
	if (o->given[i])
		return excctl_opts_usage(o, "%s is given twice", args[i].name);
	o->given[i] = args[i].value ? optarg : "";
	return 0;
}

/* The operands, by their order in the table. */
static int opts_operands(struct excctl_opts *o, int argc, char **argv)
{
	const struct excctl_arg *a;
	int i, k = 0;

	for (i = 0, a = o->cmd->args; a && a->name && k < argc; i++, a++) {
		if (!opts_is_operand(a))
			continue;
		o->given[i] = argv[k];
		if (a->many) {
			o->many = argv + k;
			o->nmany = argc - k;
			return 0;
		}
		k++;
	}
	if (k < argc)
		return excctl_opts_usage(o, "unexpected operand '%s'", argv[k]);
	return 0;
}

/* A name of @a's table or a number from @min to @max; says why not. */
static int opts_lookup(const struct excctl_opts *o, const struct excctl_arg *a, const char *s,
		       unsigned long long min, unsigned long long max, unsigned long long *out)
{
	const struct excctl_name *n;

	for (n = a->names; n && n->name; n++)
		if (!strcmp(n->name, s)) {
			*out = n->value;
			return 0;
		}
	if (!a->names || isdigit((unsigned char)s[0]))
		return excctl_parse_opt(o->cmd->name, a->name, s, min, max, out);
	fprintf(stderr, "excctl %s: %s: unknown name \"%s\": expected", o->cmd->name, a->name, s);
	for (n = a->names; n->name; n++)
		fprintf(stderr, " %s,", n->name);
	fprintf(stderr, " or a number\n");
	return -1;
}

static int opts_flags(const struct excctl_opts *o, const struct excctl_arg *a, const char *s,
		      unsigned long long *out)
{
	char *copy = strdup(s), *tok, *save = NULL;
	unsigned long long v;
	int ret = 0;

	if (!copy) {
		fprintf(stderr, "excctl %s: out of memory\n", o->cmd->name);
		return -1;
	}
	*out = 0;
	for (tok = strtok_r(copy, ",", &save); tok && !ret; tok = strtok_r(NULL, ",", &save)) {
		ret = opts_lookup(o, a, tok, 0, ULLONG_MAX, &v);
		*out |= v;
	}
	free(copy);
	return ret;
}

/* The numbers and names of the values given, by their entries' types. */
static int opts_convert(struct excctl_opts *o)
{
	static const unsigned long long type_max[] = {
		[EXCCTL_ARG_U8] = UCHAR_MAX, [EXCCTL_ARG_U32] = UINT_MAX,
		[EXCCTL_ARG_U64] = ULLONG_MAX,
	};
	const struct excctl_arg *a;
	int i, ret;

	for (i = 0, a = o->cmd->args; a && a->name; i++, a++) {
		if (!o->given[i] || a->type == EXCCTL_ARG_STRING)
			continue;
		if (a->type == EXCCTL_ARG_FLAGS)
			ret = opts_flags(o, a, o->given[i], &o->number[i]);
		else
			ret = opts_lookup(o, a, o->given[i], a->min,
					  a->max ? a->max : type_max[a->type], &o->number[i]);
		if (ret)
			return 2;
	}
	return 0;
}

/*
 * The names of the entries of @choice, as "--pid, --fd"; of those given,
 * as "--pid and --fd".
 */
static void opts_choice_names(const struct excctl_opts *o, int choice, bool given, char *buf,
			      size_t size)
{
	const struct excctl_arg *a;
	size_t len = 0;
	int i;

	buf[0] = 0;
	for (i = 0, a = o->cmd->args; a && a->name; i++, a++)
		if (a->choice == choice && (!given || o->given[i]) && len < size)
			len += snprintf(buf + len, size - len, "%s%s",
					!len ? "" : given ? " and " : ", ", a->name);
}

/* At most one entry of @choice given, and one when they are required. */
static int opts_check_choice(const struct excctl_opts *o, int choice)
{
	const struct excctl_arg *a;
	bool required = false;
	int i, given = 0;
	char names[256];

	for (i = 0, a = o->cmd->args; a && a->name; i++, a++) {
		if (a->choice != choice)
			continue;
		given += !!o->given[i];
		required |= a->required;
	}
	if (given > 1) {
		opts_choice_names(o, choice, true, names, sizeof(names));
		return excctl_opts_usage(o, "%s exclude each other", names);
	}
	if (!given && required) {
		opts_choice_names(o, choice, false, names, sizeof(names));
		return excctl_opts_usage(o, "one of %s is required", names);
	}
	return 0;
}

static int opts_check_required(const struct excctl_opts *o)
{
	const struct excctl_arg *a;
	int i;

	for (i = 0, a = o->cmd->args; a && a->name; i++, a++) {
		if (a->choice && opts_check_choice(o, a->choice))
			return 2;
		if (!a->choice && a->required && !o->given[i])
			return excctl_opts_usage(o, "%s is required", a->name);
	}
	return 0;
}

/* The index of entry @name, or -1. */
static int opts_index(const struct excctl_opts *o, const char *name)
{
	const struct excctl_arg *a;
	int i;

	for (i = 0, a = o->cmd->args; a && a->name; i++, a++)
		if (!strcmp(a->name, name))
			return i;
	return -1;
}

/* The index of entry @name, which the command's table must hold. */
static int opts_find(const struct excctl_opts *o, const char *name)
{
	int i = opts_index(o, name);

	if (i < 0)
		opts_bug(o->cmd->name, name, "not in the command's args table");
	return i;
}

int excctl_opts_parse(struct excctl_opts *o, int argc, char **argv)
{
	const struct excctl_cmd *cmd = excctl_find_cmd(argv[0]);
	struct option longopts[EXCCTL_ARGS_MAX + 2];
	char shortopts[2 * EXCCTL_ARGS_MAX + 3];
	int c, json;

	if (!cmd)
		opts_bug(argv[0], "argv[0]", "not a command of excctl_cmds[]");
	opts_init(o, cmd);
	opts_build(cmd, shortopts, longopts);
	/* a batch parses many command lines in one process */
	optind = 0;
	opterr = 0;
	o->status = 2;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (c == 'h') {
			excctl_cmd_help(stdout, cmd);
			o->status = 0;
			return -1;
		}
		if (opts_take(o, c, argv))
			return -1;
	}
	if (opts_operands(o, argc - optind, argv + optind) || opts_convert(o) ||
	    opts_check_required(o))
		return -1;
	json = opts_index(o, "--json");
	o->json |= json >= 0 && o->given[json];
	/* and a failure of the command is a JSON error object (excctl_run()) */
	excctl_json_output |= o->json;
	o->status = 0;
	return 0;
}

const char *excctl_opt_str(const struct excctl_opts *o, const char *name)
{
	int i = opts_find(o, name);

	if (!o->cmd->args[i].value && opts_is_option(&o->cmd->args[i]))
		opts_bug(o->cmd->name, name, "a flag, read as a value");
	return o->given[i];
}

bool excctl_opt_flag(const struct excctl_opts *o, const char *name)
{
	int i = opts_find(o, name);

	if (o->cmd->args[i].value || !opts_is_option(&o->cmd->args[i]))
		opts_bug(o->cmd->name, name, "a value, read as a flag");
	return o->given[i];
}

bool excctl_opt_number(const struct excctl_opts *o, const char *name, unsigned long long *v)
{
	int i = opts_find(o, name);

	if (o->cmd->args[i].type == EXCCTL_ARG_STRING)
		opts_bug(o->cmd->name, name, "a string, read as a number");
	if (o->given[i])
		*v = o->number[i];
	return o->given[i];
}
