// SPDX-License-Identifier: GPL-2.0
/*
 * Candidate order (spec 3.2-3.4) and the per-candidate stages (3.5-3.8).
 * Every list of the reference is a keyed run of a table here, so a
 * decision costs a handful of hash lookups whatever the size of the set.
 */
#include "match.h"
#include "glob.h"
#include "internal.h"

/* Filters of a run of candidates (the skip rules of the candidate order). */
#define F_NO_RETURN		BIT(0)	/* skip exceptions with "return" */
#define F_NO_RETURN_DRV		BIT(1)	/* skip exceptions with "return-drv" */
#define F_NEED_RETURN		BIT(2)	/* skip exceptions without "return" */
#define F_NEED_RETURN_DRV	BIT(3)
#define F_NO_KERNEL_RETURN_DRV	BIT(4)	/* skip "kernel" exceptions with "return-drv" */
#define F_NO_USER		BIT(5)	/* skip "user" exceptions */

/* Search state of one decision. */
struct kvmexc_search {
	const struct kvmexc_violation *v;
	struct kvmexc_decision *d;
	/* the best near miss so far: 2 stage 2, 3 a signature, 4 an error; 0 none */
	u8 near_stage;
	struct kvmexc_decision near;
};

static bool kvmexc_access_ok(u32 flags, u64 zf)
{
	return ((flags & KVMEXC_FLAG_READ) && (zf & KVMEXC_ZF_READ)) ||
	       ((flags & KVMEXC_FLAG_WRITE) && (zf & KVMEXC_ZF_WRITE)) ||
	       ((flags & KVMEXC_FLAG_EXEC) && (zf & KVMEXC_ZF_EXEC));
}

static bool kvmexc_guest64(const struct kvmexc_violation *v)
{
	return v->flags & KVMEXC_V_GUEST64;
}

/* Guest bitness only (kernel and kernel-user exceptions, Linux user ones). */
static bool kvmexc_arch_ok(u32 flags, bool is64)
{
	if ((flags & KVMEXC_FLAG_32) && (flags & KVMEXC_FLAG_64))
		return true;
	if (flags & KVMEXC_FLAG_64)
		return is64;
	if (flags & KVMEXC_FLAG_32)
		return !is64;
	return false;
}

static bool kvmexc_old_is_zero(const struct kvmexc_violation *v)
{
	static const u8 zero[8];

	return !memcmp(v->old_value, zero, sizeof(zero));
}

/* "init" of kernel and kernel-user exceptions, rules a-e of 3.6.7. */
static bool kvmexc_init_ok(u32 flags, const struct kvmexc_violation *v)
{
	if (v->zone == KVMEXC_ZONE_INTEGRITY && kvmexc_old_is_zero(v))
		return true;
	if ((flags & KVMEXC_FLAG_KM_RETURN_DRV) && v->return_originator == KVMEXC_NAME_KERNEL)
		return v->flags & KVMEXC_V_RET_INIT_SECTION;
	if (v->originator == KVMEXC_NAME_KERNEL)
		return v->flags & KVMEXC_V_ORIG_INIT_SECTION;
	if (v->flags & KVMEXC_V_ENTRY_POINT)
		return true;
	return kvmexc_old_is_zero(v);
}

static bool kvmexc_km_object_ok(u8 type, const struct kvmexc_violation *v)
{
	bool module = v->object == KVMEXC_OBJ_KM_MODULE;
	bool ept = v->zone == KVMEXC_ZONE_EPT;
	bool dtr = v->zone == KVMEXC_ZONE_DTR;
	u64 zf = v->zone_flags;

	switch (type) {
	case KVMEXC_KM_OBJ_ANY:		return true;
	case KVMEXC_KM_OBJ_DRIVER:		return module;
	case KVMEXC_KM_OBJ_DRIVER_IMPORTS:	return module && (zf & KVMEXC_ZF_LIB_IMPORTS);
	case KVMEXC_KM_OBJ_DRIVER_EXPORTS:	return module && (zf & KVMEXC_ZF_LIB_EXPORTS);
	case KVMEXC_KM_OBJ_DRIVER_DATA:	return module && (zf & KVMEXC_ZF_LIB_DATA);
	case KVMEXC_KM_OBJ_DRIVER_RESOURCES: return module && (zf & KVMEXC_ZF_LIB_RESOURCES);
	case KVMEXC_KM_OBJ_DRIVER_CODE:
		return (module && (zf & KVMEXC_ZF_LIB_CODE)) ||
		       v->object == KVMEXC_OBJ_VDSO || v->object == KVMEXC_OBJ_VSYSCALL;
	case KVMEXC_KM_OBJ_SSDT:		return v->object == KVMEXC_OBJ_SSDT;
	case KVMEXC_KM_OBJ_DRVOBJ:		return v->object == KVMEXC_OBJ_DRIVER_OBJECT;
	case KVMEXC_KM_OBJ_FASTIO:		return v->object == KVMEXC_OBJ_FAST_IO;
	case KVMEXC_KM_OBJ_MSR:		return v->zone == KVMEXC_ZONE_MSR;
	case KVMEXC_KM_OBJ_CR4:		return v->zone == KVMEXC_ZONE_CR;
	case KVMEXC_KM_OBJ_HAL_HEAP:
		return ept && (v->object == KVMEXC_OBJ_HAL_INT_CONTROLLER ||
			       v->object == KVMEXC_OBJ_HAL_HEAP);
	case KVMEXC_KM_OBJ_SUD_EXEC:	return ept && v->object == KVMEXC_OBJ_SUD_EXEC;
	case KVMEXC_KM_OBJ_SELFMAP:		return ept && v->object == KVMEXC_OBJ_SELFMAP;
	case KVMEXC_KM_OBJ_IDT:
		return (ept || v->zone == KVMEXC_ZONE_INTEGRITY) && v->object == KVMEXC_OBJ_IDT;
	case KVMEXC_KM_OBJ_IDT_REG:		return dtr && v->object == KVMEXC_OBJ_IDTR;
	case KVMEXC_KM_OBJ_GDT_REG:		return dtr && v->object == KVMEXC_OBJ_GDTR;
	case KVMEXC_KM_OBJ_INFINITY_HOOK:	return v->object == KVMEXC_OBJ_LOGGER_CONTEXT;
	case KVMEXC_KM_OBJ_TOKEN_PRIVS:	return v->object == KVMEXC_OBJ_TOKEN_PRIVS;
	case KVMEXC_KM_OBJ_HAL_PERF_COUNTER: return v->object == KVMEXC_OBJ_HAL_PERF_COUNTER;
	case KVMEXC_KM_OBJ_SECURITY_DESCRIPTOR: return v->object == KVMEXC_OBJ_SECURITY_DESCRIPTOR;
	case KVMEXC_KM_OBJ_ACL_EDIT:	return v->object == KVMEXC_OBJ_ACL;
	case KVMEXC_KM_OBJ_SUD_MODIFICATION: return v->object == KVMEXC_OBJ_SUD_INTEGRITY;
	case KVMEXC_KM_OBJ_INTERRUPT_OBJ:	return v->object == KVMEXC_OBJ_INTERRUPT_OBJECT;
	}
	return false;	/* none */
}

/* "[own]": the victim belongs to the driver the exception designates. */
static bool kvmexc_km_victim_ok(const struct kvmexc_exc *e, const struct kvmexc_violation *v)
{
	if (e->victim == KVMEXC_NAME_ANY || e->victim == v->victim)
		return true;
	if (e->victim != KVMEXC_NAME_OWN)
		return false;
	if (e->flags & KVMEXC_FLAG_KM_RETURN_DRV)
		return v->flags & KVMEXC_V_OWN_RET;
	return v->flags & KVMEXC_V_OWN_ORIG;
}

static bool kvmexc_cr4_ok(u32 flags, const struct kvmexc_violation *v)
{
	if ((flags & KVMEXC_FLAG_KM_SMAP) && (flags & KVMEXC_FLAG_KM_SMEP))
		return true;
	if ((flags & KVMEXC_FLAG_KM_SMAP) && (v->flags & KVMEXC_V_SMAP_CLEARED))
		return true;
	return (flags & KVMEXC_FLAG_KM_SMEP) && (v->flags & KVMEXC_V_SMEP_CLEARED);
}

/* Stage 1 of kernel exceptions (3.6). */
static bool kvmexc_km_stage1(const struct kvmexc_exc *e, const struct kvmexc_violation *v)
{
	u32 f = e->flags;

	if (!kvmexc_access_ok(f, v->zone_flags))
		return false;
	if ((f & KVMEXC_FLAG_KM_INTEGRITY) && v->zone != KVMEXC_ZONE_INTEGRITY)
		return false;
	if ((f & KVMEXC_FLAG_KM_NON_DRIVER) && (v->flags & KVMEXC_V_ORIG_DRIVER))
		return false;
	if (!kvmexc_arch_ok(f, kvmexc_guest64(v)) || !kvmexc_km_victim_ok(e, v))
		return false;
	if (!kvmexc_km_object_ok(e->object_type, v))
		return false;
	if ((f & KVMEXC_FLAG_INIT) && !kvmexc_init_ok(f, v))
		return false;
	return e->object_type != KVMEXC_KM_OBJ_CR4 || kvmexc_cr4_ok(f, v);
}

static bool kvmexc_um_object_ok(u8 type, const struct kvmexc_violation *v)
{
	bool inj = v->zone == KVMEXC_ZONE_PROCESS;
	bool module = v->object == KVMEXC_OBJ_UM_MODULE;
	u64 zf = v->zone_flags;

	switch (type) {
	case KVMEXC_UM_OBJ_ANY:		return true;
	case KVMEXC_UM_OBJ_PROCESS:
		return inj && !(zf & (KVMEXC_ZF_THREAD_CONTEXT | KVMEXC_ZF_THREAD_APC |
				      KVMEXC_ZF_INSTRUMENTATION));
	case KVMEXC_UM_OBJ_MODULE:		return module;
	case KVMEXC_UM_OBJ_MODULE_IMPORTS:	return module && (zf & KVMEXC_ZF_LIB_IMPORTS);
	case KVMEXC_UM_OBJ_MODULE_EXPORTS:	return module && (zf & KVMEXC_ZF_LIB_EXPORTS);
	case KVMEXC_UM_OBJ_NX_ZONE:		return v->object == KVMEXC_OBJ_UM_NX_ZONE;
	case KVMEXC_UM_OBJ_SUD_EXEC:	return v->object == KVMEXC_OBJ_SUD_EXEC;
	case KVMEXC_UM_OBJ_THREAD_CONTEXT:	return inj && (zf & KVMEXC_ZF_THREAD_CONTEXT);
	case KVMEXC_UM_OBJ_APC_THREAD:	return inj && (zf & KVMEXC_ZF_THREAD_APC);
	case KVMEXC_UM_OBJ_INSTRUMENTATION_CALLBACK: return inj && (zf & KVMEXC_ZF_INSTRUMENTATION);
	case KVMEXC_UM_OBJ_PEB32:		return inj && (v->flags & KVMEXC_V_IN_PEB32);
	case KVMEXC_UM_OBJ_PEB64:		return inj && (v->flags & KVMEXC_V_IN_PEB64);
	case KVMEXC_UM_OBJ_PROCESS_CREATION:
		return v->object == KVMEXC_OBJ_PROCESS_CREATION &&
		       v->zone == KVMEXC_ZONE_PROCESS_CREATION;
	case KVMEXC_UM_OBJ_PROCESS_CREATION_DPI:
		return v->object == KVMEXC_OBJ_PROCESS_CREATION_DPI &&
		       v->zone == KVMEXC_ZONE_PROCESS_CREATION;
	case KVMEXC_UM_OBJ_DOUBLE_AGENT:	return inj && (zf & KVMEXC_ZF_MODULE_LOAD);
	}
	return false;	/* none */
}

static bool kvmexc_um_arch_ok(u32 f, const struct kvmexc_violation *v)
{
	bool wow64 = v->flags & KVMEXC_V_ORIG_WOW64;

	if (v->os == KVMEXC_OS_LINUX || ((f & KVMEXC_FLAG_32) && (f & KVMEXC_FLAG_64)))
		return kvmexc_arch_ok(f, kvmexc_guest64(v));
	if (f & KVMEXC_FLAG_64)
		return kvmexc_guest64(v) && !wow64;
	if (f & KVMEXC_FLAG_32)
		return !kvmexc_guest64(v) || wow64;
	return false;
}

/* Names of user exceptions: hashes, or glob patterns against the names. */
static bool kvmexc_um_names_ok(const struct kvmexc_set *set, const struct kvmexc_exc *e,
			       const struct kvmexc_violation *v)
{
	if (e->kind != KVMEXC_EXC_GLOB)
		return (!e->victim || e->victim == v->victim) &&
		       (!e->process || e->process == v->process);
	return v->victim_name && v->process_name &&
	       kvmexc_glob_match(kvmexc_exc_glob(set, e, 1), v->victim_name) &&
	       kvmexc_glob_match(kvmexc_exc_glob(set, e, 2), v->process_name);
}

/* The Windows-only process flags of 3.7.7; one-time is only checked here. */
static bool kvmexc_um_windows_ok(const struct kvmexc_exc *e, const struct kvmexc_violation *v)
{
	u32 f = e->flags;

	if (v->os != KVMEXC_OS_WINDOWS)
		return true;
	if ((f & KVMEXC_FLAG_UM_SYSTEM_PROCESS) &&
	    !(v->flags & (v->object == KVMEXC_OBJ_PROCESS_CREATION ?
			  KVMEXC_V_VICTIM_SYSTEM : KVMEXC_V_ORIG_SYSTEM)))
		return false;
	if ((f & KVMEXC_FLAG_UM_LIKE_APPHELP) && !(v->flags & KVMEXC_V_APPHELP))
		return false;
	return !(f & KVMEXC_FLAG_UM_ONE_TIME) || !(v->flags & KVMEXC_V_ONE_TIME_USED);
}

/* Stage 1 of user and glob exceptions (3.7). */
static bool kvmexc_um_stage1(const struct kvmexc_set *set, const struct kvmexc_exc *e,
			     const struct kvmexc_violation *v)
{
	bool process_zone = v->zone == KVMEXC_ZONE_PROCESS ||
			    v->zone == KVMEXC_ZONE_PROCESS_CREATION;

	if (!kvmexc_access_ok(e->flags, v->zone_flags) || !kvmexc_um_names_ok(set, e, v))
		return false;
	if (!kvmexc_um_object_ok(e->object_type, v) || !kvmexc_um_arch_ok(e->flags, v))
		return false;
	if ((e->flags & KVMEXC_FLAG_UM_CHILD) && process_zone && !(v->flags & KVMEXC_V_CHILD))
		return false;
	return kvmexc_um_windows_ok(e, v);
}

static bool kvmexc_kum_object_ok(u8 type, const struct kvmexc_violation *v)
{
	bool module = v->object == KVMEXC_OBJ_UM_MODULE;
	u64 zf = v->zone_flags;

	switch (type) {
	case KVMEXC_KUM_OBJ_ANY:		return true;
	case KVMEXC_KUM_OBJ_MODULE:		return module;
	case KVMEXC_KUM_OBJ_MODULE_IMPORTS:	return module && (zf & KVMEXC_ZF_LIB_IMPORTS);
	case KVMEXC_KUM_OBJ_MODULE_EXPORTS:	return module && (zf & KVMEXC_ZF_LIB_EXPORTS);
	}
	return false;
}

/* Injection flags of kernel-user exceptions (3.8.1). */
static bool kvmexc_kum_injection_ok(u32 f, const struct kvmexc_violation *v)
{
	bool user = v->flags & KVMEXC_V_USER_INJECTION;
	bool kernel = v->flags & KVMEXC_V_KERNEL_INJECTION;

	if (!user && !kernel)
		return !(f & (KVMEXC_FLAG_KUM_USER | KVMEXC_FLAG_KUM_KERNEL));
	if (!(f & (KVMEXC_FLAG_KUM_USER | KVMEXC_FLAG_KUM_KERNEL)))
		return false;
	return !((f & KVMEXC_FLAG_KUM_KERNEL) && user) && !((f & KVMEXC_FLAG_KUM_USER) && kernel);
}

/* Stage 1 of kernel-user exceptions (3.8). */
static bool kvmexc_kum_stage1(const struct kvmexc_exc *e, const struct kvmexc_violation *v)
{
	u32 f = e->flags;

	if (!kvmexc_kum_injection_ok(f, v) || !kvmexc_access_ok(f, v->zone_flags))
		return false;
	if (!kvmexc_arch_ok(f, kvmexc_guest64(v)))
		return false;
	if (e->victim && e->victim != v->victim)
		return false;
	if (e->process && e->process != v->victim_process)
		return false;
	if (!kvmexc_kum_object_ok(e->object_type, v))
		return false;
	if ((f & KVMEXC_FLAG_KM_NON_DRIVER) && (v->flags & KVMEXC_V_ORIG_DRIVER))
		return false;
	return !(f & KVMEXC_FLAG_INIT) || kvmexc_init_ok(f, v);
}

static bool kvmexc_stage1(const struct kvmexc_set *set, const struct kvmexc_exc *e,
			  const struct kvmexc_violation *v)
{
	bool linux_exc = e->flags & KVMEXC_FLAG_LINUX;
	bool linux_guest = v->os == KVMEXC_OS_LINUX;

	if (linux_exc != linux_guest)	/* stage 0: per guest */
		return false;
	switch (e->kind) {
	case KVMEXC_EXC_KM:	return kvmexc_km_stage1(e, v);
	case KVMEXC_EXC_KUM:	return kvmexc_kum_stage1(e, v);
	default:		return kvmexc_um_stage1(set, e, v);
	}
}

/* Stage 2: the process start-up heuristic of user "init" exceptions (3.9). */
static bool kvmexc_stage2(const struct kvmexc_exc *e, const struct kvmexc_violation *v)
{
	if (e->kind == KVMEXC_EXC_KM || e->kind == KVMEXC_EXC_KUM || v->os != KVMEXC_OS_WINDOWS)
		return true;
	if (e->object_type != KVMEXC_UM_OBJ_PROCESS || !(e->flags & KVMEXC_FLAG_INIT))
		return true;
	return v->flags & KVMEXC_V_INIT_OK;
}

static void kvmexc_describe(struct kvmexc_decision *d, const struct kvmexc_set *set,
			    const struct kvmexc_exc *e)
{
	d->exc = &set->excs[e->index];	/* the file-order entry, also for heads */
	d->record = e->record;
	d->from_added = set->contexts;
	d->context = set->contexts ? set->contexts[e->index] : 0;
}

/* Runs the three stages on @e; true when it allows the violation. */
__kvmexc_hot static bool kvmexc_try(struct kvmexc_search *s, const struct kvmexc_set *set,
		       const struct kvmexc_exc *e)
{
	const struct kvmexc_violation *v = s->v;
	struct kvmexc_decision cand __uninitialized;	/* cleared below */
	u8 stage = 2;

	/* An exception added from one guest's alert is for that guest alone. */
	if (set->guests && set->guests[e->index] && set->guests[e->index] != v->guest)
		return false;
	if (!kvmexc_stage1(set, e, v))
		return false;
	memset(&cand, 0, sizeof(cand));
	cand.action = KVMEXC_ACTION_DENY;
	kvmexc_describe(&cand, set, e);
	if (!kvmexc_stage2(e, v)) {
		cand.reason = KVMEXC_REASON_EXTRA_CHECKS_FAILED;
	} else if (!kvmexc_signatures_ok(set, e, v, &cand)) {
		/* an error hides a possible match: it explains a denial best */
		stage = cand.reason == KVMEXC_REASON_INTERNAL_ERROR ? 4 : 3;
	} else {
		cand.action = KVMEXC_ACTION_ALLOW;
		cand.reason = (e->flags & KVMEXC_FLAG_FEEDBACK) ? KVMEXC_REASON_ALLOWED_FEEDBACK :
								KVMEXC_REASON_ALLOWED;
		cand.one_time = e->kind != KVMEXC_EXC_KM && e->kind != KVMEXC_EXC_KUM &&
				v->os == KVMEXC_OS_WINDOWS && (e->flags & KVMEXC_FLAG_UM_ONE_TIME);
		/* the only write a reader makes: atomic, and in the exception's own line */
		kvmexc_counter_inc((struct kvmexc_counter *)&e->hits);
		*s->d = cand;
		return true;
	}
	/* The most specific near miss explains a denial, not the last one. */
	if (stage > s->near_stage) {
		s->near_stage = stage;
		cand.sig_count = 0;
		s->near = cand;
	}
	return false;
}

static __always_inline bool kvmexc_filter_ok(u32 flt, u32 f)
{
	if ((flt & F_NO_RETURN) && (f & KVMEXC_FLAG_RETURN))
		return false;
	if ((flt & F_NO_RETURN_DRV) && (f & KVMEXC_FLAG_KM_RETURN_DRV))
		return false;
	if ((flt & F_NEED_RETURN) && !(f & KVMEXC_FLAG_RETURN))
		return false;
	if ((flt & F_NEED_RETURN_DRV) && !(f & KVMEXC_FLAG_KM_RETURN_DRV))
		return false;
	if ((flt & F_NO_KERNEL_RETURN_DRV) && (f & KVMEXC_FLAG_KUM_KERNEL) &&
	    (f & KVMEXC_FLAG_KM_RETURN_DRV))
		return false;
	return !((flt & F_NO_USER) && (f & KVMEXC_FLAG_KUM_USER));
}

/* Tries the run of exceptions whose head is @h, in file order, through @flt. */
__kvmexc_hot static bool kvmexc_try_run(struct kvmexc_search *s, const struct kvmexc_set *set,
			   const struct kvmexc_exc *h, u32 flt)
{
	u32 i;

	if (kvmexc_filter_ok(flt, h->flags) && kvmexc_try(s, set, h))
		return true;
	for (i = h->next; i < h->next + h->next_count; i++) {
		const struct kvmexc_exc *e = &set->excs[set->refs[i]];

		if (kvmexc_filter_ok(flt, e->flags) && kvmexc_try(s, set, e))
			return true;
	}
	return false;
}

/*
 * Tries the exceptions of @table keyed @key. Inline, as each call counts in
 * the fault path: most keys have none and cost a hash probe.
 */
static __always_inline bool kvmexc_try_key(struct kvmexc_search *s, const struct kvmexc_set *set,
					   int table, u32 key, u32 flt)
{
	const struct kvmexc_exc *h;

	if (!set)
		return false;
	h = kvmexc_table_head(&set->tables[table], key);
	return h && kvmexc_try_run(s, set, h, flt);
}

/*
 * Added exceptions first (3.2.1): "*", "-" for code outside any module,
 * then the originator's own.
 */
static bool kvmexc_try_added(struct kvmexc_search *s, const struct kvmexc_set *added,
			     int table, u32 key, bool noname)
{
	if (!added)
		return false;
	if (kvmexc_try_key(s, added, table, KVMEXC_NAME_ANY, 0))
		return true;
	if (noname && kvmexc_try_key(s, added, table, KVMEXC_NAME_NO_NAME, 0))
		return true;
	return key != KVMEXC_NAME_ANY && key != KVMEXC_NAME_NO_NAME &&
	       kvmexc_try_key(s, added, table, key, 0);
}

/* Feedback exceptions (3.2.6): by @key_o, or by @key_r for "return" ones. */
static bool kvmexc_try_feedback(struct kvmexc_search *s, const struct kvmexc_set *set, int table,
				bool noname, u32 key_o, u32 key_r)
{
	if (kvmexc_try_key(s, set, table, KVMEXC_NAME_ANY, 0))
		return true;
	if (noname && kvmexc_try_key(s, set, table, KVMEXC_NAME_NO_NAME, 0))
		return true;
	if (key_o == key_r)
		return kvmexc_try_key(s, set, table, key_o, 0);
	return kvmexc_try_key(s, set, table, key_o, F_NO_RETURN) ||
	       kvmexc_try_key(s, set, table, key_r, F_NEED_RETURN);
}

static bool kvmexc_same_rip(const struct kvmexc_violation *v)
{
	u32 both = KVMEXC_V_ORIG_DRIVER | KVMEXC_V_RET_DRIVER;

	return (v->flags & both) == both && v->orig.rip == v->ret.rip;
}

static bool kvmexc_named(u32 key)
{
	return key != KVMEXC_NAME_EMPTY && key != KVMEXC_NAME_ANY && key != KVMEXC_NAME_NO_NAME;
}

/* Kernel candidate order (3.2). */
__kvmexc_hot static bool kvmexc_match_km(struct kvmexc_search *s, const struct kvmexc_set *set,
			    const struct kvmexc_set *added)
{
	const struct kvmexc_violation *v = s->v;
	u32 o = v->originator, r = v->return_originator;
	bool noname = o == KVMEXC_NAME_EMPTY, same = kvmexc_same_rip(v);

	if (kvmexc_try_added(s, added, KVMEXC_T_KM, o, noname))
		return true;
	if (kvmexc_try_key(s, set, KVMEXC_T_KM, noname ? KVMEXC_NAME_NO_NAME : KVMEXC_NAME_ANY, 0))
		return true;
	if (kvmexc_named(o) &&
	    kvmexc_try_key(s, set, KVMEXC_T_KM, o, same ? 0 : F_NO_RETURN | F_NO_RETURN_DRV))
		return true;
	if (!same && kvmexc_named(r) &&
	    kvmexc_try_key(s, set, KVMEXC_T_KM, r, F_NEED_RETURN | F_NEED_RETURN_DRV))
		return true;
	return kvmexc_try_feedback(s, set, KVMEXC_T_KM_FB, noname, o, r);
}

/* Glob exceptions whose originator pattern can match the name (3.3.4). */
static bool kvmexc_try_glob(struct kvmexc_search *s, const struct kvmexc_set *set)
{
	const char *name = s->v->originator_name;
	unsigned char c;
	u32 a, na, b, nb, ea, eb;

	if (!set || !name)
		return false;
	c = name[0] >= 'A' && name[0] <= 'Z' ? name[0] + 'a' - 'A' : name[0];
	a = kvmexc_table_find(&set->tables[KVMEXC_T_GLOB], c, &na);
	b = kvmexc_table_find(&set->tables[KVMEXC_T_GLOB], KVMEXC_GLOB_WILD_KEY, &nb);
	/* Two runs in file order, merged so the file order holds across them. */
	for (ea = a + na, eb = b + nb; a < ea || b < eb;) {
		const struct kvmexc_exc *e;

		if (b >= eb || (a < ea && set->refs[a] < set->refs[b]))
			e = &set->excs[set->refs[a++]];
		else
			e = &set->excs[set->refs[b++]];
		if (kvmexc_glob_match(kvmexc_exc_glob(set, e, 0), name) && kvmexc_try(s, set, e))
			return true;
	}
	return false;
}

/* User candidate order (3.3). */
static bool kvmexc_match_um(struct kvmexc_search *s, const struct kvmexc_set *set,
			    const struct kvmexc_set *added)
{
	const struct kvmexc_violation *v = s->v;
	u32 o = v->originator, r = v->return_originator;
	bool noname = o == KVMEXC_NAME_EMPTY;

	if (kvmexc_try_added(s, added, KVMEXC_T_UM, o, noname))
		return true;
	if (v->object == KVMEXC_OBJ_PROCESS_CREATION &&
	    (kvmexc_try_added(s, added, KVMEXC_T_UM_PC, o, false) ||
	     kvmexc_try_added(s, set, KVMEXC_T_UM_PC, o, false)))
		return true;
	if (kvmexc_try_key(s, set, KVMEXC_T_UM, noname ? KVMEXC_NAME_NO_NAME : KVMEXC_NAME_ANY, 0))
		return true;
	if (kvmexc_try_glob(s, set))
		return true;
	if (kvmexc_named(o) && kvmexc_try_key(s, set, KVMEXC_T_UM, o, F_NO_RETURN))
		return true;
	if (!kvmexc_same_rip(v) && kvmexc_named(r) &&
	    kvmexc_try_key(s, set, KVMEXC_T_UM, r, F_NEED_RETURN))
		return true;
	return kvmexc_try_feedback(s, set, KVMEXC_T_UM_FB, noname, o, r);
}

/* Kernel-user candidate order (3.4). */
static bool kvmexc_match_kum(struct kvmexc_search *s, const struct kvmexc_set *set,
			     const struct kvmexc_set *added)
{
	const struct kvmexc_violation *v = s->v;
	bool user = v->flags & KVMEXC_V_USER_INJECTION;
	bool kernel = v->flags & KVMEXC_V_KERNEL_INJECTION;
	u32 o = v->originator, r = v->return_originator;
	u32 h = user ? v->process : kernel ? r : o;
	bool noname = !user && o == KVMEXC_NAME_EMPTY;
	bool same = kernel && kvmexc_same_rip(v);

	if (kvmexc_try_added(s, added, KVMEXC_T_KUM, h, noname))
		return true;
	if (kvmexc_try_key(s, set, KVMEXC_T_KUM, noname ? KVMEXC_NAME_NO_NAME : KVMEXC_NAME_ANY, 0))
		return true;
	if (kvmexc_named(h) &&
	    kvmexc_try_key(s, set, KVMEXC_T_KUM, h,
			   same ? 0 : F_NO_RETURN | F_NO_KERNEL_RETURN_DRV))
		return true;
	if (!same && !user && kvmexc_named(r) &&
	    kvmexc_try_key(s, set, KVMEXC_T_KUM, r, F_NO_USER | F_NEED_RETURN | F_NEED_RETURN_DRV))
		return true;
	return kvmexc_try_feedback(s, set, KVMEXC_T_KUM_FB, noname, user ? v->process : o,
				   user ? v->process : r);
}

/* A loop rather than memcmp(): in the fault path the call costs more than the bytes. */
static bool kvmexc_bytes_equal(const u8 *a, const u8 *b, u32 n)
{
	u64 x, y;
	u32 i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			return false;
	}
	for (; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static bool kvmexc_same_value(const struct kvmexc_violation *v)
{
	u32 n = v->size < sizeof(v->old_value) ? v->size : sizeof(v->old_value);

	return v->zone == KVMEXC_ZONE_EPT && (v->zone_flags & KVMEXC_ZF_WRITE) && n &&
	       kvmexc_bytes_equal(v->old_value, v->new_value, n);
}

__kvmexc_hot
void kvmexc_match(const struct kvmexc_set *set, const struct kvmexc_added *added,
		  const struct kvmexc_violation *v, struct kvmexc_decision *d)
{
	const struct kvmexc_set *aset = added ? added->set : NULL;
	/* Its near miss is read only once written: not cleared per decision. */
	struct kvmexc_search s __uninitialized;
	bool allowed;

	s.v = v;
	s.d = d;
	s.near_stage = 0;
	memset(d, 0, sizeof(*d));
	d->action = KVMEXC_ACTION_ALLOW;
	if (!set) {
		d->reason = KVMEXC_REASON_NOT_LOADED;
		return;
	}
	if (kvmexc_same_value(v)) {
		d->reason = KVMEXC_REASON_SAME_VALUE;
		return;
	}
	switch (v->kind) {
	case KVMEXC_EXC_KM:
		allowed = kvmexc_match_km(&s, set, aset);
		break;
	case KVMEXC_EXC_UM:
		allowed = kvmexc_match_um(&s, set, aset);
		break;
	case KVMEXC_EXC_KUM:
		allowed = kvmexc_match_kum(&s, set, aset);
		break;
	default:
		d->action = KVMEXC_ACTION_DENY;
		d->reason = KVMEXC_REASON_INTERNAL_ERROR;
		return;
	}
	if (allowed)
		return;
	if (s.near_stage) {
		*d = s.near;
		return;
	}
	d->action = KVMEXC_ACTION_DENY;
	d->reason = KVMEXC_REASON_NO_EXCEPTION;
}

const char *kvmexc_action_name(u8 action)
{
	return action == KVMEXC_ACTION_ALLOW ? "allow" : "deny";
}

const char *kvmexc_reason_name(u8 reason)
{
	static const char *const names[] = {
		[KVMEXC_REASON_ALLOWED] = "allowed",
		[KVMEXC_REASON_ALLOWED_FEEDBACK] = "allowed-feedback",
		[KVMEXC_REASON_CODEBLOCKS_NOT_MATCHED] = "codeblocks-not-matched",
		[KVMEXC_REASON_NO_EXCEPTION] = "no-exception",
		[KVMEXC_REASON_EXTRA_CHECKS_FAILED] = "extra-checks-failed",
		[KVMEXC_REASON_NOT_LOADED] = "not-loaded",
		[KVMEXC_REASON_INTERNAL_ERROR] = "internal-error",
		[KVMEXC_REASON_VALUE_CODE_NOT_MATCHED] = "value-code-not-matched",
		[KVMEXC_REASON_VALUE_NOT_MATCHED] = "value-not-matched",
		[KVMEXC_REASON_EXPORT_NOT_MATCHED] = "export-not-matched",
		[KVMEXC_REASON_IDT_NOT_MATCHED] = "idt-not-matched",
		[KVMEXC_REASON_VERSION_OS_NOT_MATCHED] = "version-os-not-matched",
		[KVMEXC_REASON_VERSION_INTRO_NOT_MATCHED] = "version-intro-not-matched",
		[KVMEXC_REASON_PROCESS_CREATION_NOT_MATCHED] = "process-creation-not-matched",
		[KVMEXC_REASON_SAME_VALUE] = "same-value",
	};

	return reason < ARRAY_SIZE(names) && names[reason] ? names[reason] : "unknown";
}
