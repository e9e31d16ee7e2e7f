// SPDX-License-Identifier: GPL-2.0
/*
 * Robustness: mutated and truncated copies of the shared vectors either
 * load or are rejected with a message, never read out of bounds (ASan), and
 * the sets that load can be matched against.
 */
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

TEST_HARNESS_MAIN
