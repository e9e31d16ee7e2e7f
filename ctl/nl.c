// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/socket.h>

#include <linux/kvmexc.h>

#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct excctl_nl {
	struct nl_sock *sock;
	int family;
};

struct excctl_nl_call {
	int maxattr;
	excctl_nl_reply_fn reply;
	void *arg;
	int error;
	bool done;
	bool interrupted;
	char extack[256];
};

static void excctl_nl_set_opt(struct nl_sock *sock, int opt)
{
	int one = 1;

	/* Older kernels lack these options; requests still work without. */
	setsockopt(nl_socket_get_fd(sock), SOL_NETLINK, opt, &one, sizeof(one));
}

struct excctl_nl *excctl_nl_open(void)
{
	struct excctl_nl *nl;

	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return NULL;
	nl->sock = nl_socket_alloc();
	if (!nl->sock)
		goto err_free;
	if (genl_connect(nl->sock)) {
		fprintf(stderr, "excctl: cannot open a generic netlink socket\n");
		goto err_sock;
	}
	excctl_nl_set_opt(nl->sock, NETLINK_EXT_ACK);
	excctl_nl_set_opt(nl->sock, NETLINK_CAP_ACK);

	nl->family = genl_ctrl_resolve(nl->sock, KVMEXC_FAMILY_NAME);
	if (nl->family < 0) {
		fprintf(stderr,
			"excctl: the %s netlink family is not registered (is kvmexc.ko loaded?)\n",
			KVMEXC_FAMILY_NAME);
		goto err_sock;
	}
	return nl;

err_sock:
	nl_socket_free(nl->sock);
err_free:
	free(nl);
	return NULL;
}

void excctl_nl_close(struct excctl_nl *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->sock);
	free(nl);
}

struct nl_msg *excctl_nl_request(struct excctl_nl *nl, __u8 cmd, int flags)
{
	struct nl_msg *msg;

	msg = nlmsg_alloc();
	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 flags, cmd, KVMEXC_FAMILY_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int excctl_nl_on_valid(struct nl_msg *msg, void *arg)
{
	struct excctl_nl_call *call = arg;
	struct nlattr *attrs[call->maxattr + 1];
	int ret;

	ret = genlmsg_parse(nlmsg_hdr(msg), 0, attrs, call->maxattr, NULL);
	if (ret < 0) {
		call->error = -EBADMSG;
		return NL_STOP;
	}
	if (call->reply) {
		ret = call->reply(nlmsg_hdr(msg), attrs, call->arg);
		if (ret < 0) {
			call->error = ret;
			return NL_STOP;
		}
	}
	return NL_OK;
}

/* The extended ACK attributes follow the error and, unless capped, the request. */
static void excctl_nl_parse_extack(struct nlmsghdr *nlh, struct nlmsgerr *err,
				   char *buf, size_t size)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t offset = sizeof(*err);
	int len;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		offset += err->msg.nlmsg_len - sizeof(err->msg);
	len = (int)nlmsg_datalen(nlh) - (int)offset;
	if (len <= 0)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)err + offset), len, NULL))
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(buf, size, "%s", (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
}

static int excctl_nl_on_error(struct sockaddr_nl *nla, struct nlmsgerr *err,
			      void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)err - 1;
	struct excctl_nl_call *call = arg;

	(void)nla;
	call->error = err->error;
	call->done = true;
	excctl_nl_parse_extack(nlh, err, call->extack, sizeof(call->extack));
	return NL_STOP;
}

static int excctl_nl_on_dump_intr(struct nl_msg *msg, void *arg)
{
	struct excctl_nl_call *call = arg;

	(void)msg;
	call->interrupted = true;
	return NL_OK;
}

static int excctl_nl_on_done(struct nl_msg *msg, void *arg)
{
	struct excctl_nl_call *call = arg;

	(void)msg;
	call->done = true;
	return NL_STOP;
}

int excctl_nl_transact(struct excctl_nl *nl, struct nl_msg *msg, int maxattr,
		       excctl_nl_reply_fn reply, void *arg)
{
	struct excctl_nl_call call = {
		.maxattr = maxattr, .reply = reply, .arg = arg,
	};
	struct nl_cb *cb;
	int ret;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, excctl_nl_on_valid, &call);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, excctl_nl_on_done, &call);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, excctl_nl_on_done, &call);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, excctl_nl_on_dump_intr, &call);
	nl_cb_err(cb, NL_CB_CUSTOM, excctl_nl_on_error, &call);

	ret = nl_send_auto(nl->sock, msg);
	nlmsg_free(msg);
	if (ret < 0) {
		call.error = -EIO;
		goto out;
	}
	/* A reply comes first, then the acknowledgment (or a dump's end). */
	while (!call.done && !call.error) {
		ret = nl_recvmsgs(nl->sock, cb);
		if (ret < 0 && !call.error)
			call.error = -EIO;
	}
out:
	nl_cb_put(cb);
	if (!call.error && call.interrupted)
		return -EAGAIN;
	if (call.error) {
		fprintf(stderr, "excctl: %s", strerror(-call.error));
		if (call.extack[0])
			fprintf(stderr, ": %s", call.extack);
		fputc('\n', stderr);
	}
	return call.error;
}

/* A socket joined to multicast group @group of the family. */
int excctl_nl_subscribe(struct excctl_nl *nl, const char *group)
{
	int id = genl_ctrl_resolve_grp(nl->sock, KVMEXC_FAMILY_NAME, group);

	if (id < 0 || nl_socket_add_membership(nl->sock, id)) {
		fprintf(stderr, "excctl: cannot join the %s group (CAP_NET_ADMIN needed)\n",
			group);
		return -1;
	}
	return 0;
}

/* Notifications carry no request's sequence number. */
static int excctl_nl_any_seq(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

/* Calls @reply for each notification until @stop is set or an error. */
int excctl_nl_listen(struct excctl_nl *nl, int maxattr, excctl_nl_reply_fn reply,
		     void *arg, volatile sig_atomic_t *stop)
{
	struct excctl_nl_call call = { .maxattr = maxattr, .reply = reply, .arg = arg };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int ret = 0;

	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, excctl_nl_on_valid, &call);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, excctl_nl_any_seq, NULL);
	while (!*stop && !call.error) {
		struct pollfd pfd = { .fd = nl_socket_get_fd(nl->sock), .events = POLLIN };

		/* libnl retries reads a signal interrupts: wait here instead. */
		if (poll(&pfd, 1, -1) <= 0)
			continue;
		ret = nl_recvmsgs(nl->sock, cb);
		/* A full receive buffer lost notifications: say so, go on. */
		if (ret == -NLE_NOMEM) {
			fprintf(stderr, "excctl: the kernel dropped notifications (receive buffer full)\n");
			ret = 0;
		} else if (ret < 0 && !*stop) {
			break;
		}
	}
	nl_cb_put(cb);
	if (*stop)
		return 0;
	if (call.error)
		ret = call.error;
	fprintf(stderr, "excctl: receiving notifications failed: %s\n",
		call.error ? strerror(-call.error) : nl_geterror(ret));
	return ret;
}
