// SPDX-License-Identifier: GPL-2.0
/*
 * What the module keeps per netlink socket of a client: its file transfer
 * in progress and the text of its last error. Everything is freed when the
 * socket closes (NETLINK_URELEASE), so a client that dies leaks nothing.
 *
 * The error text lives here because 6.1 has no NL_SET_ERR_MSG_FMT: extack
 * keeps a pointer that is read after the handler returns, so a formatted
 * message needs storage that outlives the handler. It is overwritten only
 * by a later request of the same socket.
 */

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include <linux/version.h>
#include <net/net_namespace.h>

#include "kvmexc.h"

static LIST_HEAD(kvmexc_sessions);
static DEFINE_MUTEX(kvmexc_sessions_lock);

/* Returns the session of @portid, creating it when @create; NULL otherwise. */
static struct kvmexc_session *kvmexc_session_lookup(u32 portid, bool create)
{
	struct kvmexc_session *s;

	lockdep_assert_held(&kvmexc_sessions_lock);
	list_for_each_entry(s, &kvmexc_sessions, node)
		if (s->portid == portid)
			return s;
	if (!create)
		return NULL;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return NULL;
	s->portid = portid;
	list_add(&s->node, &kvmexc_sessions);
	return s;
}

struct kvmexc_session *kvmexc_session_lock(u32 portid)
{
	struct kvmexc_session *s;

	mutex_lock(&kvmexc_sessions_lock);
	s = kvmexc_session_lookup(portid, true);
	if (!s)
		mutex_unlock(&kvmexc_sessions_lock);
	return s;
}

void kvmexc_session_unlock(struct kvmexc_session *s)
{
	mutex_unlock(&kvmexc_sessions_lock);
}

void kvmexc_session_error(struct kvmexc_session *s,
			  struct netlink_ext_ack *extack, const char *msg)
{
	lockdep_assert_held(&kvmexc_sessions_lock);
	/* The last byte stays NUL, so a reader never runs off the buffer. */
	strscpy(s->error, msg, sizeof(s->error) - 1);
	if (extack)
		extack->_msg = s->error;
}

void kvmexc_error(u32 portid, struct netlink_ext_ack *extack, const char *msg)
{
	struct kvmexc_session *s = kvmexc_session_lock(portid);

	if (!s)
		return;
	kvmexc_session_error(s, extack, msg);
	kvmexc_session_unlock(s);
}

static void kvmexc_session_free(struct kvmexc_session *s)
{
	list_del(&s->node);
	kvmexc_upload_free(s);
	kfree(s);
}

static int kvmexc_session_release(struct notifier_block *nb,
				  unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;
	struct kvmexc_session *s;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !net_eq(n->net, &init_net))
		return NOTIFY_DONE;

	mutex_lock(&kvmexc_sessions_lock);
	s = kvmexc_session_lookup(n->portid, false);
	if (s)
		kvmexc_session_free(s);
	mutex_unlock(&kvmexc_sessions_lock);
	return NOTIFY_DONE;
}

static struct notifier_block kvmexc_session_notifier = {
	.notifier_call = kvmexc_session_release,
};

int __init kvmexc_session_init(void)
{
	return netlink_register_notifier(&kvmexc_session_notifier);
}

void kvmexc_session_exit(void)
{
	struct kvmexc_session *s, *tmp;

	netlink_unregister_notifier(&kvmexc_session_notifier);
	mutex_lock(&kvmexc_sessions_lock);
	list_for_each_entry_safe(s, tmp, &kvmexc_sessions, node)
		kvmexc_session_free(s);
	mutex_unlock(&kvmexc_sessions_lock);
}
