// SPDX-License-Identifier: GPL-2.0
/* Added exceptions (add, remove, flush) and reload semantics. */
#include "core/internal.h"
#include "match_helpers.h"

#include "kselftest_harness.h"

/* An entry: a kernel exception for @orig with one codeblocks signature. */
static struct rec_buf km_added(u32 orig, u32 hash)
{
	u32 id = KVMEXC_SIG_ID(KVMEXC_SIG_CODEBLOCKS, 1);
	struct rec_buf b;

	rb_init_raw(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL, orig, 0, 0, W64, KVMEXC_KM_OBJ_ANY, 1, &id);
	rb_cb1(&b, id, KVMEXC_SIG_FLAG_32 | KVMEXC_SIG_FLAG_64, 1, 1, &hash);
	return b;
}

static struct kvmexc_added *add(struct kvmexc_added *old, u64 ctx, struct rec_buf *b)
{
	struct kvmexc_err err = { 0 };
	struct kvmexc_added *a = kvmexc_added_insert(old, ctx, b->data, b->len, &err);

	if (!a)
		fprintf(stderr, "add: %s\n", err.msg);
	free(b->data);
	kvmexc_added_free(old);	/* the caller would wait for a grace period */
	return a;
}

static const u32 code_blocks[] = { 0x100, 0x200 };

static struct kvmexc_decision decide_added(const struct kvmexc_set *set,
					    const struct kvmexc_added *a,
					    const struct kvmexc_violation *v)
{
	struct kvmexc_decision d;

	kvmexc_match(set, a, v, &d);
	return d;
}

/* A kernel violation whose code has the blocks the entries name. */
static void km_violation_with_blocks(struct kvmexc_violation *v)
{
	km_violation(v);
	v->orig.blocks = code_blocks;
	v->orig.block_count = 2;
}

TEST(add_match_remove_flush)
{
	struct kvmexc_set *set = one_exc(KVMEXC_REC_KERNEL, 0x5, 0, 0, W64, KVMEXC_KM_OBJ_ANY);
	struct kvmexc_added *a = NULL, *b;
	struct kvmexc_err err = { 0 };
	struct kvmexc_violation v;
	struct kvmexc_decision d;
	struct rec_buf e;

	ASSERT_NE(NULL, set);
	km_violation_with_blocks(&v);
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide_added(set, a, &v).action);

	/* two entries with the same local signature id: ids are renumbered */
	e = km_added(O_HASH, 0x999);
	a = add(a, 0xC1, &e);
	e = km_added(O_HASH, 0x200);
	a = add(a, 0xC2, &e);
	ASSERT_NE(NULL, a);
	EXPECT_EQ(2u, kvmexc_added_count(a));
	EXPECT_LT(0, kvmexc_added_bytes(a));
	d = decide_added(set, a, &v);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, d.action);
	EXPECT_TRUE(d.from_added);
	EXPECT_EQ(0xC2u, d.context);

	/* remove: a new object, the old one untouched until freed */
	b = kvmexc_added_remove(a, 0xC2, &err);
	ASSERT_NE(NULL, b);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide_added(set, a, &v).action);
	EXPECT_EQ(KVMEXC_REASON_CODEBLOCKS_NOT_MATCHED, decide_added(set, b, &v).reason);
	kvmexc_added_free(a);
	a = b;
	EXPECT_EQ(NULL, kvmexc_added_remove(a, 0xC2, &err));
	EXPECT_EQ(-ENOENT, err.code);

	/* kernel-user added exceptions are removable too (reference: never) */
	rb_init_raw(&e);
	rb_exc(&e, KVMEXC_REC_KERNEL_USER, O_HASH, 0, 0, W64, KVMEXC_KUM_OBJ_ANY, 0, NULL);
	a = add(a, 0xC3, &e);
	ASSERT_NE(NULL, a);
	kum_violation(&v);
	EXPECT_EQ(0xC3u, decide_added(set, a, &v).context);
	b = kvmexc_added_remove(a, 0xC3, &err);
	ASSERT_NE(NULL, b);
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide_added(set, b, &v).action);
	kvmexc_added_free(a);

	/* flush: the module publishes NULL and frees the old object */
	kvmexc_added_free(b);
	EXPECT_EQ(0u, kvmexc_added_count(NULL));
	kvmexc_set_free(set);
}

/* An entry added for one guest decides that guest's writes only. */
TEST(per_guest_entries)
{
	struct kvmexc_set *set = one_exc(KVMEXC_REC_KERNEL, 0x5, 0, 0, W64, KVMEXC_KM_OBJ_ANY);
	struct kvmexc_err err = { 0 };
	struct kvmexc_added *a, *b;
	struct kvmexc_violation v;
	struct kvmexc_decision d;
	struct rec_buf e;

	ASSERT_NE(NULL, set);
	km_violation_with_blocks(&v);
	e = km_added(O_HASH, 0x200);
	a = kvmexc_added_insert_for(NULL, 0xA7, 7, e.data, e.len, &err);
	free(e.data);
	ASSERT_NE(NULL, a);

	v.guest = 7;
	d = decide_added(set, a, &v);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, d.action);
	EXPECT_EQ(0xA7u, d.context);
	v.guest = 8;
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide_added(set, a, &v).action);
	v.guest = 0;
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide_added(set, a, &v).action);

	/* an entry for every guest stays when one guest's entries go */
	e = km_added(O_HASH, 0x200);
	a = add(a, 0xA0, &e);
	ASSERT_NE(NULL, a);
	b = kvmexc_added_remove_guest(a, 7, &err);
	ASSERT_NE(NULL, b);
	EXPECT_EQ(1u, kvmexc_added_count(b));
	v.guest = 8;
	EXPECT_EQ(0xA0u, decide_added(set, b, &v).context);
	EXPECT_EQ(NULL, kvmexc_added_remove_guest(b, 7, &err));
	EXPECT_EQ(-ENOENT, err.code);
	kvmexc_added_free(a);
	kvmexc_added_free(b);
	kvmexc_set_free(set);
}

TEST(added_candidates)
{
	struct kvmexc_set *set = one_exc(KVMEXC_REC_KERNEL, 0x5, 0, 0, W64, KVMEXC_KM_OBJ_ANY);
	struct kvmexc_added *a = NULL;
	struct kvmexc_violation v;
	struct rec_buf e;

	/* "*" added exceptions match code outside drivers too; "-" only that */
	rb_init_raw(&e);
	rb_exc(&e, KVMEXC_REC_USER, KVMEXC_NAME_NO_NAME, 0, 0, KVMEXC_FLAG_64 | KVMEXC_FLAG_EXEC,
	       KVMEXC_UM_OBJ_NX_ZONE, 0, NULL);
	a = add(a, 1, &e);
	rb_init_raw(&e);
	rb_exc(&e, KVMEXC_REC_USER, KVMEXC_NAME_ANY, 0, 0, W64 | KVMEXC_FLAG_FEEDBACK,
	       KVMEXC_UM_OBJ_MODULE, 0, NULL);
	a = add(a, 2, &e);
	ASSERT_NE(NULL, a);
	um_violation(&v);
	v.originator = KVMEXC_NAME_EMPTY;
	v.object = KVMEXC_OBJ_UM_NX_ZONE;
	v.zone_flags = KVMEXC_ZF_EXEC;
	EXPECT_EQ(1u, decide_added(set, a, &v).context);
	v.object = KVMEXC_OBJ_UM_MODULE;
	v.zone_flags = KVMEXC_ZF_WRITE;
	EXPECT_EQ(2u, decide_added(set, a, &v).context);
	EXPECT_EQ(KVMEXC_REASON_ALLOWED_FEEDBACK, decide_added(set, a, &v).reason);
	/* not consulted while no file is loaded */
	EXPECT_EQ(KVMEXC_REASON_NOT_LOADED, decide_added(NULL, a, &v).reason);

	kvmexc_added_free(a);
	kvmexc_set_free(set);
}

TEST(added_validation)
{
	struct kvmexc_err err = { 0 };
	u32 id = KVMEXC_SIG_ID(KVMEXC_SIG_IDT, 4);
	struct rec_buf e;

	/* a signature id that the entry does not carry */
	rb_init_raw(&e);
	rb_exc(&e, KVMEXC_REC_KERNEL, O_HASH, 0, 0, W64, 1, 1, &id);
	EXPECT_EQ(NULL, kvmexc_added_insert(NULL, 1, e.data, e.len, &err));
	EXPECT_NE(NULL, strstr(err.msg, "is not a signature"));
	/* two exceptions in one entry */
	rb_idt(&e, id, KVMEXC_SIG_FLAG_64, 1);
	rb_exc(&e, KVMEXC_REC_KERNEL, O_HASH, 0, 0, W64, 1, 0, NULL);
	EXPECT_EQ(NULL, kvmexc_added_insert(NULL, 1, e.data, e.len, &err));
	EXPECT_NE(NULL, strstr(err.msg, "holds 2 exceptions"));
	free(e.data);
	/* globs are not added exceptions; truncated records are rejected */
	rb_init_raw(&e);
	rb_glob(&e, "a", "b", "c", W64, 1, 0, NULL);
	EXPECT_EQ(NULL, kvmexc_added_insert(NULL, 1, e.data, e.len, &err));
	EXPECT_NE(NULL, strstr(err.msg, "cannot be an added exception"));
	EXPECT_EQ(NULL, kvmexc_added_insert(NULL, 1, e.data, e.len - 1, &err));
	EXPECT_NE(NULL, strstr(err.msg, "record 0 at offset 0x0"));
	free(e.data);
}

TEST(reload_semantics)
{
	struct kvmexc_set *old = one_exc(KVMEXC_REC_KERNEL, O_HASH, 0, 0, W64, KVMEXC_KM_OBJ_ANY);
	struct kvmexc_err err = { 0 };
	struct kvmexc_added *a = NULL;
	struct kvmexc_violation v;
	struct kvmexc_set *next;
	struct rec_buf b, e;

	ASSERT_NE(NULL, old);
	e = km_added(R_HASH, 0x100);
	a = add(a, 7, &e);
	km_violation(&v);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide_added(old, a, &v).action);

	/* a bad file builds nothing: the old set stays in force */
	rb_init(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL, 0x77, 0, 0, W64, 99, 0, NULL);
	next = kvmexc_set_build(rb_finish(&b), b.len, &err);
	EXPECT_EQ(NULL, next);
	EXPECT_EQ(-EINVAL, err.code);
	free(b.data);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, decide_added(old, a, &v).action);

	/* a good file replaces it; added exceptions survive */
	next = one_exc(KVMEXC_REC_KERNEL, 0x77, 0, 0, W64, KVMEXC_KM_OBJ_ANY);
	ASSERT_NE(NULL, next);
	kvmexc_set_free(old);
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide_added(next, a, &v).action);
	v.originator = R_HASH;
	v.orig.blocks = code_blocks;
	v.orig.block_count = 2;
	EXPECT_EQ(7u, decide_added(next, a, &v).context);
	kvmexc_set_free(next);
	kvmexc_added_free(a);
}

TEST(hit_counters)
{
	struct kvmexc_set *set = one_exc(KVMEXC_REC_KERNEL, O_HASH, 0, 0, W64, KVMEXC_KM_OBJ_ANY);
	struct kvmexc_violation v;
	struct kvmexc_decision d;
	int i;

	km_violation(&v);
	for (i = 0; i < 5; i++)
		d = decide(set, &v);
	EXPECT_EQ(5u, kvmexc_set_hits(set, d.exc));
	kvmexc_set_free(set);
}

TEST(file_order_view)
{
	struct kvmexc_violation v;
	struct kvmexc_decision d;
	struct kvmexc_set *set;
	struct kvmexc_added *a = NULL;
	struct rec_buf b;
	u32 i;

	/* set->excs lists every exception in file order; hits count per exception */
	rb_init(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL, O_HASH, 1, 0, W64, KVMEXC_KM_OBJ_ANY, 0, NULL);
	rb_exc(&b, KVMEXC_REC_KERNEL, O_HASH, 2, 0, W64, KVMEXC_KM_OBJ_ANY, 0, NULL);
	rb_glob(&b, "x*", "*", "*", W64, KVMEXC_UM_OBJ_ANY, 0, NULL);
	rb_exc(&b, KVMEXC_REC_USER, P_HASH, 0, 0, W64 | KVMEXC_FLAG_FEEDBACK, 1, 0, NULL);
	set = build(&b);
	ASSERT_NE(NULL, set);
	ASSERT_EQ(4u, set->exc_count);
	for (i = 0; i < set->exc_count; i++)
		EXPECT_EQ(i, set->excs[i].record);
	km_violation(&v);
	v.victim = 2;
	for (i = 0; i < 3; i++)
		d = decide(set, &v);
	EXPECT_EQ(&set->excs[1], d.exc);
	v.victim = 1;
	d = decide(set, &v);
	EXPECT_EQ(&set->excs[0], d.exc);
	EXPECT_EQ(1u, kvmexc_set_hits(set, &set->excs[0]));
	EXPECT_EQ(3u, kvmexc_set_hits(set, &set->excs[1]));
	EXPECT_EQ(0u, kvmexc_set_hits(set, &set->excs[2]));
	um_violation(&v);
	v.originator_name = "xyz.dll";
	d = decide(set, &v);
	EXPECT_EQ(&set->excs[2], d.exc);
	EXPECT_EQ(1u, kvmexc_set_hits(set, &set->excs[2]));
	kvmexc_set_free(set);

	/* contexts: one per exception of the added set */
	for (i = 0; i < 3; i++) {
		struct rec_buf e;

		rb_init_raw(&e);
		rb_exc(&e, KVMEXC_REC_KERNEL, O_HASH + i, 0, 0, W64, KVMEXC_KM_OBJ_ANY, 0, NULL);
		a = add(a, 100 + i, &e);
	}
	ASSERT_NE(NULL, a);
	for (i = 0; i < 3; i++)
		EXPECT_EQ(100u + i, a->set->contexts[i]);
	set = one_exc(KVMEXC_REC_KERNEL, 9, 0, 0, W64, 1);
	km_violation(&v);
	v.originator = O_HASH + 2;
	d = decide_added(set, a, &v);
	EXPECT_EQ(102u, d.context);
	EXPECT_EQ(&a->set->excs[2], d.exc);
	EXPECT_EQ(1u, kvmexc_set_hits(a->set, d.exc));
	kvmexc_set_free(set);
	kvmexc_added_free(a);
}

TEST_HARNESS_MAIN
