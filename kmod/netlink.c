// SPDX-License-Identifier: GPL-2.0
/*
 * The generic-netlink family "kvmexc": policies, operations and replies.
 * Handlers check attributes, call one function of the module and build the
 * reply; no decision logic lives here.
 */

#include <net/genetlink.h>

#include "kvmexc.h"

static struct genl_family kvmexc_family;

struct genl_family *kvmexc_nl_family(void)
{
	return &kvmexc_family;
}

/* Starts a reply to @info; NULL when no memory. */
static struct sk_buff *kvmexc_reply_new(struct genl_info *info, u8 cmd,
					void **hdr)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);

	if (!msg)
		return NULL;
	*hdr = genlmsg_put_reply(msg, info, &kvmexc_family, 0, cmd);
	if (!*hdr) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int kvmexc_reply_send(struct sk_buff *msg, void *hdr,
			     struct genl_info *info, int fill_ret)
{
	if (fill_ret) {
		nlmsg_free(msg);
		return fill_ret;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int kvmexc_status_fill(struct sk_buff *skb)
{
	u64 dropped, undelivered;
	struct kvmexc_status st;

	kvmexc_status(&st);
	kvmexc_alert_totals(&dropped, &undelivered);
	if (nla_put_string(skb, KVMEXC_A_STATUS_MODULE_VERSION, KVMEXC_VERSION) ||
	    nla_put_u8(skb, KVMEXC_A_STATUS_LOADED, st.loaded) ||
	    nla_put_u32(skb, KVMEXC_A_STATUS_ALERT_EXCEPTIONS, st.alert_exceptions) ||
	    nla_put_u64_64bit(skb, KVMEXC_A_STATUS_MEMORY,
			      st.set.bytes + st.alert_bytes, KVMEXC_A_STATUS_PAD) ||
	    nla_put_u64_64bit(skb, KVMEXC_A_STATUS_DECISIONS, st.decisions,
			      KVMEXC_A_STATUS_PAD) ||
	    nla_put_u64_64bit(skb, KVMEXC_A_STATUS_ALLOWED, st.allowed,
			      KVMEXC_A_STATUS_PAD) ||
	    nla_put_u64_64bit(skb, KVMEXC_A_STATUS_DENIED, st.denied,
			      KVMEXC_A_STATUS_PAD) ||
	    nla_put_u64_64bit(skb, KVMEXC_A_STATUS_FEEDBACK, st.feedback,
			      KVMEXC_A_STATUS_PAD) ||
	    nla_put_u64_64bit(skb, KVMEXC_A_STATUS_ALERTS_DROPPED, dropped,
			      KVMEXC_A_STATUS_PAD) ||
	    nla_put_u64_64bit(skb, KVMEXC_A_STATUS_ALERTS_UNDELIVERED, undelivered,
			      KVMEXC_A_STATUS_PAD))
		return -EMSGSIZE;
	if (!st.loaded)
		return 0;
	if (nla_put_u16(skb, KVMEXC_A_STATUS_VERSION_MAJOR, st.info.major) ||
	    nla_put_u16(skb, KVMEXC_A_STATUS_VERSION_MINOR, st.info.minor) ||
	    nla_put_u32(skb, KVMEXC_A_STATUS_BUILD, st.info.build) ||
	    nla_put_u32(skb, KVMEXC_A_STATUS_KERNEL_COUNT, st.set.kernel) ||
	    nla_put_u32(skb, KVMEXC_A_STATUS_USER_COUNT, st.set.user) ||
	    nla_put_u32(skb, KVMEXC_A_STATUS_GLOB_COUNT, st.set.glob) ||
	    nla_put_u32(skb, KVMEXC_A_STATUS_KERNEL_USER_COUNT,
			st.set.kernel_user) ||
	    nla_put_u32(skb, KVMEXC_A_STATUS_SIGNATURE_COUNT, st.set.signatures))
		return -EMSGSIZE;
	return 0;
}

static int kvmexc_nl_get_status_doit(struct sk_buff *skb,
				     struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = kvmexc_reply_new(info, KVMEXC_CMD_GET_STATUS, &hdr);
	if (!msg)
		return -ENOMEM;
	return kvmexc_reply_send(msg, hdr, info, kvmexc_status_fill(msg));
}

/* Tells listeners of "alerts" that the exceptions in force changed. */
void kvmexc_nl_notify_changed(void)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&kvmexc_family, &init_net,
				KVMEXC_MCGRP_ALERTS_ID))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &kvmexc_family, 0, KVMEXC_CMD_CHANGED);
	if (!hdr || kvmexc_status_fill(msg)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&kvmexc_family, msg, 0, KVMEXC_MCGRP_ALERTS_ID,
			  GFP_KERNEL);
}

static int kvmexc_nl_load_begin_doit(struct sk_buff *skb,
				     struct genl_info *info)
{
	struct kvmexc_session *s;
	struct sk_buff *msg;
	u32 size, id;
	void *hdr;
	int ret;

	if (KVMEXC_REQUIRE(info, KVMEXC_A_LOAD_SIZE, "SIZE"))
		return -EINVAL;
	size = nla_get_u32(info->attrs[KVMEXC_A_LOAD_SIZE]);
	if (size > kvmexc_max_file_size) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[KVMEXC_A_LOAD_SIZE],
				    "SIZE exceeds the max_file_size module parameter");
		return -EFBIG;
	}

	msg = kvmexc_reply_new(info, KVMEXC_CMD_LOAD_BEGIN, &hdr);
	if (!msg)
		return -ENOMEM;
	s = kvmexc_session_lock(info->snd_portid);
	if (!s) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	ret = kvmexc_upload_begin(s, size, &id, info->extack);
	kvmexc_session_unlock(s);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	ret = nla_put_u32(msg, KVMEXC_A_LOAD_TRANSFER_ID, id);
	return kvmexc_reply_send(msg, hdr, info, ret);
}

static int kvmexc_nl_load_chunk_doit(struct sk_buff *skb,
				     struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct kvmexc_session *s;
	int ret;

	if (KVMEXC_REQUIRE(info, KVMEXC_A_LOAD_TRANSFER_ID, "TRANSFER_ID") ||
	    KVMEXC_REQUIRE(info, KVMEXC_A_LOAD_OFFSET, "OFFSET") ||
	    KVMEXC_REQUIRE(info, KVMEXC_A_LOAD_DATA, "DATA"))
		return -EINVAL;

	s = kvmexc_session_lock(info->snd_portid);
	if (!s)
		return -ENOMEM;
	ret = kvmexc_upload_chunk(s, nla_get_u32(tb[KVMEXC_A_LOAD_TRANSFER_ID]),
				  nla_get_u32(tb[KVMEXC_A_LOAD_OFFSET]),
				  nla_data(tb[KVMEXC_A_LOAD_DATA]),
				  nla_len(tb[KVMEXC_A_LOAD_DATA]), info->extack);
	kvmexc_session_unlock(s);
	return ret;
}

static int kvmexc_load_info_fill(struct sk_buff *skb,
				 const struct kvmexc_file_info *fi)
{
	if (nla_put_u16(skb, KVMEXC_A_LOAD_VERSION_MAJOR, fi->major) ||
	    nla_put_u16(skb, KVMEXC_A_LOAD_VERSION_MINOR, fi->minor) ||
	    nla_put_u32(skb, KVMEXC_A_LOAD_BUILD, fi->build) ||
	    nla_put_u32(skb, KVMEXC_A_LOAD_KERNEL_COUNT, fi->kernel_count) ||
	    nla_put_u32(skb, KVMEXC_A_LOAD_USER_COUNT, fi->user_count) ||
	    nla_put_u32(skb, KVMEXC_A_LOAD_GLOB_COUNT, fi->glob_count) ||
	    nla_put_u32(skb, KVMEXC_A_LOAD_KERNEL_USER_COUNT,
			fi->kernel_user_count) ||
	    nla_put_u32(skb, KVMEXC_A_LOAD_SIGNATURE_COUNT, fi->signature_count))
		return -EMSGSIZE;
	return 0;
}

static int kvmexc_nl_load_commit_doit(struct sk_buff *skb,
				      struct genl_info *info)
{
	struct kvmexc_file_info fi;
	struct kvmexc_session *s;
	struct kvmexc_err err;
	struct sk_buff *msg;
	u32 size;
	void *hdr;
	u8 *buf;
	int ret;

	if (KVMEXC_REQUIRE(info, KVMEXC_A_LOAD_TRANSFER_ID, "TRANSFER_ID"))
		return -EINVAL;
	msg = kvmexc_reply_new(info, KVMEXC_CMD_LOAD_COMMIT, &hdr);
	if (!msg)
		return -ENOMEM;

	s = kvmexc_session_lock(info->snd_portid);
	if (!s) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	ret = kvmexc_upload_finish(s, nla_get_u32(info->attrs[KVMEXC_A_LOAD_TRANSFER_ID]),
				   &buf, &size, info->extack);
	kvmexc_session_unlock(s);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}

	/* Parsing a large file takes a while: no session lock meanwhile. */
	ret = kvmexc_load(buf, size, &fi, &err);
	kvfree(buf);
	if (ret) {
		kvmexc_error(info->snd_portid, info->extack, err.msg);
		nlmsg_free(msg);
		return ret;
	}
	return kvmexc_reply_send(msg, hdr, info, kvmexc_load_info_fill(msg, &fi));
}

static int kvmexc_nl_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct kvmexc_err err;
	u32 guest = 0;
	int ret;

	if (KVMEXC_REQUIRE(info, KVMEXC_A_ALERT_CONTEXT, "CONTEXT") ||
	    KVMEXC_REQUIRE(info, KVMEXC_A_ALERT_RECORDS, "RECORDS"))
		return -EINVAL;
	if (tb[KVMEXC_A_ALERT_GUEST])
		guest = nla_get_u32(tb[KVMEXC_A_ALERT_GUEST]);
	ret = kvmexc_guest_alert_add(guest, nla_get_u64(tb[KVMEXC_A_ALERT_CONTEXT]),
				     nla_data(tb[KVMEXC_A_ALERT_RECORDS]),
				     nla_len(tb[KVMEXC_A_ALERT_RECORDS]), &err);
	if (ret) {
		kvmexc_error(info->snd_portid, info->extack, err.msg);
		info->extack->bad_attr = ret == -ENOENT ? tb[KVMEXC_A_ALERT_GUEST] :
							  tb[KVMEXC_A_ALERT_RECORDS];
	}
	return ret;
}

static int kvmexc_nl_remove_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct kvmexc_err err;
	int ret;

	if (KVMEXC_REQUIRE(info, KVMEXC_A_ALERT_CONTEXT, "CONTEXT"))
		return -EINVAL;
	ret = kvmexc_alert_remove(nla_get_u64(info->attrs[KVMEXC_A_ALERT_CONTEXT]),
				  &err);
	if (ret)
		kvmexc_error(info->snd_portid, info->extack, err.msg);
	return ret;
}

static int kvmexc_nl_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *guest = info->attrs[KVMEXC_A_ALERT_GUEST];
	struct kvmexc_err err;
	int ret;

	ret = kvmexc_alert_flush(guest ? nla_get_u32(guest) : 0, &err);
	if (ret)
		kvmexc_error(info->snd_portid, info->extack, err.msg);
	return ret;
}

struct kvmexc_list_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
};

int kvmexc_exc_fill(struct sk_buff *skb, const struct kvmexc_set *set,
		    const struct kvmexc_exc *e, u32 source)
{
	u32 i;

	if (nla_put_u8(skb, KVMEXC_A_EXC_SOURCE, source) ||
	    nla_put_u32(skb, KVMEXC_A_EXC_RECORD, e->record) ||
	    nla_put_u8(skb, KVMEXC_A_EXC_KIND, e->kind) ||
	    nla_put_u8(skb, KVMEXC_A_EXC_OBJECT_TYPE, e->object_type) ||
	    nla_put_u32(skb, KVMEXC_A_EXC_FLAGS, e->flags) ||
	    nla_put_u32(skb, KVMEXC_A_EXC_HITS, kvmexc_set_hits(set, e)))
		return -EMSGSIZE;
	if (set->contexts &&
	    nla_put_u64_64bit(skb, KVMEXC_A_EXC_CONTEXT,
			      set->contexts[e - set->excs], KVMEXC_A_EXC_PAD))
		return -EMSGSIZE;
	if (set->guests && set->guests[e - set->excs] &&
	    nla_put_u32(skb, KVMEXC_A_EXC_GUEST, set->guests[e - set->excs]))
		return -EMSGSIZE;
	if (e->kind == KVMEXC_EXC_GLOB) {
		if (nla_put_string(skb, KVMEXC_A_EXC_GLOB_ORIGINATOR,
				   kvmexc_exc_glob(set, e, 0)) ||
		    nla_put_string(skb, KVMEXC_A_EXC_GLOB_VICTIM,
				   kvmexc_exc_glob(set, e, 1)) ||
		    nla_put_string(skb, KVMEXC_A_EXC_GLOB_PROCESS,
				   kvmexc_exc_glob(set, e, 2)))
			return -EMSGSIZE;
	} else if (nla_put_u32(skb, KVMEXC_A_EXC_ORIGINATOR, e->originator) ||
		   nla_put_u32(skb, KVMEXC_A_EXC_VICTIM, e->victim) ||
		   (e->kind != KVMEXC_EXC_KM &&
		    nla_put_u32(skb, KVMEXC_A_EXC_PROCESS, e->process))) {
		return -EMSGSIZE;
	}
	for (i = 0; i < e->sig_count; i++)
		if (nla_put_u32(skb, KVMEXC_A_EXC_SIGNATURE, kvmexc_exc_id(set, e, i)))
			return -EMSGSIZE;
	return 0;
}

static int kvmexc_list_fill(void *arg, const struct kvmexc_set *set,
			    const struct kvmexc_exc *e, u32 source)
{
	struct kvmexc_list_dump *dump = arg;
	struct sk_buff *skb = dump->skb;
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(dump->cb->skb).portid,
			  dump->cb->nlh->nlmsg_seq, &kvmexc_family, NLM_F_MULTI,
			  KVMEXC_CMD_LIST);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(dump->cb, hdr);
	if (kvmexc_exc_fill(skb, set, e, source)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int kvmexc_nl_list_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct kvmexc_list_cursor *cursor = (void *)cb->ctx;
	struct kvmexc_list_dump dump = { .skb = skb, .cb = cb };
	int ret;

	BUILD_BUG_ON(sizeof(*cursor) > sizeof(cb->ctx));
	/* Compared with the previous call's: NLM_F_DUMP_INTR if it moved. */
	cb->seq = kvmexc_exceptions_generation();
	ret = kvmexc_list(cursor, kvmexc_list_fill, &dump);
	if (ret == -EMSGSIZE && skb->len)
		return skb->len;
	return ret ? ret : skb->len;
}

/*
 * The exception that decided (or nearly matched, for a denial by one of its
 * signatures), into EVAL's reply; called under RCU.
 */
static int kvmexc_eval_fill_exception(void *arg, const struct kvmexc_set *set,
				      const struct kvmexc_exc *e, u32 source)
{
	struct sk_buff *skb = arg;
	struct nlattr *nest;

	if (nla_put_u32(skb, KVMEXC_A_EVAL_RECORD, e->record))
		return -EMSGSIZE;
	nest = nla_nest_start(skb, KVMEXC_A_EVAL_EXCEPTION);
	if (!nest || kvmexc_exc_fill(skb, set, e, source)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int kvmexc_eval_fill(struct sk_buff *skb, const struct kvmexc_decision *d)
{
	u32 i;

	if (nla_put_u8(skb, KVMEXC_A_EVAL_ACTION, d->action) ||
	    nla_put_u8(skb, KVMEXC_A_EVAL_REASON, d->reason))
		return -EMSGSIZE;
	if (d->from_alert &&
	    nla_put_u64_64bit(skb, KVMEXC_A_EVAL_CONTEXT, d->context,
			      KVMEXC_A_EVAL_PAD))
		return -EMSGSIZE;
	for (i = 0; i < d->sig_count; i++)
		if (nla_put_u32(skb, KVMEXC_A_EVAL_SIGNATURE, d->sigs[i]))
			return -EMSGSIZE;
	return 0;
}

static int kvmexc_nl_eval_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct kvmexc_violation v;
	struct kvmexc_decision d;
	struct sk_buff *msg;
	void *hdr;
	int ret;

	ret = kvmexc_eval_parse(info->attrs, &v, info->extack);
	if (ret)
		return ret;
	if (info->attrs[KVMEXC_A_EVAL_GUEST])
		v.guest = nla_get_u32(info->attrs[KVMEXC_A_EVAL_GUEST]);
	msg = kvmexc_reply_new(info, KVMEXC_CMD_EVAL, &hdr);
	if (!msg)
		return -ENOMEM;
	rcu_read_lock();
	ret = kvmexc_decide(&v, &d, kvmexc_eval_fill_exception, msg);
	rcu_read_unlock();
	return kvmexc_reply_send(msg, hdr, info, ret ?: kvmexc_eval_fill(msg, &d));
}

#define KVMEXC_REPLY_ONLY \
	{ .type = NLA_REJECT, .reject_message = "attribute is only sent in replies" }

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

static const struct nla_policy kvmexc_flush_policy[KVMEXC_A_ALERT_MAX + 1] = {
	[KVMEXC_A_ALERT_PAD ... KVMEXC_A_ALERT_RECORDS] = {
		.type = NLA_REJECT, .reject_message = "FLUSH takes only GUEST",
	},
	[KVMEXC_A_ALERT_GUEST] = NLA_POLICY_MIN(NLA_U32, 1),
};

static const struct nla_policy kvmexc_alert_policy[KVMEXC_A_ALERT_MAX + 1] = {
	[KVMEXC_A_ALERT_PAD] = KVMEXC_REPLY_ONLY,
	[KVMEXC_A_ALERT_CONTEXT] = { .type = NLA_U64 },
	[KVMEXC_A_ALERT_RECORDS] = NLA_POLICY_MIN_LEN(sizeof(struct kvmexc_record_header)),
	[KVMEXC_A_ALERT_GUEST] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* An alert exception is named by its context alone, whatever its guest. */
static const struct nla_policy kvmexc_remove_policy[KVMEXC_A_ALERT_MAX + 1] = {
	[KVMEXC_A_ALERT_PAD] = KVMEXC_REPLY_ONLY,
	[KVMEXC_A_ALERT_CONTEXT] = { .type = NLA_U64 },
	[KVMEXC_A_ALERT_RECORDS ... KVMEXC_A_ALERT_GUEST] = {
		.type = NLA_REJECT, .reject_message = "REMOVE takes only CONTEXT",
	},
};

static const struct nla_policy kvmexc_exc_policy[KVMEXC_A_EXC_MAX + 1] = {
	[KVMEXC_A_EXC_PAD ... KVMEXC_A_EXC_MAX] = KVMEXC_REPLY_ONLY,
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

static const struct genl_ops kvmexc_nl_ops[] = {
	KVMEXC_OP(KVMEXC_CMD_GET_STATUS, kvmexc_nl_get_status_doit,
		  kvmexc_status_policy, KVMEXC_A_STATUS_MAX),
	KVMEXC_OP(KVMEXC_CMD_LOAD_BEGIN, kvmexc_nl_load_begin_doit,
		  kvmexc_load_policy, KVMEXC_A_LOAD_MAX),
	KVMEXC_OP(KVMEXC_CMD_LOAD_CHUNK, kvmexc_nl_load_chunk_doit,
		  kvmexc_load_policy, KVMEXC_A_LOAD_MAX),
	KVMEXC_OP(KVMEXC_CMD_LOAD_COMMIT, kvmexc_nl_load_commit_doit,
		  kvmexc_load_policy, KVMEXC_A_LOAD_MAX),
	KVMEXC_OP(KVMEXC_CMD_ADD, kvmexc_nl_add_doit,
		  kvmexc_alert_policy, KVMEXC_A_ALERT_MAX),
	KVMEXC_OP(KVMEXC_CMD_REMOVE, kvmexc_nl_remove_doit,
		  kvmexc_remove_policy, KVMEXC_A_ALERT_MAX),
	KVMEXC_OP(KVMEXC_CMD_FLUSH, kvmexc_nl_flush_doit,
		  kvmexc_flush_policy, KVMEXC_A_ALERT_MAX),
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
static const struct genl_multicast_group kvmexc_nl_mcgrps[] = {
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
	.ops = kvmexc_nl_ops,
	.n_ops = ARRAY_SIZE(kvmexc_nl_ops),
	.mcgrps = kvmexc_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(kvmexc_nl_mcgrps),
};

int __init kvmexc_netlink_init(void)
{
	return genl_register_family(&kvmexc_family);
}

void kvmexc_netlink_exit(void)
{
	genl_unregister_family(&kvmexc_family);
}
