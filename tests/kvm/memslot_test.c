// SPDX-License-Identifier: GPL-2.0
/*
 * A memslot that goes away under a protected zone. KVM drops the slot's
 * write tracking with it and tells the module (track_flush_slot before
 * 6.6, track_remove_region since), which forgets the zone: no decision is
 * taken on it again, not on the memory a new slot puts at the same address
 * either, and unprotecting it does not touch tracking KVM no longer has.
 * Since 6.6 KVM refuses to move a slot while a write tracker is registered.
 */
#include <pthread.h>
#include <sys/utsname.h>

#include "kvm_util.h"
#include "processor.h"
/* The selftest library's own ASSERT_EQ gives way to the harness's. */
#undef ASSERT_EQ
#include "kselftest_harness.h"

#include "helpers.h"
#include "guest_nl.h"

#define DATA_SLOT	10
#define DATA_GPA	0x10000000ull
#define ZONE_GPA	(DATA_GPA + 0x100)
#define STOP_SLOT	11
#define STOP_GPA	0x10200000ull
#define MOVED_GPA	0x10400000ull

/* Writes the zone until the host sets the stop word, in a slot of its own. */
static void guest_code(void)
{
	volatile uint64_t *zone = (uint64_t *)ZONE_GPA;
	volatile uint64_t *stop = (uint64_t *)STOP_GPA;
	uint64_t i = 0;

	while (!*stop)
		zone[0] = ++i;
	GUEST_DONE();
}

FIXTURE(memslot) {
	struct kvm_vm *vm;
	struct kvm_vcpu *vcpu;
	volatile uint64_t *stop;
	pthread_t thread;
	struct kgenl g;
	uint32_t guest;
};

/* Runs the guest to its end; its writes to a deleted slot are MMIO exits. */
static void *vcpu_thread(void *arg)
{
	struct kvm_vcpu *vcpu = arg;

	do
		vcpu_run(vcpu);
	while (vcpu->run->exit_reason == KVM_EXIT_MMIO);
	return NULL;
}

FIXTURE_SETUP(memslot)
{
	uint32_t size;
	void *file;

	self->vm = vm_create_with_one_vcpu(&self->vcpu, guest_code);
	vm_userspace_mem_region_add(self->vm, VM_MEM_SRC_ANONYMOUS, DATA_GPA, DATA_SLOT, 1, 0);
	vm_userspace_mem_region_add(self->vm, VM_MEM_SRC_ANONYMOUS, STOP_GPA, STOP_SLOT, 1, 0);
	virt_map(self->vm, DATA_GPA, DATA_GPA, 1);
	virt_map(self->vm, STOP_GPA, STOP_GPA, 1);
	virt_map(self->vm, MOVED_GPA, MOVED_GPA, 1);
	self->stop = addr_gpa2hva(self->vm, STOP_GPA);
	*self->stop = 0;
	ASSERT_EQ(0, kgenl_open(&self->g));
	/* The guest's code is "testmod"; this file allows another: all denied. */
	file = helper_file_allowing(helper_km_originator("other"),
				    helper_km_victim("victim"), 1, &size);
	ASSERT_EQ(0, kgenl_load(&self->g, file, size)) TH_LOG("%s", self->g.extack);
	free(file);
	ASSERT_EQ(0, gnl_guest_with_zone(&self->g, self->vm->fd, KVMEXC_POLICY_ENFORCE,
					 guest_code, ZONE_GPA, 8, &self->guest))
		TH_LOG("%s", self->g.extack);
	pthread_create(&self->thread, NULL, vcpu_thread, self->vcpu);
}

FIXTURE_TEARDOWN(memslot)
{
	*self->stop = 1;
	pthread_join(self->thread, NULL);
	kgenl_close(&self->g);
	kvm_vm_free(self->vm);
}

/* The guest's decision count once it has written a while more. */
static uint64_t decisions_after_a_while(struct __test_metadata *_metadata, struct kgenl *g)
{
	struct gnl_counters c;

	/* Under emulation each write is slow: let it write a few. */
	usleep(300 * 1000);
	EXPECT_EQ(0, gnl_counters(g, &c)) TH_LOG("%s", g->extack);
	return c.decisions;
}

/* Since 6.6, KVM keeps a slot from moving while write tracking is external. */
static bool kernel_refuses_move(void)
{
	struct utsname u;
	unsigned int major, minor;

	uname(&u);
	return sscanf(u.release, "%u.%u", &major, &minor) == 2 &&
	       (major > 6 || (major == 6 && minor >= 6));
}

TEST_F(memslot, deleted_while_writing_is_forgotten)
{
	volatile uint64_t *zone;
	uint64_t before, gone;

	before = decisions_after_a_while(_metadata, &self->g);
	ASSERT_LT(0, before);
	vm_mem_region_delete(self->vm, DATA_SLOT);
	gone = decisions_after_a_while(_metadata, &self->g);
	EXPECT_EQ(gone, decisions_after_a_while(_metadata, &self->g));

	/* New memory at the same address is not the zone: nothing decides it. */
	vm_userspace_mem_region_add(self->vm, VM_MEM_SRC_ANONYMOUS, DATA_GPA, DATA_SLOT, 1, 0);
	zone = addr_gpa2hva(self->vm, ZONE_GPA);
	*zone = 0;
	EXPECT_EQ(gone, decisions_after_a_while(_metadata, &self->g));
	EXPECT_NE(0, *zone);

	/* Forgetting it again leaves KVM's tracking of the new slot alone... */
	EXPECT_EQ(0, gnl_unprotect(&self->g, self->guest, ZONE_GPA)) TH_LOG("%s", self->g.extack);
	/* ...and protecting it anew decides its writes again. */
	EXPECT_EQ(0, gnl_protect(&self->g, self->guest, ZONE_GPA, 8)) TH_LOG("%s", self->g.extack);
	EXPECT_LT(gone, decisions_after_a_while(_metadata, &self->g));
}

TEST_F(memslot, moved_is_forgotten_or_refused)
{
	struct kvm_userspace_memory_region moved;
	uint64_t before, after;
	int ret;

	before = decisions_after_a_while(_metadata, &self->g);
	ASSERT_LT(0, before);
	moved = memslot2region(self->vm, DATA_SLOT)->region;
	moved.guest_phys_addr = MOVED_GPA;
	ret = ioctl(self->vm->fd, KVM_SET_USER_MEMORY_REGION, &moved);
	if (kernel_refuses_move()) {
		EXPECT_EQ(-1, ret);
		EXPECT_EQ(EINVAL, errno);
		EXPECT_LT(before, decisions_after_a_while(_metadata, &self->g));
		return;
	}
	ASSERT_EQ(0, ret) TH_LOG("KVM_SET_USER_MEMORY_REGION (move): %s", strerror(errno));
	after = decisions_after_a_while(_metadata, &self->g);
	EXPECT_EQ(after, decisions_after_a_while(_metadata, &self->g));
}

TEST_HARNESS_MAIN
