// SPDX-License-Identifier: GPL-2.0
/*
 * Matching without signatures: object types, flags, predefined names and
 * candidate order of kernel, user and kernel-user exceptions.
 */
#include "match_helpers.h"

#include "kselftest_harness.h"

/* Kernel object types: a violation each type matches, and one it must not. */
struct km_object_case {
	u8 type;
	u32 extra_flags;
	u32 zone, object;
	u64 zone_flags;
	u32 bad_zone, bad_object;
	u64 bad_zone_flags;
};

#define EPT KVMEXC_ZONE_EPT
#define WR KVMEXC_ZF_WRITE
static const struct km_object_case km_objects[] = {
	{ KVMEXC_KM_OBJ_ANY, 0, EPT, KVMEXC_OBJ_SSDT, WR, EPT, KVMEXC_OBJ_SSDT, KVMEXC_ZF_READ },
	{ KVMEXC_KM_OBJ_DRIVER, 0, EPT, KVMEXC_OBJ_KM_MODULE, WR, EPT, KVMEXC_OBJ_SSDT, WR },
	{ KVMEXC_KM_OBJ_DRIVER_IMPORTS, 0, EPT, KVMEXC_OBJ_KM_MODULE, WR | KVMEXC_ZF_LIB_IMPORTS,
	  EPT, KVMEXC_OBJ_KM_MODULE, WR | KVMEXC_ZF_LIB_EXPORTS },
	{ KVMEXC_KM_OBJ_DRIVER_CODE, 0, EPT, KVMEXC_OBJ_VDSO, WR, EPT, KVMEXC_OBJ_KM_MODULE,
	  WR | KVMEXC_ZF_LIB_DATA },
	{ KVMEXC_KM_OBJ_DRIVER_DATA, 0, EPT, KVMEXC_OBJ_KM_MODULE, WR | KVMEXC_ZF_LIB_DATA,
	  EPT, KVMEXC_OBJ_KM_MODULE, WR | KVMEXC_ZF_LIB_CODE },
	{ KVMEXC_KM_OBJ_DRIVER_RESOURCES, 0, EPT, KVMEXC_OBJ_KM_MODULE,
	  WR | KVMEXC_ZF_LIB_RESOURCES, EPT, KVMEXC_OBJ_KM_MODULE, WR },
	{ KVMEXC_KM_OBJ_SSDT, 0, EPT, KVMEXC_OBJ_SSDT, WR, EPT, KVMEXC_OBJ_KM_MODULE, WR },
	{ KVMEXC_KM_OBJ_DRVOBJ, 0, KVMEXC_ZONE_INTEGRITY, KVMEXC_OBJ_DRIVER_OBJECT, WR,
	  EPT, KVMEXC_OBJ_FAST_IO, WR },
	{ KVMEXC_KM_OBJ_FASTIO, 0, EPT, KVMEXC_OBJ_FAST_IO, WR, EPT, KVMEXC_OBJ_DRIVER_OBJECT, WR },
	{ KVMEXC_KM_OBJ_MSR, 0, KVMEXC_ZONE_MSR, 0, WR, KVMEXC_ZONE_CR, 0, WR },
	{ KVMEXC_KM_OBJ_CR4, KVMEXC_FLAG_KM_SMEP | KVMEXC_FLAG_KM_SMAP, KVMEXC_ZONE_CR, 0, WR,
	  KVMEXC_ZONE_MSR, 0, WR },
	{ KVMEXC_KM_OBJ_HAL_HEAP, 0, EPT, KVMEXC_OBJ_HAL_HEAP, WR,
	  KVMEXC_ZONE_INTEGRITY, KVMEXC_OBJ_HAL_HEAP, WR },
	{ KVMEXC_KM_OBJ_SELFMAP, 0, EPT, KVMEXC_OBJ_SELFMAP, WR,
	  KVMEXC_ZONE_INTEGRITY, KVMEXC_OBJ_SELFMAP, WR },
	{ KVMEXC_KM_OBJ_IDT, 0, KVMEXC_ZONE_INTEGRITY, KVMEXC_OBJ_IDT, WR,
	  KVMEXC_ZONE_DTR, KVMEXC_OBJ_IDT, WR },
	{ KVMEXC_KM_OBJ_IDT_REG, 0, KVMEXC_ZONE_DTR, KVMEXC_OBJ_IDTR, WR,
	  KVMEXC_ZONE_DTR, KVMEXC_OBJ_GDTR, WR },
	{ KVMEXC_KM_OBJ_GDT_REG, 0, KVMEXC_ZONE_DTR, KVMEXC_OBJ_GDTR, WR,
	  KVMEXC_ZONE_DTR, KVMEXC_OBJ_IDTR, WR },
	{ KVMEXC_KM_OBJ_INFINITY_HOOK, 0, EPT, KVMEXC_OBJ_LOGGER_CONTEXT, WR,
	  EPT, KVMEXC_OBJ_HAL_PERF_COUNTER, WR },
	{ KVMEXC_KM_OBJ_DRIVER_EXPORTS, 0, EPT, KVMEXC_OBJ_KM_MODULE, WR | KVMEXC_ZF_LIB_EXPORTS,
	  EPT, KVMEXC_OBJ_KM_MODULE, WR | KVMEXC_ZF_LIB_IMPORTS },
	{ KVMEXC_KM_OBJ_TOKEN_PRIVS, 0, KVMEXC_ZONE_INTEGRITY, KVMEXC_OBJ_TOKEN_PRIVS, WR,
	  KVMEXC_ZONE_INTEGRITY, KVMEXC_OBJ_ACL, WR },
	{ KVMEXC_KM_OBJ_SUD_EXEC, 0, EPT, KVMEXC_OBJ_SUD_EXEC, WR,
	  KVMEXC_ZONE_INTEGRITY, KVMEXC_OBJ_SUD_EXEC, WR },
	{ KVMEXC_KM_OBJ_HAL_PERF_COUNTER, 0, KVMEXC_ZONE_INTEGRITY, KVMEXC_OBJ_HAL_PERF_COUNTER, WR,
	  EPT, KVMEXC_OBJ_HAL_HEAP, WR },
	{ KVMEXC_KM_OBJ_SECURITY_DESCRIPTOR, 0, KVMEXC_ZONE_INTEGRITY,
	  KVMEXC_OBJ_SECURITY_DESCRIPTOR, WR, KVMEXC_ZONE_INTEGRITY, KVMEXC_OBJ_ACL, WR },
	{ KVMEXC_KM_OBJ_ACL_EDIT, 0, KVMEXC_ZONE_INTEGRITY, KVMEXC_OBJ_ACL, WR,
	  KVMEXC_ZONE_INTEGRITY, KVMEXC_OBJ_SECURITY_DESCRIPTOR, WR },
	{ KVMEXC_KM_OBJ_SUD_MODIFICATION, 0, KVMEXC_ZONE_INTEGRITY, KVMEXC_OBJ_SUD_INTEGRITY, WR,
	  EPT, KVMEXC_OBJ_SUD_EXEC, WR },
	{ KVMEXC_KM_OBJ_INTERRUPT_OBJ, 0, KVMEXC_ZONE_INTEGRITY, KVMEXC_OBJ_INTERRUPT_OBJECT, WR,
	  KVMEXC_ZONE_INTEGRITY, KVMEXC_OBJ_IDT, WR },
	{ KVMEXC_KM_OBJ_NONE, 0, EPT, KVMEXC_OBJ_NONE, WR, EPT, KVMEXC_OBJ_KM_MODULE, WR },
};

TEST(km_object_types)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(km_objects); i++) {
		const struct km_object_case *c = &km_objects[i];
		struct kvmexc_set *set = one_exc(KVMEXC_REC_KERNEL, O_HASH, 0, 0,
						 W64 | c->extra_flags, c->type);
		struct kvmexc_violation v;
		struct kvmexc_decision d;

		ASSERT_NE(NULL, set);
		km_violation(&v);
		v.zone = c->zone;
		v.object = c->object;
		v.zone_flags = c->zone_flags;
		d = decide(set, &v);
		EXPECT_EQ(c->type == KVMEXC_KM_OBJ_NONE ? KVMEXC_ACTION_DENY : KVMEXC_ACTION_ALLOW,
			  d.action) TH_LOG("object type %u", c->type);
		v.zone = c->bad_zone;
		v.object = c->bad_object;
		v.zone_flags = c->bad_zone_flags;
		d = decide(set, &v);
		EXPECT_EQ(KVMEXC_ACTION_DENY, d.action) TH_LOG("object type %u, bad case", c->type);
		EXPECT_EQ(KVMEXC_REASON_NO_EXCEPTION, d.reason);
		kvmexc_set_free(set);
	}
}

struct um_object_case {
	u8 type;
	u32 zone, object;
	u64 zone_flags;
	u32 vflags;
	u32 bad_zone, bad_object;
	u64 bad_zone_flags;
};

#define INJ KVMEXC_ZONE_PROCESS
#define PCZ KVMEXC_ZONE_PROCESS_CREATION
static const struct um_object_case um_objects[] = {
	{ KVMEXC_UM_OBJ_ANY, EPT, KVMEXC_OBJ_UM_MODULE, WR, 0, EPT, 0, KVMEXC_ZF_EXEC },
	{ KVMEXC_UM_OBJ_PROCESS, INJ, 0, WR | KVMEXC_ZF_MODULE_LOAD, 0,
	  INJ, 0, WR | KVMEXC_ZF_THREAD_CONTEXT },
	{ KVMEXC_UM_OBJ_MODULE, EPT, KVMEXC_OBJ_UM_MODULE, WR, 0, EPT, KVMEXC_OBJ_UM_NX_ZONE, WR },
	{ KVMEXC_UM_OBJ_MODULE_IMPORTS, EPT, KVMEXC_OBJ_UM_MODULE, WR | KVMEXC_ZF_LIB_IMPORTS, 0,
	  EPT, KVMEXC_OBJ_UM_MODULE, WR },
	{ KVMEXC_UM_OBJ_NX_ZONE, EPT, KVMEXC_OBJ_UM_NX_ZONE, WR, 0, EPT, KVMEXC_OBJ_UM_MODULE, WR },
	{ KVMEXC_UM_OBJ_MODULE_EXPORTS, EPT, KVMEXC_OBJ_UM_MODULE, WR | KVMEXC_ZF_LIB_EXPORTS, 0,
	  EPT, KVMEXC_OBJ_UM_MODULE, WR | KVMEXC_ZF_LIB_IMPORTS },
	{ KVMEXC_UM_OBJ_THREAD_CONTEXT, INJ, 0, WR | KVMEXC_ZF_THREAD_CONTEXT, 0,
	  INJ, 0, WR | KVMEXC_ZF_THREAD_APC },
	{ KVMEXC_UM_OBJ_PEB32, INJ, 0, WR, KVMEXC_V_IN_PEB32, INJ, 0, WR },
	{ KVMEXC_UM_OBJ_PEB64, INJ, 0, WR, KVMEXC_V_IN_PEB64, EPT, 0, WR },
	{ KVMEXC_UM_OBJ_APC_THREAD, INJ, 0, WR | KVMEXC_ZF_THREAD_APC, 0,
	  EPT, 0, WR | KVMEXC_ZF_THREAD_APC },
	{ KVMEXC_UM_OBJ_PROCESS_CREATION, PCZ, KVMEXC_OBJ_PROCESS_CREATION, WR, 0,
	  PCZ, KVMEXC_OBJ_PROCESS_CREATION_DPI, WR },
	{ KVMEXC_UM_OBJ_DOUBLE_AGENT, INJ, 0, WR | KVMEXC_ZF_MODULE_LOAD, 0, INJ, 0, WR },
	{ KVMEXC_UM_OBJ_PROCESS_CREATION_DPI, PCZ, KVMEXC_OBJ_PROCESS_CREATION_DPI, WR, 0,
	  PCZ, KVMEXC_OBJ_PROCESS_CREATION, WR },
	{ KVMEXC_UM_OBJ_SUD_EXEC, EPT, KVMEXC_OBJ_SUD_EXEC, WR, 0, EPT, KVMEXC_OBJ_UM_MODULE, WR },
	{ KVMEXC_UM_OBJ_INSTRUMENTATION_CALLBACK, INJ, 0, WR | KVMEXC_ZF_INSTRUMENTATION, 0,
	  INJ, 0, WR },
	{ KVMEXC_UM_OBJ_NONE, EPT, 0, WR, 0, EPT, KVMEXC_OBJ_UM_MODULE, WR },
};

/* One user exception of @rec_type (a glob one names the violation's module). */
static struct kvmexc_set *um_exc(u8 rec_type, u32 flags, u8 object)
{
	struct rec_buf b;

	if (rec_type != KVMEXC_REC_USER_GLOB)
		return one_exc(rec_type, O_HASH, 0, 0, flags, object);
	rb_init(&b);
	rb_glob(&b, "ORIGIN.DLL", "*", "*", flags, object, 0, NULL);
	return build(&b);
}

static void um_object_check(struct __test_metadata *_metadata, u8 rec_type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(um_objects); i++) {
		const struct um_object_case *c = &um_objects[i];
		struct kvmexc_set *set = um_exc(rec_type, W64, c->type);
		struct kvmexc_violation v;
		struct kvmexc_decision d;

		ASSERT_NE(NULL, set);
		um_violation(&v);
		v.zone = c->zone;
		v.object = c->object;
		v.zone_flags = c->zone_flags;
		v.flags |= c->vflags;
		d = decide(set, &v);
		EXPECT_EQ(c->type == KVMEXC_UM_OBJ_NONE ? KVMEXC_ACTION_DENY : KVMEXC_ACTION_ALLOW,
			  d.action) TH_LOG("record %u object type %u", rec_type, c->type);
		um_violation(&v);
		v.zone = c->bad_zone;
		v.object = c->bad_object;
		v.zone_flags = c->bad_zone_flags;
		d = decide(set, &v);
		EXPECT_EQ(KVMEXC_ACTION_DENY, d.action) TH_LOG("object type %u, bad case", c->type);
		kvmexc_set_free(set);
	}
}

TEST(um_object_types)
{
	um_object_check(_metadata, KVMEXC_REC_USER);
	um_object_check(_metadata, KVMEXC_REC_USER_APC);
	um_object_check(_metadata, KVMEXC_REC_USER_GLOB);
}

TEST(kum_object_types)
{
	static const struct { u8 type; u64 zf; u32 object; bool allow; } cases[] = {
		{ KVMEXC_KUM_OBJ_ANY, WR, KVMEXC_OBJ_KM_MODULE, true },
		{ KVMEXC_KUM_OBJ_MODULE, WR, KVMEXC_OBJ_UM_MODULE, true },
		{ KVMEXC_KUM_OBJ_MODULE, WR, KVMEXC_OBJ_KM_MODULE, false },
		{ KVMEXC_KUM_OBJ_MODULE_IMPORTS, WR | KVMEXC_ZF_LIB_IMPORTS, KVMEXC_OBJ_UM_MODULE, true },
		{ KVMEXC_KUM_OBJ_MODULE_IMPORTS, WR, KVMEXC_OBJ_UM_MODULE, false },
		{ KVMEXC_KUM_OBJ_MODULE_EXPORTS, WR | KVMEXC_ZF_LIB_EXPORTS, KVMEXC_OBJ_UM_MODULE, true },
		{ KVMEXC_KUM_OBJ_MODULE_EXPORTS, WR | KVMEXC_ZF_LIB_IMPORTS, KVMEXC_OBJ_UM_MODULE, false },
		{ KVMEXC_KUM_OBJ_NONE, WR, KVMEXC_OBJ_UM_MODULE, false },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct kvmexc_set *set = one_exc(KVMEXC_REC_KERNEL_USER, O_HASH, 0, 0, W64,
						 cases[i].type);
		struct kvmexc_violation v;

		ASSERT_NE(NULL, set);
		kum_violation(&v);
		v.zone_flags = cases[i].zf;
		v.object = cases[i].object;
		EXPECT_EQ(cases[i].allow ? KVMEXC_ACTION_ALLOW : KVMEXC_ACTION_DENY,
			  decide(set, &v).action) TH_LOG("case %zu", i);
		kvmexc_set_free(set);
	}
}

/* Kernel flags: the exception's extra flags, a fact of the violation, the result. */
struct flag_case {
	const char *what;
	u32 eflags;		/* besides 64 and write */
	u32 set_v, clear_v;	/* violation flags to add / remove */
	u32 zone;		/* 0: keep */
	u64 zone_flags;		/* 0: keep */
	u8 old0;		/* first old byte */
	u32 o;			/* 0: keep */
	bool allow;
};

static const struct flag_case km_flag_cases[] = {
	{ "read access vs write", KVMEXC_FLAG_READ, 0, 0, 0, KVMEXC_ZF_WRITE, 1, 0, false },
	{ "read access vs read", KVMEXC_FLAG_READ, 0, 0, 0, KVMEXC_ZF_READ, 1, 0, true },
	{ "read only vs write", 0, 0, 0, 0, KVMEXC_ZF_READ, 1, 0, false },
	{ "exec", KVMEXC_FLAG_EXEC, 0, 0, 0, KVMEXC_ZF_EXEC, 1, 0, true },
	{ "integrity on ept", KVMEXC_FLAG_KM_INTEGRITY, 0, 0, 0, 0, 1, 0, false },
	{ "integrity on integrity", KVMEXC_FLAG_KM_INTEGRITY, 0, 0, KVMEXC_ZONE_INTEGRITY, 0, 1, 0, true },
	{ "non-driver, driver", KVMEXC_FLAG_KM_NON_DRIVER, 0, 0, 0, 0, 1, 0, false },
	{ "non-driver, no driver", KVMEXC_FLAG_KM_NON_DRIVER, 0, KVMEXC_V_ORIG_DRIVER, 0, 0, 1,
	  KVMEXC_NAME_NO_NAME, true },
	{ "init, old zero", KVMEXC_FLAG_INIT, 0, 0, 0, 0, 0, 0, true },
	{ "init, old nonzero", KVMEXC_FLAG_INIT, 0, 0, 0, 0, 1, 0, false },
	{ "init, entry point", KVMEXC_FLAG_INIT, KVMEXC_V_ENTRY_POINT, 0, 0, 0, 1, 0, true },
	{ "init, kernel INIT section", KVMEXC_FLAG_INIT, KVMEXC_V_ORIG_INIT_SECTION, 0, 0, 0, 1,
	  KVMEXC_NAME_KERNEL, true },
	{ "init, kernel not INIT", KVMEXC_FLAG_INIT, KVMEXC_V_ENTRY_POINT, 0, 0, 0, 0,
	  KVMEXC_NAME_KERNEL, false },
	{ "linux exception on windows", KVMEXC_FLAG_LINUX, 0, 0, 0, 0, 1, 0, false },
};

TEST(km_flags)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(km_flag_cases); i++) {
		const struct flag_case *c = &km_flag_cases[i];
		u32 orig = c->o ? c->o : O_HASH;
		u32 eflags = KVMEXC_FLAG_64 | c->eflags;
		struct kvmexc_set *set;
		struct kvmexc_violation v;

		if (!(eflags & KVMEXC_FLAG_ACCESS))
			eflags |= KVMEXC_FLAG_WRITE;
		set = one_exc(KVMEXC_REC_KERNEL, orig, 0, 0, eflags, KVMEXC_KM_OBJ_ANY);
		ASSERT_NE(NULL, set);
		km_violation(&v);
		/* "-" exceptions are for code outside drivers: the runtime NONAME */
		v.originator = orig == KVMEXC_NAME_NO_NAME ? KVMEXC_NAME_EMPTY : orig;
		v.flags = (v.flags | c->set_v) & ~c->clear_v;
		if (c->zone)
			v.zone = c->zone;
		if (c->zone_flags)
			v.zone_flags = c->zone_flags;
		v.old_value[0] = c->old0;
		EXPECT_EQ(c->allow ? KVMEXC_ACTION_ALLOW : KVMEXC_ACTION_DENY, decide(set, &v).action)
			TH_LOG("%s", c->what);
		kvmexc_set_free(set);
	}
}

TEST(km_arch)
{
	static const struct { u32 f; bool g64, allow; } cases[] = {
		{ KVMEXC_FLAG_64, true, true }, { KVMEXC_FLAG_64, false, false },
		{ KVMEXC_FLAG_32, false, true }, { KVMEXC_FLAG_32, true, false },
		{ KVMEXC_FLAG_32 | KVMEXC_FLAG_64, false, true }, { 0, true, false },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct kvmexc_set *set = one_exc(KVMEXC_REC_KERNEL, O_HASH, 0, 0,
						 cases[i].f | KVMEXC_FLAG_WRITE, KVMEXC_KM_OBJ_ANY);
		struct kvmexc_violation v;

		km_violation(&v);
		if (!cases[i].g64)
			v.flags &= ~KVMEXC_V_GUEST64;
		EXPECT_EQ(cases[i].allow ? KVMEXC_ACTION_ALLOW : KVMEXC_ACTION_DENY,
			  decide(set, &v).action) TH_LOG("case %zu", i);
		kvmexc_set_free(set);
	}
}

TEST(km_cr4)
{
	static const struct { u32 f, v; bool allow; } cases[] = {
		{ KVMEXC_FLAG_KM_SMAP | KVMEXC_FLAG_KM_SMEP, 0, true },
		{ KVMEXC_FLAG_KM_SMAP, KVMEXC_V_SMAP_CLEARED, true },
		{ KVMEXC_FLAG_KM_SMAP, KVMEXC_V_SMEP_CLEARED, false },
		{ KVMEXC_FLAG_KM_SMEP, KVMEXC_V_SMEP_CLEARED, true },
		{ KVMEXC_FLAG_KM_SMEP, KVMEXC_V_SMAP_CLEARED, false },
		{ 0, KVMEXC_V_SMAP_CLEARED | KVMEXC_V_SMEP_CLEARED, false },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct kvmexc_set *set = one_exc(KVMEXC_REC_KERNEL, O_HASH, 0, 0, W64 | cases[i].f,
						 KVMEXC_KM_OBJ_CR4);
		struct kvmexc_violation v;

		km_violation(&v);
		v.zone = KVMEXC_ZONE_CR;
		v.object = 0;
		v.flags |= cases[i].v;
		EXPECT_EQ(cases[i].allow ? KVMEXC_ACTION_ALLOW : KVMEXC_ACTION_DENY,
			  decide(set, &v).action) TH_LOG("case %zu", i);
		kvmexc_set_free(set);
	}
}

TEST(km_predefined_names)
{
	struct kvmexc_violation v;
	struct kvmexc_set *set;

	/* "*" originator: any driver, never code outside drivers */
	set = one_exc(KVMEXC_REC_KERNEL, KVMEXC_NAME_ANY, 0, 0, W64, KVMEXC_KM_OBJ_ANY);
	km_violation(&v);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	v.originator = KVMEXC_NAME_EMPTY;
	v.flags &= ~KVMEXC_V_ORIG_DRIVER;
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	kvmexc_set_free(set);

	/* "-": only code outside drivers */
	set = one_exc(KVMEXC_REC_KERNEL, KVMEXC_NAME_NO_NAME, 0, 0, W64, KVMEXC_KM_OBJ_ANY);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	km_violation(&v);
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	kvmexc_set_free(set);

	/* "[kernel]" originator and "[hal]" victim: by equality */
	set = one_exc(KVMEXC_REC_KERNEL, KVMEXC_NAME_KERNEL, KVMEXC_NAME_HAL, 0, W64,
		      KVMEXC_KM_OBJ_ANY);
	km_violation(&v);
	v.originator = KVMEXC_NAME_KERNEL;
	v.victim = KVMEXC_NAME_HAL;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	v.victim = V_HASH;
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	kvmexc_set_free(set);

	/* "[own]" victim: the original driver's own image, or the return driver's */
	set = one_exc(KVMEXC_REC_KERNEL, O_HASH, KVMEXC_NAME_OWN, 0, W64, KVMEXC_KM_OBJ_ANY);
	km_violation(&v);
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	v.flags |= KVMEXC_V_OWN_RET;
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	v.flags |= KVMEXC_V_OWN_ORIG;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	kvmexc_set_free(set);

	set = one_exc(KVMEXC_REC_KERNEL, O_HASH, KVMEXC_NAME_OWN, 0,
		      W64 | KVMEXC_FLAG_RETURN | KVMEXC_FLAG_KM_RETURN_DRV, KVMEXC_KM_OBJ_ANY);
	km_violation(&v);
	v.flags |= KVMEXC_V_OWN_ORIG;
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	v.flags |= KVMEXC_V_OWN_RET;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	kvmexc_set_free(set);
}

TEST(km_return_driver)
{
	struct kvmexc_violation v;
	struct kvmexc_set *set;

	/* "return" (0x10|0x200) keyed by R: matches the return driver... */
	set = one_exc(KVMEXC_REC_KERNEL, R_HASH, 0, 0,
		      W64 | KVMEXC_FLAG_RETURN | KVMEXC_FLAG_KM_RETURN_DRV, KVMEXC_KM_OBJ_ANY);
	km_violation(&v);
	v.return_originator = R_HASH;
	v.ret.rip = v.orig.rip + 0x100;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	/* ...and the original driver only when both RIPs are the same */
	v.originator = R_HASH;
	v.return_originator = 0x77777777;
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	v.ret.rip = v.orig.rip;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	kvmexc_set_free(set);

	/* a plain exception never matches by the return driver */
	set = one_exc(KVMEXC_REC_KERNEL, R_HASH, 0, 0, W64, KVMEXC_KM_OBJ_ANY);
	km_violation(&v);
	v.return_originator = R_HASH;
	v.ret.rip = v.orig.rip + 0x100;
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	kvmexc_set_free(set);
}

TEST(feedback)
{
	struct kvmexc_violation v;
	struct kvmexc_decision d;
	struct kvmexc_set *set;

	set = one_exc(KVMEXC_REC_KERNEL, O_HASH, 0, 0, W64 | KVMEXC_FLAG_FEEDBACK,
		      KVMEXC_KM_OBJ_ANY);
	km_violation(&v);
	d = decide(set, &v);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, d.action);
	EXPECT_EQ(KVMEXC_REASON_ALLOWED_FEEDBACK, d.reason);
	kvmexc_set_free(set);

	/* feedback "*" also covers code outside drivers; "return" ones go by R */
	set = one_exc(KVMEXC_REC_USER, KVMEXC_NAME_ANY, 0, 0, W64 | KVMEXC_FLAG_FEEDBACK,
		      KVMEXC_UM_OBJ_ANY);
	um_violation(&v);
	v.originator = KVMEXC_NAME_EMPTY;
	EXPECT_EQ(KVMEXC_REASON_ALLOWED_FEEDBACK, decide(set, &v).reason);
	kvmexc_set_free(set);

	set = one_exc(KVMEXC_REC_USER, R_HASH, 0, 0, W64 | KVMEXC_FLAG_FEEDBACK | KVMEXC_FLAG_RETURN,
		      KVMEXC_UM_OBJ_ANY);
	um_violation(&v);
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	v.return_originator = R_HASH;
	EXPECT_EQ(KVMEXC_REASON_ALLOWED_FEEDBACK, decide(set, &v).reason);
	kvmexc_set_free(set);
}

TEST(not_loaded_and_same_value)
{
	struct kvmexc_violation v;
	struct kvmexc_decision d;
	struct kvmexc_set *set;

	km_violation(&v);
	d = decide(NULL, &v);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, d.action);
	EXPECT_EQ(KVMEXC_REASON_NOT_LOADED, d.reason);
	EXPECT_EQ(NULL, d.exc);

	set = one_exc(KVMEXC_REC_KERNEL, 0x9999, 0, 0, W64, KVMEXC_KM_OBJ_ANY);
	v.new_value[0] = v.old_value[0];
	d = decide(set, &v);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, d.action);
	EXPECT_EQ(KVMEXC_REASON_SAME_VALUE, d.reason);
	v.new_value[7] = 9;	/* inside the access size */
	EXPECT_EQ(KVMEXC_REASON_NO_EXCEPTION, decide(set, &v).reason);
	v.new_value[7] = 0;
	v.new_value[8] = 9;	/* beyond it */
	EXPECT_EQ(KVMEXC_REASON_SAME_VALUE, decide(set, &v).reason);
	/* sizes that are not whole 8-byte words: the tail is compared too */
	memcpy(v.new_value, v.old_value, sizeof(v.new_value));
	v.size = 12;
	v.new_value[10] ^= 1;
	EXPECT_EQ(KVMEXC_REASON_NO_EXCEPTION, decide(set, &v).reason);
	v.new_value[10] ^= 1;
	v.new_value[12] ^= 1;
	EXPECT_EQ(KVMEXC_REASON_SAME_VALUE, decide(set, &v).reason);
	v.size = 3;
	v.new_value[2] ^= 1;
	EXPECT_EQ(KVMEXC_REASON_NO_EXCEPTION, decide(set, &v).reason);
	v.size = 2;
	EXPECT_EQ(KVMEXC_REASON_SAME_VALUE, decide(set, &v).reason);
	v.size = 8;
	v.zone = KVMEXC_ZONE_INTEGRITY;	/* only for EPT writes */
	EXPECT_EQ(KVMEXC_REASON_NO_EXCEPTION, decide(set, &v).reason);
	kvmexc_set_free(set);
}

TEST(linux_filter_per_guest)
{
	struct rec_buf b;
	struct kvmexc_set *set;
	struct kvmexc_violation v;
	struct kvmexc_decision d;

	rb_init(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL, O_HASH, V_HASH, 0, W64 | KVMEXC_FLAG_LINUX,
	       KVMEXC_KM_OBJ_ANY, 0, NULL);
	rb_exc(&b, KVMEXC_REC_KERNEL, O_HASH, 0, 0, W64 | KVMEXC_FLAG_READ, KVMEXC_KM_OBJ_SSDT,
	       0, NULL);
	set = build(&b);
	ASSERT_NE(NULL, set);
	km_violation(&v);
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);	/* Windows guest */
	v.os = KVMEXC_OS_LINUX;
	d = decide(set, &v);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, d.action);
	EXPECT_EQ(0u, d.record);
	v.object = KVMEXC_OBJ_SSDT;
	v.os = KVMEXC_OS_WINDOWS;
	d = decide(set, &v);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, d.action);
	EXPECT_EQ(1u, d.record);
	kvmexc_set_free(set);
}

TEST(ignored_and_default_access)
{
	struct kvmexc_violation v;
	struct kvmexc_set *set;

	set = one_exc(KVMEXC_REC_KERNEL, O_HASH, 0, 0, W64 | KVMEXC_FLAG_IGNORE, KVMEXC_KM_OBJ_ANY);
	km_violation(&v);
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	kvmexc_set_free(set);

	/* no access bit: kernel, kernel-user and user default to write... */
	set = one_exc(KVMEXC_REC_KERNEL_USER, O_HASH, 0, 0, KVMEXC_FLAG_64, KVMEXC_KUM_OBJ_ANY);
	kum_violation(&v);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	kvmexc_set_free(set);
	/* ...nx_zone to exec */
	set = one_exc(KVMEXC_REC_USER, KVMEXC_NAME_NO_NAME, 0, 0, KVMEXC_FLAG_64,
		      KVMEXC_UM_OBJ_NX_ZONE);
	um_violation(&v);
	v.originator = KVMEXC_NAME_EMPTY;
	v.object = KVMEXC_OBJ_UM_NX_ZONE;
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	v.zone_flags = KVMEXC_ZF_EXEC;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	kvmexc_set_free(set);
}

TEST(um_names_and_process)
{
	struct kvmexc_violation v;
	struct kvmexc_set *set;

	set = one_exc(KVMEXC_REC_USER, O_HASH, V_HASH, P_HASH, W64, KVMEXC_UM_OBJ_MODULE);
	um_violation(&v);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	v.process = 0x1234;
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	um_violation(&v);
	v.victim = 0x1234;
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	kvmexc_set_free(set);

	/* user "[own]" victim never matches (not implemented by the format) */
	set = one_exc(KVMEXC_REC_USER, O_HASH, KVMEXC_NAME_OWN, 0, W64, KVMEXC_UM_OBJ_ANY);
	um_violation(&v);
	v.flags |= KVMEXC_V_OWN_ORIG;
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	kvmexc_set_free(set);

	/* "[vdso]" victim by equality */
	set = one_exc(KVMEXC_REC_USER, KVMEXC_NAME_ANY, KVMEXC_NAME_VDSO, 0,
		      W64 | KVMEXC_FLAG_LINUX, KVMEXC_UM_OBJ_ANY);
	um_violation(&v);
	v.os = KVMEXC_OS_LINUX;
	v.victim = KVMEXC_NAME_VDSO;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	kvmexc_set_free(set);
}

TEST(um_flags)
{
	static const struct {
		const char *what;
		u32 ef, vset;
		u32 zone, object;
		u8 os;
		bool wow, g32, allow;
	} cases[] = {
		{ "child ok", KVMEXC_FLAG_UM_CHILD, KVMEXC_V_CHILD, INJ, 0, 0, 0, 0, true },
		{ "child missing", KVMEXC_FLAG_UM_CHILD, 0, INJ, 0, 0, 0, 0, false },
		{ "child ignored on ept", KVMEXC_FLAG_UM_CHILD, 0, EPT, KVMEXC_OBJ_UM_MODULE, 0, 0, 0, true },
		{ "system process (originator)", KVMEXC_FLAG_UM_SYSTEM_PROCESS, KVMEXC_V_ORIG_SYSTEM,
		  INJ, 0, 0, 0, 0, true },
		{ "system process, victim only", KVMEXC_FLAG_UM_SYSTEM_PROCESS, KVMEXC_V_VICTIM_SYSTEM,
		  INJ, 0, 0, 0, 0, false },
		{ "system process on linux", KVMEXC_FLAG_UM_SYSTEM_PROCESS | KVMEXC_FLAG_LINUX, 0,
		  INJ, 0, KVMEXC_OS_LINUX, 0, 0, true },
		{ "like-apphelp", KVMEXC_FLAG_UM_LIKE_APPHELP, KVMEXC_V_APPHELP, INJ, 0, 0, 0, 0, true },
		{ "like-apphelp missing", KVMEXC_FLAG_UM_LIKE_APPHELP, 0, INJ, 0, 0, 0, 0, false },
		{ "one-time spent", KVMEXC_FLAG_UM_ONE_TIME, KVMEXC_V_ONE_TIME_USED, INJ, 0, 0, 0, 0, false },
		{ "init heuristic passed", KVMEXC_FLAG_INIT, KVMEXC_V_INIT_OK, INJ, 0, 0, 0, 0, true },
		{ "64 on wow64", 0, 0, INJ, 0, 0, true, 0, false },
		{ "64 on linux 32", KVMEXC_FLAG_LINUX, 0, INJ, 0, KVMEXC_OS_LINUX, 0, true, false },
	};
	size_t i;

	for (i = 0; i < 2 * ARRAY_SIZE(cases); i++) {
		u8 type = i % 2 ? KVMEXC_REC_USER_GLOB : KVMEXC_REC_USER;
		struct kvmexc_set *set;
		struct kvmexc_violation v;

		set = um_exc(type, W64 | cases[i / 2].ef, KVMEXC_UM_OBJ_ANY);
		um_violation(&v);
		v.flags |= cases[i / 2].vset | (cases[i / 2].wow ? KVMEXC_V_ORIG_WOW64 : 0);
		if (cases[i / 2].g32)
			v.flags &= ~KVMEXC_V_GUEST64;
		v.zone = cases[i / 2].zone;
		v.object = cases[i / 2].object;
		v.os = cases[i / 2].os;
		if (v.os == KVMEXC_OS_LINUX)
			v.process_name = "/usr/bin/proc";
		EXPECT_EQ(cases[i / 2].allow ? KVMEXC_ACTION_ALLOW : KVMEXC_ACTION_DENY,
			  decide(set, &v).action) TH_LOG("%s (record %u)", cases[i / 2].what, type);
		kvmexc_set_free(set);
	}
}

TEST(um_init_extra_check_and_one_time)
{
	struct kvmexc_violation v;
	struct kvmexc_decision d;
	struct kvmexc_set *set;

	set = one_exc(KVMEXC_REC_USER, O_HASH, 0, 0, W64 | KVMEXC_FLAG_INIT | KVMEXC_FLAG_UM_ONE_TIME,
		      KVMEXC_UM_OBJ_PROCESS);
	um_violation(&v);
	v.zone = INJ;
	v.object = 0;
	d = decide(set, &v);
	EXPECT_EQ(KVMEXC_ACTION_DENY, d.action);
	EXPECT_EQ(KVMEXC_REASON_EXTRA_CHECKS_FAILED, d.reason);
	ASSERT_NE(NULL, d.exc);
	EXPECT_EQ(0u, d.exc->record);
	EXPECT_FALSE(d.one_time);	/* not consumed by a failure */
	v.flags |= KVMEXC_V_INIT_OK;
	d = decide(set, &v);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, d.action);
	EXPECT_TRUE(d.one_time);
	EXPECT_EQ(1u, kvmexc_set_hits(set, d.exc));
	kvmexc_set_free(set);
}

TEST(um_process_creation_lists)
{
	struct kvmexc_violation v;
	struct kvmexc_set *set;

	set = one_exc(KVMEXC_REC_USER, O_HASH, 0, 0, KVMEXC_FLAG_64 | KVMEXC_FLAG_EXEC,
		      KVMEXC_UM_OBJ_PROCESS_CREATION);
	um_violation(&v);
	v.zone = PCZ;
	v.object = KVMEXC_OBJ_PROCESS_CREATION;
	v.zone_flags = KVMEXC_ZF_EXEC;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	v.object = KVMEXC_OBJ_PROCESS_CREATION_DPI;
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	kvmexc_set_free(set);

	set = one_exc(KVMEXC_REC_USER, KVMEXC_NAME_ANY, 0, 0,
		      KVMEXC_FLAG_64 | KVMEXC_FLAG_EXEC | KVMEXC_FLAG_FEEDBACK,
		      KVMEXC_UM_OBJ_PROCESS_CREATION);
	v.object = KVMEXC_OBJ_PROCESS_CREATION;
	EXPECT_EQ(KVMEXC_REASON_ALLOWED_FEEDBACK, decide(set, &v).reason);
	kvmexc_set_free(set);
}

TEST(kum_injections)
{
	static const struct { u32 ef, vf, key; bool allow; } cases[] = {
		{ 0, 0, O_HASH, true },
		{ 0, KVMEXC_V_USER_INJECTION, P_HASH, false },
		{ KVMEXC_FLAG_KUM_USER, KVMEXC_V_USER_INJECTION, P_HASH, true },
		{ KVMEXC_FLAG_KUM_USER, KVMEXC_V_USER_INJECTION, O_HASH, false },
		{ KVMEXC_FLAG_KUM_USER, KVMEXC_V_KERNEL_INJECTION, R_HASH, false },
		{ KVMEXC_FLAG_KUM_KERNEL, KVMEXC_V_KERNEL_INJECTION, R_HASH, true },
		{ KVMEXC_FLAG_KUM_KERNEL, KVMEXC_V_USER_INJECTION, P_HASH, false },
		{ KVMEXC_FLAG_KUM_KERNEL, 0, O_HASH, false },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct kvmexc_set *set = one_exc(KVMEXC_REC_KERNEL_USER, cases[i].key, 0, 0,
						 W64 | cases[i].ef, KVMEXC_KUM_OBJ_ANY);
		struct kvmexc_violation v;

		kum_violation(&v);
		v.return_originator = R_HASH;
		v.ret.rip = v.orig.rip + 8;
		v.flags |= cases[i].vf;
		EXPECT_EQ(cases[i].allow ? KVMEXC_ACTION_ALLOW : KVMEXC_ACTION_DENY,
			  decide(set, &v).action) TH_LOG("case %zu", i);
		kvmexc_set_free(set);
	}
}

TEST(kum_flags)
{
	static const struct { const char *what; u32 ef, vset, vclear; u8 old0; bool allow; } cases[] = {
		{ "plain", 0, 0, 0, 1, true },
		{ "non-driver, driver", KVMEXC_FLAG_KM_NON_DRIVER, 0, 0, 1, false },
		{ "init, old zero", KVMEXC_FLAG_INIT, 0, 0, 0, true },
		{ "init, old nonzero", KVMEXC_FLAG_INIT, 0, 0, 1, false },
		{ "init, entry point", KVMEXC_FLAG_INIT, KVMEXC_V_ENTRY_POINT, 0, 1, true },
		{ "64 on a 32-bit guest", 0, 0, KVMEXC_V_GUEST64, 1, false },
		{ "wow64 is no 32-bit guest", KVMEXC_FLAG_32, KVMEXC_V_ORIG_WOW64, 0, 1, false },
		{ "read only", KVMEXC_FLAG_READ, 0, 0, 1, false },
		{ "linux exception", KVMEXC_FLAG_LINUX, 0, 0, 1, false },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		u32 ef = cases[i].ef & KVMEXC_FLAG_READ ? KVMEXC_FLAG_64 | cases[i].ef :
			 cases[i].ef & KVMEXC_FLAG_32 ? KVMEXC_FLAG_WRITE | cases[i].ef :
			 W64 | cases[i].ef;
		struct kvmexc_set *set = one_exc(KVMEXC_REC_KERNEL_USER, O_HASH, 0, 0, ef,
						 KVMEXC_KUM_OBJ_ANY);
		struct kvmexc_violation v;

		kum_violation(&v);
		v.flags = (v.flags | cases[i].vset) & ~cases[i].vclear;
		v.old_value[0] = cases[i].old0;
		EXPECT_EQ(cases[i].allow ? KVMEXC_ACTION_ALLOW : KVMEXC_ACTION_DENY,
			  decide(set, &v).action) TH_LOG("%s", cases[i].what);
		kvmexc_set_free(set);
	}
}

TEST(kum_process_and_noname)
{
	struct kvmexc_violation v;
	struct kvmexc_set *set;

	set = one_exc(KVMEXC_REC_KERNEL_USER, O_HASH, 0, VP_HASH, W64, KVMEXC_KUM_OBJ_ANY);
	kum_violation(&v);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	v.os = KVMEXC_OS_LINUX;		/* Linux: compared too, with the linux flag */
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	v.os = KVMEXC_OS_WINDOWS;
	v.victim_process = 1234;
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	kvmexc_set_free(set);

	/* kernel-user "-" exceptions match code outside drivers (reference: never) */
	set = one_exc(KVMEXC_REC_KERNEL_USER, KVMEXC_NAME_NO_NAME, 0, 0, W64, KVMEXC_KUM_OBJ_ANY);
	kum_violation(&v);
	v.originator = KVMEXC_NAME_EMPTY;
	v.flags &= ~KVMEXC_V_ORIG_DRIVER;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	kvmexc_set_free(set);
}

TEST(candidate_order_and_near_miss)
{
	u32 vc = KVMEXC_SIG_ID(KVMEXC_SIG_IDT, 1);
	struct kvmexc_violation v;
	struct kvmexc_decision d;
	struct kvmexc_set *set;
	struct rec_buf b;

	/* two candidates for O: the first fails its signature, the second matches */
	rb_init(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL, O_HASH, 0, 0, W64, KVMEXC_KM_OBJ_ANY, 1, &vc);
	rb_exc(&b, KVMEXC_REC_KERNEL, O_HASH, V_HASH, 0, W64, KVMEXC_KM_OBJ_ANY, 0, NULL);
	rb_idt(&b, vc, KVMEXC_SIG_FLAG_64, 3);
	set = build(&b);
	ASSERT_NE(NULL, set);
	km_violation(&v);
	d = decide(set, &v);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, d.action);
	EXPECT_EQ(1u, d.record);
	/* without the second: the signature near miss is reported, with its exception */
	v.victim = 0x999;
	d = decide(set, &v);
	EXPECT_EQ(KVMEXC_ACTION_DENY, d.action);
	EXPECT_EQ(KVMEXC_REASON_IDT_NOT_MATCHED, d.reason);
	EXPECT_EQ(0u, d.record);
	kvmexc_set_free(set);
}

TEST(near_miss_priority)
{
	u32 idt = KVMEXC_SIG_ID(KVMEXC_SIG_IDT, 1);
	struct kvmexc_violation v;
	struct kvmexc_decision d;
	struct kvmexc_set *set;
	struct rec_buf b;
	int order;

	/* a signature failure explains more than an extra-check failure, in any order */
	for (order = 0; order < 2; order++) {
		rb_init(&b);
		if (order)
			rb_exc(&b, KVMEXC_REC_USER, O_HASH, 0, 0, W64 | KVMEXC_FLAG_INIT,
			       KVMEXC_UM_OBJ_PROCESS, 0, NULL);
		rb_exc(&b, KVMEXC_REC_USER, O_HASH, 0, 0, W64, KVMEXC_UM_OBJ_ANY, 1, &idt);
		if (!order)
			rb_exc(&b, KVMEXC_REC_USER, O_HASH, 0, 0, W64 | KVMEXC_FLAG_INIT,
			       KVMEXC_UM_OBJ_PROCESS, 0, NULL);
		rb_idt(&b, idt, KVMEXC_SIG_FLAG_64, 1);
		set = build(&b);
		ASSERT_NE(NULL, set);
		um_violation(&v);
		v.zone = KVMEXC_ZONE_PROCESS;
		v.object = 0;
		d = decide(set, &v);
		EXPECT_EQ(KVMEXC_ACTION_DENY, d.action);
		EXPECT_EQ(KVMEXC_REASON_IDT_NOT_MATCHED, d.reason) TH_LOG("order %d", order);
		EXPECT_EQ((u32)order, d.record);
		kvmexc_set_free(set);
	}
}

TEST(near_miss_error)
{
	u32 idt = KVMEXC_SIG_ID(KVMEXC_SIG_IDT, 1), cb = KVMEXC_SIG_ID(KVMEXC_SIG_CODEBLOCKS, 2);
	u32 h[] = { 0x10 };
	struct kvmexc_violation v;
	struct kvmexc_decision d;
	struct kvmexc_set *set;
	struct rec_buf b;
	int order;

	/* a signature that could not be evaluated explains more than one that failed */
	for (order = 0; order < 2; order++) {
		rb_init(&b);
		rb_exc(&b, KVMEXC_REC_KERNEL, O_HASH, 0, 0, W64, KVMEXC_KM_OBJ_ANY, 1,
		       order ? &cb : &idt);
		rb_exc(&b, KVMEXC_REC_KERNEL, O_HASH, 0, 0, W64, KVMEXC_KM_OBJ_ANY, 1,
		       order ? &idt : &cb);
		rb_idt(&b, idt, KVMEXC_SIG_FLAG_64, 1);
		rb_cb1(&b, cb, KVMEXC_SIG_FLAG_64, 1, 1, h);
		set = build(&b);
		ASSERT_NE(NULL, set);
		km_violation(&v);
		v.orig.error = true;	/* the code could not be read */
		d = decide(set, &v);
		EXPECT_EQ(KVMEXC_ACTION_DENY, d.action);
		EXPECT_EQ(KVMEXC_REASON_INTERNAL_ERROR, d.reason) TH_LOG("order %d", order);
		EXPECT_EQ((u32)!order, d.record);
		kvmexc_set_free(set);
	}
}

TEST(kum_feedback_user_injection)
{
	struct kvmexc_violation v;
	struct kvmexc_set *set;

	/* a "return" feedback exception on a user injection needs the process */
	set = one_exc(KVMEXC_REC_KERNEL_USER, P_HASH, 0, 0,
		      W64 | KVMEXC_FLAG_FEEDBACK | KVMEXC_FLAG_RETURN | KVMEXC_FLAG_KUM_USER,
		      KVMEXC_KUM_OBJ_ANY);
	kum_violation(&v);
	v.flags |= KVMEXC_V_USER_INJECTION;
	v.process = 0x1234;
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	v.process = P_HASH;
	EXPECT_EQ(KVMEXC_REASON_ALLOWED_FEEDBACK, decide(set, &v).reason);
	kvmexc_set_free(set);
}

TEST(many_keys_in_file_order_unsorted)
{
	struct kvmexc_violation v;
	struct kvmexc_decision d;
	struct kvmexc_set *set;
	struct rec_buf b;
	u32 i;

	/* unsorted keys: the index does not rely on the file's order */
	rb_init(&b);
	for (i = 0; i < 1000; i++)
		rb_exc(&b, KVMEXC_REC_KERNEL, (i * 2654435761u) | 0x100, i, 0, W64,
		       KVMEXC_KM_OBJ_ANY, 0, NULL);
	set = build(&b);
	ASSERT_NE(NULL, set);
	km_violation(&v);
	for (i = 0; i < 1000; i += 37) {
		v.originator = (i * 2654435761u) | 0x100;
		v.victim = i;
		d = decide(set, &v);
		EXPECT_EQ(KVMEXC_ACTION_ALLOW, d.action);
		EXPECT_EQ(i, d.record);
	}
	kvmexc_set_free(set);
}

TEST_HARNESS_MAIN
