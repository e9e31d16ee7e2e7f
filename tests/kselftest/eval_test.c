// SPDX-License-Identifier: GPL-2.0
/*
 * The module's decisions equal the host core's: a generated set (file and
 * added exceptions, with signatures) is loaded into both, and thousands of
 * generated violations are decided by netlink EVAL (through excctl's own
 * encoder) and by kvmexc_match() on the host. Also EVAL's rejections.
 */
#include "kselftest_harness.h"
#include "kvmexc_genl.h"
#include "rec.h"

#include "core/match.h"
#include "ctl/eval/request.h"
#include "ctl/cli/nl.h"

#define N_EXCEPTIONS	400
#define N_EVENTS	2000

static u64 rng_state;

static u32 rnd(u32 n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (u32)(rng_state >> 32) % n;
}

static u32 pick(const u32 *pool, u32 n)
{
	return pool[rnd(n)];
}

/* Small pools, so that exceptions and events meet often. */
static const u32 originators[] = { 0, 4, 2, 3, 0x1001, 0x1002, 0x1003, 0x80001004 };
static const u32 victims[] = { 0, 0x2001, 0x2002, 0x90002003 };
static const u32 processes[] = { 0, 0x3001, 0x3002 };
static const u32 blocks[] = { 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80 };
static const char *const names[] = { "chrome.exe", "Python3.exe", "ntdll.dll", "a.tmp" };
static const char *const patterns[] = { "*", "chrome*.exe", "?ython*.exe", "[an]*", "*.tmp" };

static u32 exception_flags(void)
{
	static const u32 optional[] = {
		0x1, 0x8, 0x10, 0x80, 0x100, 0x200, 0x400, 0x800, 0x1000, 0x8000, 0x10000,
	};
	u32 flags = rnd(4) ? 0x6 : 0x2 << rnd(2);
	int i;

	flags |= (0x10000000u << rnd(3)) | (rnd(3) ? 0 : 0x10000000u << rnd(3));
	for (i = 0; i < 2; i++)
		if (rnd(3) == 0)
			flags |= optional[rnd(sizeof(optional) / sizeof(optional[0]))];
	return flags;
}

static u32 signature_ids[4];

static void add_signatures(struct rec_buf *b)
{
	u32 list[3];
	int i;

	for (i = 0; i < 3; i++) {
		list[0] = blocks[rnd(3)];
		list[1] = blocks[3 + rnd(3)];
		list[2] = blocks[6 + rnd(2)];
		signature_ids[i] = KVMEXC_SIG_ID(KVMEXC_SIG_CODEBLOCKS, i + 1);
		rb_cb1(b, signature_ids[i], 0x3 | (rnd(4) ? 0 : 0x80), 1 + rnd(3), 3, list);
	}
	signature_ids[3] = KVMEXC_SIG_ID(KVMEXC_SIG_VALUE, 4);
	rb_value(b, signature_ids[3], 0x3, 1, 0, 1, 0);
}

static void add_exception(struct rec_buf *b)
{
	static const u8 types[] = {
		KVMEXC_REC_KERNEL, KVMEXC_REC_USER, KVMEXC_REC_USER_APC,
		KVMEXC_REC_KERNEL_USER, KVMEXC_REC_USER_GLOB,
	};
	u8 type = types[rnd(sizeof(types))];
	u32 ids[2];
	int n = rnd(3) ? 0 : 1 + (int)rnd(2);

	ids[0] = signature_ids[rnd(3)];
	ids[1] = signature_ids[3];
	if (n == 2 && ids[0] > ids[1])
		ids[0] = signature_ids[3], ids[1] = signature_ids[0];
	if (type == KVMEXC_REC_USER_GLOB)
		rb_glob(b, patterns[rnd(5)], patterns[rnd(5)], patterns[rnd(5)],
			exception_flags(), rnd(16), n, ids);
	else
		rb_exc(b, type, pick(originators, 8), pick(victims, 4),
		       pick(processes, 3), exception_flags(),
		       type == KVMEXC_REC_KERNEL ? rnd(26) :
		       type == KVMEXC_REC_KERNEL_USER ? rnd(5) : rnd(16), n, ids);
}

struct event {
	struct kvmexc_violation v;
	u32 blocks[4];
};

static void make_event(struct event *ev)
{
	struct kvmexc_violation *v = &ev->v;
	u32 i, n = rnd(5);

	memset(ev, 0, sizeof(*ev));
	v->kind = 1 + rnd(3);
	v->os = rnd(2);
	v->flags = rnd(1u << 23) & rnd(1u << 23);
	v->zone = 1 + rnd(7);
	v->zone_flags = (KVMEXC_ZF_WRITE << rnd(3)) | (1ull << rnd(10));
	v->object = rnd(42);
	v->originator = pick(originators, 8);
	v->return_originator = pick(originators, 8);
	v->process = pick(processes, 3);
	v->victim = pick(victims, 4);
	v->victim_process = pick(processes, 3);
	v->originator_name = names[rnd(4)];
	v->victim_name = names[rnd(4)];
	v->process_name = names[rnd(4)];
	v->size = 1 + rnd(8);
	for (i = 0; i < v->size; i++) {
		v->old_value[i] = rnd(3);
		v->new_value[i] = rnd(2) ? v->old_value[i] : rnd(256);
	}
	for (i = 0; i < n; i++)
		ev->blocks[i] = blocks[2 * i + rnd(2)];
	v->orig.rip = rnd(4) ? 0xffffffff81000000ull + rnd(4096) : 0;
	v->orig.blocks = ev->blocks;
	v->orig.block_count = n;
	if (!rnd(4)) {
		v->idt_entry = rnd(256);
		v->flags |= KVMEXC_V_IDT_ENTRY;
	}
}

FIXTURE(diff) {
	struct excctl_nl *nl;
	struct kvmexc_set *set;
	struct kvmexc_added *alerts;
};

FIXTURE_SETUP(diff)
{
	struct kvmexc_err err;
	struct rec_buf b, a;
	struct kgenl g;
	int i;

	rng_state = 0x9e3779b97f4a7c15ull;
	rb_init(&b);
	add_signatures(&b);
	for (i = 0; i < N_EXCEPTIONS; i++)
		add_exception(&b);
	rb_finish(&b);

	self->set = kvmexc_set_build(b.data, b.len, &err);
	ASSERT_NE(NULL, self->set) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, kgenl_open(&g));
	ASSERT_EQ(0, kgenl_load(&g, b.data, b.len)) TH_LOG("%s", g.extack);
	ASSERT_EQ(0, kgenl_transact(&g, kgenl_msg(&g, g.family, KVMEXC_CMD_FLUSH, 0),
				    NULL, NULL));

	/* Two added exceptions, in the module and on the host. */
	self->alerts = NULL;
	for (i = 0; i < 2; i++) {
		struct kvmexc_added *next;
		struct nlmsghdr *nlh;

		rb_init_raw(&a);
		rb_exc(&a, i ? KVMEXC_REC_USER : KVMEXC_REC_KERNEL, 0x1003, 0, 0,
		       0x20000006, i ? 3 : 4, 0, NULL);
		next = kvmexc_added_insert(self->alerts, 100 + i, a.data, a.len, &err);
		ASSERT_NE(NULL, next) TH_LOG("%s", err.msg);
		kvmexc_added_free(self->alerts);
		self->alerts = next;
		nlh = kgenl_msg(&g, g.family, KVMEXC_CMD_ADD, 0);
		mnl_attr_put_u64(nlh, KVMEXC_A_ADDED_CONTEXT, 100 + i);
		mnl_attr_put(nlh, KVMEXC_A_ADDED_RECORDS, a.len, a.data);
		ASSERT_EQ(0, kgenl_transact(&g, nlh, NULL, NULL)) TH_LOG("%s", g.extack);
		free(a.data);
	}
	kgenl_close(&g);
	free(b.data);
	self->nl = excctl_nl_open();
	ASSERT_NE(NULL, self->nl);
}

FIXTURE_TEARDOWN(diff)
{
	excctl_nl_close(self->nl);
	kvmexc_set_free(self->set);
	kvmexc_added_free(self->alerts);
}

TEST_F(diff, kernel_decides_like_the_host)
{
	int i, allowed = 0, denied = 0, by_exception = 0, mismatches = 0;

	for (i = 0; i < N_EVENTS; i++) {
		struct excctl_eval_result r;
		struct kvmexc_decision d;
		struct event ev;

		make_event(&ev);
		kvmexc_match(self->set, self->alerts, &ev.v, &d);
		ASSERT_EQ(0, excctl_eval_kernel(self->nl, &ev.v, &r)) TH_LOG("event %d", i);
		if (r.action != d.action || r.reason != d.reason ||
		    r.has_exception != !!d.exc || r.from_added != d.from_added ||
		    (d.exc && r.record != d.record) || r.sig_count != d.sig_count) {
			if (mismatches++ < 5)
				TH_LOG("event %d: kernel %u/%u/%u host %u/%u/%u", i,
				       r.action, r.reason, r.record, d.action, d.reason,
				       d.record);
		}
		allowed += d.action == KVMEXC_ACTION_ALLOW;
		denied += d.action != KVMEXC_ACTION_ALLOW;
		by_exception += !!d.exc;
	}
	EXPECT_EQ(0, mismatches);
	TH_LOG("%d events: %d allowed, %d denied, %d decided by an exception",
	       N_EVENTS, allowed, denied, by_exception);
	/* A generator that never reaches an exception would prove nothing. */
	EXPECT_LT(N_EVENTS / 20, by_exception);
	EXPECT_LT(N_EVENTS / 20, denied);
}

TEST_F(diff, eval_rejects_bad_violations)
{
	struct kgenl g;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	u32 unsorted[2] = { 9, 3 };

	ASSERT_EQ(0, kgenl_open(&g));
	nlh = kgenl_msg(&g, g.family, KVMEXC_CMD_EVAL, 0);
	EXPECT_EQ(-EINVAL, kgenl_transact(&g, nlh, NULL, NULL));
	EXPECT_STREQ("missing attribute KIND", g.extack);

	nlh = kgenl_msg(&g, g.family, KVMEXC_CMD_EVAL, 0);
	mnl_attr_put_u8(nlh, KVMEXC_A_EVAL_KIND, 7);
	EXPECT_EQ(-ERANGE, kgenl_transact(&g, nlh, NULL, NULL));
	EXPECT_STREQ("integer out of range", g.extack);

	nlh = kgenl_msg(&g, g.family, KVMEXC_CMD_EVAL, 0);
	mnl_attr_put_u8(nlh, KVMEXC_A_EVAL_KIND, 1);
	nest = mnl_attr_nest_start(nlh, KVMEXC_A_EVAL_CODE);
	mnl_attr_put(nlh, KVMEXC_A_CODE_BLOCKS, sizeof(unsorted), unsorted);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(-EINVAL, kgenl_transact(&g, nlh, NULL, NULL));
	EXPECT_STREQ("code-block hashes must be ascending", g.extack);

	nlh = kgenl_msg(&g, g.family, KVMEXC_CMD_EVAL, 0);
	mnl_attr_put_u8(nlh, KVMEXC_A_EVAL_KIND, 1);
	nest = mnl_attr_nest_start(nlh, KVMEXC_A_EVAL_CODE);
	mnl_attr_put(nlh, KVMEXC_A_CODE_BYTES, 4, "\x90\x90\x90\xc3");
	mnl_attr_put_u32(nlh, KVMEXC_A_CODE_RIP_OFFSET, 4);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(-EINVAL, kgenl_transact(&g, nlh, NULL, NULL));
	EXPECT_STREQ("RIP_OFFSET is not inside BYTES", g.extack);

	nlh = kgenl_msg(&g, g.family, KVMEXC_CMD_EVAL, 0);
	mnl_attr_put_u8(nlh, KVMEXC_A_EVAL_KIND, 1);
	nest = mnl_attr_nest_start(nlh, KVMEXC_A_EVAL_EXPORT);
	mnl_attr_put(nlh, KVMEXC_A_EXPORT_NAMES, 7, "1234567");
	mnl_attr_nest_end(nlh, nest);
	EXPECT_EQ(-EINVAL, kgenl_transact(&g, nlh, NULL, NULL));
	EXPECT_STREQ("hash list is not a whole number of u32", g.extack);

	nlh = kgenl_msg(&g, g.family, KVMEXC_CMD_EVAL, 0);
	mnl_attr_put_u8(nlh, KVMEXC_A_EVAL_KIND, 1);
	mnl_attr_put(nlh, KVMEXC_A_EVAL_NEW_VALUE, 2, "ab");
	mnl_attr_put_u32(nlh, KVMEXC_A_EVAL_SIZE, 4);
	EXPECT_EQ(-EINVAL, kgenl_transact(&g, nlh, NULL, NULL));
	EXPECT_STREQ("SIZE exceeds the bytes of OLD_VALUE or NEW_VALUE", g.extack);

	nlh = kgenl_msg(&g, g.family, KVMEXC_CMD_EVAL, 0);
	mnl_attr_put_u8(nlh, KVMEXC_A_EVAL_KIND, 1);
	mnl_attr_put_u8(nlh, KVMEXC_A_EVAL_ACTION, 0);
	EXPECT_EQ(-EINVAL, kgenl_transact(&g, nlh, NULL, NULL));
	EXPECT_STREQ("attribute is only sent in replies", g.extack);
	kgenl_close(&g);
}

TEST_HARNESS_MAIN
