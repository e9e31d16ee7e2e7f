/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EVAL over netlink: a violation decided by the module's matcher.
 */
#ifndef _EXCCTL_EVAL_NL_H
#define _EXCCTL_EVAL_NL_H

#include <stdbool.h>

#include "core/match.h"

struct excctl_nl;

/* A decision as the module reports it, with the exception that decided. */
struct excctl_eval_result {
	u8 action;
	u8 reason;
	bool has_exception;
	bool from_added;
	u32 record;
	u64 context;
	u8 kind;
	u8 object_type;
	u32 flags;
	u32 originator, victim, process;
	char glob[3][KVMEXC_GLOB_MAX_LEN + 1];
	u32 sig_count;
	u32 sigs[KVMEXC_DECISION_MAX_SIGS];
};

/* Sends @v as EVAL; 0 and the module's decision in @r, or a negative errno. */
int excctl_eval_kernel(struct excctl_nl *nl, const struct kvmexc_violation *v,
		       struct excctl_eval_result *r);

#endif /* _EXCCTL_EVAL_NL_H */
