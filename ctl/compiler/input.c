// SPDX-License-Identifier: GPL-2.0
/*
 * Input files for excctl compile: reading, comments, error locations, and
 * JSON values seen the way the reference (Python) sees them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compile.h"
#include "jv.h"

struct cc_path cc_path_child(const struct cc_path *parent, const char *key)
{
	struct cc_path p = *parent;

	if (p.depth < CC_PATH_MAX) {
		p.seg[p.depth].key = key;
		p.seg[p.depth].index = 0;
		p.depth++;
	}
	return p;
}

struct cc_path cc_path_index(const struct cc_path *parent, long index)
{
	struct cc_path p = *parent;

	if (p.depth < CC_PATH_MAX) {
		p.seg[p.depth].key = NULL;
		p.seg[p.depth].index = index;
		p.depth++;
	}
	return p;
}

/* ---- finding a path in the text, for the line of an error */

static size_t cc_skip_ws(const char *t, size_t len, size_t i)
{
	while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
		i++;
	return i;
}

static size_t cc_skip_string(const char *t, size_t len, size_t i)
{
	for (i++; i < len && t[i] != '"'; i++)
		if (t[i] == '\\')
			i++;
	return i < len ? i + 1 : len;
}

static size_t cc_skip_value(const char *t, size_t len, size_t i)
{
	int depth = 0;

	do {
		if (i >= len)
			return len;
		if (t[i] == '"') {
			i = cc_skip_string(t, len, i);
			continue;
		}
		if (t[i] == '{' || t[i] == '[')
			depth++;
		else if (t[i] == '}' || t[i] == ']')
			depth--;
		else if (!depth && (t[i] == ',' || t[i] == ' ' || t[i] == '\n' ||
				    t[i] == '\t' || t[i] == '\r'))
			return i;
		i++;
	} while (depth > 0 || (i < len && !strchr(",}] \t\r\n", t[i])));
	return i;
}

/* The start of the member @key of the object at @i (the last one, as JSON). */
static size_t cc_find_key(const char *t, size_t len, size_t i, const char *key)
{
	size_t found = (size_t)-1, klen = strlen(key), start;

	i++;
	for (;;) {
		i = cc_skip_ws(t, len, i);
		if (i >= len || t[i] != '"')
			return found;
		start = i + 1;
		i = cc_skip_string(t, len, i);
		bool match = i - 1 - start == klen && !memcmp(t + start, key, klen);

		i = cc_skip_ws(t, len, i);
		if (i >= len || t[i] != ':')
			return found;
		i = cc_skip_ws(t, len, i + 1);
		if (match)
			found = i;
		i = cc_skip_ws(t, len, cc_skip_value(t, len, i));
		if (i >= len || t[i] != ',')
			return found;
		i++;
	}
}

static size_t cc_find_index(const char *t, size_t len, size_t i, long index)
{
	long n;

	i = cc_skip_ws(t, len, i + 1);
	for (n = 0; i < len && t[i] != ']'; n++) {
		if (n == index)
			return i;
		i = cc_skip_ws(t, len, cc_skip_value(t, len, i));
		if (i >= len || t[i] != ',')
			break;
		i = cc_skip_ws(t, len, i + 1);
	}
	return (size_t)-1;
}

/* ---- where an error is: a look at the file as it was read */

/*
 * Blanks out // and block comments and trailing commas, outside strings,
 * keeping every newline, so that a small scanner can follow a JSON path in
 * it. Lone CRs become newlines, as Python's universal newlines make them.
 */
static void cc_strip(char *t, size_t len)
{
	size_t i = 0, comma = (size_t)-1;
	char *end;

	while (i < len) {
		char c = t[i];

		if (c == '\r') {
			t[i] = i + 1 < len && t[i + 1] == '\n' ? ' ' : '\n';
			i++;
		} else if (c == '"') {
			i = cc_skip_string(t, len, i);
			comma = (size_t)-1;
		} else if (c == '/' && i + 1 < len && (t[i + 1] == '/' || t[i + 1] == '*')) {
			end = t[i + 1] == '/' ? memchr(t + i, '\n', len - i) :
			      memmem(t + i + 2, len - i - 2, "*/", 2);
			end = !end ? t + len : t[i + 1] == '*' ? end + 2 : end;
			for (; t + i < end; i++)
				if (t[i] != '\n')
					t[i] = ' ';
		} else if (c == ',') {
			comma = i++;
		} else if ((c == ']' || c == '}') && comma != (size_t)-1) {
			t[comma] = ' ';
			comma = (size_t)-1;
			i++;
		} else {
			if (c != ' ' && c != '\t' && c != '\n')
				comma = (size_t)-1;
			i++;
		}
	}
}

static int cc_read_into(struct cc_file *f, bool arena);

/*
 * The text as it was read (the parser decodes strings in place), stripped;
 * read again from the file, which only happens for an error.
 */
static char *cc_pristine(const struct cc_file *f, size_t *len)
{
	struct cc_file copy = { .path = f->path };
	char *t;

	if (f->source) {
		*len = strlen(f->source);
		t = strdup(f->source);
	} else {
		t = cc_read_into(&copy, false) ? NULL : copy.text;
		*len = copy.len;
	}
	if (t)
		cc_strip(t, *len);
	return t;
}

static size_t cc_locate(const struct cc_path *p, const char *t, size_t len)
{
	size_t i = cc_skip_ws(t, len, 0), next;
	int d;

	for (d = 0; d < p->depth && i < len; d++) {
		if (p->seg[d].key && t[i] == '{')
			next = cc_find_key(t, len, i, p->seg[d].key);
		else if (!p->seg[d].key && t[i] == '[')
			next = cc_find_index(t, len, i, p->seg[d].index);
		else
			break;
		if (next == (size_t)-1)
			break;
		i = next;
	}
	return i;
}

static int cc_count_lines(const char *t, size_t len, size_t offset)
{
	int line = 1;
	size_t i;

	for (i = 0; i < offset && i < len; i++)
		line += t[i] == '\n' || (t[i] == '\r' && (i + 1 == len || t[i + 1] != '\n'));
	return line;
}

/* The line of @offset, or of @at's value when @at is given. */
static int cc_line_of(const struct cc_file *f, const struct cc_path *at, size_t offset)
{
	size_t len;
	char *t = cc_pristine(f, &len);
	int line;

	if (!t)
		return 0;
	line = cc_count_lines(t, len, at ? cc_locate(at, t, len) : offset);
	free(t);
	return line;
}

static void cc_print_path(const struct cc_path *at)
{
	int d;

	for (d = 0; d < at->depth; d++) {
		if (at->seg[d].key)
			fprintf(stderr, "%s%s", d ? "." : "", at->seg[d].key);
		else
			fprintf(stderr, "[%ld]", at->seg[d].index);
	}
	if (at->depth)
		fprintf(stderr, ": ");
}

int cc_error(const struct cc_path *at, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "excctl compile: ");
	if (at && at->file) {
		fprintf(stderr, "%s:%d: ", at->file->path, cc_line_of(at->file, at, 0));
		cc_print_path(at);
	}
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

/* ---- reading */

/* The whole stream, into a malloc()ed buffer. */
static char *cc_slurp(FILE *fp, size_t *len)
{
	size_t cap = 1 << 16, n;
	char *buf = malloc(cap + 1), *bigger;

	*len = 0;
	while (buf && (n = fread(buf + *len, 1, cap - *len, fp)) > 0) {
		*len += n;
		if (*len < cap)
			continue;
		bigger = realloc(buf, 2 * cap + 1);
		if (!bigger)
			free(buf);
		buf = bigger;
		cap *= 2;
	}
	return buf;
}

/*
 * Reads @f->path into @f->text: into the file's arena when @arena, else
 * into a malloc()ed buffer.
 */
static int cc_read_into(struct cc_file *f, bool arena)
{
	FILE *fp = fopen(f->path, "rb");
	struct stat st;
	char *buf;

	if (!fp) {
		fprintf(stderr, "excctl compile: %s: %s\n", f->path, strerror(errno));
		return -1;
	}
	if (arena && !fstat(fileno(fp), &st) && S_ISREG(st.st_mode)) {
		f->text = cc_arena_alloc(f->arena, st.st_size + 1);
		f->len = f->text ? fread(f->text, 1, st.st_size, fp) : 0;
	} else {
		buf = cc_slurp(fp, &f->len);
		f->text = buf && arena ? cc_arena_strndup(f->arena, buf, f->len) : buf;
		if (arena)
			free(buf);
	}
	if (!f->text || ferror(fp)) {
		fprintf(stderr, "excctl compile: %s: %s\n", f->path,
			f->text ? strerror(errno) : "out of memory");
		fclose(fp);
		return -1;
	}
	fclose(fp);
	f->text[f->len] = 0;
	/* A UTF-8 byte order mark is skipped (the reference refuses it). */
	if (f->len >= 3 && !memcmp(f->text, "\xEF\xBB\xBF", 3))
		memcpy(f->text, "   ", 3);
	return 0;
}

static int cc_parse(struct cc_file *f)
{
	const char *err;
	size_t at;

	if (cc_skip_ws(f->text, f->len, 0) == f->len) {
		fprintf(stderr, "excctl compile: %s:%d: invalid JSON: the file is empty\n", f->path,
			cc_count_lines(f->text, f->len, f->len));
		return -1;
	}
	if (jv_parse(f->text, f->len, f->arena, &f->root, &at, &err)) {
		fprintf(stderr, "excctl compile: %s:%d: invalid JSON: %s\n", f->path,
			cc_line_of(f, NULL, at), err);
		return -1;
	}
	if (!jv_is(&f->root, JV_OBJECT)) {
		fprintf(stderr, "excctl compile: %s:1: expected a JSON object at the top level, got %s\n",
			f->path, jv_kind(&f->root));
		return -1;
	}
	return 0;
}

int cc_file_load(struct cc_file *f, const char *path, struct cc_arena *arena)
{
	memset(f, 0, sizeof(*f));
	f->arena = arena;
	f->path = strdup(path);
	if (!f->path || cc_read_into(f, true) || cc_parse(f))
		return -1;
	return 0;
}

int cc_file_from_text(struct cc_file *f, const char *name, const char *text,
		      struct cc_arena *arena)
{
	memset(f, 0, sizeof(*f));
	f->arena = arena;
	f->path = strdup(name);
	f->source = text;
	f->len = strlen(text);
	f->text = cc_arena_strndup(f->arena, text, f->len);
	if (!f->path || !f->text || cc_parse(f))
		return -1;
	return 0;
}

void cc_file_free(struct cc_file *f)
{
	free(f->path);
	memset(f, 0, sizeof(*f));
}

/* ---- values */

bool cc_json_falsy(const struct jv *v)
{
	if (!v)
		return true;
	switch (v->type) {
	case JV_NULL:
		return true;
	case JV_BOOL:
		return !v->b;
	case JV_INT:
		return !v->big && !v->i;
	case JV_DOUBLE:
		return v->d == 0.0;
	default:
		return !v->len;		/* strings, lists, objects */
	}
}

int cc_get_str(const struct jv *obj, const char *key, const struct cc_path *at,
	       struct cc_str *out)
{
	const struct jv *v = jv_get(obj, key);
	struct cc_path p;

	*out = (struct cc_str){ 0 };
	if (jv_is(v, JV_STRING)) {
		out->s = v->s;
		out->len = v->len;
		return 0;
	}
	if (cc_json_falsy(v))
		return 0;
	p = cc_path_child(at, key);
	return cc_error(&p, "expected a string, got %s", jv_kind(v));
}

int cc_iter_init(struct cc_iter *it, const struct jv *v, const struct cc_path *at)
{
	memset(it, 0, sizeof(*it));
	it->v = v;
	if (jv_is(v, JV_ARRAY) || jv_is(v, JV_STRING) || jv_is(v, JV_OBJECT))
		return 0;
	return cc_error(at, "expected a list, got %s", jv_kind(v));
}

static size_t cc_utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

bool cc_iter_next(struct cc_iter *it, struct cc_str *str, const struct jv **obj)
{
	const struct jv *v = it->v;
	size_t k;

	*str = (struct cc_str){ 0 };
	*obj = NULL;
	if (it->i >= v->len)
		return false;
	switch (v->type) {
	case JV_ARRAY:
		*obj = &v->items[it->i++];
		if ((*obj)->type == JV_STRING) {
			str->s = (*obj)->s;
			str->len = (*obj)->len;
		}
		return true;
	case JV_STRING:
		k = cc_utf8_len(v->s[it->i]);
		memcpy(it->ch, v->s + it->i, k);
		it->ch[k] = 0;
		it->i += k;
		str->s = it->ch;
		str->len = k;
		return true;
	default:
		str->s = v->members[it->i].key;
		str->len = v->members[it->i++].klen;
		return true;
	}
}

/* Python's str.strip() for int(): ASCII whitespace and the separators. */
static bool cc_py_space(unsigned char c)
{
	return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
}

static int cc_digit(char c, int base)
{
	int d = c >= '0' && c <= '9' ? c - '0' :
		c >= 'a' && c <= 'z' ? c - 'a' + 10 :
		c >= 'A' && c <= 'Z' ? c - 'A' + 10 : 99;

	return d < base ? d : -1;
}

/*
 * Python int(text, base) for bases 0, 10 and 16: surrounding whitespace, a
 * sign, a 0x (0o, 0b) prefix where the base allows it, "_" between digits.
 * Values that do not fit 64 bits give -ERANGE.
 */
int cc_py_int_str(const char *s, size_t len, int base, int64_t *out)
{
	size_t i = 0, digits = 0;
	bool negative = false, leading_zero = false;
	uint64_t v = 0;
	int d, prefix;

	while (len && cc_py_space(s[len - 1]))
		len--;
	while (i < len && cc_py_space(s[i]))
		i++;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		negative = s[i++] == '-';
	if (i + 1 < len && s[i] == '0') {
		prefix = strchr("xX", s[i + 1]) ? 16 : strchr("oO", s[i + 1]) ? 8 :
			 strchr("bB", s[i + 1]) ? 2 : 0;
		if (prefix && (!base || base == prefix)) {
			base = prefix;
			i += 2;
			if (i + 1 < len && s[i] == '_')
				i++;
		}
	}
	if (!base) {
		/* base 0 refuses "010": a leading zero only in zero itself */
		base = 10;
		leading_zero = i < len && s[i] == '0';
	}
	for (; i < len; i++) {
		if (s[i] == '_' && digits && i + 1 < len && s[i + 1] != '_')
			continue;
		d = cc_digit(s[i], base);
		if (d < 0)
			return -EINVAL;
		if (v > (UINT64_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
		digits++;
	}
	if (!digits || (leading_zero && v))
		return -EINVAL;
	if (v > (uint64_t)INT64_MAX + negative)
		return -ERANGE;
	*out = negative ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

bool cc_json_int(const struct jv *v, int64_t *out)
{
	if (jv_is(v, JV_BOOL)) {
		*out = v->b;
		return true;
	}
	if (!jv_is(v, JV_INT) || v->big)
		return false;
	*out = v->i;
	return true;
}

int cc_py_int(const struct jv *v, int base, const struct cc_path *at, int64_t *out)
{
	double d;
	int err;

	if (cc_json_int(v, out))
		return 0;
	if (jv_is(v, JV_DOUBLE)) {
		d = trunc(v->d);
		if (isfinite(d) && d > -9.2e18 && d < 9.2e18) {
			*out = (int64_t)d;
			return 0;
		}
		return cc_error(at, "expected an integer, got %g", v->d);
	}
	if (jv_is(v, JV_STRING)) {
		err = cc_py_int_str(v->s, v->len, base, out);
		if (!err)
			return 0;
		return cc_error(at, "%s: \"%s\"", err == -ERANGE ? "number out of range" :
				base == 16 ? "expected a hexadecimal number" :
				"expected a decimal number", v->s);
	}
	return cc_error(at, "expected an integer, got %s", jv_kind(v));
}
