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
#include <stdlib.h>
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
	__u32 alerts_group;
	char buf[1 << 17];	/* room for the largest chunk */
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

static inline void kgenl_mcast_groups(struct kgenl *g, const struct nlattr *groups)
{
	const struct nlattr *grp, *attr;

	mnl_attr_for_each_nested(grp, groups) {
		const char *name = NULL;
		__u32 id = 0;

		mnl_attr_for_each_nested(attr, grp) {
			if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GRP_NAME)
				name = mnl_attr_get_str(attr);
			else if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GRP_ID)
				id = mnl_attr_get_u32(attr);
		}
		if (name && !strcmp(name, KVMEXC_MCGRP_ALERTS))
			g->alerts_group = id;
	}
}

static inline int kgenl_family_attr(const struct nlattr *attr, void *data)
{
	struct kgenl *g = data;

	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID)
		g->family = mnl_attr_get_u16(attr);
	else if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GROUPS)
		kgenl_mcast_groups(g, attr);
	return MNL_CB_OK;
}

static inline int kgenl_family_cb(const struct nlmsghdr *nlh, void *data)
{
	mnl_attr_parse(nlh, GENL_HDRLEN, kgenl_family_attr, data);
	return MNL_CB_OK;
}

/* The id of multicast group @name, 0 when the family has none such. */
static inline int kgenl_mcast_group(struct kgenl *g, const char *name)
{
	return strcmp(name, KVMEXC_MCGRP_ALERTS) ? 0 : (int)g->alerts_group;
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
	ret = kgenl_transact(g, nlh, kgenl_family_cb, g);
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

struct kgenl_status {
	int loaded;
	__u32 build;
	__u32 kernel, user, glob, kernel_user, signatures, added_exceptions;
	__u64 memory;
	__u64 decisions, allowed, denied, feedback;
};

static inline int kgenl_status_attr(const struct nlattr *attr, void *data)
{
	struct kgenl_status *st = data;

	switch (mnl_attr_get_type(attr)) {
	case KVMEXC_A_STATUS_LOADED:
		st->loaded = mnl_attr_get_u8(attr);
		break;
	case KVMEXC_A_STATUS_BUILD:
		st->build = mnl_attr_get_u32(attr);
		break;
	case KVMEXC_A_STATUS_KERNEL_COUNT:
		st->kernel = mnl_attr_get_u32(attr);
		break;
	case KVMEXC_A_STATUS_USER_COUNT:
		st->user = mnl_attr_get_u32(attr);
		break;
	case KVMEXC_A_STATUS_GLOB_COUNT:
		st->glob = mnl_attr_get_u32(attr);
		break;
	case KVMEXC_A_STATUS_KERNEL_USER_COUNT:
		st->kernel_user = mnl_attr_get_u32(attr);
		break;
	case KVMEXC_A_STATUS_SIGNATURE_COUNT:
		st->signatures = mnl_attr_get_u32(attr);
		break;
	case KVMEXC_A_STATUS_ADDED_EXCEPTIONS:
		st->added_exceptions = mnl_attr_get_u32(attr);
		break;
	case KVMEXC_A_STATUS_MEMORY:
		st->memory = mnl_attr_get_u64(attr);
		break;
	case KVMEXC_A_STATUS_DECISIONS:
		st->decisions = mnl_attr_get_u64(attr);
		break;
	case KVMEXC_A_STATUS_ALLOWED:
		st->allowed = mnl_attr_get_u64(attr);
		break;
	case KVMEXC_A_STATUS_DENIED:
		st->denied = mnl_attr_get_u64(attr);
		break;
	case KVMEXC_A_STATUS_FEEDBACK:
		st->feedback = mnl_attr_get_u64(attr);
		break;
	}
	return MNL_CB_OK;
}

static inline int kgenl_status_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, GENL_HDRLEN, kgenl_status_attr, data);
}

static inline int kgenl_status(struct kgenl *g, struct kgenl_status *st)
{
	memset(st, 0, sizeof(*st));
	return kgenl_transact(g, kgenl_msg(g, g->family, KVMEXC_CMD_GET_STATUS, 0),
			      kgenl_status_cb, st);
}

static inline int kgenl_u32_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == KVMEXC_A_LOAD_TRANSFER_ID)
			*(__u32 *)data = mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

/* One u32 attribute of a reply. */
struct kgenl_u32_reply {
	int type;
	__u32 value;
};

static inline int kgenl_u32_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct kgenl_u32_reply *r = data;
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == r->type)
			r->value = mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

/* LOAD_BEGIN; returns 0 and the transfer id, or a negative errno. */
static inline int kgenl_load_begin(struct kgenl *g, __u32 size, __u32 *id)
{
	struct nlmsghdr *nlh = kgenl_msg(g, g->family, KVMEXC_CMD_LOAD_BEGIN, 0);

	mnl_attr_put_u32(nlh, KVMEXC_A_LOAD_SIZE, size);
	*id = 0;
	return kgenl_transact(g, nlh, kgenl_u32_cb, id);
}

static inline int kgenl_load_chunk(struct kgenl *g, __u32 id, __u32 offset,
				   const void *data, __u32 len)
{
	struct nlmsghdr *nlh = kgenl_msg(g, g->family, KVMEXC_CMD_LOAD_CHUNK, 0);

	mnl_attr_put_u32(nlh, KVMEXC_A_LOAD_TRANSFER_ID, id);
	mnl_attr_put_u32(nlh, KVMEXC_A_LOAD_OFFSET, offset);
	mnl_attr_put(nlh, KVMEXC_A_LOAD_DATA, len, data);
	return kgenl_transact(g, nlh, NULL, NULL);
}

static inline int kgenl_load_commit(struct kgenl *g, __u32 id)
{
	struct nlmsghdr *nlh = kgenl_msg(g, g->family, KVMEXC_CMD_LOAD_COMMIT, 0);

	mnl_attr_put_u32(nlh, KVMEXC_A_LOAD_TRANSFER_ID, id);
	return kgenl_transact(g, nlh, NULL, NULL);
}

/* The whole transfer; chunks fit the socket buffer and one attribute. */
static inline int kgenl_load(struct kgenl *g, const void *buf, __u32 size)
{
	__u32 id, off, n;
	int ret;

	ret = kgenl_load_begin(g, size, &id);
	for (off = 0; !ret && off < size; off += n) {
		n = size - off < 16384 ? size - off : 16384;
		ret = kgenl_load_chunk(g, id, off, (const char *)buf + off, n);
	}
	return ret ? ret : kgenl_load_commit(g, id);
}

/* ADD: an added exception named @context, @records in the file's format. */
static inline int kgenl_add(struct kgenl *g, __u64 context, const void *records,
			    __u32 len)
{
	struct nlmsghdr *nlh = kgenl_msg(g, g->family, KVMEXC_CMD_ADD, 0);

	mnl_attr_put_u64(nlh, KVMEXC_A_ADDED_CONTEXT, context);
	mnl_attr_put(nlh, KVMEXC_A_ADDED_RECORDS, len, records);
	return kgenl_transact(g, nlh, NULL, NULL);
}

static inline int kgenl_remove(struct kgenl *g, __u64 context)
{
	struct nlmsghdr *nlh = kgenl_msg(g, g->family, KVMEXC_CMD_REMOVE, 0);

	mnl_attr_put_u64(nlh, KVMEXC_A_ADDED_CONTEXT, context);
	return kgenl_transact(g, nlh, NULL, NULL);
}

static inline int kgenl_flush(struct kgenl *g)
{
	return kgenl_transact(g, kgenl_msg(g, g->family, KVMEXC_CMD_FLUSH, 0), NULL, NULL);
}

/* Reads a whole file; NULL on error. */
static inline void *kgenl_read_file(const char *path, __u32 *size)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long len;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc(len);
		if (buf && fread(buf, 1, len, f) != (size_t)len) {
			free(buf);
			buf = NULL;
		}
		*size = len;
	}
	fclose(f);
	return buf;
}

#endif /* _KVMEXC_KSFT_GENL_H */
