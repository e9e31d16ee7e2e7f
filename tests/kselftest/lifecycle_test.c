// SPDX-License-Identifier: GPL-2.0
/*
 * The module comes and goes while clients hold state in it: rmmod while a
 * transfer is half done or a listener is subscribed, then insmod again. Any
 * leak or use after free shows in the guest kernel log, which fails the run.
 */
#include <stdlib.h>

#include "kselftest_harness.h"
#include "kvmexc_genl.h"
#include "rec.h"

static int reload_module(void)
{
	/* rmmod may race the release of a socket closed just before. */
	return system("for i in 1 2 3 4 5; do rmmod kvmexc 2>/dev/null && break; sleep 0.2; done; "
		      "! grep -q '^kvmexc ' /proc/modules && insmod ./kvmexc.ko") ? -1 : 0;
}

TEST(fresh_module_has_nothing_loaded)
{
	struct kgenl_status st;
	struct kgenl g;

	ASSERT_EQ(0, reload_module());
	ASSERT_EQ(0, kgenl_open(&g));
	ASSERT_EQ(0, kgenl_status(&g, &st));
	EXPECT_EQ(0, st.loaded);
	EXPECT_EQ(0, st.added_exceptions);
	EXPECT_EQ(0, st.decisions);
	kgenl_close(&g);
}

TEST(rmmod_during_upload)
{
	struct kgenl g;
	__u32 id;

	ASSERT_EQ(0, kgenl_open(&g));
	ASSERT_EQ(0, kgenl_load_begin(&g, 4 << 20, &id));
	ASSERT_EQ(0, kgenl_load_chunk(&g, id, 0, "EXNA", 4));
	ASSERT_EQ(0, reload_module());
	/* The old family is gone with its transfer; the new one knows neither. */
	EXPECT_NE(0, kgenl_load_commit(&g, id));
	kgenl_close(&g);
	ASSERT_EQ(0, kgenl_open(&g));
	EXPECT_EQ(0, kgenl_load_begin(&g, 100, &id));
	kgenl_close(&g);
}

TEST(rmmod_with_listener)
{
	struct kgenl g;
	int group;

	ASSERT_EQ(0, kgenl_open(&g));
	group = kgenl_mcast_group(&g, KVMEXC_MCGRP_ALERTS);
	ASSERT_LT(0, group);
	ASSERT_EQ(0, mnl_socket_setsockopt(g.sock, NETLINK_ADD_MEMBERSHIP,
					   &group, sizeof(group)));
	ASSERT_EQ(0, reload_module());
	kgenl_close(&g);
	ASSERT_EQ(0, kgenl_open(&g));
	kgenl_close(&g);
}

/* A dump in progress pins the module; closing its socket releases it. */
TEST(rmmod_during_dump)
{
	struct nlmsghdr *nlh;
	struct rec_buf b;
	struct kgenl g;
	char buf[4096];
	int i;

	ASSERT_EQ(0, kgenl_open(&g));
	rb_init(&b);
	for (i = 0; i < 3000; i++)
		rb_exc(&b, KVMEXC_REC_KERNEL, 0x100 + i, 0, 0, 0x20000006, 4, 0, NULL);
	rb_finish(&b);
	ASSERT_EQ(0, kgenl_load(&g, b.data, b.len));
	free(b.data);

	nlh = kgenl_msg(&g, g.family, KVMEXC_CMD_LIST, NLM_F_DUMP);
	ASSERT_LT(0, mnl_socket_sendto(g.sock, nlh, nlh->nlmsg_len));
	ASSERT_LT(0, recv(mnl_socket_get_fd(g.sock), buf, sizeof(buf), 0));
	EXPECT_NE(0, system("rmmod kvmexc 2>/dev/null"));
	kgenl_close(&g);
	EXPECT_EQ(0, reload_module());
	ASSERT_EQ(0, kgenl_open(&g));
	kgenl_close(&g);
}

TEST_HARNESS_MAIN
