// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "excctl.h"

unsigned char *excctl_read_file(const char *path, size_t *size)
{
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0;
	FILE *f;

	f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f) {
		fprintf(stderr, "excctl: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		unsigned char *bigger;
		size_t n;

		if (len == cap) {
			cap = cap ? cap * 2 : 1 << 16;
			bigger = realloc(buf, cap);
			if (!bigger) {
				fprintf(stderr, "excctl: %s: out of memory\n", path);
				goto err;
			}
			buf = bigger;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "excctl: %s: read error\n", path);
		goto err;
	}
	if (f != stdin)
		fclose(f);
	/* the last read left room: a NUL for readers of text */
	buf[len] = 0;
	*size = len;
	return buf;
err:
	if (f != stdin)
		fclose(f);
	free(buf);
	return NULL;
}

int excctl_parse_u64(const char *s, unsigned long long *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 0);
	return errno || end == s || *end || s[0] == '-' ? -EINVAL : 0;
}

void excctl_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

void excctl_on_signals(void (*handler)(int))
{
	/* No SA_RESTART: a blocked receive must return to see the flag. */
	struct sigaction sa = { .sa_handler = handler };

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int excctl_file_and_json(int argc, char **argv, const char **path, bool *json)
{
	int i;

	*path = NULL;
	*json = false;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			*json = true;
		else if (!*path && (argv[i][0] != '-' || !argv[i][1]))
			*path = argv[i];
		else
			return -1;
	}
	return *path ? 0 : -1;
}

int excctl_json_only(int argc, char **argv, bool *json)
{
	*json = argc == 2 && !strcmp(argv[1], "--json");
	if (argc != 1 && !*json)
		return excctl_usage_error(argv[0]);
	return 0;
}
