/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The netlink side of the module: what genl.c (the family, its policies and
 * operations) shares with the handlers, which live by concern in nl_*.c.
 * The rest of the module calls in here only to notify listeners.
 */
#ifndef _KVMEXC_GENL_H
#define _KVMEXC_GENL_H

#include <net/genetlink.h>

#include "kvmexc.h"

enum kvmexc_mcgrp {
	KVMEXC_MCGRP_ALERTS_ID,
};

int kvmexc_genl_init(void);
void kvmexc_genl_exit(void);

/* A missing attribute gets a message that names it, not only its type. */
#define KVMEXC_REQUIRE(info, attr, name) ({				\
	struct genl_info *__kvmexc_info = (info);			\
	bool __missing = GENL_REQ_ATTR_CHECK(__kvmexc_info, attr);	\
									\
	if (__missing)							\
		NL_SET_ERR_MSG(__kvmexc_info->extack, "missing attribute " name); \
	__missing;							\
})

/* Puts the attributes of one message; -EMSGSIZE when they do not fit. */
typedef int (*kvmexc_fill_fn)(struct sk_buff *skb, void *arg);

/* A reply under construction. */
struct kvmexc_reply {
	struct sk_buff *msg;
	void *hdr;
};

int kvmexc_reply_start(struct kvmexc_reply *r, struct genl_info *info,
		       size_t payload);
void kvmexc_reply_cancel(struct kvmexc_reply *r);
int kvmexc_reply_send(struct kvmexc_reply *r, struct genl_info *info, int err);
int kvmexc_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
		    kvmexc_fill_fn fill, void *arg);
int kvmexc_dump_done(struct sk_buff *skb, int ret);
int kvmexc_notify(u8 cmd, size_t payload, kvmexc_fill_fn fill, void *arg);

/* The nests of EVAL, which nl_eval.c parses itself. */
extern const struct nla_policy kvmexc_code_policy[KVMEXC_A_CODE_MAX + 1];
extern const struct nla_policy kvmexc_export_policy[KVMEXC_A_EXPORT_MAX + 1];

/* nl_exceptions.c */
int kvmexc_nl_get_status_doit(struct sk_buff *skb, struct genl_info *info);
int kvmexc_nl_load_begin_doit(struct sk_buff *skb, struct genl_info *info);
int kvmexc_nl_load_chunk_doit(struct sk_buff *skb, struct genl_info *info);
int kvmexc_nl_load_commit_doit(struct sk_buff *skb, struct genl_info *info);
int kvmexc_nl_add_doit(struct sk_buff *skb, struct genl_info *info);
int kvmexc_nl_remove_doit(struct sk_buff *skb, struct genl_info *info);
int kvmexc_nl_flush_doit(struct sk_buff *skb, struct genl_info *info);
int kvmexc_nl_list_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int kvmexc_exc_fill(struct sk_buff *skb, const struct kvmexc_set *set,
		    const struct kvmexc_exc *e, u32 source);

/* nl_eval.c */
int kvmexc_nl_eval_doit(struct sk_buff *skb, struct genl_info *info);

/* nl_guest.c */
int kvmexc_nl_attach_doit(struct sk_buff *skb, struct genl_info *info);
int kvmexc_nl_detach_doit(struct sk_buff *skb, struct genl_info *info);
int kvmexc_nl_guests_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int kvmexc_nl_protect_doit(struct sk_buff *skb, struct genl_info *info);
int kvmexc_nl_unprotect_doit(struct sk_buff *skb, struct genl_info *info);
int kvmexc_nl_module_doit(struct sk_buff *skb, struct genl_info *info);
int kvmexc_nl_module_del_doit(struct sk_buff *skb, struct genl_info *info);
int kvmexc_nl_get_alert_doit(struct sk_buff *skb, struct genl_info *info);

#endif /* _KVMEXC_GENL_H */
