/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EVAL's attribute values into the matcher's struct kvmexc_violation. The
 * module parses the netlink message with its policies (kmod/genl.c) and
 * hands the values here; host tools and the fuzzer hand the same values from
 * their own parser. Every rule the matcher relies on (sizes, sorted hash
 * lists, offsets inside buffers) is checked here, whatever the caller's
 * parser checked before.
 */
#ifndef _KVMEXC_CORE_VIOLATION_H
#define _KVMEXC_CORE_VIOLATION_H

#include "match.h"

/* One attribute's payload; data NULL: the attribute is absent. */
struct kvmexc_attr {
	const void *data;
	u32 len;
	const void *origin;	/* the caller's attribute, handed back in errors */
};

/* Indexed by attribute type; a nest's own array is used when it is present. */
struct kvmexc_eval_attrs {
	struct kvmexc_attr eval[KVMEXC_A_EVAL_MAX + 1];
	struct kvmexc_attr code[KVMEXC_A_CODE_MAX + 1];
	struct kvmexc_attr return_code[KVMEXC_A_CODE_MAX + 1];
	struct kvmexc_attr export[KVMEXC_A_EXPORT_MAX + 1];
};

struct kvmexc_attr_err {
	const char *msg;	/* a string constant */
	const void *origin;	/* of the attribute at fault; NULL: none */
};

/*
 * Fills @v from @a; 0, or -EINVAL / -ERANGE with @err set. @v points into
 * the attributes' data, which must outlive it.
 */
int kvmexc_violation_from_attrs(const struct kvmexc_eval_attrs *a,
				struct kvmexc_violation *v,
				struct kvmexc_attr_err *err);

#endif /* _KVMEXC_CORE_VIOLATION_H */
