// SPDX-License-Identifier: GPL-2.0
/*
 * Stress, while a KVM selftest guest writes to protected memory in a loop:
 * reloads alternating valid and invalid exception files against two
 * threads running EVAL; exceptions added, removed and flushed against
 * reloads; a listener of "alerts" that stops reading. The status counters
 * must add up to what the threads and the guest saw, and the module's
 * memory must come back to its baseline once all is flushed and detached.
 *
 * STRESS_LOADS (default 10000) bounds the reloads, STRESS_SECONDS (default
 * 30, at most STRESS_MAX_SECONDS) how long each race runs.
 */
#include <dirent.h>
#include <limits.h>
#include <poll.h>

#include "writer.h"
/* The selftest library's own ASSERT_EQ gives way to the harness's. */
#undef ASSERT_EQ
#include "kselftest_harness.h"

#define STRESS_MAX_SECONDS	600
/* The harness's limit per test: the longest race and the checks after it. */
#define STRESS_TIMEOUT		(STRESS_MAX_SECONDS + 300)
#define EVALUATORS		2
#define CONTEXTS		8

static long stress_env(const char *name, long def, long max)
{
	const char *s = getenv(name);
	long v = s ? strtol(s, NULL, 10) : def;

	return v <= 0 ? def : v < max ? v : max;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* A valid file whose exception allows writes by @originator to "victim". */
static int load_allowing(struct kgenl *g, const char *originator, uint32_t build)
{
	uint32_t size;
	void *file = helper_file_allowing(helper_km_originator(originator),
					  helper_km_victim("victim"), build, &size);
	int ret = kgenl_load(g, file, size);

	free(file);
	return ret;
}

static int load_invalid(struct kgenl *g, unsigned int kind)
{
	uint32_t size;
	void *file = helper_file_invalid(kind, &size);
	int ret = kgenl_load(g, file, size);

	free(file);
	return ret;
}

static int add_allowing(struct kgenl *g, uint64_t context, const char *originator)
{
	uint32_t size;
	void *records = helper_added_allowing(helper_km_originator(originator),
					      helper_km_victim("victim"), &size);
	int ret = kgenl_add(g, context, records, size);

	free(records);
	return ret;
}

/* A thread deciding the guest's kind of write with EVAL until stopped. */
struct evaluator {
	pthread_t thread;
	struct helper_evaluator *e;
	int *stop;
	long allowed, denied, failed;
	int error;
};

static void *evaluator_loop(void *arg)
{
	struct evaluator *ev = arg;

	while (!READ_ONCE(*ev->stop)) {
		int ret = helper_evaluate(ev->e);

		if (ret < 0) {
			ev->failed++;
			ev->error = ret;
		} else if (ret == KVMEXC_ACTION_ALLOW) {
			ev->allowed++;
		} else {
			ev->denied++;
		}
	}
	return NULL;
}

static int evaluators_start(struct evaluator *ev, int *stop, const char *originator)
{
	int i;

	memset(ev, 0, EVALUATORS * sizeof(*ev));
	for (i = 0; i < EVALUATORS; i++) {
		ev[i].stop = stop;
		ev[i].e = helper_evaluator_new(helper_km_originator(originator),
					       helper_km_victim("victim"));
		if (!ev[i].e || pthread_create(&ev[i].thread, NULL, evaluator_loop, &ev[i]))
			return -1;
	}
	return 0;
}

/* Stops the evaluators; their decisions summed into @sum. */
static void evaluators_join(struct evaluator *ev, int *stop, struct evaluator *sum)
{
	int i;

	WRITE_ONCE(*stop, 1);
	memset(sum, 0, sizeof(*sum));
	for (i = 0; i < EVALUATORS; i++) {
		pthread_join(ev[i].thread, NULL);
		helper_evaluator_free(ev[i].e);
		sum->allowed += ev[i].allowed;
		sum->denied += ev[i].denied;
		sum->failed += ev[i].failed;
		sum->error = sum->error ?: ev[i].error;
	}
}

/* The guest's counters, once every alert it raised was sent or dropped. */
static int guest_settled(struct kgenl *g, struct gnl_counters *c)
{
	int i, ret = 0;

	for (i = 0; i < 50 && !ret; i++) {
		ret = gnl_counters(g, c);
		if (c->alerts + c->dropped >= c->denied)
			break;
		usleep(100 * 1000);
	}
	return ret;
}

/* Counters only grow, also while others decide. */
static void expect_monotonic(struct __test_metadata *_metadata,
			     const struct kgenl_status *a, const struct kgenl_status *b)
{
	EXPECT_LE(a->decisions, b->decisions);
	EXPECT_LE(a->allowed, b->allowed);
	EXPECT_LE(a->denied, b->denied);
	EXPECT_LE(a->feedback, b->feedback);
}

/* Every decision of the run is one of the evaluators' or one of the guest's. */
static void expect_counters_add_up(struct __test_metadata *_metadata,
				   const struct kgenl_status *before,
				   const struct kgenl_status *after,
				   const struct evaluator *evals, const struct gnl_counters *guest)
{
	uint64_t decisions = after->decisions - before->decisions;
	uint64_t denied = after->denied - before->denied;

	TH_LOG("%llu decisions: EVAL %ld allowed, %ld denied; guest %llu, %llu denied, "
	       "%llu alerts sent, %llu dropped", (unsigned long long)decisions,
	       evals->allowed, evals->denied,
	       (unsigned long long)guest->decisions, (unsigned long long)guest->denied,
	       (unsigned long long)guest->alerts, (unsigned long long)guest->dropped);
	EXPECT_EQ(0, evals->failed) TH_LOG("EVAL failed with %d", evals->error);
	EXPECT_LT(0, evals->allowed + evals->denied);
	EXPECT_LT(0, guest->decisions) TH_LOG("the guest did not write");
	EXPECT_EQ(evals->allowed + evals->denied + guest->decisions, decisions);
	EXPECT_EQ(decisions, after->allowed - before->allowed + denied +
		  after->feedback - before->feedback);
	EXPECT_EQ(evals->denied + guest->denied, denied);
	/* Denials are reported, allowed writes are not. */
	EXPECT_EQ(guest->denied, guest->alerts + guest->dropped);
}

FIXTURE(stress) {
	struct kgenl g;
	struct writer w;
	uint32_t guest;
	struct kgenl_status before;
	uint64_t *zone;
	double end;
	int stop;
};

/* The guest writes as "testmod"; the file in force allows "evalmod". */
FIXTURE_SETUP(stress)
{
	ASSERT_EQ(0, kgenl_open(&self->g));
	ASSERT_EQ(0, kgenl_flush(&self->g));
	ASSERT_EQ(0, load_allowing(&self->g, "evalmod", 1)) TH_LOG("%s", self->g.extack);
	writer_start(&self->w);
	self->zone = addr_gpa2hva(self->w.vm, ZONE_GPA);
	ASSERT_EQ(0, attach_writer(&self->g, &self->w, false, &self->guest))
		TH_LOG("%s", self->g.extack);
	ASSERT_EQ(0, kgenl_status(&self->g, &self->before));
	self->end = now() + stress_env("STRESS_SECONDS", 30, STRESS_MAX_SECONDS);
}

FIXTURE_TEARDOWN(stress)
{
	kvm_vm_free(self->w.vm);
	kgenl_close(&self->g);
}

/*
 * Valid files all allow EVAL's originator, so every EVAL allows; invalid
 * ones change nothing. The guest's writes are all denied and undone.
 */
TEST_F_TIMEOUT(stress, reloads_race_evals_and_a_writing_guest, STRESS_TIMEOUT)
{
	long i, loads = stress_env("STRESS_LOADS", 10000, LONG_MAX);
	struct kgenl_status prev = self->before, st;
	struct evaluator ev[EVALUATORS], evals;
	struct gnl_counters guest;
	uint32_t build = 1;

	ASSERT_EQ(0, evaluators_start(ev, &self->stop, "evalmod"));
	writer_go(&self->w);
	for (i = 0; i < loads && now() < self->end; i++) {
		if (i % 2) {
			EXPECT_GT(0, load_invalid(&self->g, i / 2 % HELPER_INVALID_KINDS));
			EXPECT_NE(0, self->g.extack[0]) TH_LOG("no reason given");
		} else {
			build = 1000 + i;
			ASSERT_EQ(0, load_allowing(&self->g, "evalmod", build))
				TH_LOG("%s", self->g.extack);
		}
		if (i % 64 == 63) {
			ASSERT_EQ(0, kgenl_status(&self->g, &st));
			EXPECT_EQ(build, st.build) TH_LOG("an invalid file replaced a valid one");
			expect_monotonic(_metadata, &prev, &st);
			prev = st;
		}
	}
	TH_LOG("%ld loads of %ld", i, loads);
	evaluators_join(ev, &self->stop, &evals);
	writer_halt(&self->w);
	ASSERT_EQ(0, guest_settled(&self->g, &guest));
	ASSERT_EQ(0, kgenl_status(&self->g, &st));
	EXPECT_EQ(build, st.build);
	EXPECT_EQ(0, evals.denied);
	EXPECT_EQ(guest.decisions, guest.denied);
	EXPECT_EQ(0, *self->zone) TH_LOG("a denied write stayed");
	expect_counters_add_up(_metadata, &self->before, &st, &evals, &guest);
}

/* Loads files on a socket of its own, valid and invalid in turn, until stopped. */
struct reloader {
	pthread_t thread;
	int *stop;
	long loads, wrong;
};

static void *reloader_loop(void *arg)
{
	struct reloader *r = arg;
	struct kgenl g;

	if (kgenl_open(&g)) {
		r->wrong++;
		return NULL;
	}
	for (; !READ_ONCE(*r->stop); r->loads++) {
		if (r->loads % 2)
			r->wrong += !load_invalid(&g, r->loads / 2 % HELPER_INVALID_KINDS);
		else
			r->wrong += !!load_allowing(&g, "evalmod", 2000 + r->loads);
	}
	kgenl_close(&g);
	return NULL;
}

/* One ADD, REMOVE or FLUSH of the @i-th step; false when it failed unexpectedly. */
static bool added_step(struct kgenl *g, long i, long *since_flush)
{
	int ret;

	if (i % 97 == 96) {
		*since_flush = 0;
		return !kgenl_flush(g);
	}
	if (i % 3 == 2) {
		ret = kgenl_remove(g, i * 5 % CONTEXTS + 1);
		return !ret || ret == -ENOENT;
	}
	(*since_flush)++;
	return !add_allowing(g, i % CONTEXTS + 1, "testmod");
}

/*
 * Added exceptions allow the guest's and EVAL's writes while they are in
 * force, so both are allowed and denied in turn; reloads never touch them.
 */
TEST_F_TIMEOUT(stress, added_exceptions_race_reloads, STRESS_TIMEOUT)
{
	long i, since_flush = 0, steps = stress_env("STRESS_LOADS", 10000, LONG_MAX);
	struct kgenl_status prev = self->before, st;
	struct evaluator ev[EVALUATORS], evals;
	struct reloader r = { .stop = &self->stop };
	struct gnl_counters guest;

	ASSERT_EQ(0, evaluators_start(ev, &self->stop, "testmod"));
	ASSERT_EQ(0, pthread_create(&r.thread, NULL, reloader_loop, &r));
	writer_go(&self->w);
	for (i = 0; i < steps && now() < self->end; i++) {
		EXPECT_TRUE(added_step(&self->g, i, &since_flush))
			TH_LOG("step %ld: %s", i, self->g.extack);
		if (i % 64 == 63) {
			ASSERT_EQ(0, kgenl_status(&self->g, &st));
			EXPECT_GE(since_flush, st.added_exceptions);
			expect_monotonic(_metadata, &prev, &st);
			prev = st;
		}
	}
	TH_LOG("%ld added-exception steps, %ld loads", i, r.loads);
	evaluators_join(ev, &self->stop, &evals);
	pthread_join(r.thread, NULL);
	writer_halt(&self->w);
	EXPECT_EQ(0, r.wrong) TH_LOG("a valid file failed to load or an invalid one loaded");
	ASSERT_EQ(0, kgenl_flush(&self->g));
	ASSERT_EQ(0, guest_settled(&self->g, &guest));
	ASSERT_EQ(0, kgenl_status(&self->g, &st));
	EXPECT_EQ(0, st.added_exceptions);
	EXPECT_EQ(self->before.memory, st.memory)
		TH_LOG("the flushed added exceptions are still counted");
	expect_counters_add_up(_metadata, &self->before, &st, &evals, &guest);
}

/* A listener of "alerts" whose socket buffer is full and never read. */
static int stuck_listener(struct kgenl *g)
{
	struct mnl_socket *listener = mnl_socket_open(NETLINK_GENERIC);
	int group = kgenl_mcast_group(g, KVMEXC_MCGRP_ALERTS);
	int small = 1;

	if (!listener || mnl_socket_bind(listener, 0, MNL_SOCKET_AUTOPID) ||
	    setsockopt(mnl_socket_get_fd(listener), SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)) ||
	    mnl_socket_setsockopt(listener, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)))
		return -1;
	return dup(mnl_socket_get_fd(listener));
}

/* Its decisions go on while the alerts they raise find no room. */
TEST_F_TIMEOUT(stress, full_listener_does_not_block_decisions, STRESS_TIMEOUT)
{
	struct gnl_counters first, second;
	struct kgenl_status st;
	double start;
	char byte;
	int fd;

	ASSERT_EQ(0, load_allowing(&self->g, "evalmod", 3));
	fd = stuck_listener(&self->g);
	ASSERT_LE(0, fd);
	writer_go(&self->w);
	ASSERT_EQ(0, gnl_counters(&self->g, &first));
	sleep(2);
	start = now();
	ASSERT_EQ(0, kgenl_status(&self->g, &st));
	EXPECT_GT(1.0, now() - start) TH_LOG("GET_STATUS took %.1f s", now() - start);
	ASSERT_EQ(0, gnl_counters(&self->g, &second));
	writer_halt(&self->w);
	TH_LOG("%llu decisions in 2 s, %llu alerts sent, %llu dropped",
	       (unsigned long long)(second.decisions - first.decisions),
	       (unsigned long long)second.alerts, (unsigned long long)second.dropped);
	EXPECT_LT(first.decisions, second.decisions);
	EXPECT_LT(first.alerts + first.dropped, second.alerts + second.dropped);
	EXPECT_EQ(0, *self->zone) TH_LOG("a denied write stayed");
	/* The listener did overflow: netlink reports it on the next read. */
	EXPECT_EQ(-1, recv(fd, &byte, 1, MSG_DONTWAIT));
	EXPECT_EQ(ENOBUFS, errno);
	close(fd);
}

/* Bytes in use in the kmalloc caches, per-CPU slabs flushed first. */
static long kmalloc_bytes(void)
{
	long active, objsize, total = 0;
	char line[512], name[64], path[PATH_MAX];
	struct dirent *d;
	DIR *dir = opendir("/sys/kernel/slab");
	FILE *f;

	for (d = dir ? readdir(dir) : NULL; d; d = readdir(dir)) {
		if (strncmp(d->d_name, "kmalloc-", 8))
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/slab/%s/shrink", d->d_name);
		f = fopen(path, "w");
		if (f) {
			fputs("1", f);
			fclose(f);
		}
	}
	if (dir)
		closedir(dir);
	f = fopen("/proc/slabinfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %ld %*d %ld", name, &active, &objsize) == 3 &&
		    !strncmp(name, "kmalloc-", 8))
			total += active * objsize;
	fclose(f);
	return total;
}

/*
 * A guest written to while attached and detached 8 times, a file loaded and
 * one refused, an exception added and one removed each time; the
 * added exceptions flushed.
 */
static void lifecycle(struct __test_metadata *_metadata, struct kgenl *g)
{
	struct writer w;
	uint32_t id;
	int i;

	writer_start(&w);
	writer_go(&w);
	for (i = 0; i < 8; i++) {
		ASSERT_EQ(0, attach_writer(g, &w, false, &id));
		ASSERT_EQ(0, load_allowing(g, "evalmod", 4 + i));
		ASSERT_GT(0, load_invalid(g, i % HELPER_INVALID_KINDS));
		ASSERT_EQ(0, add_allowing(g, 1, "testmod"));
		ASSERT_EQ(0, add_allowing(g, 2, "testmod"));
		ASSERT_EQ(0, kgenl_remove(g, 2));
		ASSERT_EQ(0, gnl_detach(g, id));
	}
	ASSERT_EQ(0, kgenl_flush(g));
	writer_halt(&w);
	kvm_vm_free(w.vm);
	/* What is freed after a grace period or by a work item is gone then. */
	usleep(500 * 1000);
}

#define LIFECYCLES	24
/*
 * The rest of the kernel moves the kmalloc caches by some 16 KiB either way
 * between two lifecycles, without a trend. Half the lifecycles' mean against
 * the other half's: 12 KiB over 12 lifecycles is a leak of 128 bytes at
 * each attach, or of 64 at each load or addition.
 */
#define SLAB_SLACK	(12 << 10)

TEST_F_TIMEOUT(stress, slab_back_to_baseline_after_flush_and_detach, STRESS_TIMEOUT)
{
	long first = 0, second = 0;
	int i;

	/* Its quarantine keeps what is freed: kmemleak checks that kernel instead. */
	if (!access("/sys/kernel/debug/kmemleak", F_OK))
		SKIP(return, "KASAN kernel: freed objects stay in its quarantine");
	lifecycle(_metadata, &self->g);
	for (i = 0; i < LIFECYCLES; i++) {
		long bytes;

		lifecycle(_metadata, &self->g);
		bytes = kmalloc_bytes();
		ASSERT_LT(0, bytes);
		if (i < LIFECYCLES / 2)
			first += bytes / (LIFECYCLES / 2);
		else
			second += bytes / (LIFECYCLES / 2);
	}
	TH_LOG("kmalloc caches: %ld bytes after the first %d lifecycles, %+ld after the next",
	       first, LIFECYCLES / 2, second - first);
	EXPECT_GT(SLAB_SLACK, second - first);
}

TEST_HARNESS_MAIN
