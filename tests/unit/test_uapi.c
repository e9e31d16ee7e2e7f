// SPDX-License-Identifier: GPL-2.0
/*
 * The record layouts of uapi/linux/kvmexc.h against the sizes and offsets
 * the exceptions.bin format fixes.
 */
#include <stddef.h>

#include <linux/kvmexc.h>

#include "kselftest_harness.h"

TEST(file_header_layout)
{
	EXPECT_EQ(36, sizeof(struct kvmexc_file_header));
	EXPECT_EQ(20, offsetof(struct kvmexc_file_header, build));
	EXPECT_EQ(28, offsetof(struct kvmexc_file_header, kernel_user_count));
	EXPECT_EQ(3, sizeof(struct kvmexc_record_header));
}

TEST(exception_record_layouts)
{
	EXPECT_EQ(20, sizeof(struct kvmexc_rec_kernel));
	EXPECT_EQ(17, offsetof(struct kvmexc_rec_kernel, object_type));
	EXPECT_EQ(20, sizeof(struct kvmexc_rec_user));
	EXPECT_EQ(8, offsetof(struct kvmexc_rec_user, process));
	EXPECT_EQ(8, sizeof(struct kvmexc_rec_glob));
}

TEST(signature_record_layouts)
{
	EXPECT_EQ(10, sizeof(struct kvmexc_rec_sig_codeblocks));
	EXPECT_EQ(16, sizeof(struct kvmexc_rec_sig_export));
	EXPECT_EQ(8, sizeof(struct kvmexc_sig_export_entry));
	EXPECT_EQ(12, sizeof(struct kvmexc_rec_sig_value));
	EXPECT_EQ(12, sizeof(struct kvmexc_sig_value_entry));
	EXPECT_EQ(12, sizeof(struct kvmexc_rec_sig_value_code));
	EXPECT_EQ(12, sizeof(struct kvmexc_rec_sig_idt));
	EXPECT_EQ(24, sizeof(struct kvmexc_rec_sig_version_os));
	EXPECT_EQ(24, sizeof(struct kvmexc_rec_sig_version_intro));
	EXPECT_EQ(24, sizeof(struct kvmexc_rec_sig_process_creation));
}

TEST(signature_id_fields)
{
	__u32 id = KVMEXC_SIG_ID(KVMEXC_SIG_CODEBLOCKS, 3);

	EXPECT_EQ(KVMEXC_SIG_CODEBLOCKS, KVMEXC_SIG_ID_TYPE(id));
	EXPECT_EQ(3, KVMEXC_SIG_ID_VALUE(id));
}

TEST_HARNESS_MAIN
