// SPDX-License-Identifier: GPL-2.0
/*
 * EVAL: its attributes into a struct kvmexc_violation, the matcher's input,
 * decided as a guest's write would be, and the decision into the reply.
 * The policies (genl.c) refuse malformed attributes; the core
 * (core/violation.c) turns the values into the violation and checks what
 * the matcher relies on (sizes, sorted hash lists, offsets inside buffers),
 * its message naming the attribute at fault. The violation points into the request's
 * attributes: it lives as long as the request.
 */

#include <net/genetlink.h>

#include "genl.h"
#include "core/violation.h"

/* The larger of the nests, for one parse buffer */
#define KVMEXC_EVAL_NEST_MAX	KVMEXC_A_EXPORT_MAX
static_assert(KVMEXC_A_CODE_MAX <= KVMEXC_EVAL_NEST_MAX);

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

static int kvmexc_eval_parse(struct nlattr **tb, struct kvmexc_violation *v,
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
	if (d->from_added &&
	    nla_put_u64_64bit(skb, KVMEXC_A_EVAL_CONTEXT, d->context,
			      KVMEXC_A_EVAL_PAD))
		return -EMSGSIZE;
	for (i = 0; i < d->sig_count; i++)
		if (nla_put_u32(skb, KVMEXC_A_EVAL_SIGNATURE, d->sigs[i]))
			return -EMSGSIZE;
	return 0;
}

/*
 * The exception in the reply is known only under RCU, where no reply can be
 * allocated: a page holds one with up to about 400 signatures; one with
 * more is refused as a reply that does not fit.
 */
#define KVMEXC_EVAL_REPLY_SIZE	NLMSG_GOODSIZE

int kvmexc_nl_eval_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct kvmexc_violation v;
	struct kvmexc_decision d;
	struct kvmexc_reply r;
	int ret;

	ret = kvmexc_eval_parse(info->attrs, &v, info->extack);
	if (ret)
		return ret;
	if (info->attrs[KVMEXC_A_EVAL_GUEST])
		v.guest = nla_get_u32(info->attrs[KVMEXC_A_EVAL_GUEST]);
	ret = kvmexc_reply_start(&r, info, KVMEXC_EVAL_REPLY_SIZE);
	if (ret)
		return ret;
	rcu_read_lock();
	ret = kvmexc_decide(&v, &d, kvmexc_eval_fill_exception, r.msg);
	rcu_read_unlock();
	return kvmexc_reply_send(&r, info, ret ?: kvmexc_eval_fill(r.msg, &d));
}
