/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What differs between the host kernels kvmexc builds for (Documentation/
 * kvmexc.rst, Kernels): KVM's page-track API changed in 6.6, and two
 * helpers moved or lost an argument. The rest of kmod/ calls these and
 * reads the same on every kernel. The core includes it too (core/compat.h),
 * so it declares rather than includes what KVM defines.
 */
#ifndef _KVMEXC_KERNEL_COMPAT_H
#define _KVMEXC_KERNEL_COMPAT_H

#include <linux/kvm_types.h>
#include <linux/version.h>

/* 6.12 moved it; the old header is gone. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

struct kvm;
struct kvmexc_guest;
struct mm_struct;
struct page;

/*
 * Hooks @g's write decisions and memslot removals into its VM's page
 * tracking; the caller holds a reference on the VM's mm.
 */
int kvmexc_track_register(struct kvmexc_guest *g);
void kvmexc_track_unregister(struct kvmexc_guest *g);

/* Starts (@add) or stops write tracking of @gfn; -EFAULT when no memslot holds it. */
int kvmexc_track_gfn(struct kvm *kvm, gfn_t gfn, bool add);

/* The page of @mm at @addr, referenced; the caller holds mmap_read_lock. */
struct page *kvmexc_user_page(struct mm_struct *mm, unsigned long addr);

#endif
