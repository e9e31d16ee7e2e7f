// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: ns per decision (median, p99) and decisions per second for
 * sets of 1 000, 100 000 and 1 000 000 exceptions, per kind, hit and miss,
 * with and without a codeblocks signature; parse+index time and bytes per
 * exception. With --sweep FILE: decision time against the number of
 * exceptions, for the plot of Documentation/performance.rst.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../unit/rec.h"
#include "core/match.h"

#define QUERIES		4096	/* distinct violations per case: defeats the caches */
#define BATCH		16	/* decisions per timer reading */
#define ROUNDS		64	/* passes over the queries */
#define TRIES		3	/* runs per case; the best median counts (shared machines) */
#define CB_POOL		1024	/* codeblocks signatures shared by the exceptions */
#define CB_HASHES	6
#define CODE_BLOCKS	64	/* hashes extracted around a RIP */

static u64 rng_state = 0x9E3779B97F4A7C15ull;

static u32 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state >> 16;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* Exception i: kind i % 3, originator orig[i], every other one with a signature. */
struct bench_file {
	u8 *data;
	size_t len;
	u32 *orig;
	u32 n;
	u32 cb[CB_POOL][CB_HASHES];
};

static const u8 rec_types[3] = { KVMEXC_REC_KERNEL, KVMEXC_REC_USER, KVMEXC_REC_KERNEL_USER };

static u32 cb_id(u32 i)
{
	return KVMEXC_SIG_ID(KVMEXC_SIG_CODEBLOCKS, 1 + i % CB_POOL);
}

static int cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

static void make_file(struct bench_file *f, u32 n)
{
	struct rec_buf b;
	u32 i, j;

	f->n = n;
	f->orig = malloc(n * sizeof(u32));
	rb_init(&b);
	for (i = 0; i < n; i++) {
		u32 id = cb_id(i);

		f->orig[i] = (rnd() | 0x100) & ~1u;	/* even, never a predefined value */
		rb_exc(&b, rec_types[i % 3], f->orig[i], 0, 0, KVMEXC_FLAG_64 | KVMEXC_FLAG_WRITE,
		       1, (i / 3) % 2, &id);
	}
	for (i = 0; i < CB_POOL; i++) {
		for (j = 0; j < CB_HASHES; j++)
			f->cb[i][j] = rnd();
		qsort(f->cb[i], CB_HASHES, sizeof(u32), cmp_u32);
		rb_cb1(&b, KVMEXC_SIG_ID(KVMEXC_SIG_CODEBLOCKS, 1 + i),
		       KVMEXC_SIG_FLAG_32 | KVMEXC_SIG_FLAG_64, CB_HASHES - 1, CB_HASHES, f->cb[i]);
	}
	f->data = rb_finish(&b);
	f->len = b.len;
}

struct query {
	struct kvmexc_violation v;
	u32 blocks[CODE_BLOCKS];
};

/* A violation of @kind that hits exception @i (or misses every exception). */
static void make_query(struct query *q, const struct bench_file *f, int kind, u32 i, bool hit)
{
	struct kvmexc_violation *v = &q->v;
	u32 j;

	memset(v, 0, sizeof(*v));
	v->kind = kind == 0 ? KVMEXC_EXC_KM : kind == 1 ? KVMEXC_EXC_UM : KVMEXC_EXC_KUM;
	v->flags = KVMEXC_V_GUEST64 | KVMEXC_V_ORIG_DRIVER | KVMEXC_V_RET_DRIVER;
	v->zone = KVMEXC_ZONE_EPT;
	v->zone_flags = KVMEXC_ZF_WRITE | KVMEXC_ZF_LIB_CODE;
	v->object = kind == 0 ? KVMEXC_OBJ_KM_MODULE : KVMEXC_OBJ_UM_MODULE;
	v->originator = hit ? f->orig[i] : (rnd() | 0x101);	/* odd: in no exception */
	v->return_originator = v->originator;
	v->victim = 0x1234;
	v->size = 8;
	v->new_value[0] = 1;
	v->orig.rip = 0xfffff80000001000ull + i;
	v->ret.rip = v->orig.rip;
	for (j = 0; j < CODE_BLOCKS; j++)
		q->blocks[j] = rnd();
	for (j = 0; j < CB_HASHES; j++)	/* the signature's blocks are in the code */
		q->blocks[j * 7] = f->cb[i % CB_POOL][j];
	qsort(q->blocks, CODE_BLOCKS, sizeof(u32), cmp_u32);
	v->orig.blocks = q->blocks;
	v->orig.block_count = CODE_BLOCKS;
	v->ret = v->orig;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

struct result {
	double median, p99, per_sec;
};

static struct result run(const struct kvmexc_set *set, struct query *qs, u8 expect_action)
{
	static double samples[QUERIES / BATCH * ROUNDS];
	struct kvmexc_decision d;
	double total = 0, t0, t;
	u32 r, s = 0, i, k;
	struct result res;

	for (r = 0; r < ROUNDS; r++) {
		for (i = 0; i < QUERIES; i += BATCH) {
			t0 = now_ns();
			for (k = 0; k < BATCH; k++)
				kvmexc_match(set, NULL, &qs[i + k].v, &d);
			t = now_ns() - t0;
			if (d.action != expect_action) {
				fprintf(stderr, "bench: unexpected decision %s/%s\n",
					kvmexc_action_name(d.action), kvmexc_reason_name(d.reason));
				exit(1);
			}
			samples[s++] = t / BATCH;
			total += t;
		}
	}
	qsort(samples, s, sizeof(double), cmp_double);
	res.median = samples[s / 2];
	res.p99 = samples[s * 99 / 100];
	res.per_sec = 1e9 * s * BATCH / total;
	return res;
}

static struct result best_run(const struct kvmexc_set *set, struct query *qs, u8 expect)
{
	struct result best = run(set, qs, expect), r;
	int i;

	for (i = 1; i < TRIES; i++) {
		r = run(set, qs, expect);
		if (r.median < best.median)
			best = r;
	}
	return best;
}

/* A set of @n exceptions, and how long parsing and indexing it took. */
static struct kvmexc_set *build_set(struct bench_file *f, u32 n, double *load_ns)
{
	struct kvmexc_err err = { 0 };
	struct kvmexc_set *set;
	double t0;

	make_file(f, n);
	t0 = now_ns();
	set = kvmexc_set_build(f->data, f->len, &err);
	*load_ns = now_ns() - t0;
	if (!set) {
		fprintf(stderr, "bench: %s\n", err.msg);
		exit(1);
	}
	return set;
}

static void free_set(struct kvmexc_set *set, struct bench_file *f)
{
	kvmexc_set_free(set);
	free(f->data);
	free(f->orig);
}

/* Decisions of @kind, with or without a signature, that hit or miss. */
static struct result bench_case(const struct kvmexc_set *set, const struct bench_file *f,
				struct query *qs, int kind, int sig, int hit)
{
	u32 q;

	for (q = 0; q < QUERIES; q++) {
		/* exception i has kind i % 3 and a signature when (i / 3) % 2 */
		u32 i = (rnd() % (f->n / 6)) * 6 + sig * 3 + kind;

		make_query(&qs[q], f, kind, i, hit);
	}
	return best_run(set, qs, hit ? KVMEXC_ACTION_ALLOW : KVMEXC_ACTION_DENY);
}

/*
 * bench_match --sweep FILE: median ns of a kernel decision against the
 * number of exceptions, 10 to 1 000 000, as tab-separated columns for
 * tests/bench/plot_sweep.py.
 */
static int sweep(const char *path, struct query *qs)
{
	static const u32 sizes[] = { 10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000,
				     300000, 1000000 };
	FILE *out = fopen(path, "w");
	size_t si;

	if (!out) {
		perror(path);
		return 1;
	}
	fprintf(out, "exceptions\thit\thit with codeblocks\tmiss\n");
	for (si = 0; si < ARRAY_SIZE(sizes); si++) {
		struct result hit, hit_cb, miss;
		struct bench_file f;
		struct kvmexc_set *set;
		double load;

		set = build_set(&f, sizes[si], &load);
		hit = bench_case(set, &f, qs, 0, 0, 1);
		hit_cb = bench_case(set, &f, qs, 0, 1, 1);
		miss = bench_case(set, &f, qs, 0, 0, 0);
		fprintf(out, "%u\t%.1f\t%.1f\t%.1f\n", f.n, hit.median, hit_cb.median, miss.median);
		free_set(set, &f);
	}
	return fclose(out) ? 1 : 0;
}

static void tables(struct query *qs)
{
	static const u32 sizes[] = { 1000, 100000, 1000000 };
	static const char *const kinds[] = { "kernel", "user", "kernel-user" };
	size_t si;

	printf("%-9s %-12s %-5s %-4s %9s %9s %12s\n", "set", "kind", "sig", "case",
	       "median ns", "p99 ns", "decisions/s");
	for (si = 0; si < ARRAY_SIZE(sizes); si++) {
		struct kvmexc_set_stats st;
		struct bench_file f;
		struct kvmexc_set *set;
		double load;
		int kind, sig, hit;

		set = build_set(&f, sizes[si], &load);
		kvmexc_set_stats(set, &st);
		for (kind = 0; kind < 3; kind++)
			for (sig = 0; sig < 2; sig++)
				for (hit = 1; hit >= 0; hit--) {
					struct result r = bench_case(set, &f, qs, kind, sig, hit);

					printf("%-9u %-12s %-5s %-4s %9.1f %9.1f %12.0f\n", f.n, kinds[kind],
					       sig ? "cb" : "none", hit ? "hit" : "miss", r.median, r.p99,
					       r.per_sec);
				}
		printf("%-9u parse+index %.1f ms, file %zu bytes, set %zu bytes (%.1f bytes per exception)\n\n",
		       f.n, load / 1e6, f.len, st.bytes, (double)st.bytes / f.n);
		free_set(set, &f);
	}
}

int main(int argc, char **argv)
{
	struct query *qs = malloc(QUERIES * sizeof(*qs));
	int ret = 0;

	if (argc == 3 && !strcmp(argv[1], "--sweep"))
		ret = sweep(argv[2], qs);
	else
		tables(qs);
	free(qs);
	return ret;
}
