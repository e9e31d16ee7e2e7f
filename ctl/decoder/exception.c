// SPDX-License-Identifier: GPL-2.0
/*
 * The exception and signatures an alert asks for (spec alerts.md section
 * 6), as the reference deserializer derives them, with the corrections that
 * make them what excctl compile takes and what the alert meant: the key
 * "signatures", flags as single-spaced tokens, "linux" kept for kernel-mode
 * EPT alerts, names without NULs, the return driver falling back to the
 * original one, and C object-type numbers (Documentation/alerts.rst).
 */
#include <stdlib.h>
#include <string.h>

#include <linux/kvmexc.h>

#include "decode.h"

struct excctl_exc {
	const struct excctl_blob *b;
	struct json_object *rec;	/* the exception */
	struct json_object *sigs;	/* the Signatures list */
	struct json_object *ids;	/* the exception's signatures */
	struct excctl_err err;
};

/* The last '\'-separated component of a string field, without NULs. */
static struct json_object *excctl_base_name(const struct excctl_field *f)
{
	struct json_object *j;
	size_t n, i, o = 0, start = 0;
	char *s;

	if (!f)
		return NULL;
	s = excctl_field_utf8(f, &n);
	if (!s)
		return NULL;
	for (i = 0; i < n; i++)
		if (s[i] == '\\')
			start = i + 1;
	for (i = start; i < n; i++)
		if (s[i])
			s[o++] = s[i];
	j = json_object_new_string_len(s, o);
	free(s);
	return j;
}

const struct excctl_field *excctl_find_field(const struct excctl_blob *b, u8 sec, u16 type,
					     const char *label)
{
	return excctl_obj_field(excctl_blob_find(b, sec, type), label);
}

/* The process (Windows) or task (Linux) of a section. */
struct json_object *excctl_process_name(const struct excctl_blob *b, u8 sec)
{
	const struct excctl_field *f = excctl_find_field(b, sec, KVMEXC_BLOB_OBJ_WIN_PROCESS,
							 "Process");

	return excctl_base_name(f ? f : excctl_find_field(b, sec, KVMEXC_BLOB_OBJ_LIX_PROCESS,
							  "Name"));
}

/* The user module (Windows) or VMA file (Linux) of a section. */
struct json_object *excctl_module_name(const struct excctl_blob *b, u8 sec)
{
	const struct excctl_field *f;

	f = excctl_find_field(b, sec, KVMEXC_BLOB_OBJ_WIN_MODULE, "Path");
	if (!f)
		f = excctl_find_field(b, sec, KVMEXC_BLOB_OBJ_LIX_VMA, "Path");
	return excctl_base_name(f);
}

struct json_object *excctl_driver_name(const struct excctl_blob *b, u8 sec, bool ret)
{
	const struct excctl_field *f;

	f = excctl_find_field(b, sec, ret ? KVMEXC_BLOB_OBJ_WIN_KERNEL_DRIVER_RETURN :
			      KVMEXC_BLOB_OBJ_WIN_KERNEL_DRIVER, "Path");
	if (!f)
		f = excctl_find_field(b, sec, ret ? KVMEXC_BLOB_OBJ_LIX_KERNEL_MODULE_RETURN :
				      KVMEXC_BLOB_OBJ_LIX_KERNEL_MODULE, "Path");
	if (!f && ret)
		return excctl_driver_name(b, sec, false);
	return excctl_base_name(f);
}

/*
 * The originator of a kernel alert: code in no driver is "-", which is how
 * an exception names it (the reference leaves the name null).
 */
static struct json_object *excctl_originator_driver(const struct excctl_blob *b, bool ret)
{
	struct json_object *name = excctl_driver_name(b, EXCCTL_SEC_ORIGINATOR, ret);

	return name ? name : json_object_new_string("-");
}

static struct json_object *excctl_drvobj_name(const struct excctl_blob *b)
{
	return excctl_base_name(excctl_find_field(b, EXCCTL_SEC_NONE,
						  KVMEXC_BLOB_OBJ_KERNEL_DRV_OBJECT, "Name"));
}

static u64 excctl_num(const struct excctl_blob *b, u8 sec, u16 type, const char *label)
{
	const struct excctl_field *f = excctl_find_field(b, sec, type, label);

	return f ? f->num : 0;
}

/* Flags: "linux" for Linux guests, then the words given, single-spaced. */
static struct json_object *excctl_flags(const struct excctl_blob *b, const char *words)
{
	char buf[96];

	snprintf(buf, sizeof(buf), "%s%s", b->guest == KVMEXC_BLOB_OS_LINUX ? "linux " : "", words);
	return json_object_new_string(buf);
}

const char *excctl_ept_access(u64 type)
{
	switch (type) {
	case KVMEXC_BLOB_EPT_READ:
		return "read";
	case KVMEXC_BLOB_EPT_WRITE:
		return "write";
	case KVMEXC_BLOB_EPT_EXEC:
		return "exec";
	}
	return NULL;
}

static void excctl_put(struct excctl_exc *x, const char *key, struct json_object *v)
{
	json_object_object_add(x->rec, key, v);
}

/* Flags of an EPT alert: "32 64" and the access, which user-mode puts first. */
static void excctl_put_ept_flags(struct excctl_exc *x, u64 ept, bool access_first)
{
	const char *access = excctl_ept_access(ept);
	char flags[32];

	if (!access)
		snprintf(flags, sizeof(flags), "32 64");
	else if (access_first)
		snprintf(flags, sizeof(flags), "%s 32 64", access);
	else
		snprintf(flags, sizeof(flags), "32 64 %s", access);
	excctl_put(x, "flags", excctl_flags(x->b, flags));
}

static void excctl_put_str(struct excctl_exc *x, const char *key, const char *s)
{
	excctl_put(x, key, json_object_new_string(s));
}

static void excctl_add_sig(struct excctl_exc *x, struct json_object *sig, const char *id)
{
	json_object_array_add(x->sigs, sig);
	json_object_array_add(x->ids, json_object_new_string(id));
}

static int excctl_u32_cmp(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* Six hashes around the RIP's block, sorted (spec 6.4). */
static void excctl_sig_codeblocks(struct excctl_exc *x)
{
	const struct excctl_obj *o = excctl_blob_find(x->b, EXCCTL_SEC_MISC,
						      KVMEXC_BLOB_OBJ_CODE_BLOCKS);
	const struct excctl_field *h = excctl_obj_field(o, "Codeblocks");
	u32 i = excctl_obj_field(o, "Index") ? excctl_obj_field(o, "Index")->num : 0;
	u32 c = h ? h->num : 0, off, n = c < 6 ? c : 6, v[6];
	struct json_object *sig, *hashes, *list;
	char hex[16];

	if (!n)
		return;
	if (i < 3)
		off = 0;
	else if (i + 3 >= c)
		off = c >= 6 ? c - 6 : 0;
	else
		off = i - 3;
	for (i = 0; i < n; i++)
		v[i] = get_unaligned_le32(h->p + 4 * (off + i));
	qsort(v, n, sizeof(v[0]), excctl_u32_cmp);
	sig = json_object_new_object();
	hashes = json_object_new_array();
	for (i = 0; i < n; i++) {
		snprintf(hex, sizeof(hex), "0x%x", v[i]);
		json_object_array_add(hashes, json_object_new_string(hex));
	}
	json_object_object_add(sig, "sig_type", json_object_new_string("codeblocks"));
	json_object_object_add(sig, "sig_id", json_object_new_string("codeblocks-sig"));
	json_object_object_add(sig, "flags", excctl_flags(x->b, "32 64"));
	json_object_object_add(sig, "score", json_object_new_int(n > 1 ? n - 1 : 1));
	/* The compiler takes a list of lists; the reference writes one flat list. */
	list = json_object_new_array();
	json_object_array_add(list, hashes);
	json_object_object_add(sig, "hashes", list);
	excctl_add_sig(x, sig, "codeblocks-sig");
}

struct json_object *excctl_export_library(const struct excctl_blob *b)
{
	const struct excctl_field *f;

	f = excctl_find_field(b, EXCCTL_SEC_VICTIM, KVMEXC_BLOB_OBJ_WIN_MODULE, "Path");
	if (!f)
		f = excctl_find_field(b, EXCCTL_SEC_VICTIM, KVMEXC_BLOB_OBJ_WIN_MODULE_RETURN,
				      "Path");
	return excctl_base_name(f);
}

static void excctl_sig_export(struct excctl_exc *x)
{
	const struct excctl_obj *o = excctl_blob_find(x->b, EXCCTL_SEC_MISC,
						      KVMEXC_BLOB_OBJ_EXPORT);
	u64 delta = excctl_num(x->b, EXCCTL_SEC_MISC, KVMEXC_BLOB_OBJ_EXPORT, "Delta");
	struct json_object *sig, *hashes;
	u32 i;

	if (!o)
		return;
	sig = json_object_new_object();
	hashes = json_object_new_array();
	for (i = 0; i < o->nfields; i++) {
		struct json_object *h;

		if (o->fields[i].d->kind != EXCCTL_FK_STRS)
			continue;
		h = json_object_new_object();
		json_object_object_add(h, "name", excctl_base_name(&o->fields[i]));
		json_object_object_add(h, "delta", json_object_new_uint64(delta));
		json_object_array_add(hashes, h);
	}
	json_object_object_add(sig, "sig_id", json_object_new_string("export-sig"));
	json_object_object_add(sig, "sig_type", json_object_new_string("export"));
	json_object_object_add(sig, "flags", excctl_flags(x->b, "32 64"));
	json_object_object_add(sig, "library", excctl_export_library(x->b));
	json_object_object_add(sig, "hashes", hashes);
	excctl_add_sig(x, sig, "export-sig");
}

static void excctl_sig_idt(struct excctl_exc *x)
{
	const struct excctl_obj *o = excctl_blob_find(x->b, EXCCTL_SEC_VICTIM, KVMEXC_BLOB_OBJ_IDT);
	struct json_object *sig;

	if (!o)
		return;
	sig = json_object_new_object();
	json_object_object_add(sig, "sig_id", json_object_new_string("idt-sig"));
	json_object_object_add(sig, "sig_type", json_object_new_string("idt"));
	json_object_object_add(sig, "flags", excctl_flags(x->b, "32 64"));
	json_object_object_add(sig, "entry",
			       json_object_new_uint64(excctl_obj_field(o, "Entry")->num));
	excctl_add_sig(x, sig, "idt-sig");
}

/* The part of a module written, from the zone flags (spec 6.3). */
static const char *excctl_lib_part(u64 zone_flags)
{
	if (zone_flags & KVMEXC_ZF_LIB_IMPORTS)
		return "imports";
	if (zone_flags & KVMEXC_ZF_LIB_EXPORTS)
		return "exports";
	if (zone_flags & KVMEXC_ZF_LIB_CODE)
		return "code";
	if (zone_flags & KVMEXC_ZF_LIB_DATA)
		return "data";
	if (zone_flags & KVMEXC_ZF_LIB_RESOURCES)
		return "resources";
	return NULL;
}

static u64 excctl_victim(const struct excctl_blob *b, const char *label)
{
	return excctl_num(b, EXCCTL_SEC_VICTIM, KVMEXC_BLOB_OBJ_VICTIM, label);
}

/* Victim and object type of a kernel-mode EPT alert. */
static int excctl_km_victim(struct excctl_exc *x)
{
	u32 obj = excctl_victim(x->b, "Object type");
	const char *part = excctl_lib_part(excctl_victim(x->b, "Zone Flags"));
	char type[32];

	switch (obj) {
	case KVMEXC_OBJ_KM_MODULE:
	case KVMEXC_OBJ_VDSO:
	case KVMEXC_OBJ_VSYSCALL:
		if (!part)
			return excctl_fail(&x->err, "a module write without a LIB zone flag");
		if (obj == KVMEXC_OBJ_KM_MODULE)
			excctl_put(x, "victim", excctl_driver_name(x->b, EXCCTL_SEC_VICTIM, false));
		else
			excctl_put_str(x, "victim",
				       obj == KVMEXC_OBJ_VDSO ? "[vdso]" : "[vsyscall]");
		snprintf(type, sizeof(type), "driver %s", part);
		excctl_put_str(x, "object_type", type);
		return 0;
	case KVMEXC_OBJ_SSDT:
		excctl_put_str(x, "object_type", "ssdt");
		return 0;
	case KVMEXC_OBJ_DRIVER_OBJECT:
	case KVMEXC_OBJ_FAST_IO:
		excctl_put(x, "victim", excctl_drvobj_name(x->b));
		excctl_put_str(x, "object_type", obj == KVMEXC_OBJ_FAST_IO ? "fastio" : "drvobj");
		return 0;
	case KVMEXC_OBJ_IDT:
		excctl_put_str(x, "victim", "*");
		excctl_put_str(x, "object_type", "idt");
		return 0;
	}
	return excctl_fail(&x->err, "no kernel-mode exception type for a write into a %s (%u)",
			       excctl_blob_object_name(obj), obj);
}

/* The user-module object type: module, module imports or module exports. */
static int excctl_um_module_type(struct excctl_exc *x)
{
	u64 zf = excctl_victim(x->b, "Zone Flags");

	if (excctl_victim(x->b, "Object type") != KVMEXC_OBJ_UM_MODULE)
		return excctl_fail(&x->err, "no kernel-user exception type for a write into a %s",
				       excctl_blob_object_name(excctl_victim(x->b, "Object type")));
	excctl_put_str(x, "object_type", zf & KVMEXC_ZF_LIB_IMPORTS ? "module imports" :
		       zf & KVMEXC_ZF_LIB_EXPORTS ? "module exports" : "module");
	return 0;
}

static u64 excctl_ept_type(const struct excctl_blob *b, u8 sec)
{
	return excctl_num(b, sec, KVMEXC_BLOB_OBJ_EPT, "Type");
}

static bool excctl_has_ept(const struct excctl_blob *b, u8 sec)
{
	return excctl_blob_find(b, sec, KVMEXC_BLOB_OBJ_EPT);
}

static int excctl_exc_ept_km(struct excctl_exc *x)
{
	if (!excctl_blob_find(x->b, EXCCTL_SEC_VICTIM, KVMEXC_BLOB_OBJ_VICTIM) ||
	    !excctl_has_ept(x->b, EXCCTL_SEC_VICTIM))
		return excctl_fail(&x->err, "no victim or EPT object in the victim section");
	excctl_put(x, "originator", excctl_originator_driver(x->b, true));
	if (excctl_km_victim(x))
		return -1;
	excctl_put_ept_flags(x, excctl_ept_type(x->b, EXCCTL_SEC_VICTIM), false);
	excctl_sig_idt(x);
	excctl_sig_codeblocks(x);
	return 0;
}

static int excctl_exc_ept_um(struct excctl_exc *x)
{
	u64 ept = excctl_ept_type(x->b, EXCCTL_SEC_MISC);

	if (!excctl_has_ept(x->b, EXCCTL_SEC_MISC))
		return excctl_fail(&x->err, "no EPT object in the misc section");
	excctl_put(x, "process", excctl_process_name(x->b, EXCCTL_SEC_ORIGINATOR));
	if (ept == KVMEXC_BLOB_EPT_EXEC) {
		excctl_put_str(x, "originator", "*");
		excctl_put_str(x, "victim", "-");
	} else {
		excctl_put(x, "originator", x->b->guest == KVMEXC_BLOB_OS_LINUX ?
			   excctl_process_name(x->b, EXCCTL_SEC_ORIGINATOR) :
			   excctl_module_name(x->b, EXCCTL_SEC_ORIGINATOR));
		excctl_put(x, "victim", excctl_module_name(x->b, EXCCTL_SEC_VICTIM));
	}
	excctl_put_ept_flags(x, ept, true);
	if (excctl_victim(x->b, "Object type") == KVMEXC_OBJ_UM_MODULE)
		excctl_um_module_type(x);
	else
		excctl_put_str(x, "object_type", "process");
	excctl_sig_codeblocks(x);
	excctl_sig_export(x);
	return 0;
}

static int excctl_exc_ept_km_um(struct excctl_exc *x)
{
	u64 ept = excctl_ept_type(x->b, EXCCTL_SEC_MISC);
	struct json_object *process = excctl_process_name(x->b, EXCCTL_SEC_VICTIM);

	if (!process)
		return excctl_fail(&x->err, "no victim process");
	excctl_put(x, "process", process);
	excctl_put(x, "originator", excctl_originator_driver(x->b, true));
	if (ept == KVMEXC_BLOB_EPT_EXEC)
		excctl_put_str(x, "victim", "-");
	else
		excctl_put(x, "victim", excctl_module_name(x->b, EXCCTL_SEC_VICTIM));
	if (excctl_um_module_type(x))
		return -1;
	excctl_put_ept_flags(x, ept, false);
	excctl_sig_codeblocks(x);
	excctl_sig_export(x);
	return 0;
}

/* MSR, CR and DTR writes: by the original driver, victim "*". */
static int excctl_exc_register(struct excctl_exc *x, const char *type, const char *flags)
{
	excctl_put(x, "originator", excctl_originator_driver(x->b, false));
	excctl_put_str(x, "victim", "*");
	excctl_put_str(x, "object_type", type);
	excctl_put(x, "flags", excctl_flags(x->b, flags));
	excctl_sig_codeblocks(x);
	return 0;
}

static int excctl_exc_dtr(struct excctl_exc *x)
{
	switch (excctl_victim(x->b, "Object type")) {
	case KVMEXC_OBJ_IDTR:
		return excctl_exc_register(x, "idt-reg", "32 64 write");
	case KVMEXC_OBJ_GDTR:
		return excctl_exc_register(x, "gdt-reg", "32 64 write");
	}
	return excctl_fail(&x->err, "a DTR alert about neither the IDTR nor the GDTR");
}

static int excctl_exc_integrity(struct excctl_exc *x)
{
	u32 obj = excctl_victim(x->b, "Object type");
	const char *type;

	switch (obj) {
	case KVMEXC_OBJ_DRIVER_OBJECT:
		type = "drvobj";
		break;
	case KVMEXC_OBJ_FAST_IO:
		type = "fastio";
		break;
	case KVMEXC_OBJ_LOGGER_CONTEXT:
		type = "infinity-hook";
		break;
	case KVMEXC_OBJ_SECURITY_DESCRIPTOR:
		type = "security-descriptor";
		break;
	case KVMEXC_OBJ_ACL:
		type = "acl-edit";
		break;
	default:
		return excctl_fail(&x->err, "no integrity exception type for a %s (%u)",
				       excctl_blob_object_name(obj), obj);
	}
	excctl_put(x, "originator", excctl_originator_driver(x->b, false));
	excctl_put(x, "victim", obj == KVMEXC_OBJ_LOGGER_CONTEXT ?
		   excctl_driver_name(x->b, EXCCTL_SEC_VICTIM, false) : excctl_drvobj_name(x->b));
	excctl_put_str(x, "object_type", type);
	excctl_put(x, "flags", excctl_flags(x->b, "32 64 write integrity"));
	return 0;
}

static int excctl_exc_injection(struct excctl_exc *x)
{
	static const char * const types[] = {
		"process", "process", "thread-context", "apc-thread",
	};
	static const char * const flags[] = { "32 64 write", "32 64 read", "32 64", "32 64" };
	u64 t = excctl_num(x->b, EXCCTL_SEC_MISC, KVMEXC_BLOB_OBJ_INJECTION, "Type");

	if (t >= ARRAY_SIZE(types))
		return excctl_fail(&x->err, "an injection of unknown type %llu",
				       (unsigned long long)t);
	excctl_put_str(x, "process", "*");
	excctl_put(x, "originator", excctl_process_name(x->b, EXCCTL_SEC_ORIGINATOR));
	excctl_put(x, "victim", excctl_process_name(x->b, EXCCTL_SEC_VICTIM));
	excctl_put(x, "flags", excctl_flags(x->b, flags[t]));
	excctl_put_str(x, "object_type", types[t]);
	excctl_sig_export(x);
	return 0;
}

static int excctl_exc_process_creation(struct excctl_exc *x)
{
	bool dpi = excctl_blob_find(x->b, EXCCTL_SEC_MISC, KVMEXC_BLOB_OBJ_DPI);

	excctl_put_str(x, "process", "*");
	excctl_put(x, "originator", excctl_process_name(x->b, EXCCTL_SEC_ORIGINATOR));
	excctl_put(x, "victim", excctl_process_name(x->b, EXCCTL_SEC_VICTIM));
	excctl_put(x, "flags", excctl_flags(x->b, "32 64 exec"));
	excctl_put_str(x, "object_type", dpi ? "process-creation-dpi" : "process-creation");
	return 0;
}

static int excctl_exc_module_load(struct excctl_exc *x)
{
	excctl_put(x, "process", excctl_process_name(x->b, EXCCTL_SEC_VICTIM));
	excctl_put(x, "originator", excctl_process_name(x->b, EXCCTL_SEC_ORIGINATOR));
	excctl_put(x, "victim", excctl_module_name(x->b, EXCCTL_SEC_VICTIM));
	excctl_put(x, "flags", excctl_flags(x->b, "32 64 write"));
	excctl_put_str(x, "object_type", "double-agent");
	return 0;
}

static int excctl_exc_dispatch(struct excctl_exc *x)
{
	static int (* const ept[])(struct excctl_exc *x) = {
		excctl_exc_ept_km, excctl_exc_ept_um, excctl_exc_ept_km_um,
	};

	switch (x->b->event) {
	case KVMEXC_BLOB_EVENT_EPT:
		if (x->b->type < ARRAY_SIZE(ept))
			return ept[x->b->type](x);
		return excctl_fail(&x->err, "unknown alert type %u", x->b->type);
	case KVMEXC_BLOB_EVENT_MSR:
		return excctl_exc_register(x, "msr", "32 64 write");
	case KVMEXC_BLOB_EVENT_CR:
		return excctl_exc_register(x, "cr4", "32 64 write smap smep");
	case KVMEXC_BLOB_EVENT_DTR:
		return excctl_exc_dtr(x);
	case KVMEXC_BLOB_EVENT_INTEGRITY:
		return excctl_exc_integrity(x);
	case KVMEXC_BLOB_EVENT_INJECTION:
		return excctl_exc_injection(x);
	case KVMEXC_BLOB_EVENT_PROCESS_CREATION:
		return excctl_exc_process_creation(x);
	case KVMEXC_BLOB_EVENT_MODULE_LOAD:
		return excctl_exc_module_load(x);
	}
	return excctl_fail(&x->err, "no exception for alerts of event %u", x->b->event);
}

/* The compiler's "Type" of the exception file, from the header. */
static const char *excctl_exc_kind(const struct excctl_blob *b)
{
	static const char * const kinds[] = { "kernel", "user", "kernel-user" };

	return b->type < ARRAY_SIZE(kinds) ? kinds[b->type] : "kernel";
}

static struct json_object *excctl_typed(const char *kind, const char *key, struct json_object *v)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "Type", json_object_new_string(kind));
	json_object_object_add(o, key, v);
	return o;
}

int excctl_blob_exception(const struct excctl_blob *b, struct json_object **exc,
			  struct json_object **sigs, char *err, size_t errlen)
{
	struct excctl_exc x = {
		.b = b, .rec = json_object_new_object(), .sigs = json_object_new_array(),
		.ids = json_object_new_array(), .err = { err, errlen },
	};
	const char *kind = excctl_exc_kind(b);
	struct json_object *list;

	if (excctl_exc_dispatch(&x)) {
		json_object_put(x.rec);
		json_object_put(x.sigs);
		json_object_put(x.ids);
		return -1;
	}
	excctl_put(&x, "signatures", x.ids);
	list = json_object_new_array();
	json_object_array_add(list, x.rec);
	*exc = excctl_typed(kind, "Exceptions", list);
	*sigs = excctl_typed(kind, "Signatures", x.sigs);
	return 0;
}
