// SPDX-License-Identifier: GPL-2.0
/*
 * The module comes and goes while clients hold state in it: rmmod while a
 * transfer is half done or a listener is subscribed, then insmod again. Any
 * leak or use after free shows in the guest kernel log, which fails the run.
 */
#include <stdlib.h>

#include "kselftest_harness.h"
#include "kvmexc_genl.h"

static int reload_module(void)
{
	return system("rmmod kvmexc && insmod ./kvmexc.ko") ? -1 : 0;
}

TEST(fresh_module_has_nothing_loaded)
{
	struct kgenl_status st;
	struct kgenl g;

	ASSERT_EQ(0, reload_module());
	ASSERT_EQ(0, kgenl_open(&g));
	ASSERT_EQ(0, kgenl_status(&g, &st));
	EXPECT_EQ(0, st.loaded);
	EXPECT_EQ(0, st.alert_exceptions);
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

TEST_HARNESS_MAIN
