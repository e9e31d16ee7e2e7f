// SPDX-License-Identifier: GPL-2.0
/*
 * EVAL's attribute values into a violation (core/violation.c): every field
 * reaches the violation, and every rule refuses with its message and the
 * attribute at fault, whatever the caller's parser let through.
 */
#include "core/violation.h"

#include "kselftest_harness.h"

FIXTURE(attrs) {
	struct kvmexc_eval_attrs a;
	struct kvmexc_violation v;
	struct kvmexc_attr_err err;
	u8 kind, one;
	u32 flags, size, rip_offset, blocks[3], names[2];
	u64 zone_flags, rip;
	u8 bytes[4], value[8];
};

static void set(struct kvmexc_attr *a, const void *data, u32 len)
{
	*a = (struct kvmexc_attr){ .data = data, .len = len, .origin = a };
}

FIXTURE_SETUP(attrs)
{
	struct kvmexc_attr *tb = self->a.eval;

	memset(&self->a, 0, sizeof(self->a));
	self->kind = KVMEXC_EXC_KM;
	self->one = 1;
	self->flags = KVMEXC_V_GUEST64 | KVMEXC_V_IDT_ENTRY;
	self->zone_flags = KVMEXC_ZF_WRITE;
	self->size = 4;
	self->rip = 0x1000;
	self->rip_offset = 2;
	self->blocks[0] = 1;
	self->blocks[1] = 5;
	self->blocks[2] = 9;
	self->names[0] = 7;
	self->names[1] = 3;
	set(&tb[KVMEXC_A_EVAL_KIND], &self->kind, 1);
	set(&tb[KVMEXC_A_EVAL_OS], &self->one, 1);
	set(&tb[KVMEXC_A_EVAL_FLAGS], &self->flags, 4);
	set(&tb[KVMEXC_A_EVAL_ZONE_FLAGS], &self->zone_flags, 8);
	set(&tb[KVMEXC_A_EVAL_ORIGINATOR_NAME], "a.sys", 6);
	set(&tb[KVMEXC_A_EVAL_NEW_VALUE], self->value, 8);
	set(&tb[KVMEXC_A_EVAL_SIZE], &self->size, 4);
	set(&tb[KVMEXC_A_EVAL_CODE], "", 0);
	set(&self->a.code[KVMEXC_A_CODE_RIP], &self->rip, 8);
	set(&self->a.code[KVMEXC_A_CODE_BLOCKS], self->blocks, sizeof(self->blocks));
	set(&self->a.code[KVMEXC_A_CODE_BYTES], self->bytes, sizeof(self->bytes));
	set(&self->a.code[KVMEXC_A_CODE_RIP_OFFSET], &self->rip_offset, 4);
	set(&tb[KVMEXC_A_EVAL_EXPORT], "", 0);
	set(&self->a.export[KVMEXC_A_EXPORT_KNOWN], "", 0);
	set(&self->a.export[KVMEXC_A_EXPORT_NAMES], self->names, sizeof(self->names));
	self->err = (struct kvmexc_attr_err){ 0 };
}

FIXTURE_TEARDOWN(attrs)
{
}

TEST_F(attrs, every_field_reaches_the_violation)
{
	struct kvmexc_violation *v = &self->v;

	ASSERT_EQ(0, kvmexc_violation_from_attrs(&self->a, v, &self->err));
	EXPECT_EQ(KVMEXC_EXC_KM, v->kind);
	EXPECT_EQ(KVMEXC_OS_LINUX, v->os);
	/* IDT_ENTRY is the attribute's to set, not FLAGS' */
	EXPECT_EQ(KVMEXC_V_GUEST64, v->flags);
	EXPECT_EQ(KVMEXC_ZF_WRITE, v->zone_flags);
	EXPECT_STREQ("a.sys", v->originator_name);
	EXPECT_EQ(NULL, v->victim_name);
	EXPECT_EQ(4, v->size);
	EXPECT_EQ(0x1000, v->orig.rip);
	EXPECT_EQ(3, v->orig.block_count);
	EXPECT_EQ(4, v->orig.bytes_len);
	EXPECT_EQ(2, v->orig.rip_offset);
	EXPECT_FALSE(v->orig.error);
	EXPECT_EQ(0, v->ret.rip);
	EXPECT_TRUE(v->export.known);
	EXPECT_FALSE(v->export.found);
	EXPECT_EQ(2, v->export.name_count);
}

TEST_F(attrs, code_error_flag)
{
	set(&self->a.code[KVMEXC_A_CODE_ERROR], "", 0);
	ASSERT_EQ(0, kvmexc_violation_from_attrs(&self->a, &self->v, &self->err));
	EXPECT_TRUE(self->v.orig.error);
	EXPECT_FALSE(self->v.ret.error);
}

TEST_F(attrs, size_defaults_to_the_new_value)
{
	self->a.eval[KVMEXC_A_EVAL_SIZE] = (struct kvmexc_attr){ 0 };
	ASSERT_EQ(0, kvmexc_violation_from_attrs(&self->a, &self->v, &self->err));
	EXPECT_EQ(8, self->v.size);
}

/* @a refused with @code, @msg and the attribute @at. */
static void refused(struct __test_metadata *_metadata, const struct kvmexc_eval_attrs *a,
		    int code, const char *msg, const struct kvmexc_attr *at)
{
	struct kvmexc_attr_err err = { 0 };
	struct kvmexc_violation v;

	EXPECT_EQ(code, kvmexc_violation_from_attrs(a, &v, &err));
	EXPECT_STREQ(msg, err.msg);
	EXPECT_EQ(at, err.origin);
}

TEST_F(attrs, missing_kind)
{
	self->a.eval[KVMEXC_A_EVAL_KIND] = (struct kvmexc_attr){ 0 };
	refused(_metadata, &self->a, -EINVAL, "missing attribute KIND", NULL);
}

TEST_F(attrs, kind_out_of_range)
{
	self->kind = KVMEXC_EXC_GLOB;
	refused(_metadata, &self->a, -ERANGE, "integer out of range",
		&self->a.eval[KVMEXC_A_EVAL_KIND]);
}

TEST_F(attrs, os_out_of_range)
{
	self->one = 2;
	refused(_metadata, &self->a, -ERANGE, "integer out of range",
		&self->a.eval[KVMEXC_A_EVAL_OS]);
}

TEST_F(attrs, integer_of_the_wrong_size)
{
	self->a.eval[KVMEXC_A_EVAL_ZONE_FLAGS].len = 4;
	refused(_metadata, &self->a, -EINVAL, "invalid attribute length",
		&self->a.eval[KVMEXC_A_EVAL_ZONE_FLAGS]);
}

TEST_F(attrs, string_without_nul)
{
	self->a.eval[KVMEXC_A_EVAL_ORIGINATOR_NAME].len = 5;
	refused(_metadata, &self->a, -EINVAL, "string attribute without its NUL",
		&self->a.eval[KVMEXC_A_EVAL_ORIGINATOR_NAME]);
}

TEST_F(attrs, value_longer_than_64_bytes)
{
	static const u8 big[65];

	set(&self->a.eval[KVMEXC_A_EVAL_OLD_VALUE], big, sizeof(big));
	refused(_metadata, &self->a, -ERANGE, "value longer than 64 bytes",
		&self->a.eval[KVMEXC_A_EVAL_OLD_VALUE]);
}

TEST_F(attrs, size_over_64_without_values)
{
	self->a.eval[KVMEXC_A_EVAL_NEW_VALUE] = (struct kvmexc_attr){ 0 };
	self->size = 65;
	refused(_metadata, &self->a, -ERANGE, "integer out of range",
		&self->a.eval[KVMEXC_A_EVAL_SIZE]);
}

TEST_F(attrs, size_past_the_value)
{
	self->size = 9;
	refused(_metadata, &self->a, -EINVAL, "SIZE exceeds the bytes of OLD_VALUE or NEW_VALUE",
		&self->a.eval[KVMEXC_A_EVAL_SIZE]);
}

TEST_F(attrs, blocks_not_ascending)
{
	self->blocks[2] = 2;
	refused(_metadata, &self->a, -EINVAL, "code-block hashes must be ascending",
		&self->a.code[KVMEXC_A_CODE_BLOCKS]);
}

TEST_F(attrs, hashes_not_whole_u32)
{
	self->a.export[KVMEXC_A_EXPORT_NAMES].len = 7;
	refused(_metadata, &self->a, -EINVAL, "hash list is not a whole number of u32",
		&self->a.export[KVMEXC_A_EXPORT_NAMES]);
}

TEST_F(attrs, rip_offset_outside_the_bytes)
{
	self->rip_offset = 4;
	refused(_metadata, &self->a, -EINVAL, "RIP_OFFSET is not inside BYTES",
		&self->a.code[KVMEXC_A_CODE_RIP_OFFSET]);
}

TEST_HARNESS_MAIN
