// SPDX-License-Identifier: GPL-2.0
/*
 * excctl dump FILE.bin [--json]: an exceptions file in readable form.
 * Every record is decoded into a JSON object first; the text form prints
 * the same fields on one line.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <linux/kvmexc.h>

#include "dump.h"
#include "excctl.h"

struct dump_ctx {
	const uint8_t *buf;
	size_t len;
	size_t off;		/* of the current record's header */
	long index;		/* of the current record, -1 for the file header */
};

static int dump_error(const struct dump_ctx *d, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "excctl dump: offset %zu, ", d->off);
	if (d->index < 0)
		fprintf(stderr, "file header: ");
	else
		fprintf(stderr, "record %ld: ", d->index);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static uint32_t le16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

static uint32_t le32(const uint8_t *p)
{
	return le16(p) | (uint32_t)le16(p + 2) << 16;
}

static uint64_t le64(const uint8_t *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

static void dump_str(struct json_object *o, const char *key, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	json_object_object_add(o, key, json_object_new_string(buf));
}

static void dump_int(struct json_object *o, const char *key, int64_t v)
{
	json_object_object_add(o, key, json_object_new_int64(v));
}

/* ---- names of values */

enum dump_table { DUMP_KERNEL, DUMP_USER, DUMP_KERNEL_USER, DUMP_SIGNATURE };

static void dump_hash(struct json_object *o, const char *key, uint32_t h, enum dump_table t)
{
	static const char *const kernel[] = { "*", "[own]", "[kernel]", "[hal]", "-" };
	static const char *const user[] = { "*", "[own]", "[vdso]", "[vsyscall]", "-" };

	if (h == KVMEXC_NAME_EMPTY)
		dump_str(o, key, "0x%08" PRIx32 " (empty)", h);
	else if (h <= 4 && t != DUMP_SIGNATURE)
		dump_str(o, key, "0x%08" PRIx32 " %s", h, t == DUMP_KERNEL ? kernel[h] : user[h]);
	else if ((h == 0 || h == 4) && t == DUMP_SIGNATURE)
		dump_str(o, key, "0x%08" PRIx32 " %s", h, h ? "-" : "*");
	else
		dump_str(o, key, "0x%08" PRIx32, h);
}

struct dump_flag {
	uint32_t bit;
	const char *name;
};

static const struct dump_flag dump_common_flags[] = {
	{ KVMEXC_FLAG_FEEDBACK, "feedback" }, { KVMEXC_FLAG_32, "32" }, { KVMEXC_FLAG_64, "64" },
	{ KVMEXC_FLAG_INIT, "init" }, { KVMEXC_FLAG_RETURN, "return" },
	{ KVMEXC_FLAG_LINUX, "linux" }, { KVMEXC_FLAG_READ, "read" },
	{ KVMEXC_FLAG_WRITE, "write" }, { KVMEXC_FLAG_EXEC, "exec" },
	{ KVMEXC_FLAG_IGNORE, "ignore" }, { 0, NULL }
};

static const struct dump_flag dump_kernel_flags[] = {
	{ KVMEXC_FLAG_KM_NON_DRIVER, "non-driver" }, { KVMEXC_FLAG_KM_RETURN_DRV, "return-drv" },
	{ KVMEXC_FLAG_KM_SMAP, "smap" }, { KVMEXC_FLAG_KM_SMEP, "smep" },
	{ KVMEXC_FLAG_KM_INTEGRITY, "integrity" }, { 0, NULL }
};

static const struct dump_flag dump_user_flags[] = {
	{ KVMEXC_FLAG_UM_SYSTEM_PROCESS, "system-process" }, { KVMEXC_FLAG_UM_CHILD, "child" },
	{ KVMEXC_FLAG_UM_ONE_TIME, "one-time" }, { KVMEXC_FLAG_UM_LIKE_APPHELP, "like-apphelp" },
	{ KVMEXC_FLAG_UM_DEBUG, "debug" }, { KVMEXC_FLAG_UM_MODULE_LOAD, "module-load" },
	{ 0, NULL }
};

static const struct dump_flag dump_kernel_user_flags[] = {
	{ KVMEXC_FLAG_KUM_USER, "user" }, { KVMEXC_FLAG_KUM_KERNEL, "kernel" }, { 0, NULL }
};

static const struct dump_flag dump_sig_flags[] = {
	{ KVMEXC_SIG_FLAG_32, "32" }, { KVMEXC_SIG_FLAG_64, "64" },
	{ KVMEXC_SIG_FLAG_MEDIUM, "medium" }, { KVMEXC_SIG_FLAG_LINUX, "linux" },
	{ KVMEXC_SIG_FLAG_CLI, "cli" }, { 0, NULL }
};

static void dump_flag_names(char *s, size_t size, uint32_t *left, const struct dump_flag *f)
{
	for (; f->name; f++) {
		if (!(*left & f->bit))
			continue;
		*left &= ~f->bit;
		snprintf(s + strlen(s), size - strlen(s), "%s%s", *s ? " " : "", f->name);
	}
}

static void dump_flags(struct json_object *o, uint32_t flags, enum dump_table t)
{
	char names[256] = "";
	uint32_t left = flags;

	if (t == DUMP_SIGNATURE) {
		dump_flag_names(names, sizeof(names), &left, dump_sig_flags);
	} else {
		dump_flag_names(names, sizeof(names), &left, dump_common_flags);
		if (t != DUMP_USER)
			dump_flag_names(names, sizeof(names), &left, dump_kernel_flags);
		if (t != DUMP_KERNEL)
			dump_flag_names(names, sizeof(names), &left, dump_user_flags);
		if (t == DUMP_KERNEL_USER)
			dump_flag_names(names, sizeof(names), &left, dump_kernel_user_flags);
	}
	if (left)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s0x%" PRIx32,
			 *names ? " " : "", left);
	dump_str(o, "flags", "0x%08" PRIx32 " (%s)", flags, names);
}

static const char *const dump_km_types[] = {
	"none", "any", "driver", "driver imports", "driver code", "driver data",
	"driver resources", "ssdt", "drvobj", "fastio", "msr", "cr4", "hal-heap",
	"selfmap", "idt", "idt-reg", "gdt-reg", "infinity-hook", "driver exports",
	"token-privs", "sud-exec", "hal-perf-counter", "security-descriptor",
	"acl-edit", "sud-modification", "interrupt-obj",
};

static const char *const dump_um_types[] = {
	"none", "any", "process", "module", "module imports", "nx_zone",
	"module exports", "thread-context", "peb32", "peb64", "apc-thread",
	"process-creation", "double-agent", "process-creation-dpi", "sud-exec",
	"instrumentation-callback",
};

static const char *const dump_kum_types[] = {
	"none", "any", "module", "module imports", "module exports",
};

static void dump_object_type(struct json_object *o, uint8_t t, enum dump_table table)
{
	const char *const *names = table == DUMP_KERNEL ? dump_km_types :
				   table == DUMP_USER ? dump_um_types : dump_kum_types;
	size_t n = table == DUMP_KERNEL ? 26 : table == DUMP_USER ? 16 : 5;

	if (t < n)
		dump_str(o, "object_type", "%s (%u)", names[t], t);
	else
		dump_str(o, "object_type", "unknown (%u)", t);
}

static const char *dump_sig_type(uint32_t code)
{
	switch (code) {
	case KVMEXC_SIG_VERSION_OS: return "version-os";
	case KVMEXC_SIG_VERSION_INTRO: return "version-intro";
	case KVMEXC_SIG_PROCESS_CREATION: return "process-creation";
	case KVMEXC_SIG_EXPORT: return "export";
	case KVMEXC_SIG_VALUE: return "value";
	case KVMEXC_SIG_IDT: return "idt";
	case KVMEXC_SIG_VALUE_CODE: return "value-code";
	case KVMEXC_SIG_CODEBLOCKS: return "codeblocks";
	default: return "unknown";
	}
}

static struct json_object *dump_sig_id(uint32_t id)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%s#%" PRIu32 " (0x%08" PRIx32 ")",
		 dump_sig_type(KVMEXC_SIG_ID_TYPE(id)), KVMEXC_SIG_ID_VALUE(id), id);
	return json_object_new_string(buf);
}

/* ---- records */

static int dump_sig_refs(const struct dump_ctx *d, struct json_object *o, const uint8_t *p,
			 size_t n)
{
	struct json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, dump_sig_id(le32(p + 4 * i)));
	json_object_object_add(o, "signatures", a);
	(void)d;
	return 0;
}

static int dump_exception(const struct dump_ctx *d, struct json_object *o, uint8_t type,
			  const uint8_t *b, size_t size)
{
	enum dump_table t = type == KVMEXC_REC_KERNEL ? DUMP_KERNEL :
			    type == KVMEXC_REC_KERNEL_USER ? DUMP_KERNEL_USER : DUMP_USER;
	size_t n;

	if (size < 20)
		return dump_error(d, "%zu bytes, expected at least 20", size);
	n = le16(b + 18);
	if (size != 20 + 4 * n)
		return dump_error(d, "%zu bytes, expected %zu for %zu signatures", size, 20 + 4 * n, n);
	dump_hash(o, "originator", le32(b), t == DUMP_KERNEL_USER ? DUMP_KERNEL : t);
	if (t == DUMP_KERNEL) {
		dump_str(o, "path", "0x%08" PRIx32, le32(b + 4));
		dump_hash(o, "victim", le32(b + 8), t);
	} else {
		dump_hash(o, "victim", le32(b + 4), DUMP_USER);
		dump_hash(o, "process", le32(b + 8), DUMP_USER);
	}
	dump_flags(o, le32(b + 12), t);
	dump_object_type(o, b[17], t);
	return dump_sig_refs(d, o, b + 20, n);
}

/* Bytes as text, NULs and non-ASCII bytes as \xNN. */
static struct json_object *dump_escaped(const uint8_t *p, size_t n)
{
	char *buf = malloc(4 * n + 1);
	struct json_object *s;
	size_t i, k = 0;

	if (!buf)
		return json_object_new_string("?");
	for (i = 0; i < n; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7F && p[i] != '\\')
			buf[k++] = p[i];
		else
			k += sprintf(buf + k, "\\x%02x", p[i]);
	}
	buf[k] = 0;
	s = json_object_new_string(buf);
	free(buf);
	return s;
}

static int dump_glob(const struct dump_ctx *d, struct json_object *o, const uint8_t *b,
		     size_t size)
{
	static const char *const keys[3] = { "originator", "victim", "process" };
	size_t n, pos = 8, end;
	const uint8_t *nul;
	int i;

	if (size < 8)
		return dump_error(d, "%zu bytes, expected at least 8", size);
	n = le16(b + 6);
	if (size < 8 + 4 * n)
		return dump_error(d, "%zu bytes, too short for %zu signatures", size, n);
	end = size - 4 * n;
	dump_flags(o, le32(b), DUMP_USER);
	dump_object_type(o, b[5], DUMP_USER);
	for (i = 0; i < 3; i++) {
		nul = pos < end ? memchr(b + pos, 0, end - pos) : NULL;
		if (!nul)
			break;
		json_object_object_add(o, keys[i], json_object_new_string_len((const char *)b + pos,
									      nul - (b + pos)));
		pos = nul + 1 - b;
	}
	if (i < 3 || pos != end) {
		/*
		 * The reference cuts a non-ASCII pattern to its character
		 * count + 1 bytes, losing its NUL: show the bytes as they are.
		 */
		json_object_object_del(o, "originator");
		json_object_object_del(o, "victim");
		json_object_object_del(o, "process");
		json_object_object_add(o, "patterns", dump_escaped(b + 8, end - 8));
	}
	return dump_sig_refs(d, o, b + end, n);
}

static int dump_codeblocks(const struct dump_ctx *d, struct json_object *o, const uint8_t *b,
			   size_t size)
{
	struct json_object *lists = json_object_new_array();
	size_t pos = 10, l, k, c;
	char hex[16];

	json_object_object_add(o, "lists", lists);
	if (size < 10)
		return dump_error(d, "%zu bytes, expected at least 10", size);
	dump_int(o, "score", b[8]);
	for (l = 0; l < b[9]; l++) {
		struct json_object *list = json_object_new_array();

		json_object_array_add(lists, list);
		if (pos >= size)
			return dump_error(d, "list %zu is past the record's end", l);
		c = b[pos++];
		if (size - pos < 4 * c)
			return dump_error(d, "list %zu: %zu hashes do not fit", l, c);
		for (k = 0; k < c; k++, pos += 4) {
			snprintf(hex, sizeof(hex), "0x%08" PRIx32, le32(b + pos));
			json_object_array_add(list, json_object_new_string(hex));
		}
	}
	if (pos != size)
		return dump_error(d, "%zu bytes after the last list", size - pos);
	return 0;
}

static int dump_export(const struct dump_ctx *d, struct json_object *o, const uint8_t *b,
		       size_t size)
{
	struct json_object *a = json_object_new_array(), *e;
	size_t n, i;

	json_object_object_add(o, "hashes", a);
	if (size < 16 || size != 16 + 8 * (size_t)b[12])
		return dump_error(d, "%zu bytes, expected 16 + 8 per entry", size);
	dump_hash(o, "library", le32(b + 8), DUMP_USER);
	n = b[12];
	for (i = 0; i < n; i++) {
		e = json_object_new_object();
		dump_int(e, "delta", le16(b + 16 + 8 * i));
		dump_hash(e, "name", le32(b + 20 + 8 * i), DUMP_SIGNATURE);
		json_object_array_add(a, e);
	}
	return 0;
}

static int dump_value(const struct dump_ctx *d, struct json_object *o, const uint8_t *b,
		      size_t size)
{
	struct json_object *a = json_object_new_array(), *e;
	size_t i;

	json_object_object_add(o, "hashes", a);
	if (size < 12 || size != 12 + 12 * (size_t)b[9])
		return dump_error(d, "%zu bytes, expected 12 + 12 per entry", size);
	dump_int(o, "score", b[8]);
	for (i = 0; i < b[9]; i++) {
		const uint8_t *p = b + 12 + 12 * i;

		e = json_object_new_object();
		dump_int(e, "offset", le16(p));
		dump_int(e, "size", le16(p + 2));
		dump_str(e, "hash", "0x%08" PRIx32, le32(p + 8));
		json_object_array_add(a, e);
	}
	return 0;
}

static int dump_value_code(const struct dump_ctx *d, struct json_object *o, const uint8_t *b,
			   size_t size)
{
	struct json_object *a = json_object_new_array();
	char hex[8];
	size_t i;

	json_object_object_add(o, "pattern", a);
	if (size < 12 || size != 12 + 2 * (size_t)le16(b + 10))
		return dump_error(d, "%zu bytes, expected 12 + 2 per pattern word", size);
	dump_int(o, "offset", (int16_t)le16(b + 8));
	for (i = 0; i < le16(b + 10); i++) {
		uint32_t w = le16(b + 12 + 2 * i);

		if (w == 0x100)
			snprintf(hex, sizeof(hex), "any");
		else
			snprintf(hex, sizeof(hex), "0x%02" PRIx32, w);
		json_object_array_add(a, json_object_new_string(hex));
	}
	return 0;
}

static int dump_fixed(const struct dump_ctx *d, struct json_object *o, uint8_t type,
		      const uint8_t *b, size_t size)
{
	static const char *const masks[] = {
		"debug", "pivoted-stack", "stolen-token", "heap-spray", "token-privs",
		"thread-start", "security-descriptor", "acl-edit",
	};
	size_t want = type == KVMEXC_REC_SIG_IDT ? 12 : 24;
	char names[256] = "";
	int i;

	if (size != want)
		return dump_error(d, "%zu bytes, expected %zu", size, want);
	switch (type) {
	case KVMEXC_REC_SIG_IDT:
		dump_int(o, "entry", b[8]);
		break;
	case KVMEXC_REC_SIG_VERSION_OS:
		if (le32(b + 4) & KVMEXC_SIG_FLAG_LINUX) {
			dump_str(o, "minimum", "%u.%u.%u (backport %u)", b[8], b[9], le16(b + 10),
				 le16(b + 12));
			dump_str(o, "maximum", "%u.%u.%u (backport %u)", b[16], b[17], le16(b + 18),
				 le16(b + 20));
		} else {
			dump_str(o, "minimum", "%" PRIu64, le64(b + 8));
			dump_str(o, "maximum", "%" PRIu64, le64(b + 16));
		}
		break;
	case KVMEXC_REC_SIG_VERSION_INTRO:
		dump_str(o, "minimum", "%u.%u.%u.%u", le16(b + 8), le16(b + 10), le16(b + 12),
			 le16(b + 14));
		dump_str(o, "maximum", "%u.%u.%u.%u", le16(b + 16), le16(b + 18), le16(b + 20),
			 le16(b + 22));
		break;
	default:
		for (i = 0; i < 8; i++)
			if (le32(b + 8) & (1u << i))
				snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
					 *names ? " " : "", masks[i]);
		dump_str(o, "create_mask", "0x%08" PRIx32 " (%s)", le32(b + 8), names);
		break;
	}
	return 0;
}

static const char *dump_record_name(uint8_t type)
{
	static const char *const names[] = {
		[KVMEXC_REC_KERNEL] = "kernel", [KVMEXC_REC_USER] = "user",
		[KVMEXC_REC_SIG_CODEBLOCKS] = "codeblocks", [KVMEXC_REC_SIG_EXPORT] = "export",
		[KVMEXC_REC_SIG_VALUE] = "value", [KVMEXC_REC_USER_GLOB] = "user-glob-match",
		[KVMEXC_REC_SIG_VALUE_CODE] = "value-code", [KVMEXC_REC_USER_APC] = "user-apc",
		[KVMEXC_REC_SIG_IDT] = "idt", [KVMEXC_REC_SIG_VERSION_OS] = "version-os",
		[KVMEXC_REC_SIG_VERSION_INTRO] = "version-intro",
		[KVMEXC_REC_SIG_PROCESS_CREATION] = "process-creation",
		[KVMEXC_REC_KERNEL_USER] = "kernel-user",
	};

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : NULL;
}

static int dump_record(const struct dump_ctx *d, struct json_object *o, uint8_t type,
		       const uint8_t *b, size_t size)
{
	switch (type) {
	case KVMEXC_REC_KERNEL:
	case KVMEXC_REC_USER:
	case KVMEXC_REC_USER_APC:
	case KVMEXC_REC_KERNEL_USER:
		return dump_exception(d, o, type, b, size);
	case KVMEXC_REC_USER_GLOB:
		return dump_glob(d, o, b, size);
	}
	if (size < 8)
		return dump_error(d, "%zu bytes, expected at least 8", size);
	json_object_object_add(o, "id", dump_sig_id(le32(b)));
	dump_flags(o, le32(b + 4), DUMP_SIGNATURE);
	switch (type) {
	case KVMEXC_REC_SIG_CODEBLOCKS:
		return dump_codeblocks(d, o, b, size);
	case KVMEXC_REC_SIG_EXPORT:
		return dump_export(d, o, b, size);
	case KVMEXC_REC_SIG_VALUE:
		return dump_value(d, o, b, size);
	case KVMEXC_REC_SIG_VALUE_CODE:
		return dump_value_code(d, o, b, size);
	default:
		return dump_fixed(d, o, type, b, size);
	}
}

/* ---- output */

static void dump_text_value(FILE *out, struct json_object *v)
{
	size_t i;

	if (!json_object_is_type(v, json_type_array)) {
		fputs(json_object_get_string(v), out);
		return;
	}
	fputc('[', out);
	for (i = 0; i < json_object_array_length(v); i++) {
		if (i)
			fputs(", ", out);
		dump_text_value(out, json_object_array_get_idx(v, i));
	}
	fputc(']', out);
}

static void dump_text(FILE *out, struct json_object *o)
{
	bool first = true;

	json_object_object_foreach(o, key, v) {
		if (json_object_is_type(v, json_type_string) && !strcmp(key, "record")) {
			fprintf(out, "%s", json_object_get_string(v));
		} else if (json_object_is_type(v, json_type_object)) {
			fprintf(out, "%s%s: {", first ? "" : "  ", key);
			dump_text(out, v);
			fputc('}', out);
		} else {
			fprintf(out, "%s%s: ", first ? "" : "  ", key);
			dump_text_value(out, v);
		}
		first = false;
	}
}

static const char *const dump_count_keys[] = {
	"kernel", "user", "signatures", "build", "glob", "kernel-user", "reserved",
};

static struct json_object *dump_header(struct dump_ctx *d)
{
	struct json_object *h;
	int i;

	if (d->len < sizeof(struct kvmexc_file_header)) {
		dump_error(d, "%zu bytes, expected at least 36", d->len);
		return NULL;
	}
	if (le32(d->buf) != KVMEXC_FILE_MAGIC) {
		dump_error(d, "magic 0x%08" PRIx32 ", expected 0x%08x (\"EXNA\")", le32(d->buf),
			   KVMEXC_FILE_MAGIC);
		return NULL;
	}
	h = json_object_new_object();
	dump_str(h, "version", "%u.%u", le16(d->buf + 4), le16(d->buf + 6));
	for (i = 0; i < 7; i++)
		dump_int(h, dump_count_keys[i], le32(d->buf + 8 + 4 * i));
	return h;
}

static int dump_records(struct dump_ctx *d, struct json_object *records, uint32_t *counts)
{
	size_t size;
	uint8_t type;
	const char *name;

	for (d->off = 36, d->index = 0; d->off < d->len; d->index++) {
		struct json_object *o;

		if (d->len - d->off < 3)
			return dump_error(d, "%zu bytes left, a record header needs 3", d->len - d->off);
		type = d->buf[d->off];
		size = le16(d->buf + d->off + 1);
		name = dump_record_name(type);
		if (!name)
			return dump_error(d, "unknown record type %u", type);
		if (d->len - d->off - 3 < size)
			return dump_error(d, "%s record of %zu bytes, only %zu left", name, size,
					  d->len - d->off - 3);
		o = json_object_new_object();
		json_object_array_add(records, o);
		dump_str(o, "record", "#%ld @%zu %s", d->index, d->off, name);
		dump_int(o, "size", size);
		if (dump_record(d, o, type, d->buf + d->off + 3, size))
			return -1;
		counts[type]++;
		d->off += 3 + size;
	}
	return 0;
}

/* The header's counts against the records found. */
static int dump_check_counts(struct dump_ctx *d, const uint32_t *c)
{
	uint32_t sigs = c[3] + c[4] + c[5] + c[8] + c[10] + c[11] + c[12] + c[13];
	uint32_t found[6] = { c[1], c[2] + c[9], sigs, 0, c[6], c[14] };
	int i;

	d->index = -1;
	d->off = 0;
	for (i = 0; i < 6; i++)
		if (i != 3 && le32(d->buf + 8 + 4 * i) != found[i])
			return dump_error(d, "%" PRIu32 " %s records counted, %" PRIu32 " found",
					  le32(d->buf + 8 + 4 * i), dump_count_keys[i], found[i]);
	return 0;
}

int excctl_dump_buffer(const uint8_t *buf, size_t len, FILE *out, bool json)
{
	struct dump_ctx d = { .buf = buf, .len = len, .index = -1 };
	struct json_object *doc, *h, *records;
	uint32_t counts[16] = { 0 };
	size_t i;
	int err;

	h = dump_header(&d);
	if (!h)
		return -1;
	records = json_object_new_array();
	err = dump_records(&d, records, counts);
	if (!err)
		err = dump_check_counts(&d, counts);
	if (!err && json) {
		doc = json_object_new_object();
		json_object_object_add(doc, "header", h);
		json_object_object_add(doc, "records", records);
		fprintf(out, "%s\n", json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
								      JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(doc);
		return 0;
	}
	if (!err) {
		fputs("header  ", out);
		dump_text(out, h);
		fputc('\n', out);
		for (i = 0; i < json_object_array_length(records); i++) {
			dump_text(out, json_object_array_get_idx(records, i));
			fputc('\n', out);
		}
	}
	json_object_put(h);
	json_object_put(records);
	return err;
}

int excctl_cmd_dump(int argc, char **argv)
{
	const char *path;
	unsigned char *buf;
	size_t len;
	bool json;
	int err;

	if (excctl_file_and_json(argc, argv, &path, &json))
		return excctl_cmd_usage("dump", EXCCTL_DUMP_USAGE);
	buf = excctl_read_file(path, &len);
	if (!buf)
		return 1;
	err = excctl_dump_buffer(buf, len, stdout, json);
	free(buf);
	return err ? 1 : 0;
}
