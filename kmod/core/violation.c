// SPDX-License-Identifier: GPL-2.0
/*
 * EVAL's attribute values into struct kvmexc_violation (violation.h). The
 * module's policies refuse most bad attributes before they get here; the
 * same checks are repeated so that no caller can hand the matcher a
 * violation it cannot read safely.
 */
#include "violation.h"

static int kvmexc_attr_fail(struct kvmexc_attr_err *err, const struct kvmexc_attr *at,
			    int code, const char *msg)
{
	err->msg = msg;
	err->origin = at ? at->origin : NULL;
	return code;
}

/* An integer attribute: exactly @size bytes, or absent (@absent). */
static int kvmexc_attr_uint(const struct kvmexc_attr *a, u32 size, u64 absent, u64 *out,
			    struct kvmexc_attr_err *err)
{
	*out = absent;
	if (!a->data)
		return 0;
	if (a->len != size)
		return kvmexc_attr_fail(err, a, -EINVAL, "invalid attribute length");
	switch (size) {
	case 1:
		*out = *(const u8 *)a->data;
		break;
	case 4:
		*out = get_unaligned_le32(a->data);
		break;
	default:
		*out = get_unaligned_le64(a->data);
	}
	return 0;
}

static int kvmexc_attr_u32(const struct kvmexc_attr *a, u32 *out, struct kvmexc_attr_err *err)
{
	u64 val;
	int ret = kvmexc_attr_uint(a, 4, 0, &val, err);

	*out = val;
	return ret;
}

static int kvmexc_attr_u64(const struct kvmexc_attr *a, u64 *out, struct kvmexc_attr_err *err)
{
	return kvmexc_attr_uint(a, 8, 0, out, err);
}

/* A string attribute: NULL when absent, else NUL-terminated inside it. */
static int kvmexc_attr_string(const struct kvmexc_attr *a, const char **out,
			      struct kvmexc_attr_err *err)
{
	*out = NULL;
	if (!a->data)
		return 0;
	if (!a->len || !memchr(a->data, 0, a->len))
		return kvmexc_attr_fail(err, a, -EINVAL, "string attribute without its NUL");
	*out = a->data;
	return 0;
}

/* A binary attribute holding u32 hashes; @sorted: ascending required. */
static int kvmexc_attr_hashes(const struct kvmexc_attr *a, bool sorted, const u32 **hashes,
			      u32 *count, struct kvmexc_attr_err *err)
{
	const u32 *h = a->data;
	u32 i, n;

	if (!h)
		return 0;
	if (a->len % sizeof(u32))
		return kvmexc_attr_fail(err, a, -EINVAL, "hash list is not a whole number of u32");
	n = a->len / sizeof(u32);
	for (i = 1; sorted && i < n; i++)
		if (h[i - 1] > h[i])
			return kvmexc_attr_fail(err, a, -EINVAL,
						"code-block hashes must be ascending");
	*hashes = h;
	*count = n;
	return 0;
}

static int kvmexc_attr_code(const struct kvmexc_attr *tb, struct kvmexc_code *code,
			    struct kvmexc_attr_err *err)
{
	const struct kvmexc_attr *bytes = &tb[KVMEXC_A_CODE_BYTES];
	int ret;

	ret = kvmexc_attr_u64(&tb[KVMEXC_A_CODE_RIP], &code->rip, err);
	if (!ret)
		ret = kvmexc_attr_hashes(&tb[KVMEXC_A_CODE_BLOCKS], true, &code->blocks,
					 &code->block_count, err);
	if (!ret)
		ret = kvmexc_attr_u32(&tb[KVMEXC_A_CODE_RIP_OFFSET], &code->rip_offset, err);
	if (ret)
		return ret;
	code->bytes = bytes->data;
	code->bytes_len = bytes->data ? bytes->len : 0;
	code->error = tb[KVMEXC_A_CODE_ERROR].data;
	if (code->bytes_len && code->rip_offset >= code->bytes_len)
		return kvmexc_attr_fail(err, &tb[KVMEXC_A_CODE_RIP_OFFSET], -EINVAL,
					"RIP_OFFSET is not inside BYTES");
	return 0;
}

static int kvmexc_attr_export(const struct kvmexc_attr *tb, struct kvmexc_export *exp,
			      struct kvmexc_attr_err *err)
{
	int ret;

	exp->known = tb[KVMEXC_A_EXPORT_KNOWN].data;
	exp->found = tb[KVMEXC_A_EXPORT_FOUND].data;
	ret = kvmexc_attr_u32(&tb[KVMEXC_A_EXPORT_LIBRARY], &exp->library, err);
	if (!ret)
		ret = kvmexc_attr_u32(&tb[KVMEXC_A_EXPORT_OFFSET], &exp->offset, err);
	if (!ret)
		ret = kvmexc_attr_u32(&tb[KVMEXC_A_EXPORT_LENGTH], &exp->length, err);
	if (!ret)
		ret = kvmexc_attr_hashes(&tb[KVMEXC_A_EXPORT_NAMES], false, &exp->names,
					 &exp->name_count, err);
	return ret;
}

/* At most 64 bytes into @to; *len stays 0 when the attribute is absent. */
static int kvmexc_attr_value(const struct kvmexc_attr *a, u8 *to, u32 *len,
			     struct kvmexc_attr_err *err)
{
	*len = 0;
	if (!a->data)
		return 0;
	if (a->len > KVMEXC_VALUE_MAX)
		return kvmexc_attr_fail(err, a, -ERANGE, "value longer than 64 bytes");
	memcpy(to, a->data, a->len);
	*len = a->len;
	return 0;
}

/* The old and new values, and how many of their bytes the access covers. */
static int kvmexc_attr_values(const struct kvmexc_attr *tb, struct kvmexc_violation *v,
			      struct kvmexc_attr_err *err)
{
	const struct kvmexc_attr *old = &tb[KVMEXC_A_EVAL_OLD_VALUE];
	const struct kvmexc_attr *new = &tb[KVMEXC_A_EVAL_NEW_VALUE];
	const struct kvmexc_attr *size = &tb[KVMEXC_A_EVAL_SIZE];
	u32 old_len, new_len;
	u64 val;
	int ret;

	ret = kvmexc_attr_value(old, v->old_value, &old_len, err);
	if (!ret)
		ret = kvmexc_attr_value(new, v->new_value, &new_len, err);
	if (!ret)
		ret = kvmexc_attr_uint(size, 4, new_len, &val, err);
	if (ret)
		return ret;
	if (val > KVMEXC_VALUE_MAX)
		return kvmexc_attr_fail(err, size, -ERANGE, "integer out of range");
	v->size = val;
	if ((new->data && v->size > new_len) || (old->data && v->size > old_len))
		return kvmexc_attr_fail(err, size, -EINVAL,
					"SIZE exceeds the bytes of OLD_VALUE or NEW_VALUE");
	v->data = tb[KVMEXC_A_EVAL_DATA].data;
	v->data_len = v->data ? tb[KVMEXC_A_EVAL_DATA].len : 0;
	return 0;
}

/* KIND and OS, the two attributes whose values the matcher switches on. */
static int kvmexc_attr_kind_os(const struct kvmexc_attr *tb, struct kvmexc_violation *v,
			       struct kvmexc_attr_err *err)
{
	u64 kind, os;
	int ret;

	if (!tb[KVMEXC_A_EVAL_KIND].data)
		return kvmexc_attr_fail(err, NULL, -EINVAL, "missing attribute KIND");
	ret = kvmexc_attr_uint(&tb[KVMEXC_A_EVAL_KIND], 1, 0, &kind, err);
	if (!ret)
		ret = kvmexc_attr_uint(&tb[KVMEXC_A_EVAL_OS], 1, KVMEXC_OS_WINDOWS, &os, err);
	if (ret)
		return ret;
	if (kind < KVMEXC_EXC_KM || kind > KVMEXC_EXC_KUM)
		return kvmexc_attr_fail(err, &tb[KVMEXC_A_EVAL_KIND], -ERANGE,
					"integer out of range");
	if (os > KVMEXC_OS_LINUX)
		return kvmexc_attr_fail(err, &tb[KVMEXC_A_EVAL_OS], -ERANGE,
					"integer out of range");
	v->kind = kind;
	v->os = os;
	return 0;
}

/* The u32 attributes, in the order of the violation's fields. */
static const struct {
	u16 type;
	u16 offset;
} kvmexc_attr_u32s[] = {
	{ KVMEXC_A_EVAL_FLAGS, offsetof(struct kvmexc_violation, flags) },
	{ KVMEXC_A_EVAL_ZONE, offsetof(struct kvmexc_violation, zone) },
	{ KVMEXC_A_EVAL_OBJECT, offsetof(struct kvmexc_violation, object) },
	{ KVMEXC_A_EVAL_ORIGINATOR, offsetof(struct kvmexc_violation, originator) },
	{ KVMEXC_A_EVAL_RETURN_ORIGINATOR,
	  offsetof(struct kvmexc_violation, return_originator) },
	{ KVMEXC_A_EVAL_PROCESS, offsetof(struct kvmexc_violation, process) },
	{ KVMEXC_A_EVAL_VICTIM, offsetof(struct kvmexc_violation, victim) },
	{ KVMEXC_A_EVAL_VICTIM_PROCESS, offsetof(struct kvmexc_violation, victim_process) },
	{ KVMEXC_A_EVAL_PC_TYPE, offsetof(struct kvmexc_violation, pc_type) },
};

static int kvmexc_attr_scalars(const struct kvmexc_attr *tb, struct kvmexc_violation *v,
			       struct kvmexc_attr_err *err)
{
	u64 idt;
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < ARRAY_SIZE(kvmexc_attr_u32s); i++)
		ret = kvmexc_attr_u32(&tb[kvmexc_attr_u32s[i].type],
				      (u32 *)((u8 *)v + kvmexc_attr_u32s[i].offset), err);
	if (!ret)
		ret = kvmexc_attr_u64(&tb[KVMEXC_A_EVAL_ZONE_FLAGS], &v->zone_flags, err);
	if (!ret)
		ret = kvmexc_attr_u64(&tb[KVMEXC_A_EVAL_OS_VERSION], &v->os_version, err);
	if (!ret)
		ret = kvmexc_attr_u64(&tb[KVMEXC_A_EVAL_ENGINE_VERSION], &v->engine_version, err);
	if (!ret)
		ret = kvmexc_attr_uint(&tb[KVMEXC_A_EVAL_IDT_ENTRY], 1, 0, &idt, err);
	if (ret)
		return ret;
	/* the entry is valid only with its flag, which the attribute sets */
	v->flags &= ~KVMEXC_V_IDT_ENTRY;
	if (tb[KVMEXC_A_EVAL_IDT_ENTRY].data) {
		v->idt_entry = idt;
		v->flags |= KVMEXC_V_IDT_ENTRY;
	}
	return 0;
}

static int kvmexc_attr_names(const struct kvmexc_attr *tb, struct kvmexc_violation *v,
			     struct kvmexc_attr_err *err)
{
	int ret;

	ret = kvmexc_attr_string(&tb[KVMEXC_A_EVAL_ORIGINATOR_NAME], &v->originator_name, err);
	if (!ret)
		ret = kvmexc_attr_string(&tb[KVMEXC_A_EVAL_VICTIM_NAME], &v->victim_name, err);
	if (!ret)
		ret = kvmexc_attr_string(&tb[KVMEXC_A_EVAL_PROCESS_NAME], &v->process_name, err);
	if (!ret)
		ret = kvmexc_attr_string(&tb[KVMEXC_A_EVAL_CMDLINE], &v->cmdline, err);
	return ret;
}

int kvmexc_violation_from_attrs(const struct kvmexc_eval_attrs *a,
				struct kvmexc_violation *v,
				struct kvmexc_attr_err *err)
{
	const struct kvmexc_attr *tb = a->eval;
	int ret;

	memset(v, 0, sizeof(*v));
	ret = kvmexc_attr_kind_os(tb, v, err);
	if (!ret)
		ret = kvmexc_attr_scalars(tb, v, err);
	if (!ret)
		ret = kvmexc_attr_names(tb, v, err);
	if (!ret)
		ret = kvmexc_attr_values(tb, v, err);
	if (!ret && tb[KVMEXC_A_EVAL_CODE].data)
		ret = kvmexc_attr_code(a->code, &v->orig, err);
	if (!ret && tb[KVMEXC_A_EVAL_RETURN_CODE].data)
		ret = kvmexc_attr_code(a->return_code, &v->ret, err);
	if (!ret && tb[KVMEXC_A_EVAL_EXPORT].data)
		ret = kvmexc_attr_export(a->export, &v->export, err);
	return ret;
}
