// SPDX-License-Identifier: GPL-2.0
/*
 * make bench, in the test VM: what deciding a guest's writes costs. A guest
 * writes the same loop to a protected (write-tracked) page, every write
 * decided and allowed by an exception, and to an untracked page. The module
 * measures the time its decisions take inside track_write; the target is
 * that a decision stays under 5% of the emulated write it is part of. The
 * test VM shares the host's CPUs, whose speed varies from round to round:
 * rates are the best of a few rounds, and the share is the median of the
 * rounds' own shares, each taken from one round's two figures.
 */
#include <time.h>

#include "kvm_util.h"
#include "processor.h"

#include "helpers.h"
#include "guest_nl.h"

#define DATA_SLOT	10
#define TRACKED_GPA	0x10000000ull
#define UNTRACKED_GPA	(TRACKED_GPA + 0x1000)
#define DEFAULT_WRITES	10000
#define ROUNDS		7
#define TARGET_PERCENT	5.0

static void guest_code(uint64_t writes)
{
	volatile uint64_t *tracked = (uint64_t *)TRACKED_GPA;
	volatile uint64_t *untracked = (uint64_t *)UNTRACKED_GPA;
	uint64_t i;

	for (;;) {
		for (i = 1; i <= writes; i++)
			*tracked = i;
		GUEST_SYNC(1);
		for (i = 1; i <= writes; i++)
			*untracked = i;
		GUEST_SYNC(2);
	}
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* Runs the guest to its next sync; the nanoseconds that took. */
static double timed_run(struct kvm_vcpu *vcpu)
{
	double start = now_ns();
	struct ucall uc;

	vcpu_run(vcpu);
	TEST_ASSERT(get_ucall(vcpu, &uc) == UCALL_SYNC, "the guest did not sync");
	return now_ns() - start;
}

static void setup(struct kgenl *g, struct kvm_vm *vm)
{
	uint32_t size, guest;
	void *file = helper_file_allowing(helper_km_originator("benchmod"),
					  helper_km_victim("victim"), 1, &size);

	TEST_ASSERT(!kgenl_open(g), "the kvmexc family");
	TEST_ASSERT(!kgenl_load(g, file, size), "load: %s", g->extack);
	free(file);
	TEST_ASSERT(!gnl_attach(g, vm->fd, KVMEXC_POLICY_ENFORCE, false, &guest),
		    "attach: %s", g->extack);
	TEST_ASSERT(!gnl_module(g, guest, (uint64_t)guest_code & ~0xfffull, 0x2000, "benchmod"),
		    "module: %s", g->extack);
	TEST_ASSERT(!gnl_protect(g, guest, TRACKED_GPA, 8), "protect: %s", g->extack);
}

struct round {
	double tracked_ns, untracked_ns, decision_ns;	/* per write */
};

/* One round of both loops; the decisions' time from the module's counter. */
static void run_round(struct kvm_vcpu *vcpu, struct kgenl *g, uint64_t writes,
		      struct round *r)
{
	struct gnl_counters before, after;

	TEST_ASSERT(!gnl_counters(g, &before), "guests: %s", g->extack);
	r->tracked_ns = timed_run(vcpu) / writes;
	r->untracked_ns = timed_run(vcpu) / writes;
	TEST_ASSERT(!gnl_counters(g, &after), "guests: %s", g->extack);
	TEST_ASSERT(after.decisions - before.decisions == writes && !after.denied,
		    "%" PRIu64 " decisions, %" PRIu64 " denied",
		    after.decisions - before.decisions, after.denied);
	r->decision_ns = (double)(after.decision_ns - before.decision_ns) / writes;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	uint64_t writes = argc > 1 ? strtoull(argv[1], NULL, 0) : DEFAULT_WRITES;
	struct round best = { 1e30, 1e30, 1e30 }, r;
	double shares[ROUNDS], share;
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	struct kgenl g;
	int i;

	vm = vm_create_with_one_vcpu(&vcpu, guest_code);
	vm_userspace_mem_region_add(vm, VM_MEM_SRC_ANONYMOUS, TRACKED_GPA, DATA_SLOT, 2, 0);
	virt_map(vm, TRACKED_GPA, TRACKED_GPA, 2);
	vcpu_args_set(vcpu, 1, writes);
	setup(&g, vm);

	for (i = 0; i < ROUNDS; i++) {
		run_round(vcpu, &g, writes, &r);
		best.tracked_ns = r.tracked_ns < best.tracked_ns ? r.tracked_ns : best.tracked_ns;
		best.untracked_ns = r.untracked_ns < best.untracked_ns ?
				    r.untracked_ns : best.untracked_ns;
		best.decision_ns = r.decision_ns < best.decision_ns ?
				   r.decision_ns : best.decision_ns;
		shares[i] = 100.0 * r.decision_ns / r.tracked_ns;
	}
	qsort(shares, ROUNDS, sizeof(shares[0]), cmp_double);
	share = shares[ROUNDS / 2];

	printf("guest writes per loop:        %" PRIu64 " (best of %d rounds)\n", writes, ROUNDS);
	printf("untracked page:               %12.0f writes/s  %10.0f ns/write\n",
	       1e9 / best.untracked_ns, best.untracked_ns);
	printf("protected page, decided:      %12.0f writes/s  %10.0f ns/write\n",
	       1e9 / best.tracked_ns, best.tracked_ns);
	printf("decision inside track_write:  %10.0f ns/write  %5.2f%% of a decided write"
	       " (median of the rounds' shares, %.2f%% to %.2f%%; target: under %.0f%%)\n",
	       best.decision_ns, share, shares[0], shares[ROUNDS - 1], TARGET_PERCENT);
	kgenl_close(&g);
	kvm_vm_free(vm);
	return share < TARGET_PERCENT ? 0 : 1;
}
