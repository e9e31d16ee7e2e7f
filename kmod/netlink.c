// SPDX-License-Identifier: GPL-2.0
/*
 * The generic-netlink family "kvmexc": policies, operations and replies.
 * Handlers parse attributes and call into the rest of the module; no
 * decision logic lives here.
 */

#include <net/genetlink.h>
#include <linux/kvmexc.h>

#include "kvmexc.h"

static struct genl_family kvmexc_family;

static int kvmexc_status_fill(struct sk_buff *skb)
{
	if (nla_put_string(skb, KVMEXC_A_STATUS_MODULE_VERSION,
			   KVMEXC_VERSION) ||
	    nla_put_u8(skb, KVMEXC_A_STATUS_LOADED, 0))
		return -EMSGSIZE;
	return 0;
}

static int kvmexc_nl_get_status_doit(struct sk_buff *skb,
				     struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int ret;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &kvmexc_family, 0,
				KVMEXC_CMD_GET_STATUS);
	if (!hdr) {
		ret = -EMSGSIZE;
		goto err_free;
	}

	ret = kvmexc_status_fill(msg);
	if (ret)
		goto err_free;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return ret;
}

#define KVMEXC_REPLY_ONLY \
	{ .type = NLA_REJECT, .reject_message = "attribute is only sent in replies" }

static const struct nla_policy kvmexc_get_status_policy[KVMEXC_A_STATUS_MAX + 1] = {
	[KVMEXC_A_STATUS_MODULE_VERSION] = KVMEXC_REPLY_ONLY,
	[KVMEXC_A_STATUS_LOADED] = KVMEXC_REPLY_ONLY,
};

static const struct genl_ops kvmexc_nl_ops[] = {
	{
		.cmd = KVMEXC_CMD_GET_STATUS,
		.doit = kvmexc_nl_get_status_doit,
		.policy = kvmexc_get_status_policy,
		.maxattr = KVMEXC_A_STATUS_MAX,
		.flags = GENL_ADMIN_PERM,
	},
};

static struct genl_family kvmexc_family __ro_after_init = {
	.name = KVMEXC_FAMILY_NAME,
	.version = KVMEXC_FAMILY_VERSION,
	.netnsok = false,
	.module = THIS_MODULE,
	.ops = kvmexc_nl_ops,
	.n_ops = ARRAY_SIZE(kvmexc_nl_ops),
};

int __init kvmexc_netlink_init(void)
{
	return genl_register_family(&kvmexc_family);
}

void kvmexc_netlink_exit(void)
{
	genl_unregister_family(&kvmexc_family);
}
