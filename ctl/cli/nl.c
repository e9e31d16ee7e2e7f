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

#include "core/compat.h"
#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct excctl_nl {
	struct nl_sock *sock;
	int family;
	bool quiet;
};

struct excctl_nl_call {
	int maxattr;
	excctl_nl_reply_fn reply;
	void *arg;
	int error;
	bool done;
	bool interrupted;
	bool bad_reply;
	char extack[256];
};

/*
 * The largest request excctl sends is a LOAD_CHUNK. netlink refuses a
 * message larger than the socket's send buffer, so that is sized for it
 * rather than left to libnl's default.
 */
#define EXCCTL_NL_MAX_REQUEST	(NLMSG_HDRLEN + GENL_HDRLEN + \
				 EXCCTL_NLA_SIZE(KVMEXC_LOAD_CHUNK_MAX) + 2 * EXCCTL_NLA_SIZE(4))

/*
 * A guest can raise thousands of alerts in a burst (a static key flipped
 * in its kernel); what does not fit in the receive buffer is lost. Root may
 * raise the buffer past net.core.rmem_max.
 */
#define EXCCTL_NL_MONITOR_RCVBUF	(32 << 20)
/* A receive queue idle this long after an overflow has been read whole. */
#define EXCCTL_NL_DRAINED_MS		200

static const char *const excctl_nl_cmd_names[] = {
	[KVMEXC_CMD_GET_STATUS] = "GET_STATUS",
	[KVMEXC_CMD_LOAD_BEGIN] = "LOAD_BEGIN",
	[KVMEXC_CMD_LOAD_CHUNK] = "LOAD_CHUNK",
	[KVMEXC_CMD_LOAD_COMMIT] = "LOAD_COMMIT",
	[KVMEXC_CMD_ADD] = "ADD",
	[KVMEXC_CMD_REMOVE] = "REMOVE",
	[KVMEXC_CMD_FLUSH] = "FLUSH",
	[KVMEXC_CMD_LIST] = "LIST",
	[KVMEXC_CMD_EVAL] = "EVAL",
	[KVMEXC_CMD_CHANGED] = "CHANGED",
	[KVMEXC_CMD_ATTACH] = "ATTACH",
	[KVMEXC_CMD_DETACH] = "DETACH",
	[KVMEXC_CMD_GUESTS] = "GUESTS",
	[KVMEXC_CMD_PROTECT] = "PROTECT",
	[KVMEXC_CMD_UNPROTECT] = "UNPROTECT",
	[KVMEXC_CMD_MODULE] = "MODULE",
	[KVMEXC_CMD_MODULE_DEL] = "MODULE_DEL",
	[KVMEXC_CMD_ALERT] = "ALERT",
	[KVMEXC_CMD_GET_ALERT] = "GET_ALERT",
};

const char *excctl_nl_cmd_name(__u8 cmd)
{
	if (cmd < ARRAY_SIZE(excctl_nl_cmd_names) && excctl_nl_cmd_names[cmd])
		return excctl_nl_cmd_names[cmd];
	return "an unknown command";
}

static __u8 excctl_nl_msg_cmd(struct nl_msg *msg)
{
	return ((struct genlmsghdr *)nlmsg_data(nlmsg_hdr(msg)))->cmd;
}

static void excctl_nl_set_opt(struct nl_sock *sock, int opt)
{
	int one = 1;

	/* Older kernels lack these options; requests still work without. */
	setsockopt(nl_socket_get_fd(sock), SOL_NETLINK, opt, &one, sizeof(one));
}

static int excctl_nl_set_buffers(struct nl_sock *sock)
{
	int sndbuf = EXCCTL_NL_MAX_REQUEST;

	if (setsockopt(nl_socket_get_fd(sock), SOL_SOCKET, SO_SNDBUF, &sndbuf,
		       sizeof(sndbuf))) {
		fprintf(stderr, "excctl: cannot size the netlink send buffer for %d bytes: %s\n",
			sndbuf, strerror(errno));
		return -1;
	}
	/* Replies of any size are read whole: peek at each for its length. */
	nl_socket_enable_msg_peek(sock);
	return 0;
}

static bool excctl_nl_sharing;
static struct excctl_nl *excctl_nl_shared;

void excctl_nl_share(void)
{
	excctl_nl_sharing = true;
}

void excctl_nl_unshare(void)
{
	excctl_nl_sharing = false;
	excctl_nl_close(excctl_nl_shared);
	excctl_nl_shared = NULL;
}

static struct excctl_nl *excctl_nl_connect(void)
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
	if (excctl_nl_set_buffers(nl->sock))
		goto err_sock;

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

struct excctl_nl *excctl_nl_open(void)
{
	if (!excctl_nl_sharing)
		return excctl_nl_connect();
	if (!excctl_nl_shared)
		excctl_nl_shared = excctl_nl_connect();
	return excctl_nl_shared;
}

void excctl_nl_close(struct excctl_nl *nl)
{
	if (!nl || (excctl_nl_sharing && nl == excctl_nl_shared))
		return;
	nl_socket_free(nl->sock);
	free(nl);
}

struct nl_msg *excctl_nl_request(struct excctl_nl *nl, __u8 cmd, int flags,
				 size_t attrs)
{
	size_t size = NLMSG_HDRLEN + GENL_HDRLEN + attrs;
	struct nl_msg *msg;

	if (size > EXCCTL_NL_MAX_REQUEST) {
		fprintf(stderr, "excctl: a %s request of %zu bytes is larger than the %zu netlink carries\n",
			excctl_nl_cmd_name(cmd), size, (size_t)EXCCTL_NL_MAX_REQUEST);
		return NULL;
	}
	msg = nlmsg_alloc_size(size);
	if (!msg) {
		fprintf(stderr, "excctl: out of memory for a %s request of %zu bytes\n",
			excctl_nl_cmd_name(cmd), size);
		return NULL;
	}
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 flags, cmd, KVMEXC_FAMILY_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

int excctl_nl_overflow(struct nl_msg *msg)
{
	fprintf(stderr, "excctl: internal error: the %s request's attributes outgrew the %zu bytes computed for it\n",
		excctl_nl_cmd_name(excctl_nl_msg_cmd(msg)), nlmsg_get_max_size(msg));
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int excctl_nl_on_valid(struct nl_msg *msg, void *arg)
{
	struct excctl_nl_call *call = arg;
	struct nlattr *attrs[call->maxattr + 1];
	int ret;

	ret = genlmsg_parse(nlmsg_hdr(msg), 0, attrs, call->maxattr, NULL);
	if (ret < 0) {
		call->error = -EBADMSG;
		call->bad_reply = true;
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
	__u8 cmd = excctl_nl_msg_cmd(msg);
	struct nl_cb *cb;
	int ret;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		fprintf(stderr, "excctl: %s: out of memory\n", excctl_nl_cmd_name(cmd));
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, excctl_nl_on_valid, &call);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, excctl_nl_on_done, &call);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, excctl_nl_on_done, &call);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, excctl_nl_on_dump_intr, &call);
	nl_cb_err(cb, NL_CB_CUSTOM, excctl_nl_on_error, &call);

	ret = nl_send_auto(nl->sock, msg);
	if (ret < 0) {
		fprintf(stderr, "excctl: sending %s (%u bytes) failed: %s\n",
			excctl_nl_cmd_name(cmd), nlmsg_hdr(msg)->nlmsg_len, nl_geterror(ret));
		nlmsg_free(msg);
		nl_cb_put(cb);
		return -EIO;
	}
	nlmsg_free(msg);
	/* A reply comes first, then the acknowledgment (or a dump's end). */
	while (!call.done && !call.error) {
		ret = nl_recvmsgs(nl->sock, cb);
		if (ret < 0 && !call.error) {
			fprintf(stderr, "excctl: receiving the reply to %s failed: %s\n",
				excctl_nl_cmd_name(cmd), nl_geterror(ret));
			nl_cb_put(cb);
			return -EIO;
		}
	}
	nl_cb_put(cb);
	if (!call.error && call.interrupted)
		return -EAGAIN;
	if (nl->quiet)
		return call.error;
	if (call.bad_reply)
		fprintf(stderr, "excctl: %s: the module's reply does not parse\n",
			excctl_nl_cmd_name(cmd));
	else if (call.error && call.extack[0])
		fprintf(stderr, "excctl: %s: %s: %s\n", excctl_nl_cmd_name(cmd),
			strerror(-call.error), call.extack);
	else if (call.error)
		fprintf(stderr, "excctl: %s: %s\n", excctl_nl_cmd_name(cmd),
			strerror(-call.error));
	return call.error;
}

int excctl_nl_get_alert(struct excctl_nl *nl, __u32 guest, __u64 seq,
			excctl_nl_reply_fn reply, void *arg)
{
	struct nl_msg *msg;

	msg = excctl_nl_request(nl, KVMEXC_CMD_GET_ALERT, 0,
				EXCCTL_NLA_SIZE(4) + EXCCTL_NLA_SIZE(8));
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, KVMEXC_A_EVENT_GUEST_ID, guest) ||
	    nla_put_u64(msg, KVMEXC_A_EVENT_SEQ, seq))
		return excctl_nl_overflow(msg);
	return excctl_nl_transact(nl, msg, KVMEXC_A_EVENT_MAX, reply, arg);
}

void excctl_nl_quiet(struct excctl_nl *nl)
{
	nl->quiet = true;
}

/* A socket joined to multicast group @group of the family. */
int excctl_nl_subscribe(struct excctl_nl *nl, const char *group, int rcvbuf)
{
	int id = genl_ctrl_resolve_grp(nl->sock, KVMEXC_FAMILY_NAME, group);
	int fd = nl_socket_get_fd(nl->sock);

	if (id < 0 || nl_socket_add_membership(nl->sock, id)) {
		fprintf(stderr, "excctl: cannot join the %s group (CAP_NET_ADMIN needed)\n",
			group);
		return -1;
	}
	/* The module counts what this socket loses: it is told of each loss. */
	excctl_nl_set_opt(nl->sock, NETLINK_BROADCAST_ERROR);
	if (!rcvbuf)
		rcvbuf = EXCCTL_NL_MONITOR_RCVBUF;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf))) {
		fprintf(stderr, "excctl: cannot size the receive buffer for %d bytes: %s\n",
			rcvbuf, strerror(errno));
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

/*
 * At most this many reads once @stop is set: what the socket holds then is
 * shown and counted, but a flood that goes on does not keep excctl running.
 */
#define EXCCTL_NL_DRAIN_READS 4096
/*
 * After an overflow, how many idle spells @stop waits for the senders to
 * settle (EXCCTL_NL_DRAINED_MS each) before counting what they still hold.
 */
#define EXCCTL_NL_STOP_WAITS 10

/*
 * One read of what @nl holds, waiting up to @timeout_ms (-1: forever): 1
 * when it read, 0 when nothing came (or a signal), libnl's error. A receive
 * buffer that overflowed sets *@overflowed.
 */
static int excctl_nl_read(struct excctl_nl *nl, struct nl_cb *cb, int timeout_ms,
			  bool *overflowed)
{
	struct pollfd pfd = { .fd = nl_socket_get_fd(nl->sock), .events = POLLIN };
	int n, ret;

	/* libnl retries reads a signal interrupts: wait here instead. */
	n = poll(&pfd, 1, timeout_ms);
	/* What came with the signal is still read. */
	if (n < 0 && errno == EINTR)
		n = poll(&pfd, 1, 0);
	if (n <= 0)
		return 0;
	ret = nl_recvmsgs(nl->sock, cb);
	if (ret == -NLE_NOMEM) {
		*overflowed = true;
		return 1;
	}
	return ret < 0 ? ret : 1;
}

/*
 * After an overflow: once @losses noted how far the senders went, what the
 * socket holds is read, so that whatever was sent up to there and not read
 * is lost. A new overflow in that read leaves *@overflowed set for a later
 * count. False when the senders have not settled yet.
 */
static bool excctl_nl_count_losses(struct excctl_nl *nl, struct nl_cb *cb,
				   const struct excctl_nl_losses *losses, void *arg,
				   bool final, bool *overflowed)
{
	int reads = 0;

	if (!losses->note(arg, final))
		return false;
	*overflowed = false;
	while (excctl_nl_read(nl, cb, 0, overflowed) > 0 && ++reads < EXCCTL_NL_DRAIN_READS)
		;
	losses->count(arg);
	return true;
}

/*
 * After @stop: whether to read on, so that what was sent before it is
 * shown or counted.
 */
static bool excctl_nl_drain_on(int ret, bool overflowed, int *reads, int *waits)
{
	if (ret < 0)
		return false;
	if (ret > 0)
		return ++*reads < EXCCTL_NL_DRAIN_READS;
	return overflowed && ++*waits < EXCCTL_NL_STOP_WAITS;
}

/*
 * Calls @reply for each notification until @stop is set or an error; then
 * what the socket holds is read too, so that what was sent before @stop is
 * shown or, through @losses, counted.
 */
int excctl_nl_listen(struct excctl_nl *nl, int maxattr, excctl_nl_reply_fn reply,
		     const struct excctl_nl_losses *losses, void *arg,
		     volatile sig_atomic_t *stop)
{
	struct excctl_nl_call call = { .maxattr = maxattr, .reply = reply, .arg = arg };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int ret = 0, reads = 0, waits = 0, timeout;
	bool overflowed = false;

	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, excctl_nl_on_valid, &call);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, excctl_nl_any_seq, NULL);
	while (!call.error) {
		/* What overflowed is counted once what was queued has been read. */
		timeout = overflowed ? EXCCTL_NL_DRAINED_MS : *stop ? 0 : -1;
		ret = excctl_nl_read(nl, cb, timeout, &overflowed);
		if (ret < 0 && !*stop)
			break;
		if (ret == 0 && overflowed)
			excctl_nl_count_losses(nl, cb, losses, arg, false, &overflowed);
		if (*stop && !excctl_nl_drain_on(ret, overflowed, &reads, &waits))
			break;
	}
	if (*stop && overflowed && !call.error)
		excctl_nl_count_losses(nl, cb, losses, arg, true, &overflowed);
	nl_cb_put(cb);
	if (*stop)
		return 0;
	if (call.error)
		ret = call.error;
	fprintf(stderr, "excctl: receiving notifications failed: %s\n",
		call.error ? strerror(-call.error) : nl_geterror(ret));
	return ret;
}
