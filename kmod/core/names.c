// SPDX-License-Identifier: GPL-2.0
/*
 * Name hashing. Names are walked as a stream of code points, lower-cased and
 * encoded on the fly into the CRC, so nothing is allocated and any length
 * works: the module may hash runtime names where it cannot sleep.
 */
#include "compat.h"
#include "crc32.h"
#include "names.h"

#include <linux/kvmexc.h>

struct names_lower_run {
	u32 first, last;
	u32 stride;		/* 1, or 2 for alternating upper/lower pairs */
	s32 delta;
};

struct names_range {
	u32 first, last;
};

#include "names_tables.h"

#define NAMES_CAPITAL_SIGMA	0x3A3
#define NAMES_SMALL_SIGMA	0x3C3
#define NAMES_FINAL_SIGMA	0x3C2
#define NAMES_CAPITAL_I_DOT	0x130	/* lower-cases to "i" + U+0307 */
#define NAMES_COMBINING_DOT	0x307

/* The reference's IMAGE_BASE_NAME_LEN and LIX_COMM_LEN. */
#define NAMES_IMAGE_LEN		14
#define NAMES_COMM_LEN		15

static const struct kvmexc_name_value names_kernel[] = {
	{ "*", KVMEXC_NAME_ANY }, { "[own]", KVMEXC_NAME_OWN },
	{ "[kernel]", KVMEXC_NAME_KERNEL }, { "[hal]", KVMEXC_NAME_HAL },
	{ "-", KVMEXC_NAME_NO_NAME }, { NULL, 0 }
};

static const struct kvmexc_name_value names_user[] = {
	{ "*", KVMEXC_NAME_ANY }, { "[own]", KVMEXC_NAME_OWN },
	{ "[vdso]", KVMEXC_NAME_VDSO }, { "[vsyscall]", KVMEXC_NAME_VSYSCALL },
	{ "-", KVMEXC_NAME_NO_NAME }, { NULL, 0 }
};

static const struct kvmexc_name_value names_signature[] = {
	{ "*", KVMEXC_NAME_ANY }, { "-", KVMEXC_NAME_NO_NAME }, { NULL, 0 }
};

const struct kvmexc_name_tables kvmexc_name_shipped_tables = {
	.kernel = names_kernel,
	.user = names_user,
	.signature = names_signature,
};

const char *kvmexc_name_predefined(const struct kvmexc_name_value *table, u32 hash)
{
	for (; table->name; table++)
		if (table->value == hash)
			return table->name;
	return NULL;
}

/* ---- UTF-8 */

/* Decodes the code point at *@pos, strictly (no overlongs, no surrogates). */
static int names_utf8_decode(const u8 *s, size_t len, size_t *pos, u32 *cp)
{
	static const u32 min_by_len[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t i = *pos, n, k;
	u32 c = s[i];

	if (c < 0x80) {
		*cp = c;
		*pos = i + 1;
		return 0;
	}
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4;
	else
		return -EILSEQ;
	if (len - i < n)
		return -EILSEQ;
	c &= 0x7F >> n;
	for (k = 1; k < n; k++) {
		if ((s[i + k] & 0xC0) != 0x80)
			return -EILSEQ;
		c = c << 6 | (s[i + k] & 0x3F);
	}
	if (c < min_by_len[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -EILSEQ;
	*cp = c;
	*pos = i + n;
	return 0;
}

static int names_utf8_validate(const u8 *s, size_t len)
{
	size_t pos = 0;
	u32 cp;
	int err;

	while (pos < len) {
		err = names_utf8_decode(s, len, &pos, &cp);
		if (err)
			return err;
	}
	return 0;
}

/* Only for validated text. */
static u32 names_utf8_at(const u8 *s, size_t len, size_t *pos)
{
	u32 cp = 0;

	names_utf8_decode(s, len, pos, &cp);
	return cp;
}

static size_t names_utf8_encode(u32 cp, u8 *out)
{
	if (cp < 0x80) {
		out[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = 0xC0 | cp >> 6;
		out[1] = 0x80 | (cp & 0x3F);
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = 0xE0 | cp >> 12;
		out[1] = 0x80 | (cp >> 6 & 0x3F);
		out[2] = 0x80 | (cp & 0x3F);
		return 3;
	}
	out[0] = 0xF0 | cp >> 18;
	out[1] = 0x80 | (cp >> 12 & 0x3F);
	out[2] = 0x80 | (cp >> 6 & 0x3F);
	out[3] = 0x80 | (cp & 0x3F);
	return 4;
}

static size_t names_utf16le_encode(u32 cp, u8 *out)
{
	u32 hi, lo;

	if (cp < 0x10000) {
		out[0] = cp & 0xFF;
		out[1] = cp >> 8;
		return 2;
	}
	cp -= 0x10000;
	hi = 0xD800 | cp >> 10;
	lo = 0xDC00 | (cp & 0x3FF);
	out[0] = hi & 0xFF;
	out[1] = hi >> 8;
	out[2] = lo & 0xFF;
	out[3] = lo >> 8;
	return 4;
}

/* ---- Unicode properties */

static bool names_in_ranges(const struct names_range *r, size_t n, u32 cp)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < r[mid].first)
			hi = mid;
		else if (cp > r[mid].last)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

bool kvmexc_name_isalpha(u32 cp)
{
	return names_in_ranges(names_alpha, ARRAY_SIZE(names_alpha), cp);
}

/* One-to-one lower-case mapping; U+0130 and sigma are handled by the caller. */
static u32 names_lower_simple(u32 cp)
{
	size_t lo = 0, hi = ARRAY_SIZE(names_lower_runs);

	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct names_lower_run *run = &names_lower_runs[mid];

		if (cp < run->first) {
			hi = mid;
		} else if (cp > run->last) {
			lo = mid + 1;
		} else {
			if ((cp - run->first) % run->stride)
				return cp;
			return (u32)((s32)cp + run->delta);
		}
	}
	return cp;
}

/*
 * Python's final-sigma context, on the original text: a cased letter before
 * (case-ignorable characters skipped) and none after.
 */
static bool names_final_sigma(const u8 *s, size_t start, size_t len,
			      size_t at, size_t after)
{
	size_t pos = at;
	bool cased = false;
	u32 cp;

	while (pos > start) {
		size_t prev = pos - 1, p;

		while (prev > start && (s[prev] & 0xC0) == 0x80)
			prev--;
		p = prev;
		cp = names_utf8_at(s, len, &p);
		pos = prev;
		if (names_in_ranges(names_case_ignorable,
				    ARRAY_SIZE(names_case_ignorable), cp))
			continue;
		cased = names_in_ranges(names_cased, ARRAY_SIZE(names_cased), cp);
		break;
	}
	if (!cased)
		return false;
	pos = after;
	while (pos < len) {
		cp = names_utf8_at(s, len, &pos);
		if (names_in_ranges(names_case_ignorable,
				    ARRAY_SIZE(names_case_ignorable), cp))
			continue;
		return !names_in_ranges(names_cased, ARRAY_SIZE(names_cased), cp);
	}
	return true;
}

/* ---- the normalised stream of code points */

struct names_iter {
	const u8 *s;
	size_t start, len, pos;
	bool lower;
	u32 pending;		/* second code point of an expansion, or 0 */
};

static void names_iter_init(struct names_iter *it, const u8 *s, size_t start,
			    size_t len, bool lower)
{
	it->s = s;
	it->start = start;
	it->len = len;
	it->pos = start;
	it->lower = lower;
	it->pending = 0;
}

static bool names_next(struct names_iter *it, u32 *cp)
{
	size_t at = it->pos;
	u32 c;

	if (it->pending) {
		*cp = it->pending;
		it->pending = 0;
		return true;
	}
	if (it->pos >= it->len)
		return false;
	c = names_utf8_at(it->s, it->len, &it->pos);
	if (it->lower) {
		if (c == NAMES_CAPITAL_I_DOT) {
			c = 'i';
			it->pending = NAMES_COMBINING_DOT;
		} else if (c == NAMES_CAPITAL_SIGMA) {
			c = names_final_sigma(it->s, it->start, it->len, at, it->pos) ?
			    NAMES_FINAL_SIGMA : NAMES_SMALL_SIGMA;
		} else {
			c = names_lower_simple(c);
		}
	}
	*cp = c;
	return true;
}

long kvmexc_name_lower(const char *in, size_t len, char *out, size_t size)
{
	const u8 *s = (const u8 *)in;
	struct names_iter it;
	size_t n = 0, k, i;
	u8 buf[4];
	u32 cp;

	if (names_utf8_validate(s, len))
		return -EILSEQ;
	names_iter_init(&it, s, 0, len, true);
	while (names_next(&it, &cp)) {
		k = names_utf8_encode(cp, buf);
		for (i = 0; i < k; i++, n++)
			if (n < size)
				out[n] = buf[i];
	}
	return n;
}

/* ---- hashing rules (spec compiler.md 4.7) */

enum names_table { NAMES_TABLE_KERNEL, NAMES_TABLE_USER, NAMES_TABLE_SIGNATURE };

struct names_rule {
	enum names_table table;
	bool lower;
	bool wide;
	u8 trim;		/* code points (bytes for escaped names); 0: all */
	bool path;		/* kernel originators: last path component */
	bool escapes;		/* user names "*...\xNN..." */
	u32 empty;		/* the value of an empty name */
};

/* Fields that hold an image name (narrow, trimmed) rather than a module's. */
static bool names_um_image(u8 type, bool apc, bool victim)
{
	switch (type) {
	case KVMEXC_UM_OBJ_PROCESS:
	case KVMEXC_UM_OBJ_THREAD_CONTEXT:
	case KVMEXC_UM_OBJ_PEB32:
	case KVMEXC_UM_OBJ_PEB64:
	case KVMEXC_UM_OBJ_APC_THREAD:
	case KVMEXC_UM_OBJ_INSTRUMENTATION_CALLBACK:
		return true;
	case KVMEXC_UM_OBJ_PROCESS_CREATION:
	case KVMEXC_UM_OBJ_PROCESS_CREATION_DPI:
		return !apc;
	case KVMEXC_UM_OBJ_DOUBLE_AGENT:
		return apc || victim;
	default:
		return false;
	}
}

static void names_narrow(struct names_rule *r, u8 trim)
{
	r->wide = false;
	r->trim = trim;
}

static int names_kernel_rule(const struct kvmexc_name_ctx *ctx,
			     struct names_rule *r)
{
	switch (ctx->field) {
	case KVMEXC_FIELD_ORIGINATOR:
		r->path = true;
		return 0;
	case KVMEXC_FIELD_VICTIM:
		switch (ctx->object_type) {
		case KVMEXC_KM_OBJ_SUD_MODIFICATION:
			r->lower = false;
			names_narrow(r, 0);
			break;
		case KVMEXC_KM_OBJ_TOKEN_PRIVS:
		case KVMEXC_KM_OBJ_SECURITY_DESCRIPTOR:
		case KVMEXC_KM_OBJ_ACL_EDIT:
			names_narrow(r, NAMES_IMAGE_LEN);
			break;
		}
		return 0;
	default:
		return -EINVAL;
	}
}

static int names_user_rule(const struct kvmexc_name_ctx *ctx,
			   struct names_rule *r, bool apc)
{
	bool linux_comm = !apc && (ctx->flags & KVMEXC_NAME_LINUX);
	u8 trim = linux_comm ? NAMES_COMM_LEN : NAMES_IMAGE_LEN;

	r->table = NAMES_TABLE_USER;
	r->escapes = !apc;
	switch (ctx->field) {
	case KVMEXC_FIELD_ORIGINATOR:
		if (names_um_image(ctx->object_type, apc, false) &&
		    !(ctx->flags & KVMEXC_NAME_MODULE_LOAD))
			names_narrow(r, trim);
		return 0;
	case KVMEXC_FIELD_VICTIM:
		if (names_um_image(ctx->object_type, apc, true))
			names_narrow(r, trim);
		return 0;
	case KVMEXC_FIELD_PROCESS:
		names_narrow(r, NAMES_IMAGE_LEN);
		return 0;
	default:
		return -EINVAL;
	}
}

static int names_kernel_user_rule(const struct kvmexc_name_ctx *ctx,
				  struct names_rule *r)
{
	switch (ctx->field) {
	case KVMEXC_FIELD_ORIGINATOR:
		if (ctx->flags & KVMEXC_NAME_KUM_USER) {
			r->table = NAMES_TABLE_USER;
			names_narrow(r, NAMES_IMAGE_LEN);
		}
		return 0;
	case KVMEXC_FIELD_VICTIM:
		r->table = NAMES_TABLE_USER;
		return 0;
	case KVMEXC_FIELD_PROCESS:
		r->table = NAMES_TABLE_USER;
		names_narrow(r, NAMES_IMAGE_LEN);
		return 0;
	default:
		return -EINVAL;
	}
}

static int names_signature_rule(const struct kvmexc_name_ctx *ctx,
				struct names_rule *r)
{
	r->lower = false;
	r->empty = KVMEXC_NAME_EMPTY;
	switch (ctx->field) {
	case KVMEXC_FIELD_EXPORT_LIBRARY:
		r->table = NAMES_TABLE_USER;
		return 0;
	case KVMEXC_FIELD_EXPORT_FUNCTION:
		r->table = NAMES_TABLE_SIGNATURE;
		names_narrow(r, 0);
		return 0;
	default:
		return -EINVAL;
	}
}

static int names_rule(const struct kvmexc_name_ctx *ctx, struct names_rule *r)
{
	*r = (struct names_rule) {
		.table = NAMES_TABLE_KERNEL,
		.lower = !(ctx->flags & KVMEXC_NAME_LINUX),
		.wide = true,
		.empty = ctx->field == KVMEXC_FIELD_ORIGINATOR ?
			 KVMEXC_NAME_EMPTY : KVMEXC_NAME_ANY,
	};
	switch (ctx->kind) {
	case KVMEXC_KIND_KERNEL:
		return names_kernel_rule(ctx, r);
	case KVMEXC_KIND_USER:
		return names_user_rule(ctx, r, false);
	case KVMEXC_KIND_USER_APC:
		return names_user_rule(ctx, r, true);
	case KVMEXC_KIND_KERNEL_USER:
		return names_kernel_user_rule(ctx, r);
	case KVMEXC_KIND_SIGNATURE:
		return names_signature_rule(ctx, r);
	default:
		return -EINVAL;
	}
}

/* ---- the steps */

/*
 * A path has at least three characters and starts with a separator or with
 * "<letter>:\"; only what follows its last backslash (else its last slash)
 * is hashed. Decided on the original text, before lower-casing.
 */
static int names_reduce_path(const u8 *s, size_t len, size_t *start)
{
	size_t pos = 0, i;
	u32 cp[3];
	int n;

	for (n = 0; n < 3 && pos < len; n++)
		cp[n] = names_utf8_at(s, len, &pos);
	if (n < 3)
		return 0;
	if (cp[0] != '\\' && cp[0] != '/' &&
	    !(kvmexc_name_isalpha(cp[0]) && cp[1] == ':' && cp[2] == '\\'))
		return 0;
	for (i = len; i > 0 && s[i - 1] != '\\'; i--)
		;
	if (!i)
		for (i = len; i > 0 && s[i - 1] != '/'; i--)
			;
	if (i == len)
		return -EISDIR;
	*start = i;
	return 0;
}

#define NAMES_PREDEFINED_MAX 64

/* The predefined value of the whole normalised name, if it has one. */
static bool names_predefined(const struct names_iter *start,
			     const struct kvmexc_name_value *table, u32 *value)
{
	struct names_iter it = *start;
	u8 buf[NAMES_PREDEFINED_MAX];
	size_t n = 0;
	u32 cp;

	while (names_next(&it, &cp)) {
		if (n + 4 > sizeof(buf))
			return false;
		n += names_utf8_encode(cp, buf + n);
	}
	for (; table->name; table++) {
		if (strlen(table->name) == n && !memcmp(table->name, buf, n)) {
			*value = table->value;
			return true;
		}
	}
	return false;
}

/* "*" first and "\x" somewhere, after lower-casing. */
static bool names_has_escapes(const struct names_iter *start)
{
	struct names_iter it = *start;
	u32 cp, prev = 0;

	if (!names_next(&it, &cp) || cp != '*')
		return false;
	while (names_next(&it, &cp)) {
		if (prev == '\\' && cp == 'x')
			return true;
		prev = cp;
	}
	return false;
}

/* Python's whitespace, which int() strips. */
static bool names_py_space(u32 cp)
{
	return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) ||
	       cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
	       cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

static int names_hex_digit(u32 cp)
{
	if (cp >= '0' && cp <= '9')
		return cp - '0';
	if (cp >= 'a' && cp <= 'f')
		return cp - 'a' + 10;
	if (cp >= 'A' && cp <= 'F')
		return cp - 'A' + 10;
	return -1;
}

/* int(text, 16) of the (up to) two characters after "\x", as a byte. */
static int names_escape_byte(const u32 *c, int n)
{
	int first = 0, last = n, value = 0, digits = 0, d;
	bool negative = false;

	while (first < last && names_py_space(c[first]))
		first++;
	while (last > first && names_py_space(c[last - 1]))
		last--;
	if (first < last && (c[first] == '+' || c[first] == '-'))
		negative = c[first++] == '-';
	for (; first < last; first++, digits++) {
		d = names_hex_digit(c[first]);
		if (d < 0)
			return -EBADMSG;
		value = value * 16 + d;
	}
	if (!digits || (negative && value))
		return -EBADMSG;
	return value;
}

struct names_crc {
	u32 crc;
	size_t n;
	u8 buf[64];
};

static void names_crc_put(struct names_crc *c, const u8 *b, size_t n)
{
	if (c->n + n > sizeof(c->buf)) {
		c->crc = kvmexc_crc32(c->buf, c->n, c->crc);
		c->n = 0;
	}
	memcpy(c->buf + c->n, b, n);
	c->n += n;
}

static u32 names_crc_end(struct names_crc *c)
{
	return kvmexc_crc32(c->buf, c->n, c->crc);
}

/*
 * The next bytes of an escaped name: one decoded "\xNN" or the UTF-8 of one
 * character. Returns how many, 0 at the end, or an error.
 */
static int names_escaped_next(struct names_iter *it, u8 *buf)
{
	struct names_iter ahead;
	u32 cp, x, hex[2];
	int n = 0, byte;

	if (!names_next(it, &cp))
		return 0;
	if (cp != '\\')
		return names_utf8_encode(cp, buf);
	ahead = *it;
	if (!names_next(&ahead, &x))
		return -EBADMSG;	/* the reference reads past the end */
	if (x != 'x')
		return names_utf8_encode(cp, buf);
	while (n < 2 && names_next(&ahead, &hex[n]))
		n++;
	byte = names_escape_byte(hex, n);
	if (byte < 0)
		return byte;
	*it = ahead;
	buf[0] = byte;
	return 1;
}

/* Escaped names are decoded whole (errors anywhere count), then trimmed. */
static int names_hash_escaped(struct names_iter *it, u8 trim, u32 *hash)
{
	struct names_crc crc = { .crc = KVMEXC_CRC32_INITIAL };
	size_t out = 0;
	u8 buf[4];
	int k;

	while ((k = names_escaped_next(it, buf)) > 0) {
		if (trim && out + k > trim)
			k = out < trim ? trim - out : 0;
		names_crc_put(&crc, buf, k);
		out += k;
	}
	if (k < 0)
		return k;
	*hash = names_crc_end(&crc);
	return 0;
}

long kvmexc_name_unescape(const char *in, size_t len, char *out, size_t size)
{
	const u8 *s = (const u8 *)in;
	struct names_iter it;
	size_t n = 0;
	u8 buf[4];
	int k, i;

	if (names_utf8_validate(s, len))
		return -EILSEQ;
	names_iter_init(&it, s, 0, len, false);
	if (!names_has_escapes(&it))
		return 0;
	while ((k = names_escaped_next(&it, buf)) > 0)
		for (i = 0; i < k; i++, n++)
			if (n < size)
				out[n] = buf[i];
	return k < 0 ? k : (long)n;
}

static void names_hash_text(struct names_iter *it, bool wide, u8 trim,
			    u32 *hash)
{
	struct names_crc crc = { .crc = KVMEXC_CRC32_INITIAL };
	size_t count = 0, k;
	u8 buf[4];
	u32 cp;

	while ((!trim || count < trim) && names_next(it, &cp)) {
		k = wide ? names_utf16le_encode(cp, buf) : names_utf8_encode(cp, buf);
		names_crc_put(&crc, buf, k);
		count++;
	}
	*hash = names_crc_end(&crc);
}

static u32 names_hash_raw(const u8 *s, size_t len, u8 trim)
{
	if (trim && len > trim)
		len = trim;
	return kvmexc_crc32(s, len, KVMEXC_CRC32_INITIAL);
}

static const struct kvmexc_name_value *
names_table(const struct kvmexc_name_ctx *ctx, enum names_table which)
{
	const struct kvmexc_name_tables *t = ctx->tables ? ctx->tables :
					     &kvmexc_name_shipped_tables;

	switch (which) {
	case NAMES_TABLE_KERNEL:
		return t->kernel;
	case NAMES_TABLE_USER:
		return t->user;
	default:
		return t->signature;
	}
}

int kvmexc_name_hash(const struct kvmexc_name_ctx *ctx, const char *name,
		     size_t len, u32 *hash)
{
	const u8 *s = (const u8 *)name;
	struct names_rule rule;
	struct names_iter it;
	size_t start = 0;
	int err;

	err = names_rule(ctx, &rule);
	if (err)
		return err;
	if (!len) {
		*hash = rule.empty;
		return 0;
	}
	if (ctx->flags & KVMEXC_NAME_RAW) {
		if (rule.wide)
			return -EOPNOTSUPP;
		*hash = names_hash_raw(s, len, rule.trim);
		return 0;
	}
	err = names_utf8_validate(s, len);
	if (!err && rule.path)
		err = names_reduce_path(s, len, &start);
	if (err)
		return err;
	names_iter_init(&it, s, start, len, rule.lower);
	if (rule.escapes && names_has_escapes(&it)) {
		if (rule.wide)
			return -EOPNOTSUPP;
		return names_hash_escaped(&it, rule.trim, hash);
	}
	if (names_predefined(&it, names_table(ctx, rule.table), hash))
		return 0;
	names_hash_text(&it, rule.wide, rule.trim, hash);
	return 0;
}
