// SPDX-License-Identifier: GPL-2.0
/*
 * Name hashing against values the reference compiler (shared/tools/
 * refcompile.py) gives for the same fields.
 */
#include <string.h>

#include <linux/kvmexc.h>

#include "core/names.h"

#include "kselftest_harness.h"

static int hash_of(enum kvmexc_name_kind kind, enum kvmexc_name_field field,
		   u8 type, u32 flags, const char *name, u32 *hash)
{
	struct kvmexc_name_ctx ctx = {
		.kind = kind, .field = field, .object_type = type, .flags = flags,
	};

	*hash = 0xDEADBEEF;
	return kvmexc_name_hash(&ctx, name, strlen(name), hash);
}

#define EXPECT_HASH(want, kind, field, type, flags, name)			\
	do {									\
		u32 h;								\
		EXPECT_EQ(0, hash_of(kind, field, type, flags, name, &h));	\
		EXPECT_EQ((u32)(want), h);					\
	} while (0)

#define KM KVMEXC_KIND_KERNEL
#define UM KVMEXC_KIND_USER
#define APC KVMEXC_KIND_USER_APC
#define KUM KVMEXC_KIND_KERNEL_USER
#define SIG KVMEXC_KIND_SIGNATURE
#define ORIG KVMEXC_FIELD_ORIGINATOR
#define VICT KVMEXC_FIELD_VICTIM
#define PROC KVMEXC_FIELD_PROCESS

TEST(kernel_originator_paths)
{
	EXPECT_HASH(0xB2B55A99, KM, ORIG, KVMEXC_KM_OBJ_MSR, 0, "a.sys");
	EXPECT_HASH(0x82A55DCC, KM, ORIG, KVMEXC_KM_OBJ_ANY, 0,
		    "\\SystemRoot\\System32\\Drivers\\Foo.SYS");
	EXPECT_HASH(0x82A55DCC, KM, ORIG, KVMEXC_KM_OBJ_ANY, 0, "C:\\x\\foo.sys");
	EXPECT_HASH(0x82A55DCC, KM, ORIG, KVMEXC_KM_OBJ_ANY, 0, "\xc3\x84:\\x\\FOO.sys");
	EXPECT_HASH(0x82A55DCC, KM, ORIG, KVMEXC_KM_OBJ_ANY, 0, "/lib/foo.sys");
	/* the reduced name is what the predefined lookup sees */
	EXPECT_HASH(KVMEXC_NAME_KERNEL, KM, ORIG, KVMEXC_KM_OBJ_ANY, 0, "\\x\\[Kernel]");
}

TEST(kernel_path_ending_with_separator)
{
	u32 h;

	EXPECT_EQ(-EISDIR, hash_of(KM, ORIG, KVMEXC_KM_OBJ_ANY, 0, "\\a\\", &h));
	EXPECT_EQ(-EISDIR, hash_of(KM, ORIG, KVMEXC_KM_OBJ_ANY, 0, "/a/", &h));
}

TEST(predefined_and_linux_case)
{
	EXPECT_HASH(KVMEXC_NAME_KERNEL, KM, ORIG, KVMEXC_KM_OBJ_ANY, 0, "[KERNEL]");
	EXPECT_HASH(0xCB88C933, KM, ORIG, KVMEXC_KM_OBJ_ANY, KVMEXC_NAME_LINUX, "[KERNEL]");
	EXPECT_HASH(KVMEXC_NAME_VDSO, UM, VICT, KVMEXC_UM_OBJ_MODULE, 0, "[vdso]");
	EXPECT_HASH(KVMEXC_NAME_NO_NAME, SIG, KVMEXC_FIELD_EXPORT_FUNCTION, 0, 0, "-");
}

TEST(empty_names)
{
	EXPECT_HASH(KVMEXC_NAME_EMPTY, KM, ORIG, KVMEXC_KM_OBJ_SUD_MODIFICATION, 0, "");
	EXPECT_HASH(KVMEXC_NAME_ANY, UM, PROC, KVMEXC_UM_OBJ_MODULE, 0, "");
	EXPECT_HASH(KVMEXC_NAME_EMPTY, SIG, KVMEXC_FIELD_EXPORT_FUNCTION, 0, 0, "");
}

TEST(narrow_and_trimmed_image_names)
{
	EXPECT_HASH(0x8F6216ED, UM, ORIG, KVMEXC_UM_OBJ_PROCESS, 0, "A.exe");
	EXPECT_HASH(0xC8C26C3D, UM, VICT, KVMEXC_UM_OBJ_PROCESS, 0, "b.exe");
	EXPECT_HASH(0x3351A4A6, UM, PROC, KVMEXC_UM_OBJ_MODULE, 0, "averyveryverylongname.exe");
	/* Linux comm is 15 long, but the process field stays at 14 */
	EXPECT_HASH(0x3089C43D, UM, ORIG, KVMEXC_UM_OBJ_PROCESS, KVMEXC_NAME_LINUX,
		    "averyveryverylongname.exe");
	EXPECT_HASH(0x3351A4A6, UM, PROC, KVMEXC_UM_OBJ_MODULE, KVMEXC_NAME_LINUX,
		    "averyveryverylongname.exe");
	/* user-apc trims Linux names to 14 as well */
	EXPECT_HASH(0x3351A4A6, APC, ORIG, KVMEXC_UM_OBJ_PROCESS, KVMEXC_NAME_LINUX,
		    "averyveryverylongname.exe");
	/* module-load makes the originator a module name */
	EXPECT_HASH(0xBE380683, UM, ORIG, KVMEXC_UM_OBJ_PROCESS, KVMEXC_NAME_MODULE_LOAD |
		    KVMEXC_NAME_LINUX, "Kernel32.DLL");
	EXPECT_HASH(0xEC5EA52F, KUM, ORIG, KVMEXC_KUM_OBJ_MODULE, KVMEXC_NAME_KUM_USER,
		    "[kernel]");
	EXPECT_HASH(KVMEXC_NAME_KERNEL, KUM, ORIG, KVMEXC_KUM_OBJ_MODULE, 0, "[kernel]");
}

TEST(export_names_keep_case)
{
	EXPECT_HASH(0xBE380683, SIG, KVMEXC_FIELD_EXPORT_LIBRARY, 0, 0, "Kernel32.DLL");
	EXPECT_HASH(0x53A51ED6, KM, VICT, KVMEXC_KM_OBJ_SUD_MODIFICATION, 0, "SomeField");
}

TEST(unicode_lower_case)
{
	/* final sigma, and U+0130 growing to two code points */
	EXPECT_HASH(0x38B28C2F, KM, VICT, KVMEXC_KM_OBJ_DRIVER, 0, "\xce\x91\xce\xa3");
	EXPECT_HASH(0x1450A533, KM, VICT, KVMEXC_KM_OBJ_DRIVER, 0,
		    "\xce\x8c\xce\xa3\xce\x9f\xce\xa3");
	EXPECT_HASH(0xA873D473, KM, VICT, KVMEXC_KM_OBJ_DRIVER, 0, "\xc4\xb0X");
	EXPECT_HASH(0x3151CBCB, UM, PROC, KVMEXC_UM_OBJ_MODULE, 0, "STRA\xe1\xba\x9e" "E.EXE");
	/* a surrogate pair in UTF-16 */
	EXPECT_HASH(0x1EE4A25C, UM, VICT, KVMEXC_UM_OBJ_MODULE, 0, "\xf0\x9f\x98\x80.EXE");
}

TEST(lower_function)
{
	char out[16];

	EXPECT_EQ(3, kvmexc_name_lower("\xc4\xb0", 2, out, sizeof(out)));
	EXPECT_EQ(0, memcmp(out, "i\xcc\x87", 3));
	EXPECT_EQ(-EILSEQ, kvmexc_name_lower("\xed\xa0\x80", 3, out, sizeof(out)));
	EXPECT_TRUE(kvmexc_name_isalpha(0xC4));
	EXPECT_FALSE(kvmexc_name_isalpha(':'));
}

TEST(escapes)
{
	u32 h;

	EXPECT_HASH(0x80FB42F9, UM, PROC, KVMEXC_UM_OBJ_MODULE, 0, "*\\x41B");
	/* a group copy of it: the decoded bytes, hashed as they are */
	EXPECT_HASH(0x80FB42F9, UM, PROC, KVMEXC_UM_OBJ_MODULE, KVMEXC_NAME_RAW, "*Ab");
	EXPECT_EQ(-EOPNOTSUPP, hash_of(UM, VICT, KVMEXC_UM_OBJ_MODULE, 0, "*\\x41", &h));
	EXPECT_EQ(-EBADMSG, hash_of(UM, PROC, KVMEXC_UM_OBJ_MODULE, 0, "*\\xzz", &h));
	EXPECT_EQ(-EBADMSG, hash_of(UM, PROC, KVMEXC_UM_OBJ_MODULE, 0, "*\\x41\\", &h));
}

TEST(bad_input)
{
	u32 h;

	EXPECT_EQ(-EILSEQ, hash_of(UM, PROC, KVMEXC_UM_OBJ_MODULE, 0, "a\xff", &h));
	EXPECT_EQ(-EILSEQ, hash_of(UM, PROC, KVMEXC_UM_OBJ_MODULE, 0, "\xc0\x80", &h));
	EXPECT_EQ(-EINVAL, hash_of(KVMEXC_KIND_GLOB, ORIG, 0, 0, "a*", &h));
	EXPECT_EQ(-EINVAL, hash_of(KM, PROC, 0, 0, "a", &h));
}

TEST_HARNESS_MAIN
