// SPDX-License-Identifier: GPL-2.0
/*
 * The fault path with a real guest: a KVM selftest guest (C code run in a
 * nested VM) writes to protected memory; the module decides each write in
 * KVM's page-track notifier, undoes denied ones and alerts.
 */
#include <poll.h>

#include "kvm_util.h"
#include "processor.h"
/* The selftest library's own ASSERT_EQ gives way to the harness's. */
#undef ASSERT_EQ
#include "kselftest_harness.h"

#include "helpers.h"
#include "guest_nl.h"

#define DATA_SLOT	10
#define DATA_GPA	0x10000000ull
#define DATA_GVA	DATA_GPA
#define ZONE_OFFSET	0x100
#define ZONE_LEN	16

/* The guest: writes the value the host put in its argument, then syncs. */
static void guest_code(void)
{
	volatile uint64_t *zone = (uint64_t *)(DATA_GVA + ZONE_OFFSET);
	volatile uint64_t *outside = (uint64_t *)(DATA_GVA + ZONE_OFFSET + 64);

	for (;;) {
		zone[0] = 0x1111111111111111ull;
		GUEST_SYNC(1);
		outside[0] = 0x2222222222222222ull;
		GUEST_SYNC(2);
	}
}

struct alert {
	int count;
	uint32_t guest;
	uint64_t gpa, rip;
	uint8_t action, reason;
	int undone;
	char originator[64];
	uint64_t old_value, new_value;
};

FIXTURE(hook) {
	struct kvm_vm *vm;
	struct kvm_vcpu *vcpu;
	uint64_t *zone;
	struct kgenl g;
	struct mnl_socket *listener;
	uint32_t guest;
};

static int alert_attr(const struct nlattr *attr, void *data)
{
	struct alert *a = data;

	switch (mnl_attr_get_type(attr)) {
	case KVMEXC_A_EVENT_GUEST_ID:
		a->guest = mnl_attr_get_u32(attr);
		break;
	case KVMEXC_A_EVENT_GPA:
		a->gpa = mnl_attr_get_u64(attr);
		break;
	case KVMEXC_A_EVENT_RIP:
		a->rip = mnl_attr_get_u64(attr);
		break;
	case KVMEXC_A_EVENT_ACTION:
		a->action = mnl_attr_get_u8(attr);
		break;
	case KVMEXC_A_EVENT_REASON:
		a->reason = mnl_attr_get_u8(attr);
		break;
	case KVMEXC_A_EVENT_UNDONE:
		a->undone = 1;
		break;
	case KVMEXC_A_EVENT_ORIGINATOR:
		snprintf(a->originator, sizeof(a->originator), "%s", mnl_attr_get_str(attr));
		break;
	case KVMEXC_A_EVENT_OLD_VALUE:
		memcpy(&a->old_value, mnl_attr_get_payload(attr), 8);
		break;
	case KVMEXC_A_EVENT_NEW_VALUE:
		memcpy(&a->new_value, mnl_attr_get_payload(attr), 8);
		break;
	}
	return MNL_CB_OK;
}

/* Reads the alerts that arrive within @ms milliseconds. */
static void read_alerts(struct mnl_socket *listener, int ms, struct alert *a)
{
	struct pollfd pfd = { .fd = mnl_socket_get_fd(listener), .events = POLLIN };
	char buf[8192];

	memset(a, 0, sizeof(*a));
	while (poll(&pfd, 1, ms) > 0) {
		int len = recv(pfd.fd, buf, sizeof(buf), 0);
		const struct nlmsghdr *nlh;

		for (nlh = (void *)buf; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
			const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);

			if (genl->cmd != KVMEXC_CMD_ALERT)
				continue;
			a->count++;
			mnl_attr_parse(nlh, GENL_HDRLEN, alert_attr, a);
		}
	}
}

/* Runs the guest to its next sync; returns the stage it reached. */
static uint64_t run_to_sync(struct __test_metadata *_metadata, struct kvm_vcpu *vcpu)
{
	struct ucall uc;

	vcpu_run(vcpu);
	EXPECT_EQ(UCALL_SYNC, get_ucall(vcpu, &uc));
	return uc.args[1];
}

static void reload_module(void)
{
	/* No file loaded: the module starts log-only. */
	system("rmmod kvmexc && insmod ./kvmexc.ko");
}

/* Listens to "alerts"; its group id changes when the module is reloaded. */
static struct mnl_socket *subscribe(struct kgenl *g)
{
	struct mnl_socket *listener = mnl_socket_open(NETLINK_GENERIC);
	int group = kgenl_mcast_group(g, KVMEXC_MCGRP_ALERTS);

	if (!listener || mnl_socket_bind(listener, 0, MNL_SOCKET_AUTOPID) ||
	    mnl_socket_setsockopt(listener, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group))) {
		if (listener)
			mnl_socket_close(listener);
		return NULL;
	}
	return listener;
}

FIXTURE_SETUP(hook)
{
	self->vm = vm_create_with_one_vcpu(&self->vcpu, guest_code);
	vm_userspace_mem_region_add(self->vm, VM_MEM_SRC_ANONYMOUS, DATA_GPA,
				    DATA_SLOT, 1, 0);
	virt_map(self->vm, DATA_GVA, DATA_GPA, 1);
	self->zone = addr_gpa2hva(self->vm, DATA_GPA + ZONE_OFFSET);
	self->zone[0] = 0xaaaa;

	ASSERT_EQ(0, kgenl_open(&self->g));
	self->listener = subscribe(&self->g);
	ASSERT_NE(NULL, self->listener);
}

FIXTURE_TEARDOWN(hook)
{
	mnl_socket_close(self->listener);
	kgenl_close(&self->g);
	kvm_vm_free(self->vm);
}

static void setup_guest(struct __test_metadata *_metadata, FIXTURE_DATA(hook) *self,
			uint8_t policy)
{
	ASSERT_EQ(0, gnl_guest_with_zone(&self->g, self->vm->fd, policy, guest_code,
					 DATA_GPA + ZONE_OFFSET, ZONE_LEN, &self->guest))
		TH_LOG("%s", self->g.extack);
}

static void load(struct __test_metadata *_metadata, struct kgenl *g, int allow)
{
	uint32_t size;
	void *file = helper_file_allowing(helper_km_originator(allow ? "testmod" : "other"),
					  helper_km_victim("victim"), 1, &size);

	ASSERT_EQ(0, kgenl_load(g, file, size)) TH_LOG("%s", g->extack);
	free(file);
}

TEST_F(hook, no_file_loaded_allows_and_alerts)
{
	struct alert a;

	kgenl_close(&self->g);
	mnl_socket_close(self->listener);
	reload_module();
	ASSERT_EQ(0, kgenl_open(&self->g));
	self->listener = subscribe(&self->g);
	ASSERT_NE(NULL, self->listener);
	setup_guest(_metadata, self, KVMEXC_POLICY_ENFORCE);
	ASSERT_EQ(1, run_to_sync(_metadata, self->vcpu));
	EXPECT_EQ(0x1111111111111111ull, self->zone[0]);
	read_alerts(self->listener, 1000, &a);
	EXPECT_EQ(1, a.count);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, a.action);
	EXPECT_EQ(KVMEXC_REASON_NOT_LOADED, a.reason);
	EXPECT_EQ(0, a.undone);
}

TEST_F(hook, matching_exception_allows)
{
	struct alert a;

	load(_metadata, &self->g, 1);
	setup_guest(_metadata, self, KVMEXC_POLICY_ENFORCE);
	ASSERT_EQ(1, run_to_sync(_metadata, self->vcpu));
	EXPECT_EQ(0x1111111111111111ull, self->zone[0]);
	read_alerts(self->listener, 500, &a);
	EXPECT_EQ(0, a.count);
}

TEST_F(hook, denied_write_is_undone_and_alerted)
{
	struct alert a;

	load(_metadata, &self->g, 0);
	setup_guest(_metadata, self, KVMEXC_POLICY_ENFORCE);
	ASSERT_EQ(1, run_to_sync(_metadata, self->vcpu));
	EXPECT_EQ(0xaaaa, self->zone[0]);
	read_alerts(self->listener, 1000, &a);
	ASSERT_EQ(1, a.count);
	EXPECT_EQ(self->guest, a.guest);
	EXPECT_EQ(KVMEXC_ACTION_DENY, a.action);
	EXPECT_EQ(KVMEXC_REASON_NO_EXCEPTION, a.reason);
	EXPECT_EQ(1, a.undone);
	EXPECT_EQ(DATA_GPA + ZONE_OFFSET, a.gpa);
	EXPECT_STREQ("testmod", a.originator);
	EXPECT_EQ(0xaaaa, a.old_value);
	EXPECT_EQ(0x1111111111111111ull, a.new_value);
	EXPECT_LE((uint64_t)guest_code & ~0xfffull, a.rip);
}

/* The guest writes what the zone already holds: no exception needed, no alert. */
TEST_F(hook, same_value_is_allowed_without_an_alert)
{
	struct alert a;

	self->zone[0] = 0x1111111111111111ull;
	load(_metadata, &self->g, 0);
	setup_guest(_metadata, self, KVMEXC_POLICY_ENFORCE);
	ASSERT_EQ(1, run_to_sync(_metadata, self->vcpu));
	EXPECT_EQ(0x1111111111111111ull, self->zone[0]);
	read_alerts(self->listener, 1000, &a);
	EXPECT_EQ(0, a.count);
}

TEST_F(hook, log_only_keeps_the_write_and_alerts)
{
	struct alert a;

	load(_metadata, &self->g, 0);
	setup_guest(_metadata, self, KVMEXC_POLICY_LOG_ONLY);
	ASSERT_EQ(1, run_to_sync(_metadata, self->vcpu));
	EXPECT_EQ(0x1111111111111111ull, self->zone[0]);
	read_alerts(self->listener, 1000, &a);
	ASSERT_EQ(1, a.count);
	EXPECT_EQ(KVMEXC_ACTION_DENY, a.action);
	EXPECT_EQ(0, a.undone);
}

TEST_F(hook, unprotected_bytes_of_a_tracked_page_pass)
{
	struct alert a;

	load(_metadata, &self->g, 0);
	setup_guest(_metadata, self, KVMEXC_POLICY_ENFORCE);
	ASSERT_EQ(1, run_to_sync(_metadata, self->vcpu));
	read_alerts(self->listener, 500, &a);
	ASSERT_EQ(2, run_to_sync(_metadata, self->vcpu));
	EXPECT_EQ(0x2222222222222222ull, self->zone[8]);
	read_alerts(self->listener, 500, &a);
	EXPECT_EQ(0, a.count);
}

TEST_HARNESS_MAIN
