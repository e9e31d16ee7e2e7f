// SPDX-License-Identifier: GPL-2.0
/*
 * excctl -batch FILE|- [-force]: one command a line, as ip -batch runs
 * them, over one netlink socket: an operator protects a guest's zones in one
 * go. Words are split as a shell splits them ('...', "...", \); a line that
 * is empty or starts with # is skipped. The first command that fails stops
 * the batch unless -force.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "excctl.h"
#include "nl.h"

#define BATCH_MAX_WORDS	64

/*
 * Splits @line in place into @argv; returns the number of words, or -1
 * with the reason in *@err.
 */
static int batch_split(char *line, char **argv, const char **err)
{
	char *in = line, *out = line, quote;
	int argc = 0;

	for (;;) {
		while (*in == ' ' || *in == '\t' || *in == '\n' || *in == '\r')
			in++;
		if (!*in || (*in == '#' && !argc))
			return argc;
		if (argc == BATCH_MAX_WORDS) {
			*err = "more than 64 words";
			return -1;
		}
		argv[argc++] = out;
		for (quote = 0; *in && (quote || !strchr(" \t\n\r", *in)); in++) {
			if (!quote && (*in == '\'' || *in == '"'))
				quote = *in;
			else if (quote && *in == quote)
				quote = 0;
			else if (*in == '\\' && quote != '\'' && in[1])
				*out++ = *++in;
			else
				*out++ = *in;
		}
		if (quote) {
			*err = "a quote is not closed";
			return -1;
		}
		if (*in)
			in++;
		*out++ = 0;
	}
}

/* Runs one line's command; its exit status. */
static int batch_line(const char *path, unsigned int lineno, char *line)
{
	const struct excctl_cmd *cmd;
	char *argv[BATCH_MAX_WORDS + 1];
	const char *err = NULL;
	int argc;

	argc = batch_split(line, argv, &err);
	if (argc <= 0) {
		if (err)
			fprintf(stderr, "excctl: %s:%u: %s\n", path, lineno, err);
		return err ? 2 : 0;
	}
	argv[argc] = NULL;
	cmd = excctl_find_cmd(argv[0]);
	if (!cmd) {
		fprintf(stderr, "excctl: %s:%u: unknown command '%s'\n", path, lineno, argv[0]);
		return 2;
	}
	/* It would wait for alerts until interrupted, and the lines after it. */
	if (!strcmp(cmd->name, "monitor")) {
		fprintf(stderr, "excctl: %s:%u: monitor runs until interrupted: not in a batch\n",
			path, lineno);
		return 2;
	}
	return excctl_run(cmd, argc, argv);
}

int excctl_batch(const char *path, bool force)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	unsigned int lineno = 0, failed = 0;
	size_t cap = 0;
	char *line = NULL;
	int ret;

	if (!f) {
		fprintf(stderr, "excctl: %s: %s\n", path, strerror(errno));
		return 1;
	}
	excctl_nl_share();
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		ret = batch_line(path, lineno, line);
		fflush(stdout);
		if (!ret)
			continue;
		failed++;
		fprintf(stderr, "excctl: %s:%u: the command failed (exit %d)%s\n", path, lineno,
			ret, force ? "" : "; the lines after it were not run");
		if (!force)
			break;
	}
	excctl_nl_unshare();
	free(line);
	if (f != stdin)
		fclose(f);
	return failed ? 1 : 0;
}
