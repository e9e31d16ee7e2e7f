// SPDX-License-Identifier: GPL-2.0
/*
 * Stage 3: every signature type (a match and a near miss each), the gates
 * (OS, architecture, medium) and the combination rule.
 */
#include "core/crc32.h"
#include "match_helpers.h"

#include "kselftest_harness.h"

#define ID(type, n) KVMEXC_SIG_ID(type, n)
#define F3264 (KVMEXC_SIG_FLAG_32 | KVMEXC_SIG_FLAG_64)

/* A kernel (or user) exception for O naming @n signature ids. */
static void exc_with(struct rec_buf *b, u8 type, u32 flags, int n, const u32 *ids)
{
	rb_init(b);
	rb_exc(b, type, O_HASH, 0, 0, W64 | flags, 1, n, ids);
}

static const u32 blocks[] = { 0x10, 0x20, 0x30, 0x40, 0x50 };

static void with_code(struct kvmexc_violation *v)
{
	static const u8 code[] = { 0x55, 0x48, 0x89, 0xe5, 0x90, 0xc3 };

	v->orig.blocks = blocks;
	v->orig.block_count = ARRAY_SIZE(blocks);
	v->orig.bytes = code;
	v->orig.bytes_len = sizeof(code);
	v->orig.rip_offset = 2;		/* rip at 0x89 */
}

TEST(codeblocks)
{
	u32 id = ID(KVMEXC_SIG_CODEBLOCKS, 1);
	u32 hit[] = { 0x10, 0x30, 0x99 }, miss[] = { 0x11, 0x30, 0x99 };
	struct kvmexc_violation v;
	struct kvmexc_decision d;
	struct kvmexc_set *set;
	struct rec_buf b;

	exc_with(&b, KVMEXC_REC_KERNEL, 0, 1, &id);
	rb_cb1(&b, id, F3264, 2, 3, hit);
	set = build(&b);
	ASSERT_NE(NULL, set);
	km_violation(&v);
	with_code(&v);
	d = decide(set, &v);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, d.action);
	ASSERT_EQ(1u, d.sig_count);
	EXPECT_EQ(id, d.sigs[0]);
	v.orig.rip = 0;			/* no RIP: no evidence (reference: allowed) */
	d = decide(set, &v);
	EXPECT_EQ(KVMEXC_REASON_CODEBLOCKS_NOT_MATCHED, d.reason);
	kvmexc_set_free(set);

	exc_with(&b, KVMEXC_REC_KERNEL, 0, 1, &id);
	rb_cb1(&b, id, F3264, 2, 3, miss);	/* one hit of score 2 */
	set = build(&b);
	km_violation(&v);
	with_code(&v);
	d = decide(set, &v);
	EXPECT_EQ(KVMEXC_ACTION_DENY, d.action);
	EXPECT_EQ(KVMEXC_REASON_CODEBLOCKS_NOT_MATCHED, d.reason);
	kvmexc_set_free(set);
}

TEST(codeblocks_lists_medium_and_return)
{
	u32 id = ID(KVMEXC_SIG_CODEBLOCKS, 1);
	u32 l1[] = { 0x77 }, l2[] = { 0x50, 0x40 };	/* unsorted on purpose */
	struct kvmexc_violation v;
	struct kvmexc_set *set;
	struct rec_buf b;
	size_t at;

	/* any list may satisfy the score; list order does not matter */
	exc_with(&b, KVMEXC_REC_KERNEL, 0, 1, &id);
	at = rb_cb(&b, id, F3264, 2, 2);
	rb_cb_list(&b, 1, l1);
	rb_cb_list(&b, 2, l2);
	rb_end(&b, at);
	set = build(&b);
	km_violation(&v);
	with_code(&v);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	kvmexc_set_free(set);

	/* medium signatures are unusable by kernel exceptions, usable by user ones */
	exc_with(&b, KVMEXC_REC_KERNEL, 0, 1, &id);
	rb_cb1(&b, id, F3264 | KVMEXC_SIG_FLAG_MEDIUM, 1, 1, l2);
	set = build(&b);
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	kvmexc_set_free(set);
	exc_with(&b, KVMEXC_REC_USER, 0, 1, &id);
	rb_cb1(&b, id, F3264 | KVMEXC_SIG_FLAG_MEDIUM, 1, 1, l2);
	set = build(&b);
	um_violation(&v);
	with_code(&v);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	kvmexc_set_free(set);

	/* return-drv exceptions read the code at the return RIP */
	rb_init(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL, R_HASH, 0, 0,
	       W64 | KVMEXC_FLAG_RETURN | KVMEXC_FLAG_KM_RETURN_DRV, 1, 1, &id);
	rb_cb1(&b, id, F3264, 1, 1, l1);
	set = build(&b);
	km_violation(&v);
	with_code(&v);
	v.return_originator = R_HASH;
	v.ret.rip = v.orig.rip + 0x40;
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	v.ret.blocks = l1;
	v.ret.block_count = 1;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	kvmexc_set_free(set);
}

TEST(signature_gates)
{
	u32 id = ID(KVMEXC_SIG_CODEBLOCKS, 1);
	u32 h[] = { 0x10 };
	struct kvmexc_violation v;
	struct kvmexc_set *set;
	struct rec_buf b;

	/* a 32-bit signature on a 64-bit guest is skipped */
	exc_with(&b, KVMEXC_REC_KERNEL, 0, 1, &id);
	rb_cb1(&b, id, KVMEXC_SIG_FLAG_32, 1, 1, h);
	set = build(&b);
	km_violation(&v);
	with_code(&v);
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	kvmexc_set_free(set);

	/* a Linux signature is invisible to Windows guests; same id, two OSes */
	exc_with(&b, KVMEXC_REC_KERNEL, 0, 1, &id);
	rb_cb1(&b, id, F3264 | KVMEXC_SIG_FLAG_LINUX, 1, 1, h);
	set = build(&b);
	km_violation(&v);
	with_code(&v);
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	kvmexc_set_free(set);

	/* user exceptions on Windows: a WoW64 originator needs the 32-bit flag */
	exc_with(&b, KVMEXC_REC_USER, KVMEXC_FLAG_32, 1, &id);
	rb_cb1(&b, id, KVMEXC_SIG_FLAG_32, 1, 1, h);
	set = build(&b);
	um_violation(&v);
	with_code(&v);
	v.flags |= KVMEXC_V_ORIG_WOW64;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	v.flags &= ~KVMEXC_V_ORIG_WOW64;
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	kvmexc_set_free(set);
}

TEST(value_code)
{
	u32 id = ID(KVMEXC_SIG_VALUE_CODE, 1);
	u16 hit[] = { 0x48, 0x100, 0xe5 }, miss[] = { 0x48, 0x100, 0xe6 };
	u16 far[] = { 0xc3, 0x90 }, big[] = { 0x189 };
	struct kvmexc_violation v;
	struct kvmexc_set *set;
	struct rec_buf b;

	exc_with(&b, KVMEXC_REC_KERNEL, 0, 1, &id);
	rb_value_code(&b, id, F3264, -1, 3, hit);
	set = build(&b);
	km_violation(&v);
	with_code(&v);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	v.orig.rip = 0;
	EXPECT_EQ(KVMEXC_REASON_VALUE_CODE_NOT_MATCHED, decide(set, &v).reason);
	kvmexc_set_free(set);

	exc_with(&b, KVMEXC_REC_KERNEL, 0, 1, &id);
	rb_value_code(&b, id, F3264, -1, 3, miss);
	set = build(&b);
	km_violation(&v);
	with_code(&v);
	EXPECT_EQ(KVMEXC_REASON_VALUE_CODE_NOT_MATCHED, decide(set, &v).reason);
	kvmexc_set_free(set);

	/* outside the bytes given: no match; 0x101..0x1ff never match */
	exc_with(&b, KVMEXC_REC_KERNEL, 0, 1, &id);
	rb_value_code(&b, id, F3264, 3, 2, far);
	set = build(&b);
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	kvmexc_set_free(set);
	exc_with(&b, KVMEXC_REC_KERNEL, 0, 1, &id);
	rb_value_code(&b, id, F3264, 0, 1, big);
	set = build(&b);
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	kvmexc_set_free(set);
}

TEST(value)
{
	u32 id = ID(KVMEXC_SIG_VALUE, 1);
	u8 data[8] = { 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4 };
	u32 crc = kvmexc_crc32(data + 2, 4, KVMEXC_CRC32_INITIAL);
	struct kvmexc_violation v;
	struct kvmexc_set *set;
	struct rec_buf b;

	exc_with(&b, KVMEXC_REC_KERNEL, 0, 1, &id);
	rb_value(&b, id, F3264, 1, 2, 4, crc);
	set = build(&b);
	km_violation(&v);
	memcpy(v.new_value, data, sizeof(data));
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	v.new_value[3] ^= 1;
	EXPECT_EQ(KVMEXC_REASON_VALUE_NOT_MATCHED, decide(set, &v).reason);
	v.new_value[3] ^= 1;
	v.size = 4;		/* the entry reaches past the access: skipped */
	EXPECT_EQ(KVMEXC_REASON_VALUE_NOT_MATCHED, decide(set, &v).reason);
	kvmexc_set_free(set);

	/* the command line with "cli"; none given: no match */
	crc = kvmexc_crc32("-x", 2, KVMEXC_CRC32_INITIAL);
	exc_with(&b, KVMEXC_REC_USER, 0, 1, &id);
	rb_value(&b, id, F3264 | KVMEXC_SIG_FLAG_CLI, 1, 4, 2, crc);
	set = build(&b);
	um_violation(&v);
	EXPECT_EQ(KVMEXC_REASON_VALUE_NOT_MATCHED, decide(set, &v).reason);
	v.cmdline = "app -x";
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	v.cmdline = "app -y";
	EXPECT_EQ(KVMEXC_REASON_VALUE_NOT_MATCHED, decide(set, &v).reason);
	kvmexc_set_free(set);
}

/* The data a value signature hashes, by zone (spec 4.5). */
TEST(value_data_by_zone)
{
	u32 id = ID(KVMEXC_SIG_VALUE, 1);
	u8 data[4] = { 0xde, 0xad, 0xbe, 0xef };
	u32 crc = kvmexc_crc32(data, 4, KVMEXC_CRC32_INITIAL);
	struct kvmexc_violation v;
	struct kvmexc_set *set;
	struct rec_buf b;

	rb_init(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL, O_HASH, 0, 0, W64, KVMEXC_KM_OBJ_ANY, 1, &id);
	rb_value(&b, id, F3264, 1, 0, 4, crc);
	set = build(&b);
	ASSERT_NE(NULL, set);
	km_violation(&v);
	memcpy(v.new_value, data, 4);
	v.data = (const u8 *)"xxxx";	/* not what an EPT write hashes */
	v.data_len = 4;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	v.zone = KVMEXC_ZONE_MSR;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	/* integrity: the new value of an IDT or SUD, the captured descriptor of the others */
	v.zone = KVMEXC_ZONE_INTEGRITY;
	v.object = KVMEXC_OBJ_IDT;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	v.object = KVMEXC_OBJ_SUD_INTEGRITY;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	v.object = KVMEXC_OBJ_SECURITY_DESCRIPTOR;
	EXPECT_EQ(KVMEXC_REASON_VALUE_NOT_MATCHED, decide(set, &v).reason);
	v.data = data;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	v.object = KVMEXC_OBJ_ACL;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	v.data = NULL;
	v.data_len = 0;
	EXPECT_EQ(KVMEXC_REASON_VALUE_NOT_MATCHED, decide(set, &v).reason);
	/* other integrity objects, CR and DTR have nothing to hash: an error */
	v.object = KVMEXC_OBJ_DRIVER_OBJECT;
	EXPECT_EQ(KVMEXC_REASON_INTERNAL_ERROR, decide(set, &v).reason);
	v.object = KVMEXC_OBJ_NONE;
	v.zone = KVMEXC_ZONE_CR;
	EXPECT_EQ(KVMEXC_REASON_INTERNAL_ERROR, decide(set, &v).reason);
	v.zone = KVMEXC_ZONE_DTR;
	v.object = KVMEXC_OBJ_IDTR;
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	EXPECT_EQ(KVMEXC_REASON_INTERNAL_ERROR, decide(set, &v).reason);
	kvmexc_set_free(set);

	/* a command line is not the zone's data: cli signatures apply everywhere */
	crc = kvmexc_crc32("-x", 2, KVMEXC_CRC32_INITIAL);
	rb_init(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL, O_HASH, 0, 0, W64, KVMEXC_KM_OBJ_ANY, 1, &id);
	rb_value(&b, id, F3264 | KVMEXC_SIG_FLAG_CLI, 1, 0, 2, crc);
	set = build(&b);
	v.cmdline = "-x";
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	kvmexc_set_free(set);
}

/* Code the caller could not read: code-block and value-code signatures error. */
TEST(code_error)
{
	u32 cb = ID(KVMEXC_SIG_CODEBLOCKS, 1), vc = ID(KVMEXC_SIG_VALUE_CODE, 2);
	u32 h[] = { 0x10 };
	u16 pattern[] = { 0x89 };
	struct kvmexc_violation v;
	struct kvmexc_decision d;
	struct kvmexc_set *set;
	struct rec_buf b;

	u32 victims[] = { 7, V_HASH };
	int i;

	rb_init(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL, O_HASH, 7, 0, W64, 1, 1, &cb);
	rb_exc(&b, KVMEXC_REC_KERNEL, O_HASH, V_HASH, 0, W64, 1, 1, &vc);
	rb_exc(&b, KVMEXC_REC_KERNEL, O_HASH, 9, 0,
	       W64 | KVMEXC_FLAG_RETURN | KVMEXC_FLAG_KM_RETURN_DRV, 1, 1, &cb);
	rb_cb1(&b, cb, F3264, 1, 1, h);
	rb_value_code(&b, vc, F3264, 0, 1, pattern);
	set = build(&b);
	ASSERT_NE(NULL, set);
	for (i = 0; i < 2; i++) {	/* codeblocks, then value-code */
		km_violation(&v);
		with_code(&v);
		v.victim = victims[i];
		EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action) TH_LOG("%d", i);
		v.orig.error = true;	/* whatever blocks and bytes say */
		d = decide(set, &v);
		EXPECT_EQ(KVMEXC_ACTION_DENY, d.action);
		EXPECT_EQ(KVMEXC_REASON_INTERNAL_ERROR, d.reason) TH_LOG("%d", i);
		EXPECT_EQ((u32)i, d.record);
		v.orig.rip = 0;		/* whatever the RIP */
		v.ret.rip = 0;
		EXPECT_EQ(KVMEXC_REASON_INTERNAL_ERROR, decide(set, &v).reason) TH_LOG("%d", i);
	}
	/* return-drv exceptions read the return code, which could be read */
	km_violation(&v);
	with_code(&v);
	v.victim = 9;
	v.ret = v.orig;
	v.orig.error = true;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	v.ret.error = true;
	EXPECT_EQ(KVMEXC_REASON_INTERNAL_ERROR, decide(set, &v).reason);
	kvmexc_set_free(set);
}

/* A run is satisfied by any match; unsatisfied with an error, it is an error. */
TEST(error_in_a_run)
{
	u32 cli = ID(KVMEXC_SIG_VALUE, 1), val = ID(KVMEXC_SIG_VALUE, 2);
	u32 idt = ID(KVMEXC_SIG_IDT, 3);
	u32 run[] = { val, cli }, then_idt[] = { val, idt }, idt_then[] = { idt, val };
	u32 crc = kvmexc_crc32("-x", 2, KVMEXC_CRC32_INITIAL);
	struct kvmexc_violation v;
	struct kvmexc_set *set;
	struct rec_buf b;

	rb_init(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL, O_HASH, 5, 0, W64, KVMEXC_KM_OBJ_ANY, 2, run);
	rb_exc(&b, KVMEXC_REC_KERNEL, O_HASH, 1, 0, W64, KVMEXC_KM_OBJ_ANY, 2, then_idt);
	rb_exc(&b, KVMEXC_REC_KERNEL, O_HASH, 2, 0, W64, KVMEXC_KM_OBJ_ANY, 2, idt_then);
	rb_value(&b, cli, F3264 | KVMEXC_SIG_FLAG_CLI, 1, 0, 2, crc);
	rb_value(&b, val, F3264, 1, 0, 1, 0);
	rb_idt(&b, idt, F3264, 3);
	set = build(&b);
	ASSERT_NE(NULL, set);
	km_violation(&v);
	v.victim = 5;
	v.zone = KVMEXC_ZONE_CR;	/* val errors, cli does not */
	v.object = KVMEXC_OBJ_NONE;
	v.cmdline = "-x";
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	v.cmdline = "-y";
	EXPECT_EQ(KVMEXC_REASON_INTERNAL_ERROR, decide(set, &v).reason);
	/* the first unsatisfied run ends the check, an error or not */
	v.victim = 1;
	EXPECT_EQ(KVMEXC_REASON_INTERNAL_ERROR, decide(set, &v).reason);
	v.victim = 2;
	EXPECT_EQ(KVMEXC_REASON_IDT_NOT_MATCHED, decide(set, &v).reason);
	kvmexc_set_free(set);
}

TEST(export)
{
	u32 id = ID(KVMEXC_SIG_EXPORT, 1);
	u32 names[] = { 0xAAAA, 0xBBBB };
	struct kvmexc_violation v;
	struct kvmexc_set *set;
	struct rec_buf b;

	exc_with(&b, KVMEXC_REC_USER, 0, 1, &id);
	rb_export(&b, id, F3264, V_HASH, 0xBBBB, 8);
	set = build(&b);
	um_violation(&v);
	v.export.known = true;
	v.export.found = true;
	v.export.library = V_HASH;
	v.export.names = names;
	v.export.name_count = 2;
	v.export.offset = 4;
	v.export.length = 5;	/* last byte at 8: inside the delta */
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	v.export.length = 6;
	EXPECT_EQ(KVMEXC_REASON_EXPORT_NOT_MATCHED, decide(set, &v).reason);
	v.export.length = 5;
	v.export.library = 0x1;	/* another library */
	EXPECT_EQ(KVMEXC_REASON_EXPORT_NOT_MATCHED, decide(set, &v).reason);
	v.export.library = V_HASH;
	v.export.known = false;	/* no export data: no match (reference: allowed) */
	EXPECT_EQ(KVMEXC_REASON_EXPORT_NOT_MATCHED, decide(set, &v).reason);
	kvmexc_set_free(set);

	/* "-" function: writes outside every export; "*" library */
	exc_with(&b, KVMEXC_REC_USER, 0, 1, &id);
	rb_export(&b, id, F3264, KVMEXC_NAME_ANY, KVMEXC_NAME_NO_NAME, 0);
	set = build(&b);
	v.export.known = true;
	EXPECT_EQ(KVMEXC_REASON_EXPORT_NOT_MATCHED, decide(set, &v).reason);
	v.export.found = false;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	kvmexc_set_free(set);

	/* kernel exceptions cannot use export signatures (reference: always matched) */
	exc_with(&b, KVMEXC_REC_KERNEL, 0, 1, &id);
	rb_export(&b, id, F3264, KVMEXC_NAME_ANY, KVMEXC_NAME_ANY, 0);
	set = build(&b);
	km_violation(&v);
	v.export.known = true;
	EXPECT_EQ(KVMEXC_REASON_EXPORT_NOT_MATCHED, decide(set, &v).reason);
	kvmexc_set_free(set);
}

TEST(injection_into_library_needs_export)
{
	struct kvmexc_violation v;
	struct kvmexc_set *set;

	set = one_exc(KVMEXC_REC_USER, O_HASH, 0, 0, W64, KVMEXC_UM_OBJ_ANY);
	um_violation(&v);
	v.zone = KVMEXC_ZONE_PROCESS;
	v.flags |= KVMEXC_V_VICTIM_LIBRARY;
	EXPECT_EQ(KVMEXC_REASON_EXPORT_NOT_MATCHED, decide(set, &v).reason);
	v.zone_flags |= KVMEXC_ZF_MODULE_LOAD;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	kvmexc_set_free(set);
}

TEST(idt)
{
	u32 id = ID(KVMEXC_SIG_IDT, 1);
	struct kvmexc_violation v;
	struct kvmexc_set *set;
	struct rec_buf b;

	exc_with(&b, KVMEXC_REC_KERNEL, 0, 1, &id);
	rb_idt(&b, id, KVMEXC_SIG_FLAG_64, 14);
	set = build(&b);
	km_violation(&v);
	v.flags |= KVMEXC_V_IDT_ENTRY;
	v.idt_entry = 14;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	v.idt_entry = 13;
	EXPECT_EQ(KVMEXC_REASON_IDT_NOT_MATCHED, decide(set, &v).reason);
	v.flags &= ~KVMEXC_V_IDT_ENTRY;
	EXPECT_EQ(KVMEXC_REASON_IDT_NOT_MATCHED, decide(set, &v).reason);
	kvmexc_set_free(set);
}

TEST(versions)
{
	u32 os = ID(KVMEXC_SIG_VERSION_OS, 1), intro = ID(KVMEXC_SIG_VERSION_INTRO, 2);
	u64 lmin = 4 | (14ull << 8), lmax = 5 | (4ull << 8) | (0xFFFFull << 16) | (0xFFFFull << 32);
	struct kvmexc_violation v;
	struct kvmexc_set *set;
	struct rec_buf b;

	exc_with(&b, KVMEXC_REC_KERNEL, 0, 1, &os);
	rb_version(&b, KVMEXC_REC_SIG_VERSION_OS, os, F3264, 7600, 19041);
	set = build(&b);
	km_violation(&v);
	v.os_version = 19041;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	v.os_version = 19042;
	EXPECT_EQ(KVMEXC_REASON_VERSION_OS_NOT_MATCHED, decide(set, &v).reason);
	kvmexc_set_free(set);

	/* Linux: version.patch.sublevel-backport, inclusive */
	rb_init(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL, O_HASH, 0, 0, W64 | KVMEXC_FLAG_LINUX, 1, 1, &os);
	rb_version(&b, KVMEXC_REC_SIG_VERSION_OS, os, F3264 | KVMEXC_SIG_FLAG_LINUX, lmin, lmax);
	set = build(&b);
	km_violation(&v);
	v.os = KVMEXC_OS_LINUX;
	v.os_version = KVMEXC_LINUX_VERSION(5, 4, 200, 3);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	v.os_version = KVMEXC_LINUX_VERSION(4, 9, 0, 0);
	EXPECT_EQ(KVMEXC_REASON_VERSION_OS_NOT_MATCHED, decide(set, &v).reason);
	kvmexc_set_free(set);

	exc_with(&b, KVMEXC_REC_KERNEL, 0, 1, &intro);
	rb_version(&b, KVMEXC_REC_SIG_VERSION_INTRO, intro, F3264, 1 | (2ull << 16),
		   0xFFFFFFFFFFFFFFFFull);
	set = build(&b);
	km_violation(&v);
	v.engine_version = KVMEXC_ENGINE_VERSION(1, 2, 0, 0);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	v.engine_version = KVMEXC_ENGINE_VERSION(1, 1, 9, 9);
	EXPECT_EQ(KVMEXC_REASON_VERSION_INTRO_NOT_MATCHED, decide(set, &v).reason);
	kvmexc_set_free(set);
}

TEST(process_creation)
{
	u32 id = ID(KVMEXC_SIG_PROCESS_CREATION, 1);
	struct kvmexc_violation v;
	struct kvmexc_set *set;
	struct rec_buf b;

	rb_init(&b);
	rb_exc(&b, KVMEXC_REC_USER, O_HASH, 0, 0, KVMEXC_FLAG_64 | KVMEXC_FLAG_EXEC,
	       KVMEXC_UM_OBJ_PROCESS_CREATION_DPI, 1, &id);
	rb_pc(&b, id, F3264, KVMEXC_PC_DEBUG | KVMEXC_PC_HEAP_SPRAY);
	set = build(&b);
	um_violation(&v);
	v.zone = KVMEXC_ZONE_PROCESS_CREATION;
	v.zone_flags = KVMEXC_ZF_EXEC;
	v.object = KVMEXC_OBJ_PROCESS_CREATION_DPI;
	v.pc_type = KVMEXC_PC_HEAP_SPRAY;
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	v.pc_type = KVMEXC_PC_HEAP_SPRAY | KVMEXC_PC_STOLEN_TOKEN;
	EXPECT_EQ(KVMEXC_REASON_PROCESS_CREATION_NOT_MATCHED, decide(set, &v).reason);
	kvmexc_set_free(set);
}

TEST(combination_rule)
{
	u32 cb1 = ID(KVMEXC_SIG_CODEBLOCKS, 1), cb2 = ID(KVMEXC_SIG_CODEBLOCKS, 2);
	u32 idt = ID(KVMEXC_SIG_IDT, 3);
	u32 any_of[] = { cb1, cb2 }, all_of[] = { idt, cb1 }, reversed[] = { cb2, cb1 };
	u32 yes[] = { 0x10 }, no[] = { 0x66 };
	struct kvmexc_violation v;
	struct kvmexc_decision d;
	struct kvmexc_set *set;
	struct rec_buf b;

	/* a run of one type: any of it */
	rb_init(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL, O_HASH, 0, 0, W64, 1, 2, any_of);
	rb_exc(&b, KVMEXC_REC_KERNEL, O_HASH, V_HASH, 0, W64, 1, 2, reversed);
	rb_exc(&b, KVMEXC_REC_KERNEL, O_HASH, 7, 0, W64, 1, 2, all_of);
	rb_cb1(&b, cb1, F3264, 1, 1, no);
	rb_cb1(&b, cb2, F3264, 1, 1, yes);
	rb_idt(&b, idt, F3264, 9);
	set = build(&b);
	ASSERT_NE(NULL, set);
	km_violation(&v);
	with_code(&v);
	v.victim = 1;
	d = decide(set, &v);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, d.action);
	EXPECT_EQ(cb2, d.sigs[0]);
	kvmexc_set_free(set);

	/* the order of ids inside a run does not matter */
	v.victim = V_HASH;
	rb_init(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL, O_HASH, V_HASH, 0, W64, 1, 2, reversed);
	rb_cb1(&b, cb1, F3264, 1, 1, yes);
	rb_cb1(&b, cb2, F3264, 1, 1, no);
	set = build(&b);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide(set, &v).action);
	kvmexc_set_free(set);

	/* all runs: idt and codeblocks */
	rb_init(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL, O_HASH, 0, 0, W64, 1, 2, all_of);
	rb_cb1(&b, cb1, F3264, 1, 1, yes);
	rb_idt(&b, idt, F3264, 9);
	set = build(&b);
	km_violation(&v);
	with_code(&v);
	v.flags |= KVMEXC_V_IDT_ENTRY;
	v.idt_entry = 8;
	EXPECT_EQ(KVMEXC_REASON_IDT_NOT_MATCHED, decide(set, &v).reason);
	v.idt_entry = 9;
	d = decide(set, &v);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, d.action);
	ASSERT_EQ(2u, d.sig_count);
	EXPECT_EQ(idt, d.sigs[0]);
	EXPECT_EQ(cb1, d.sigs[1]);
	v.orig.block_count = 0;
	EXPECT_EQ(KVMEXC_REASON_CODEBLOCKS_NOT_MATCHED, decide(set, &v).reason);
	kvmexc_set_free(set);
}

TEST_HARNESS_MAIN
