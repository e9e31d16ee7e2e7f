// SPDX-License-Identifier: GPL-2.0
/*
 * The generic-netlink family "kvmexc" in one place: every policy, every
 * operation with its policy, maxattr and permission, the multicast group,
 * and the helpers every reply, dump and notification is built with. The
 * handlers live by concern in nl_exceptions.c, nl_eval.c and nl_guest.c.
 *
 * Documentation/netlink/specs/kvmexc.yaml says the same to userspace, and
 * tests/host/ynl_check.py reads this file to hold both to it.
 */

#include <net/genetlink.h>

#include "genl.h"
#include "guest.h"

/* Strict validation refuses what a policy leaves out; these say why. */
#define KVMEXC_REPLY_ONLY \
	{ .type = NLA_REJECT, .reject_message = "attribute is only sent in replies" }
#define KVMEXC_NOT_HERE(msg) \
	{ .type = NLA_REJECT, .reject_message = (msg) }

static const struct nla_policy kvmexc_status_policy[KVMEXC_A_STATUS_MAX + 1] = {
	[KVMEXC_A_STATUS_PAD ... KVMEXC_A_STATUS_MAX] = KVMEXC_REPLY_ONLY,
};

static const struct nla_policy kvmexc_load_policy[KVMEXC_A_LOAD_MAX + 1] = {
	[KVMEXC_A_LOAD_SIZE] = NLA_POLICY_MIN(NLA_U32, sizeof(struct kvmexc_file_header)),
	[KVMEXC_A_LOAD_TRANSFER_ID] = { .type = NLA_U32 },
	[KVMEXC_A_LOAD_OFFSET] = { .type = NLA_U32 },
	[KVMEXC_A_LOAD_DATA] = { .type = NLA_BINARY, .len = KVMEXC_LOAD_CHUNK_MAX },
	[KVMEXC_A_LOAD_VERSION_MAJOR ... KVMEXC_A_LOAD_MAX] = KVMEXC_REPLY_ONLY,
};

static const struct nla_policy kvmexc_add_policy[KVMEXC_A_ADDED_MAX + 1] = {
	[KVMEXC_A_ADDED_PAD] = KVMEXC_REPLY_ONLY,
	[KVMEXC_A_ADDED_CONTEXT] = { .type = NLA_U64 },
	[KVMEXC_A_ADDED_RECORDS] = NLA_POLICY_MIN_LEN(sizeof(struct kvmexc_record_header)),
	[KVMEXC_A_ADDED_GUEST] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* An added exception is named by its context alone, whatever its guest. */
static const struct nla_policy kvmexc_remove_policy[KVMEXC_A_ADDED_MAX + 1] = {
	[KVMEXC_A_ADDED_PAD] = KVMEXC_REPLY_ONLY,
	[KVMEXC_A_ADDED_CONTEXT] = { .type = NLA_U64 },
	[KVMEXC_A_ADDED_RECORDS ... KVMEXC_A_ADDED_GUEST] =
		KVMEXC_NOT_HERE("REMOVE takes only CONTEXT"),
};

static const struct nla_policy kvmexc_flush_policy[KVMEXC_A_ADDED_MAX + 1] = {
	[KVMEXC_A_ADDED_PAD ... KVMEXC_A_ADDED_RECORDS] =
		KVMEXC_NOT_HERE("FLUSH takes only GUEST"),
	[KVMEXC_A_ADDED_GUEST] = NLA_POLICY_MIN(NLA_U32, 1),
};

static const struct nla_policy kvmexc_exc_policy[KVMEXC_A_EXC_MAX + 1] = {
	[KVMEXC_A_EXC_PAD ... KVMEXC_A_EXC_MAX] = KVMEXC_REPLY_ONLY,
};

const struct nla_policy kvmexc_code_policy[KVMEXC_A_CODE_MAX + 1] = {
	[KVMEXC_A_CODE_RIP] = { .type = NLA_U64 },
	[KVMEXC_A_CODE_BLOCKS] = { .type = NLA_BINARY, .len = 4 * KVMEXC_EVAL_HASHES_MAX },
	[KVMEXC_A_CODE_BYTES] = { .type = NLA_BINARY, .len = KVMEXC_EVAL_CODE_MAX },
	[KVMEXC_A_CODE_RIP_OFFSET] = { .type = NLA_U32 },
	[KVMEXC_A_CODE_ERROR] = { .type = NLA_FLAG },
};

const struct nla_policy kvmexc_export_policy[KVMEXC_A_EXPORT_MAX + 1] = {
	[KVMEXC_A_EXPORT_KNOWN] = { .type = NLA_FLAG },
	[KVMEXC_A_EXPORT_FOUND] = { .type = NLA_FLAG },
	[KVMEXC_A_EXPORT_LIBRARY] = { .type = NLA_U32 },
	[KVMEXC_A_EXPORT_NAMES] = { .type = NLA_BINARY, .len = 4 * KVMEXC_EVAL_HASHES_MAX },
	[KVMEXC_A_EXPORT_OFFSET] = { .type = NLA_U32 },
	[KVMEXC_A_EXPORT_LENGTH] = { .type = NLA_U32 },
};

static const struct nla_policy kvmexc_eval_policy[KVMEXC_A_EVAL_MAX + 1] = {
	[KVMEXC_A_EVAL_PAD] = KVMEXC_REPLY_ONLY,
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
	[KVMEXC_A_EVAL_ACTION ... KVMEXC_A_EVAL_EXCEPTION] = KVMEXC_REPLY_ONLY,
	[KVMEXC_A_EVAL_GUEST] = { .type = NLA_U32 },
};

static const struct nla_policy kvmexc_guest_policy[KVMEXC_A_GUEST_MAX + 1] = {
	[KVMEXC_A_GUEST_PAD] = KVMEXC_REPLY_ONLY,
	[KVMEXC_A_GUEST_ID] = { .type = NLA_U32 },
	[KVMEXC_A_GUEST_VM_FD] = { .type = NLA_U32 },
	[KVMEXC_A_GUEST_OS] = NLA_POLICY_MAX(NLA_U8, KVMEXC_GUEST_LINUX),
	[KVMEXC_A_GUEST_BITS] = NLA_POLICY_RANGE(NLA_U8, 32, 64),
	[KVMEXC_A_GUEST_OS_VERSION] = { .type = NLA_U64 },
	[KVMEXC_A_GUEST_POLICY] = NLA_POLICY_MAX(NLA_U8, KVMEXC_POLICY_LOG_ONLY),
	[KVMEXC_A_GUEST_PERSIST] = { .type = NLA_FLAG },
	[KVMEXC_A_GUEST_VMM_PID ... KVMEXC_A_GUEST_MAX] = KVMEXC_REPLY_ONLY,
};

static const struct nla_policy kvmexc_zone_policy[KVMEXC_A_ZONE_MAX + 1] = {
	[KVMEXC_A_ZONE_PAD] = KVMEXC_REPLY_ONLY,
	[KVMEXC_A_ZONE_GUEST_ID] = { .type = NLA_U32 },
	[KVMEXC_A_ZONE_GPA] = { .type = NLA_U64 },
	[KVMEXC_A_ZONE_LENGTH] = { .type = NLA_U32 },
	[KVMEXC_A_ZONE_KIND] = NLA_POLICY_RANGE(NLA_U8, KVMEXC_EXC_KM, KVMEXC_EXC_KUM),
	[KVMEXC_A_ZONE_OBJECT] = { .type = NLA_U32 },
	[KVMEXC_A_ZONE_ZONE_FLAGS] = { .type = NLA_U64 },
	[KVMEXC_A_ZONE_VICTIM] = { .type = NLA_NUL_STRING, .len = KVMEXC_NAME_MAX - 1 },
	[KVMEXC_A_ZONE_PROCESS] = { .type = NLA_NUL_STRING, .len = KVMEXC_NAME_MAX - 1 },
	[KVMEXC_A_ZONE_GVA] = { .type = NLA_U64 },
};

static const struct nla_policy kvmexc_module_policy[KVMEXC_A_MODULE_MAX + 1] = {
	[KVMEXC_A_MODULE_PAD] = KVMEXC_REPLY_ONLY,
	[KVMEXC_A_MODULE_GUEST_ID] = { .type = NLA_U32 },
	[KVMEXC_A_MODULE_START] = { .type = NLA_U64 },
	[KVMEXC_A_MODULE_LENGTH] = NLA_POLICY_MIN(NLA_U64, 1),
	[KVMEXC_A_MODULE_KIND] = NLA_POLICY_RANGE(NLA_U8, KVMEXC_EXC_KM, KVMEXC_EXC_UM),
	[KVMEXC_A_MODULE_NAME] = { .type = NLA_NUL_STRING, .len = KVMEXC_NAME_MAX - 1 },
	[KVMEXC_A_MODULE_PROCESS] = { .type = NLA_NUL_STRING, .len = KVMEXC_NAME_MAX - 1 },
	[KVMEXC_A_MODULE_CR3] = { .type = NLA_U64 },
};

static const struct nla_policy kvmexc_get_alert_policy[KVMEXC_A_EVENT_MAX + 1] = {
	[KVMEXC_A_EVENT_PAD] = KVMEXC_REPLY_ONLY,
	[KVMEXC_A_EVENT_GUEST_ID] = { .type = NLA_U32 },
	[KVMEXC_A_EVENT_SEQ] = NLA_POLICY_MIN(NLA_U64, 1),
	[KVMEXC_A_EVENT_ACTION ... KVMEXC_A_EVENT_MAX] = KVMEXC_REPLY_ONLY,
};

/* Each command takes only its own attributes, and only from admins. */
#define KVMEXC_OP(_cmd, _doit, _policy, _maxattr) {			\
	.cmd = (_cmd), .doit = (_doit), .policy = (_policy),		\
	.maxattr = (_maxattr), .flags = GENL_ADMIN_PERM,		\
}

#define KVMEXC_DUMP_OP(_cmd, _dumpit, _policy, _maxattr) {		\
	.cmd = (_cmd), .dumpit = (_dumpit), .policy = (_policy),	\
	.maxattr = (_maxattr), .flags = GENL_ADMIN_PERM,		\
}

static const struct genl_ops kvmexc_genl_ops[] = {
	KVMEXC_OP(KVMEXC_CMD_GET_STATUS, kvmexc_nl_get_status_doit,
		  kvmexc_status_policy, KVMEXC_A_STATUS_MAX),
	KVMEXC_OP(KVMEXC_CMD_LOAD_BEGIN, kvmexc_nl_load_begin_doit,
		  kvmexc_load_policy, KVMEXC_A_LOAD_MAX),
	KVMEXC_OP(KVMEXC_CMD_LOAD_CHUNK, kvmexc_nl_load_chunk_doit,
		  kvmexc_load_policy, KVMEXC_A_LOAD_MAX),
	KVMEXC_OP(KVMEXC_CMD_LOAD_COMMIT, kvmexc_nl_load_commit_doit,
		  kvmexc_load_policy, KVMEXC_A_LOAD_MAX),
	KVMEXC_OP(KVMEXC_CMD_ADD, kvmexc_nl_add_doit,
		  kvmexc_add_policy, KVMEXC_A_ADDED_MAX),
	KVMEXC_OP(KVMEXC_CMD_REMOVE, kvmexc_nl_remove_doit,
		  kvmexc_remove_policy, KVMEXC_A_ADDED_MAX),
	KVMEXC_OP(KVMEXC_CMD_FLUSH, kvmexc_nl_flush_doit,
		  kvmexc_flush_policy, KVMEXC_A_ADDED_MAX),
	KVMEXC_OP(KVMEXC_CMD_EVAL, kvmexc_nl_eval_doit,
		  kvmexc_eval_policy, KVMEXC_A_EVAL_MAX),
	KVMEXC_DUMP_OP(KVMEXC_CMD_LIST, kvmexc_nl_list_dumpit,
		       kvmexc_exc_policy, KVMEXC_A_EXC_MAX),
	KVMEXC_OP(KVMEXC_CMD_ATTACH, kvmexc_nl_attach_doit,
		  kvmexc_guest_policy, KVMEXC_A_GUEST_MAX),
	KVMEXC_OP(KVMEXC_CMD_DETACH, kvmexc_nl_detach_doit,
		  kvmexc_guest_policy, KVMEXC_A_GUEST_MAX),
	KVMEXC_DUMP_OP(KVMEXC_CMD_GUESTS, kvmexc_nl_guests_dumpit,
		       kvmexc_guest_policy, KVMEXC_A_GUEST_MAX),
	KVMEXC_OP(KVMEXC_CMD_PROTECT, kvmexc_nl_protect_doit,
		  kvmexc_zone_policy, KVMEXC_A_ZONE_MAX),
	KVMEXC_OP(KVMEXC_CMD_UNPROTECT, kvmexc_nl_unprotect_doit,
		  kvmexc_zone_policy, KVMEXC_A_ZONE_MAX),
	KVMEXC_OP(KVMEXC_CMD_MODULE, kvmexc_nl_module_doit,
		  kvmexc_module_policy, KVMEXC_A_MODULE_MAX),
	KVMEXC_OP(KVMEXC_CMD_MODULE_DEL, kvmexc_nl_module_del_doit,
		  kvmexc_module_policy, KVMEXC_A_MODULE_MAX),
	KVMEXC_OP(KVMEXC_CMD_GET_ALERT, kvmexc_nl_get_alert_doit,
		  kvmexc_get_alert_policy, KVMEXC_A_EVENT_MAX),
};

/* Alerts carry guest addresses: only CAP_NET_ADMIN may listen. */
static const struct genl_multicast_group kvmexc_genl_mcgrps[] = {
	[KVMEXC_MCGRP_ALERTS_ID] = {
		.name = KVMEXC_MCGRP_ALERTS,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

static struct genl_family kvmexc_family __ro_after_init = {
	.name = KVMEXC_FAMILY_NAME,
	.version = KVMEXC_FAMILY_VERSION,
	.netnsok = false,
	.module = THIS_MODULE,
	.ops = kvmexc_genl_ops,
	.n_ops = ARRAY_SIZE(kvmexc_genl_ops),
	.mcgrps = kvmexc_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(kvmexc_genl_mcgrps),
};

/*
 * Starts the reply to @info, with room for @payload bytes of attributes.
 * A command that changes state starts its reply first, so that once the
 * change is made the reply cannot fail for want of memory.
 */
int kvmexc_reply_start(struct kvmexc_reply *r, struct genl_info *info,
		       size_t payload)
{
	r->msg = genlmsg_new(payload, GFP_KERNEL);
	if (!r->msg) {
		NL_SET_ERR_MSG(info->extack, "no memory for the reply");
		return -ENOMEM;
	}
	r->hdr = genlmsg_put_reply(r->msg, info, &kvmexc_family, 0,
				   info->genlhdr->cmd);
	if (!r->hdr) {
		nlmsg_free(r->msg);
		return -EMSGSIZE;
	}
	return 0;
}

void kvmexc_reply_cancel(struct kvmexc_reply *r)
{
	nlmsg_free(r->msg);
}

/* Sends @r, or drops it when @err, the command's error, which is returned. */
int kvmexc_reply_send(struct kvmexc_reply *r, struct genl_info *info, int err)
{
	if (err) {
		nlmsg_free(r->msg);
		if (err == -EMSGSIZE && !info->extack->_msg)
			NL_SET_ERR_MSG(info->extack, "the reply does not fit in one message");
		return err;
	}
	genlmsg_end(r->msg, r->hdr);
	return genlmsg_reply(r->msg, info);
}

/*
 * One message of a dump, its attributes put by @fill; -EMSGSIZE when @skb
 * is full, and the message is left for the next part of the dump.
 */
int kvmexc_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
		    kvmexc_fill_fn fill, void *arg)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &kvmexc_family, NLM_F_MULTI, genl_dumpit_info(cb)->op.cmd);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (fill(skb, arg)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* What a dumpit returns once its walk stopped with @ret. */
int kvmexc_dump_done(struct sk_buff *skb, int ret)
{
	/* A full part is sent; the walk goes on where it stopped. */
	if (ret == -EMSGSIZE && skb->len)
		return skb->len;
	return ret ?: skb->len;
}

/*
 * Sends @cmd to the listeners of "alerts", its attributes put by @fill;
 * -ENOBUFS when a listener's receive buffer was full and it lost the
 * message. Nothing is built while nobody listens.
 */
int kvmexc_notify(u8 cmd, size_t payload, kvmexc_fill_fn fill, void *arg)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&kvmexc_family, &init_net, KVMEXC_MCGRP_ALERTS_ID))
		return 0;
	msg = genlmsg_new(payload, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, 0, 0, &kvmexc_family, 0, cmd);
	if (!hdr || fill(msg, arg)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_multicast(&kvmexc_family, msg, 0, KVMEXC_MCGRP_ALERTS_ID,
				 GFP_KERNEL);
}

int __init kvmexc_genl_init(void)
{
	return genl_register_family(&kvmexc_family);
}

void kvmexc_genl_exit(void)
{
	genl_unregister_family(&kvmexc_family);
}
