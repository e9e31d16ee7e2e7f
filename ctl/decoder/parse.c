// SPDX-License-Identifier: GPL-2.0
/*
 * The blob parser: header, objects framed by their Size (spec alerts.md
 * 2.1-2.3), payloads by the table of decode_objs.c. It never reads past an
 * object's Size; a blob that ends inside a header or a payload, or whose
 * payload is shorter than its fields, is an error naming the byte offset.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"

struct excctl_cursor {
	const u8 *raw;
	u32 pos;
	u32 end;	/* of the object's payload */
	struct excctl_err err;
};

int excctl_fail(const struct excctl_err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->buf, e->len, fmt, ap);
	va_end(ap);
	return -1;
}

/* Takes @n bytes; -1 (with the message) if the payload has fewer left. */
static int excctl_cur_take(struct excctl_cursor *c, u32 n, const char *what, const u8 **p)
{
	if (n > c->end - c->pos)
		return excctl_fail(&c->err, "offset %u: %s needs %u bytes, the object has %u left",
				       c->pos, what, n, c->end - c->pos);
	*p = c->raw + c->pos;
	c->pos += n;
	return 0;
}

static int excctl_cur_num(struct excctl_cursor *c, u32 n, const char *what, u64 *v)
{
	const u8 *p = NULL;

	if (excctl_cur_take(c, n, what, &p))
		return -1;
	*v = 0;
	memcpy(v, p, n);	/* little-endian, like every supported host */
	return 0;
}

static int excctl_cur_str(struct excctl_cursor *c, struct excctl_field *f)
{
	const u8 *p = NULL;
	u64 enc;

	if (excctl_cur_num(c, 4, f->d->label, &f->num) ||
	    excctl_cur_num(c, 1, f->d->label, &enc))
		return -1;
	if (enc > KVMEXC_BLOB_UTF16)
		return excctl_fail(&c->err, "offset %u: string %s: unknown encoding %llu",
				       c->pos - 1, f->d->label, (unsigned long long)enc);
	if (excctl_cur_take(c, f->num, f->d->label, &p))
		return -1;
	f->enc = enc;
	f->p = p;
	f->len = f->num;
	return 0;
}

struct excctl_fields {
	struct excctl_field *v;
	u32 n, cap;
};

static struct excctl_field *excctl_fields_add(struct excctl_fields *fs,
					      const struct excctl_fdesc *d, u32 off)
{
	struct excctl_field *bigger;

	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? 2 * fs->cap : 16;
		bigger = realloc(fs->v, fs->cap * sizeof(*fs->v));
		if (!bigger)
			return NULL;
		fs->v = bigger;
	}
	memset(&fs->v[fs->n], 0, sizeof(fs->v[0]));
	fs->v[fs->n].d = d;
	fs->v[fs->n].off = off;
	return &fs->v[fs->n++];
}

static const u8 excctl_num_width[] = {
	[EXCCTL_FK_U8] = 1, [EXCCTL_FK_U16] = 2, [EXCCTL_FK_U32] = 4, [EXCCTL_FK_U64] = 8,
};

/* One field (several for a string list); @count is the field it refers to. */
static int excctl_parse_field(struct excctl_cursor *c, const struct excctl_fdesc *d,
			      u64 count, struct excctl_fields *fs)
{
	struct excctl_field *f = excctl_fields_add(fs, d, c->pos);
	u64 i;

	if (!f)
		return excctl_fail(&c->err, "out of memory");
	switch (d->kind) {
	case EXCCTL_FK_STR:
		return excctl_cur_str(c, f);
	case EXCCTL_FK_BYTES:
		f->len = d->n;
		return excctl_cur_take(c, f->len, d->label, &f->p);
	case EXCCTL_FK_U64S:
		f->num = d->n;
		f->len = 8 * d->n;
		return excctl_cur_take(c, f->len, d->label, &f->p);
	case EXCCTL_FK_U32S:
		f->num = count;
		if (count > (c->end - c->pos) / 4)
			return excctl_fail(&c->err, "offset %u: %s: %llu entries do not fit in the object",
					       c->pos, d->label, (unsigned long long)count);
		f->len = 4 * count;
		return excctl_cur_take(c, f->len, d->label, &f->p);
	case EXCCTL_FK_LENBYTES:
		f->num = count;
		if (count > c->end - c->pos)
			return excctl_fail(&c->err, "offset %u: %s: %llu bytes do not fit in the object",
					       c->pos, d->label, (unsigned long long)count);
		f->len = count;
		return excctl_cur_take(c, f->len, d->label, &f->p);
	case EXCCTL_FK_STRS:
		/* Each string takes 5 bytes at least: a bad count fails early. */
		fs->n--;
		for (i = 0; i < count; i++) {
			f = excctl_fields_add(fs, d, c->pos);
			if (!f)
				return excctl_fail(&c->err, "out of memory");
			if (excctl_cur_str(c, f))
				return -1;
		}
		return 0;
	default:
		return excctl_cur_num(c, excctl_num_width[d->kind], d->label, &f->num);
	}
}

static int excctl_parse_payload(struct excctl_cursor *c, struct excctl_obj *o)
{
	struct excctl_fields fs = { 0 };
	u64 nums[32] = { 0 };
	u32 i;
	int ret = 0;

	for (i = 0; i < o->desc->nfields && !ret; i++) {
		const struct excctl_fdesc *d = &o->desc->fields[i];

		bool counted = d->kind == EXCCTL_FK_U32S || d->kind == EXCCTL_FK_STRS ||
			       d->kind == EXCCTL_FK_LENBYTES;

		ret = excctl_parse_field(c, d, counted ? nums[d->n] : 0, &fs);
		if (!ret && i < ARRAY_SIZE(nums))
			nums[i] = fs.v[fs.n - 1].num;
	}
	o->fields = fs.v;
	o->nfields = fs.n;
	return ret;
}

static u8 excctl_section_after(u16 marker, u8 cur)
{
	switch (marker) {
	case KVMEXC_BLOB_OBJ_START_ORIGINATOR:
		return EXCCTL_SEC_ORIGINATOR;
	case KVMEXC_BLOB_OBJ_START_VICTIM:
		return EXCCTL_SEC_VICTIM;
	case KVMEXC_BLOB_OBJ_START_MISC:
		return EXCCTL_SEC_MISC;
	case KVMEXC_BLOB_OBJ_END_ORIGINATOR:
	case KVMEXC_BLOB_OBJ_END_VICTIM:
	case KVMEXC_BLOB_OBJ_END_MISC:
		return EXCCTL_SEC_NONE;
	}
	return cur;
}

static int excctl_parse_obj(struct excctl_cursor *c, struct excctl_obj *o, u8 *section)
{
	const u8 *h = c->raw + c->pos;

	if (c->end - c->pos < KVMEXC_BLOB_OBJ_HDR_LEN)
		return excctl_fail(&c->err, "offset %u: the blob ends inside an object header (%u of %u bytes)",
				       c->pos, c->end - c->pos, KVMEXC_BLOB_OBJ_HDR_LEN);
	o->off = c->pos;
	o->version = get_unaligned_le32(h);
	o->type = get_unaligned_le16(h + 4);
	o->size = get_unaligned_le16(h + 6);
	c->pos += KVMEXC_BLOB_OBJ_HDR_LEN;
	if (o->size > c->end - c->pos)
		return excctl_fail(&c->err, "offset %u: object type %u declares %u bytes, the blob has %u left",
				       o->off, o->type, o->size, c->end - c->pos);
	*section = excctl_section_after(o->type, *section);
	o->section = *section;
	if (o->type <= KVMEXC_BLOB_OBJ_MAX && excctl_odescs[o->type].name &&
	    o->version == KVMEXC_BLOB_OBJ_VERSION)
		o->desc = &excctl_odescs[o->type];
	if (o->desc) {
		struct excctl_cursor pc = *c;

		pc.end = c->pos + o->size;
		if (excctl_parse_payload(&pc, o))
			return -1;
	}
	c->pos += o->size;
	return 0;
}

static int excctl_parse_objs(struct excctl_cursor *c, struct excctl_blob *b)
{
	u8 section = EXCCTL_SEC_NONE;
	u32 cap = 0;

	while (c->pos < c->end) {
		if (b->nobjs == cap) {
			struct excctl_obj *bigger;

			cap = cap ? 2 * cap : 32;
			bigger = realloc(b->objs, cap * sizeof(*b->objs));
			if (!bigger)
				return excctl_fail(&c->err, "out of memory");
			b->objs = bigger;
		}
		memset(&b->objs[b->nobjs], 0, sizeof(b->objs[0]));
		b->nobjs++;
		if (excctl_parse_obj(c, &b->objs[b->nobjs - 1], &section))
			return -1;
	}
	return 0;
}

/* The raw blob from base64 @text, white space around it ignored. */
static int excctl_blob_unbase64(const char *text, size_t len, struct excctl_blob *b,
				char *err, size_t errlen)
{
	size_t lead = 0;
	u32 bad;
	int n;

	while (lead < len && isspace((unsigned char)text[lead]))
		lead++;
	while (len > lead && isspace((unsigned char)text[len - 1]))
		len--;
	len -= lead;
	if (len > 0x7FFFFFFF) {
		snprintf(err, errlen, "the base64 text is too long");
		return -1;
	}
	b->raw = malloc(len / 4 * 3 + 1);
	if (!b->raw) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	n = kvmexc_base64_decode(text + lead, len, b->raw, len / 4 * 3, &bad);
	if (n < 0) {
		snprintf(err, errlen, "base64 character %zu: %s", lead + bad,
			 bad >= len ? "the text ends inside a group of 4" : "not base64");
		return -1;
	}
	b->len = n;
	return 0;
}

static int excctl_blob_read(const char *text, size_t len, bool binary, struct excctl_blob *b,
			    char *err, size_t errlen)
{
	struct excctl_cursor c = { .err = { err, errlen } };

	memset(b, 0, sizeof(*b));
	if (binary) {
		b->raw = malloc(len + 1);
		if (!b->raw || len > 0xFFFFFFFF) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		memcpy(b->raw, text, len);
		b->len = len;
	} else if (excctl_blob_unbase64(text, len, b, err, errlen)) {
		return -1;
	}
	if (b->len < KVMEXC_BLOB_HDR_LEN) {
		snprintf(err, errlen, "offset 0: the blob ends inside its header (%u of %u bytes)",
			 b->len, KVMEXC_BLOB_HDR_LEN);
		return -1;
	}
	b->type = get_unaligned_le32(b->raw);
	b->guest = get_unaligned_le32(b->raw + 4);
	b->event = get_unaligned_le32(b->raw + 8);
	b->size = get_unaligned_le16(b->raw + 12);
	b->arch = get_unaligned_le32(b->raw + 14);
	c.raw = b->raw;
	c.pos = KVMEXC_BLOB_HDR_LEN;
	c.end = b->len;
	return excctl_parse_objs(&c, b);
}

/* A blob that does not parse leaves nothing for the caller to free. */
int excctl_blob_parse(const char *text, size_t len, bool binary, struct excctl_blob *b,
		      char *err, size_t errlen)
{
	int ret = excctl_blob_read(text, len, binary, b, err, errlen);

	if (ret)
		excctl_blob_free(b);
	return ret;
}

void excctl_blob_free(struct excctl_blob *b)
{
	u32 i;

	for (i = 0; i < b->nobjs; i++)
		free(b->objs[i].fields);
	free(b->objs);
	free(b->raw);
	memset(b, 0, sizeof(*b));
}

const struct excctl_obj *excctl_blob_find(const struct excctl_blob *b, u8 sec, u16 type)
{
	u32 i;

	for (i = 0; i < b->nobjs; i++)
		if (b->objs[i].type == type && b->objs[i].desc &&
		    (sec == EXCCTL_SEC_NONE || b->objs[i].section == sec))
			return &b->objs[i];
	return NULL;
}

const struct excctl_field *excctl_obj_field(const struct excctl_obj *o, const char *label)
{
	u32 i;

	for (i = 0; o && i < o->nfields; i++)
		if (!strcmp(o->fields[i].d->label, label))
			return &o->fields[i];
	return NULL;
}

/* UTF-16LE to UTF-8; unpaired surrogates become U+FFFD. */
static size_t excctl_utf16_to_utf8(const u8 *p, u32 len, char *out)
{
	size_t o = 0;
	u32 i, c, lo;

	for (i = 0; i + 1 < len; i += 2) {
		c = get_unaligned_le16(p + i);
		lo = i + 3 < len ? get_unaligned_le16(p + i + 2) : 0;
		if (c >= 0xD800 && c < 0xDC00 && lo >= 0xDC00 && lo < 0xE000) {
			c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
			i += 2;
		} else if (c >= 0xD800 && c < 0xE000) {
			c = 0xFFFD;
		}
		if (c < 0x80) {
			out[o++] = c;
		} else if (c < 0x800) {
			out[o++] = 0xC0 | c >> 6;
			out[o++] = 0x80 | (c & 0x3F);
		} else if (c < 0x10000) {
			out[o++] = 0xE0 | c >> 12;
			out[o++] = 0x80 | ((c >> 6) & 0x3F);
			out[o++] = 0x80 | (c & 0x3F);
		} else {
			out[o++] = 0xF0 | c >> 18;
			out[o++] = 0x80 | ((c >> 12) & 0x3F);
			out[o++] = 0x80 | ((c >> 6) & 0x3F);
			out[o++] = 0x80 | (c & 0x3F);
		}
	}
	return o;
}

char *excctl_field_utf8(const struct excctl_field *f, size_t *len)
{
	/* A UTF-16 unit becomes at most 3 bytes, a surrogate pair 4. */
	char *s = malloc(2 * (size_t)f->len + 1);

	if (!s)
		return NULL;
	if (f->enc == KVMEXC_BLOB_UTF16) {
		*len = excctl_utf16_to_utf8(f->p, f->len, s);
	} else {
		memcpy(s, f->p, f->len);
		*len = f->len;
	}
	s[*len] = 0;
	return s;
}
