// SPDX-License-Identifier: GPL-2.0
/*
 * excctl dump FILE.bin [--json]: an exceptions file in readable form.
 * Every record is decoded into fields, printed as they come: as JSON, or
 * on one line per record. The file streams through a window of bounded
 * size, so memory does not grow with it: a first pass applies the loader's
 * checks record by record (the core's walk frames and validates them, and
 * the decoders here need not check any size), the second prints the
 * records before the first one the loader refuses, then its message.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <linux/kvmexc.h>

#include "core/names.h"
#include "core/store.h"
#include "dump.h"
#include "cli/excctl.h"
#include "cli/json.h"
#include "exceptions/view.h"

/* ---- output: records one a line, or one JSON object each */

#define DUMP_DEPTH 8

/*
 * Text: the members of a record or of the header share a line, arrays are
 * "[a, b]" and objects inside them json-c's spaced format ({ "k": "v" }),
 * as the output was when json-c printed it. --json: each record is built
 * as json-c objects (@jv, the containers open, [0] the record's) and
 * printed once complete, so that one record is held at a time.
 */
struct dump_out {
	FILE *f;
	const char *name;	/* of the file, for the error */
	bool json;
	int depth;
	struct {
		char close;
		bool first;
		bool spaced;	/* text: a JSON object (and what is in it) */
	} lv[DUMP_DEPTH];
	struct json_object *jv[DUMP_DEPTH];
	size_t records;		/* --json: records printed */
	/* stdio's locking per call was most of the time of a dump */
	size_t len;
	char buf[1 << 16];
};

static void dump_flush(struct dump_out *o)
{
	fwrite(o->buf, 1, o->len, o->f);
	o->len = 0;
}

static void dump_put(struct dump_out *o, const char *s, size_t n)
{
	if (o->len + n > sizeof(o->buf))
		dump_flush(o);
	if (n > sizeof(o->buf)) {
		fwrite(s, 1, n, o->f);
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void dump_puts(struct dump_out *o, const char *s)
{
	dump_put(o, s, strlen(s));
}

/* A string in an object of the text form, escaped as json-c escaped it. */
static void dump_escaped(struct dump_out *o, const char *s)
{
	const unsigned char *c;
	char hex[8];

	dump_put(o, "\"", 1);
	for (c = (const unsigned char *)s; *c; c++) {
		const char *esc = *c == '"' ? "\\\"" : *c == '\\' ? "\\\\" : *c == '\b' ? "\\b" :
				  *c == '\n' ? "\\n" : *c == '\r' ? "\\r" : *c == '\t' ? "\\t" :
				  *c == '\f' ? "\\f" : *c == '/' ? "\\/" : NULL;

		if (!esc && *c < ' ')
			snprintf(hex, sizeof(hex), "\\u%04x", *c);
		if (esc || *c < ' ')
			dump_puts(o, esc ?: hex);
		else
			dump_put(o, (const char *)c, 1);
	}
	dump_put(o, "\"", 1);
}

/* The one key the text form leaves out: each line starts with the record. */
static const char dump_record_key[] = "record";

/* Text: what comes before an item of the innermost container: separator, key. */
static void dump_item(struct dump_out *o, const char *key)
{
	int d = o->depth;

	if (!d)
		return;
	if (d == 1)
		dump_puts(o, o->lv[0].first ? "" : "  ");
	else
		dump_puts(o, o->lv[d - 1].first ? o->lv[d - 1].spaced ? " " : "" : ", ");
	if (key && d > 1) {
		dump_put(o, "\"", 1);
		dump_puts(o, key);
		dump_puts(o, "\": ");
	} else if (key && key != dump_record_key) {
		dump_puts(o, key);
		dump_put(o, ": ", 2);
	}
	o->lv[d - 1].first = false;
}

/* --json: @v as member @key of the innermost container, or its next element. */
static void dump_add(struct dump_out *o, const char *key, struct json_object *v)
{
	struct json_object *c = o->jv[o->depth - 1];

	/* a key that is there already (an exception's flags) gets the new value */
	if (json_object_is_type(c, json_type_array))
		json_object_array_add(c, v);
	else
		json_object_object_add_ex(c, key, v, JSON_C_OBJECT_KEY_IS_CONSTANT);
}

/* A string: text as it is, or quoted inside an object; --json a string. */
static void dump_field(struct dump_out *o, const char *key, const char *s)
{
	if (o->json) {
		dump_add(o, key, json_object_new_string(s));
		return;
	}
	dump_item(o, key);
	if (o->depth > 1 && o->lv[o->depth - 1].spaced)
		dump_escaped(o, s);
	else
		dump_puts(o, s);
}

__printf(3, 4)
static void dump_str(struct dump_out *o, const char *key, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	dump_field(o, key, buf);
}

/*
 * The fields of every record are built without printf(), which was most of
 * the time of a dump: a hash as 0x%08x, a number in decimal, at @p.
 */
static char *dump_hex(char *p, uint32_t v)
{
	static const char digits[] = "0123456789abcdef";
	int shift;

	*p++ = '0';
	*p++ = 'x';
	for (shift = 28; shift >= 0; shift -= 4)
		*p++ = digits[(v >> shift) & 15];
	*p = 0;
	return p;
}

static char *dump_dec(char *p, uint64_t v)
{
	char rev[20];
	int n = 0;

	do {
		rev[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (n)
		*p++ = rev[--n];
	*p = 0;
	return p;
}

static void dump_int(struct dump_out *o, const char *key, int64_t v)
{
	char buf[24], *p = buf;

	if (o->json) {
		dump_add(o, key, json_object_new_int64(v));
		return;
	}
	if (v < 0)
		*p++ = '-';
	dump_dec(p, v < 0 ? 0 - (uint64_t)v : (uint64_t)v);
	dump_item(o, key);
	dump_puts(o, buf);		/* a number: never quoted */
}

/* A 32-bit hash, mask or id: "0x%08x" in both forms. */
static void dump_hex_field(struct dump_out *o, const char *key, uint32_t v)
{
	char buf[16];

	dump_hex(buf, v);
	if (o->json)
		dump_add(o, key, json_object_new_string_len(buf, 10));
	else
		dump_field(o, key, buf);
}

/* An object ('{') or array ('[') as the next item. */
static void dump_open(struct dump_out *o, const char *key, char brace)
{
	int d = o->depth;
	bool spaced = d > 0 && (brace == '{' || o->lv[d - 1].spaced);

	if (o->json) {
		o->jv[d] = brace == '{' ? json_object_new_object() : json_object_new_array();
		if (d)
			dump_add(o, key, o->jv[d]);
		o->depth++;
		return;
	}
	dump_item(o, key);
	if (d > 0)
		dump_put(o, &brace, 1);
	o->lv[d].close = brace == '{' ? '}' : ']';
	o->lv[d].first = true;
	o->lv[d].spaced = spaced;
	o->depth++;
}

static void dump_close(struct dump_out *o)
{
	int d = --o->depth;

	if (o->json)
		return;
	if (!d) {
		dump_put(o, "\n", 1);
		return;
	}
	if (o->lv[d].spaced)
		dump_put(o, " ", 1);
	dump_put(o, &o->lv[d].close, 1);
}

/* ---- --json: the document framed around json-c's text of each part */

/* @text at @depth of the document: -p indents each of its lines. */
static void dump_json_put(struct dump_out *o, const char *text, int depth)
{
	const char *nl;

	/* json-c escapes a newline inside a string: each one ends a line */
	while (excctl_json_pretty && (nl = strchr(text, '\n'))) {
		dump_put(o, text, nl + 1 - text);
		dump_put(o, "        ", 2 * depth);
		text = nl + 1;
	}
	dump_puts(o, text);
}

/* A member of the document: "key": and @v (and lets go of it), or "[" without. */
static void dump_json_member(struct dump_out *o, const char *key, struct json_object *v,
			     bool first)
{
	dump_puts(o, first ? "" : ",");
	dump_puts(o, excctl_json_pretty ? "\n  \"" : "\"");
	dump_puts(o, key);
	dump_puts(o, excctl_json_pretty ? "\": " : "\":");
	if (!v) {
		dump_put(o, "[", 1);
		return;
	}
	dump_json_put(o, excctl_json_text(v), 1);
	json_object_put(v);
}

/* The record just built, as the next element of "records". */
static void dump_json_record(struct dump_out *o)
{
	dump_puts(o, o->records++ ? "," : "");
	dump_puts(o, excctl_json_pretty ? "\n    " : "");
	dump_json_put(o, excctl_json_text(o->jv[0]), 2);
	json_object_put(o->jv[0]);
}

/*
 * The end of the document: of a file the loader refuses, the error object
 * of every excctl command (Documentation/excctl-json.rst), with the record
 * at fault (@fault) when a record is.
 */
static void dump_json_end(struct dump_out *o, const char *msg, const struct kvmexc_record *fault)
{
	struct json_object *messages;

	dump_puts(o, excctl_json_pretty && o->records ? "\n  ]" : "]");
	if (msg) {
		messages = json_object_new_array();
		json_object_array_add(messages, json_object_new_string(msg));
		dump_json_member(o, "error", json_object_new_string(msg), false);
		dump_json_member(o, "command", json_object_new_string("dump"), false);
		dump_json_member(o, "status", json_object_new_int(1), false);
		dump_json_member(o, "messages", messages, false);
	}
	if (fault) {
		dump_json_member(o, "record", json_object_new_int64(fault->index), false);
		dump_json_member(o, "offset", json_object_new_int64(fault->offset), false);
	}
	dump_puts(o, excctl_json_pretty ? "\n}\n" : "}\n");
}

/* ---- names of values */

enum dump_table { DUMP_KERNEL, DUMP_USER, DUMP_KERNEL_USER, DUMP_SIGNATURE };

/*
 * A hash: text "0x%08x name", --json @key "0x%08x" and, for a predefined
 * name, @name_key ("key_name") as list and eval name it (an empty name is
 * ""). The exceptions' hashes are named by excctl_exception_json() there.
 */
static void dump_hash(struct dump_out *o, const char *key, const char *name_key, uint32_t h,
		      enum dump_table t)
{
	const struct kvmexc_name_tables *names = &kvmexc_name_shipped_tables;
	const char *name = kvmexc_name_predefined(t == DUMP_KERNEL ? names->kernel :
						  t == DUMP_USER ? names->user : names->signature,
						  h);
	char buf[48], *p = dump_hex(buf, h);

	if (o->json) {
		dump_hex_field(o, key, h);
		if (name || h == KVMEXC_NAME_EMPTY)
			dump_add(o, name_key, json_object_new_string(name ?: ""));
		return;
	}
	if (h == KVMEXC_NAME_EMPTY)
		strcpy(p, " (empty)");
	else if (name)
		stpcpy(stpcpy(p, " "), name);
	dump_field(o, key, buf);
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

/* The flag tables of each kind, in the order the names are shown. */
static const struct dump_flag *const dump_flag_tables[][5] = {
	[DUMP_KERNEL] = { dump_common_flags, dump_kernel_flags },
	[DUMP_USER] = { dump_common_flags, dump_user_flags },
	[DUMP_KERNEL_USER] = { dump_common_flags, dump_kernel_flags, dump_user_flags,
			       dump_kernel_user_flags },
	[DUMP_SIGNATURE] = { dump_sig_flags },
};

/* The flags: text "0x%08x (names 0xleft)", --json "flags" and "flag_names". */
static void dump_flags(struct dump_out *o, uint32_t flags, enum dump_table t)
{
	char buf[256], *start = stpcpy(dump_hex(buf, flags), " ("), *p = start;
	const struct dump_flag *const *table, *f;
	uint32_t left = flags;

	if (o->json) {
		dump_hex_field(o, "flags", flags);
		dump_open(o, "flag_names", '[');
	}
	for (table = dump_flag_tables[t]; *table; table++) {
		for (f = *table; f->name; f++) {
			if (!(left & f->bit))
				continue;
			left &= ~f->bit;
			if (o->json)
				dump_add(o, NULL, json_object_new_string(f->name));
			else
				p = stpcpy(p == start ? p : stpcpy(p, " "), f->name);
		}
	}
	if (o->json) {
		if (left)
			dump_str(o, NULL, "0x%" PRIx32, left);
		dump_close(o);
		return;
	}
	if (left)
		p += sprintf(p, "%s0x%" PRIx32, p == start ? "" : " ", left);
	strcpy(p, ")");
	dump_field(o, "flags", buf);
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

/* Text "name (n)", --json "object_type" n and "object_type_name". */
static void dump_object_type(struct dump_out *o, uint8_t t, enum dump_table table)
{
	const char *const *names = table == DUMP_KERNEL ? dump_km_types :
				   table == DUMP_USER ? dump_um_types : dump_kum_types;
	size_t n = table == DUMP_KERNEL ? ARRAY_SIZE(dump_km_types) :
		   table == DUMP_USER ? ARRAY_SIZE(dump_um_types) : ARRAY_SIZE(dump_kum_types);
	const char *name = t < n ? names[t] : NULL;
	char buf[48];

	if (o->json) {
		dump_int(o, "object_type", t);
		if (name)
			dump_field(o, "object_type_name", name);
		return;
	}
	strcpy(dump_dec(stpcpy(stpcpy(buf, name ?: "unknown"), " ("), t), ")");
	dump_field(o, "object_type", buf);
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

/* Text "type#n (0x%08x)", --json the id alone: the type is in its top bits. */
static void dump_sig_id(struct dump_out *o, const char *key, uint32_t id)
{
	char buf[48], *p;

	if (o->json) {
		dump_hex_field(o, key, id);
		return;
	}
	p = stpcpy(stpcpy(buf, dump_sig_type(KVMEXC_SIG_ID_TYPE(id))), "#");
	strcpy(dump_hex(stpcpy(dump_dec(p, KVMEXC_SIG_ID_VALUE(id)), " ("), id), ")");
	dump_field(o, key, buf);
}

/* ---- records */

static void dump_sig_refs(struct dump_out *o, const struct kvmexc_record *rec)
{
	uint16_t i;

	dump_open(o, "signatures", '[');
	for (i = 0; i < rec->sig_count; i++)
		dump_sig_id(o, NULL, kvmexc_le32(rec->sig_ids + 4 * i));
	dump_close(o);
}

static enum dump_table dump_exception_table(const struct kvmexc_record *rec)
{
	return rec->kind == KVMEXC_EXC_KM ? DUMP_KERNEL :
	       rec->kind == KVMEXC_EXC_KUM ? DUMP_KERNEL_USER : DUMP_USER;
}

/*
 * --json: the fields list and eval give an exception, from the same code
 * (excctl_exception_json()): its hashes and their names, or a glob
 * exception's patterns as the names.
 */
static struct json_object *dump_exception_view(const struct kvmexc_record *rec)
{
	struct excctl_exception_view e = {
		.record = rec->index, .kind = rec->kind, .object_type = rec->object_type,
		.flags = rec->flags,
		.hashes = { rec->originator, rec->victim, rec->process },
		.globs = { rec->glob[0], rec->glob[1], rec->glob[2] },
	};

	return excctl_exception_json(&e);
}

static void dump_exception(struct dump_out *o, const struct kvmexc_record *rec)
{
	enum dump_table t = dump_exception_table(rec);

	if (o->json) {
		if (t == DUMP_KERNEL)
			dump_hex_field(o, "path", kvmexc_le32(rec->body + 4));
	} else if (t == DUMP_KERNEL) {
		dump_hash(o, "originator", NULL, rec->originator, t);
		dump_hex_field(o, "path", kvmexc_le32(rec->body + 4));
		dump_hash(o, "victim", NULL, rec->victim, t);
	} else {
		dump_hash(o, "originator", NULL, rec->originator,
			  t == DUMP_KERNEL_USER ? DUMP_KERNEL : t);
		dump_hash(o, "victim", NULL, rec->victim, DUMP_USER);
		dump_hash(o, "process", NULL, rec->process, DUMP_USER);
	}
	dump_flags(o, rec->flags, t);
	dump_object_type(o, rec->object_type, t);
	dump_sig_refs(o, rec);
}

static void dump_glob(struct dump_out *o, const struct kvmexc_record *rec)
{
	static const char *const keys[3] = { "originator", "victim", "process" };
	int i;

	dump_flags(o, rec->flags, DUMP_USER);
	dump_object_type(o, rec->object_type, DUMP_USER);
	for (i = 0; i < 3 && !o->json; i++)
		dump_field(o, keys[i], rec->glob[i]);
	dump_sig_refs(o, rec);
}

static void dump_codeblocks(struct dump_out *o, const uint8_t *b)
{
	size_t pos = 10, l, k, c;

	dump_open(o, "lists", '[');
	for (l = 0; l < b[9]; l++) {
		dump_open(o, NULL, '[');
		c = b[pos++];
		for (k = 0; k < c; k++, pos += 4)
			dump_hex_field(o, NULL, kvmexc_le32(b + pos));
		dump_close(o);
	}
	dump_close(o);
	dump_int(o, "score", b[8]);
}

static void dump_export(struct dump_out *o, const uint8_t *b)
{
	size_t i;

	dump_open(o, "hashes", '[');
	for (i = 0; i < b[12]; i++) {
		dump_open(o, NULL, '{');
		dump_int(o, "delta", kvmexc_le16(b + 16 + 8 * i));
		/* --json: "name_name" would say nothing */
		dump_hash(o, o->json ? "function" : "name", "function_name",
			  kvmexc_le32(b + 20 + 8 * i), DUMP_SIGNATURE);
		dump_close(o);
	}
	dump_close(o);
	dump_hash(o, "library", "library_name", kvmexc_le32(b + 8), DUMP_USER);
}

static void dump_value(struct dump_out *o, const uint8_t *b)
{
	size_t i;

	dump_open(o, "hashes", '[');
	for (i = 0; i < b[9]; i++) {
		const uint8_t *p = b + 12 + 12 * i;

		dump_open(o, NULL, '{');
		dump_int(o, "offset", kvmexc_le16(p));
		dump_int(o, "size", kvmexc_le16(p + 2));
		dump_hex_field(o, "hash", kvmexc_le32(p + 8));
		dump_close(o);
	}
	dump_close(o);
	dump_int(o, "score", b[8]);
}

/* A byte of the pattern: text 0x%02x or any, --json a number or null. */
static void dump_pattern_byte(struct dump_out *o, uint16_t w)
{
	if (o->json && w == KVMEXC_VALUE_CODE_ANY)
		dump_add(o, NULL, NULL);
	else if (o->json)
		dump_int(o, NULL, w);
	else if (w == KVMEXC_VALUE_CODE_ANY)
		dump_field(o, NULL, "any");
	else
		dump_str(o, NULL, "0x%02x", w);
}

static void dump_value_code(struct dump_out *o, const uint8_t *b)
{
	size_t i;

	dump_open(o, "pattern", '[');
	for (i = 0; i < kvmexc_le16(b + 10); i++)
		dump_pattern_byte(o, kvmexc_le16(b + 12 + 2 * i));
	dump_close(o);
	/* --json: "offset" is the record's */
	dump_int(o, o->json ? "pattern_offset" : "offset", (int16_t)kvmexc_le16(b + 8));
}

/* A Linux version at @v: text "x.y.z (backport n)", --json "x.y.z" and @backport. */
static void dump_linux_version(struct dump_out *o, const char *key, const char *backport,
			       const uint8_t *v)
{
	if (!o->json) {
		dump_str(o, key, "%u.%u.%u (backport %u)", v[0], v[1], kvmexc_le16(v + 2),
			 kvmexc_le16(v + 4));
		return;
	}
	dump_str(o, key, "%u.%u.%u", v[0], v[1], kvmexc_le16(v + 2));
	dump_int(o, backport, kvmexc_le16(v + 4));
}

static void dump_version_os(struct dump_out *o, const uint8_t *b)
{
	if (kvmexc_le32(b + 4) & KVMEXC_SIG_FLAG_LINUX) {
		dump_linux_version(o, "minimum", "minimum_backport", b + 8);
		dump_linux_version(o, "maximum", "maximum_backport", b + 16);
	} else {
		dump_str(o, "minimum", "%" PRIu64, (uint64_t)get_unaligned_le64(b + 8));
		dump_str(o, "maximum", "%" PRIu64, (uint64_t)get_unaligned_le64(b + 16));
	}
}

static void dump_version_intro(struct dump_out *o, const uint8_t *b)
{
	dump_str(o, "minimum", "%u.%u.%u.%u", kvmexc_le16(b + 8), kvmexc_le16(b + 10),
		 kvmexc_le16(b + 12), kvmexc_le16(b + 14));
	dump_str(o, "maximum", "%u.%u.%u.%u", kvmexc_le16(b + 16), kvmexc_le16(b + 18),
		 kvmexc_le16(b + 20), kvmexc_le16(b + 22));
}

/* Text "0x%08x (names)", --json "create_mask" and "create_mask_names". */
static void dump_process_creation(struct dump_out *o, const uint8_t *b)
{
	static const char *const masks[] = {
		"debug", "pivoted-stack", "stolen-token", "heap-spray", "token-privs",
		"thread-start", "security-descriptor", "acl-edit",
	};
	uint32_t mask = kvmexc_le32(b + 8);
	char names[256] = "";
	size_t i;

	if (o->json) {
		dump_hex_field(o, "create_mask", mask);
		dump_open(o, "create_mask_names", '[');
	}
	for (i = 0; i < ARRAY_SIZE(masks); i++) {
		if (!(mask & (1u << i)))
			continue;
		if (o->json)
			dump_field(o, NULL, masks[i]);
		else
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
				 *names ? " " : "", masks[i]);
	}
	if (o->json)
		dump_close(o);
	else
		dump_str(o, "create_mask", "0x%08" PRIx32 " (%s)", mask, names);
}

static void dump_signature(struct dump_out *o, const struct kvmexc_record *rec)
{
	const uint8_t *b = rec->body;

	dump_sig_id(o, "id", rec->sig_id);
	dump_flags(o, rec->sig_flags, DUMP_SIGNATURE);
	switch (rec->type) {
	case KVMEXC_REC_SIG_CODEBLOCKS:
		dump_codeblocks(o, b);
		break;
	case KVMEXC_REC_SIG_EXPORT:
		dump_export(o, b);
		break;
	case KVMEXC_REC_SIG_VALUE:
		dump_value(o, b);
		break;
	case KVMEXC_REC_SIG_VALUE_CODE:
		dump_value_code(o, b);
		break;
	case KVMEXC_REC_SIG_IDT:
		dump_int(o, "entry", b[8]);
		break;
	case KVMEXC_REC_SIG_VERSION_OS:
		dump_version_os(o, b);
		break;
	case KVMEXC_REC_SIG_VERSION_INTRO:
		dump_version_intro(o, b);
		break;
	default:
		dump_process_creation(o, b);
		break;
	}
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

	return type < ARRAY_SIZE(names) ? names[type] : NULL;
}

/* Text: "#index @offset type" starts the line. */
static void dump_record_text(struct dump_out *o, const struct kvmexc_record *rec)
{
	const char *name = dump_record_name(rec->type);
	char buf[64], *p = dump_dec(stpcpy(dump_dec(stpcpy(buf, "#"), rec->index), " @"),
				    rec->offset);

	dump_open(o, NULL, '{');
	if (name)
		stpcpy(stpcpy(p, " "), name);
	else
		dump_dec(stpcpy(p, " unknown type "), rec->type);
	dump_field(o, dump_record_key, buf);
}

/*
 * --json: "record", "kind" (an exception's as list names it, a signature's
 * type, or "unknown"), "offset", the format's "record_type" and its name.
 */
static void dump_record_json(struct dump_out *o, const struct kvmexc_record *rec)
{
	const char *name = dump_record_name(rec->type);

	if (rec->kind) {
		o->jv[0] = dump_exception_view(rec);
	} else {
		o->jv[0] = json_object_new_object();
		excctl_json_add_u64(o->jv[0], "record", rec->index);
		excctl_json_add_string(o->jv[0], "kind", rec->sig_type ? name : "unknown");
	}
	o->depth = 1;
	excctl_json_add_u64(o->jv[0], "offset", rec->offset);
	excctl_json_add_u64(o->jv[0], "record_type", rec->type);
	excctl_json_add_string(o->jv[0], "record_type_name", name);
}

static void dump_record(struct dump_out *o, const struct kvmexc_record *rec)
{
	if (o->json)
		dump_record_json(o, rec);
	else
		dump_record_text(o, rec);
	dump_int(o, "size", rec->size);
	if (rec->kind == KVMEXC_EXC_GLOB)
		dump_glob(o, rec);
	else if (rec->kind)
		dump_exception(o, rec);
	else if (rec->sig_type)
		dump_signature(o, rec);
	/* else a type the loader skips (newer files): only its header means something */
	dump_close(o);
	if (o->json)
		dump_json_record(o);
}

/* ---- the file, through a window */

/* Twice the largest record: a refill moves at most one record's bytes. */
#define DUMP_WINDOW (2 * KVMEXC_WALK_WINDOW_MIN)

struct dump_file {
	FILE *fp;
	uint8_t *buf;
	size_t len;
	bool eof;
};

/* Keeps from @keep on and reads up to a full window; -1 on a read error. */
static int dump_fill(struct dump_file *df, size_t keep)
{
	size_t n;

	memmove(df->buf, df->buf + keep, df->len - keep);
	df->len -= keep;
	while (!df->eof && df->len < DUMP_WINDOW) {
		n = fread(df->buf + df->len, 1, DUMP_WINDOW - df->len, df->fp);
		df->len += n;
		df->eof = n == 0;
	}
	return ferror(df->fp) ? -1 : 0;
}

/* The next record, the window slid on when the next one might not fit. */
static int dump_next(struct dump_file *df, struct kvmexc_walk *w, struct kvmexc_record *rec,
		     struct kvmexc_err *err)
{
	if (!df->eof && w->len - w->pos < KVMEXC_WALK_WINDOW_MIN) {
		if (dump_fill(df, w->pos))
			return kvmexc_err_set(err, -EIO, "%s", strerror(errno));
		kvmexc_walk_slide(w, df->buf, df->len);
	}
	return kvmexc_walk_next(w, rec, err);
}

/* From the start: the header checked, a walk after it. */
static int dump_rewind(struct dump_file *df, struct kvmexc_walk *w, struct kvmexc_file_info *info,
		       struct kvmexc_err *err)
{
	rewind(df->fp);
	df->len = 0;
	df->eof = false;
	if (dump_fill(df, 0))
		return kvmexc_err_set(err, -EIO, "%s", strerror(errno));
	kvmexc_walk_init(w, df->buf, df->len, sizeof(struct kvmexc_file_header));
	return kvmexc_format_header(df->buf, df->len, info, err);
}

/* ---- the loader's checks, streamed */

/* One bit per signature id of each type. */
static const uint16_t dump_sig_types[] = {
	KVMEXC_SIG_VERSION_OS, KVMEXC_SIG_VERSION_INTRO, KVMEXC_SIG_PROCESS_CREATION,
	KVMEXC_SIG_EXPORT, KVMEXC_SIG_VALUE, KVMEXC_SIG_IDT, KVMEXC_SIG_VALUE_CODE,
	KVMEXC_SIG_CODEBLOCKS,
};

#define DUMP_SIG_IDS BIT(KVMEXC_SIG_ID_VALUE_BITS)

/* The bit of @id in @ids, or -1 for a type no signature record has. */
static long dump_sig_bit(uint32_t id)
{
	size_t t;

	for (t = 0; t < ARRAY_SIZE(dump_sig_types); t++)
		if (dump_sig_types[t] == KVMEXC_SIG_ID_TYPE(id))
			return (long)(t * DUMP_SIG_IDS + KVMEXC_SIG_ID_VALUE(id));
	return -1;
}

static bool dump_sig_known(const uint8_t *ids, uint32_t id)
{
	long bit = dump_sig_bit(id);

	return bit >= 0 && (ids[bit / 8] & (1u << (bit % 8)));
}

/*
 * Pass 1, after the header: the records as the loader walks them, the ids
 * of the signatures, the header's counts. 0 or the loader's error (@err);
 * the second walk refuses the same record again.
 */
static int dump_check(struct dump_file *df, struct kvmexc_walk *w,
		      const struct kvmexc_file_info *info, uint8_t *ids, struct kvmexc_err *err)
{
	struct kvmexc_counts c = { 0 };
	struct kvmexc_record rec;
	long bit;
	int ret;

	while ((ret = dump_next(df, w, &rec, err)) > 0) {
		kvmexc_count_record(&c, &rec, false);
		bit = rec.sig_type ? dump_sig_bit(rec.sig_id) : -1;
		if (bit >= 0)
			ids[bit / 8] |= 1u << (bit % 8);
	}
	return ret ?: kvmexc_check_counts(info, &c, err);
}

/* An exception of the loader's index must name signatures of the file. */
static int dump_check_ids(const uint8_t *ids, const struct kvmexc_record *rec,
			  struct kvmexc_err *err)
{
	uint16_t i;
	uint32_t id;

	if (!rec->kind || (rec->flags & KVMEXC_FLAG_IGNORE))
		return 0;
	for (i = 0; i < rec->sig_count; i++) {
		id = kvmexc_le32(rec->sig_ids + 4 * i);
		if (!dump_sig_known(ids, id))
			return kvmexc_err_unknown_sig(err, rec->index, rec->offset, id);
	}
	return 0;
}

/* ---- the dump */

/* Text: the header's line; --json: the document up to its records. */
static void dump_header(struct dump_out *o, const uint8_t *buf)
{
	/* --json: the names status and load give these counts */
	static const char *const keys[][2] = {
		{ "kernel", "kernel" }, { "user", "user" }, { "signatures", "signature_count" },
		{ "build", "build" }, { "glob", "glob" }, { "kernel-user", "kernel_user" },
		{ "reserved", "reserved" },
	};
	size_t i;

	dump_puts(o, o->json ? "{" : "header  ");
	dump_open(o, NULL, '{');
	dump_str(o, "version", "%u.%u", kvmexc_le16(buf + 4), kvmexc_le16(buf + 6));
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		dump_int(o, keys[i][o->json], kvmexc_le32(buf + 8 + 4 * i));
	dump_close(o);
	if (o->json) {
		dump_json_member(o, "header", o->jv[0], true);
		dump_json_member(o, "records", NULL, false);
	}
}

/* What excctl load reports of the file, after "excctl dump: FILE: ". */
static void dump_message(const struct dump_out *o, const struct kvmexc_err *err, char *msg,
			 size_t size)
{
	snprintf(msg, size, "excctl dump: %s: %s", o->name, err->msg);
}

/*
 * After the records: the output flushed, then the message of a file the
 * loader refuses (@failed) on stderr; --json also in the document, which
 * is closed either way, with the record at fault (@fault) when a record is.
 */
static void dump_end(struct dump_out *o, bool failed, const struct kvmexc_err *err,
		     const struct kvmexc_record *fault)
{
	char msg[sizeof(err->msg) + 64];

	dump_message(o, err, msg, sizeof(msg));
	if (o->json)
		dump_json_end(o, failed ? msg : NULL, failed ? fault : NULL);
	dump_flush(o);
	fflush(o->f);
	if (!failed)
		return;
	fprintf(stderr, "%s\n", msg);
	/* the document holds the error: excctl_run() is to print no other */
	if (o->json)
		excctl_json_output = false;
}

/*
 * Pass 2: every record before the one pass 1 failed at (@checked), or the
 * exception that names an unknown signature.
 */
static int dump_print(struct dump_file *df, struct dump_out *o, const uint8_t *ids, int checked,
		      struct kvmexc_err *err)
{
	struct kvmexc_file_info info;
	struct kvmexc_record rec;
	struct kvmexc_walk w;
	char msg[sizeof(err->msg) + 64];
	int ret;

	ret = dump_rewind(df, &w, &info, err);
	if (ret) {
		dump_message(o, err, msg, sizeof(msg));
		fprintf(stderr, "%s\n", msg);
		return ret;
	}
	dump_header(o, df->buf);
	while ((ret = dump_next(df, &w, &rec, err)) > 0) {
		ret = checked ? 0 : dump_check_ids(ids, &rec, err);
		if (ret)
			break;
		dump_record(o, &rec);
	}
	/* not a record at fault: the header's counts (pass 1), or a read error */
	dump_end(o, ret || checked, err, ret < 0 && err->code != -EIO ? &rec : NULL);
	return ret ?: checked;
}

static int dump_stream(FILE *fp, const char *name, FILE *out, bool json)
{
	struct dump_file df = { .fp = fp };
	struct dump_out o = { .f = out, .name = name, .json = json };
	struct kvmexc_err err = { 0 };
	struct kvmexc_file_info info;
	struct kvmexc_walk w;
	char msg[sizeof(err.msg) + 64];
	uint8_t *ids;
	int ret;

	df.buf = malloc(DUMP_WINDOW);
	/* 4 MB, of which a page is touched per 32 768 ids that are used */
	ids = calloc(ARRAY_SIZE(dump_sig_types) * DUMP_SIG_IDS / 8, 1);
	if (!df.buf || !ids) {
		free(df.buf);
		free(ids);
		fprintf(stderr, "excctl dump: %s: out of memory\n", name);
		return -1;
	}
	/* a header the loader refuses: nothing to print */
	ret = dump_rewind(&df, &w, &info, &err);
	if (ret) {
		dump_message(&o, &err, msg, sizeof(msg));
		fprintf(stderr, "%s\n", msg);
	} else {
		ret = dump_print(&df, &o, ids, dump_check(&df, &w, &info, ids, &err), &err);
	}
	free(df.buf);
	free(ids);
	return ret ? -1 : 0;
}

int excctl_dump_buffer(const uint8_t *buf, size_t len, const char *name, FILE *out, bool json)
{
	FILE *fp = fmemopen((void *)buf, len, "rb");
	int ret;

	if (!fp) {
		fprintf(stderr, "excctl dump: %s: %s\n", name, strerror(errno));
		return -1;
	}
	ret = dump_stream(fp, name, out, json);
	fclose(fp);
	return ret;
}

/* A pipe is read twice: from a copy in an unlinked temporary file. */
static FILE *dump_seekable(FILE *in, const char *name)
{
	char buf[1 << 16];
	struct stat st;
	FILE *tmp;
	size_t n;

	if (!fstat(fileno(in), &st) && S_ISREG(st.st_mode))
		return in;
	tmp = tmpfile();
	while (tmp && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, tmp) != n)
			break;
	if (!tmp || ferror(in) || ferror(tmp)) {
		fprintf(stderr, "excctl dump: %s: %s\n", name, strerror(errno));
		if (tmp)
			fclose(tmp);
		return NULL;
	}
	return tmp;
}

int excctl_cmd_dump(int argc, char **argv)
{
	struct excctl_opts o;
	const char *path;
	FILE *in, *fp;
	bool json;
	int err;

	if (excctl_opts_parse(&o, argc, argv))
		return o.status;
	path = excctl_opt_str(&o, "FILE.bin");
	json = o.json;
	in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!in) {
		fprintf(stderr, "excctl: %s: %s\n", path, strerror(errno));
		return 1;
	}
	fp = dump_seekable(in, path);
	err = fp ? dump_stream(fp, path, stdout, json) : -1;
	if (fp && fp != in)
		fclose(fp);
	if (in != stdin)
		fclose(in);
	return err ? 1 : 0;
}
