// SPDX-License-Identifier: GPL-2.0
/*
 * The alert blob writer (kmod/core/blob.c), read back by excctl's parser:
 * km, um and km-um alerts of Windows and Linux guests come out in the order
 * of spec alerts.md section 3 with every value given; objects that do not
 * fit are left out whole; base64 is canonical and decodes back.
 */
#include <linux/kvmexc.h>

#include "../../ctl/decoder/decode.h"
#include "core/blob.h"

#include "kselftest_harness.h"

static const u32 hashes[] = { 0x11111111, 0x22222222, 0x33333333, 0x44444444 };

static const struct kvmexc_blob_code_blocks cb0 = {
	.start = 0x1000, .rip = 0x1234, .rip_index = 2, .count = 4, .hashes = hashes,
};

static const struct kvmexc_blob_code_blocks cb1 = {
	.start = 0x2000, .rip = 0x2345, .rip_index = 0, .count = 1, .hashes = hashes,
};

static const struct kvmexc_blob_driver drv = {
	.name = "evil.sys", .section = ".text", .object_gva = 0xffff0001, .base = 0xffff1000,
	.size = 0x5000, .entry = 0xffff2000, .timestamp = 1234,
	.init = { 0xffff3000, 0x2000, 0x1000, 0x800 },
	.core = { 0xffff1000, 0x5000, 0x2000, 0x3000 },
};

static const struct kvmexc_blob_driver victim_drv = { .name = "kernel", .base = 0x81000000 };

static const struct kvmexc_blob_process proc = {
	.name = "evil.exe", .path = "\\users\\bob\\evil.exe", .cmdline = "evil.exe --hook",
	.gva = 0xaaaa, .pid = 42, .tgid = 42, .cr3 = 0x1b000,
};

static const struct kvmexc_blob_process parent = { .name = "explorer.exe", .pid = 1 };

static const struct kvmexc_blob_module umod = {
	.path = "\\windows\\evil.dll", .base = 0x7000, .size = 0x1000,
};

static const struct kvmexc_blob_module victim_mod = {
	.path = "\\windows\\system32\\ntdll.dll", .base = 0x7ffb0000, .size = 0x1f8000,
};

static const char * const names[] = { "NtCreateThreadEx", "ZwCreateThreadEx" };
static const struct kvmexc_blob_export exp = { .names = names, .count = 2, .delta = 3 };
static u64 regs[KVMEXC_BLOB_ARCH_REGS];

static struct kvmexc_blob_alert alert(enum kvmexc_blob_type type, enum kvmexc_blob_os os)
{
	struct kvmexc_blob_alert a = {
		.type = type, .os = os, .guest64 = true, .event = KVMEXC_BLOB_EVENT_EPT,
		.driver = &drv, .ret_driver = &drv, .process = &proc, .parent = &parent,
		.module = &umod, .rip = 0x1234, .insn = { 0x48, 0x89, 0x07 }, .insn_len = 3,
		.zone_type = KVMEXC_ZONE_EPT, .zone_flags = KVMEXC_ZF_WRITE | KVMEXC_ZF_LIB_EXPORTS,
		.gva = 0x7ffb1000, .gpa = 0x2f3a59b0, .victim_driver = &victim_drv,
		.victim_process = &proc, .victim_parent = &parent, .victim_module = &victim_mod,
		.access_size = 8, .old_value = { 1, 2, 3, 4, 5, 6, 7, 8 },
		.new_value = { 0xe9, 0x3b, 0x13, 0x9a, 0x3f, 0x55, 0x48, 0x89 },
		.cb = { &cb0, &cb1 }, .regs = regs, .export = &exp,
	};

	a.object_type = type == KVMEXC_BLOB_KM ? KVMEXC_OBJ_KM_MODULE : KVMEXC_OBJ_UM_MODULE;
	return a;
}

/* Writes @a and parses it back; the object types in order, 0-terminated. */
static int roundtrip(const struct kvmexc_blob_alert *a, u32 cap, struct excctl_blob *b,
		     u16 *types)
{
	static u8 buf[KVMEXC_BLOB_MAX];
	char err[256];
	int n = kvmexc_blob_write(a, buf, cap);
	u32 i;

	if (n < 0)
		return n;
	if (excctl_blob_parse((const char *)buf, n, true, b, err, sizeof(err))) {
		fprintf(stderr, "parse: %s\n", err);
		return -1;
	}
	for (i = 0; i < b->nobjs; i++)
		types[i] = b->objs[i].type;
	types[i] = 0;
	return n;
}

static void expect_types(struct __test_metadata *_metadata, const u16 *got, const u16 *want)
{
	u32 i;

	for (i = 0; want[i] || got[i]; i++)
		EXPECT_EQ(want[i], got[i]) TH_LOG("object %u", i);
}

TEST(km_linux)
{
	static const u16 want[] = { 1, 19, 23, 20, 24, 30, 2, 3, 7, 8, 19, 23, 4,
				    5, 35, 35, 30, 31, 34, 6, 0 };
	struct kvmexc_blob_alert a = alert(KVMEXC_BLOB_KM, KVMEXC_BLOB_OS_LINUX);
	const struct excctl_field *f;
	struct excctl_blob b;
	u16 types[64];

	ASSERT_LT(0, roundtrip(&a, KVMEXC_BLOB_MAX, &b, types));
	expect_types(_metadata, types, want);
	EXPECT_EQ(0u, b.type);
	EXPECT_EQ(2u, b.guest);
	EXPECT_EQ(1u, b.arch);
	f = excctl_find_field(&b, EXCCTL_SEC_ORIGINATOR, KVMEXC_BLOB_OBJ_LIX_KERNEL_MODULE, "Path");
	ASSERT_NE(NULL, f);
	EXPECT_EQ(8u, f->len);
	EXPECT_EQ(0, memcmp(f->p, "evil.sys", 8));
	f = excctl_find_field(&b, EXCCTL_SEC_ORIGINATOR, KVMEXC_BLOB_OBJ_LIX_KERNEL_MODULE,
			      "Core Layout RoSize");
	EXPECT_EQ(0x3000u, f->num);
	f = excctl_find_field(&b, EXCCTL_SEC_MISC, KVMEXC_BLOB_OBJ_WRITE_INFO, "New Value");
	EXPECT_EQ(0x8948553f9a133be9ull, get_unaligned_le64(f->p));
	EXPECT_EQ(0ull, get_unaligned_le64(f->p + 8));
	f = excctl_find_field(&b, EXCCTL_SEC_VICTIM, KVMEXC_BLOB_OBJ_KERNEL_DRIVER, "Section");
	EXPECT_EQ(0u, f->len);
	excctl_blob_free(&b);
}

TEST(km_windows)
{
	static const u16 want[] = { 1, 19, 21, 20, 22, 2, 3, 7, 8, 19, 21, 4,
				    5, 35, 35, 30, 31, 8, 34, 6, 0 };
	struct kvmexc_blob_alert a = alert(KVMEXC_BLOB_KM, KVMEXC_BLOB_OS_WINDOWS);
	struct excctl_blob b;
	u16 types[64];

	ASSERT_LT(0, roundtrip(&a, KVMEXC_BLOB_MAX, &b, types));
	expect_types(_metadata, types, want);
	EXPECT_EQ(1234u, excctl_find_field(&b, EXCCTL_SEC_ORIGINATOR,
					   KVMEXC_BLOB_OBJ_WIN_KERNEL_DRIVER, "Time Stamp")->num);
	excctl_blob_free(&b);
}

TEST(um_windows)
{
	static const u16 want[] = { 1, 15, 16, 28, 2, 3, 7, 15, 28, 4, 5, 30, 38, 31, 8, 35, 6, 0 };
	struct kvmexc_blob_alert a = alert(KVMEXC_BLOB_UM, KVMEXC_BLOB_OS_WINDOWS);
	const struct excctl_field *f;
	struct excctl_blob b;
	u16 types[64];

	ASSERT_LT(0, roundtrip(&a, KVMEXC_BLOB_MAX, &b, types));
	expect_types(_metadata, types, want);
	f = excctl_find_field(&b, EXCCTL_SEC_VICTIM, KVMEXC_BLOB_OBJ_WIN_MODULE, "Path");
	/* Whole, unlike the reference's paths that lose their last character. */
	EXPECT_EQ(strlen(victim_mod.path), f->len);
	f = excctl_find_field(&b, EXCCTL_SEC_MISC, KVMEXC_BLOB_OBJ_EXPORT, "Delta");
	EXPECT_EQ(3u, f->num);
	f = excctl_find_field(&b, EXCCTL_SEC_ORIGINATOR, KVMEXC_BLOB_OBJ_WIN_PROCESS, "Pid");
	EXPECT_EQ(42u, f->num);
	excctl_blob_free(&b);
}

TEST(um_linux)
{
	static const u16 want[] = { 1, 17, 18, 30, 35, 2, 3, 7, 17, 18, 27, 4, 5, 8, 31, 35, 6, 0 };
	struct kvmexc_blob_alert a = alert(KVMEXC_BLOB_UM, KVMEXC_BLOB_OS_LINUX);
	struct excctl_blob b;
	u16 types[64];

	ASSERT_LT(0, roundtrip(&a, KVMEXC_BLOB_MAX, &b, types));
	expect_types(_metadata, types, want);
	EXPECT_EQ(victim_mod.base + victim_mod.size,
		  excctl_find_field(&b, EXCCTL_SEC_VICTIM, KVMEXC_BLOB_OBJ_LIX_VMA, "End")->num);
	excctl_blob_free(&b);
}

TEST(kum_windows)
{
	static const u16 want[] = { 1, 19, 21, 20, 22, 2, 3, 7, 15, 28, 4,
				    5, 35, 35, 30, 31, 8, 34, 38, 6, 0 };
	struct kvmexc_blob_alert a = alert(KVMEXC_BLOB_KM_UM, KVMEXC_BLOB_OS_WINDOWS);
	struct excctl_blob b;
	u16 types[64];

	ASSERT_LT(0, roundtrip(&a, KVMEXC_BLOB_MAX, &b, types));
	expect_types(_metadata, types, want);
	excctl_blob_free(&b);
}

TEST(kum_linux)
{
	static const u16 want[] = { 1, 19, 23, 20, 24, 30, 2, 3, 7, 17, 18, 27, 4,
				    5, 35, 35, 30, 31, 34, 6, 0 };
	struct kvmexc_blob_alert a = alert(KVMEXC_BLOB_KM_UM, KVMEXC_BLOB_OS_LINUX);
	struct excctl_blob b;
	u16 types[64];

	ASSERT_LT(0, roundtrip(&a, KVMEXC_BLOB_MAX, &b, types));
	expect_types(_metadata, types, want);
	excctl_blob_free(&b);
}

/* Absent parts leave no trace; the sections stay. */
TEST(minimal)
{
	static const u16 want[] = { 1, 2, 3, 7, 8, 4, 5, 6, 0 };
	struct kvmexc_blob_alert a = {
		.type = KVMEXC_BLOB_KM, .os = KVMEXC_BLOB_OS_LINUX, .event = KVMEXC_BLOB_EVENT_EPT,
	};
	struct excctl_blob b;
	u16 types[64];

	ASSERT_EQ(KVMEXC_BLOB_MIN_LEN + 8 + 16 + 8 + 17,
		  roundtrip(&a, KVMEXC_BLOB_MAX, &b, types));
	expect_types(_metadata, types, want);
	EXPECT_EQ(0u, b.arch);
	excctl_blob_free(&b);
}

/* A small buffer: objects are left out whole, the markers stay. */
TEST(objects_that_do_not_fit)
{
	struct kvmexc_blob_alert a = alert(KVMEXC_BLOB_KM, KVMEXC_BLOB_OS_WINDOWS);
	struct excctl_blob b;
	u16 types[64];
	u32 cap, i, markers;

	for (cap = KVMEXC_BLOB_MIN_LEN; cap < 700; cap += 7) {
		int n = roundtrip(&a, cap, &b, types);

		ASSERT_LT(0, n);
		ASSERT_GE(cap, (u32)n);
		for (i = 0, markers = 0; types[i]; i++)
			markers += types[i] <= KVMEXC_BLOB_OBJ_END_MISC;
		EXPECT_EQ(6u, markers);
		/* A driver never goes without its OS companion. */
		for (i = 0; types[i]; i++)
			if (types[i] == 19)
				EXPECT_EQ(21, types[i + 1]);
		excctl_blob_free(&b);
	}
	EXPECT_EQ(-ENOSPC, kvmexc_blob_write(&a, (u8 *)types, KVMEXC_BLOB_MIN_LEN - 1));
}

TEST(invalid)
{
	struct kvmexc_blob_alert a = alert(KVMEXC_BLOB_KM, KVMEXC_BLOB_OS_WINDOWS);
	u8 buf[KVMEXC_BLOB_MAX];

	a.access_size = 65;
	EXPECT_EQ(-EINVAL, kvmexc_blob_write(&a, buf, sizeof(buf)));
	a = alert(KVMEXC_BLOB_KM, KVMEXC_BLOB_OS_UNKNOWN);
	EXPECT_EQ(-EINVAL, kvmexc_blob_write(&a, buf, sizeof(buf)));
	a = alert(KVMEXC_BLOB_KM, KVMEXC_BLOB_OS_LINUX);
	a.event = KVMEXC_BLOB_EVENT_MSR;
	EXPECT_EQ(-EINVAL, kvmexc_blob_write(&a, buf, sizeof(buf)));
	a = alert(KVMEXC_BLOB_KM, KVMEXC_BLOB_OS_LINUX);
	a.insn_len = 17;
	EXPECT_EQ(-EINVAL, kvmexc_blob_write(&a, buf, sizeof(buf)));
}

/* What excctl derives from the writer's blob: the exception of the write. */
TEST(exception_from_written_blob)
{
	struct kvmexc_blob_alert a = alert(KVMEXC_BLOB_UM, KVMEXC_BLOB_OS_WINDOWS);
	struct json_object *exc, *sigs, *rec, *sig;
	struct excctl_blob b;
	char err[256];
	u16 types[64];

	ASSERT_LT(0, roundtrip(&a, KVMEXC_BLOB_MAX, &b, types));
	ASSERT_EQ(0, excctl_blob_exception(&b, &exc, &sigs, err, sizeof(err))) TH_LOG("%s", err);
	rec = json_object_array_get_idx(json_object_object_get(exc, "Exceptions"), 0);
	EXPECT_STREQ("evil.exe", json_object_get_string(json_object_object_get(rec, "process")));
	EXPECT_STREQ("evil.dll", json_object_get_string(json_object_object_get(rec, "originator")));
	EXPECT_STREQ("ntdll.dll", json_object_get_string(json_object_object_get(rec, "victim")));
	EXPECT_STREQ("module exports",
		     json_object_get_string(json_object_object_get(rec, "object_type")));
	EXPECT_STREQ("write 32 64", json_object_get_string(json_object_object_get(rec, "flags")));
	sig = json_object_array_get_idx(json_object_object_get(sigs, "Signatures"), 0);
	/* Four blocks: all of them, score 3. */
	EXPECT_EQ(3, json_object_get_int(json_object_object_get(sig, "score")));
	sig = json_object_array_get_idx(json_object_object_get(sigs, "Signatures"), 1);
	EXPECT_STREQ("ntdll.dll", json_object_get_string(json_object_object_get(sig, "library")));
	json_object_put(exc);
	json_object_put(sigs);
	excctl_blob_free(&b);
}

TEST(base64)
{
	static const struct { const char *in, *out; } v[] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	char out[16];
	u8 back[16];
	u32 i, n, bad;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		n = kvmexc_base64_encode((const u8 *)v[i].in, strlen(v[i].in), out);
		EXPECT_EQ(strlen(v[i].out), n);
		EXPECT_EQ(kvmexc_base64_len(strlen(v[i].in)), n);
		EXPECT_EQ(0, memcmp(out, v[i].out, n));
		EXPECT_EQ((int)strlen(v[i].in),
			  kvmexc_base64_decode(out, n, back, sizeof(back), &bad));
		EXPECT_EQ(0, memcmp(back, v[i].in, strlen(v[i].in)));
	}
	/* The reference's stale pad bits: "Zh==" and "Zm9=" still decode. */
	EXPECT_EQ(1, kvmexc_base64_decode("Zh==", 4, back, sizeof(back), &bad));
	EXPECT_EQ('f', back[0]);
	EXPECT_EQ(2, kvmexc_base64_decode("Zm9=", 4, back, sizeof(back), &bad));
	EXPECT_EQ(-EINVAL, kvmexc_base64_decode("Zm9v*mFy", 8, back, sizeof(back), &bad));
	EXPECT_EQ(4u, bad);
	EXPECT_EQ(-EINVAL, kvmexc_base64_decode("Zm9vY", 5, back, sizeof(back), &bad));
	EXPECT_EQ(5u, bad);
	EXPECT_EQ(-EINVAL, kvmexc_base64_decode("Z===", 4, back, sizeof(back), &bad));
	EXPECT_EQ(1u, bad);
	EXPECT_EQ(-EINVAL, kvmexc_base64_decode("Zg==Zg==", 8, back, sizeof(back), &bad));
	EXPECT_EQ(2u, bad);
	EXPECT_EQ(-ENOSPC, kvmexc_base64_decode("Zm9vYmFy", 8, back, 5, &bad));
}

TEST_HARNESS_MAIN
