// SPDX-License-Identifier: GPL-2.0
/*
 * EVENT.json into struct kvmexc_violation. Names are hashed with the one
 * name-hash function of the core (core/names.h), for the field and the
 * object the violation is about, so they compare with compiled files.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/names.h"
#include "event.h"
#include "cli/excctl.h"

struct event_ctx {
	struct excctl_event *ev;
	char *err;
	size_t errlen;
};

__printf(2, 3)
static int event_err(struct event_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, c->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int event_lookup(struct event_ctx *c, const char *key, const struct excctl_name *t,
			const char *s, u64 *out)
{
	for (; t->name; t++)
		if (!strcmp(t->name, s)) {
			*out = t->value;
			return 0;
		}
	return event_err(c, "%s: unknown value \"%s\"", key, s);
}

/* An integer, or a string holding one (excctl's one syntax), up to @max. */
static int event_u64(struct event_ctx *c, const char *key, struct json_object *o, u64 max,
		     u64 *out)
{
	unsigned long long v;
	char err[256];

	/* an integer as json-c prints it: one range check for both */
	if (!json_object_is_type(o, json_type_int) && !json_object_is_type(o, json_type_string))
		return event_err(c, "%s: expected a number", key);
	if (excctl_parse_number(json_object_is_type(o, json_type_int) ?
				json_object_to_json_string(o) : json_object_get_string(o),
				0, max, &v, err, sizeof(err)))
		return event_err(c, "%s: %s", key, err);
	*out = v;
	return 0;
}

/* One value or an array of values, each a name of @t: their OR. */
static int event_bits(struct event_ctx *c, const char *key, struct json_object *o,
		      const struct excctl_name *t, u64 *out)
{
	size_t i, n;
	u64 v = 0;

	*out = 0;
	if (json_object_is_type(o, json_type_int))
		return event_u64(c, key, o, UINT64_MAX, out);
	if (json_object_is_type(o, json_type_string))
		return event_lookup(c, key, t, json_object_get_string(o), out);
	if (!json_object_is_type(o, json_type_array))
		return event_err(c, "%s: expected a name or an array of names", key);
	n = json_object_array_length(o);
	for (i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(o, i);

		if (!json_object_is_type(e, json_type_string))
			return event_err(c, "%s[%zu]: expected a name", key, i);
		if (event_lookup(c, key, t, json_object_get_string(e), &v))
			return -1;
		*out |= v;
	}
	return 0;
}

static int event_hex(struct event_ctx *c, const char *key, struct json_object *o, u8 *buf,
		     size_t cap, u32 *len)
{
	const char *s;
	size_t n, i;

	if (!json_object_is_type(o, json_type_string))
		return event_err(c, "%s: expected a hex string", key);
	s = json_object_get_string(o);
	n = strlen(s);
	if (n % 2 || n / 2 > cap)
		return event_err(c, "%s: expected an even number of hex digits, at most %zu bytes",
				 key, cap);
	for (i = 0; i < n / 2; i++) {
		/* one byte's two digits, in the one number syntax as 0xNN */
		char hex[] = { '0', 'x', s[2 * i], s[2 * i + 1], 0 };
		unsigned long long b;
		char err[64];

		if (excctl_parse_number(hex, 0, 0xFF, &b, err, sizeof(err)))
			return event_err(c, "%s: bad hex digit at %zu", key, 2 * i);
		buf[i] = b;
	}
	*len = n / 2;
	return 0;
}

/* The exception object type whose field hashing a runtime name follows. */
static u8 event_name_object(const struct kvmexc_violation *v)
{
	if (v->kind == KVMEXC_EXC_KM) {
		switch (v->object) {
		case KVMEXC_OBJ_TOKEN_PRIVS:		return KVMEXC_KM_OBJ_TOKEN_PRIVS;
		case KVMEXC_OBJ_SECURITY_DESCRIPTOR:	return KVMEXC_KM_OBJ_SECURITY_DESCRIPTOR;
		case KVMEXC_OBJ_ACL:			return KVMEXC_KM_OBJ_ACL_EDIT;
		case KVMEXC_OBJ_SUD_INTEGRITY:		return KVMEXC_KM_OBJ_SUD_MODIFICATION;
		}
		return KVMEXC_KM_OBJ_ANY;
	}
	if (v->kind == KVMEXC_EXC_KUM)
		return KVMEXC_KUM_OBJ_MODULE;
	if (v->zone == KVMEXC_ZONE_PROCESS)
		return (v->zone_flags & KVMEXC_ZF_MODULE_LOAD) ? KVMEXC_UM_OBJ_DOUBLE_AGENT :
								 KVMEXC_UM_OBJ_PROCESS;
	if (v->object == KVMEXC_OBJ_PROCESS_CREATION)
		return KVMEXC_UM_OBJ_PROCESS_CREATION;
	if (v->object == KVMEXC_OBJ_PROCESS_CREATION_DPI)
		return KVMEXC_UM_OBJ_PROCESS_CREATION_DPI;
	if (v->object == KVMEXC_OBJ_UM_NX_ZONE)
		return KVMEXC_UM_OBJ_NX_ZONE;
	return KVMEXC_UM_OBJ_MODULE;
}

/*
 * A name field: null (no module: NONAME), a number or "0x..." (a hash as
 * is), or a name hashed for (@kind, @field). *name gets the name, if any.
 */
static int event_name_hash(struct event_ctx *c, const char *key, struct json_object *o,
			   enum kvmexc_name_kind kind, enum kvmexc_name_field field,
			   u32 *hash, const char **name)
{
	const struct kvmexc_violation *v = &c->ev->v;
	struct kvmexc_name_ctx nctx = {
		.kind = kind, .field = field, .object_type = event_name_object(v),
	};
	const char *s;
	u64 val;
	int ret;

	if (name)
		*name = NULL;
	if (!o) {
		*hash = KVMEXC_NAME_EMPTY;
		return 0;
	}
	s = json_object_get_string(o);
	if (json_object_is_type(o, json_type_int) ||
	    (json_object_is_type(o, json_type_string) && !strncmp(s, "0x", 2))) {
		if (event_u64(c, key, o, UINT32_MAX, &val))
			return -1;
		*hash = val;
		return 0;
	}
	if (!json_object_is_type(o, json_type_string))
		return event_err(c, "%s: expected a name, a hash or null", key);
	if (v->os == KVMEXC_OS_LINUX)
		nctx.flags |= KVMEXC_NAME_LINUX;
	if (kind == KVMEXC_KIND_KERNEL_USER && (v->flags & KVMEXC_V_USER_INJECTION))
		nctx.flags |= KVMEXC_NAME_KUM_USER;
	ret = kvmexc_name_hash(&nctx, s, strlen(s), hash);
	if (ret)
		return event_err(c, "%s: cannot hash \"%s\" (%s)", key, s, strerror(-ret));
	if (name)
		*name = s;
	return 0;
}

const struct excctl_name excctl_kinds[] = {
	{ "km", KVMEXC_EXC_KM }, { "um", KVMEXC_EXC_UM }, { "kum", KVMEXC_EXC_KUM }, { NULL, 0 }
};

static const struct excctl_name oses[] = {
	{ "windows", KVMEXC_OS_WINDOWS }, { "linux", KVMEXC_OS_LINUX }, { NULL, 0 }
};

static const struct excctl_name zones[] = {
	{ "ept", KVMEXC_ZONE_EPT }, { "msr", KVMEXC_ZONE_MSR }, { "cr", KVMEXC_ZONE_CR },
	{ "integrity", KVMEXC_ZONE_INTEGRITY }, { "injection", KVMEXC_ZONE_PROCESS },
	{ "dtr", KVMEXC_ZONE_DTR }, { "process-creation", KVMEXC_ZONE_PROCESS_CREATION },
	{ NULL, 0 }
};

static const struct excctl_name accesses[] = {
	{ "read", KVMEXC_ZF_READ }, { "write", KVMEXC_ZF_WRITE }, { "exec", KVMEXC_ZF_EXEC },
	{ NULL, 0 }
};

const struct excctl_name excctl_zone_flags[] = {
	{ "imports", KVMEXC_ZF_LIB_IMPORTS }, { "exports", KVMEXC_ZF_LIB_EXPORTS },
	{ "code", KVMEXC_ZF_LIB_CODE }, { "data", KVMEXC_ZF_LIB_DATA },
	{ "resources", KVMEXC_ZF_LIB_RESOURCES }, { "thread-context", KVMEXC_ZF_THREAD_CONTEXT },
	{ "thread-apc", KVMEXC_ZF_THREAD_APC }, { "dep-exec", KVMEXC_ZF_DEP_EXEC },
	{ "module-load", KVMEXC_ZF_MODULE_LOAD }, { "instrumentation", KVMEXC_ZF_INSTRUMENTATION },
	{ NULL, 0 }
};

const struct excctl_name excctl_objects[] = {
	{ "none", KVMEXC_OBJ_NONE }, { "ssdt", KVMEXC_OBJ_SSDT }, { "fast-io", KVMEXC_OBJ_FAST_IO },
	{ "driver-object", KVMEXC_OBJ_DRIVER_OBJECT }, { "km-module", KVMEXC_OBJ_KM_MODULE },
	{ "idt", KVMEXC_OBJ_IDT }, { "nx-zone", KVMEXC_OBJ_UM_NX_ZONE },
	{ "um-module", KVMEXC_OBJ_UM_MODULE }, { "hal-dispatch", KVMEXC_OBJ_HAL_DISPATCH },
	{ "hal-int-controller", KVMEXC_OBJ_HAL_INT_CONTROLLER },
	{ "selfmap", KVMEXC_OBJ_SELFMAP }, { "hal-heap", KVMEXC_OBJ_HAL_HEAP },
	{ "vdso", KVMEXC_OBJ_VDSO }, { "vsyscall", KVMEXC_OBJ_VSYSCALL },
	{ "ve-agent", KVMEXC_OBJ_VE_AGENT },
	{ "idtr", KVMEXC_OBJ_IDTR }, { "gdtr", KVMEXC_OBJ_GDTR },
	{ "process-creation", KVMEXC_OBJ_PROCESS_CREATION },
	{ "logger-context", KVMEXC_OBJ_LOGGER_CONTEXT },
	{ "process-creation-dpi", KVMEXC_OBJ_PROCESS_CREATION_DPI },
	{ "token-privs", KVMEXC_OBJ_TOKEN_PRIVS }, { "sud-exec", KVMEXC_OBJ_SUD_EXEC },
	{ "hal-perf-counter", KVMEXC_OBJ_HAL_PERF_COUNTER },
	{ "security-descriptor", KVMEXC_OBJ_SECURITY_DESCRIPTOR }, { "acl", KVMEXC_OBJ_ACL },
	{ "sud-integrity", KVMEXC_OBJ_SUD_INTEGRITY },
	{ "interrupt-object", KVMEXC_OBJ_INTERRUPT_OBJECT },
	{ NULL, 0 }
};

static const struct excctl_name situations[] = {
	{ "init-section", KVMEXC_V_ORIG_INIT_SECTION },
	{ "return-init-section", KVMEXC_V_RET_INIT_SECTION },
	{ "entry-point", KVMEXC_V_ENTRY_POINT },
	{ "own", KVMEXC_V_OWN_ORIG }, { "return-own", KVMEXC_V_OWN_RET },
	{ "user-injection", KVMEXC_V_USER_INJECTION },
	{ "kernel-injection", KVMEXC_V_KERNEL_INJECTION },
	{ "smap", KVMEXC_V_SMAP_CLEARED }, { "smep", KVMEXC_V_SMEP_CLEARED },
	{ "init-phase", KVMEXC_V_INIT_OK },
	{ "system-process", KVMEXC_V_ORIG_SYSTEM },
	{ "victim-system-process", KVMEXC_V_VICTIM_SYSTEM },
	{ "child", KVMEXC_V_CHILD },
	{ "wow64", KVMEXC_V_ORIG_WOW64 }, { "victim-wow64", KVMEXC_V_VICTIM_WOW64 },
	{ "one-time-used", KVMEXC_V_ONE_TIME_USED }, { "apphelp", KVMEXC_V_APPHELP },
	{ "peb32", KVMEXC_V_IN_PEB32 }, { "peb64", KVMEXC_V_IN_PEB64 },
	{ "victim-library", KVMEXC_V_VICTIM_LIBRARY },
	{ NULL, 0 }
};

static const struct excctl_name dpi[] = {
	{ "debug", KVMEXC_PC_DEBUG }, { "pivoted-stack", KVMEXC_PC_PIVOTED_STACK },
	{ "stolen-token", KVMEXC_PC_STOLEN_TOKEN }, { "heap-spray", KVMEXC_PC_HEAP_SPRAY },
	{ "token-privs", KVMEXC_PC_TOKEN_PRIVS }, { "thread-start", KVMEXC_PC_THREAD_START },
	{ "security-descriptor", KVMEXC_PC_SECURITY_DESCRIPTOR },
	{ "acl-edit", KVMEXC_PC_ACL_EDIT },
	{ NULL, 0 }
};

static struct json_object *event_get(struct json_object *obj, const char *key)
{
	struct json_object *o;

	return json_object_object_get_ex(obj, key, &o) && !json_object_is_type(o, json_type_null) ?
	       o : NULL;
}

/* Optional @key of @obj: *out keeps its value when the key is absent. */
static int event_opt_u64(struct event_ctx *c, struct json_object *obj, const char *key,
			 u64 *out)
{
	struct json_object *f = event_get(obj, key);

	return f ? event_u64(c, key, f, UINT64_MAX, out) : 0;
}

static int event_opt_bits(struct event_ctx *c, struct json_object *obj, const char *key,
			  const struct excctl_name *t, u64 *out)
{
	struct json_object *f = event_get(obj, key);

	return f ? event_bits(c, key, f, t, out) : 0;
}

/* @key of @obj as a string, or @dflt when it is absent. */
static const char *event_opt_str(struct json_object *obj, const char *key, const char *dflt)
{
	struct json_object *f = event_get(obj, key);

	return f ? json_object_get_string(f) : dflt;
}

/*
 * @s as numbers separated by @seps in turn ("..-" for 5.4.200-3), at least
 * @min of them, each a number of excctl's syntax up to @max[i]; those not
 * given are 0.
 */
static int event_dotted(const char *s, const char *seps, size_t min, const u64 *max, u64 *out)
{
	size_t i, n = strlen(seps) + 1;
	char buf[64], err[128], *p = buf, *end;
	unsigned long long v;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	memset(out, 0, n * sizeof(*out));
	for (i = 0; p; i++) {
		end = i + 1 < n ? strchr(p, seps[i]) : NULL;
		if (end)
			*end = 0;
		if (excctl_parse_number(p, 0, max[i], &v, err, sizeof(err)))
			return -1;
		out[i] = v;
		p = end ? end + 1 : NULL;
	}
	return i < min ? -1 : 0;
}

/* Linux "5.4.200-3" / "5.4.200"; Windows a build number. */
static int event_os_version(struct event_ctx *c, struct json_object *o)
{
	static const u64 max[] = { 255, 255, 0xFFFF, 0xFFFF };
	struct kvmexc_violation *v = &c->ev->v;
	u64 p[4];

	if (v->os == KVMEXC_OS_WINDOWS || json_object_is_type(o, json_type_int))
		return event_u64(c, "os_version", o, UINT64_MAX, &v->os_version);
	if (event_dotted(json_object_get_string(o), "..-", 3, max, p))
		return event_err(c, "os_version: expected \"version.patch.sublevel[-backport]\"");
	v->os_version = KVMEXC_LINUX_VERSION(p[0], p[1], p[2], p[3]);
	return 0;
}

static int event_engine_version(struct event_ctx *c, struct json_object *o)
{
	static const u64 max[] = { 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF };
	u64 p[4];

	if (event_dotted(json_object_get_string(o), "...", 2, max, p))
		return event_err(c, "engine_version: expected \"major.minor[.revision[.build]]\"");
	c->ev->v.engine_version = KVMEXC_ENGINE_VERSION(p[0], p[1], p[2], p[3]);
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

static int event_blocks(struct event_ctx *c, const char *key, struct json_object *f,
			struct kvmexc_code *code, struct excctl_code_store *st)
{
	size_t i, n;
	u64 val;

	if (!json_object_is_type(f, json_type_array))
		return event_err(c, "%s.blocks: expected an array of hashes", key);
	n = json_object_array_length(f);
	if (n > EXCCTL_EVENT_MAX_BLOCKS)
		return event_err(c, "%s.blocks: more than %d", key, EXCCTL_EVENT_MAX_BLOCKS);
	for (i = 0; i < n; i++) {
		if (event_u64(c, "blocks", json_object_array_get_idx(f, i), UINT32_MAX, &val))
			return -1;
		st->blocks[i] = val;
	}
	/* the matcher wants them sorted, as the extraction returns them */
	qsort(st->blocks, n, sizeof(u32), cmp_u32);
	code->blocks = st->blocks;
	code->block_count = n;
	return 0;
}

/* {"rip", "bytes", "rip_offset", "blocks", "error"}: the code at one RIP. */
static int event_code(struct event_ctx *c, const char *key, struct json_object *o,
		      struct kvmexc_code *code, struct excctl_code_store *st)
{
	struct json_object *f;
	u64 val;

	if (!json_object_is_type(o, json_type_object))
		return event_err(c, "%s: expected an object", key);
	json_object_object_foreach(o, k, unused) {
		(void)unused;
		if (strcmp(k, "rip") && strcmp(k, "bytes") && strcmp(k, "rip_offset") &&
		    strcmp(k, "blocks") && strcmp(k, "error"))
			return event_err(c, "%s: unknown key \"%s\"", key, k);
	}
	if (event_opt_u64(c, o, "rip", &code->rip))
		return -1;
	f = event_get(o, "error");
	if (f) {
		if (!json_object_is_type(f, json_type_boolean))
			return event_err(c, "%s.error: expected true or false", key);
		code->error = json_object_get_boolean(f);
	}
	f = event_get(o, "bytes");
	if (f) {
		if (event_hex(c, "bytes", f, st->bytes, sizeof(st->bytes), &code->bytes_len))
			return -1;
		code->bytes = st->bytes;
	}
	f = event_get(o, "rip_offset");
	if (f) {
		if (event_u64(c, "rip_offset", f, UINT32_MAX, &val))
			return -1;
		code->rip_offset = val;
	}
	f = event_get(o, "blocks");
	return f ? event_blocks(c, key, f, code, st) : 0;
}

static int event_export_functions(struct event_ctx *c, struct json_object *f)
{
	struct kvmexc_export *x = &c->ev->v.export;
	size_t i, n;

	if (!json_object_is_type(f, json_type_array))
		return event_err(c, "export.functions: expected an array");
	n = json_object_array_length(f);
	if (n > EXCCTL_EVENT_MAX_NAMES)
		return event_err(c, "export.functions: more than %d", EXCCTL_EVENT_MAX_NAMES);
	for (i = 0; i < n; i++)
		if (event_name_hash(c, "export.functions", json_object_array_get_idx(f, i),
				    KVMEXC_KIND_SIGNATURE, KVMEXC_FIELD_EXPORT_FUNCTION,
				    &c->ev->export_names[i], NULL))
			return -1;
	x->names = c->ev->export_names;
	x->name_count = n;
	x->found = n > 0;
	return 0;
}

/* {"library", "functions", "offset", "length", "found"}. */
static int event_export(struct event_ctx *c, struct json_object *o)
{
	struct kvmexc_export *x = &c->ev->v.export;
	struct json_object *f;
	u64 val;

	if (!json_object_is_type(o, json_type_object))
		return event_err(c, "export: expected an object");
	x->known = true;
	if (event_name_hash(c, "export.library", event_get(o, "library"), KVMEXC_KIND_SIGNATURE,
			    KVMEXC_FIELD_EXPORT_LIBRARY, &x->library, NULL))
		return -1;
	f = event_get(o, "functions");
	if (f && event_export_functions(c, f))
		return -1;
	f = event_get(o, "found");
	if (f)
		x->found = json_object_get_boolean(f);
	f = event_get(o, "offset");
	if (f) {
		if (event_u64(c, "export.offset", f, UINT32_MAX, &val))
			return -1;
		x->offset = val;
	}
	x->length = c->ev->v.size;
	f = event_get(o, "length");
	if (f) {
		if (event_u64(c, "export.length", f, UINT32_MAX, &val))
			return -1;
		x->length = val;
	}
	return 0;
}

static const char *const known_keys[] = {
	"kind", "os", "os_version", "engine_version", "arch", "access", "zone", "zone_flags",
	"object", "originator", "return_originator", "process", "victim", "victim_process",
	"originator_name", "victim_name", "process_name", "flags", "old", "new", "size",
	"code", "return_code", "data", "cmdline", "export", "idt_entry", "offset", "dpi",
	"guest", "comment",
	NULL
};

static int event_check_keys(struct event_ctx *c, struct json_object *obj)
{
	json_object_object_foreach(obj, k, unused) {
		const char *const *p;

		(void)unused;
		for (p = known_keys; *p && strcmp(*p, k); p++)
			;
		if (!*p)
			return event_err(c, "unknown key \"%s\"", k);
	}
	return 0;
}

/* zone, access, zone_flags, object, flags: defaults for what is absent. */
static int event_where(struct event_ctx *c, struct json_object *obj)
{
	struct kvmexc_violation *v = &c->ev->v;
	u64 zone = KVMEXC_ZONE_EPT, access = KVMEXC_ZF_WRITE, zflags = 0, flags = 0;
	u64 object = v->kind == KVMEXC_EXC_KM ? KVMEXC_OBJ_KM_MODULE : KVMEXC_OBJ_UM_MODULE;

	if (event_opt_bits(c, obj, "zone", zones, &zone) ||
	    event_opt_bits(c, obj, "access", accesses, &access) ||
	    event_opt_bits(c, obj, "zone_flags", excctl_zone_flags, &zflags) ||
	    event_opt_bits(c, obj, "object", excctl_objects, &object) ||
	    event_opt_bits(c, obj, "flags", situations, &flags))
		return -1;
	v->zone = zone;
	v->zone_flags = access | zflags;
	v->object = object;
	v->flags |= flags;
	return 0;
}

/* kind, os, arch, zone, access, object: what the names' hashing depends on. */
static int event_basics(struct event_ctx *c, struct json_object *obj)
{
	struct kvmexc_violation *v = &c->ev->v;
	struct json_object *f = event_get(obj, "kind");
	u64 val = 0;

	if (!f)
		return event_err(c, "kind: required (km, um or kum)");
	if (event_bits(c, "kind", f, excctl_kinds, &val))
		return -1;
	v->kind = val;
	val = KVMEXC_OS_WINDOWS;
	if (event_opt_bits(c, obj, "os", oses, &val))
		return -1;
	v->os = val;
	val = 64;
	if (event_opt_u64(c, obj, "arch", &val))
		return -1;
	if (val != 32 && val != 64)
		return event_err(c, "arch: 32 or 64");
	if (val == 64)
		v->flags |= KVMEXC_V_GUEST64;
	return event_where(c, obj);
}

static enum kvmexc_name_kind event_name_kind(const struct kvmexc_violation *v)
{
	return v->kind == KVMEXC_EXC_KM ? KVMEXC_KIND_KERNEL :
	       v->kind == KVMEXC_EXC_KUM ? KVMEXC_KIND_KERNEL_USER : KVMEXC_KIND_USER;
}

static int event_names(struct event_ctx *c, struct json_object *obj)
{
	struct kvmexc_violation *v = &c->ev->v;
	enum kvmexc_name_kind kind = event_name_kind(v);
	enum kvmexc_name_kind pkind = kind == KVMEXC_KIND_KERNEL ? KVMEXC_KIND_USER : kind;
	const char *oname, *vname, *pname;
	struct json_object *f;

	if (event_name_hash(c, "originator", event_get(obj, "originator"), kind,
			    KVMEXC_FIELD_ORIGINATOR, &v->originator, &oname) ||
	    event_name_hash(c, "victim", event_get(obj, "victim"), kind, KVMEXC_FIELD_VICTIM,
			    &v->victim, &vname) ||
	    event_name_hash(c, "process", event_get(obj, "process"), pkind, KVMEXC_FIELD_PROCESS,
			    &v->process, &pname) ||
	    event_name_hash(c, "victim_process", event_get(obj, "victim_process"), pkind,
			    KVMEXC_FIELD_PROCESS, &v->victim_process, NULL))
		return -1;
	/* no process or victim given: any */
	if (!event_get(obj, "victim"))
		v->victim = 0;
	if (!event_get(obj, "process"))
		v->process = 0;
	if (!event_get(obj, "victim_process"))
		v->victim_process = 0;
	v->return_originator = v->originator;
	f = event_get(obj, "return_originator");
	if (f && event_name_hash(c, "return_originator", f, kind, KVMEXC_FIELD_ORIGINATOR,
				 &v->return_originator, NULL))
		return -1;
	v->originator_name = event_opt_str(obj, "originator_name", oname);
	v->victim_name = event_opt_str(obj, "victim_name", vname);
	v->process_name = event_opt_str(obj, "process_name", pname);
	if (v->originator != KVMEXC_NAME_EMPTY)
		v->flags |= KVMEXC_V_ORIG_DRIVER;
	if (v->return_originator != KVMEXC_NAME_EMPTY)
		v->flags |= KVMEXC_V_RET_DRIVER;
	return 0;
}

static int event_values(struct event_ctx *c, struct json_object *obj)
{
	struct kvmexc_violation *v = &c->ev->v;
	struct json_object *f;
	u32 olen = 0, nlen = 0;
	u64 val;

	f = event_get(obj, "old");
	if (f && event_hex(c, "old", f, v->old_value, sizeof(v->old_value), &olen))
		return -1;
	f = event_get(obj, "new");
	if (f && event_hex(c, "new", f, v->new_value, sizeof(v->new_value), &nlen))
		return -1;
	v->size = nlen > olen ? nlen : olen;
	f = event_get(obj, "size");
	if (f) {
		if (event_u64(c, "size", f, sizeof(v->new_value), &val))
			return -1;
		v->size = val;
	}
	f = event_get(obj, "data");
	if (f) {
		if (event_hex(c, "data", f, c->ev->data, sizeof(c->ev->data), &v->data_len))
			return -1;
		v->data = c->ev->data;
	}
	v->cmdline = event_opt_str(obj, "cmdline", v->cmdline);
	return 0;
}

/* idt_entry, or for a write into the IDT the entry at its offset. */
static int event_idt(struct event_ctx *c, struct json_object *obj)
{
	struct kvmexc_violation *v = &c->ev->v;
	struct json_object *f = event_get(obj, "idt_entry");
	u64 val;

	if (f) {
		if (event_u64(c, "idt_entry", f, 255, &val))
			return -1;
	} else {
		f = event_get(obj, "offset");
		if (!f || v->object != KVMEXC_OBJ_IDT)
			return 0;
		/* the entry of a write at @offset into the IDT, truncated to a byte (4.7) */
		if (event_u64(c, "offset", f, UINT64_MAX, &val))
			return -1;
		val /= (v->flags & KVMEXC_V_GUEST64) ? 16 : 8;
	}
	v->idt_entry = val;
	v->flags |= KVMEXC_V_IDT_ENTRY;
	return 0;
}

/* dpi, os_version, engine_version, guest. */
static int event_context(struct event_ctx *c, struct json_object *obj)
{
	struct kvmexc_violation *v = &c->ev->v;
	struct json_object *f;
	u64 val;

	f = event_get(obj, "dpi");
	if (f) {
		if (event_bits(c, "dpi", f, dpi, &val))
			return -1;
		v->pc_type = val;
	}
	f = event_get(obj, "os_version");
	if (f && event_os_version(c, f))
		return -1;
	f = event_get(obj, "engine_version");
	if (f && event_engine_version(c, f))
		return -1;
	f = event_get(obj, "guest");
	if (f) {
		if (event_u64(c, "guest", f, UINT32_MAX, &val))
			return -1;
		v->guest = val;
	}
	return 0;
}

static int event_extras(struct event_ctx *c, struct json_object *obj)
{
	struct kvmexc_violation *v = &c->ev->v;
	struct json_object *f;

	f = event_get(obj, "code");
	if (f && event_code(c, "code", f, &v->orig, &c->ev->orig))
		return -1;
	v->ret = v->orig;
	f = event_get(obj, "return_code");
	if (f && event_code(c, "return_code", f, &v->ret, &c->ev->ret))
		return -1;
	f = event_get(obj, "export");
	if (f && event_export(c, f))
		return -1;
	return event_idt(c, obj) || event_context(c, obj) ? -1 : 0;
}

/* The one JSON value of @text, nothing but white space after it. */
static struct json_object *event_json(struct event_ctx *c, const char *text, size_t len)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *obj;
	size_t end;

	if (!tok) {
		event_err(c, "out of memory");
		return NULL;
	}
	/* NUL-terminated: a number at the end of the text is complete */
	obj = json_tokener_parse_ex(tok, text, -1);
	end = json_tokener_get_parse_end(tok);
	if (!obj)
		event_err(c, "invalid JSON at byte %zu: %s", end,
			  json_tokener_error_desc(json_tokener_get_error(tok)));
	json_tokener_free(tok);
	for (; obj && end < len; end++)
		if (!strchr(" \t\r\n", text[end]) || !text[end]) {
			event_err(c, "invalid JSON at byte %zu: data after the event", end);
			json_object_put(obj);
			obj = NULL;
		}
	return obj;
}

int excctl_event_from_text(const char *text, size_t len, struct excctl_event *ev,
			   struct json_object **obj, char *err, size_t errlen)
{
	struct event_ctx c = { .ev = ev, .err = err, .errlen = errlen };

	*obj = event_json(&c, text, len);
	if (!*obj)
		return -1;
	if (excctl_event_parse(*obj, ev, err, errlen)) {
		json_object_put(*obj);
		*obj = NULL;
		return -1;
	}
	return 0;
}

int excctl_event_parse(struct json_object *obj, struct excctl_event *ev, char *err,
		       size_t errlen)
{
	struct event_ctx c = { .ev = ev, .err = err, .errlen = errlen };

	memset(ev, 0, sizeof(*ev));
	err[0] = 0;
	if (!json_object_is_type(obj, json_type_object))
		return event_err(&c, "the event must be a JSON object");
	if (event_check_keys(&c, obj) || event_basics(&c, obj) || event_names(&c, obj) ||
	    event_values(&c, obj) || event_extras(&c, obj))
		return -1;
	return 0;
}
