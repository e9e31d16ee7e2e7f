// SPDX-License-Identifier: GPL-2.0
/*
 * Signatures (spec compiler.md 7), flag strings (5.1) and the references
 * from exceptions to signatures (6.7).
 *
 * A value that does not fit its field is no error until the record is
 * written: the reference only fails on it then, so a signature that ends up
 * dropped (9.2) may hold one. Such a value is kept as a range error.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kvmexc.h>

#include "compile.h"

/* ---- flags */

static const struct cc_flag *cc_flag_find(const struct cc_flag_table *t,
					  const char *tok, size_t len)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strlen(t->v[i].name) == len && !memcmp(t->v[i].name, tok, len))
			return &t->v[i];
	return NULL;
}

/*
 * The tables a kind's flags come from, most specific first. Once a
 * kernel-user exception was built, the reference has merged the kernel and
 * kernel-user tables into the user one, for every later user exception.
 */
static int cc_flag_tables(struct compiler *cc, enum cc_kind kind, bool signature,
			  const struct cc_flag_table **t)
{
	const struct cc_flag_table *f = cc->cfg.flags;
	int n = 0;

	if (signature) {
		t[n++] = &f[CC_FLAGS_SIGNATURES];
		return n;
	}
	if (kind == CC_KERNEL_USER)
		cc->user_flags_polluted = true;
	if (kind == CC_KERNEL) {
		t[n++] = &f[CC_FLAGS_KERNEL];
	} else {
		if (cc->user_flags_polluted) {
			t[n++] = &f[CC_FLAGS_KERNEL_USER];
			t[n++] = &f[CC_FLAGS_KERNEL];
		}
		t[n++] = &f[CC_FLAGS_USER];
	}
	t[n++] = &f[CC_FLAGS_COMMON];
	return n;
}

static bool cc_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

bool cc_has_token(const char *flags, const char *token)
{
	size_t n = strlen(token), k;
	const char *p = flags;

	for (;;) {
		while (cc_space(*p))
			p++;
		if (!*p)
			return false;
		for (k = 0; p[k] && !cc_space(p[k]); k++)
			;
		if (k == n && !memcmp(p, token, n))
			return true;
		p += k;
	}
}

int cc_flag_bits(struct compiler *cc, enum cc_kind kind, const char *flags,
		 bool signature, const struct cc_path *at, uint32_t *bits)
{
	const struct cc_flag_table *tables[4];
	const struct cc_flag *f;
	int n = cc_flag_tables(cc, kind, signature, tables), i;
	const char *p = flags;
	size_t k;

	*bits = 0;
	for (;;) {
		while (cc_space(*p))
			p++;
		if (!*p)
			return 0;
		for (k = 0; p[k] && !cc_space(p[k]); k++)
			;
		for (i = 0, f = NULL; i < n && !f; i++)
			f = cc_flag_find(tables[i], p, k);
		if (!f) {
			struct cc_path fp = cc_path_child(at, "flags");

			return cc_error(&fp, "unknown flag \"%.*s\" for %s", (int)k, p,
					signature ? "signatures" :
					kind == CC_KERNEL ? "kernel exceptions" :
					kind == CC_KERNEL_USER ? "kernel-user exceptions" :
					"user exceptions");
		}
		*bits |= f->bit;
		p += k;
	}
}

/* ---- signature ids */

/*
 * The key of a sig_id as Python's dict sees it: a string, or a number
 * (1, 1.0 and true are the same key). NULL for what cannot be a key.
 */
static const char *cc_sig_key(struct compiler *cc, const struct cc_str *str,
			      const struct jv *v, char *buf, size_t size, size_t *len)
{
	int64_t i;
	double d;
	char *key;

	if (str->s) {
		key = str->len + 1 <= size ? buf : cc_arena_alloc(&cc->arena, str->len + 1);
		if (!key)
			return NULL;
		key[0] = 's';
		memcpy(key + 1, str->s, str->len);
		*len = str->len + 1;
		return key;
	}
	if (cc_json_int(v, &i)) {
		snprintf(buf, size, "n%" PRId64, i);
	} else if (jv_is(v, JV_DOUBLE)) {
		d = v->d;
		if (d == (double)(int64_t)d)
			snprintf(buf, size, "n%" PRId64, (int64_t)d);
		else
			snprintf(buf, size, "f%.17g", d);
	} else {
		return NULL;
	}
	*len = strlen(buf);
	return buf;
}

/* A sig_id for messages: a string in quotes, or a number. */
static const char *cc_sig_display(struct compiler *cc, const char *key, size_t len)
{
	char *s = cc_arena_alloc(&cc->arena, len + 2);

	if (!s)
		return NULL;
	if (key[0] == 's')
		snprintf(s, len + 2, "\"%.*s\"", (int)len - 1, key + 1);
	else
		snprintf(s, len + 2, "%.*s", (int)len - 1, key + 1);
	return s;
}

static int cc_sig_ref_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int cc_sig_refs(struct compiler *cc, const struct jv *sigs,
		const struct cc_path *at, uint32_t **ids, size_t *n)
{
	const struct jv *v;
	struct cc_str str;
	struct cc_iter it;
	struct cc_sig *s;
	const char *key;
	char buf[256];
	size_t len, cap;

	*ids = NULL;
	*n = 0;
	if (cc_json_falsy(sigs))
		return 0;
	if (cc_iter_init(&it, sigs, at))
		return -1;
	cap = sigs->len;
	*ids = cc_arena_alloc(&cc->arena, cap * sizeof(**ids));
	if (!*ids)
		return cc_error(at, "out of memory");
	while (cc_iter_next(&it, &str, &v)) {
		struct cc_path p = cc_path_index(at, *n);

		key = cc_sig_key(cc, &str, v, buf, sizeof(buf), &len);
		s = key ? cc_strmap_get(&cc->sig_ids, key, len) : NULL;
		if (!s)
			return cc_error(&p, "unknown signature %s%s%s: expected the sig_id of a signature in this or an earlier file",
					str.s ? "\"" : "", str.s ? str.s : jv_kind(v),
					str.s ? "\"" : "");
		(*ids)[(*n)++] = s->id;
	}
	qsort(*ids, *n, sizeof(**ids), cc_sig_ref_cmp);
	return 0;
}

/* ---- payloads */

struct cc_sig_build {
	struct compiler *cc;
	const struct cc_path *at;
	const struct jv *d;
	struct cc_sig *s;
	uint8_t *buf;
	size_t len, cap;
};

static void cc_range(struct cc_sig_build *b, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (b->s->range_error)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	b->s->range_error = cc_arena_strndup(&b->cc->arena, msg, strlen(msg));
}

static int cc_put(struct cc_sig_build *b, uint64_t v, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		uint8_t *p = realloc(b->buf, cap);

		if (!p)
			return cc_error(b->at, "out of memory");
		b->buf = p;
		b->cap = cap;
	}
	for (size_t i = 0; i < n; i++)
		b->buf[b->len++] = i < 8 ? v >> (8 * i) : 0;
	return 0;
}

/* An unsigned field of @n bytes; a value out of range is a range error. */
static int cc_put_field(struct cc_sig_build *b, int64_t v, size_t n, const char *what)
{
	if (v < 0 || (n < 8 && (uint64_t)v >> (8 * n)))
		cc_range(b, "%s: %" PRId64 " does not fit in %zu bits", what, v, 8 * n);
	return cc_put(b, v, n);
}

static const struct jv *cc_key(struct cc_sig_build *b, const char *key)
{
	return jv_get(b->d, key);
}

static bool cc_has_key(struct cc_sig_build *b, const char *key)
{
	return cc_key(b, key);
}

static int cc_missing(struct cc_sig_build *b, const char *key, const char *what)
{
	struct cc_path p = cc_path_child(b->at, key);

	return cc_error(&p, "missing: expected %s", what);
}

/* "score": required non-zero; its range only matters when written. */
static int cc_sig_score(struct cc_sig_build *b, int64_t *score)
{
	const struct jv *v = cc_key(b, "score");
	double d = jv_is(v, JV_DOUBLE) ? v->d : 1;

	if (!cc_has_key(b, "score") || (cc_json_int(v, score) && !*score) || d == 0)
		return cc_missing(b, "score", "a score of 1 to 255");
	if (!cc_json_int(v, score)) {
		cc_range(b, "score: expected an integer");
		*score = 0;
	}
	return 0;
}

static int cc_hex(struct cc_sig_build *b, const struct cc_str *str, const struct jv *v,
		  const struct cc_path *at, int64_t *out)
{
	int err;

	if (!str->s)
		return cc_error(at, "expected a hexadecimal string, got %s",
				jv_kind(v));
	err = cc_py_int_str(str->s, str->len, 16, out);
	if (err == -ERANGE) {
		cc_range(b, "\"%s\" does not fit in 64 bits", str->s);
		*out = -1;
		return 0;
	}
	if (err)
		return cc_error(at, "expected a hexadecimal number, got \"%s\"", str->s);
	return 0;
}

static int cc_i64_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int cc_codeblocks_list(struct cc_sig_build *b, const struct jv *list,
			      const struct cc_path *at)
{
	const struct jv *v;
	struct cc_str str;
	struct cc_iter it;
	int64_t *h;
	size_t n = 0, cap = 16, i;
	int err = -1;

	if (cc_iter_init(&it, list, at))
		return -1;
	h = malloc(cap * sizeof(*h));
	while (h && cc_iter_next(&it, &str, &v)) {
		struct cc_path p = cc_path_index(at, n);

		if (n == cap) {
			int64_t *bigger = realloc(h, 2 * cap * sizeof(*h));

			if (!bigger)
				break;
			h = bigger;
			cap *= 2;
		}
		if (cc_hex(b, &str, v, &p, &h[n]))
			goto out;
		n++;
	}
	if (!h)
		return cc_error(at, "out of memory");
	qsort(h, n, sizeof(*h), cc_i64_cmp);
	err = cc_put_field(b, n, 1, "hashes: a list's length");
	for (i = 0; !err && i < n; i++)
		err = cc_put_field(b, h[i], 4, "hashes");
out:
	free(h);
	return err;
}

static int cc_sig_codeblocks(struct cc_sig_build *b)
{
	const struct jv *hashes = cc_key(b, "hashes"), *list;
	struct cc_path at = cc_path_child(b->at, "hashes");
	struct cc_str str;
	struct cc_iter it;
	int64_t score;
	size_t n = 0, count_at;

	if (cc_sig_score(b, &score))
		return -1;
	if (cc_json_falsy(hashes))
		return cc_missing(b, "hashes", "a list of lists of hashes");
	if (cc_put_field(b, score, 1, "score") || cc_iter_init(&it, hashes, &at))
		return -1;
	count_at = b->len;
	if (cc_put(b, 0, 1))
		return -1;
	while (cc_iter_next(&it, &str, &list)) {
		struct cc_path p = cc_path_index(&at, n++);

		if (!list) {
			/* a character or a key: a string, to Python a list of hashes */
			struct jv chars = { .type = JV_STRING, .len = str.len, .s = str.s };

			if (cc_codeblocks_list(b, &chars, &p))
				return -1;
			continue;
		}
		if (cc_codeblocks_list(b, list, &p))
			return -1;
	}
	if (n > 255)
		cc_range(b, "hashes: %zu lists do not fit in 8 bits", n);
	b->buf[count_at] = n;
	return 0;
}

static int cc_export_entry(struct cc_sig_build *b, const struct jv *h,
			   const struct cc_path *at)
{
	struct kvmexc_name_ctx ctx = {
		.kind = KVMEXC_KIND_SIGNATURE, .field = KVMEXC_FIELD_EXPORT_FUNCTION,
		.tables = &b->cc->cfg.tables,
	};
	const struct jv *delta, *name;
	struct cc_path p;
	int64_t d;
	u32 hash = KVMEXC_NAME_EMPTY;

	if (!jv_is(h, JV_OBJECT))
		return cc_error(at, "expected an object with \"name\" and \"delta\"");
	delta = jv_get(h, "delta");
	if (!delta)
		return cc_error(at, "missing \"delta\": expected a number");
	name = jv_get(h, "name");
	if (!name)
		return cc_error(at, "missing \"name\": expected a function name");
	p = cc_path_child(at, "delta");
	if (cc_py_int(delta, 10, &p, &d))
		return -1;
	p = cc_path_child(at, "name");
	if (!cc_json_falsy(name)) {
		if (!jv_is(name, JV_STRING))
			return cc_error(&p, "expected a function name");
		if (kvmexc_name_hash(&ctx, name->s,
				     name->len, &hash))
			return cc_error(&p, "not valid UTF-8 text (or a lone surrogate)");
	}
	return cc_put_field(b, d, 2, "delta") || cc_put(b, 0, 2) || cc_put(b, hash, 4) ||
	       cc_check_keys(h, (const char *const []){ "name", "delta", NULL },
			     "an export hash", at);
}

static int cc_sig_export(struct cc_sig_build *b)
{
	const struct jv *hashes = cc_key(b, "hashes"), *lib = cc_key(b, "library"), *h;
	struct cc_path at = cc_path_child(b->at, "hashes"), lp = cc_path_child(b->at, "library");
	struct kvmexc_name_ctx ctx = {
		.kind = KVMEXC_KIND_SIGNATURE, .field = KVMEXC_FIELD_EXPORT_LIBRARY,
		.tables = &b->cc->cfg.tables,
	};
	struct cc_str str;
	struct cc_iter it;
	size_t n = 0;
	u32 hash;

	if (cc_json_falsy(hashes))
		return cc_missing(b, "hashes", "a list of {\"name\", \"delta\"}");
	if (cc_json_falsy(lib))
		return cc_missing(b, "library", "a module name");
	if (!jv_is(lib, JV_STRING))
		return cc_error(&lp, "expected a module name");
	if (kvmexc_name_hash(&ctx, lib->s, lib->len,
			     &hash))
		return cc_error(&lp, "not valid UTF-8 text (or a lone surrogate)");
	if (cc_put(b, hash, 4) || cc_put(b, 0, 4) || cc_iter_init(&it, hashes, &at))
		return -1;
	while (cc_iter_next(&it, &str, &h)) {
		struct cc_path p = cc_path_index(&at, n++);

		if (cc_export_entry(b, h, &p))
			return -1;
	}
	if (n > 255)
		cc_range(b, "hashes: %zu entries do not fit in 8 bits", n);
	b->buf[12] = n;
	return 0;
}

static int cc_value_entry(struct cc_sig_build *b, const struct jv *h,
			  const struct cc_path *at)
{
	const struct jv *v[3] = { NULL, NULL, NULL };
	static const char *const keys[] = { "offset", "size", "hash", NULL };
	struct cc_str str = { 0 };
	int64_t n[2], hash;
	int i;

	if (!jv_is(h, JV_OBJECT))
		return cc_error(at, "expected an object with \"offset\", \"size\" and \"hash\"");
	for (i = 0; i < 3; i++) {
		v[i] = jv_get(h, keys[i]);
		if (!v[i])
			return cc_error(at, "missing \"%s\"", keys[i]);
	}
	for (i = 0; i < 2; i++) {
		if (!cc_json_int(v[i], &n[i])) {
			cc_range(b, "%s: expected an integer", keys[i]);
			n[i] = 0;
		}
	}
	struct cc_path p = cc_path_child(at, "hash");

	if (jv_is(v[2], JV_STRING)) {
		str.s = v[2]->s;
		str.len = v[2]->len;
	}
	if (cc_hex(b, &str, v[2], &p, &hash))
		return -1;
	return cc_put_field(b, n[0], 2, "offset") || cc_put_field(b, n[1], 2, "size") ||
	       cc_put(b, 0, 4) || cc_put_field(b, hash, 4, "hash") ||
	       cc_check_keys(h, keys, "a value hash", at);
}

static int cc_sig_value(struct cc_sig_build *b)
{
	const struct jv *hashes = cc_key(b, "hashes"), *h;
	struct cc_path at = cc_path_child(b->at, "hashes");
	struct cc_str str;
	struct cc_iter it;
	int64_t score;
	size_t n = 0;

	if (cc_sig_score(b, &score))
		return -1;
	if (cc_json_falsy(hashes))
		return cc_missing(b, "hashes", "a list of {\"offset\", \"size\", \"hash\"}");
	if (cc_put_field(b, score, 1, "score") || cc_put(b, 0, 3) ||
	    cc_iter_init(&it, hashes, &at))
		return -1;
	while (cc_iter_next(&it, &str, &h)) {
		struct cc_path p = cc_path_index(&at, n++);

		if (cc_value_entry(b, h, &p))
			return -1;
	}
	if (n > 255)
		cc_range(b, "hashes: %zu entries do not fit in 8 bits", n);
	b->buf[9] = n;
	return 0;
}

static int cc_sig_value_code(struct cc_sig_build *b)
{
	const struct jv *off = cc_key(b, "offset"), *pattern = cc_key(b, "pattern"), *v;
	struct cc_path at = cc_path_child(b->at, "pattern"), op = cc_path_child(b->at, "offset");
	struct cc_str str;
	struct cc_iter it;
	int64_t offset = 0, word;
	size_t n = 0;

	if (!cc_has_key(b, "offset"))
		return cc_missing(b, "offset", "a code offset from -32768 to 32767");
	if (!cc_has_key(b, "pattern"))
		return cc_missing(b, "pattern", "a list of byte patterns");
	if (!cc_json_falsy(off) && !cc_json_int(off, &offset)) {
		if (!jv_is(off, JV_DOUBLE))
			return cc_error(&op, "expected an integer from -32768 to 32767");
		if (off->d > 32767 || off->d < -32768)
			return cc_error(&op, "out of range: expected -32768 to 32767");
		cc_range(b, "offset: expected an integer");
	}
	if (offset > 32767 || offset < -32768)
		return cc_error(&op, "%" PRId64 " is out of range: expected -32768 to 32767",
				offset);
	if (cc_json_falsy(pattern))
		return cc_missing(b, "pattern", "a list of byte patterns");
	if (cc_put(b, (uint16_t)offset, 2) || cc_put(b, 0, 2) || cc_iter_init(&it, pattern, &at))
		return -1;
	while (cc_iter_next(&it, &str, &v)) {
		struct cc_path p = cc_path_index(&at, n++);

		if (cc_hex(b, &str, v, &p, &word) || cc_put_field(b, word, 2, "pattern"))
			return -1;
	}
	if (n > 65535)
		cc_range(b, "pattern: %zu words do not fit in 16 bits", n);
	b->buf[10] = n;
	b->buf[11] = n >> 8;
	return 0;
}

static int cc_sig_idt(struct cc_sig_build *b)
{
	const struct jv *v = cc_key(b, "entry");
	int64_t entry = 0;

	if (!v)
		return cc_missing(b, "entry", "an IDT entry from 0 to 255");
	if (!cc_json_int(v, &entry))
		cc_range(b, "entry: expected an integer");
	return cc_put_field(b, entry, 1, "entry") || cc_put(b, 0, 3);
}

/* One part of a version: "*" or Python int(), masked to 32 bits. */
static int cc_version_part(struct cc_sig_build *b, const char *key, const char *s,
			   size_t len, int64_t star, int64_t *out)
{
	struct cc_path p = cc_path_child(b->at, key);
	int err;

	if (len == 1 && *s == '*') {
		*out = star;
		return 0;
	}
	err = cc_py_int_str(s, len, 10, out);
	if (err == -ERANGE)
		return cc_error(&p, "\"%.*s\" is out of range", (int)len, s);
	if (err)
		return cc_error(&p, "expected a decimal number or *, got \"%.*s\"", (int)len, s);
	*out &= 0xFFFFFFFF;
	return 0;
}

/* "a.b.c" into three parts; false if it has not exactly two dots. */
static bool cc_version_split(const char *s, const char **part, size_t *len)
{
	const char *dot;
	int i;

	for (i = 0; i < 3; i++) {
		dot = strchr(s, '.');
		part[i] = s;
		len[i] = dot ? (size_t)(dot - s) : strlen(s);
		/* a dot after each of the first two parts, none after the last */
		if (i < 2 ? !dot : !!dot)
			return false;
		/* no dot after the last part: nothing to step over */
		if (dot)
			s = dot + 1;
	}
	return true;
}

static int cc_version_strings(struct cc_sig_build *b, const char **mn, const char **mx)
{
	const struct jv *v;
	const char *keys[2] = { "minimum", "maximum" };
	const char **out[2] = { mn, mx };
	int i;

	for (i = 0; i < 2; i++) {
		if (!cc_has_key(b, keys[i]))
			return cc_missing(b, keys[i], "a version string");
		v = cc_key(b, keys[i]);
		if (!jv_is(v, JV_STRING) ||
		    strlen(v->s) != v->len) {
			struct cc_path p = cc_path_child(b->at, keys[i]);

			return cc_error(&p, "expected a version string");
		}
		*out[i] = v->s;
	}
	return 0;
}

static int cc_sig_version_os(struct cc_sig_build *b)
{
	const char *mn, *mx, *part[3];
	size_t len[3];
	int64_t v;
	int i, k;

	if (cc_version_strings(b, &mn, &mx))
		return -1;
	if (!!strchr(mn, '.') != !!strchr(mx, '.'))
		return cc_error(b->at, "minimum and maximum: expected both as a build number or both as version.patch.sublevel");
	if (!strchr(mn, '.')) {
		for (k = 0; k < 2; k++) {
			const char *s = k ? mx : mn;

			if (cc_version_part(b, k ? "maximum" : "minimum", s, strlen(s),
					    k ? 0xFFFF : 0, &v) || cc_put(b, v, 8))
				return -1;
		}
		return 0;
	}
	for (k = 0; k < 2; k++) {
		const char *key = k ? "maximum" : "minimum";

		if (!cc_version_split(k ? mx : mn, part, len)) {
			struct cc_path p = cc_path_child(b->at, key);

			return cc_error(&p, "expected version.patch.sublevel");
		}
		for (i = 0; i < 3; i++) {
			if (cc_version_part(b, key, part[i], len[i], k ? 0xFFFF : 0, &v) ||
			    cc_put_field(b, v, i < 2 ? 1 : 2, key))
				return -1;
		}
		if (cc_put(b, k ? 0xFFFF : 0, 2) || cc_put(b, 0, 2))
			return -1;
	}
	return 0;
}

static int cc_sig_version_intro(struct cc_sig_build *b)
{
	const char *s[2], *part[3];
	size_t len[3];
	int64_t v;
	int i, k;

	if (cc_version_strings(b, &s[0], &s[1]))
		return -1;
	for (k = 0; k < 2; k++) {
		const char *key = k ? "maximum" : "minimum";

		if (!cc_version_split(s[k], part, len)) {
			struct cc_path p = cc_path_child(b->at, key);

			return cc_error(&p, "expected major.minor.revision");
		}
		for (i = 0; i < 3; i++)
			if (cc_version_part(b, key, part[i], len[i], k ? 0xFFFF : 0, &v) ||
			    cc_put_field(b, v, 2, key))
				return -1;
		if (cc_put(b, k ? 0xFFFF : 0, 2))
			return -1;
	}
	return 0;
}

static int cc_sig_process_creation(struct cc_sig_build *b)
{
	const struct jv *mask = cc_key(b, "create_mask"), *v, *bit;
	struct cc_path at = cc_path_child(b->at, "create_mask");
	struct cc_str str;
	struct cc_iter it;
	int64_t m = 0, x;
	size_t n = 0;

	if (!cc_has_key(b, "create_mask") || !mask)
		return cc_missing(b, "create_mask", "a list of process-creation flags");
	if (cc_iter_init(&it, mask, &at))
		return -1;
	while (cc_iter_next(&it, &str, &v)) {
		struct cc_path p = cc_path_index(&at, n++);

		bit = str.s && strlen(str.s) == str.len ?
		      jv_get(b->cc->cfg.process_creation, str.s) : NULL;
		if (!bit)
			return cc_error(&p, "unknown process-creation flag %s",
					str.s ? str.s : jv_kind(v));
		if (!jv_is(bit, JV_STRING) || cc_py_int_str(bit->s, bit->len, 16, &x))
			return cc_error(&p, "the configuration's value of %s is not a hex string",
					str.s);
		m |= x;
	}
	return cc_put_field(b, m, 4, "create_mask") || cc_put(b, 0, 12);
}

/* The keys of a signature: those of every type, then the type's own. */
#define CC_SIG_KEYS(...) \
	((const char *const []){ "sig_id", "sig_type", "flags", __VA_ARGS__, NULL })

static const struct {
	const char *name;
	uint8_t rtype;
	int (*build)(struct cc_sig_build *b);
	const char *const *keys;	/* what a signature of the type reads */
	const char *what;
} cc_sig_types[] = {
	{ "codeblocks", KVMEXC_REC_SIG_CODEBLOCKS, cc_sig_codeblocks,
	  CC_SIG_KEYS("score", "hashes"), "a codeblocks signature" },
	{ "export", KVMEXC_REC_SIG_EXPORT, cc_sig_export,
	  CC_SIG_KEYS("library", "hashes"), "an export signature" },
	{ "value", KVMEXC_REC_SIG_VALUE, cc_sig_value,
	  CC_SIG_KEYS("score", "hashes"), "a value signature" },
	{ "value-code", KVMEXC_REC_SIG_VALUE_CODE, cc_sig_value_code,
	  CC_SIG_KEYS("offset", "pattern"), "a value-code signature" },
	{ "idt", KVMEXC_REC_SIG_IDT, cc_sig_idt, CC_SIG_KEYS("entry"), "an idt signature" },
	{ "version-os", KVMEXC_REC_SIG_VERSION_OS, cc_sig_version_os,
	  CC_SIG_KEYS("minimum", "maximum"), "a version-os signature" },
	{ "version-intro", KVMEXC_REC_SIG_VERSION_INTRO, cc_sig_version_intro,
	  CC_SIG_KEYS("minimum", "maximum"), "a version-intro signature" },
	{ "process-creation", KVMEXC_REC_SIG_PROCESS_CREATION, cc_sig_process_creation,
	  CC_SIG_KEYS("create_mask"), "a process-creation signature" },
};

static int cc_sig_flags(struct cc_sig_build *b, uint32_t *bits)
{
	const struct jv *v = cc_key(b, "flags");
	struct cc_path p = cc_path_child(b->at, "flags");
	char *fl;

	if (cc_json_falsy(v))
		return cc_flag_bits(b->cc, CC_KERNEL, "32 64", true, b->at, bits);
	if (!jv_is(v, JV_STRING) ||
	    strlen(v->s) != v->len)
		return cc_error(&p, "expected a string of flags");
	fl = cc_arena_alloc(&b->cc->arena, v->len + 8);
	if (!fl)
		return cc_error(&p, "out of memory");
	strcpy(fl, v->s);
	if (!strstr(fl, "32") && !strstr(fl, "64"))
		strcat(fl, " 32 64");
	return cc_flag_bits(b->cc, CC_KERNEL, fl, true, b->at, bits);
}

/* The index of @t in cc_sig_types, ARRAY_SIZE(cc_sig_types) if it names none. */
static size_t cc_sig_type(const struct jv *t)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cc_sig_types); i++)
		if (jv_is(t, JV_STRING) && !strcmp(t->s, cc_sig_types[i].name))
			break;
	return i;
}

/* Type, id and flags, common to every signature; the id is allocated here. */
static int cc_sig_head(struct cc_sig_build *b, int *type)
{
	const struct jv *t = cc_key(b, "sig_type"), *sid = cc_key(b, "sig_id"), *code;
	struct cc_path p = cc_path_child(b->at, "sig_type");
	struct cc_str str = { 0 };
	const char *key;
	char buf[256];
	uint32_t flags;
	size_t len;
	int64_t c;

	if (!cc_has_key(b, "sig_type"))
		return cc_missing(b, "sig_type", "a signature type");
	*type = cc_sig_type(t);
	if (*type == ARRAY_SIZE(cc_sig_types)) {
		bool named = jv_is(t, JV_STRING);

		return cc_error(&p, "unknown signature type %s%s%s: expected codeblocks, export, value, value-code, idt, version-os, version-intro or process-creation",
				named ? "\"" : "", named ? t->s : jv_kind(t), named ? "\"" : "");
	}
	if (cc_json_falsy(sid))
		return cc_missing(b, "sig_id", "a signature id");
	if (jv_is(sid, JV_STRING)) {
		str.s = sid->s;
		str.len = sid->len;
	}
	p = cc_path_child(b->at, "sig_id");
	key = cc_sig_key(b->cc, &str, sid, buf, sizeof(buf), &len);
	if (!key)
		return cc_error(&p, "expected a string, got %s", jv_kind(sid));
	key = cc_arena_strndup(&b->cc->arena, key, len);
	if (!key)
		return cc_error(&p, "out of memory");
	b->s->name = cc_sig_display(b->cc, key, len);
	if (!b->s->name)
		return cc_error(&p, "out of memory");
	if (cc_strmap_get(&b->cc->sig_ids, key, len))
		return cc_error(&p, "duplicate signature %s", b->s->name);
	code = jv_get(b->cc->cfg.sig_types, cc_sig_types[*type].name);
	if (!code || !cc_json_int(code, &c))
		return cc_error(&p, "the configuration has no SignatureType %s",
				cc_sig_types[*type].name);
	if (cc_sig_flags(b, &flags))
		return -1;
	if (b->cc->nsigs_built + 1 >= (1u << KVMEXC_SIG_ID_VALUE_BITS))
		return cc_error(&p, "too many signatures");
	b->s->id = (uint32_t)(((uint64_t)c << KVMEXC_SIG_ID_VALUE_BITS) + ++b->cc->nsigs_built);
	b->s->rtype = cc_sig_types[*type].rtype;
	if (cc_strmap_put(&b->cc->sig_ids, key, len, b->s))
		return cc_error(&p, "out of memory");
	return cc_put(b, b->s->id, 4) || cc_put(b, flags, 4);
}

static int cc_build_signature(struct compiler *cc, const struct jv *d,
			      const struct cc_path *at)
{
	struct cc_sig *s = cc_arena_alloc(&cc->arena, sizeof(*s));
	struct cc_sig_build b = { .cc = cc, .at = at, .d = d, .s = s };
	int type = 0, err;

	if (!s)
		return cc_error(at, "out of memory");
	memset(s, 0, sizeof(*s));
	s->at = *at;
	/* keys last: what the reference refuses gets the reference's error */
	err = cc_sig_head(&b, &type) || cc_sig_types[type].build(&b) ||
	      cc_check_keys(d, cc_sig_types[type].keys, cc_sig_types[type].what, at);
	if (!err) {
		s->size = b.len;
		s->body = cc_arena_alloc(&cc->arena, b.len);
		err = !s->body || cc_vec_push(&cc->sigs, s);
		if (s->body)
			memcpy(s->body, b.buf, b.len);
	}
	free(b.buf);
	return err ? -1 : 0;
}

int cc_build_signatures(struct compiler *cc, const struct jv *list,
			const struct cc_path *at)
{
	const struct jv *el;
	struct cc_str str;
	struct cc_iter it;
	long i;

	if (cc_iter_init(&it, list, at))
		return -1;
	for (i = 0; cc_iter_next(&it, &str, &el); i++) {
		struct cc_path p = cc_path_index(at, i);

		if (!jv_is(el, JV_OBJECT))
			return cc_error(&p, "expected a signature object");
		if (cc_build_signature(cc, el, &p))
			return -1;
	}
	return 0;
}
