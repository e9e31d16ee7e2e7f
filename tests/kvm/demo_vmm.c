// SPDX-License-Identifier: GPL-2.0
/*
 * The VMM of make demo and of the add-from-alert test: a KVM guest whose
 * code is C (the KVM selftest library). Its memory holds the data of a
 * module, "victim_mod", at DATA_GPA. The guest writes it first from the
 * code of the driver "demo_drv", then, once per "write" line the VMM reads
 * on standard input, from code that belongs to no module (0x6666... and
 * 0x7777... in turn, so that each write changes the data); "burst N" makes
 * N such writes at once, for tests of a flood of alerts. The VMM prints
 * what excctl needs (its pid, the driver's code and the data's address) and
 * the data after each write; it exits on "exit" or at the end of its input.
 */
#include <inttypes.h>

#include "kvm_util.h"
#include "processor.h"

#define DATA_SLOT	10
#define DATA_GPA	((uint64_t)0x10000000)

/*
 * demo_drv's code: excctl module names these bytes "demo_drv". noipa keeps
 * the compiler from folding the two identical functions into one.
 */
static void __attribute__((__noipa__, __aligned__(64))) demo_drv_write(uint64_t value)
{
	*(volatile uint64_t *)DATA_GPA = value;
}

/* Code of no module, say injected: its writes have the originator "-". */
static void __attribute__((__noipa__, __aligned__(64))) rogue_write(uint64_t value)
{
	*(volatile uint64_t *)DATA_GPA = value;
}

/* Writes the guest makes per stage after the first; the VMM sets it. */
static uint64_t burst = 1;

static void guest_code(void)
{
	uint64_t value = 0x1111111111111111ull, i = 0;

	demo_drv_write(value);
	GUEST_SYNC(value);
	for (;;) {
		for (uint64_t n = 0; n < burst; n++, i++) {
			value = i & 1 ? 0x7777777777777777ull : 0x6666666666666666ull;
			rogue_write(value);
		}
		GUEST_SYNC(value);
	}
}

static void run_stage(struct kvm_vcpu *vcpu, volatile uint64_t *data, const char *what)
{
	struct ucall uc;

	vcpu_run(vcpu);
	TEST_ASSERT(get_ucall(vcpu, &uc) == UCALL_SYNC, "the guest did not sync");
	printf("vmm: %s wrote 0x%016" PRIx64 "; victim_mod's data is now 0x%016" PRIx64 "\n",
	       what, (uint64_t)uc.args[1], *data);
	fflush(stdout);
}

int main(void)
{
	volatile uint64_t *data;
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	char line[16];

	vm = vm_create_with_one_vcpu(&vcpu, guest_code);
	vm_userspace_mem_region_add(vm, VM_MEM_SRC_ANONYMOUS, DATA_GPA, DATA_SLOT, 1, 0);
	virt_map(vm, DATA_GPA, DATA_GPA, 1);
	data = addr_gpa2hva(vm, DATA_GPA);
	*data = 0x00000000c0ffee00ull;

	printf("pid=%d driver=0x%" PRIx64 " data=0x%" PRIx64 "\n", getpid(),
	       (uint64_t)demo_drv_write, DATA_GPA);
	printf("vmm: victim_mod's data is 0x%016" PRIx64 "\n", *data);
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return 1;
	run_stage(vcpu, data, "demo_drv");
	while (fgets(line, sizeof(line), stdin)) {
		uint64_t writes = 1;

		if (strcmp(line, "write\n") &&
		    (sscanf(line, "burst %" SCNu64, &writes) != 1 || !writes))
			break;
		burst = writes;
		sync_global_to_guest(vm, burst);
		run_stage(vcpu, data, "code outside every module");
	}
	kvm_vm_free(vm);
	return 0;
}
