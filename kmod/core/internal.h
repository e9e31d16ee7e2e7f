/* SPDX-License-Identifier: GPL-2.0 */
/* Between the core's files only. */
#ifndef _KVMEXC_CORE_INTERNAL_H
#define _KVMEXC_CORE_INTERNAL_H

#include "match.h"

struct kvmexc_set *kvmexc_set_build_raw(const void *buf, size_t len, size_t start,
					const struct kvmexc_file_info *info, bool added,
					struct kvmexc_err *err);

struct kvmexc_added {
	struct kvmexc_set *set;		/* every entry, ids renumbered; NULL when empty */
	u32 count;
	struct kvmexc_added_entry {
		u64 context;
		u32 guest;		/* 0: every guest */
		u32 len;
		u8 *records;
	} *entries;
	size_t bytes;
};

/* The signature check of stage 3: 1 allowed, 0 not (d->reason says why). */
int kvmexc_check_signatures(const struct kvmexc_set *set, const struct kvmexc_exc *e,
			    const struct kvmexc_violation *v, struct kvmexc_decision *d);

/*
 * Kernel and kernel-user exceptions without signatures pass stage 3 (only
 * user ones may need an export signature): most of those in the fault path
 * are spared the call.
 */
static inline int kvmexc_signatures_ok(const struct kvmexc_set *set, const struct kvmexc_exc *e,
				       const struct kvmexc_violation *v,
				       struct kvmexc_decision *d)
{
	if (!e->sig_count && (e->kind == KVMEXC_EXC_KM || e->kind == KVMEXC_EXC_KUM))
		return 1;
	return kvmexc_check_signatures(set, e, v, d);
}

#endif /* _KVMEXC_CORE_INTERNAL_H */
