// SPDX-License-Identifier: GPL-2.0
/*
 * EVAL's attributes into a struct kvmexc_violation, the matcher's input.
 * The policies refuse malformed attributes; the core (core/violation.c)
 * turns the values into the violation and checks what the matcher relies
 * on (sizes, sorted hash lists, offsets inside buffers), its message naming
 * the attribute at fault. The violation points into the request's
 * attributes: it lives as long as the request.
 */

#include <net/genetlink.h>

#include "kvmexc.h"
#include "core/violation.h"

/* The larger of the nests, for one parse buffer */
#define KVMEXC_EVAL_NEST_MAX	KVMEXC_A_EXPORT_MAX
static_assert(KVMEXC_A_CODE_MAX <= KVMEXC_EVAL_NEST_MAX);

static const struct nla_policy kvmexc_code_policy[KVMEXC_A_CODE_MAX + 1] = {
	[KVMEXC_A_CODE_RIP] = { .type = NLA_U64 },
	[KVMEXC_A_CODE_BLOCKS] = { .type = NLA_BINARY, .len = 4 * KVMEXC_EVAL_HASHES_MAX },
	[KVMEXC_A_CODE_BYTES] = { .type = NLA_BINARY, .len = KVMEXC_EVAL_CODE_MAX },
	[KVMEXC_A_CODE_RIP_OFFSET] = { .type = NLA_U32 },
	[KVMEXC_A_CODE_ERROR] = { .type = NLA_FLAG },
};

static const struct nla_policy kvmexc_export_policy[KVMEXC_A_EXPORT_MAX + 1] = {
	[KVMEXC_A_EXPORT_KNOWN] = { .type = NLA_FLAG },
	[KVMEXC_A_EXPORT_FOUND] = { .type = NLA_FLAG },
	[KVMEXC_A_EXPORT_LIBRARY] = { .type = NLA_U32 },
	[KVMEXC_A_EXPORT_NAMES] = { .type = NLA_BINARY, .len = 4 * KVMEXC_EVAL_HASHES_MAX },
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
	[KVMEXC_A_EVAL_DATA] = { .type = NLA_BINARY, .len = KVMEXC_EVAL_DATA_MAX },
	[KVMEXC_A_EVAL_CMDLINE] = { .type = NLA_NUL_STRING, .len = 4096 },
	[KVMEXC_A_EVAL_EXPORT] = NLA_POLICY_NESTED(kvmexc_export_policy),
	[KVMEXC_A_EVAL_IDT_ENTRY] = { .type = NLA_U8 },
	[KVMEXC_A_EVAL_OS_VERSION] = { .type = NLA_U64 },
	[KVMEXC_A_EVAL_ENGINE_VERSION] = { .type = NLA_U64 },
	[KVMEXC_A_EVAL_PC_TYPE] = { .type = NLA_U32 },
	[KVMEXC_A_EVAL_ACTION ... KVMEXC_A_EVAL_EXCEPTION] = KVMEXC_EVAL_REPLY_ONLY,
	[KVMEXC_A_EVAL_GUEST] = { .type = NLA_U32 },
};

/* Each present attribute of @tb as a value the core reads. */
static void kvmexc_eval_attrs(struct nlattr **tb, int max, struct kvmexc_attr *out)
{
	int i;

	for (i = 0; i <= max; i++)
		if (tb[i])
			out[i] = (struct kvmexc_attr){
				.data = nla_data(tb[i]), .len = nla_len(tb[i]), .origin = tb[i],
			};
}

static int kvmexc_eval_nest(struct nlattr *nest, int max, const struct nla_policy *policy,
			    struct kvmexc_attr *out, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[KVMEXC_EVAL_NEST_MAX + 1];
	int ret;

	if (!nest)
		return 0;
	ret = nla_parse_nested(tb, max, nest, policy, extack);
	if (!ret)
		kvmexc_eval_attrs(tb, max, out);
	return ret;
}

int kvmexc_eval_parse(struct nlattr **tb, struct kvmexc_violation *v,
		      struct netlink_ext_ack *extack)
{
	struct kvmexc_eval_attrs *a;
	struct kvmexc_attr_err err;
	int ret;

	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	kvmexc_eval_attrs(tb, KVMEXC_A_EVAL_MAX, a->eval);
	ret = kvmexc_eval_nest(tb[KVMEXC_A_EVAL_CODE], KVMEXC_A_CODE_MAX,
			       kvmexc_code_policy, a->code, extack);
	if (!ret)
		ret = kvmexc_eval_nest(tb[KVMEXC_A_EVAL_RETURN_CODE], KVMEXC_A_CODE_MAX,
				       kvmexc_code_policy, a->return_code, extack);
	if (!ret)
		ret = kvmexc_eval_nest(tb[KVMEXC_A_EVAL_EXPORT], KVMEXC_A_EXPORT_MAX,
				       kvmexc_export_policy, a->export, extack);
	if (!ret) {
		ret = kvmexc_violation_from_attrs(a, v, &err);
		/* the core's messages are constants: no copy needed */
		if (ret) {
			extack->_msg = err.msg;
			extack->bad_attr = err.origin;
		}
	}
	kfree(a);
	return ret;
}
