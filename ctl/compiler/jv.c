// SPDX-License-Identifier: GPL-2.0
/*
 * The compiler's JSON reader (see jv.h). Recursive descent; containers are
 * collected on a growing stack of values and copied to the arena once
 * their size is known.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jv.h"

#define JV_MAX_DEPTH 512

struct jv_parser {
	char *t;
	size_t len, pos;
	struct cc_arena *arena;
	struct jv *stack;		/* items and member values being collected */
	struct jv_member *mstack;
	size_t sn, scap, mn, mcap;
	const char *err;
	int depth;
};

static int jv_fail(struct jv_parser *p, const char *err)
{
	if (!p->err)
		p->err = err;
	return -1;
}

/* Whitespace and comments. */
static int jv_skip(struct jv_parser *p)
{
	const char *t = p->t;

	for (;;) {
		while (p->pos < p->len && (t[p->pos] == ' ' || t[p->pos] == '\n' ||
					   t[p->pos] == '\r' || t[p->pos] == '\t'))
			p->pos++;
		if (p->pos + 1 >= p->len || t[p->pos] != '/')
			return 0;
		if (t[p->pos + 1] == '/') {
			while (p->pos < p->len && t[p->pos] != '\n')
				p->pos++;
		} else if (t[p->pos + 1] == '*') {
			const char *end = memmem(t + p->pos + 2, p->len - p->pos - 2, "*/", 2);

			if (!end)
				return jv_fail(p, "unterminated /* comment");
			p->pos = end + 2 - t;
		} else {
			return 0;
		}
	}
}

static int jv_value(struct jv_parser *p, struct jv *out);

static int jv_hex4(struct jv_parser *p, unsigned int *v)
{
	int k;

	*v = 0;
	if (p->len - p->pos < 4)
		return jv_fail(p, "expected four hex digits after \\u");
	for (k = 0; k < 4; k++) {
		char c = p->t[p->pos++];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			*v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			*v |= c - 'A' + 10;
		else
			return jv_fail(p, "expected four hex digits after \\u");
	}
	return 0;
}

/* A lone surrogate is kept as its 3-byte form, which no name accepts. */
static size_t jv_put_utf8(char *o, unsigned int cp)
{
	if (cp < 0x80) {
		o[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = 0xC0 | cp >> 6;
		o[1] = 0x80 | (cp & 0x3F);
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = 0xE0 | cp >> 12;
		o[1] = 0x80 | (cp >> 6 & 0x3F);
		o[2] = 0x80 | (cp & 0x3F);
		return 3;
	}
	o[0] = 0xF0 | cp >> 18;
	o[1] = 0x80 | (cp >> 12 & 0x3F);
	o[2] = 0x80 | (cp >> 6 & 0x3F);
	o[3] = 0x80 | (cp & 0x3F);
	return 4;
}

static int jv_escape(struct jv_parser *p, char *o, size_t *n)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *k;
	unsigned int cp, lo;

	if (p->pos >= p->len)
		return jv_fail(p, "unterminated string");
	k = strchr(from, p->t[p->pos]);
	if (k && *k) {
		o[(*n)++] = to[k - from];
		p->pos++;
		return 0;
	}
	if (p->t[p->pos++] != 'u')
		return jv_fail(p, "invalid escape in a string");
	if (jv_hex4(p, &cp))
		return -1;
	if (cp >= 0xD800 && cp < 0xDC00 && p->len - p->pos >= 6 &&
	    p->t[p->pos] == '\\' && p->t[p->pos + 1] == 'u') {
		size_t save = p->pos;

		p->pos += 2;
		if (jv_hex4(p, &lo))
			return -1;
		if (lo >= 0xDC00 && lo < 0xE000)
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		else
			p->pos = save;
	}
	*n += jv_put_utf8(o + *n, cp);
	return 0;
}

/*
 * Decoded in place: the closing quote becomes the terminating NUL, and an
 * escape is never shorter than what it stands for.
 */
static int jv_string(struct jv_parser *p, const char **s, size_t *len)
{
	char *t = p->t, *o;
	size_t start = ++p->pos, n;

	while (p->pos < p->len && t[p->pos] != '"' && t[p->pos] != '\\') {
		if ((unsigned char)t[p->pos] < 0x20)
			return jv_fail(p, "control character in a string");
		p->pos++;
	}
	n = p->pos - start;
	o = t + start;
	while (p->pos < p->len && t[p->pos] != '"') {
		unsigned char c = t[p->pos];

		if (c < 0x20)
			return jv_fail(p, "control character in a string");
		if (c == '\\') {
			p->pos++;
			if (jv_escape(p, o, &n))
				return -1;
			continue;
		}
		o[n++] = c;
		p->pos++;
	}
	if (p->pos >= p->len)
		return jv_fail(p, "unterminated string");
	t[p->pos++] = 0;
	o[n] = 0;
	*s = o;
	*len = n;
	return 0;
}

static int jv_number(struct jv_parser *p, struct jv *out)
{
	const char *t = p->t, *s = t + p->pos;
	size_t i = p->pos;
	bool integer = true;
	char buf[64], *end;

	if (i < p->len && t[i] == '-')
		i++;
	if (i < p->len && t[i] == '0') {
		i++;
	} else if (i < p->len && t[i] >= '1' && t[i] <= '9') {
		while (i < p->len && t[i] >= '0' && t[i] <= '9')
			i++;
	} else {
		return jv_fail(p, "expected a value");
	}
	if (i < p->len && t[i] == '.') {
		integer = false;
		if (++i >= p->len || t[i] < '0' || t[i] > '9')
			return jv_fail(p, "expected digits after the decimal point");
		while (i < p->len && t[i] >= '0' && t[i] <= '9')
			i++;
	}
	if (i < p->len && (t[i] == 'e' || t[i] == 'E')) {
		integer = false;
		if (++i < p->len && (t[i] == '+' || t[i] == '-'))
			i++;
		if (i >= p->len || t[i] < '0' || t[i] > '9')
			return jv_fail(p, "expected digits in the exponent");
		while (i < p->len && t[i] >= '0' && t[i] <= '9')
			i++;
	}
	p->pos = i;
	if (integer) {
		out->type = JV_INT;
		if (t + i - s < (long)sizeof(buf)) {
			memcpy(buf, s, t + i - s);
			buf[t + i - s] = 0;
			errno = 0;
			out->i = strtoll(buf, &end, 10);
			out->big = errno == ERANGE;
		} else {
			out->big = true;
		}
		return 0;
	}
	out->type = JV_DOUBLE;
	if (t + i - s >= (long)sizeof(buf)) {
		out->d = s[0] == '-' ? -INFINITY : INFINITY;	/* only huge values are this long */
		return 0;
	}
	memcpy(buf, s, t + i - s);
	buf[t + i - s] = 0;
	out->d = strtod(buf, NULL);
	return 0;
}

static bool jv_word(struct jv_parser *p, const char *w)
{
	size_t n = strlen(w);

	if (p->len - p->pos < n || memcmp(p->t + p->pos, w, n))
		return false;
	p->pos += n;
	return true;
}

static int jv_push(struct jv_parser *p, const struct jv *v)
{
	if (p->sn == p->scap) {
		size_t cap = p->scap ? 2 * p->scap : 1024;
		struct jv *s = realloc(p->stack, cap * sizeof(*s));

		if (!s)
			return jv_fail(p, "out of memory");
		p->stack = s;
		p->scap = cap;
	}
	p->stack[p->sn++] = *v;
	return 0;
}

static int jv_push_member(struct jv_parser *p, size_t first, const char *key, size_t klen,
			  const struct jv *v)
{
	size_t i;

	for (i = first; i < p->mn; i++) {
		if (p->mstack[i].klen == klen && !memcmp(p->mstack[i].key, key, klen)) {
			p->mstack[i].value = *v;	/* Python: last value, first place */
			return 0;
		}
	}
	if (p->mn == p->mcap) {
		size_t cap = p->mcap ? 2 * p->mcap : 1024;
		struct jv_member *m = realloc(p->mstack, cap * sizeof(*m));

		if (!m)
			return jv_fail(p, "out of memory");
		p->mstack = m;
		p->mcap = cap;
	}
	p->mstack[p->mn++] = (struct jv_member){ key, klen, *v };
	return 0;
}

/* After an item: ',' (a trailing one too) or the closing bracket. */
static int jv_next_item(struct jv_parser *p, char close, bool *done)
{
	if (jv_skip(p))
		return -1;
	if (p->pos < p->len && p->t[p->pos] == close) {
		p->pos++;
		*done = true;
		return 0;
	}
	if (p->pos >= p->len || p->t[p->pos] != ',')
		return jv_fail(p, close == ']' ? "expected ',' or ']'" : "expected ',' or '}'");
	p->pos++;
	if (jv_skip(p))
		return -1;
	*done = p->pos < p->len && p->t[p->pos] == close;
	if (*done)
		p->pos++;
	return 0;
}

static int jv_array(struct jv_parser *p, struct jv *out)
{
	size_t first = p->sn;
	bool done = false;
	struct jv v;

	p->pos++;
	if (jv_skip(p))
		return -1;
	if (p->pos < p->len && p->t[p->pos] == ']') {
		p->pos++;
		done = true;
	}
	while (!done) {
		if (jv_value(p, &v) || jv_push(p, &v) || jv_next_item(p, ']', &done))
			return -1;
	}
	out->type = JV_ARRAY;
	out->len = p->sn - first;
	out->items = cc_arena_alloc(p->arena, out->len * sizeof(*out->items) + 1);
	if (!out->items)
		return jv_fail(p, "out of memory");
	if (out->len)
		memcpy(out->items, p->stack + first, out->len * sizeof(*out->items));
	p->sn = first;
	return 0;
}

static int jv_object(struct jv_parser *p, struct jv *out)
{
	size_t first = p->mn, klen;
	bool done = false;
	const char *key;
	struct jv v;

	p->pos++;
	if (jv_skip(p))
		return -1;
	if (p->pos < p->len && p->t[p->pos] == '}') {
		p->pos++;
		done = true;
	}
	while (!done) {
		if (p->pos >= p->len || p->t[p->pos] != '"')
			return jv_fail(p, "expected a key in double quotes");
		if (jv_string(p, &key, &klen) || jv_skip(p))
			return -1;
		if (p->pos >= p->len || p->t[p->pos] != ':')
			return jv_fail(p, "expected ':' after the key");
		p->pos++;
		if (jv_value(p, &v) || jv_push_member(p, first, key, klen, &v) ||
		    jv_next_item(p, '}', &done))
			return -1;
	}
	out->type = JV_OBJECT;
	out->len = p->mn - first;
	out->members = cc_arena_alloc(p->arena, out->len * sizeof(*out->members) + 1);
	if (!out->members)
		return jv_fail(p, "out of memory");
	if (out->len)
		memcpy(out->members, p->mstack + first, out->len * sizeof(*out->members));
	p->mn = first;
	return 0;
}

static int jv_value(struct jv_parser *p, struct jv *out)
{
	int err;

	memset(out, 0, sizeof(*out));
	if (jv_skip(p))
		return -1;
	if (p->pos >= p->len)
		return jv_fail(p, "unexpected end of the file: expected a value");
	switch (p->t[p->pos]) {
	case '{':
	case '[':
		if (++p->depth > JV_MAX_DEPTH)
			return jv_fail(p, "nested too deeply");
		err = p->t[p->pos] == '{' ? jv_object(p, out) : jv_array(p, out);
		p->depth--;
		return err;
	case '"':
		out->type = JV_STRING;
		return jv_string(p, &out->s, &out->len);
	}
	if (jv_word(p, "true") || jv_word(p, "false")) {
		out->type = JV_BOOL;
		out->b = p->t[p->pos - 1] == 'e' && p->t[p->pos - 2] == 'u';
	} else if (jv_word(p, "null")) {
		out->type = JV_NULL;
	} else if (jv_word(p, "NaN")) {
		out->type = JV_DOUBLE;
		out->d = NAN;
	} else if (jv_word(p, "Infinity")) {
		out->type = JV_DOUBLE;
		out->d = INFINITY;
	} else if (jv_word(p, "-Infinity")) {
		out->type = JV_DOUBLE;
		out->d = -INFINITY;
	} else {
		return jv_number(p, out);
	}
	return 0;
}

/* Python decodes the whole file first: any invalid UTF-8 is an error. */
static size_t jv_bad_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0, n, k;
	unsigned int cp;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		n = s[i] >= 0xC2 && s[i] <= 0xDF ? 2 : s[i] >= 0xE0 && s[i] <= 0xEF ? 3 :
		    s[i] >= 0xF0 && s[i] <= 0xF4 ? 4 : 0;
		if (!n || len - i < n)
			return i;
		cp = s[i] & (0x7F >> n);
		for (k = 1; k < n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp < 0xE000))) ||
		    (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return i;
		i += n;
	}
	return len;
}

int jv_parse(char *text, size_t len, struct cc_arena *arena, struct jv *root,
	     size_t *err_at, const char **err)
{
	struct jv_parser p = { .t = text, .len = len, .arena = arena };
	size_t bad = jv_bad_utf8((const unsigned char *)text, len);
	int ret;

	if (bad < len) {
		*err_at = bad;
		*err = "not valid UTF-8";
		return -1;
	}
	ret = jv_value(&p, root);
	if (!ret && !jv_skip(&p) && p.pos < len)
		ret = jv_fail(&p, "unexpected data after the top-level value");
	else if (!ret && p.err)
		ret = -1;
	free(p.stack);
	free(p.mstack);
	*err_at = p.pos;
	*err = p.err;
	return ret ? -1 : 0;
}

struct jv *jv_get(const struct jv *obj, const char *key)
{
	size_t klen = strlen(key), i;

	if (!jv_is(obj, JV_OBJECT))
		return NULL;
	for (i = 0; i < obj->len; i++)
		if (obj->members[i].klen == klen && !memcmp(obj->members[i].key, key, klen))
			return &obj->members[i].value;
	return NULL;
}

const char *jv_kind(const struct jv *v)
{
	static const char *const kinds[] = {
		"null", "a boolean", "an integer", "a number", "a string", "a list", "an object",
	};

	return v ? kinds[v->type] : "nothing";
}
