/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An attached guest: its VM, what is protected in it (zones, by
 * guest-physical address), who runs where (modules, by guest-virtual
 * address) and its alerts. The fault path reads zones and modules under
 * RCU; everything else changes under the guest's mutex.
 */
#ifndef _KVMEXC_GUEST_H
#define _KVMEXC_GUEST_H

#include <linux/kvm_host.h>
#include <linux/mmu_notifier.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <asm/kvm_page_track.h>

#include "kernel_compat.h"
#include "kvmexc.h"

#define KVMEXC_NAME_MAX		64

/* A protected zone: guest-physical bytes whose writes are decided. */
struct kvmexc_pzone {
	u64 gpa;
	u64 gva;
	u32 len;
	u8 kind;		/* enum kvmexc_exc_kind, not glob */
	bool gone;		/* its memslot went away: never decided again */
	u32 object;		/* enum kvmexc_guest_object */
	u64 zone_flags;
	u32 victim;		/* name hashes, as the compiler hashes the field */
	u32 victim_process;
	char victim_name[KVMEXC_NAME_MAX];
	char process_name[KVMEXC_NAME_MAX];	/* owning the victim, if given */
	spinlock_t lock;	/* protects shadow */
	u8 shadow[];		/* the bytes last allowed, beside their lock */
};

/* Immutable once published: PROTECT and UNPROTECT publish a new one. */
struct kvmexc_pzones {
	struct rcu_head rcu;
	u32 count;
	struct kvmexc_pzone *zone[];	/* by gpa, not overlapping */
};

struct kvmexc_module {
	u64 start;
	u64 len;
	u64 cr3;		/* user modules: their address space; 0 any */
	u8 kind;
	u32 name_hash;
	u32 process_hash;
	char name[KVMEXC_NAME_MAX];
	char process[KVMEXC_NAME_MAX];
};

struct kvmexc_modules {
	struct rcu_head rcu;
	u32 count;
	struct kvmexc_module module[];	/* by start */
};

/*
 * The module whose code is at @rip in the address space @cr3, or NULL.
 * Inline, on every decided write, and not bsearch(), whose comparison is an
 * indirect call at every step: a retpoline each.
 */
static inline const struct kvmexc_module *
kvmexc_module_find(const struct kvmexc_modules *mods, u64 rip, u64 cr3)
{
	const struct kvmexc_module *m;
	u32 lo = 0, hi;

	if (!mods)
		return NULL;
	hi = mods->count;
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		m = &mods->module[mid];
		if (rip < m->start)
			hi = mid;
		else if (rip - m->start >= m->len)
			lo = mid + 1;
		else
			return m->cr3 && m->cr3 != cr3 ? NULL : m;
	}
	return NULL;
}

struct kvmexc_alert_queue;

struct kvmexc_guest {
	struct list_head node;
	u32 id;
	u32 owner_portid;	/* the attaching socket; 0 when persistent */
	struct kvm *kvm;	/* referenced while attached */
	pid_t vmm_pid;
	u8 os;			/* enum kvmexc_guest_os */
	u8 bits;
	u8 policy;		/* enum kvmexc_policy */
	u64 os_version;

	struct kvm_page_track_notifier_node track;
	struct mmu_notifier mn;
	struct work_struct release_work;

	struct mutex lock;	/* writers of zones and modules */
	struct kvmexc_pzones __rcu *zones;
	struct kvmexc_modules __rcu *modules;

	struct kvmexc_alert_queue *alerts;
	/*
	 * Here rather than per CPU: the fault path has the guest at hand, and
	 * under nested paging emulation every other page it touches costs a
	 * page walk after each VM exit (Documentation/performance.rst).
	 */
	atomic64_t decisions;
	atomic64_t denied;
	atomic64_t decision_cycles;	/* from the zone lock taken to the decision */
};

/* guest.c */
extern struct workqueue_struct *kvmexc_wq;
extern struct mutex kvmexc_guests_lock;
int kvmexc_guests_init(void);
void kvmexc_guests_exit(void);
struct kvmexc_guest *kvmexc_guest_find(u32 id);
int kvmexc_guest_attach(const struct kvmexc_guest *params, int vm_fd,
			u32 *id, struct netlink_ext_ack *extack);
int kvmexc_guest_detach_id(u32 id, struct netlink_ext_ack *extack);
int kvmexc_guests_walk(u32 *pos, int (*fill)(void *arg, struct kvmexc_guest *g),
		       void *arg);

/* zone.c */
int kvmexc_zone_add(struct kvmexc_guest *g, const struct kvmexc_pzone *tmpl,
		    struct netlink_ext_ack *extack);
int kvmexc_zone_del(struct kvmexc_guest *g, u64 gpa,
		    struct netlink_ext_ack *extack);
void kvmexc_zones_free(struct kvmexc_guest *g);
void kvmexc_zones_forget(struct kvmexc_guest *g, gfn_t gfn, unsigned long nr_pages);
int kvmexc_module_add(struct kvmexc_guest *g, const struct kvmexc_module *m,
		      struct netlink_ext_ack *extack);
int kvmexc_module_del(struct kvmexc_guest *g, u64 start, u64 cr3,
		      struct netlink_ext_ack *extack);
const struct kvmexc_pzone *kvmexc_zone_find(const struct kvmexc_pzones *zones,
					    u64 gpa, u32 len);

/* hook.c */
void kvmexc_write_tracked(struct kvmexc_guest *g, struct kvm_vcpu *vcpu,
			  gpa_t gpa, const u8 *new, int bytes);

/* alert.c */

/* What an alert blob needs of the vCPU, in the blob's order. */
#define KVMEXC_ALERT_REGS	28

/* One decided write, as the alerts group and the alert blob tell it. */
struct kvmexc_alert {
	u32 guest;
	u64 seq;
	u64 time_ns;		/* of the decision, CLOCK_REALTIME */
	u8 action;
	u8 reason;
	u8 kind;
	u8 os;			/* enum kvmexc_guest_os */
	bool guest64;
	bool undone;
	bool from_added;
	bool decided_by_exception;
	u32 record;
	u64 context;
	u64 gpa;
	u64 gva;
	u64 rip;
	u32 object;
	u64 zone_flags;
	u64 zone_gva;		/* the zone the write fell in */
	u32 zone_len;
	u32 size;
	u8 old_value[KVMEXC_VALUE_MAX];
	u8 new_value[KVMEXC_VALUE_MAX];
	char originator[KVMEXC_NAME_MAX];
	u64 module_start;	/* the originator's module; 0 length: none */
	u64 module_len;
	u64 module_cr3;
	char process[KVMEXC_NAME_MAX];		/* the originator module's */
	char victim[KVMEXC_NAME_MAX];
	char victim_process[KVMEXC_NAME_MAX];
	u64 regs[KVMEXC_ALERT_REGS];
	u64 dropped;
};

struct kvmexc_alert_queue *kvmexc_alert_queue_new(u32 guest);
void kvmexc_alert_queue_free(struct kvmexc_alert_queue *q);
void kvmexc_alert_raise(struct kvmexc_alert_queue *q, struct kvmexc_alert *a);
void kvmexc_alert_stats(struct kvmexc_alert_queue *q, u64 *sent, u64 *dropped,
			u64 *undelivered, u64 *queued);
int kvmexc_alert_lookup(struct kvmexc_alert_queue *q, u64 seq, struct kvmexc_alert *a);

/* alert_blob.c: the blob of shared/spec/alerts.md for one alert */
int kvmexc_alert_blob(const struct kvmexc_alert *a, u8 *buf, u32 cap);

/* nl_guest.c */
int kvmexc_nl_send_alert(const struct kvmexc_alert *a, const u8 *blob, u32 blob_len);

#endif /* _KVMEXC_GUEST_H */
