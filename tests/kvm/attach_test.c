// SPDX-License-Identifier: GPL-2.0
/*
 * Attached guests come and go while a vCPU writes to protected memory in a
 * loop: DETACH, the close of the attaching socket, rmmod, the exit of the
 * VM's process, and reloads of the exception file. Any use after free or
 * leaked reference shows in the guest kernel log, which fails the run.
 */
#include <sys/wait.h>

#include "writer.h"
/* The selftest library's own ASSERT_EQ gives way to the harness's. */
#undef ASSERT_EQ
#include "kselftest_harness.h"

TEST(detach_while_writing)
{
	struct writer w;
	struct kgenl g;
	uint32_t id;

	writer_start(&w);
	ASSERT_EQ(0, kgenl_open(&g));
	ASSERT_EQ(0, load_denying_file(&g));
	ASSERT_EQ(0, attach_writer(&g, &w, false, &id)) TH_LOG("%s", g.extack);
	writer_go(&w);
	EXPECT_EQ(0, gnl_detach(&g, id));
	EXPECT_EQ(-ENOENT, gnl_detach(&g, id));
	writer_stop(&w);
	EXPECT_EQ(0, gnl_guests(&g));
	kgenl_close(&g);
}

TEST(socket_close_while_writing)
{
	struct kgenl g, other;
	struct writer w;
	uint32_t id;

	writer_start(&w);
	ASSERT_EQ(0, kgenl_open(&g));
	ASSERT_EQ(0, kgenl_open(&other));
	ASSERT_EQ(0, attach_writer(&g, &w, false, &id));
	writer_go(&w);
	kgenl_close(&g);
	/* The release runs as the socket goes; give it a moment. */
	usleep(100 * 1000);
	EXPECT_EQ(0, gnl_guests(&other));
	writer_stop(&w);
	kgenl_close(&other);
}

TEST(persistent_guest_outlives_its_socket)
{
	struct kgenl g, other;
	struct writer w;
	uint32_t id;

	writer_start(&w);
	ASSERT_EQ(0, kgenl_open(&g));
	ASSERT_EQ(0, kgenl_open(&other));
	ASSERT_EQ(0, attach_writer(&g, &w, true, &id));
	kgenl_close(&g);
	usleep(100 * 1000);
	EXPECT_EQ(1, gnl_guests(&other));
	EXPECT_EQ(0, gnl_detach(&other, id));
	writer_stop(&w);
	kgenl_close(&other);
}

TEST(reload_while_writing)
{
	struct writer w;
	struct kgenl g;
	uint32_t id;
	int i;

	writer_start(&w);
	ASSERT_EQ(0, kgenl_open(&g));
	ASSERT_EQ(0, attach_writer(&g, &w, false, &id));
	writer_go(&w);
	for (i = 0; i < 20; i++)
		ASSERT_EQ(0, load_denying_file(&g)) TH_LOG("%s", g.extack);
	writer_stop(&w);
	kgenl_close(&g);
}

/* The VM's process exits while attached: its mm goes, the guest with it. */
TEST(vmm_exit_detaches)
{
	struct kgenl g;
	int status, i;
	pid_t pid;

	ASSERT_EQ(0, kgenl_open(&g));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct kgenl mine;
		struct writer w;
		uint32_t id;

		writer_start(&w);
		if (kgenl_open(&mine) || attach_writer(&mine, &w, true, &id))
			_exit(1);
		writer_go(&w);
		_exit(0);	/* with the vCPU still writing */
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));
	for (i = 0; i < 50 && gnl_guests(&g) != 0; i++)
		usleep(100 * 1000);
	EXPECT_EQ(0, gnl_guests(&g));
	kgenl_close(&g);
}

TEST(rmmod_while_writing)
{
	struct writer w;
	struct kgenl g;
	uint32_t id;

	writer_start(&w);
	ASSERT_EQ(0, kgenl_open(&g));
	ASSERT_EQ(0, attach_writer(&g, &w, true, &id));
	writer_go(&w);
	kgenl_close(&g);
	EXPECT_EQ(0, system("rmmod kvmexc"));
	writer_stop(&w);
	EXPECT_EQ(0, system("insmod ./kvmexc.ko"));
}

/* Both guests write their zones, cleared first, for a while. */
static void write_both(struct writer *a, struct writer *b, uint64_t **za, uint64_t **zb)
{
	*za = addr_gpa2hva(a->vm, ZONE_GPA);
	*zb = addr_gpa2hva(b->vm, ZONE_GPA);
	**za = 0;
	**zb = 0;
	writer_go(a);
	writer_go(b);
	writer_halt(a);
	writer_halt(b);
}

TEST(two_guests_keep_their_own_maps)
{
	struct writer a, b;
	struct kgenl g;
	uint32_t ida, idb;
	uint64_t *za, *zb;

	writer_start(&a);
	writer_start(&b);
	ASSERT_EQ(0, kgenl_open(&g));
	ASSERT_EQ(0, load_denying_file(&g));
	ASSERT_EQ(0, attach_writer(&g, &a, false, &ida));
	/* Guest b protects nothing: its writes are never decided. */
	ASSERT_EQ(0, gnl_attach(&g, b.vm->fd, KVMEXC_POLICY_LOG_ONLY, false, &idb));
	EXPECT_NE(ida, idb);
	EXPECT_EQ(2, gnl_guests(&g));
	write_both(&a, &b, &za, &zb);
	EXPECT_EQ(0, *za) TH_LOG("guest a's writes are denied and undone");
	EXPECT_NE(0, *zb) TH_LOG("guest b's writes stay");
	kvm_vm_free(a.vm);
	kvm_vm_free(b.vm);
	kgenl_close(&g);
}

/* An exception added from one guest's alert allows that guest's writes only. */
TEST(added_exception_of_one_guest)
{
	struct kgenl_status st;
	struct writer a, b;
	uint32_t ida, idb, size;
	struct kgenl g;
	uint64_t *za, *zb;
	char want[64];
	void *allow;

	writer_start(&a);
	writer_start(&b);
	ASSERT_EQ(0, kgenl_open(&g));
	ASSERT_EQ(0, load_denying_file(&g));
	ASSERT_EQ(0, attach_writer(&g, &a, false, &ida));
	ASSERT_EQ(0, attach_writer(&g, &b, false, &idb));
	allow = helper_file_allowing(helper_km_originator("testmod"),
				     helper_km_victim("victim"), 3, &size);
	snprintf(want, sizeof(want), "GUEST: no guest %u attached", idb + 100);
	EXPECT_EQ(-ENOENT, gnl_add(&g, idb + 100, 7, allow, size));
	EXPECT_STREQ(want, g.extack);
	ASSERT_EQ(0, gnl_add(&g, ida, 7, allow, size)) TH_LOG("%s", g.extack);
	write_both(&a, &b, &za, &zb);
	EXPECT_NE(0, *za) TH_LOG("guest a's writes are allowed by its added exception");
	EXPECT_EQ(0, *zb) TH_LOG("guest b's writes are still denied");

	/* flushing b's (it has none) keeps a's; a's go with a */
	EXPECT_EQ(0, gnl_flush(&g, idb));
	ASSERT_EQ(0, kgenl_status(&g, &st));
	EXPECT_EQ(1, st.added_exceptions);
	ASSERT_EQ(0, gnl_detach(&g, ida));
	ASSERT_EQ(0, kgenl_status(&g, &st));
	EXPECT_EQ(0, st.added_exceptions);
	/* b's own go with a flush of b; one for every guest stays */
	ASSERT_EQ(0, gnl_add(&g, idb, 8, allow, size)) TH_LOG("%s", g.extack);
	ASSERT_EQ(0, gnl_add(&g, 0, 9, allow, size)) TH_LOG("%s", g.extack);
	EXPECT_EQ(0, gnl_flush(&g, idb));
	ASSERT_EQ(0, kgenl_status(&g, &st));
	EXPECT_EQ(1, st.added_exceptions);
	EXPECT_EQ(0, gnl_flush(&g, 0));
	free(allow);
	kvm_vm_free(a.vm);
	kvm_vm_free(b.vm);
	kgenl_close(&g);
}

/*
 * A guest writing a denied value in a loop: every write is decided and
 * undone, but alerts are rate-limited and counted as dropped, and the
 * module keeps answering.
 */
TEST(alert_storm_is_rate_limited)
{
	struct timespec start, end;
	struct gnl_counters c;
	struct kgenl_status st;
	struct writer w;
	struct kgenl g;
	uint64_t bound;
	uint32_t id;
	int i;

	writer_start(&w);
	ASSERT_EQ(0, kgenl_open(&g));
	ASSERT_EQ(0, load_denying_file(&g));
	ASSERT_EQ(0, attach_writer(&g, &w, false, &id));
	clock_gettime(CLOCK_MONOTONIC, &start);
	writer_go(&w);
	for (i = 0; i < 20; i++) {
		ASSERT_EQ(0, kgenl_status(&g, &st));
		usleep(100 * 1000);
	}
	writer_halt(&w);
	clock_gettime(CLOCK_MONOTONIC, &end);
	ASSERT_EQ(0, gnl_counters(&g, &c));
	/* The burst of 400, then 200 a second for as long as the guest wrote. */
	bound = 400 + 200 * (uint64_t)(end.tv_sec - start.tv_sec + 2);
	TH_LOG("%llu decisions, %llu denied, %llu alerts sent, %llu dropped",
	       (unsigned long long)c.decisions, (unsigned long long)c.denied,
	       (unsigned long long)c.alerts, (unsigned long long)c.dropped);
	EXPECT_EQ(c.decisions, c.denied);
	EXPECT_LT(500, c.decisions) TH_LOG("the guest did not write in a loop");
	EXPECT_GE(bound, c.alerts);
	EXPECT_LT(0, c.dropped);
	EXPECT_EQ(c.decisions, c.alerts + c.dropped);
	kvm_vm_free(w.vm);
	kgenl_close(&g);
}

TEST_HARNESS_MAIN
