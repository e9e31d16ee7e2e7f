// SPDX-License-Identifier: GPL-2.0
/*
 * The commands about the exceptions in force: GET_STATUS and the CHANGED
 * notification, LOAD_BEGIN, LOAD_CHUNK and LOAD_COMMIT, ADD, REMOVE, FLUSH
 * and LIST. Each checks its attributes, calls upload.c or exceptions.c and
 * builds the reply; no decision logic lives here.
 */

#include <net/genetlink.h>

#include "genl.h"

/*
 * GET_STATUS's reply and CHANGED: what kvmexc_status_fill() puts. The u32s
 * are BUILD, the five counts and ADDED_EXCEPTIONS; the u64s MEMORY, the
 * four decision counters and the two alert counters.
 */
static size_t kvmexc_status_size(void)
{
	return nla_total_size(sizeof(KVMEXC_VERSION)) + nla_total_size(sizeof(u8)) +
	       2 * nla_total_size(sizeof(u16)) + 7 * nla_total_size(sizeof(u32)) +
	       7 * nla_total_size_64bit(sizeof(u64));
}

static int kvmexc_status_fill(struct sk_buff *skb, void *unused)
{
	u64 dropped, undelivered;
	struct kvmexc_status st;

	kvmexc_status(&st);
	kvmexc_alert_totals(&dropped, &undelivered);
	if (nla_put_string(skb, KVMEXC_A_STATUS_MODULE_VERSION, KVMEXC_VERSION) ||
	    nla_put_u8(skb, KVMEXC_A_STATUS_LOADED, st.loaded) ||
	    nla_put_u32(skb, KVMEXC_A_STATUS_ADDED_EXCEPTIONS, st.added_exceptions) ||
	    nla_put_u64_64bit(skb, KVMEXC_A_STATUS_MEMORY,
			      st.set.bytes + st.added_bytes, KVMEXC_A_STATUS_PAD) ||
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

int kvmexc_nl_get_status_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct kvmexc_reply r;
	int ret;

	ret = kvmexc_reply_start(&r, info, kvmexc_status_size());
	if (ret)
		return ret;
	return kvmexc_reply_send(&r, info, kvmexc_status_fill(r.msg, NULL));
}

/* Tells listeners of "alerts" that the exceptions in force changed. */
void kvmexc_nl_notify_changed(void)
{
	kvmexc_notify(KVMEXC_CMD_CHANGED, kvmexc_status_size(), kvmexc_status_fill, NULL);
}

int kvmexc_nl_load_begin_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct kvmexc_session *s;
	struct kvmexc_reply r;
	u32 size, id;
	int ret;

	if (KVMEXC_REQUIRE(info, KVMEXC_A_LOAD_SIZE, "SIZE"))
		return -EINVAL;
	size = nla_get_u32(info->attrs[KVMEXC_A_LOAD_SIZE]);
	if (size > kvmexc_max_file_size) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[KVMEXC_A_LOAD_SIZE],
				    "SIZE exceeds the max_file_size module parameter");
		return -EFBIG;
	}

	ret = kvmexc_reply_start(&r, info, nla_total_size(sizeof(u32)));
	if (ret)
		return ret;
	s = kvmexc_session_lock(info->snd_portid);
	if (!s) {
		kvmexc_reply_cancel(&r);
		return -ENOMEM;
	}
	ret = kvmexc_upload_begin(s, size, &id, info->extack);
	kvmexc_session_unlock(s);
	if (ret) {
		kvmexc_reply_cancel(&r);
		return ret;
	}
	return kvmexc_reply_send(&r, info, nla_put_u32(r.msg, KVMEXC_A_LOAD_TRANSFER_ID, id));
}

int kvmexc_nl_load_chunk_doit(struct sk_buff *skb, struct genl_info *info)
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

/* LOAD_COMMIT's reply, the file's header: its version, BUILD and five counts. */
static size_t kvmexc_load_info_size(void)
{
	return 2 * nla_total_size(sizeof(u16)) + 6 * nla_total_size(sizeof(u32));
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

int kvmexc_nl_load_commit_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct kvmexc_file_info fi;
	struct kvmexc_session *s;
	struct kvmexc_reply r;
	struct kvmexc_err err;
	u32 size;
	u8 *buf;
	int ret;

	if (KVMEXC_REQUIRE(info, KVMEXC_A_LOAD_TRANSFER_ID, "TRANSFER_ID"))
		return -EINVAL;
	ret = kvmexc_reply_start(&r, info, kvmexc_load_info_size());
	if (ret)
		return ret;

	s = kvmexc_session_lock(info->snd_portid);
	if (!s) {
		kvmexc_reply_cancel(&r);
		return -ENOMEM;
	}
	ret = kvmexc_upload_finish(s, nla_get_u32(info->attrs[KVMEXC_A_LOAD_TRANSFER_ID]),
				   &buf, &size, info->extack);
	kvmexc_session_unlock(s);
	if (ret) {
		kvmexc_reply_cancel(&r);
		return ret;
	}

	/* Parsing a large file takes a while: no session lock meanwhile. */
	ret = kvmexc_load(buf, size, &fi, &err);
	kvfree(buf);
	if (ret) {
		kvmexc_error(info->snd_portid, info->extack, err.msg);
		kvmexc_reply_cancel(&r);
		return ret;
	}
	return kvmexc_reply_send(&r, info, kvmexc_load_info_fill(r.msg, &fi));
}

int kvmexc_nl_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct kvmexc_err err;
	u32 guest = 0;
	int ret;

	if (KVMEXC_REQUIRE(info, KVMEXC_A_ADDED_CONTEXT, "CONTEXT") ||
	    KVMEXC_REQUIRE(info, KVMEXC_A_ADDED_RECORDS, "RECORDS"))
		return -EINVAL;
	if (tb[KVMEXC_A_ADDED_GUEST])
		guest = nla_get_u32(tb[KVMEXC_A_ADDED_GUEST]);
	ret = kvmexc_guest_add_exception(guest, nla_get_u64(tb[KVMEXC_A_ADDED_CONTEXT]),
					 nla_data(tb[KVMEXC_A_ADDED_RECORDS]),
					 nla_len(tb[KVMEXC_A_ADDED_RECORDS]), &err);
	if (ret) {
		kvmexc_error(info->snd_portid, info->extack, err.msg);
		info->extack->bad_attr = ret == -ENOENT ? tb[KVMEXC_A_ADDED_GUEST] :
							  tb[KVMEXC_A_ADDED_RECORDS];
	}
	return ret;
}

int kvmexc_nl_remove_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct kvmexc_err err;
	int ret;

	if (KVMEXC_REQUIRE(info, KVMEXC_A_ADDED_CONTEXT, "CONTEXT"))
		return -EINVAL;
	ret = kvmexc_remove_added(nla_get_u64(info->attrs[KVMEXC_A_ADDED_CONTEXT]),
				  &err);
	if (ret)
		kvmexc_error(info->snd_portid, info->extack, err.msg);
	return ret;
}

int kvmexc_nl_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *guest = info->attrs[KVMEXC_A_ADDED_GUEST];
	struct kvmexc_err err;
	int ret;

	ret = kvmexc_flush_added(guest ? nla_get_u32(guest) : 0, &err);
	if (ret)
		kvmexc_error(info->snd_portid, info->extack, err.msg);
	return ret;
}

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

/* One exception of LIST, as kvmexc_list() hands it over. */
struct kvmexc_list_item {
	const struct kvmexc_set *set;
	const struct kvmexc_exc *exc;
	u32 source;
};

static int kvmexc_list_item_fill(struct sk_buff *skb, void *arg)
{
	const struct kvmexc_list_item *item = arg;

	return kvmexc_exc_fill(skb, item->set, item->exc, item->source);
}

struct kvmexc_list_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
};

static int kvmexc_list_fill(void *arg, const struct kvmexc_set *set,
			    const struct kvmexc_exc *e, u32 source)
{
	struct kvmexc_list_item item = { .set = set, .exc = e, .source = source };
	struct kvmexc_list_dump *dump = arg;

	return kvmexc_dump_one(dump->skb, dump->cb, kvmexc_list_item_fill, &item);
}

int kvmexc_nl_list_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct kvmexc_list_cursor *cursor = (void *)cb->ctx;
	struct kvmexc_list_dump dump = { .skb = skb, .cb = cb };

	BUILD_BUG_ON(sizeof(*cursor) > sizeof(cb->ctx));
	/* Compared with the previous call's: NLM_F_DUMP_INTR if it moved. */
	cb->seq = kvmexc_exceptions_generation();
	return kvmexc_dump_done(skb, kvmexc_list(cursor, kvmexc_list_fill, &dump));
}
