// SPDX-License-Identifier: GPL-2.0
/*
 * Alert blobs in base64 as people paste them: from a mail or a ticket,
 * wrapped at some width, with CRLFs and indentation, or several at once
 * as excctl monitor --b64 writes them, one a line.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"

/* One blob's text in the buffer of white-space-free base64. */
struct excctl_b64 {
	size_t start, len;
	size_t width;		/* the length of its first line */
	size_t last;		/* and of its last one so far */
	unsigned int line;	/* where it starts, for messages */
	bool ended;		/* by a blank line */
};

/*
 * True when @s begins with the header of a blob: a type, a guest OS and an
 * event the decoder names, an architecture of 0 or 1. A wrapped line that
 * happens to hold such bytes (zeros and small numbers are common) must
 * hold all 18.
 */
static bool excctl_b64_header(const char *s, size_t len)
{
	u8 h[KVMEXC_BLOB_HDR_LEN];
	u32 bad, os, event;

	if (len < 24 || kvmexc_base64_decode(s, 24, h, sizeof(h), &bad) != sizeof(h))
		return false;
	os = get_unaligned_le32(h + 4);
	event = get_unaligned_le32(h + 8);
	return get_unaligned_le32(h) <= KVMEXC_BLOB_KM_UM &&
	       (os == KVMEXC_BLOB_OS_WINDOWS || os == KVMEXC_BLOB_OS_LINUX) &&
	       event && event <= 0xFF && get_unaligned_le32(h + 14) <= 1;
}

/*
 * Whether the line at @s continues blob @t: wrapped lines are as long as
 * the first, the last may be shorter, and no line of a blob but its first
 * begins with a header. A blob that ends in padding or in a shorter line,
 * or before a blank line, is whole.
 */
static bool excctl_b64_continues(const struct excctl_b64 *t, const char *buf, const char *s,
				 size_t len)
{
	return !t->ended && t->last == t->width && buf[t->start + t->len - 1] != '=' &&
	       len <= t->width && !excctl_b64_header(s, len);
}

/* Splits @text into blobs, their base64 gathered without white space in @buf. */
static int excctl_b64_split(const char *text, size_t len, char *buf, struct excctl_b64 **out,
			    size_t *n)
{
	struct excctl_b64 *t = NULL, *bigger;
	size_t i = 0, pos = 0, start, cap = 0;
	unsigned int line = 0;

	*n = 0;
	while (i < len) {
		line++;
		for (start = pos; i < len && text[i] != '\n'; i++)
			if (!isspace((unsigned char)text[i]))
				buf[pos++] = text[i];
		i++;
		if (pos == start) {
			if (*n)
				t[*n - 1].ended = true;
		} else if (*n && excctl_b64_continues(&t[*n - 1], buf, buf + start, pos - start)) {
			t[*n - 1].len += pos - start;
			t[*n - 1].last = pos - start;
		} else {
			if (*n == cap) {
				cap = cap ? 2 * cap : 4;
				bigger = realloc(t, cap * sizeof(*t));
				if (!bigger) {
					free(t);
					return -1;
				}
				t = bigger;
			}
			t[(*n)++] = (struct excctl_b64){ start, pos - start, pos - start,
							 pos - start, line, false };
		}
	}
	*out = t;
	return 0;
}

static int excctl_blobs_base64(const char *text, size_t len, struct excctl_blobs *bl,
			       char *err, size_t errlen)
{
	struct excctl_b64 *t = NULL, none = { 0 };
	char *buf = malloc(len + 1), msg[256];
	size_t n = 0, i;
	int ret = -1;

	if (!buf || excctl_b64_split(text, len, buf, &t, &n)) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	/* nothing at all: the error of an empty blob */
	bl->v = calloc(n ? n : 1, sizeof(*bl->v));
	if (!bl->v) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (i = 0; i < (n ? n : 1); i++, bl->n++) {
		const struct excctl_b64 *b = n ? &t[i] : &none;

		if (excctl_blob_parse(buf + b->start, b->len, false, &bl->v[i], msg, sizeof(msg))) {
			if (n > 1)
				snprintf(err, errlen, "blob %zu of %zu (line %u): %s", i + 1, n,
					 b->line, msg);
			else
				snprintf(err, errlen, "%s", msg);
			goto out;
		}
	}
	ret = 0;
out:
	free(t);
	free(buf);
	return ret;
}

int excctl_blobs_parse(const char *text, size_t len, bool binary, struct excctl_blobs *bl,
		       char *err, size_t errlen)
{
	int ret;

	memset(bl, 0, sizeof(*bl));
	if (!binary) {
		ret = excctl_blobs_base64(text, len, bl, err, errlen);
	} else {
		bl->v = calloc(1, sizeof(*bl->v));
		ret = bl->v ? excctl_blob_parse(text, len, true, bl->v, err, errlen) : -1;
		if (!bl->v)
			snprintf(err, errlen, "out of memory");
		bl->n = !ret;
	}
	if (ret)
		excctl_blobs_free(bl);
	return ret;
}

void excctl_blobs_free(struct excctl_blobs *bl)
{
	size_t i;

	for (i = 0; i < bl->n; i++)
		excctl_blob_free(&bl->v[i]);
	free(bl->v);
	memset(bl, 0, sizeof(*bl));
}
