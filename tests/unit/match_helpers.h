/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the matcher tests: default violations and one-call decisions. */
#ifndef _KVMEXC_TESTS_MATCH_HELPERS_H
#define _KVMEXC_TESTS_MATCH_HELPERS_H

#include "core/match.h"
#include "rec.h"

#define O_HASH	0x11110000u	/* originator driver/module */
#define R_HASH	0x33330000u	/* return driver/module */
#define V_HASH	0x22220000u	/* victim */
#define P_HASH	0x44440000u	/* originator process */
#define VP_HASH	0x55550000u	/* victim process (kernel-user) */

/* A kernel write from driver O into driver V's code, 64-bit Windows. */
static inline void km_violation(struct kvmexc_violation *v)
{
	memset(v, 0, sizeof(*v));
	v->kind = KVMEXC_EXC_KM;
	v->os = KVMEXC_OS_WINDOWS;
	v->flags = KVMEXC_V_GUEST64 | KVMEXC_V_ORIG_DRIVER | KVMEXC_V_RET_DRIVER;
	v->zone = KVMEXC_ZONE_EPT;
	v->zone_flags = KVMEXC_ZF_WRITE | KVMEXC_ZF_LIB_CODE;
	v->object = KVMEXC_OBJ_KM_MODULE;
	v->originator = O_HASH;
	v->return_originator = O_HASH;
	v->victim = V_HASH;
	v->orig.rip = 0xfffff80000001000ull;
	v->ret.rip = v->orig.rip;
	v->size = 8;
	v->old_value[0] = 1;
	v->new_value[0] = 2;
}

/* A user write from module O of process P into module V. */
static inline void um_violation(struct kvmexc_violation *v)
{
	km_violation(v);
	v->kind = KVMEXC_EXC_UM;
	v->object = KVMEXC_OBJ_UM_MODULE;
	v->process = P_HASH;
	v->orig.rip = 0x7ff000001000ull;
	v->ret.rip = v->orig.rip;
	v->originator_name = "origin.dll";
	v->victim_name = "victim.dll";
	v->process_name = "proc.exe";
}

/* A kernel write into user module V (owned by process VP). */
static inline void kum_violation(struct kvmexc_violation *v)
{
	km_violation(v);
	v->kind = KVMEXC_EXC_KUM;
	v->object = KVMEXC_OBJ_UM_MODULE;
	v->victim_process = VP_HASH;
	v->process = P_HASH;
}

static inline struct kvmexc_set *build(struct rec_buf *b)
{
	struct kvmexc_err err = { 0 };
	struct kvmexc_set *set = kvmexc_set_build(rb_finish(b), b->len, &err);

	if (!set)
		fprintf(stderr, "build: %s\n", err.msg);
	free(b->data);
	b->data = NULL;
	return set;
}

/* A set with one exception record and nothing else. */
static inline struct kvmexc_set *one_exc(u8 type, u32 orig, u32 victim, u32 process, u32 flags,
					 u8 object)
{
	struct rec_buf b;

	rb_init(&b);
	rb_exc(&b, type, orig, victim, process, flags, object, 0, NULL);
	return build(&b);
}

static inline struct kvmexc_decision decide(const struct kvmexc_set *set,
					    const struct kvmexc_violation *v)
{
	struct kvmexc_decision d;

	kvmexc_match(set, NULL, v, &d);
	return d;
}

#define W64 (KVMEXC_FLAG_64 | KVMEXC_FLAG_WRITE)

#endif /* _KVMEXC_TESTS_MATCH_HELPERS_H */
