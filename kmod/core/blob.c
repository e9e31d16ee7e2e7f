// SPDX-License-Identifier: GPL-2.0
/*
 * The alert blob writer (spec alerts.md sections 2 and 3), without the
 * reference producer's quirks: strings are written whole as UTF-8, stale
 * bytes are zero, and an object that does not fit is left out whole rather
 * than leaving a header with nothing behind it.
 */
#include <linux/kvmexc.h>

#include "blob.h"

struct kvmexc_bw {
	u8 *buf;
	u32 cap;
	u32 pos;
	u32 reserve;	/* bytes kept for the section markers still to come */
	u32 unit;	/* where the object (or driver pair) being written began */
	u32 obj;	/* where the object header being filled is */
	bool over;	/* the current unit did not fit */
};

static void bw_put(struct kvmexc_bw *w, const void *p, u32 n)
{
	if (w->over || n > w->cap - w->reserve - w->pos) {
		w->over = true;
		return;
	}
	if (p)
		memcpy(w->buf + w->pos, p, n);
	else
		memset(w->buf + w->pos, 0, n);
	w->pos += n;
}

static void bw_u8(struct kvmexc_bw *w, u8 v)
{
	bw_put(w, &v, 1);
}

static void bw_u16(struct kvmexc_bw *w, u16 v)
{
	u8 b[2];

	put_unaligned_le16(v, b);
	bw_put(w, b, sizeof(b));
}

static void bw_u32(struct kvmexc_bw *w, u32 v)
{
	u8 b[4];

	put_unaligned_le32(v, b);
	bw_put(w, b, sizeof(b));
}

static void bw_u64(struct kvmexc_bw *w, u64 v)
{
	bw_u32(w, (u32)v);
	bw_u32(w, (u32)(v >> 32));
}

/* SERIALIZER_STRING: length, encoding, the bytes without a terminator. */
static void bw_str(struct kvmexc_bw *w, const char *s)
{
	u32 n = s ? strlen(s) : 0;

	bw_u32(w, n);
	bw_u8(w, KVMEXC_BLOB_UTF8);
	bw_put(w, s, n);
}

/* A unit is what goes in whole or not at all. */
static void bw_unit_begin(struct kvmexc_bw *w)
{
	w->unit = w->pos;
	w->over = false;
}

static void bw_unit_end(struct kvmexc_bw *w)
{
	if (w->over)
		w->pos = w->unit;
	w->over = false;
}

static void bw_obj_begin(struct kvmexc_bw *w, u16 type)
{
	w->obj = w->pos;
	bw_u32(w, KVMEXC_BLOB_OBJ_VERSION);
	bw_u16(w, type);
	bw_u16(w, 0);
}

static void bw_obj_end(struct kvmexc_bw *w)
{
	u32 size = w->pos - w->obj - KVMEXC_BLOB_OBJ_HDR_LEN;

	if (w->over)
		return;
	if (size > 0xFFFF)
		w->over = true;
	else
		put_unaligned_le16(size, w->buf + w->obj + 6);
}

/* Section markers always fit: their room was kept from the start. */
static void bw_marker(struct kvmexc_bw *w, u16 type)
{
	w->reserve -= KVMEXC_BLOB_OBJ_HDR_LEN;
	bw_unit_begin(w);
	bw_obj_begin(w, type);
	bw_unit_end(w);
}

static bool bw_linux(const struct kvmexc_blob_alert *a)
{
	return a->os == KVMEXC_BLOB_OS_LINUX;
}

static void bw_victim(struct kvmexc_bw *w, const struct kvmexc_blob_alert *a)
{
	bw_unit_begin(w);
	bw_obj_begin(w, KVMEXC_BLOB_OBJ_VICTIM);
	bw_u32(w, a->object_type);
	bw_u32(w, a->zone_type);
	bw_u64(w, a->zone_flags);
	bw_obj_end(w);
	bw_unit_end(w);
}

/* The EPT access type: the first of write, read and execute in the flags. */
static u8 bw_ept_type(u64 zone_flags)
{
	if (zone_flags & KVMEXC_ZF_WRITE)
		return KVMEXC_BLOB_EPT_WRITE;
	if (zone_flags & KVMEXC_ZF_READ)
		return KVMEXC_BLOB_EPT_READ;
	if (zone_flags & KVMEXC_ZF_EXEC)
		return KVMEXC_BLOB_EPT_EXEC;
	return KVMEXC_BLOB_EPT_NONE;
}

static void bw_ept(struct kvmexc_bw *w, const struct kvmexc_blob_alert *a)
{
	bw_unit_begin(w);
	bw_obj_begin(w, KVMEXC_BLOB_OBJ_EPT);
	bw_u64(w, a->gva);
	bw_u64(w, a->gpa);
	bw_u8(w, bw_ept_type(a->zone_flags));
	bw_obj_end(w);
	bw_unit_end(w);
}

static void bw_layout(struct kvmexc_bw *w, const struct kvmexc_blob_layout *l)
{
	bw_u64(w, l->base);
	bw_u32(w, l->size);
	bw_u32(w, l->text_size);
	bw_u32(w, l->ro_size);
}

/* Object 19 or 20 and its OS companion (21/22, 23/24), as one unit. */
static void bw_driver(struct kvmexc_bw *w, const struct kvmexc_blob_alert *a,
		      const struct kvmexc_blob_driver *d, bool ret)
{
	if (!d)
		return;
	bw_unit_begin(w);
	bw_obj_begin(w, ret ? KVMEXC_BLOB_OBJ_KERNEL_DRIVER_RETURN :
		     KVMEXC_BLOB_OBJ_KERNEL_DRIVER);
	bw_u64(w, d->object_gva);
	bw_u64(w, d->base);
	bw_u64(w, d->size);
	bw_u64(w, d->entry);
	bw_str(w, d->section);
	bw_obj_end(w);
	if (bw_linux(a)) {
		bw_obj_begin(w, ret ? KVMEXC_BLOB_OBJ_LIX_KERNEL_MODULE_RETURN :
			     KVMEXC_BLOB_OBJ_LIX_KERNEL_MODULE);
		bw_layout(w, &d->init);
		bw_layout(w, &d->core);
	} else {
		bw_obj_begin(w, ret ? KVMEXC_BLOB_OBJ_WIN_KERNEL_DRIVER_RETURN :
			     KVMEXC_BLOB_OBJ_WIN_KERNEL_DRIVER);
		bw_u32(w, d->timestamp);
	}
	bw_str(w, d->name);
	bw_obj_end(w);
	bw_unit_end(w);
}

static void bw_instrux(struct kvmexc_bw *w, const struct kvmexc_blob_alert *a)
{
	if (!a->insn_len)
		return;
	bw_unit_begin(w);
	bw_obj_begin(w, KVMEXC_BLOB_OBJ_INSTRUX);
	bw_u64(w, a->rip);
	bw_put(w, a->insn, a->insn_len);
	bw_put(w, NULL, KVMEXC_BLOB_INSN_MAX - a->insn_len);
	bw_obj_end(w);
	bw_unit_end(w);
}

static void bw_win_process(struct kvmexc_bw *w, const struct kvmexc_blob_process *p)
{
	bw_u64(w, p->gva);
	bw_u64(w, p->parent);
	bw_u64(w, p->real_parent);
	bw_u64(w, p->cr3);
	bw_u64(w, p->user_cr3);
	bw_u32(w, p->pid);
	bw_u64(w, p->peb64);
	bw_u64(w, p->peb32);
	bw_u64(w, p->main_module);
	bw_u64(w, p->flags);
}

static void bw_lix_process(struct kvmexc_bw *w, const struct kvmexc_blob_process *p)
{
	bw_u64(w, p->gva);
	bw_u64(w, p->real_parent);
	bw_u64(w, p->parent);		/* the actual parent */
	bw_u64(w, p->parent);
	bw_u64(w, p->mm);
	bw_u64(w, p->cr3);
	bw_u32(w, p->pid);
	bw_u32(w, p->tgid);
	bw_u32(w, 0);			/* task flags: the reference never sets them */
}

/* Object 15/16 (Windows) or 17/18 (Linux). */
static void bw_process(struct kvmexc_bw *w, const struct kvmexc_blob_alert *a,
		       const struct kvmexc_blob_process *p, bool parent)
{
	if (!p)
		return;
	bw_unit_begin(w);
	if (bw_linux(a)) {
		bw_obj_begin(w, parent ? KVMEXC_BLOB_OBJ_LIX_PROCESS_PARENT :
			     KVMEXC_BLOB_OBJ_LIX_PROCESS);
		bw_lix_process(w, p);
	} else {
		bw_obj_begin(w, parent ? KVMEXC_BLOB_OBJ_WIN_PROCESS_PARENT :
			     KVMEXC_BLOB_OBJ_WIN_PROCESS);
		bw_win_process(w, p);
	}
	bw_str(w, p->name);
	bw_str(w, p->path);
	bw_str(w, p->cmdline);
	bw_obj_end(w);
	bw_unit_end(w);
}

/* Object 28/29 (Windows module) or 27 (Linux VMA). */
static void bw_module(struct kvmexc_bw *w, const struct kvmexc_blob_alert *a,
		      const struct kvmexc_blob_module *m, bool ret)
{
	if (!m)
		return;
	bw_unit_begin(w);
	if (bw_linux(a)) {
		bw_obj_begin(w, KVMEXC_BLOB_OBJ_LIX_VMA);
		bw_u64(w, m->base);
		bw_u64(w, m->base + m->size);
		bw_u64(w, m->vma_gva);
		bw_u64(w, m->vma_flags);
		bw_u64(w, m->file);
	} else {
		bw_obj_begin(w, ret ? KVMEXC_BLOB_OBJ_WIN_MODULE_RETURN :
			     KVMEXC_BLOB_OBJ_WIN_MODULE);
		bw_u64(w, m->base);
		bw_u32(w, (u32)m->size);
	}
	bw_str(w, m->path);
	bw_obj_end(w);
	bw_unit_end(w);
}

static void bw_code_blocks(struct kvmexc_bw *w, const struct kvmexc_blob_code_blocks *cb)
{
	u32 i;

	if (!cb)
		return;
	bw_unit_begin(w);
	bw_obj_begin(w, KVMEXC_BLOB_OBJ_CODE_BLOCKS);
	bw_u64(w, cb->start);
	bw_u64(w, cb->rip);
	bw_u32(w, cb->rip_index);
	bw_u32(w, cb->count);
	for (i = 0; i < cb->count; i++)
		bw_u32(w, cb->hashes[i]);
	bw_obj_end(w);
	bw_unit_end(w);
}

/* The access info of spec 3.3: a write info when the zone is written. */
static void bw_write_info(struct kvmexc_bw *w, const struct kvmexc_blob_alert *a)
{
	u32 n = a->access_size;

	if (!(a->zone_flags & KVMEXC_ZF_WRITE))
		return;
	bw_unit_begin(w);
	bw_obj_begin(w, KVMEXC_BLOB_OBJ_WRITE_INFO);
	bw_u32(w, n);
	bw_put(w, a->old_value, n);
	bw_put(w, NULL, KVMEXC_BLOB_ACCESS_MAX - n);
	bw_put(w, a->new_value, n);
	bw_put(w, NULL, KVMEXC_BLOB_ACCESS_MAX - n);
	bw_obj_end(w);
	bw_unit_end(w);
}

static void bw_arch_regs(struct kvmexc_bw *w, const struct kvmexc_blob_alert *a)
{
	u32 i;

	if (!a->regs)
		return;
	bw_unit_begin(w);
	bw_obj_begin(w, KVMEXC_BLOB_OBJ_ARCH_REGS);
	for (i = 0; i < KVMEXC_BLOB_ARCH_REGS; i++)
		bw_u64(w, a->regs[i]);
	bw_obj_end(w);
	bw_unit_end(w);
}

static void bw_export(struct kvmexc_bw *w, const struct kvmexc_blob_export *e)
{
	u32 i;

	if (!e)
		return;
	bw_unit_begin(w);
	bw_obj_begin(w, KVMEXC_BLOB_OBJ_EXPORT);
	bw_u32(w, e->count);
	bw_u32(w, e->delta);
	for (i = 0; i < e->count; i++)
		bw_str(w, e->names[i]);
	bw_obj_end(w);
	bw_unit_end(w);
}

/* Spec 3.1. */
static void bw_km_originator(struct kvmexc_bw *w, const struct kvmexc_blob_alert *a)
{
	bw_driver(w, a, a->driver, false);
	bw_driver(w, a, a->ret_driver, true);
	if (bw_linux(a))
		bw_instrux(w, a);
}

/* Spec 3.2, for the EPT zone; the victim driver's section stays empty. */
static void bw_km_victim(struct kvmexc_bw *w, const struct kvmexc_blob_alert *a)
{
	bw_victim(w, a);
	bw_ept(w, a);
	switch (a->object_type) {
	case KVMEXC_OBJ_KM_MODULE:
	case KVMEXC_OBJ_SSDT:
	case KVMEXC_OBJ_VE_AGENT:
	case KVMEXC_OBJ_VDSO:
	case KVMEXC_OBJ_VSYSCALL:
		bw_driver(w, a, a->victim_driver, false);
		break;
	}
}

/* Spec 3.3. */
static void bw_km_misc(struct kvmexc_bw *w, const struct kvmexc_blob_alert *a)
{
	bw_code_blocks(w, a->cb[0]);
	bw_code_blocks(w, a->cb[1]);
	bw_instrux(w, a);
	bw_write_info(w, a);
	if (!bw_linux(a))
		bw_ept(w, a);
	bw_arch_regs(w, a);
	if (!bw_linux(a) && a->object_type == KVMEXC_OBJ_UM_MODULE)
		bw_export(w, a->export);
}

/* Spec 3.4. */
static void bw_um_originator(struct kvmexc_bw *w, const struct kvmexc_blob_alert *a)
{
	bw_process(w, a, a->process, false);
	bw_process(w, a, a->parent, true);
	if (bw_linux(a)) {
		bw_instrux(w, a);
		bw_code_blocks(w, a->cb[0]);
	} else {
		bw_module(w, a, a->module, false);
		bw_module(w, a, a->ret_module, true);
	}
}

/* Spec 3.5: what the victim's object type says to describe. */
static void bw_um_victim(struct kvmexc_bw *w, const struct kvmexc_blob_alert *a)
{
	bw_victim(w, a);
	if (bw_linux(a)) {
		bw_process(w, a, a->victim_process, false);
		bw_process(w, a, a->victim_parent, true);
		bw_module(w, a, a->victim_module, false);
		return;
	}
	switch (a->object_type) {
	case KVMEXC_OBJ_UM_NX_ZONE:
	case KVMEXC_OBJ_SUD_EXEC:
		bw_process(w, a, a->victim_process, false);
		bw_process(w, a, a->victim_parent, true);
		bw_module(w, a, a->victim_module, false);
		break;
	case KVMEXC_OBJ_UM_MODULE:
		bw_process(w, a, a->victim_process, false);
		bw_module(w, a, a->victim_module, false);
		break;
	}
}

/* Spec 3.6, for the EPT zone. */
static void bw_um_misc(struct kvmexc_bw *w, const struct kvmexc_blob_alert *a)
{
	if (!bw_linux(a) && a->object_type == KVMEXC_OBJ_UM_MODULE) {
		bw_instrux(w, a);
		bw_export(w, a->export);
		bw_write_info(w, a);
		bw_ept(w, a);
	} else {
		bw_ept(w, a);
		bw_write_info(w, a);
	}
	bw_code_blocks(w, a->cb[0]);
}

static bool kvmexc_blob_valid(const struct kvmexc_blob_alert *a)
{
	u32 i;

	if (a->type > KVMEXC_BLOB_KM_UM || a->event != KVMEXC_BLOB_EVENT_EPT ||
	    (a->os != KVMEXC_BLOB_OS_WINDOWS && a->os != KVMEXC_BLOB_OS_LINUX))
		return false;
	if (a->insn_len > KVMEXC_BLOB_INSN_MAX ||
	    a->access_size > KVMEXC_BLOB_ACCESS_MAX)
		return false;
	for (i = 0; i < ARRAY_SIZE(a->cb); i++)
		if (a->cb[i] && (a->cb[i]->count > KVMEXC_BLOB_CODEBLOCKS_MAX ||
				 (a->cb[i]->count && !a->cb[i]->hashes)))
			return false;
	return !a->export || !a->export->count || a->export->names;
}

static void bw_header(struct kvmexc_bw *w, const struct kvmexc_blob_alert *a)
{
	bw_u32(w, a->type);
	bw_u32(w, a->os);
	bw_u32(w, a->event);
	bw_u16(w, 0);
	bw_u32(w, a->guest64);
}

int kvmexc_blob_write(const struct kvmexc_blob_alert *a, u8 *buf, u32 cap)
{
	struct kvmexc_bw w = {
		.buf = buf, .cap = cap, .reserve = 6 * KVMEXC_BLOB_OBJ_HDR_LEN,
	};
	bool um = a->type == KVMEXC_BLOB_UM;

	if (!kvmexc_blob_valid(a))
		return -EINVAL;
	if (cap < KVMEXC_BLOB_MIN_LEN)
		return -ENOSPC;
	bw_header(&w, a);
	bw_marker(&w, KVMEXC_BLOB_OBJ_START_ORIGINATOR);
	if (um)
		bw_um_originator(&w, a);
	else
		bw_km_originator(&w, a);
	bw_marker(&w, KVMEXC_BLOB_OBJ_END_ORIGINATOR);
	bw_marker(&w, KVMEXC_BLOB_OBJ_START_VICTIM);
	if (a->type == KVMEXC_BLOB_KM)
		bw_km_victim(&w, a);
	else
		bw_um_victim(&w, a);
	bw_marker(&w, KVMEXC_BLOB_OBJ_END_VICTIM);
	bw_marker(&w, KVMEXC_BLOB_OBJ_START_MISC);
	if (um)
		bw_um_misc(&w, a);
	else
		bw_km_misc(&w, a);
	bw_marker(&w, KVMEXC_BLOB_OBJ_END_MISC);
	return w.pos;
}
