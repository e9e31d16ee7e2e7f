// SPDX-License-Identifier: GPL-2.0
/*
 * The host kernel's APIs as kmod/ uses them (kernel_compat.h). Before 6.6
 * KVM handed the page-track notifier the writing vCPU and a memslot being
 * flushed, and its callers took KVM's locks; since 6.6 the notifier gets
 * neither and KVM locks for itself.
 */

#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/workqueue.h>

#include "guest.h"

static struct kvmexc_guest *kvmexc_track_guest(struct kvm_page_track_notifier_node *node)
{
	return container_of(node, struct kvmexc_guest, track);
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)

/*
 * KVM calls this only from its emulator's writes, on the thread of the vCPU
 * that made them (emulator_write_phys, emulator_cmpxchg_emulated), so the
 * vCPU running here is the writer. Should KVM ever call it with none of
 * this VM's vCPUs loaded, the write is decided as made by no known code
 * (kvmexc_write_tracked).
 */
static void kvmexc_track_write(gpa_t gpa, const u8 *new, int bytes,
			       struct kvm_page_track_notifier_node *node)
{
	struct kvmexc_guest *g = kvmexc_track_guest(node);
	struct kvm_vcpu *vcpu = kvm_get_running_vcpu();

	if (vcpu && vcpu->kvm != g->kvm)
		vcpu = NULL;
	kvmexc_write_tracked(g, vcpu, gpa, new, bytes);
}

/* A memslot is deleted; since 6.6 KVM refuses to move one while we track. */
static void kvmexc_track_remove_region(gfn_t gfn, unsigned long nr_pages,
				       struct kvm_page_track_notifier_node *node)
{
	kvmexc_zones_forget(kvmexc_track_guest(node), gfn, nr_pages);
}

struct kvmexc_track_registration {
	struct work_struct work;
	struct kvmexc_guest *g;
	int ret;
};

static void kvmexc_track_register_in_mm(struct work_struct *work)
{
	struct kvmexc_track_registration *r =
		container_of(work, struct kvmexc_track_registration, work);
	struct mm_struct *mm = r->g->kvm->mm;

	kthread_use_mm(mm);
	r->ret = kvm_page_track_register_notifier(r->g->kvm, &r->g->track);
	kthread_unuse_mm(mm);
}

/*
 * Since 6.6 KVM takes a tracker only from the VM's own process (-ESRCH
 * otherwise), but ATTACH comes from excctl, which took the VM's file from
 * the VMM: a kernel worker borrows the VMM's address space to register.
 * The caller holds a reference on that mm. Not on kvmexc_wq: a guest's
 * release work there may wait for the lock our caller holds.
 */
int kvmexc_track_register(struct kvmexc_guest *g)
{
	struct kvmexc_track_registration r = { .g = g };

	g->track.track_write = kvmexc_track_write;
	g->track.track_remove_region = kvmexc_track_remove_region;
	if (current->mm == g->kvm->mm)
		return kvm_page_track_register_notifier(g->kvm, &g->track);
	INIT_WORK_ONSTACK(&r.work, kvmexc_track_register_in_mm);
	queue_work(system_unbound_wq, &r.work);
	flush_work(&r.work);
	destroy_work_on_stack(&r.work);
	return r.ret;
}

int kvmexc_track_gfn(struct kvm *kvm, gfn_t gfn, bool add)
{
	int ret = add ? kvm_write_track_add_gfn(kvm, gfn) :
			kvm_write_track_remove_gfn(kvm, gfn);

	return ret == -EINVAL ? -EFAULT : ret;
}

#else

static void kvmexc_track_write(struct kvm_vcpu *vcpu, gpa_t gpa, const u8 *new,
			       int bytes, struct kvm_page_track_notifier_node *node)
{
	kvmexc_write_tracked(kvmexc_track_guest(node), vcpu, gpa, new, bytes);
}

/* A memslot is deleted or moved: its tracking goes with it. */
static void kvmexc_track_flush_slot(struct kvm *kvm, struct kvm_memory_slot *slot,
				    struct kvm_page_track_notifier_node *node)
{
	kvmexc_zones_forget(kvmexc_track_guest(node), slot->base_gfn, slot->npages);
}

int kvmexc_track_register(struct kvmexc_guest *g)
{
	g->track.track_write = kvmexc_track_write;
	g->track.track_flush_slot = kvmexc_track_flush_slot;
	kvm_page_track_register_notifier(g->kvm, &g->track);
	return 0;
}

int kvmexc_track_gfn(struct kvm *kvm, gfn_t gfn, bool add)
{
	struct kvm_memory_slot *slot;
	int idx, ret = 0;

	idx = srcu_read_lock(&kvm->srcu);
	slot = gfn_to_memslot(kvm, gfn);
	if (slot) {
		write_lock(&kvm->mmu_lock);
		if (add)
			kvm_slot_page_track_add_page(kvm, slot, gfn, KVM_PAGE_TRACK_WRITE);
		else
			kvm_slot_page_track_remove_page(kvm, slot, gfn, KVM_PAGE_TRACK_WRITE);
		write_unlock(&kvm->mmu_lock);
	} else {
		ret = -EFAULT;
	}
	srcu_read_unlock(&kvm->srcu, idx);
	return ret;
}

#endif

/* Waits for notifier calls in flight: none starts after this. */
void kvmexc_track_unregister(struct kvmexc_guest *g)
{
	kvm_page_track_unregister_notifier(g->kvm, &g->track);
}

struct page *kvmexc_user_page(struct mm_struct *mm, unsigned long addr)
{
	struct page *page;
	long n;

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	n = get_user_pages_remote(mm, addr, 1, 0, &page, NULL);
#else
	n = get_user_pages_remote(mm, addr, 1, 0, &page, NULL, NULL);
#endif
	return n == 1 ? page : NULL;
}
