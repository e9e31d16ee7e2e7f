// SPDX-License-Identifier: GPL-2.0
/*
 * excctl crc32 [--wide] [--initial N] (STRING | --file F): the format's CRC
 * (kmod/core/crc32), as the reference's crc32.py helper computes it.
 * --wide hashes the string as UTF-16LE, like a wide name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "core/crc32.h"
#include "cli/excctl.h"

/* UTF-8 to UTF-16LE; -1 for invalid UTF-8. */
static long crc32_wide(const char *s, size_t len, unsigned char *out)
{
	size_t i = 0, n = 0, k;
	unsigned long cp;

	while (i < len) {
		unsigned char c = s[i];

		k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 :
		    (c & 0xF8) == 0xF0 ? 4 : 0;
		if (!k || i + k > len)
			return -1;
		cp = k == 1 ? c : c & (0x7F >> k);
		for (size_t j = 1; j < k; j++) {
			if (((unsigned char)s[i + j] & 0xC0) != 0x80)
				return -1;
			cp = cp << 6 | (s[i + j] & 0x3F);
		}
		i += k;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			out[n++] = (0xD800 | cp >> 10) & 0xFF;
			out[n++] = (0xD800 | cp >> 10) >> 8;
			cp = 0xDC00 | (cp & 0x3FF);
		}
		out[n++] = cp & 0xFF;
		out[n++] = cp >> 8;
	}
	return n;
}

int excctl_cmd_crc32(int argc, char **argv)
{
	const char *file = NULL, *text = NULL;
	uint32_t initial = KVMEXC_CRC32_INITIAL;
	unsigned char *wide = NULL;
	bool is_wide = false;
	char *buf = NULL;
	size_t len = 0;
	unsigned long long v;
	long n;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--wide")) {
			is_wide = true;
		} else if (!strcmp(argv[i], "--initial") && i + 1 < argc) {
			if (excctl_parse_opt("crc32", "--initial", argv[i + 1], 0, UINT32_MAX, &v))
				return 2;
			initial = (uint32_t)v;
			i++;
		} else if (!strcmp(argv[i], "--file") && i + 1 < argc && !file) {
			file = argv[++i];
		} else if (!text && !file && argv[i][0] != '-') {
			text = argv[i];
		} else {
			return excctl_cmd_usage("crc32", EXCCTL_CRC32_USAGE);
		}
	}
	if (!!text == !!file)
		return excctl_cmd_usage("crc32", EXCCTL_CRC32_USAGE);
	if (file) {
		buf = (char *)excctl_read_file(file, &len);
		if (!buf)
			return 1;
	}
	if (text)
		len = strlen(text);
	if (is_wide) {
		wide = malloc(2 * len + 1);
		n = wide ? crc32_wide(text ? text : buf, len, wide) : -1;
		if (n < 0) {
			fprintf(stderr, "excctl crc32: --wide needs UTF-8 text\n");
			free(wide);
			free(buf);
			return 1;
		}
		printf("0x%08x\n", kvmexc_crc32(wide, n, initial));
	} else {
		printf("0x%08x\n", kvmexc_crc32(text ? text : buf, len, initial));
	}
	free(wide);
	free(buf);
	return 0;
}
