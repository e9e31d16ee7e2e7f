/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw generic-netlink access to the kvmexc family for kselftests, with
 * libmnl, so tests can build any message, malformed ones included, and read
 * the kernel's extack message.
 */
#ifndef _KVMEXC_KSFT_GENL_H
#define _KVMEXC_KSFT_GENL_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/kvmexc.h>

struct kgenl {
	struct mnl_socket *sock;
	unsigned int portid;
	unsigned int seq;
	__u16 family;
	char buf[32768];
	char extack[256];
};

static inline struct nlmsghdr *kgenl_msg(struct kgenl *g, __u16 type, __u8 cmd,
					 __u16 flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(g->buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++g->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = KVMEXC_FAMILY_VERSION;
	return nlh;
}

static inline void kgenl_read_extack(struct kgenl *g, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	size_t offset = sizeof(*err);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		offset += err->msg.nlmsg_len - sizeof(err->msg);
	mnl_attr_for_each(attr, nlh, offset) {
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG)
			snprintf(g->extack, sizeof(g->extack), "%s",
				 mnl_attr_get_str(attr));
	}
}

/*
 * Sends @nlh and reads until the acknowledgement. @cb sees every reply.
 * Returns 0 or the negative errno of the kernel's error (message in extack).
 */
static inline int kgenl_transact(struct kgenl *g, struct nlmsghdr *nlh,
				 mnl_cb_t cb, void *data)
{
	unsigned int seq = nlh->nlmsg_seq;
	int ret;

	g->extack[0] = 0;
	if (mnl_socket_sendto(g->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		const struct nlmsghdr *msg;
		int len;

		len = mnl_socket_recvfrom(g->sock, g->buf, sizeof(g->buf));
		if (len < 0)
			return -errno;
		for (msg = (void *)g->buf; mnl_nlmsg_ok(msg, len);
		     msg = mnl_nlmsg_next(msg, &len)) {
			if (msg->nlmsg_seq != seq)
				continue;
			if (msg->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *err = mnl_nlmsg_get_payload(msg);

				kgenl_read_extack(g, msg);
				return err->error;
			}
			if (msg->nlmsg_type == NLMSG_DONE)
				return 0;
			if (cb) {
				ret = cb(msg, data);
				if (ret <= MNL_CB_STOP)
					return ret < 0 ? -EIO : 0;
			}
		}
	}
}

static inline int kgenl_family_attr(const struct nlattr *attr, void *data)
{
	__u16 *family = data;

	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID)
		*family = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static inline int kgenl_family_cb(const struct nlmsghdr *nlh, void *data)
{
	mnl_attr_parse(nlh, GENL_HDRLEN, kgenl_family_attr, data);
	return MNL_CB_OK;
}

/* Opens a socket and resolves the family; returns 0 or a negative errno. */
static inline int kgenl_open(struct kgenl *g)
{
	struct nlmsghdr *nlh;
	int one = 1;
	int ret;

	memset(g, 0, sizeof(*g));
	g->seq = time(NULL);
	g->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!g->sock)
		return -errno;
	if (mnl_socket_bind(g->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	g->portid = mnl_socket_get_portid(g->sock);
	mnl_socket_setsockopt(g->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(g->sock, NETLINK_CAP_ACK, &one, sizeof(one));

	nlh = kgenl_msg(g, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, KVMEXC_FAMILY_NAME);
	ret = kgenl_transact(g, nlh, kgenl_family_cb, &g->family);
	if (ret)
		return ret;
	return g->family ? 0 : -ENOENT;
}

static inline void kgenl_close(struct kgenl *g)
{
	if (g->sock)
		mnl_socket_close(g->sock);
	g->sock = NULL;
}

#endif /* _KVMEXC_KSFT_GENL_H */
