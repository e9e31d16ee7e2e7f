// SPDX-License-Identifier: GPL-2.0
/*
 * Stage 3: the eight signature checks and how they combine (spec 4). A run
 * of consecutive ids of one type is satisfied by any of its signatures, and
 * every run must be satisfied. Missing evidence (RIP 0, no export data, no
 * command line) never satisfies a signature; evidence that cannot be had (code
 * the caller failed to read, value data of a zone that has none) is an error.
 */
#include "crc32.h"
#include "internal.h"

/* What one signature says (spec 4.2-4.10). */
enum kvmexc_sig_result {
	KVMEXC_SIG_SKIP = -1,	/* does not apply: the next one with the id may */
	KVMEXC_SIG_NO,		/* evaluated, no match */
	KVMEXC_SIG_MATCH,
	KVMEXC_SIG_ERROR,	/* cannot be evaluated: an internal error */
};

static bool kvmexc_is_kernel(const struct kvmexc_exc *e)
{
	return e->kind == KVMEXC_EXC_KM || e->kind == KVMEXC_EXC_KUM;
}

/* Whether the signature must carry the 64-bit flag rather than the 32-bit one. */
static bool kvmexc_sig_ctx64(const struct kvmexc_exc *e, const struct kvmexc_violation *v,
			     u16 type)
{
	u32 wow64 = KVMEXC_V_ORIG_WOW64;

	if (!(v->flags & KVMEXC_V_GUEST64))
		return false;
	if (kvmexc_is_kernel(e) || v->os == KVMEXC_OS_LINUX)
		return true;
	switch (type) {
	case KVMEXC_SIG_EXPORT:
		if (v->zone == KVMEXC_ZONE_PROCESS)
			wow64 = KVMEXC_V_VICTIM_WOW64;
		break;
	case KVMEXC_SIG_CODEBLOCKS:
	case KVMEXC_SIG_VALUE_CODE:
	case KVMEXC_SIG_VALUE:
		break;
	default:
		return true;
	}
	return !(v->flags & wow64);
}

/* The code a code signature reads: the return driver's for "return-drv". */
static const struct kvmexc_code *kvmexc_sig_code(const struct kvmexc_exc *e,
						 const struct kvmexc_violation *v)
{
	if (kvmexc_is_kernel(e) && (e->flags & KVMEXC_FLAG_KM_RETURN_DRV))
		return &v->ret;
	return &v->orig;
}

static bool kvmexc_has_block(const struct kvmexc_code *c, u32 hash)
{
	u32 lo = 0, hi = c->block_count;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (c->blocks[mid] < hash)
			lo = mid + 1;
		else if (c->blocks[mid] > hash)
			hi = mid;
		else
			return true;
	}
	return false;
}

/* Any list with at least score (at least one) of its hashes in the code. */
static int kvmexc_codeblocks(const u8 *b, const struct kvmexc_code *c)
{
	unsigned int score = b[8] ? b[8] : 1, lists = b[9], l, i;
	const u8 *p = b + 10;

	if (c->error)
		return KVMEXC_SIG_ERROR;
	if (!c->rip || !c->block_count)
		return KVMEXC_SIG_NO;
	for (l = 0; l < lists; l++) {
		unsigned int count = *p++, hits = 0;

		for (i = 0; i < count; i++, p += 4)
			hits += kvmexc_has_block(c, kvmexc_le32(p));
		if (hits >= score)
			return KVMEXC_SIG_MATCH;
	}
	return KVMEXC_SIG_NO;
}

static int kvmexc_value_code(const u8 *b, const struct kvmexc_code *c)
{
	s64 start = (s64)c->rip_offset + (s16)kvmexc_le16(b + 8);
	u16 n = kvmexc_le16(b + 10), i;

	if (c->error)
		return KVMEXC_SIG_ERROR;
	if (!c->rip || !c->bytes || start < 0 || start + n > c->bytes_len)
		return KVMEXC_SIG_NO;
	for (i = 0; i < n; i++) {
		u16 word = kvmexc_le16(b + 12 + 2 * i);

		if (word != KVMEXC_VALUE_CODE_ANY && word != c->bytes[start + i])
			return KVMEXC_SIG_NO;
	}
	return KVMEXC_SIG_MATCH;
}

/* Where the data value signatures hash comes from, by zone (spec 4.5). */
enum kvmexc_value_source {
	KVMEXC_VALUE_NONE,		/* there is none: no match */
	KVMEXC_VALUE_NEW,		/* the new value */
	KVMEXC_VALUE_CAPTURED,		/* the caller's data: injected, captured */
	KVMEXC_VALUE_ERROR,		/* the zone has none to give: an error */
};

static enum kvmexc_value_source kvmexc_value_source(const struct kvmexc_violation *v)
{
	switch (v->zone) {
	case KVMEXC_ZONE_EPT:
	case KVMEXC_ZONE_MSR:
		/* a read wrote nothing */
		return (v->zone_flags & KVMEXC_ZF_WRITE) ? KVMEXC_VALUE_NEW : KVMEXC_VALUE_NONE;
	case KVMEXC_ZONE_PROCESS:
		return KVMEXC_VALUE_CAPTURED;
	case KVMEXC_ZONE_PROCESS_CREATION:
		return KVMEXC_VALUE_NONE;
	case KVMEXC_ZONE_INTEGRITY:
		switch (v->object) {
		case KVMEXC_OBJ_IDT:
		case KVMEXC_OBJ_SUD_INTEGRITY:
			return KVMEXC_VALUE_NEW;
		case KVMEXC_OBJ_SECURITY_DESCRIPTOR:
		case KVMEXC_OBJ_ACL:
			return KVMEXC_VALUE_CAPTURED;
		}
		return KVMEXC_VALUE_ERROR;
	}
	return KVMEXC_VALUE_ERROR;	/* CR, DTR */
}

static int kvmexc_value(const u8 *b, u32 flags, const struct kvmexc_violation *v)
{
	unsigned int score = b[8] ? b[8] : 1, count = b[9], i, hits = 0;
	const u8 *data;
	u32 len = 0;

	if (flags & KVMEXC_SIG_FLAG_CLI) {
		data = (const u8 *)v->cmdline;
		if (data)
			len = strlen(v->cmdline);
	} else {
		switch (kvmexc_value_source(v)) {
		case KVMEXC_VALUE_NEW:
			data = v->new_value;
			len = v->size < sizeof(v->new_value) ? v->size : sizeof(v->new_value);
			break;
		case KVMEXC_VALUE_CAPTURED:
			data = v->data;
			len = v->data_len;
			break;
		case KVMEXC_VALUE_NONE:
			data = NULL;
			break;
		default:
			return KVMEXC_SIG_ERROR;
		}
	}
	if (!data)
		return KVMEXC_SIG_NO;
	for (i = 0; i < count; i++) {
		const u8 *ent = b + 12 + 12 * i;
		u32 off = kvmexc_le16(ent), size = kvmexc_le16(ent + 2);

		if (off + size <= len &&
		    kvmexc_crc32(data + off, size, KVMEXC_CRC32_INITIAL) == kvmexc_le32(ent + 8))
			hits++;
	}
	return hits >= score ? KVMEXC_SIG_MATCH : KVMEXC_SIG_NO;
}

static bool kvmexc_export_has_name(const struct kvmexc_export *x, u32 name)
{
	u32 i;

	for (i = 0; i < x->name_count; i++)
		if (x->names[i] == name)
			return true;
	return false;
}

static bool kvmexc_export(const u8 *b, const struct kvmexc_export *x)
{
	unsigned int count = b[12], i;

	for (i = 0; i < count; i++) {
		const u8 *ent = b + 16 + 8 * i;
		u32 delta = kvmexc_le16(ent), name = kvmexc_le32(ent + 4);

		if (name == KVMEXC_NAME_ANY)
			return true;
		if (!x->found) {
			if (name == KVMEXC_NAME_NO_NAME)	/* "-": outside every export */
				return true;
			continue;
		}
		if (kvmexc_export_has_name(x, name) &&
		    (!delta || x->offset + x->length - 1 <= delta))
			return true;
	}
	return false;
}

static bool kvmexc_in_range(u64 val, u64 min, u64 max)
{
	return min <= val && val <= max;
}

static u64 kvmexc_linux_version(const u8 *p)
{
	return KVMEXC_LINUX_VERSION(p[0], p[1], kvmexc_le16(p + 2), kvmexc_le16(p + 4));
}

static u64 kvmexc_intro_version(const u8 *p)
{
	return KVMEXC_ENGINE_VERSION(kvmexc_le16(p), kvmexc_le16(p + 2), kvmexc_le16(p + 4),
				     kvmexc_le16(p + 6));
}

/* The gates of 4.2-4.6 (KVMEXC_SIG_SKIP), then the signature itself. */
static int kvmexc_eval_sig(const struct kvmexc_set *set, const struct kvmexc_sig *sig,
			   const struct kvmexc_exc *e, const struct kvmexc_violation *v)
{
	const u8 *b = kvmexc_sig_body(set, sig);
	bool linux_sig = sig->flags & KVMEXC_SIG_FLAG_LINUX;
	bool medium = sig->flags & KVMEXC_SIG_FLAG_MEDIUM;
	bool linux_guest = v->os == KVMEXC_OS_LINUX;
	u32 arch = kvmexc_sig_ctx64(e, v, sig->type) ? KVMEXC_SIG_FLAG_64 : KVMEXC_SIG_FLAG_32;

	if (linux_sig != linux_guest || !(sig->flags & arch))
		return KVMEXC_SIG_SKIP;
	switch (sig->type) {
	case KVMEXC_SIG_CODEBLOCKS:
		if (medium && kvmexc_is_kernel(e))
			return KVMEXC_SIG_SKIP;
		return kvmexc_codeblocks(b, kvmexc_sig_code(e, v));
	case KVMEXC_SIG_VALUE_CODE:
		if (medium && e->kind == KVMEXC_EXC_KM)
			return KVMEXC_SIG_SKIP;
		return kvmexc_value_code(b, kvmexc_sig_code(e, v));
	case KVMEXC_SIG_VALUE:
		return kvmexc_value(b, sig->flags, v);
	case KVMEXC_SIG_EXPORT:
		if (e->kind == KVMEXC_EXC_KM || !v->export.known)
			return KVMEXC_SIG_NO;
		if (kvmexc_le32(b + 8) && kvmexc_le32(b + 8) != v->export.library)
			return KVMEXC_SIG_SKIP;
		return kvmexc_export(b, &v->export);
	case KVMEXC_SIG_IDT:
		return e->kind == KVMEXC_EXC_KM && (v->flags & KVMEXC_V_IDT_ENTRY) &&
		       b[8] == v->idt_entry;
	case KVMEXC_SIG_VERSION_OS:
		if (v->os == KVMEXC_OS_LINUX)
			return kvmexc_in_range(v->os_version, kvmexc_linux_version(b + 8),
					       kvmexc_linux_version(b + 16));
		return kvmexc_in_range(v->os_version, get_unaligned_le64(b + 8),
				       get_unaligned_le64(b + 16));
	case KVMEXC_SIG_VERSION_INTRO:
		return kvmexc_in_range(v->engine_version, kvmexc_intro_version(b + 8),
				       kvmexc_intro_version(b + 16));
	case KVMEXC_SIG_PROCESS_CREATION:
		return v->zone == KVMEXC_ZONE_PROCESS_CREATION &&
		       !(v->pc_type & ~kvmexc_le32(b + 8));
	}
	return KVMEXC_SIG_NO;
}

/* The first applicable signature with @id decides for @id. */
static int kvmexc_eval_id(const struct kvmexc_set *set, u32 id, const struct kvmexc_exc *e,
			  const struct kvmexc_violation *v)
{
	u32 first, count, i;
	int ret;

	first = kvmexc_table_find(&set->sig_table, id, &count);
	for (i = first; i < first + count; i++) {
		ret = kvmexc_eval_sig(set, &set->sigs[i], e, v);
		if (ret != KVMEXC_SIG_SKIP)
			return ret;
	}
	return KVMEXC_SIG_NO;
}

static u8 kvmexc_sig_reason(u16 type)
{
	switch (type) {
	case KVMEXC_SIG_VERSION_OS:		return KVMEXC_REASON_VERSION_OS_NOT_MATCHED;
	case KVMEXC_SIG_VERSION_INTRO:		return KVMEXC_REASON_VERSION_INTRO_NOT_MATCHED;
	case KVMEXC_SIG_PROCESS_CREATION:	return KVMEXC_REASON_PROCESS_CREATION_NOT_MATCHED;
	case KVMEXC_SIG_EXPORT:			return KVMEXC_REASON_EXPORT_NOT_MATCHED;
	case KVMEXC_SIG_VALUE:			return KVMEXC_REASON_VALUE_NOT_MATCHED;
	case KVMEXC_SIG_IDT:			return KVMEXC_REASON_IDT_NOT_MATCHED;
	case KVMEXC_SIG_VALUE_CODE:		return KVMEXC_REASON_VALUE_CODE_NOT_MATCHED;
	case KVMEXC_SIG_CODEBLOCKS:		return KVMEXC_REASON_CODEBLOCKS_NOT_MATCHED;
	}
	return KVMEXC_REASON_INTERNAL_ERROR;
}

/* An injection into a DLL needs an export signature (spec 4.1, 10.5). */
static bool kvmexc_needs_export(const struct kvmexc_set *set, const struct kvmexc_exc *e,
				const struct kvmexc_violation *v)
{
	u32 i;

	if (kvmexc_is_kernel(e) || !(v->flags & KVMEXC_V_VICTIM_LIBRARY) ||
	    v->zone != KVMEXC_ZONE_PROCESS || (v->zone_flags & KVMEXC_ZF_MODULE_LOAD))
		return false;
	for (i = 0; i < e->sig_count; i++)
		if (KVMEXC_SIG_ID_TYPE(kvmexc_exc_id(set, e, i)) == KVMEXC_SIG_EXPORT)
			return false;
	return true;
}

int kvmexc_check_signatures(const struct kvmexc_set *set, const struct kvmexc_exc *e,
			    const struct kvmexc_violation *v, struct kvmexc_decision *d)
{
	u32 i = 0, j, type;

	if (kvmexc_needs_export(set, e, v)) {
		d->reason = KVMEXC_REASON_EXPORT_NOT_MATCHED;
		return 0;
	}
	while (i < e->sig_count) {
		bool error = false;
		int ret;

		type = KVMEXC_SIG_ID_TYPE(kvmexc_exc_id(set, e, i));
		for (j = i; j < e->sig_count; j++) {
			u32 id = kvmexc_exc_id(set, e, j);

			if (KVMEXC_SIG_ID_TYPE(id) != type)
				break;
			ret = kvmexc_eval_id(set, id, e, v);
			if (ret == KVMEXC_SIG_MATCH)
				break;
			error |= ret == KVMEXC_SIG_ERROR;
		}
		/* unsatisfied; an error if a signature could not say (spec 4.1) */
		if (j == e->sig_count || KVMEXC_SIG_ID_TYPE(kvmexc_exc_id(set, e, j)) != type) {
			d->reason = error ? KVMEXC_REASON_INTERNAL_ERROR : kvmexc_sig_reason(type);
			return 0;
		}
		if (d->sig_count < KVMEXC_DECISION_MAX_SIGS)
			d->sigs[d->sig_count++] = kvmexc_exc_id(set, e, j);
		/* the run is satisfied: skip the rest of it */
		while (j < e->sig_count && KVMEXC_SIG_ID_TYPE(kvmexc_exc_id(set, e, j)) == type)
			j++;
		i = j;
	}
	return 1;
}
