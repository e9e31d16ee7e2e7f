// SPDX-License-Identifier: GPL-2.0
/*
 * What a guest protects (zones: guest-physical ranges, write-tracked) and
 * who runs where (modules: guest-virtual ranges). Both are sorted arrays
 * that the fault path binary-searches under RCU; a change builds the next
 * array, publishes it and frees the previous one after a grace period.
 * Writers hold the guest's mutex.
 */

#include <linux/highmem.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#include "core/names.h"
#include "guest.h"

static void kvmexc_zones_free_rcu(struct rcu_head *rcu)
{
	kvfree(container_of(rcu, struct kvmexc_pzones, rcu));
}

static void kvmexc_zone_free(struct kvmexc_pzone *z)
{
	kvfree(z);
}

/* Adds or removes write tracking of every page of @z. */
static int kvmexc_zone_track(struct kvmexc_guest *g, const struct kvmexc_pzone *z,
			     bool add)
{
	gfn_t gfn, last = (z->gpa + z->len - 1) >> PAGE_SHIFT;
	int ret = 0;

	for (gfn = z->gpa >> PAGE_SHIFT; gfn <= last; gfn++)
		ret = kvmexc_track_gfn(g->kvm, gfn, add) ?: ret;
	return ret;
}

/* Every page of [gpa, gpa + len) is guest memory. */
static bool kvmexc_gpa_backed(struct kvm *kvm, u64 gpa, u32 len)
{
	gfn_t gfn, last = (gpa + len - 1) >> PAGE_SHIFT;
	bool backed = true;
	int idx;

	idx = srcu_read_lock(&kvm->srcu);
	for (gfn = gpa >> PAGE_SHIFT; backed && gfn <= last; gfn++)
		backed = gfn_to_memslot(kvm, gfn);
	srcu_read_unlock(&kvm->srcu, idx);
	return backed;
}

/*
 * Reads guest memory through the VM's process, not the caller's: PROTECT is
 * usually sent by excctl, whose address space is not the VMM's.
 */
static int kvmexc_guest_read(struct kvm *kvm, u64 gpa, u8 *buf, u32 len)
{
	int ret = 0;

	if (!mmget_not_zero(kvm->mm))
		return -ESRCH;
	while (len && !ret) {
		u32 n = min_t(u32, len, PAGE_SIZE - offset_in_page(gpa));
		unsigned long hva;
		struct page *page;
		void *mapped;
		int idx;

		idx = srcu_read_lock(&kvm->srcu);
		hva = gfn_to_hva(kvm, gpa >> PAGE_SHIFT);
		srcu_read_unlock(&kvm->srcu, idx);
		if (kvm_is_error_hva(hva)) {
			ret = -EFAULT;
			break;
		}
		mmap_read_lock(kvm->mm);
		page = kvmexc_user_page(kvm->mm, hva);
		mmap_read_unlock(kvm->mm);
		if (!page) {
			ret = -EFAULT;
			break;
		}
		mapped = kmap_local_page(page);
		memcpy(buf, mapped + offset_in_page(gpa), n);
		kunmap_local(mapped);
		put_page(page);
		gpa += n;
		buf += n;
		len -= n;
	}
	mmput(kvm->mm);
	return ret;
}

static struct kvmexc_pzones *kvmexc_zones_locked(struct kvmexc_guest *g)
{
	return rcu_dereference_protected(g->zones, lockdep_is_held(&g->lock));
}

/* @old with @add inserted in order, or without the zone at @drop. */
static struct kvmexc_pzones *kvmexc_zones_next(const struct kvmexc_pzones *old,
					       struct kvmexc_pzone *add, u32 drop)
{
	u32 n = old ? old->count : 0, i, j = 0;
	struct kvmexc_pzones *next;

	next = kvzalloc(struct_size(next, zone, n + 1), GFP_KERNEL);
	if (!next)
		return NULL;
	for (i = 0; i < n; i++) {
		if (add && add->gpa < old->zone[i]->gpa) {
			next->zone[j++] = add;
			add = NULL;
		}
		if (i != drop)
			next->zone[j++] = old->zone[i];
	}
	if (add)
		next->zone[j++] = add;
	next->count = j;
	return next;
}

static void kvmexc_zones_publish(struct kvmexc_guest *g, struct kvmexc_pzones *next)
{
	struct kvmexc_pzones *old = kvmexc_zones_locked(g);

	rcu_assign_pointer(g->zones, next);
	if (old)
		call_rcu(&old->rcu, kvmexc_zones_free_rcu);
}

/* The index of the first zone that ends after @gpa. */
static u32 kvmexc_zones_lower_bound(const struct kvmexc_pzones *zones, u64 gpa)
{
	u32 lo = 0, hi = zones->count;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		const struct kvmexc_pzone *z = zones->zone[mid];

		if (z->gpa + z->len <= gpa)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first zone overlapping [gpa, gpa + len); NULL when none does. */
__kvmexc_hot
const struct kvmexc_pzone *kvmexc_zone_find(const struct kvmexc_pzones *zones,
					    u64 gpa, u32 len)
{
	const struct kvmexc_pzone *z;
	u32 i;

	if (!zones)
		return NULL;
	i = kvmexc_zones_lower_bound(zones, gpa);
	if (i == zones->count)
		return NULL;
	z = zones->zone[i];
	return z->gpa < gpa + len ? z : NULL;
}

static u32 kvmexc_name(const struct kvmexc_guest *g, enum kvmexc_name_kind kind,
		       enum kvmexc_name_field field, u8 object_type, const char *name)
{
	struct kvmexc_name_ctx ctx = {
		.kind = kind,
		.field = field,
		.object_type = object_type,
		.flags = g->os == KVMEXC_GUEST_LINUX ? KVMEXC_NAME_LINUX : 0,
	};
	u32 hash;

	if (kvmexc_name_hash(&ctx, name, strlen(name), &hash))
		return KVMEXC_NAME_EMPTY;
	return hash;
}

/* The exception object type whose victim field a guest object's name fills. */
static u8 kvmexc_victim_object(u8 kind, u32 object)
{
	if (kind == KVMEXC_EXC_UM)
		return KVMEXC_UM_OBJ_MODULE;
	if (kind == KVMEXC_EXC_KUM)
		return KVMEXC_KUM_OBJ_MODULE;
	switch (object) {
	case KVMEXC_OBJ_TOKEN_PRIVS:
		return KVMEXC_KM_OBJ_TOKEN_PRIVS;
	case KVMEXC_OBJ_SECURITY_DESCRIPTOR:
		return KVMEXC_KM_OBJ_SECURITY_DESCRIPTOR;
	case KVMEXC_OBJ_ACL:
		return KVMEXC_KM_OBJ_ACL_EDIT;
	case KVMEXC_OBJ_SUD_INTEGRITY:
		return KVMEXC_KM_OBJ_SUD_MODIFICATION;
	}
	return KVMEXC_KM_OBJ_ANY;
}

static enum kvmexc_name_kind kvmexc_name_kind_of(u8 kind)
{
	if (kind == KVMEXC_EXC_KM)
		return KVMEXC_KIND_KERNEL;
	return kind == KVMEXC_EXC_KUM ? KVMEXC_KIND_KERNEL_USER : KVMEXC_KIND_USER;
}

static int kvmexc_zone_check(struct kvmexc_guest *g, const struct kvmexc_pzone *z,
			     struct netlink_ext_ack *extack)
{
	struct kvmexc_pzones *zones = kvmexc_zones_locked(g);

	if (kvmexc_zone_find(zones, z->gpa, z->len)) {
		NL_SET_ERR_MSG(extack, "the range overlaps a protected zone");
		return -EEXIST;
	}
	if (!kvmexc_gpa_backed(g->kvm, z->gpa, z->len)) {
		NL_SET_ERR_MSG(extack, "the range is not guest memory");
		return -EFAULT;
	}
	return 0;
}

/*
 * Protects the zone described by @tmpl. Writes made while this runs are
 * not decided: the shadow copy is the content the zone had once tracked.
 */
int kvmexc_zone_add(struct kvmexc_guest *g, const struct kvmexc_pzone *tmpl,
		    struct netlink_ext_ack *extack)
{
	enum kvmexc_name_kind nk = kvmexc_name_kind_of(tmpl->kind);
	struct kvmexc_pzones *next;
	struct kvmexc_pzone *z;
	int ret;

	z = kvmalloc(struct_size(z, shadow, tmpl->len), GFP_KERNEL_ACCOUNT);
	if (!z)
		return -ENOMEM;
	*z = *tmpl;
	spin_lock_init(&z->lock);
	z->victim = z->victim_name[0] ?
		    kvmexc_name(g, nk, KVMEXC_FIELD_VICTIM,
				kvmexc_victim_object(z->kind, z->object),
				z->victim_name) : KVMEXC_NAME_ANY;
	z->victim_process = z->process_name[0] ?
			    kvmexc_name(g, nk, KVMEXC_FIELD_PROCESS, 0, z->process_name) :
			    KVMEXC_NAME_ANY;
	mutex_lock(&g->lock);
	ret = kvmexc_zone_check(g, z, extack);
	if (ret)
		goto err;
	ret = -ENOMEM;
	next = kvmexc_zones_next(kvmexc_zones_locked(g), z, U32_MAX);
	if (!next)
		goto err;
	kvmexc_zone_track(g, z, true);
	ret = kvmexc_guest_read(g->kvm, z->gpa, z->shadow, z->len);
	if (ret) {
		kvmexc_zone_track(g, z, false);
		kvfree(next);
		NL_SET_ERR_MSG(extack, "the range cannot be read");
		goto err;
	}
	kvmexc_zones_publish(g, next);
	mutex_unlock(&g->lock);
	return 0;
err:
	mutex_unlock(&g->lock);
	kvmexc_zone_free(z);
	return ret;
}

int kvmexc_zone_del(struct kvmexc_guest *g, u64 gpa,
		    struct netlink_ext_ack *extack)
{
	struct kvmexc_pzones *zones, *next;
	struct kvmexc_pzone *z;
	u32 i;

	mutex_lock(&g->lock);
	zones = kvmexc_zones_locked(g);
	i = zones ? kvmexc_zones_lower_bound(zones, gpa) : 0;
	if (!zones || i == zones->count || zones->zone[i]->gpa != gpa) {
		mutex_unlock(&g->lock);
		NL_SET_ERR_MSG(extack, "no protected zone starts at this GPA");
		return -ENOENT;
	}
	z = zones->zone[i];
	next = kvmexc_zones_next(zones, NULL, i);
	if (!next) {
		mutex_unlock(&g->lock);
		return -ENOMEM;
	}
	if (!z->gone)
		kvmexc_zone_track(g, z, false);
	kvmexc_zones_publish(g, next);
	mutex_unlock(&g->lock);
	/* Readers of the old array may still look at @z. */
	synchronize_rcu();
	kvmexc_zone_free(z);
	return 0;
}

/* Drops every zone; the guest's fault-path hook is gone already. */
void kvmexc_zones_free(struct kvmexc_guest *g)
{
	struct kvmexc_pzones *zones = rcu_dereference_protected(g->zones, true);
	u32 i;

	if (!zones)
		return;
	RCU_INIT_POINTER(g->zones, NULL);
	synchronize_rcu();
	for (i = 0; i < zones->count; i++) {
		if (!zones->zone[i]->gone)
			kvmexc_zone_track(g, zones->zone[i], false);
		kvmexc_zone_free(zones->zone[i]);
	}
	kvfree(zones);
}

/*
 * The memslot of [@gfn, @gfn + @nr_pages) is going away with its tracking:
 * the zones in it, even in part, are never decided again.
 */
void kvmexc_zones_forget(struct kvmexc_guest *g, gfn_t gfn, unsigned long nr_pages)
{
	u64 start = (u64)gfn << PAGE_SHIFT;
	u64 end = start + ((u64)nr_pages << PAGE_SHIFT);
	struct kvmexc_pzones *zones;
	u32 i;

	rcu_read_lock();
	zones = rcu_dereference(g->zones);
	for (i = 0; zones && i < zones->count; i++) {
		struct kvmexc_pzone *z = zones->zone[i];

		if (z->gpa < end && z->gpa + z->len > start)
			WRITE_ONCE(z->gone, true);
	}
	rcu_read_unlock();
}

static struct kvmexc_modules *kvmexc_modules_locked(struct kvmexc_guest *g)
{
	return rcu_dereference_protected(g->modules, lockdep_is_held(&g->lock));
}

static void kvmexc_modules_free_rcu(struct rcu_head *rcu)
{
	kvfree(container_of(rcu, struct kvmexc_modules, rcu));
}

static void kvmexc_modules_publish(struct kvmexc_guest *g,
				   struct kvmexc_modules *next)
{
	struct kvmexc_modules *old = kvmexc_modules_locked(g);

	rcu_assign_pointer(g->modules, next);
	if (old)
		call_rcu(&old->rcu, kvmexc_modules_free_rcu);
}

/* Modules may not overlap: a RIP has one originator. */
int kvmexc_module_add(struct kvmexc_guest *g, const struct kvmexc_module *tmpl,
		      struct netlink_ext_ack *extack)
{
	struct kvmexc_modules *old, *next;
	struct kvmexc_module m = *tmpl;
	u32 n, i, at;

	m.name_hash = m.kind == KVMEXC_EXC_KM ?
		kvmexc_name(g, KVMEXC_KIND_KERNEL, KVMEXC_FIELD_ORIGINATOR,
			    KVMEXC_KM_OBJ_ANY, m.name) :
		kvmexc_name(g, KVMEXC_KIND_USER, KVMEXC_FIELD_ORIGINATOR,
			    KVMEXC_UM_OBJ_MODULE, m.name);
	m.process_hash = m.process[0] ?
		kvmexc_name(g, KVMEXC_KIND_USER, KVMEXC_FIELD_PROCESS, 0, m.process) :
		KVMEXC_NAME_ANY;

	mutex_lock(&g->lock);
	old = kvmexc_modules_locked(g);
	n = old ? old->count : 0;
	for (at = 0; at < n && old->module[at].start < m.start; at++)
		;
	if ((at > 0 && old->module[at - 1].start + old->module[at - 1].len > m.start) ||
	    (at < n && m.start + m.len > old->module[at].start)) {
		mutex_unlock(&g->lock);
		NL_SET_ERR_MSG(extack, "the range overlaps a module");
		return -EEXIST;
	}
	next = kvzalloc(struct_size(next, module, n + 1), GFP_KERNEL);
	if (!next) {
		mutex_unlock(&g->lock);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		next->module[i < at ? i : i + 1] = old->module[i];
	next->module[at] = m;
	next->count = n + 1;
	kvmexc_modules_publish(g, next);
	mutex_unlock(&g->lock);
	return 0;
}

int kvmexc_module_del(struct kvmexc_guest *g, u64 start, u64 cr3,
		      struct netlink_ext_ack *extack)
{
	struct kvmexc_modules *old, *next;
	u32 n, i, at;

	mutex_lock(&g->lock);
	old = kvmexc_modules_locked(g);
	n = old ? old->count : 0;
	for (at = 0; at < n; at++)
		if (old->module[at].start == start && old->module[at].cr3 == cr3)
			break;
	if (at == n) {
		mutex_unlock(&g->lock);
		NL_SET_ERR_MSG(extack, "no module starts at this address");
		return -ENOENT;
	}
	next = kvzalloc(struct_size(next, module, n - 1), GFP_KERNEL);
	if (!next) {
		mutex_unlock(&g->lock);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		if (i != at)
			next->module[i < at ? i : i - 1] = old->module[i];
	next->count = n - 1;
	kvmexc_modules_publish(g, next);
	mutex_unlock(&g->lock);
	return 0;
}
