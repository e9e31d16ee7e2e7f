// SPDX-License-Identifier: GPL-2.0
/*
 * excctl dump FILE.bin [--json]: an exceptions file in readable form.
 * Every record is decoded into a JSON object first; the text form prints
 * the same fields on one line. The core's loader checks the file first and
 * its walk frames the records, so there is one rule for what a valid file
 * is and the decoders here need not check any size.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <linux/kvmexc.h>

#include "core/store.h"
#include "dump.h"
#include "excctl.h"

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

static void dump_sig_refs(struct json_object *o, const struct kvmexc_record *rec)
{
	struct json_object *a = json_object_new_array();
	uint16_t i;

	for (i = 0; i < rec->sig_count; i++)
		json_object_array_add(a, dump_sig_id(kvmexc_le32(rec->sig_ids + 4 * i)));
	json_object_object_add(o, "signatures", a);
}

static void dump_exception(struct json_object *o, const struct kvmexc_record *rec)
{
	enum dump_table t = rec->kind == KVMEXC_EXC_KM ? DUMP_KERNEL :
			    rec->kind == KVMEXC_EXC_KUM ? DUMP_KERNEL_USER : DUMP_USER;

	dump_hash(o, "originator", rec->originator, t == DUMP_KERNEL_USER ? DUMP_KERNEL : t);
	if (t == DUMP_KERNEL) {
		dump_str(o, "path", "0x%08" PRIx32, kvmexc_le32(rec->body + 4));
		dump_hash(o, "victim", rec->victim, t);
	} else {
		dump_hash(o, "victim", rec->victim, DUMP_USER);
		dump_hash(o, "process", rec->process, DUMP_USER);
	}
	dump_flags(o, rec->flags, t);
	dump_object_type(o, rec->object_type, t);
	dump_sig_refs(o, rec);
}

static void dump_glob(struct json_object *o, const struct kvmexc_record *rec)
{
	static const char *const keys[3] = { "originator", "victim", "process" };
	int i;

	dump_flags(o, rec->flags, DUMP_USER);
	dump_object_type(o, rec->object_type, DUMP_USER);
	for (i = 0; i < 3; i++)
		json_object_object_add(o, keys[i], json_object_new_string(rec->glob[i]));
	dump_sig_refs(o, rec);
}

static void dump_codeblocks(struct json_object *o, const uint8_t *b)
{
	struct json_object *lists = json_object_new_array();
	size_t pos = 10, l, k, c;
	char hex[16];

	json_object_object_add(o, "lists", lists);
	dump_int(o, "score", b[8]);
	for (l = 0; l < b[9]; l++) {
		struct json_object *list = json_object_new_array();

		json_object_array_add(lists, list);
		c = b[pos++];
		for (k = 0; k < c; k++, pos += 4) {
			snprintf(hex, sizeof(hex), "0x%08" PRIx32, kvmexc_le32(b + pos));
			json_object_array_add(list, json_object_new_string(hex));
		}
	}
}

static void dump_export(struct json_object *o, const uint8_t *b)
{
	struct json_object *a = json_object_new_array(), *e;
	size_t i;

	json_object_object_add(o, "hashes", a);
	dump_hash(o, "library", kvmexc_le32(b + 8), DUMP_USER);
	for (i = 0; i < b[12]; i++) {
		e = json_object_new_object();
		dump_int(e, "delta", kvmexc_le16(b + 16 + 8 * i));
		dump_hash(e, "name", kvmexc_le32(b + 20 + 8 * i), DUMP_SIGNATURE);
		json_object_array_add(a, e);
	}
}

static void dump_value(struct json_object *o, const uint8_t *b)
{
	struct json_object *a = json_object_new_array(), *e;
	size_t i;

	json_object_object_add(o, "hashes", a);
	dump_int(o, "score", b[8]);
	for (i = 0; i < b[9]; i++) {
		const uint8_t *p = b + 12 + 12 * i;

		e = json_object_new_object();
		dump_int(e, "offset", kvmexc_le16(p));
		dump_int(e, "size", kvmexc_le16(p + 2));
		dump_str(e, "hash", "0x%08" PRIx32, kvmexc_le32(p + 8));
		json_object_array_add(a, e);
	}
}

static void dump_value_code(struct json_object *o, const uint8_t *b)
{
	struct json_object *a = json_object_new_array();
	char hex[8];
	size_t i;

	json_object_object_add(o, "pattern", a);
	dump_int(o, "offset", (int16_t)kvmexc_le16(b + 8));
	for (i = 0; i < kvmexc_le16(b + 10); i++) {
		uint16_t w = kvmexc_le16(b + 12 + 2 * i);

		if (w == 0x100)
			snprintf(hex, sizeof(hex), "any");
		else
			snprintf(hex, sizeof(hex), "0x%02x", w);
		json_object_array_add(a, json_object_new_string(hex));
	}
}

static void dump_version_os(struct json_object *o, const uint8_t *b)
{
	if (kvmexc_le32(b + 4) & KVMEXC_SIG_FLAG_LINUX) {
		dump_str(o, "minimum", "%u.%u.%u (backport %u)", b[8], b[9], kvmexc_le16(b + 10),
			 kvmexc_le16(b + 12));
		dump_str(o, "maximum", "%u.%u.%u (backport %u)", b[16], b[17],
			 kvmexc_le16(b + 18), kvmexc_le16(b + 20));
	} else {
		dump_str(o, "minimum", "%" PRIu64, get_unaligned_le64(b + 8));
		dump_str(o, "maximum", "%" PRIu64, get_unaligned_le64(b + 16));
	}
}

static void dump_version_intro(struct json_object *o, const uint8_t *b)
{
	dump_str(o, "minimum", "%u.%u.%u.%u", kvmexc_le16(b + 8), kvmexc_le16(b + 10),
		 kvmexc_le16(b + 12), kvmexc_le16(b + 14));
	dump_str(o, "maximum", "%u.%u.%u.%u", kvmexc_le16(b + 16), kvmexc_le16(b + 18),
		 kvmexc_le16(b + 20), kvmexc_le16(b + 22));
}

static void dump_process_creation(struct json_object *o, const uint8_t *b)
{
	static const char *const masks[] = {
		"debug", "pivoted-stack", "stolen-token", "heap-spray", "token-privs",
		"thread-start", "security-descriptor", "acl-edit",
	};
	uint32_t mask = kvmexc_le32(b + 8);
	char names[256] = "";
	int i;

	for (i = 0; i < 8; i++)
		if (mask & (1u << i))
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
				 *names ? " " : "", masks[i]);
	dump_str(o, "create_mask", "0x%08" PRIx32 " (%s)", mask, names);
}

static void dump_signature(struct json_object *o, const struct kvmexc_record *rec)
{
	const uint8_t *b = rec->body;

	json_object_object_add(o, "id", dump_sig_id(rec->sig_id));
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

static void dump_record(struct json_object *o, const struct kvmexc_record *rec)
{
	const char *name = dump_record_name(rec->type);

	if (name)
		dump_str(o, "record", "#%u @%u %s", rec->index, rec->offset, name);
	else
		dump_str(o, "record", "#%u @%u unknown type %u", rec->index, rec->offset,
			 rec->type);
	dump_int(o, "size", rec->size);
	if (rec->kind == KVMEXC_EXC_GLOB)
		dump_glob(o, rec);
	else if (rec->kind)
		dump_exception(o, rec);
	else if (rec->sig_type)
		dump_signature(o, rec);
	/* else a type the loader skips (newer files): only its header means something */
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

static struct json_object *dump_header(const uint8_t *buf)
{
	struct json_object *h = json_object_new_object();
	int i;

	dump_str(h, "version", "%u.%u", kvmexc_le16(buf + 4), kvmexc_le16(buf + 6));
	for (i = 0; i < 7; i++)
		dump_int(h, dump_count_keys[i], kvmexc_le32(buf + 8 + 4 * i));
	return h;
}

static struct json_object *dump_records(const uint8_t *buf, size_t len)
{
	struct json_object *records = json_object_new_array();
	struct kvmexc_record rec;
	struct kvmexc_walk w;

	kvmexc_walk_init(&w, buf, len, sizeof(struct kvmexc_file_header));
	while (kvmexc_walk_next(&w, &rec, NULL) > 0) {
		struct json_object *o = json_object_new_object();

		json_object_array_add(records, o);
		dump_record(o, &rec);
	}
	return records;
}

/*
 * The loader's own checks, so that dump shows exactly the files the module
 * loads and refuses the others with the module's message.
 */
static int dump_validate(const uint8_t *buf, size_t len, const char *name)
{
	struct kvmexc_err err = { 0 };
	struct kvmexc_set *set;

	set = kvmexc_set_build(buf, len, &err);
	if (!set) {
		fprintf(stderr, "excctl dump: %s: %s\n", name, err.msg);
		return -1;
	}
	kvmexc_set_free(set);
	return 0;
}

static void dump_print_text(FILE *out, struct json_object *h, struct json_object *records)
{
	size_t i;

	fputs("header  ", out);
	dump_text(out, h);
	fputc('\n', out);
	for (i = 0; i < json_object_array_length(records); i++) {
		dump_text(out, json_object_array_get_idx(records, i));
		fputc('\n', out);
	}
}

int excctl_dump_buffer(const uint8_t *buf, size_t len, const char *name, FILE *out, bool json)
{
	int pretty = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE;
	struct json_object *doc;

	if (dump_validate(buf, len, name))
		return -1;
	doc = json_object_new_object();
	json_object_object_add(doc, "header", dump_header(buf));
	json_object_object_add(doc, "records", dump_records(buf, len));
	if (json)
		fprintf(out, "%s\n", json_object_to_json_string_ext(doc, pretty));
	else
		dump_print_text(out, json_object_object_get(doc, "header"),
				json_object_object_get(doc, "records"));
	json_object_put(doc);
	return 0;
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
	err = excctl_dump_buffer(buf, len, path, stdout, json);
	free(buf);
	return err ? 1 : 0;
}
