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
	unsigned long long initial = KVMEXC_CRC32_INITIAL;
	const char *file, *text;
	unsigned char *wide = NULL;
	struct excctl_opts o;
	char *buf = NULL;
	size_t len = 0;
	long n;

	if (excctl_opts_parse(&o, argc, argv))
		return o.status;
	text = excctl_opt_str(&o, "STRING");
	file = excctl_opt_str(&o, "--file");
	excctl_opt_number(&o, "--initial", &initial);
	if (file) {
		buf = (char *)excctl_read_file(file, &len);
		if (!buf)
			return 1;
	}
	if (text)
		len = strlen(text);
	if (excctl_opt_flag(&o, "--wide")) {
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
