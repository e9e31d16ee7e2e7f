// SPDX-License-Identifier: GPL-2.0
/*
 * Base64 for alert blobs (spec alerts.md 1.1): the module encodes what it
 * writes, excctl decodes what the module or the reference wrote.
 */
#include "blob.h"

static const char kvmexc_b64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

u32 kvmexc_base64_encode(const u8 *in, u32 n, char *out)
{
	u32 i, o = 0;

	for (i = 0; i < n; i += 3) {
		/* Missing bytes of the last group count as zero: canonical pad bits. */
		u32 v = (u32)in[i] << 16;

		if (i + 1 < n)
			v |= (u32)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = kvmexc_b64_alphabet[(v >> 18) & 63];
		out[o++] = kvmexc_b64_alphabet[(v >> 12) & 63];
		out[o++] = i + 1 < n ? kvmexc_b64_alphabet[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? kvmexc_b64_alphabet[v & 63] : '=';
	}
	return o;
}

static int kvmexc_b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* How many of the 4 characters at @in carry data; -1 at the first bad one. */
static int kvmexc_b64_group(const char *in, bool last, u32 *v, u32 *bad)
{
	int i, data = 4, d;

	*v = 0;
	for (i = 0; i < 4; i++) {
		if (in[i] == '=' && last && i >= 2 && (i == 3 || in[3] == '=')) {
			data = i;
			break;
		}
		d = kvmexc_b64_value(in[i]);
		if (d < 0) {
			*bad = i;
			return -1;
		}
		*v |= (u32)d << (18 - 6 * i);
	}
	return data;
}

int kvmexc_base64_decode(const char *in, u32 len, u8 *out, u32 cap, u32 *bad)
{
	u32 i, o = 0, v, at;
	int data, k;

	if (len % 4) {
		*bad = len;
		return -EINVAL;
	}
	for (i = 0; i < len; i += 4) {
		data = kvmexc_b64_group(in + i, i + 4 == len, &v, &at);
		if (data < 0) {
			*bad = i + at;
			return -EINVAL;
		}
		if (o + data - 1 > cap)
			return -ENOSPC;
		/* Bits of the unused part of the last group are not checked. */
		for (k = 0; k < data - 1; k++)
			out[o++] = v >> (16 - 8 * k);
	}
	return o;
}
