// SPDX-License-Identifier: GPL-2.0
/*
 * Robustness: mutated and truncated copies of the shared vectors either
 * load or are rejected with a message, never read out of bounds (ASan), and
 * the sets that load can be matched against.
 */
#include "core/internal.h"
#include "match_helpers.h"

#include "kselftest_harness.h"

static const char *const vectors[] = {
	"01_kernel", "02_user", "03_user_apc", "04_glob", "05_kernel_user",
	"06_signatures", "07_groups", "08_layout", "09_only_signatures", "10_edge_names",
};

static u32 seed = 12345;

static u32 next_rand(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

static void exercise(const struct kvmexc_set *set)
{
	static const u32 blocks[] = { 1, 2, 3, 0x10000001, 0x20000002, 0x30000003 };
	struct kvmexc_violation v;
	struct kvmexc_decision d;
	int kind;

	for (kind = KVMEXC_EXC_KM; kind <= KVMEXC_EXC_KUM; kind++) {
		km_violation(&v);
		v.kind = kind;
		v.originator = next_rand() % 2 ? KVMEXC_NAME_KERNEL : 0x82a55dcc;
		v.orig.blocks = blocks;
		v.orig.block_count = ARRAY_SIZE(blocks);
		v.originator_name = "a.exe";
		v.victim_name = "b.dll";
		v.process_name = "c.exe";
		v.cmdline = "x";
		v.export.known = true;
		kvmexc_match(set, NULL, &v, &d);
		v.os = KVMEXC_OS_LINUX;
		kvmexc_match(set, NULL, &v, &d);
	}
}

TEST(mutated_vectors)
{
	size_t i, len;
	int round, loaded = 0, rejected = 0;

	for (i = 0; i < ARRAY_SIZE(vectors); i++) {
		char path[128];
		u8 *orig, *buf;

		snprintf(path, sizeof(path), "../shared/vectors/%s.bin", vectors[i]);
		orig = read_file(path, &len);
		ASSERT_NE(NULL, orig);
		for (round = 0; round < 3000; round++) {
			struct kvmexc_err err = { 0 };
			size_t n = len, k, flips = 1 + next_rand() % 4;
			struct kvmexc_set *set;

			if (round % 5 == 0)
				n = sizeof(struct kvmexc_file_header) + next_rand() % (len - 35);
			buf = malloc(n);
			memcpy(buf, orig, n);
			for (k = 0; k < flips; k++) {
				size_t at = 36 + next_rand() % (n > 36 ? n - 36 : 1);

				if (at < n)
					buf[at] = round % 2 ? next_rand() : buf[at] ^ (1u << (next_rand() % 8));
			}
			set = kvmexc_set_build(buf, n, &err);
			free(buf);	/* the set keeps its own copy */
			if (set) {
				loaded++;
				exercise(set);
				kvmexc_set_free(set);
			} else {
				rejected++;
				EXPECT_NE(0, err.code);
				EXPECT_NE(0, err.msg[0]);
			}
		}
		free(orig);
	}
	EXPECT_LT(0, loaded);
	EXPECT_LT(0, rejected);
}

TEST(mutated_added_entries)
{
	u32 ids[2] = { KVMEXC_SIG_ID(KVMEXC_SIG_CODEBLOCKS, 1), KVMEXC_SIG_ID(KVMEXC_SIG_IDT, 2) };
	u32 hashes[3] = { 1, 2, 3 };
	struct kvmexc_added *a = NULL;
	int round, added = 0;
	struct rec_buf e;

	rb_init_raw(&e);
	rb_exc(&e, KVMEXC_REC_KERNEL, O_HASH, 0, 0, W64, KVMEXC_KM_OBJ_ANY, 2, ids);
	rb_cb1(&e, ids[0], 3, 2, 3, hashes);
	rb_idt(&e, ids[1], 3, 14);
	for (round = 0; round < 5000; round++) {
		struct kvmexc_err err = { 0 };
		struct kvmexc_added *next;
		size_t n = round % 4 ? e.len : next_rand() % e.len;
		u8 *buf = malloc(e.len);

		memcpy(buf, e.data, e.len);
		buf[next_rand() % e.len] ^= 1u << (next_rand() % 8);
		next = kvmexc_added_insert(a, round, buf, n, &err);
		free(buf);
		if (!next) {
			EXPECT_NE(0, err.code);
			continue;
		}
		added++;
		exercise(next->set);
		kvmexc_added_free(a);
		a = next;
		if (kvmexc_added_count(a) > 50) {	/* keep rebuilds cheap */
			next = kvmexc_added_remove(a, a->entries[0].context, &err);
			ASSERT_NE(NULL, next) TH_LOG("%s", err.msg);
			kvmexc_added_free(a);
			a = next;
		}
	}
	EXPECT_LT(0, added);
	kvmexc_added_free(a);
	free(e.data);
}

TEST_HARNESS_MAIN
