// SPDX-License-Identifier: GPL-2.0
/*
 * Exceptions: the five kinds, validated, normalised and hashed in the
 * reference's order (spec compiler.md 5 and 6). A built exception keeps its
 * normalised state, which a group copy is rebuilt from (spec 8).
 */
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

static const char *const cc_km_orig_optional[] = {
	"token-privs", "security-descriptor", "acl-edit", "sud-modification", NULL
};

static const char *const cc_km_need_victim[] = {
	"driver", "driver imports", "driver code", "driver data", "driver resources",
	"drvobj", "fastio", "driver exports", "token-privs", "security-descriptor",
	"acl-edit", "sud-modification", NULL
};

static const char *const cc_km_no_victim[] = {
	"msr", "ssdt", "cr4", "idt", "idt-reg", "gdt-reg", "infinity-hook",
	"hal-perf-counter", "interrupt-obj", NULL
};

static const char *const cc_um_need_victim[] = {
	"process", "module", "module imports", NULL
};

static const char *const cc_um_need_process[] = { "module", "module imports", NULL };
static const char *const cc_um_exec[] = {
	"nx_zone", "process-creation", "process-creation-dpi", NULL
};
static const char *const cc_apc_exec[] = { "nx_zone", NULL };

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
};

static __attribute__((format(printf, 3, 4)))
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

static bool cc_set(const struct cc_str *s)
{
	return s->s && s->len;
}

static bool cc_is(const struct cc_str *s, const char *lit)
{
	return s->s && s->len == strlen(lit) && !memcmp(s->s, lit, s->len);
}

static bool cc_is_any(const struct cc_str *s, const char *const *list)
{
	for (; *list; list++)
		if (cc_is(s, *list))
			return true;
	return false;
}

static struct cc_str cc_lit(const char *lit)
{
	return (struct cc_str){ lit, strlen(lit), false };
}

/* The flag string with the "32 64" default (spec 5.2), room left to append. */
static char *cc_flags_arch(const struct cc_build *b, const struct cc_str *fl)
{
	size_t len = fl->s ? fl->len : 0;
	char *s = cc_arena_alloc(&b->cc->arena, len + 64);

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

/* Lower-cased copy (Python str.lower()); raw bytes are left alone. */
static int cc_lower(const struct cc_build *b, const char *key, struct cc_str *s)
{
	size_t size = s->len * 2 + 8;
	char *out;
	long n;

	if (!s->s || s->raw)
		return 0;
	out = cc_arena_alloc(&b->cc->arena, size);
	if (!out)
		return cc_fail(b, key, "out of memory");
	n = kvmexc_name_lower(s->s, s->len, out, size - 1);
	if (n < 0)
		return cc_fail(b, key, "not valid UTF-8 text");
	if ((size_t)n >= size) {
		out = cc_arena_alloc(&b->cc->arena, n + 1);
		if (!out)
			return cc_fail(b, key, "out of memory");
		kvmexc_name_lower(s->s, s->len, out, n);
	}
	out[n] = 0;
	s->s = out;
	s->len = n;
	return 0;
}

/* "*...\xNN..." user names become the bytes they stand for (spec 4.6). */
static int cc_unescape(const struct cc_build *b, const char *key, struct cc_str *s)
{
	char *out;
	long n;

	if (!s->s || s->raw || !s->len || s->s[0] != '*')
		return 0;
	out = cc_arena_alloc(&b->cc->arena, s->len + 1);
	if (!out)
		return cc_fail(b, key, "out of memory");
	n = kvmexc_name_unescape(s->s, s->len, out, s->len);
	if (n < 0)
		return cc_fail(b, key, "malformed \\x escape in \"%s\": expected \\x and two hex digits",
			       s->s);
	if (n) {
		out[n] = 0;
		*s = (struct cc_str){ out, n, true };
	}
	return 0;
}

static int cc_hash(const struct cc_build *b, const char *key, enum kvmexc_name_kind kind,
		   enum kvmexc_name_field field, u8 type, u32 flags,
		   const struct cc_str *name, uint32_t *out)
{
	struct kvmexc_name_ctx ctx = {
		.kind = kind, .field = field, .object_type = type,
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

/* The config's number for the type, and its shipped (uapi) number. */
static int cc_object_type(const struct cc_build *b, const struct jv *types,
			  const char *const *names, const struct cc_str *ot, u8 *canon)
{
	const struct jv *v = strlen(ot->s) == ot->len ? jv_get(types, ot->s) : NULL;
	int64_t n;
	u8 i;

	if (!v)
		return cc_fail(b, "object_type", "unknown object type \"%s\"", ot->s);
	if (!cc_json_int(v, &n))
		return cc_fail(b, "object_type", "the configuration numbers \"%s\" with a non-integer",
			       ot->s);
	b->e->object_type = n;
	*canon = 0xFF;
	for (i = 0; names[i]; i++)
		if (cc_is(ot, names[i]))
			*canon = i;
	return 0;
}

static int cc_finish(const struct cc_build *b, const struct cc_exc_in *in,
		     enum cc_kind kind, const char *flags)
{
	struct cc_exc *e = b->e;

	e->kind = kind;
	e->st.flags = (char *)flags;
	e->st.signatures = in->signatures;
	if (cc_flag_bits(b->cc, kind, flags, false, b->at, &e->flags))
		return -1;
	struct cc_path p = cc_path_child(b->at, "signatures");

	return cc_sig_refs(b->cc, in->signatures, &p, &e->sigs, &e->nsigs);
}

/* ---- kernel (spec 6.1) */

static int cc_kernel_checks(const struct cc_build *b, const struct cc_exc_in *in)
{
	const struct cc_str *ot = &in->object_type;

	if (!cc_set(&in->originator) && !cc_is_any(ot, cc_km_orig_optional))
		return cc_fail(b, "originator", "missing: expected a driver name");
	if (!cc_set(ot))
		return cc_fail(b, "object_type", "missing: expected a kernel object type");
	if (!cc_set(&in->victim) && cc_is_any(ot, cc_km_need_victim))
		return cc_fail(b, "victim", "missing: object type \"%s\" needs a victim name",
			       ot->s);
	if (cc_set(&in->victim) && cc_is_any(ot, cc_km_no_victim))
		return cc_fail(b, "victim", "object type \"%s\" takes no victim name", ot->s);
	return 0;
}

/* Access default, return-drv and integrity rules; may force originator "-". */
static int cc_kernel_flags(const struct cc_build *b, const struct cc_exc_in *in,
			   char *fl, struct cc_str *o)
{
	const struct cc_str *ot = &in->object_type;
	bool toks_nd = cc_has_token(fl, "non-driver"), toks_rd = cc_has_token(fl, "return-drv");
	bool ret = cc_has_token(fl, "return"), integrity = cc_has_token(fl, "integrity");
	bool sd = cc_is(ot, "security-descriptor") || cc_is(ot, "acl-edit");

	if (cc_is(ot, "cr4") && !cc_has_token(fl, "smep") && !cc_has_token(fl, "smap"))
		return cc_fail(b, "flags", "object type cr4 needs the flag smap or smep");
	if (!cc_has_access(fl))
		strcat(fl, " write");
	if (toks_nd && !toks_rd)
		strcat(fl, " return-drv");
	if (toks_rd)
		return cc_fail(b, "flags", "\"return-drv\" is obsolete: use \"return\"");
	if (ret)
		strcat(fl, " return-drv");
	if (integrity && (cc_is(ot, "token-privs") || cc_is(ot, "sud-modification") || sd)) {
		if (cc_set(o))
			return cc_fail(b, "originator", "object type \"%s\" with the integrity flag takes no originator",
				       ot->s);
		*o = cc_lit("-");
	} else if (cc_is(ot, "token-privs") && !cc_set(o)) {
		return cc_fail(b, "originator", "missing: token-privs without the integrity flag needs an originator");
	} else if (sd) {
		return cc_fail(b, "flags", "object type \"%s\" needs the integrity flag", ot->s);
	}
	return 0;
}

static int cc_build_kernel(const struct cc_build *b, const struct cc_exc_in *in)
{
	struct cc_exc *e = b->e;
	struct cc_str o = in->originator, v = in->victim;
	const struct cc_str *ot = &in->object_type;
	bool sud = cc_is(ot, "sud-modification"), linux_;
	char *fl;
	u32 nf;
	u8 t;

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
			       ot->s);
	if (cc_object_type(b, b->cc->cfg.types_kernel, cc_km_types, ot, &t))
		return -1;
	if (cc_hash(b, "originator", KVMEXC_KIND_KERNEL, KVMEXC_FIELD_ORIGINATOR, t, nf,
		    &o, &e->originator) ||
	    cc_hash(b, "victim", KVMEXC_KIND_KERNEL, KVMEXC_FIELD_VICTIM, t, nf, &v,
		    &e->victim))
		return -1;
	if (!linux_ && (cc_lower(b, "originator", &o) || (!sud && cc_lower(b, "victim", &v))))
		return -1;
	e->st = (struct cc_state){ .originator = o, .object_type = *ot, .victim = v };
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
	if (!cc_set(v) && cc_is_any(ot, cc_um_need_victim))
		return cc_fail(b, "victim", "missing: object type \"%s\" needs a victim name", ot->s);
	if (cc_set(v) && cc_is(ot, "nx_zone") && (apc || !cc_is(v, "*")))
		return cc_fail(b, "victim", "object type nx_zone takes no victim name");
	if (!cc_set(p) && cc_is_any(ot, cc_um_need_process))
		return cc_fail(b, "process", "missing: object type \"%s\" needs a process name",
			       ot->s);
	if (cc_set(p) && cc_is(ot, "process"))
		return cc_fail(b, "process", "object type process takes no process name");
	return 0;
}

static char *cc_user_flags(const struct cc_build *b, const struct cc_exc_in *in,
			   const char *const *exec_types)
{
	char *fl = cc_flags_arch(b, &in->flags);

	if (!fl)
		return NULL;
	if (!cc_has_access(fl))
		strcat(fl, cc_is_any(&in->object_type, exec_types) ? " exec" : " write");
	if (cc_is(&in->object_type, "nx_zone") && !cc_has_token(fl, "exec")) {
		cc_fail(b, "flags", "object type nx_zone needs the exec flag: \"%s\"", fl);
		return NULL;
	}
	return fl;
}

static int cc_user_hashes(const struct cc_build *b, const struct cc_exc_in *in,
			  enum kvmexc_name_kind kind, u8 t, u32 nf)
{
	struct cc_str v = cc_set(&in->victim) ? in->victim : cc_lit("*");
	struct cc_str p = cc_set(&in->process) ? in->process : (struct cc_str){ 0 };
	struct cc_exc *e = b->e;

	return cc_hash(b, "originator", kind, KVMEXC_FIELD_ORIGINATOR, t, nf,
		       &in->originator, &e->originator) ||
	       cc_hash(b, "victim", kind, KVMEXC_FIELD_VICTIM, t, nf, &v, &e->victim) ||
	       cc_hash(b, "process", kind, KVMEXC_FIELD_PROCESS, t, nf, &p, &e->process);
}

/* The state a copy starts from: lower-cased unless linux, escapes decoded. */
static int cc_user_state(const struct cc_build *b, const struct cc_exc_in *in,
			 bool apc, bool linux_)
{
	struct cc_state *st = &b->e->st;

	st->originator = in->originator;
	st->object_type = in->object_type;
	st->victim = cc_set(&in->victim) ? in->victim : cc_lit("*");
	st->process = cc_set(&in->process) ? in->process : (struct cc_str){ 0 };
	if (!linux_ && (cc_lower(b, "originator", &st->originator) ||
			(cc_set(&in->victim) && cc_lower(b, "victim", &st->victim)) ||
			cc_lower(b, "process", &st->process)))
		return -1;
	if (apc)
		return 0;
	return cc_unescape(b, "originator", &st->originator) ||
	       cc_unescape(b, "victim", &st->victim) ||
	       cc_unescape(b, "process", &st->process);
}

static int cc_build_user(const struct cc_build *b, const struct cc_exc_in *in, bool apc)
{
	enum kvmexc_name_kind kind = apc ? KVMEXC_KIND_USER_APC : KVMEXC_KIND_USER;
	bool linux_;
	char *fl;
	u32 nf;
	u8 t;

	if (cc_user_checks(b, in, apc))
		return -1;
	fl = cc_user_flags(b, in, apc ? cc_apc_exec : cc_um_exec);
	if (!fl)
		return -1;
	linux_ = strstr(fl, "linux");
	nf = (linux_ ? KVMEXC_NAME_LINUX : 0) |
	     (strstr(fl, "module-load") ? KVMEXC_NAME_MODULE_LOAD : 0);
	if (cc_user_state(b, in, apc, linux_) ||
	    cc_object_type(b, b->cc->cfg.types_user, cc_um_types, &in->object_type, &t) ||
	    cc_user_hashes(b, in, kind, t, nf))
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
			j = i + 1;
			while (j < s->len && s->s[j] != ']')
				j++;
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
	    (cc_set(&in->victim) && cc_glob_length(b, "victim", &in->victim)) ||
	    cc_glob_length(b, "originator", &in->originator))
		return -1;
	return 0;
}

static int cc_build_glob(const struct cc_build *b, const struct cc_exc_in *in)
{
	struct cc_exc *e = b->e;
	char *fl;
	u8 t;

	if (cc_glob_checks(b, in))
		return -1;
	fl = cc_user_flags(b, in, cc_um_exec);
	if (!fl || cc_object_type(b, b->cc->cfg.types_user, cc_um_types, &in->object_type, &t))
		return -1;
	e->glob[0] = in->originator;
	e->glob[1] = cc_set(&in->victim) ? in->victim : cc_lit("*");
	e->glob[2] = cc_set(&in->process) ? in->process : cc_lit("*");
	e->st = (struct cc_state){
		.originator = e->glob[0], .object_type = in->object_type,
		.victim = e->glob[1], .process = e->glob[2],
	};
	return cc_finish(b, in, CC_GLOB, fl);
}

/* ---- kernel-user (spec 6.5) */

static int cc_build_kernel_user(const struct cc_build *b, const struct cc_exc_in *in)
{
	struct cc_exc *e = b->e;
	struct cc_str p = cc_set(&in->process) ? in->process : cc_lit("*");
	bool linux_;
	char *fl;
	u32 nf;
	u8 t;

	if (!cc_set(&in->originator))
		return cc_fail(b, "originator", "missing: expected a driver or process name");
	if (!cc_set(&in->object_type))
		return cc_fail(b, "object_type", "missing: expected a kernel-user object type");
	if (!cc_set(&in->victim))
		return cc_fail(b, "victim", "missing: expected a module name");
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
	linux_ = strstr(fl, "linux");
	nf = (linux_ ? KVMEXC_NAME_LINUX : 0) | (strstr(fl, "user") ? KVMEXC_NAME_KUM_USER : 0);
	if (cc_object_type(b, b->cc->cfg.types_kernel_user, cc_kum_types, &in->object_type, &t) ||
	    cc_hash(b, "originator", KVMEXC_KIND_KERNEL_USER, KVMEXC_FIELD_ORIGINATOR, t, nf,
		    &in->originator, &e->originator) ||
	    cc_hash(b, "victim", KVMEXC_KIND_KERNEL_USER, KVMEXC_FIELD_VICTIM, t, nf,
		    &in->victim, &e->victim) ||
	    cc_hash(b, "process", KVMEXC_KIND_KERNEL_USER, KVMEXC_FIELD_PROCESS, t, nf, &p,
		    &e->process))
		return -1;
	e->st = (struct cc_state){
		.originator = in->originator, .object_type = in->object_type,
		.victim = in->victim, .process = p,
	};
	if (!linux_ && (cc_lower(b, "originator", &e->st.originator) ||
			cc_lower(b, "victim", &e->st.victim) ||
			cc_lower(b, "process", &e->st.process)))
		return -1;
	return cc_finish(b, in, CC_KERNEL_USER, fl);
}

/* ---- entry points */

static int cc_build_one(struct compiler *cc, enum cc_kind kind, const struct cc_exc_in *in,
			const struct cc_path *at, const char *member, struct cc_exc **out)
{
	struct cc_exc *e = cc_arena_alloc(&cc->arena, sizeof(*e));
	struct cc_build b = { cc, at, member, e };
	int err;

	if (!e)
		return cc_error(at, "out of memory");
	memset(e, 0, sizeof(*e));
	e->at = *at;
	e->member = member;
	switch (kind) {
	case CC_KERNEL:
		err = cc_build_kernel(&b, in);
		break;
	case CC_USER:
	case CC_APC:
		err = cc_build_user(&b, in, kind == CC_APC);
		break;
	case CC_GLOB:
		err = cc_build_glob(&b, in);
		break;
	default:
		err = cc_build_kernel_user(&b, in);
		break;
	}
	*out = e;
	return err;
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
		if (cc_exc_input(el, &p, &in) ||
		    cc_build_one(cc, kind, &in, &p, NULL, &e) || cc_vec_push(&cc->excs, e))
			return -1;
	}
	return 0;
}

/* ---- groups (spec 8) */

const char *cc_group(struct compiler *cc, const struct cc_str *value)
{
	if (!value->s || value->raw || strlen(value->s) != value->len ||
	    !jv_get(cc->cfg.groups, value->s))
		return NULL;
	return value->s;
}

enum cc_group_field { CC_GROUP_ORIGINATOR, CC_GROUP_VICTIM, CC_GROUP_PROCESS };

static struct cc_str *cc_state_field(struct cc_state *st, enum cc_group_field f)
{
	return f == CC_GROUP_ORIGINATOR ? &st->originator :
	       f == CC_GROUP_VICTIM ? &st->victim : &st->process;
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

static int cc_expand_one(struct compiler *cc, struct cc_exc *e, enum cc_group_field f,
			 struct cc_vec *out, int depth);

static int cc_expand_member(struct compiler *cc, struct cc_exc *e, enum cc_group_field f,
			    const char *member, struct cc_vec *out, int depth)
{
	struct cc_exc_in in = {
		.originator = e->st.originator, .object_type = e->st.object_type,
		.victim = e->st.victim, .process = e->st.process,
		.flags = cc_lit(e->st.flags), .signatures = e->st.signatures,
	};
	struct cc_exc *copy;

	if (f == CC_GROUP_ORIGINATOR)
		in.originator = cc_lit(member);
	else if (f == CC_GROUP_VICTIM)
		in.victim = cc_lit(member);
	else
		in.process = cc_lit(member);
	if (e->kind == CC_USER && !strstr(e->st.flags, "linux")) {
		cc_ascii_lower(cc, &in.originator);
		cc_ascii_lower(cc, &in.victim);
		cc_ascii_lower(cc, &in.process);
	}
	if (cc_build_one(cc, e->kind, &in, &e->at, member, &copy))
		return -1;
	if (cc_group(cc, cc_state_field(&copy->st, f)))
		return cc_expand_one(cc, copy, f, out, depth + 1);
	return cc_vec_push(out, copy);
}

static int cc_expand_one(struct compiler *cc, struct cc_exc *e, enum cc_group_field f,
			 struct cc_vec *out, int depth)
{
	const char *group = cc_group(cc, cc_state_field(&e->st, f));
	const struct jv *members = jv_get(cc->cfg.groups, group), *m;
	struct cc_str member;
	struct cc_iter it;

	if (depth > 16)
		return cc_error(&e->at, "group \"%s\" contains itself", group);
	if (cc_iter_init(&it, members, &e->at))
		return -1;
	while (cc_iter_next(&it, &member, &m)) {
		if (!member.s)
			return cc_error(&e->at, "group \"%s\": members must be strings", group);
		if (cc_expand_member(cc, e, f, member.s, out, depth))
			return -1;
	}
	return 0;
}

static const char *const cc_kind_names[] = {
	"kernel", "user", "user-apc", "user-glob-match", "kernel-user",
};

static int cc_expand_pass(struct compiler *cc, enum cc_group_field f)
{
	struct cc_vec out = { 0 };
	const char *group;
	struct cc_exc *e;
	size_t i;

	for (i = 0; i < cc->excs.n; i++) {
		e = cc->excs.v[i];
		group = (e->kind == CC_KERNEL && f == CC_GROUP_PROCESS) ? NULL :
			cc_group(cc, cc_state_field(&e->st, f));
		if (!group) {
			if (cc_vec_push(&out, e))
				goto fail;
			continue;
		}
		if (e->kind == CC_KERNEL || e->kind == CC_USER) {
			if (cc_expand_one(cc, e, f, &out, 0))
				goto fail;
			continue;
		}
		/* The reference drops these silently; --strict refuses them. */
		cc_error(&e->at, "%s: group \"%s\" is not expanded for %s exceptions: exception dropped",
			 cc->strict ? "error" : "warning", group, cc_kind_names[e->kind]);
		if (cc->strict)
			goto fail;
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
