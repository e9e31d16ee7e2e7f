// SPDX-License-Identifier: GPL-2.0
/*
 * The alert blob (shared/spec/alerts.md) of one decided write, so that
 * excctl decode and add-from-alert can read it like the reference's. The
 * module knows less than an introspection engine: modules and zones by name
 * and range only, no parent processes, no decoded instruction, no code
 * blocks, no IDT or GDT. What it does not know is left out, never made up.
 */

#include "guest.h"
#include "core/blob.h"

static enum kvmexc_blob_type kvmexc_blob_type_of(u8 kind)
{
	switch (kind) {
	case KVMEXC_EXC_UM:
		return KVMEXC_BLOB_UM;
	case KVMEXC_EXC_KUM:
		return KVMEXC_BLOB_KM_UM;
	default:
		return KVMEXC_BLOB_KM;
	}
}

/* A kernel module known by its name and range; Linux gives it one layout. */
static void kvmexc_blob_driver_of(struct kvmexc_blob_driver *d, const char *name,
				  u64 base, u64 size)
{
	memset(d, 0, sizeof(*d));
	d->name = name;
	d->base = base;
	d->size = size;
	d->core.base = base;
	d->core.size = size;
}

/* Everything the blob points to while it is written. */
struct kvmexc_blob_parts {
	struct kvmexc_blob_alert b;
	struct kvmexc_blob_driver driver, victim_driver;
	struct kvmexc_blob_process process, victim_process;
	struct kvmexc_blob_module module, victim_module;
};

static void kvmexc_blob_originator(struct kvmexc_blob_parts *p,
				   const struct kvmexc_alert *a)
{
	if (!a->module_len)
		return;
	if (a->kind == KVMEXC_EXC_UM) {
		p->process.name = a->process;
		p->process.cr3 = a->module_cr3;
		p->module.path = a->originator;
		p->module.base = a->module_start;
		p->module.size = a->module_len;
		p->b.process = &p->process;
		p->b.module = &p->module;
		return;
	}
	kvmexc_blob_driver_of(&p->driver, a->originator, a->module_start,
			      a->module_len);
	p->b.driver = &p->driver;
}

static void kvmexc_blob_victim(struct kvmexc_blob_parts *p,
			       const struct kvmexc_alert *a)
{
	p->b.object_type = a->object;
	p->b.zone_type = KVMEXC_ZONE_EPT;
	p->b.zone_flags = a->zone_flags;
	p->b.gva = a->gva;
	p->b.gpa = a->gpa;
	if (a->kind == KVMEXC_EXC_KM) {
		kvmexc_blob_driver_of(&p->victim_driver, a->victim, a->zone_gva,
				      a->zone_len);
		p->b.victim_driver = &p->victim_driver;
		return;
	}
	if (a->victim_process[0]) {
		p->victim_process.name = a->victim_process;
		p->b.victim_process = &p->victim_process;
	}
	p->victim_module.path = a->victim;
	p->victim_module.base = a->zone_gva;
	p->victim_module.size = a->zone_len;
	p->b.victim_module = &p->victim_module;
}

int kvmexc_alert_blob(const struct kvmexc_alert *a, u8 *buf, u32 cap)
{
	struct kvmexc_blob_parts *p;
	int ret;

	/* Too large for the stack of the alert work. */
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->b.type = kvmexc_blob_type_of(a->kind);
	p->b.os = a->os == KVMEXC_GUEST_LINUX ? KVMEXC_BLOB_OS_LINUX :
						KVMEXC_BLOB_OS_WINDOWS;
	p->b.guest64 = a->guest64;
	p->b.event = KVMEXC_BLOB_EVENT_EPT;
	p->b.rip = a->rip;
	kvmexc_blob_originator(p, a);
	kvmexc_blob_victim(p, a);
	BUILD_BUG_ON(sizeof(a->old_value) > KVMEXC_BLOB_ACCESS_MAX);
	p->b.access_size = a->size;
	memcpy(p->b.old_value, a->old_value, a->size);
	memcpy(p->b.new_value, a->new_value, a->size);
	p->b.regs = a->regs;
	ret = kvmexc_blob_write(&p->b, buf, cap);
	kfree(p);
	return ret;
}
