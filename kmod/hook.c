// SPDX-License-Identifier: GPL-2.0
/*
 * The fault path. KVM's page-track notifier (kernel_compat.c) calls
 * kvmexc_write_tracked() after KVM emulated a guest write to a write-tracked
 * page; the write is done, so a denial is carried out by
 * writing the zone's last allowed bytes back. Writes outside every zone
 * return at the first lookup. Nothing here sleeps until the decision is
 * taken and copied out of RCU; the write-back may.
 */

#include <linux/timex.h>

#include "guest.h"

/* What one decided write leaves to do once out of the RCU section. */
struct kvmexc_write {
	u64 gpa;
	u32 len;
	bool undo;
	bool report;
	struct kvmexc_alert alert;
};

/*
 * Guest writes are mostly of 1, 2, 4 or 8 bytes: those are copied inline
 * rather than by a call to memcpy(), three times per decided write.
 */
static __always_inline void kvmexc_copy_value(u8 *dst, const u8 *src, u32 len)
{
	switch (len) {
	case 1:
		*dst = *src;
		break;
	case 2:
		put_unaligned(get_unaligned((const u16 *)src), (u16 *)dst);
		break;
	case 4:
		put_unaligned(get_unaligned((const u32 *)src), (u32 *)dst);
		break;
	case 8:
		put_unaligned(get_unaligned((const u64 *)src), (u64 *)dst);
		break;
	default:
		memcpy(dst, src, len);
	}
}

/* The module the writing code is in (NULL: none), as the violation names it. */
static const struct kvmexc_module *kvmexc_originator(struct kvmexc_guest *g,
						     struct kvm_vcpu *vcpu,
						     struct kvmexc_violation *v)
{
	const struct kvmexc_module *m;

	v->orig.rip = vcpu ? vcpu->arch.regs[VCPU_REGS_RIP] : 0;
	m = vcpu ? kvmexc_module_find(rcu_dereference(g->modules), v->orig.rip,
				      vcpu->arch.cr3) : NULL;
	v->originator = m ? m->name_hash : KVMEXC_NAME_EMPTY;
	v->return_originator = KVMEXC_NAME_EMPTY;
	if (!m)
		return NULL;
	v->flags |= KVMEXC_V_ORIG_DRIVER;
	v->process = m->process_hash;
	v->originator_name = m->name;
	v->process_name = m->process[0] ? m->process : NULL;
	return m;
}

/*
 * The violation of one write to @z, of @len bytes at @off in the zone.
 * Only what the matcher reads is cleared: the values' bytes beyond @len,
 * except the 8 it reads whatever the size, are left as they are.
 */
static const struct kvmexc_module *
kvmexc_violation_build(struct kvmexc_guest *g, struct kvm_vcpu *vcpu, struct kvmexc_pzone *z,
		       u32 off, const u8 *new, u32 len, struct kvmexc_violation *v)
{
	memset(v, 0, offsetof(struct kvmexc_violation, old_value));
	memset(v->old_value, 0, 8);
	v->kind = z->kind;
	v->os = g->os == KVMEXC_GUEST_LINUX ? KVMEXC_OS_LINUX : KVMEXC_OS_WINDOWS;
	if (vcpu ? vcpu->arch.efer & EFER_LMA : g->bits == 64)
		v->flags |= KVMEXC_V_GUEST64;
	v->zone = KVMEXC_ZONE_EPT;
	v->zone_flags = z->zone_flags | KVMEXC_ZF_WRITE;
	v->object = z->object;
	v->victim = z->victim;
	v->victim_process = z->victim_process;
	v->victim_name = z->victim_name[0] ? z->victim_name : NULL;
	v->idt_entry = -1;
	v->os_version = g->os_version;
	v->guest = g->id;
	v->size = len;
	kvmexc_copy_value(v->old_value, z->shadow + off, len);
	kvmexc_copy_value(v->new_value, new, len);
	return kvmexc_originator(g, vcpu, v);
}

/*
 * The registers of the alert blob, in its order. The emulator has the
 * general registers and RIP of the writing instruction in the cache;
 * IDT and GDT are not within reach of a module and stay 0, as all do
 * when no vCPU is known.
 */
static void kvmexc_alert_regs(struct kvm_vcpu *vcpu, u64 *regs)
{
	int i;

	if (!vcpu)
		return;
	for (i = VCPU_REGS_RAX; i <= VCPU_REGS_R15; i++)
		regs[i] = vcpu->arch.regs[i];
	regs[16] = vcpu->arch.cr2;
	regs[17] = kvm_get_rflags(vcpu);
	regs[18] = vcpu->arch.dr7;
	regs[19] = vcpu->arch.regs[VCPU_REGS_RIP];
	regs[20] = vcpu->arch.cr0;
	regs[21] = vcpu->arch.cr4;
	regs[22] = vcpu->arch.cr3;
	regs[23] = kvm_get_cr8(vcpu);
}

static void kvmexc_alert_originator(struct kvmexc_alert *a, const struct kvmexc_module *m)
{
	if (!m) {
		strscpy(a->originator, "-", sizeof(a->originator));
		return;
	}
	strscpy(a->originator, m->name, sizeof(a->originator));
	strscpy(a->process, m->process, sizeof(a->process));
	a->module_start = m->start;
	a->module_len = m->len;
	a->module_cr3 = m->cr3;
}

/* Only for the writes that are reported: most are allowed in silence. */
static void kvmexc_alert_fill(struct kvmexc_alert *a, struct kvmexc_guest *g,
			      struct kvm_vcpu *vcpu, const struct kvmexc_pzone *z,
			      const struct kvmexc_module *m, const struct kvmexc_violation *v,
			      const struct kvmexc_decision *d, u64 gpa, u32 off)
{
	memset(a, 0, sizeof(*a));
	a->time_ns = ktime_get_real_ns();
	a->guest = g->id;
	a->os = g->os;
	a->guest64 = v->flags & KVMEXC_V_GUEST64;
	a->action = d->action;
	a->reason = d->reason;
	a->from_added = d->from_added;
	a->context = d->context;
	a->record = d->record;
	a->decided_by_exception = d->exc;
	a->kind = v->kind;
	a->object = v->object;
	a->zone_flags = v->zone_flags;
	a->zone_gva = z->gva;
	a->zone_len = z->len;
	a->gpa = gpa;
	a->gva = z->gva ? z->gva + off : 0;
	a->rip = v->orig.rip;
	a->size = v->size;
	memcpy(a->old_value, v->old_value, v->size);
	memcpy(a->new_value, v->new_value, v->size);
	kvmexc_alert_originator(a, m);
	strscpy(a->victim, z->victim_name, sizeof(a->victim));
	strscpy(a->victim_process, z->process_name, sizeof(a->victim_process));
	kvmexc_alert_regs(vcpu, a->regs);
}

/*
 * Decides the part of a write that falls in @z; true when it needs work.
 * The zone's lock is held from reading its shadow to updating it, so that
 * two vCPUs writing one zone are decided one after the other, each against
 * the bytes the other left.
 */
__kvmexc_hot static bool kvmexc_decide_write(struct kvmexc_guest *g, struct kvm_vcpu *vcpu,
				struct kvmexc_pzone *z, u64 gpa, const u8 *new,
				u32 len, struct kvmexc_write *w)
{
	cycles_t start = get_cycles();
	const struct kvmexc_module *m;
	u32 off = gpa - z->gpa;
	/*
	 * Built and cleared by their builders: with INIT_STACK_ALL_ZERO
	 * (Debian's kernels) the compiler would clear them once more, at a
	 * cost that counts in every decision.
	 */
	struct kvmexc_violation v __uninitialized;
	struct kvmexc_decision d __uninitialized;
	bool allowed;

	spin_lock(&z->lock);
	m = kvmexc_violation_build(g, vcpu, z, off, new, len, &v);
	kvmexc_decide(&v, &d, NULL, NULL);
	atomic64_inc(&g->decisions);
	/*
	 * What a decision adds to an emulated write, for make bench; in TSC
	 * cycles, as reading a clocksource may cost more than the decision.
	 */
	atomic64_add(get_cycles() - start, &g->decision_cycles);

	allowed = d.action == KVMEXC_ACTION_ALLOW;
	w->gpa = gpa;
	w->len = len;
	w->undo = !allowed && g->policy == KVMEXC_POLICY_ENFORCE;
	/*
	 * An allow is reported only when it says something: not for a write
	 * an exception allowed, nor for one that changed nothing (matcher.md
	 * 5: same value, allowed silently).
	 */
	w->report = !allowed || (d.reason != KVMEXC_REASON_ALLOWED &&
				 d.reason != KVMEXC_REASON_SAME_VALUE);
	if (!w->undo)
		kvmexc_copy_value(z->shadow + off, new, len);
	spin_unlock(&z->lock);
	if (!allowed)
		atomic64_inc(&g->denied);
	if (w->report) {
		kvmexc_alert_fill(&w->alert, g, vcpu, z, m, &v, &d, gpa, off);
		/* The old bytes to write back are in the alert, copied from the shadow. */
		w->alert.undone = w->undo;
	}
	return w->undo || w->report;
}

static void kvmexc_finish_write(struct kvmexc_guest *g, struct kvmexc_write *w)
{
	if (w->undo)
		kvm_write_guest(g->kvm, w->gpa, w->alert.old_value, w->len);
	if (w->report)
		kvmexc_alert_raise(g->alerts, &w->alert);
}

/*
 * @vcpu made the write; NULL when none of the guest's vCPUs is known to have
 * (kernel_compat.c): then it is decided as a write of no known module, with
 * no registers.
 */
__kvmexc_hot
void kvmexc_write_tracked(struct kvmexc_guest *g, struct kvm_vcpu *vcpu,
			  gpa_t gpa, const u8 *new, int bytes)
{
	u64 end = gpa + bytes;
	/* Filled by kvmexc_decide_write() when it returns true, its alert only then. */
	struct kvmexc_write w __uninitialized;

	/*
	 * A write may span zones, and one emulated "rep ins" writes up to a
	 * page: each part in a zone, of at most the bytes a violation carries,
	 * is decided on its own.
	 */
	while (gpa < end) {
		struct kvmexc_pzone *z;
		u64 part_end;
		bool pending;

		rcu_read_lock();
		z = (struct kvmexc_pzone *)kvmexc_zone_find(rcu_dereference(g->zones),
							   gpa, end - gpa);
		if (!z) {
			rcu_read_unlock();
			return;
		}
		gpa = max_t(u64, gpa, z->gpa);
		part_end = min3(end, z->gpa + z->len, gpa + KVMEXC_VALUE_MAX);
		pending = !READ_ONCE(z->gone) &&
			  kvmexc_decide_write(g, vcpu, z, gpa, new + (gpa - (end - bytes)),
					      part_end - gpa, &w);
		rcu_read_unlock();
		if (pending)
			kvmexc_finish_write(g, &w);
		gpa = part_end;
	}
}
