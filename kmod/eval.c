// SPDX-License-Identifier: GPL-2.0
/*
 * EVAL's attributes into a struct kvmexc_violation, the matcher's input.
 * The violation points into the request's attributes: it lives as long as
 * the request. Everything the matcher relies on (sizes, sorted hash lists,
 * offsets inside buffers) is checked here, with a message naming the
 * attribute at fault.
 */

#include <net/genetlink.h>

#include "kvmexc.h"

#define KVMEXC_EVAL_MAX_CODE	4096
#define KVMEXC_EVAL_MAX_DATA	4096
#define KVMEXC_EVAL_MAX_HASHES	4096

static const struct nla_policy kvmexc_code_policy[KVMEXC_A_CODE_MAX + 1] = {
	[KVMEXC_A_CODE_RIP] = { .type = NLA_U64 },
	[KVMEXC_A_CODE_BLOCKS] = { .type = NLA_BINARY, .len = 4 * KVMEXC_EVAL_MAX_HASHES },
	[KVMEXC_A_CODE_BYTES] = { .type = NLA_BINARY, .len = KVMEXC_EVAL_MAX_CODE },
	[KVMEXC_A_CODE_RIP_OFFSET] = { .type = NLA_U32 },
};

static const struct nla_policy kvmexc_export_policy[KVMEXC_A_EXPORT_MAX + 1] = {
	[KVMEXC_A_EXPORT_KNOWN] = { .type = NLA_FLAG },
	[KVMEXC_A_EXPORT_FOUND] = { .type = NLA_FLAG },
	[KVMEXC_A_EXPORT_LIBRARY] = { .type = NLA_U32 },
	[KVMEXC_A_EXPORT_NAMES] = { .type = NLA_BINARY, .len = 4 * KVMEXC_EVAL_MAX_HASHES },
	[KVMEXC_A_EXPORT_OFFSET] = { .type = NLA_U32 },
	[KVMEXC_A_EXPORT_LENGTH] = { .type = NLA_U32 },
};

#define KVMEXC_EVAL_REPLY_ONLY \
	{ .type = NLA_REJECT, .reject_message = "attribute is only sent in replies" }

const struct nla_policy kvmexc_eval_policy[KVMEXC_A_EVAL_MAX + 1] = {
	[KVMEXC_A_EVAL_PAD] = KVMEXC_EVAL_REPLY_ONLY,
	[KVMEXC_A_EVAL_KIND] = NLA_POLICY_RANGE(NLA_U8, KVMEXC_EXC_KM, KVMEXC_EXC_KUM),
	[KVMEXC_A_EVAL_OS] = NLA_POLICY_MAX(NLA_U8, KVMEXC_OS_LINUX),
	[KVMEXC_A_EVAL_FLAGS] = { .type = NLA_U32 },
	[KVMEXC_A_EVAL_ZONE] = { .type = NLA_U32 },
	[KVMEXC_A_EVAL_ZONE_FLAGS] = { .type = NLA_U64 },
	[KVMEXC_A_EVAL_OBJECT] = { .type = NLA_U32 },
	[KVMEXC_A_EVAL_ORIGINATOR] = { .type = NLA_U32 },
	[KVMEXC_A_EVAL_RETURN_ORIGINATOR] = { .type = NLA_U32 },
	[KVMEXC_A_EVAL_PROCESS] = { .type = NLA_U32 },
	[KVMEXC_A_EVAL_VICTIM] = { .type = NLA_U32 },
	[KVMEXC_A_EVAL_VICTIM_PROCESS] = { .type = NLA_U32 },
	[KVMEXC_A_EVAL_ORIGINATOR_NAME] = { .type = NLA_NUL_STRING, .len = 255 },
	[KVMEXC_A_EVAL_VICTIM_NAME] = { .type = NLA_NUL_STRING, .len = 255 },
	[KVMEXC_A_EVAL_PROCESS_NAME] = { .type = NLA_NUL_STRING, .len = 255 },
	[KVMEXC_A_EVAL_CODE] = NLA_POLICY_NESTED(kvmexc_code_policy),
	[KVMEXC_A_EVAL_RETURN_CODE] = NLA_POLICY_NESTED(kvmexc_code_policy),
	[KVMEXC_A_EVAL_OLD_VALUE] = { .type = NLA_BINARY, .len = 64 },
	[KVMEXC_A_EVAL_NEW_VALUE] = { .type = NLA_BINARY, .len = 64 },
	[KVMEXC_A_EVAL_SIZE] = NLA_POLICY_MAX(NLA_U32, 64),
	[KVMEXC_A_EVAL_DATA] = { .type = NLA_BINARY, .len = KVMEXC_EVAL_MAX_DATA },
	[KVMEXC_A_EVAL_CMDLINE] = { .type = NLA_NUL_STRING, .len = 4096 },
	[KVMEXC_A_EVAL_EXPORT] = NLA_POLICY_NESTED(kvmexc_export_policy),
	[KVMEXC_A_EVAL_IDT_ENTRY] = { .type = NLA_U8 },
	[KVMEXC_A_EVAL_OS_VERSION] = { .type = NLA_U64 },
	[KVMEXC_A_EVAL_ENGINE_VERSION] = { .type = NLA_U64 },
	[KVMEXC_A_EVAL_PC_TYPE] = { .type = NLA_U32 },
	[KVMEXC_A_EVAL_ACTION ... KVMEXC_A_EVAL_EXCEPTION] = KVMEXC_EVAL_REPLY_ONLY,
	[KVMEXC_A_EVAL_GUEST] = { .type = NLA_U32 },
};

/* A binary attribute holding u32 hashes; @sorted: ascending required. */
static int kvmexc_eval_hashes(const struct nlattr *attr, bool sorted,
			      const u32 **hashes, u32 *count,
			      struct netlink_ext_ack *extack)
{
	const u32 *h = nla_data(attr);
	u32 i, n;

	if (nla_len(attr) % sizeof(u32)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "hash list is not a whole number of u32");
		return -EINVAL;
	}
	n = nla_len(attr) / sizeof(u32);
	for (i = 1; sorted && i < n; i++)
		if (h[i - 1] > h[i]) {
			NL_SET_ERR_MSG_ATTR(extack, attr, "code-block hashes must be ascending");
			return -EINVAL;
		}
	*hashes = h;
	*count = n;
	return 0;
}

static int kvmexc_eval_code(const struct nlattr *nest, struct kvmexc_code *code,
			    struct netlink_ext_ack *extack)
{
	struct nlattr *tb[KVMEXC_A_CODE_MAX + 1];
	int ret;

	ret = nla_parse_nested(tb, KVMEXC_A_CODE_MAX, nest, kvmexc_code_policy,
			       extack);
	if (ret)
		return ret;
	if (tb[KVMEXC_A_CODE_RIP])
		code->rip = nla_get_u64(tb[KVMEXC_A_CODE_RIP]);
	if (tb[KVMEXC_A_CODE_BLOCKS]) {
		ret = kvmexc_eval_hashes(tb[KVMEXC_A_CODE_BLOCKS], true,
					 &code->blocks, &code->block_count, extack);
		if (ret)
			return ret;
	}
	if (tb[KVMEXC_A_CODE_BYTES]) {
		code->bytes = nla_data(tb[KVMEXC_A_CODE_BYTES]);
		code->bytes_len = nla_len(tb[KVMEXC_A_CODE_BYTES]);
	}
	if (tb[KVMEXC_A_CODE_RIP_OFFSET])
		code->rip_offset = nla_get_u32(tb[KVMEXC_A_CODE_RIP_OFFSET]);
	if (code->bytes_len && code->rip_offset >= code->bytes_len) {
		NL_SET_ERR_MSG_ATTR(extack, tb[KVMEXC_A_CODE_RIP_OFFSET],
				    "RIP_OFFSET is not inside BYTES");
		return -EINVAL;
	}
	return 0;
}

static int kvmexc_eval_export(const struct nlattr *nest,
			      struct kvmexc_export *exp,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[KVMEXC_A_EXPORT_MAX + 1];
	int ret;

	ret = nla_parse_nested(tb, KVMEXC_A_EXPORT_MAX, nest,
			       kvmexc_export_policy, extack);
	if (ret)
		return ret;
	exp->known = nla_get_flag(tb[KVMEXC_A_EXPORT_KNOWN]);
	exp->found = nla_get_flag(tb[KVMEXC_A_EXPORT_FOUND]);
	if (tb[KVMEXC_A_EXPORT_LIBRARY])
		exp->library = nla_get_u32(tb[KVMEXC_A_EXPORT_LIBRARY]);
	if (tb[KVMEXC_A_EXPORT_OFFSET])
		exp->offset = nla_get_u32(tb[KVMEXC_A_EXPORT_OFFSET]);
	if (tb[KVMEXC_A_EXPORT_LENGTH])
		exp->length = nla_get_u32(tb[KVMEXC_A_EXPORT_LENGTH]);
	if (tb[KVMEXC_A_EXPORT_NAMES])
		return kvmexc_eval_hashes(tb[KVMEXC_A_EXPORT_NAMES], false,
					  &exp->names, &exp->name_count, extack);
	return 0;
}

static u32 kvmexc_eval_u32(struct nlattr *attr, u32 absent)
{
	return attr ? nla_get_u32(attr) : absent;
}

static u64 kvmexc_eval_u64(struct nlattr *attr)
{
	return attr ? nla_get_u64(attr) : 0;
}

static const char *kvmexc_eval_string(struct nlattr *attr)
{
	return attr ? nla_data(attr) : NULL;
}

/* The old and new values, and how many of their bytes the access covers. */
static int kvmexc_eval_values(struct nlattr **tb, struct kvmexc_violation *v,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *old = tb[KVMEXC_A_EVAL_OLD_VALUE];
	struct nlattr *new = tb[KVMEXC_A_EVAL_NEW_VALUE];

	if (old)
		memcpy(v->old_value, nla_data(old), nla_len(old));
	if (new)
		memcpy(v->new_value, nla_data(new), nla_len(new));
	v->size = kvmexc_eval_u32(tb[KVMEXC_A_EVAL_SIZE], new ? nla_len(new) : 0);
	if ((new && v->size > nla_len(new)) || (old && v->size > nla_len(old))) {
		NL_SET_ERR_MSG_ATTR(extack, tb[KVMEXC_A_EVAL_SIZE],
				    "SIZE exceeds the bytes of OLD_VALUE or NEW_VALUE");
		return -EINVAL;
	}
	if (tb[KVMEXC_A_EVAL_DATA]) {
		v->data = nla_data(tb[KVMEXC_A_EVAL_DATA]);
		v->data_len = nla_len(tb[KVMEXC_A_EVAL_DATA]);
	}
	return 0;
}

int kvmexc_eval_parse(struct nlattr **tb, struct kvmexc_violation *v,
		      struct netlink_ext_ack *extack)
{
	int ret;

	memset(v, 0, sizeof(*v));
	if (!tb[KVMEXC_A_EVAL_KIND]) {
		NL_SET_ERR_MSG(extack, "missing attribute KIND");
		return -EINVAL;
	}
	v->kind = nla_get_u8(tb[KVMEXC_A_EVAL_KIND]);
	v->os = tb[KVMEXC_A_EVAL_OS] ? nla_get_u8(tb[KVMEXC_A_EVAL_OS]) : 0;
	v->flags = kvmexc_eval_u32(tb[KVMEXC_A_EVAL_FLAGS], 0);
	v->zone = kvmexc_eval_u32(tb[KVMEXC_A_EVAL_ZONE], 0);
	v->zone_flags = kvmexc_eval_u64(tb[KVMEXC_A_EVAL_ZONE_FLAGS]);
	v->object = kvmexc_eval_u32(tb[KVMEXC_A_EVAL_OBJECT], 0);
	v->originator = kvmexc_eval_u32(tb[KVMEXC_A_EVAL_ORIGINATOR], 0);
	v->return_originator = kvmexc_eval_u32(tb[KVMEXC_A_EVAL_RETURN_ORIGINATOR], 0);
	v->process = kvmexc_eval_u32(tb[KVMEXC_A_EVAL_PROCESS], 0);
	v->victim = kvmexc_eval_u32(tb[KVMEXC_A_EVAL_VICTIM], 0);
	v->victim_process = kvmexc_eval_u32(tb[KVMEXC_A_EVAL_VICTIM_PROCESS], 0);
	v->originator_name = kvmexc_eval_string(tb[KVMEXC_A_EVAL_ORIGINATOR_NAME]);
	v->victim_name = kvmexc_eval_string(tb[KVMEXC_A_EVAL_VICTIM_NAME]);
	v->process_name = kvmexc_eval_string(tb[KVMEXC_A_EVAL_PROCESS_NAME]);
	v->cmdline = kvmexc_eval_string(tb[KVMEXC_A_EVAL_CMDLINE]);
	/* the entry is valid only with its flag, which the attribute sets */
	v->flags &= ~KVMEXC_V_IDT_ENTRY;
	if (tb[KVMEXC_A_EVAL_IDT_ENTRY]) {
		v->idt_entry = nla_get_u8(tb[KVMEXC_A_EVAL_IDT_ENTRY]);
		v->flags |= KVMEXC_V_IDT_ENTRY;
	}
	v->os_version = kvmexc_eval_u64(tb[KVMEXC_A_EVAL_OS_VERSION]);
	v->engine_version = kvmexc_eval_u64(tb[KVMEXC_A_EVAL_ENGINE_VERSION]);
	v->pc_type = kvmexc_eval_u32(tb[KVMEXC_A_EVAL_PC_TYPE], 0);

	ret = kvmexc_eval_values(tb, v, extack);
	if (!ret && tb[KVMEXC_A_EVAL_CODE])
		ret = kvmexc_eval_code(tb[KVMEXC_A_EVAL_CODE], &v->orig, extack);
	if (!ret && tb[KVMEXC_A_EVAL_RETURN_CODE])
		ret = kvmexc_eval_code(tb[KVMEXC_A_EVAL_RETURN_CODE], &v->ret, extack);
	if (!ret && tb[KVMEXC_A_EVAL_EXPORT])
		ret = kvmexc_eval_export(tb[KVMEXC_A_EVAL_EXPORT], &v->export, extack);
	return ret;
}
