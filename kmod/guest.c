// SPDX-License-Identifier: GPL-2.0
/*
 * Attaching and detaching guests. A guest holds a reference on its VM and
 * is detached, whichever comes first, by DETACH, by the exit of the VM's
 * process (an mmu notifier on its address space), by the close of the
 * attaching socket unless it is persistent, and by rmmod. Every path ends in
 * kvmexc_guest_detach(), under kvmexc_guests_lock, so each happens once.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/file.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#include "guest.h"

static LIST_HEAD(kvmexc_guests);
static u32 kvmexc_last_guest_id;
/* Serializes every change of the guests and of what they protect. */
DEFINE_MUTEX(kvmexc_guests_lock);

struct kvmexc_guest *kvmexc_guest_find(u32 id)
{
	struct kvmexc_guest *g;

	lockdep_assert_held(&kvmexc_guests_lock);
	list_for_each_entry(g, &kvmexc_guests, node)
		if (g->id == id)
			return g;
	return NULL;
}

static bool kvmexc_vm_attached(struct kvm *kvm)
{
	struct kvmexc_guest *g;

	list_for_each_entry(g, &kvmexc_guests, node)
		if (g->kvm == kvm)
			return true;
	return false;
}

struct workqueue_struct *kvmexc_wq;

/* Takes @g out of the list and off its VM; no fault-path call remains. */
static void kvmexc_guest_unlink(struct kvmexc_guest *g)
{
	lockdep_assert_held(&kvmexc_guests_lock);
	list_del(&g->node);
	kvmexc_track_unregister(g);
	kvmexc_zones_free(g);
	/* Calls ->release unless the process's exit did already. */
	mmu_notifier_unregister(&g->mn, g->kvm->mm);
}

/* Frees an unlinked guest; its release work may be queued or running. */
static void kvmexc_guest_destroy(struct kvmexc_guest *g, bool from_release_work)
{
	struct kvmexc_err err;

	if (!from_release_work)
		cancel_work_sync(&g->release_work);
	/* Unlinked, so no new ones: ids are never reused, this is only memory. */
	if (kvmexc_flush_added(g->id, &err))
		pr_warn("guest %u: its added exceptions stay: %s\n", g->id, err.msg);
	kvmexc_alert_queue_free(g->alerts);
	kvfree(rcu_dereference_protected(g->modules, true));
	kvm_put_kvm(g->kvm);
	pr_info("guest %u detached\n", g->id);
	kfree(g);
}

/* The VM's process is going away: detach, but not from inside its exit. */
static void kvmexc_guest_mm_release(struct mmu_notifier *mn,
				    struct mm_struct *mm)
{
	struct kvmexc_guest *g = container_of(mn, struct kvmexc_guest, mn);

	pr_info("guest %u: its process exits\n", g->id);
	queue_work(kvmexc_wq, &g->release_work);
}

static const struct mmu_notifier_ops kvmexc_guest_mn_ops = {
	.release = kvmexc_guest_mm_release,
};

static bool kvmexc_guest_listed(struct kvmexc_guest *g)
{
	struct kvmexc_guest *found;

	/* Compares pointers only: @g may be unlinked, but is not freed. */
	list_for_each_entry(found, &kvmexc_guests, node)
		if (found == g)
			return true;
	return false;
}

static void kvmexc_guest_release_work(struct work_struct *work)
{
	struct kvmexc_guest *g = container_of(work, struct kvmexc_guest,
					      release_work);
	bool mine;

	mutex_lock(&kvmexc_guests_lock);
	/* Another path may have unlinked @g: then that path frees it. */
	mine = kvmexc_guest_listed(g);
	if (mine)
		kvmexc_guest_unlink(g);
	mutex_unlock(&kvmexc_guests_lock);
	if (mine)
		kvmexc_guest_destroy(g, true);
}

/* Takes a reference on the VM behind @fd, a file of the caller. */
static struct kvm *kvmexc_vm_from_fd(int fd, struct netlink_ext_ack *extack)
{
	struct file *file = fget(fd);
	struct kvm *kvm = NULL;

	if (file && file_is_kvm(file)) {
		kvm = file->private_data;
		kvm_get_kvm(kvm);
	} else {
		NL_SET_ERR_MSG(extack, "VM_FD is not a KVM VM file descriptor of the caller");
	}
	if (file)
		fput(file);
	return kvm;
}

/*
 * The page-track notifier first: KVM can refuse it, and it is undone
 * without waiting, where the mmu notifier's undoing queues the release work.
 */
static int kvmexc_guest_hook(struct kvmexc_guest *g,
			     struct netlink_ext_ack *extack)
{
	int ret;

	/* Registering on an address space that already died is a bug. */
	if (!mmget_not_zero(g->kvm->mm)) {
		NL_SET_ERR_MSG(extack, "the VM's process has exited");
		return -ESRCH;
	}
	ret = kvmexc_track_register(g);
	if (ret) {
		NL_SET_ERR_MSG(extack, "KVM refused the write-tracking notifier");
		goto out;
	}
	g->mn.ops = &kvmexc_guest_mn_ops;
	ret = mmu_notifier_register(&g->mn, g->kvm->mm);
	if (ret)
		kvmexc_track_unregister(g);
out:
	mmput(g->kvm->mm);
	return ret;
}

int kvmexc_guest_attach(const struct kvmexc_guest *params, int vm_fd,
			u32 *id, struct netlink_ext_ack *extack)
{
	struct kvmexc_guest *g;
	int ret = -ENOMEM;

	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return -ENOMEM;
	g->kvm = kvmexc_vm_from_fd(vm_fd, extack);
	if (!g->kvm) {
		kfree(g);
		return -EBADF;
	}
	g->owner_portid = params->owner_portid;
	g->os = params->os;
	g->bits = params->bits;
	g->policy = params->policy;
	g->os_version = params->os_version;
	g->vmm_pid = g->kvm->userspace_pid;
	mutex_init(&g->lock);
	INIT_WORK(&g->release_work, kvmexc_guest_release_work);

	mutex_lock(&kvmexc_guests_lock);
	if (kvmexc_vm_attached(g->kvm)) {
		NL_SET_ERR_MSG(extack, "this VM is attached already");
		ret = -EEXIST;
		goto err;
	}
	g->id = ++kvmexc_last_guest_id;
	g->alerts = kvmexc_alert_queue_new(g->id);
	if (!g->alerts)
		goto err;
	ret = kvmexc_guest_hook(g, extack);
	if (ret)
		goto err_alerts;
	list_add_tail(&g->node, &kvmexc_guests);
	*id = g->id;
	mutex_unlock(&kvmexc_guests_lock);
	pr_info("guest %u attached (VM of pid %d)\n", g->id, g->vmm_pid);
	return 0;

err_alerts:
	kvmexc_alert_queue_free(g->alerts);
err:
	mutex_unlock(&kvmexc_guests_lock);
	kvm_put_kvm(g->kvm);
	kfree(g);
	return ret;
}

int kvmexc_guest_detach_id(u32 id, struct netlink_ext_ack *extack)
{
	struct kvmexc_guest *g;

	mutex_lock(&kvmexc_guests_lock);
	g = kvmexc_guest_find(id);
	if (g)
		kvmexc_guest_unlink(g);
	else
		NL_SET_ERR_MSG(extack, "no guest with this ID");
	mutex_unlock(&kvmexc_guests_lock);
	if (!g)
		return -ENOENT;
	kvmexc_guest_destroy(g, false);
	return 0;
}

/*
 * Detaches every guest for which @match is true (all when NULL), one at a
 * time: each is freed outside the lock, where its release work can finish.
 */
static void kvmexc_guests_detach_if(bool (*match)(struct kvmexc_guest *g, u32 arg),
				    u32 arg)
{
	struct kvmexc_guest *g;

	for (;;) {
		mutex_lock(&kvmexc_guests_lock);
		list_for_each_entry(g, &kvmexc_guests, node)
			if (!match || match(g, arg))
				break;
		if (list_entry_is_head(g, &kvmexc_guests, node)) {
			mutex_unlock(&kvmexc_guests_lock);
			return;
		}
		kvmexc_guest_unlink(g);
		mutex_unlock(&kvmexc_guests_lock);
		kvmexc_guest_destroy(g, false);
	}
}

static bool kvmexc_guest_owned_by(struct kvmexc_guest *g, u32 portid)
{
	return g->owner_portid == portid;
}

/*
 * Adds an added exception for guest @guest (0: for every guest); the guest
 * cannot detach between the check and the addition, and its detach removes it.
 */
int kvmexc_guest_add_exception(u32 guest, u64 context, const void *records,
			       size_t len, struct kvmexc_err *err)
{
	int ret;

	mutex_lock(&kvmexc_guests_lock);
	if (guest && !kvmexc_guest_find(guest))
		ret = kvmexc_err_set(err, -ENOENT, "GUEST: no guest %u attached", guest);
	else
		ret = kvmexc_add_exception(context, guest, records, len, err);
	mutex_unlock(&kvmexc_guests_lock);
	return ret;
}

/* The socket @portid closed: its guests go, unless attached to persist. */
void kvmexc_guests_release_portid(u32 portid)
{
	kvmexc_guests_detach_if(kvmexc_guest_owned_by, portid);
}

/* Calls @fill for each guest from the @*pos-th on; the cursor follows. */
int kvmexc_guests_walk(u32 *pos, int (*fill)(void *arg, struct kvmexc_guest *g),
		       void *arg)
{
	struct kvmexc_guest *g;
	u32 i = 0;
	int ret = 0;

	mutex_lock(&kvmexc_guests_lock);
	list_for_each_entry(g, &kvmexc_guests, node) {
		if (i++ < *pos)
			continue;
		ret = fill(arg, g);
		if (ret)
			break;
		(*pos)++;
	}
	mutex_unlock(&kvmexc_guests_lock);
	return ret;
}

int __init kvmexc_guests_init(void)
{
	kvmexc_wq = alloc_workqueue("kvmexc", 0, 0);
	return kvmexc_wq ? 0 : -ENOMEM;
}

void kvmexc_guests_exit(void)
{
	kvmexc_guests_detach_if(NULL, 0);
	destroy_workqueue(kvmexc_wq);
}
