/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A KVM selftest guest that writes to protected memory in a loop, on a
 * thread of its own, for the tests that change the module around it.
 */
#ifndef _KVMEXC_TESTS_WRITER_H
#define _KVMEXC_TESTS_WRITER_H

#include <pthread.h>

#include "kvm_util.h"
#include "processor.h"

#include "guest_nl.h"
#include "helpers.h"

#define DATA_SLOT	10
#define DATA_GPA	0x10000000ull
#define ZONE_GPA	(DATA_GPA + 0x100)
#define STOP_OFFSET	0x800

/* Writes the zone until the host sets the stop word. */
static void guest_writer(void)
{
	volatile uint64_t *zone = (uint64_t *)ZONE_GPA;
	volatile uint64_t *stop = (uint64_t *)(DATA_GPA + STOP_OFFSET);
	uint64_t i = 0;

	while (!*stop)
		zone[0] = ++i;
	GUEST_DONE();
}

struct writer {
	struct kvm_vm *vm;
	struct kvm_vcpu *vcpu;
	volatile uint64_t *stop;
	pthread_t thread;
};

static inline void *writer_run(void *arg)
{
	struct writer *w = arg;

	vcpu_run(w->vcpu);
	return NULL;
}

static inline void writer_start(struct writer *w)
{
	w->vm = vm_create_with_one_vcpu(&w->vcpu, guest_writer);
	vm_userspace_mem_region_add(w->vm, VM_MEM_SRC_ANONYMOUS, DATA_GPA, DATA_SLOT, 1, 0);
	virt_map(w->vm, DATA_GPA, DATA_GPA, 1);
	w->stop = addr_gpa2hva(w->vm, DATA_GPA + STOP_OFFSET);
	*w->stop = 0;
}

static inline void writer_go(struct writer *w)
{
	pthread_create(&w->thread, NULL, writer_run, w);
	/* Let it write a while: under emulation, each write is slow. */
	usleep(300 * 1000);
}

static inline void writer_halt(struct writer *w)
{
	*w->stop = 1;
	pthread_join(w->thread, NULL);
}

static inline void writer_stop(struct writer *w)
{
	writer_halt(w);
	kvm_vm_free(w->vm);
}

/* The guest's code is the kernel module "testmod"; this file allows another. */
static inline int load_denying_file(struct kgenl *g)
{
	uint32_t size;
	void *file = helper_file_allowing(helper_km_originator("other"),
					  helper_km_victim("victim"), 2, &size);
	int ret = kgenl_load(g, file, size);

	free(file);
	return ret;
}

/* A guest of @w attached through @g, protecting the zone, with its code. */
static inline int attach_writer(struct kgenl *g, struct writer *w, bool persist, uint32_t *id)
{
	int ret = gnl_attach(g, w->vm->fd, KVMEXC_POLICY_ENFORCE, persist, id);

	if (!ret)
		ret = gnl_module(g, *id, (uint64_t)guest_writer & ~0xfffull, 0x2000, "testmod");
	if (!ret)
		ret = gnl_protect(g, *id, ZONE_GPA, 8);
	return ret;
}

#endif /* _KVMEXC_TESTS_WRITER_H */
