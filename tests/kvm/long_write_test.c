// SPDX-License-Identifier: GPL-2.0
/*
 * Writes longer than a violation carries: KVM emulates a "rep insb" as one
 * write of up to a page, which the module must decide in parts of at most
 * KVMEXC_VALUE_MAX bytes (it once copied the whole write into 64-byte
 * arrays on the kernel stack). Denied, every byte is back; allowed, every
 * byte stays; either way each part is one decision.
 */
#include "kvm_util.h"
#include "processor.h"
/* The selftest library's own ASSERT_EQ gives way to the harness's. */
#undef ASSERT_EQ
#include "kselftest_harness.h"

#include "helpers.h"
#include "guest_nl.h"

#define DATA_SLOT	10
#define DATA_GPA	0x10000000ull
#define ZONE_OFFSET	0x100
#define ZONE_LEN	256
#define PARTS		(ZONE_LEN / 64)
#define IN_PORT		0x2000
#define OLD_BYTE	0xaa
#define NEW_BYTE	0x5a

/* One "rep insb" of ZONE_LEN bytes from IN_PORT over the zone. */
static void guest_code(void)
{
	void *dst = (void *)(DATA_GPA + ZONE_OFFSET);
	uint64_t count = ZONE_LEN;

	asm volatile("cld; rep insb" : "+D"(dst), "+c"(count) : "d"(IN_PORT) : "memory");
	GUEST_SYNC(1);
}

FIXTURE(long_write) {
	struct kvm_vm *vm;
	struct kvm_vcpu *vcpu;
	uint8_t *zone;
	struct kgenl g;
	uint32_t guest;
};

FIXTURE_SETUP(long_write)
{
	self->vm = vm_create_with_one_vcpu(&self->vcpu, guest_code);
	vm_userspace_mem_region_add(self->vm, VM_MEM_SRC_ANONYMOUS, DATA_GPA, DATA_SLOT, 1, 0);
	virt_map(self->vm, DATA_GPA, DATA_GPA, 1);
	self->zone = addr_gpa2hva(self->vm, DATA_GPA + ZONE_OFFSET);
	memset(self->zone, OLD_BYTE, ZONE_LEN);
	ASSERT_EQ(0, kgenl_open(&self->g));
}

FIXTURE_TEARDOWN(long_write)
{
	kgenl_close(&self->g);
	kvm_vm_free(self->vm);
}

static void setup_guest(struct __test_metadata *_metadata, FIXTURE_DATA(long_write) *self,
			int allow)
{
	uint32_t size;
	void *file = helper_file_allowing(helper_km_originator(allow ? "testmod" : "other"),
					  helper_km_victim("victim"), 1, &size);

	ASSERT_EQ(0, kgenl_load(&self->g, file, size)) TH_LOG("%s", self->g.extack);
	free(file);
	ASSERT_EQ(0, gnl_guest_with_zone(&self->g, self->vm->fd, KVMEXC_POLICY_ENFORCE,
					 guest_code, DATA_GPA + ZONE_OFFSET, ZONE_LEN,
					 &self->guest))
		TH_LOG("%s", self->g.extack);
}

/* Serves the guest's port reads with NEW_BYTE until it syncs. */
static void run_guest(struct __test_metadata *_metadata, struct kvm_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	struct ucall uc;

	for (;;) {
		vcpu_run(vcpu);
		if (run->exit_reason != KVM_EXIT_IO || run->io.port != IN_PORT)
			break;
		ASSERT_EQ(KVM_EXIT_IO_IN, run->io.direction);
		memset((uint8_t *)run + run->io.data_offset, NEW_BYTE,
		       (size_t)run->io.size * run->io.count);
	}
	ASSERT_EQ(UCALL_SYNC, get_ucall(vcpu, &uc));
}

/*
 * The guest's counters once its alerts are out: decisions are counted as
 * they are taken, alerts when the alert work sends them (or drops them),
 * which a slow kernel may do some time later.
 */
static void counters_after_alerts(struct __test_metadata *_metadata, struct kgenl *g,
				  uint64_t alerts, struct gnl_counters *c)
{
	int tries;

	for (tries = 0; tries < 100; tries++) {
		ASSERT_EQ(0, gnl_counters(g, c)) TH_LOG("%s", g->extack);
		if (c->alerts + c->dropped >= alerts)
			return;
		usleep(50 * 1000);
	}
}

static int bytes_equal(const uint8_t *p, uint8_t value, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != value)
			return 0;
	return 1;
}

TEST_F(long_write, denied_is_undone_in_every_part)
{
	struct gnl_counters c;

	setup_guest(_metadata, self, 0);
	run_guest(_metadata, self->vcpu);
	EXPECT_TRUE(bytes_equal(self->zone, OLD_BYTE, ZONE_LEN));
	counters_after_alerts(_metadata, &self->g, PARTS, &c);
	EXPECT_EQ(PARTS, c.decisions);
	EXPECT_EQ(PARTS, c.denied);
	EXPECT_EQ(PARTS, c.alerts + c.dropped);
}

TEST_F(long_write, allowed_stays_in_every_part)
{
	struct gnl_counters c;

	setup_guest(_metadata, self, 1);
	run_guest(_metadata, self->vcpu);
	EXPECT_TRUE(bytes_equal(self->zone, NEW_BYTE, ZONE_LEN));
	ASSERT_EQ(0, gnl_counters(&self->g, &c)) TH_LOG("%s", self->g.extack);
	EXPECT_EQ(PARTS, c.decisions);
	EXPECT_EQ(0, c.denied);
}

TEST_HARNESS_MAIN
