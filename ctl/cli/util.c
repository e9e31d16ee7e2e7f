// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
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
		/* a directory opens, and fails here with EISDIR */
		fprintf(stderr, "excctl: %s: %s\n", path, strerror(errno));
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

/* The digits of @s in @base, or -EINVAL for none or another character. */
static int excctl_digits(const char *s, int base, unsigned long long *out)
{
	unsigned long long v = 0;
	const char *p;
	int d;

	for (p = s; *p; p++) {
		d = *p >= '0' && *p <= '9' ? *p - '0' :
		    base == 16 && *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 :
		    base == 16 && *p >= 'A' && *p <= 'F' ? *p - 'A' + 10 : -1;
		if (d < 0)
			return -EINVAL;
		if (v > (ULLONG_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	*out = v;
	return p == s ? -EINVAL : 0;
}

int excctl_parse_number(const char *s, unsigned long long min, unsigned long long max,
			unsigned long long *out, char *err, size_t errlen)
{
	bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	int ret = excctl_digits(hex ? s + 2 : s, hex ? 16 : 10, out);
	const char *dec = s;

	if (!ret && !hex && s[0] == '0' && s[1]) {
		/* 010 is 8 to strtoul() and 10 to people; /proc/iomem means 0x10 */
		while (dec[0] == '0' && dec[1])
			dec++;
		snprintf(err, errlen, "%s: a leading 0 is ambiguous; write 0x%s for hexadecimal or %s for decimal",
			 s, s, dec);
		return -EINVAL;
	}
	if (ret == -EINVAL && s[0] == '-' && excctl_digits(s + 1, 10, out) != -EINVAL)
		ret = -ERANGE;
	if (ret == -EINVAL) {
		snprintf(err, errlen, "\"%s\": expected a decimal number or 0x and a hexadecimal one",
			 s);
		return ret;
	}
	if (ret || *out < min || *out > max) {
		snprintf(err, errlen, "%s: out of range: expected %llu to %llu", s, min, max);
		return -ERANGE;
	}
	return 0;
}

int excctl_parse_opt(const char *cmd, const char *opt, const char *s, unsigned long long min,
		     unsigned long long max, unsigned long long *out)
{
	char err[256];

	if (!excctl_parse_number(s, min, max, out, err, sizeof(err)))
		return 0;
	fprintf(stderr, "excctl %s: %s: %s\n", cmd, opt, err);
	return -EINVAL;
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

/* Longer words get no suggestion: no known word is near that long. */
#define EXCCTL_NEAR_MAX 64

/* The Levenshtein distance of @key to @known, ignoring case. */
static size_t excctl_distance(const char *key, size_t klen, const char *known)
{
	size_t row[EXCCTL_NEAR_MAX + 1], n = strlen(known), i, j, diag, up;

	for (j = 0; j <= n; j++)
		row[j] = j;
	for (i = 1; i <= klen; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= n; j++) {
			up = row[j];
			row[j] = diag + (tolower((unsigned char)key[i - 1]) !=
					 tolower((unsigned char)known[j - 1]));
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
		}
	}
	return row[n];
}

const char *excctl_nearest(const char *key, size_t klen, const char *const *known)
{
	size_t best = SIZE_MAX, d;
	const char *near = NULL;

	if (klen > EXCCTL_NEAR_MAX)
		return NULL;
	for (; *known; known++) {
		if (strlen(*known) > EXCCTL_NEAR_MAX)
			continue;
		d = excctl_distance(key, klen, *known);
		/* one edit in a short key, two in a long one: beyond, a guess */
		if (d <= 1 + (strlen(*known) >= 6) && d < best) {
			best = d;
			near = *known;
		}
	}
	return near;
}
