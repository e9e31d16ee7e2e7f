// SPDX-License-Identifier: GPL-2.0
/*
 * Exceptions: the five kinds, validated, normalised and hashed in the
 * reference's order (spec compiler.md 5 and 6). A built exception keeps the
 * state a group copy is rebuilt from (spec 8).
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kvmexc.h>

#include "compile.h"

/* Object-type names in the order of the uapi enums (the shipped numbers). */
static const char *const cc_km_types[] = {
	"none", "any", "driver", "driver imports", "driver code", "driver data",
	"driver resources", "ssdt", "drvobj", "fastio", "msr", "cr4", "hal-heap",
	"selfmap", "idt", "idt-reg", "gdt-reg", "infinity-hook", "driver exports",
	"token-privs", "sud-exec", "hal-perf-counter", "security-descriptor",
	"acl-edit", "sud-modification", "interrupt-obj", NULL
};

static const char *const cc_um_types[] = {
	"none", "any", "process", "module", "module imports", "nx_zone",
	"module exports", "thread-context", "peb32", "peb64", "apc-thread",
	"process-creation", "double-agent", "process-creation-dpi", "sud-exec",
	"instrumentation-callback", NULL
};

static const char *const cc_kum_types[] = {
	"none", "any", "module", "module imports", "module exports", NULL
};

/* The rules name object types; sets of them as masks of their numbers. */
#define CC_KM(x) (1u << KVMEXC_KM_OBJ_##x)
#define CC_KM_ORIG_OPTIONAL (CC_KM(TOKEN_PRIVS) | CC_KM(SECURITY_DESCRIPTOR) | CC_KM(ACL_EDIT) | \
			     CC_KM(SUD_MODIFICATION))
#define CC_KM_NEED_VICTIM (CC_KM(DRIVER) | CC_KM(DRIVER_IMPORTS) | CC_KM(DRIVER_CODE) | \
			   CC_KM(DRIVER_DATA) | CC_KM(DRIVER_RESOURCES) | CC_KM(DRVOBJ) | \
			   CC_KM(FASTIO) | CC_KM(DRIVER_EXPORTS) | CC_KM_ORIG_OPTIONAL)
#define CC_KM_NO_VICTIM (CC_KM(MSR) | CC_KM(SSDT) | CC_KM(CR4) | CC_KM(IDT) | CC_KM(IDT_REG) | \
			 CC_KM(GDT_REG) | CC_KM(INFINITY_HOOK) | CC_KM(HAL_PERF_COUNTER) | \
			 CC_KM(INTERRUPT_OBJ))
#define CC_UM(x) (1u << KVMEXC_UM_OBJ_##x)
#define CC_UM_NEED_VICTIM (CC_UM(PROCESS) | CC_UM(MODULE) | CC_UM(MODULE_IMPORTS))
#define CC_UM_NEED_PROCESS (CC_UM(MODULE) | CC_UM(MODULE_IMPORTS))
#define CC_UM_EXEC (CC_UM(NX_ZONE) | CC_UM(PROCESS_CREATION) | CC_UM(PROCESS_CREATION_DPI))
#define CC_APC_EXEC CC_UM(NX_ZONE)

/* What one exception is built from: a JSON element or a group copy. */
struct cc_exc_in {
	struct cc_str originator, object_type, victim, process, flags;
	const struct jv *signatures;
};

struct cc_build {
	struct compiler *cc;
	const struct cc_path *at;
	const char *member;		/* group member of a copy */
	struct cc_exc *e;
	int type;			/* the uapi number of the type, or -1 */
};

static __printf(3, 4)
int cc_fail(const struct cc_build *b, const char *key, const char *fmt, ...)
{
	struct cc_path p = key ? cc_path_child(b->at, key) : *b->at;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (b->member)
		return cc_error(&p, "in the copy for group member \"%s\": %s", b->member, msg);
	return cc_error(&p, "%s", msg);
}

struct cc_path cc_exc_at(const struct cc_exc *e)
{
	struct cc_path p = { .file = e->file };

	p = cc_path_child(&p, "Exceptions");
	return cc_path_index(&p, e->index);
}

static bool cc_set(const struct cc_str *s)
{
	return s->s && s->len;
}

static bool cc_is(const struct cc_str *s, const char *lit)
{
	return s->s && !strcmp(s->s, lit) && strlen(lit) == s->len;
}

static bool cc_type_in(const struct cc_build *b, uint32_t mask)
{
	return b->type >= 0 && (mask >> b->type & 1);
}

static struct cc_str cc_lit(const char *lit)
{
	return (struct cc_str){ lit, strlen(lit), false };
}

/* The number of @ot among @names (the uapi order), or -1. */
static int cc_type_index(const char *const *names, const struct cc_str *ot)
{
	int i;

	for (i = 0; ot->s && names[i]; i++)
		if (cc_is(ot, names[i]))
			return i;
	return -1;
}

/* The flag string with the "32 64" default (spec 5.2), room left to append. */
static char *cc_flags_arch(const struct cc_build *b, const struct cc_str *fl)
{
	size_t len = fl->s ? fl->len : 0;
	char *s = cc_arena_alloc(&b->cc->arena, len + 40);

	if (!s)
		return NULL;
	if (!fl->s) {
		strcpy(s, "32 64");
		return s;
	}
	if (strlen(fl->s) != fl->len) {
		cc_fail(b, "flags", "a flag name cannot contain a NUL character");
		return NULL;
	}
	memcpy(s, fl->s, len + 1);
	if (!strstr(s, "32") && !strstr(s, "64"))
		strcat(s, " 32 64");
	return s;
}

static bool cc_has_access(const char *flags)
{
	return cc_has_token(flags, "read") || cc_has_token(flags, "write") ||
	       cc_has_token(flags, "exec");
}

static int cc_hash(const struct cc_build *b, const char *key, enum kvmexc_name_kind kind,
		   enum kvmexc_name_field field, u32 flags, const struct cc_str *name,
		   uint32_t *out)
{
	struct kvmexc_name_ctx ctx = {
		.kind = kind, .field = field, .object_type = b->type < 0 ? 0xFF : b->type,
		.flags = flags | (name->raw ? KVMEXC_NAME_RAW : 0),
		.tables = &b->cc->cfg.tables,
	};
	int err = kvmexc_name_hash(&ctx, name->s ? name->s : "", name->s ? name->len : 0, out);

	switch (err) {
	case 0:
		return 0;
	case -EISDIR:
		return cc_fail(b, key, "path \"%s\" ends with a separator: expected a file name after it",
			       name->s);
	case -EBADMSG:
		return cc_fail(b, key, "malformed \\x escape in \"%s\": expected \\x and two hex digits",
			       name->s);
	case -EOPNOTSUPP:
		return cc_fail(b, key, "a \\x-escaped name cannot be used here: this field is hashed as UTF-16");
	default:
		return cc_fail(b, key, "not valid UTF-8 text (or a lone surrogate)");
	}
}

/* The config's number for the type; b->type is its uapi number. */
static int cc_object_type(struct cc_build *b, const struct jv *types,
			  const struct cc_str *ot)
{
	const struct jv *v = strlen(ot->s) == ot->len ? jv_get(types, ot->s) : NULL;
	int64_t n;

	if (!v)
		return cc_fail(b, "object_type", "unknown object type \"%s\"", ot->s);
	if (!cc_json_int(v, &n) || n < INT32_MIN || n > INT32_MAX)
		return cc_fail(b, "object_type", "the configuration numbers \"%s\" with a non-integer",
			       ot->s);
	b->e->object_type = n;
	return 0;
}

static int cc_finish(const struct cc_build *b, const struct cc_exc_in *in,
		     enum cc_kind kind, const char *flags)
{
	struct cc_exc *e = b->e;
	struct cc_path p = cc_path_child(b->at, "signatures");
	size_t n;

	e->kind = kind;
	e->st.object_type = in->object_type;
	e->st.flags = (char *)flags;
	e->st.signatures = in->signatures;
	if (cc_flag_bits(b->cc, kind, flags, false, b->at, &e->flags) ||
	    cc_sig_refs(b->cc, in->signatures, &p, &e->sigs, &n))
		return -1;
	e->nsigs = n;
	return 0;
}

/* ---- kernel (spec 6.1) */

static int cc_kernel_checks(const struct cc_build *b, const struct cc_exc_in *in)
{
	const struct cc_str *ot = &in->object_type;

	if (!cc_set(&in->originator) && !cc_type_in(b, CC_KM_ORIG_OPTIONAL))
		return cc_fail(b, "originator", "missing: expected a driver name");
	if (!cc_set(ot))
		return cc_fail(b, "object_type", "missing: expected a kernel object type");
	if (!cc_set(&in->victim) && cc_type_in(b, CC_KM_NEED_VICTIM))
		return cc_fail(b, "victim", "missing: object type \"%s\" needs a victim name",
			       ot->s);
	if (cc_set(&in->victim) && cc_type_in(b, CC_KM_NO_VICTIM))
		return cc_fail(b, "victim", "object type \"%s\" takes no victim name", ot->s);
	return 0;
}

/* Access default, return-drv and integrity rules; may force originator "-". */
static int cc_kernel_flags(const struct cc_build *b, const struct cc_exc_in *in,
			   char *fl, struct cc_str *o)
{
	const struct cc_str *ot = &in->object_type;
	bool nd = cc_has_token(fl, "non-driver"), rd = cc_has_token(fl, "return-drv");
	bool ret = cc_has_token(fl, "return"), integrity = cc_has_token(fl, "integrity");
	bool sd = b->type == KVMEXC_KM_OBJ_SECURITY_DESCRIPTOR ||
		  b->type == KVMEXC_KM_OBJ_ACL_EDIT;

	if (b->type == KVMEXC_KM_OBJ_CR4 && !cc_has_token(fl, "smep") &&
	    !cc_has_token(fl, "smap"))
		return cc_fail(b, "flags", "object type cr4 needs the flag smap or smep");
	if (!cc_has_access(fl))
		strcat(fl, " write");
	if (nd && !rd)
		strcat(fl, " return-drv");
	if (rd)
		return cc_fail(b, "flags", "\"return-drv\" is obsolete: use \"return\"");
	if (ret)
		strcat(fl, " return-drv");
	if (integrity && (b->type == KVMEXC_KM_OBJ_TOKEN_PRIVS ||
			  b->type == KVMEXC_KM_OBJ_SUD_MODIFICATION || sd)) {
		if (cc_set(o))
			return cc_fail(b, "originator", "object type \"%s\" with the integrity flag takes no originator",
				       ot->s);
		*o = cc_lit("-");
	} else if (b->type == KVMEXC_KM_OBJ_TOKEN_PRIVS && !cc_set(o)) {
		return cc_fail(b, "originator", "missing: token-privs without the integrity flag needs an originator");
	} else if (sd) {
		return cc_fail(b, "flags", "object type \"%s\" needs the integrity flag", ot->s);
	}
	return 0;
}

static int cc_build_kernel(struct cc_build *b, const struct cc_exc_in *in)
{
	struct cc_exc *e = b->e;
	struct cc_str o = in->originator, v = in->victim;
	bool linux_;
	char *fl;
	u32 nf;

	b->type = cc_type_index(cc_km_types, &in->object_type);
	if (cc_kernel_checks(b, in))
		return -1;
	fl = cc_flags_arch(b, &in->flags);
	if (!fl || cc_kernel_flags(b, in, fl, &o))
		return -1;
	linux_ = strstr(fl, "linux");
	nf = linux_ ? KVMEXC_NAME_LINUX : 0;
	if (!cc_set(&v))
		v = cc_lit("*");
	if (!linux_ && !o.s)
		return cc_fail(b, "originator", "missing: object type \"%s\" without the integrity flag needs an originator",
			       in->object_type.s);
	if (cc_object_type(b, b->cc->cfg.types_kernel, &in->object_type) ||
	    cc_hash(b, "originator", KVMEXC_KIND_KERNEL, KVMEXC_FIELD_ORIGINATOR, nf, &o,
		    &e->originator) ||
	    cc_hash(b, "victim", KVMEXC_KIND_KERNEL, KVMEXC_FIELD_VICTIM, nf, &v, &e->victim))
		return -1;
	e->st.originator = o;
	e->st.victim = v;
	return cc_finish(b, in, CC_KERNEL, fl);
}

/* ---- user and user-apc (spec 6.2, 6.3) */

static int cc_user_checks(const struct cc_build *b, const struct cc_exc_in *in, bool apc)
{
	const struct cc_str *ot = &in->object_type, *v = &in->victim, *p = &in->process;

	if (!cc_set(&in->originator))
		return cc_fail(b, "originator", "missing: expected a process or module name");
	if (!cc_set(ot))
		return cc_fail(b, "object_type", "missing: expected a user object type");
	if (!cc_set(v) && cc_type_in(b, CC_UM_NEED_VICTIM))
		return cc_fail(b, "victim", "missing: object type \"%s\" needs a victim name",
			       ot->s);
	if (cc_set(v) && b->type == KVMEXC_UM_OBJ_NX_ZONE && (apc || !cc_is(v, "*")))
		return cc_fail(b, "victim", "object type nx_zone takes no victim name");
	if (!cc_set(p) && cc_type_in(b, CC_UM_NEED_PROCESS))
		return cc_fail(b, "process", "missing: object type \"%s\" needs a process name",
			       ot->s);
	if (cc_set(p) && b->type == KVMEXC_UM_OBJ_PROCESS)
		return cc_fail(b, "process", "object type process takes no process name");
	return 0;
}

static char *cc_user_flags(const struct cc_build *b, const struct cc_exc_in *in,
			   uint32_t exec_types)
{
	char *fl = cc_flags_arch(b, &in->flags);

	if (!fl)
		return NULL;
	if (!cc_has_access(fl))
		strcat(fl, cc_type_in(b, exec_types) ? " exec" : " write");
	if (b->type == KVMEXC_UM_OBJ_NX_ZONE && !cc_has_token(fl, "exec")) {
		cc_fail(b, "flags", "object type nx_zone needs the exec flag: \"%s\"", fl);
		return NULL;
	}
	return fl;
}

static int cc_build_user(struct cc_build *b, const struct cc_exc_in *in, bool apc)
{
	enum kvmexc_name_kind kind = apc ? KVMEXC_KIND_USER_APC : KVMEXC_KIND_USER;
	struct cc_exc *e = b->e;
	char *fl;
	u32 nf;

	b->type = cc_type_index(cc_um_types, &in->object_type);
	if (cc_user_checks(b, in, apc))
		return -1;
	fl = cc_user_flags(b, in, apc ? CC_APC_EXEC : CC_UM_EXEC);
	if (!fl)
		return -1;
	nf = (strstr(fl, "linux") ? KVMEXC_NAME_LINUX : 0) |
	     (strstr(fl, "module-load") ? KVMEXC_NAME_MODULE_LOAD : 0);
	e->st.originator = in->originator;
	e->st.victim = cc_set(&in->victim) ? in->victim : cc_lit("*");
	e->st.process = cc_set(&in->process) ? in->process : (struct cc_str){ 0 };
	if (cc_object_type(b, b->cc->cfg.types_user, &in->object_type) ||
	    cc_hash(b, "originator", kind, KVMEXC_FIELD_ORIGINATOR, nf, &e->st.originator,
		    &e->originator) ||
	    cc_hash(b, "victim", kind, KVMEXC_FIELD_VICTIM, nf, &e->st.victim, &e->victim) ||
	    cc_hash(b, "process", kind, KVMEXC_FIELD_PROCESS, nf, &e->st.process, &e->process))
		return -1;
	return cc_finish(b, in, apc ? CC_APC : CC_USER, fl);
}

/* ---- user-glob-match (spec 6.4) */

/* Characters, with each [class] and ? counted as one, at most 14. */
static int cc_glob_length(const struct cc_build *b, const char *key, const struct cc_str *s)
{
	size_t i = 0, n = 0, j;

	while (i < s->len) {
		if (s->s[i] == '[' && i + 1 < s->len && s->s[i + 1] != ']') {
			for (j = i + 1; j < s->len && s->s[j] != ']'; j++)
				;
			if (j < s->len) {
				n++;
				i = j + 1;
				continue;
			}
		}
		n += ((unsigned char)s->s[i] & 0xC0) != 0x80;
		i++;
	}
	if (n > 14)
		return cc_fail(b, key, "pattern \"%s\" is too long: at most 14 characters, a [class] or ? counting as one",
			       s->s);
	return 0;
}

/* *, ?, [, ] or two backslashes, in originator + victim + process. */
static bool cc_glob_chars(const struct cc_str *o, const struct cc_str *v,
			  const struct cc_str *p)
{
	const struct cc_str *f[3] = { o, v, p };
	char prev = 0;
	size_t i, k;

	for (k = 0; k < 3; k++)
		for (i = 0; i < f[k]->len; prev = f[k]->s[i++])
			if (strchr("*[]?", f[k]->s[i]) || (prev == '\\' && f[k]->s[i] == '\\'))
				return true;
	return false;
}

static int cc_glob_checks(const struct cc_build *b, const struct cc_exc_in *in)
{
	struct cc_str p = cc_set(&in->process) ? in->process : cc_lit("");

	if (cc_user_checks(b, in, true))
		return -1;
	if (!in->victim.s)
		return cc_fail(b, "victim", "missing: glob exceptions need a victim pattern (\"\" for any)");
	if (!cc_glob_chars(&in->originator, &in->victim, &p))
		return cc_fail(b, NULL, "no glob item: at least one of originator, victim and process must contain *, ?, [, ] or \\\\");
	if ((cc_set(&p) && cc_glob_length(b, "process", &p)) ||
	    (cc_set(&in->victim) && cc_glob_length(b, "victim", &in->victim)))
		return -1;
	return cc_glob_length(b, "originator", &in->originator);
}

static int cc_build_glob(struct cc_build *b, const struct cc_exc_in *in)
{
	struct cc_exc *e = b->e;
	char *fl;

	b->type = cc_type_index(cc_um_types, &in->object_type);
	if (cc_glob_checks(b, in))
		return -1;
	fl = cc_user_flags(b, in, CC_UM_EXEC);
	if (!fl || cc_object_type(b, b->cc->cfg.types_user, &in->object_type))
		return -1;
	e->st.originator = in->originator;
	e->st.victim = cc_set(&in->victim) ? in->victim : cc_lit("*");
	e->st.process = cc_set(&in->process) ? in->process : cc_lit("*");
	return cc_finish(b, in, CC_GLOB, fl);
}

/* ---- kernel-user (spec 6.5) */

static int cc_kernel_user_checks(const struct cc_build *b, const struct cc_exc_in *in)
{
	if (!cc_set(&in->originator))
		return cc_fail(b, "originator", "missing: expected a driver or process name");
	if (!cc_set(&in->object_type))
		return cc_fail(b, "object_type", "missing: expected a kernel-user object type");
	if (!cc_set(&in->victim))
		return cc_fail(b, "victim", "missing: expected a module name");
	return 0;
}

static int cc_build_kernel_user(struct cc_build *b, const struct cc_exc_in *in)
{
	struct cc_exc *e = b->e;
	char *fl;
	u32 nf;

	b->type = cc_type_index(cc_kum_types, &in->object_type);
	if (cc_kernel_user_checks(b, in))
		return -1;
	fl = cc_flags_arch(b, &in->flags);
	if (!fl)
		return -1;
	if (!cc_has_access(fl))
		strcat(fl, " write");
	if (cc_has_token(fl, "non-driver") && !cc_has_token(fl, "return-drv"))
		strcat(fl, " return-drv");
	if (cc_has_token(fl, "return"))
		strcat(fl, " return-drv");
	if (cc_has_token(fl, "user") && cc_has_token(fl, "kernel"))
		return cc_fail(b, "flags", "both user and kernel injection flags: expected one");
	nf = (strstr(fl, "linux") ? KVMEXC_NAME_LINUX : 0) |
	     (strstr(fl, "user") ? KVMEXC_NAME_KUM_USER : 0);
	e->st.originator = in->originator;
	e->st.victim = in->victim;
	e->st.process = cc_set(&in->process) ? in->process : cc_lit("*");
	if (cc_object_type(b, b->cc->cfg.types_kernel_user, &in->object_type) ||
	    cc_hash(b, "originator", KVMEXC_KIND_KERNEL_USER, KVMEXC_FIELD_ORIGINATOR, nf,
		    &e->st.originator, &e->originator) ||
	    cc_hash(b, "victim", KVMEXC_KIND_KERNEL_USER, KVMEXC_FIELD_VICTIM, nf,
		    &e->st.victim, &e->victim) ||
	    cc_hash(b, "process", KVMEXC_KIND_KERNEL_USER, KVMEXC_FIELD_PROCESS, nf,
		    &e->st.process, &e->process))
		return -1;
	return cc_finish(b, in, CC_KERNEL_USER, fl);
}

/* ---- entry points */

static int cc_build_one(struct compiler *cc, enum cc_kind kind, const struct cc_exc_in *in,
			const struct cc_path *at, const char *member, struct cc_exc **out)
{
	struct cc_exc *e = cc_arena_alloc(&cc->arena, sizeof(*e));
	struct cc_build b = { cc, at, member, e, -1 };

	*out = e;
	if (!e)
		return cc_error(at, "out of memory");
	memset(e, 0, sizeof(*e));
	e->file = at->file;
	e->index = at->seg[at->depth - 1].index;
	e->member = member;
	switch (kind) {
	case CC_KERNEL:
		return cc_build_kernel(&b, in);
	case CC_USER:
	case CC_APC:
		return cc_build_user(&b, in, kind == CC_APC);
	case CC_GLOB:
		return cc_build_glob(&b, in);
	default:
		return cc_build_kernel_user(&b, in);
	}
}

static int cc_exc_input(const struct jv *el, const struct cc_path *at, struct cc_exc_in *in)
{
	memset(in, 0, sizeof(*in));
	in->signatures = jv_get(el, "signatures");
	return cc_get_str(el, "originator", at, &in->originator) ||
	       cc_get_str(el, "object_type", at, &in->object_type) ||
	       cc_get_str(el, "victim", at, &in->victim) ||
	       cc_get_str(el, "process", at, &in->process) ||
	       cc_get_str(el, "flags", at, &in->flags);
}

/*
 * The keys an exception reads. A kernel exception has no process: the
 * reference ignores one, which its author meant as a restriction.
 */
static int cc_exc_check_keys(enum cc_kind kind, const struct jv *el, const struct cc_path *at)
{
	static const char *const kernel[] = {
		"originator", "object_type", "victim", "flags", "signatures", NULL,
	};
	static const char *const other[] = {
		"originator", "object_type", "victim", "process", "flags", "signatures", NULL,
	};
	static const char *const what[] = {
		[CC_KERNEL] = "a kernel exception", [CC_USER] = "a user exception",
		[CC_APC] = "a user-apc exception", [CC_GLOB] = "a user-glob-match exception",
		[CC_KERNEL_USER] = "a kernel-user exception",
	};

	return cc_check_keys(el, kind == CC_KERNEL ? kernel : other, what[kind], at);
}

int cc_build_exceptions(struct compiler *cc, enum cc_kind kind,
			const struct jv *list, const struct cc_path *at)
{
	const struct jv *el;
	struct cc_exc_in in;
	struct cc_str str;
	struct cc_iter it;
	struct cc_exc *e;
	long i;

	if (cc_iter_init(&it, list, at))
		return -1;
	for (i = 0; cc_iter_next(&it, &str, &el); i++) {
		struct cc_path p = cc_path_index(at, i);

		if (!jv_is(el, JV_OBJECT))
			return cc_error(&p, "expected an exception object, got %s", jv_kind(el));
		/* keys last: what the reference refuses gets the reference's error */
		if (cc_exc_input(el, &p, &in) ||
		    cc_build_one(cc, kind, &in, &p, NULL, &e) || cc_vec_push(&cc->excs, e) ||
		    cc_exc_check_keys(kind, el, &p))
			return -1;
	}
	return 0;
}

/* ---- groups (spec 8) */

enum cc_group_field { CC_GROUP_ORIGINATOR, CC_GROUP_VICTIM, CC_GROUP_PROCESS };

static const struct cc_str *cc_state_field(const struct cc_state *st, int f)
{
	return f == CC_GROUP_ORIGINATOR ? &st->originator :
	       f == CC_GROUP_VICTIM ? &st->victim : &st->process;
}

/* Lower-cased copy (Python str.lower()). */
static int cc_lower(struct compiler *cc, struct cc_str *s)
{
	size_t size = s->len * 2 + 8;
	char *out = cc_arena_alloc(&cc->arena, size);
	long n;

	if (!out)
		return -1;
	n = kvmexc_name_lower(s->s, s->len, out, size - 1);
	if (n < 0 || (size_t)n >= size)
		return -1;		/* the text was checked when it was hashed */
	out[n] = 0;
	s->s = out;
	s->len = n;
	return 0;
}

/* "*...\xNN..." user names become the bytes they stand for (spec 4.6). */
static int cc_unescape(struct compiler *cc, struct cc_str *s)
{
	char *out;
	long n;

	if (!s->len || s->s[0] != '*' || !memmem(s->s, s->len, "\\x", 2))
		return 0;
	out = cc_arena_alloc(&cc->arena, s->len + 1);
	if (!out)
		return -1;
	n = kvmexc_name_unescape(s->s, s->len, out, s->len);
	if (n < 0)
		return -1;
	if (n) {
		out[n] = 0;
		*s = (struct cc_str){ out, n, true };
	}
	return 0;
}

/*
 * The value the reference's state holds for field @field of @e: lower-cased
 * unless linux (sud-modification victims never), "\x" decoded for user.
 */
int cc_state_value(struct compiler *cc, const struct cc_exc *e, int field,
		   struct cc_str *out)
{
	*out = *cc_state_field(&e->st, field);
	if (!out->s || out->raw || e->kind == CC_GLOB)
		return 0;
	if (!strstr(e->st.flags, "linux") &&
	    !(e->kind == CC_KERNEL && field == CC_GROUP_VICTIM &&
	      cc_is(&e->st.object_type, "sud-modification")) &&
	    cc_lower(cc, out))
		return -1;
	if (e->kind == CC_USER)
		return cc_unescape(cc, out);
	return 0;
}

/*
 * Whether @value may lower-case to a group name: most names cannot, and
 * are told apart by length and first character without lower-casing.
 */
static bool cc_group_candidate(const struct compiler *cc, const struct cc_str *value)
{
	unsigned char c, lower;
	size_t i;

	if (!value->s || value->raw || !value->len)
		return false;
	for (i = 0; i < value->len; i++)
		if ((unsigned char)value->s[i] >= 0x80)
			return true;
	c = value->s[0];
	lower = c >= 'A' && c <= 'Z' ? c + 32 : c;
	return value->len >= cc->cfg.group_min && value->len <= cc->cfg.group_max &&
	       ((cc->cfg.group_first[c / 64] >> (c % 64) & 1) ||
		(cc->cfg.group_first[lower / 64] >> (lower % 64) & 1));
}

const char *cc_group(struct compiler *cc, const struct cc_str *value)
{
	if (!value->s || value->raw || strlen(value->s) != value->len ||
	    !jv_get(cc->cfg.groups, value->s))
		return NULL;
	return value->s;
}

/* The group that field @f of @e names, or NULL. */
static int cc_exc_group(struct compiler *cc, const struct cc_exc *e, int f,
			const char **group)
{
	struct cc_str v;

	*group = NULL;
	if (!cc_group_candidate(cc, cc_state_field(&e->st, f)))
		return 0;
	if (cc_state_value(cc, e, f, &v))
		return cc_error(NULL, "out of memory");
	*group = cc_group(cc, &v);
	return 0;
}

static void cc_ascii_lower(struct compiler *cc, struct cc_str *s)
{
	char *out;
	size_t i;

	if (!s->raw)
		return;
	out = cc_arena_strndup(&cc->arena, s->s, s->len);
	if (!out)
		return;
	for (i = 0; i < s->len; i++)
		if (out[i] >= 'A' && out[i] <= 'Z')
			out[i] += 32;
	s->s = out;
}

static int cc_expand_one(struct compiler *cc, struct cc_exc *e, int f, const char *group,
			 struct cc_vec *out, int depth);

static int cc_expand_member(struct compiler *cc, struct cc_exc *e, int f,
			    const char *member, struct cc_vec *out, int depth)
{
	struct cc_exc_in in = {
		.object_type = e->st.object_type, .flags = cc_lit(e->st.flags),
		.signatures = e->st.signatures,
	};
	struct cc_path at = cc_exc_at(e);
	struct cc_exc *copy;
	const char *group;

	if (cc_state_value(cc, e, CC_GROUP_ORIGINATOR, &in.originator) ||
	    cc_state_value(cc, e, CC_GROUP_VICTIM, &in.victim) ||
	    cc_state_value(cc, e, CC_GROUP_PROCESS, &in.process))
		return cc_error(&at, "out of memory");
	if (f == CC_GROUP_ORIGINATOR)
		in.originator = cc_lit(member);
	else if (f == CC_GROUP_VICTIM)
		in.victim = cc_lit(member);
	else
		in.process = cc_lit(member);
	/* the reference lower-cases decoded bytes once more in a copy */
	if (e->kind == CC_USER && !strstr(e->st.flags, "linux")) {
		cc_ascii_lower(cc, &in.originator);
		cc_ascii_lower(cc, &in.victim);
		cc_ascii_lower(cc, &in.process);
	}
	if (cc_build_one(cc, e->kind, &in, &at, member, &copy) ||
	    cc_exc_group(cc, copy, f, &group))
		return -1;
	if (group)
		return cc_expand_one(cc, copy, f, group, out, depth + 1);
	return cc_vec_push(out, copy);
}

static int cc_expand_one(struct compiler *cc, struct cc_exc *e, int f, const char *group,
			 struct cc_vec *out, int depth)
{
	const struct jv *members = jv_get(cc->cfg.groups, group), *m;
	struct cc_path at = cc_exc_at(e);
	struct cc_str member;
	struct cc_iter it;

	if (depth > 16)
		return cc_error(&at, "group \"%s\" contains itself", group);
	if (cc_iter_init(&it, members, &at))
		return -1;
	while (cc_iter_next(&it, &member, &m)) {
		if (!member.s)
			return cc_error(&at, "group \"%s\": members must be strings", group);
		if (cc_expand_member(cc, e, f, member.s, out, depth))
			return -1;
	}
	return 0;
}

static const char *const cc_kind_names[] = {
	"kernel", "user", "user-apc", "user-glob-match", "kernel-user",
};

static int cc_expand_pass(struct compiler *cc, int f)
{
	struct cc_vec out = { 0 };
	const char *group;
	struct cc_exc *e;
	size_t i;

	for (i = 0; i < cc->excs.n; i++) {
		e = cc->excs.v[i];
		group = NULL;
		if (!(e->kind == CC_KERNEL && f == CC_GROUP_PROCESS) &&
		    cc_exc_group(cc, e, f, &group))
			goto fail;
		if (!group) {
			if (cc_vec_push(&out, e))
				goto fail;
		} else if (e->kind == CC_KERNEL || e->kind == CC_USER) {
			if (cc_expand_one(cc, e, f, group, &out, 0))
				goto fail;
		} else {
			/* The reference drops these silently; --strict refuses them. */
			struct cc_path at = cc_exc_at(e);

			cc_error(&at, "%s: group \"%s\" is not expanded for %s exceptions: exception dropped",
				 cc->strict ? "error" : "warning", group, cc_kind_names[e->kind]);
			if (cc->strict)
				goto fail;
		}
	}
	free(cc->excs.v);
	cc->excs = out;
	return 0;
fail:
	free(out.v);
	return -1;
}

int cc_expand_groups(struct compiler *cc)
{
	return cc_expand_pass(cc, CC_GROUP_ORIGINATOR) ||
	       cc_expand_pass(cc, CC_GROUP_VICTIM) ||
	       cc_expand_pass(cc, CC_GROUP_PROCESS);
}
