/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest commands for the KVM guest tests, over raw netlink (libmnl).
 */
#ifndef _KVMEXC_TESTS_GUEST_NL_H
#define _KVMEXC_TESTS_GUEST_NL_H

#include "kvmexc_genl.h"

static inline int gnl_attach(struct kgenl *g, int fd, uint8_t policy, bool persist,
			     uint32_t *id)
{
	struct nlmsghdr *nlh = kgenl_msg(g, g->family, KVMEXC_CMD_ATTACH, 0);
	struct kgenl_u32_reply r = { .type = KVMEXC_A_GUEST_ID };
	int ret;

	mnl_attr_put_u32(nlh, KVMEXC_A_GUEST_VM_FD, fd);
	mnl_attr_put_u8(nlh, KVMEXC_A_GUEST_OS, KVMEXC_GUEST_LINUX);
	mnl_attr_put_u8(nlh, KVMEXC_A_GUEST_POLICY, policy);
	if (persist)
		mnl_attr_put(nlh, KVMEXC_A_GUEST_PERSIST, 0, NULL);
	ret = kgenl_transact(g, nlh, kgenl_u32_reply_cb, &r);
	*id = r.value;
	return ret;
}

static inline int gnl_detach(struct kgenl *g, uint32_t id)
{
	struct nlmsghdr *nlh = kgenl_msg(g, g->family, KVMEXC_CMD_DETACH, 0);

	mnl_attr_put_u32(nlh, KVMEXC_A_GUEST_ID, id);
	return kgenl_transact(g, nlh, NULL, NULL);
}

/* A kernel zone holding data of the Linux module "victim". */
static inline int gnl_protect(struct kgenl *g, uint32_t guest, uint64_t gpa, uint32_t len)
{
	struct nlmsghdr *nlh = kgenl_msg(g, g->family, KVMEXC_CMD_PROTECT, 0);

	mnl_attr_put_u32(nlh, KVMEXC_A_ZONE_GUEST_ID, guest);
	mnl_attr_put_u64(nlh, KVMEXC_A_ZONE_GPA, gpa);
	mnl_attr_put_u32(nlh, KVMEXC_A_ZONE_LENGTH, len);
	mnl_attr_put_u8(nlh, KVMEXC_A_ZONE_KIND, KVMEXC_EXC_KM);
	mnl_attr_put_u32(nlh, KVMEXC_A_ZONE_OBJECT, KVMEXC_OBJ_KM_MODULE);
	mnl_attr_put_u64(nlh, KVMEXC_A_ZONE_ZONE_FLAGS, KVMEXC_ZF_LIB_DATA);
	mnl_attr_put_strz(nlh, KVMEXC_A_ZONE_VICTIM, "victim");
	mnl_attr_put_u64(nlh, KVMEXC_A_ZONE_GVA, gpa);
	return kgenl_transact(g, nlh, NULL, NULL);
}

static inline int gnl_unprotect(struct kgenl *g, uint32_t guest, uint64_t gpa)
{
	struct nlmsghdr *nlh = kgenl_msg(g, g->family, KVMEXC_CMD_UNPROTECT, 0);

	mnl_attr_put_u32(nlh, KVMEXC_A_ZONE_GUEST_ID, guest);
	mnl_attr_put_u64(nlh, KVMEXC_A_ZONE_GPA, gpa);
	return kgenl_transact(g, nlh, NULL, NULL);
}

/* Kernel module @name runs the code at [start, start + len). */
static inline int gnl_module(struct kgenl *g, uint32_t guest, uint64_t start,
			     uint64_t len, const char *name)
{
	struct nlmsghdr *nlh = kgenl_msg(g, g->family, KVMEXC_CMD_MODULE, 0);

	mnl_attr_put_u32(nlh, KVMEXC_A_MODULE_GUEST_ID, guest);
	mnl_attr_put_u64(nlh, KVMEXC_A_MODULE_START, start);
	mnl_attr_put_u64(nlh, KVMEXC_A_MODULE_LENGTH, len);
	mnl_attr_put_u8(nlh, KVMEXC_A_MODULE_KIND, KVMEXC_EXC_KM);
	mnl_attr_put_strz(nlh, KVMEXC_A_MODULE_NAME, name);
	return kgenl_transact(g, nlh, NULL, NULL);
}

/*
 * The one exception of exceptions file @file as an added exception of
 * @guest (0: of every guest), named @context.
 */
static inline int gnl_add(struct kgenl *g, uint32_t guest, uint64_t context,
			  const void *file, uint32_t size)
{
	struct nlmsghdr *nlh = kgenl_msg(g, g->family, KVMEXC_CMD_ADD, 0);
	uint32_t hdr = sizeof(struct kvmexc_file_header);

	mnl_attr_put_u64(nlh, KVMEXC_A_ADDED_CONTEXT, context);
	mnl_attr_put(nlh, KVMEXC_A_ADDED_RECORDS, size - hdr, (const char *)file + hdr);
	if (guest)
		mnl_attr_put_u32(nlh, KVMEXC_A_ADDED_GUEST, guest);
	return kgenl_transact(g, nlh, NULL, NULL);
}

/* Flushes the added exceptions of @guest, or all of them (0). */
static inline int gnl_flush(struct kgenl *g, uint32_t guest)
{
	struct nlmsghdr *nlh = kgenl_msg(g, g->family, KVMEXC_CMD_FLUSH, 0);

	if (guest)
		mnl_attr_put_u32(nlh, KVMEXC_A_ADDED_GUEST, guest);
	return kgenl_transact(g, nlh, NULL, NULL);
}

static inline int gnl_count_cb(const struct nlmsghdr *nlh, void *data)
{
	(*(int *)data)++;
	return MNL_CB_OK;
}

/* How many guests are attached; negative errno on failure. */
static inline int gnl_guests(struct kgenl *g)
{
	int count = 0;
	int ret = kgenl_transact(g, kgenl_msg(g, g->family, KVMEXC_CMD_GUESTS, NLM_F_DUMP),
				 gnl_count_cb, &count);

	return ret ? ret : count;
}

struct gnl_counters {
	uint64_t decisions, denied, alerts, dropped, decision_ns;
};

static inline int gnl_counters_attr(const struct nlattr *attr, void *data)
{
	struct gnl_counters *c = data;

	switch (mnl_attr_get_type(attr)) {
	case KVMEXC_A_GUEST_DECISIONS:
		c->decisions = mnl_attr_get_u64(attr);
		break;
	case KVMEXC_A_GUEST_DENIED:
		c->denied = mnl_attr_get_u64(attr);
		break;
	case KVMEXC_A_GUEST_ALERTS:
		c->alerts = mnl_attr_get_u64(attr);
		break;
	case KVMEXC_A_GUEST_DROPPED:
		c->dropped = mnl_attr_get_u64(attr);
		break;
	case KVMEXC_A_GUEST_DECISION_NS:
		c->decision_ns = mnl_attr_get_u64(attr);
		break;
	}
	return MNL_CB_OK;
}

static inline int gnl_counters_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, GENL_HDRLEN, gnl_counters_attr, data);
}

/* The counters of the (only) attached guest. */
static inline int gnl_counters(struct kgenl *g, struct gnl_counters *c)
{
	memset(c, 0, sizeof(*c));
	return kgenl_transact(g, kgenl_msg(g, g->family, KVMEXC_CMD_GUESTS, NLM_F_DUMP),
			      gnl_counters_cb, c);
}

/*
 * Attaches the VM of @vm_fd as a guest whose module "testmod" is the page of
 * @code and the next (the guest runs the test's code at its host addresses),
 * with the zone [@gpa, @gpa + @len). On failure, g->extack says why.
 */
static inline int gnl_guest_with_zone(struct kgenl *g, int vm_fd, uint8_t policy,
				      const void *code, uint64_t gpa, uint32_t len,
				      uint32_t *guest)
{
	return gnl_attach(g, vm_fd, policy, false, guest) ||
	       gnl_module(g, *guest, (uint64_t)code & ~0xfffull, 0x2000, "testmod") ||
	       gnl_protect(g, *guest, gpa, len) ? -1 : 0;
}

#endif /* _KVMEXC_TESTS_GUEST_NL_H */
