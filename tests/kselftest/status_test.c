// SPDX-License-Identifier: GPL-2.0
/*
 * GET_STATUS over generic netlink: the reply, the strict policy and the
 * admin permission.
 */
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "kvmexc_genl.h"

struct status_reply {
	char version[64];
	int loaded;
	int unknown;
};

static int status_attr(const struct nlattr *attr, void *data)
{
	struct status_reply *st = data;

	switch (mnl_attr_get_type(attr)) {
	case KVMEXC_A_STATUS_MODULE_VERSION:
		snprintf(st->version, sizeof(st->version), "%s",
			 mnl_attr_get_str(attr));
		break;
	case KVMEXC_A_STATUS_LOADED:
		st->loaded = mnl_attr_get_u8(attr);
		break;
	default:
		if (mnl_attr_get_type(attr) > KVMEXC_A_STATUS_MAX)
			st->unknown++;
	}
	return MNL_CB_OK;
}

static int status_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, GENL_HDRLEN, status_attr, data);
}

FIXTURE(genl) {
	struct kgenl g;
};

FIXTURE_SETUP(genl)
{
	ASSERT_EQ(0, kgenl_open(&self->g));
}

FIXTURE_TEARDOWN(genl)
{
	kgenl_close(&self->g);
}

TEST_F(genl, get_status_round_trip)
{
	struct status_reply st = { .loaded = -1 };
	struct nlmsghdr *nlh;

	nlh = kgenl_msg(&self->g, self->g.family, KVMEXC_CMD_GET_STATUS, 0);
	ASSERT_EQ(0, kgenl_transact(&self->g, nlh, status_cb, &st));
	EXPECT_STREQ(KVMEXC_VERSION, st.version);
	EXPECT_TRUE(st.loaded == 0 || st.loaded == 1);
	EXPECT_EQ(0, st.unknown);
}

TEST_F(genl, get_status_rejects_attributes)
{
	struct nlmsghdr *nlh;

	nlh = kgenl_msg(&self->g, self->g.family, KVMEXC_CMD_GET_STATUS, 0);
	mnl_attr_put_u8(nlh, KVMEXC_A_STATUS_LOADED, 1);
	EXPECT_EQ(-EINVAL, kgenl_transact(&self->g, nlh, NULL, NULL));
	EXPECT_STREQ("attribute is only sent in replies", self->g.extack);
}

TEST_F(genl, unknown_attribute_rejected)
{
	struct nlmsghdr *nlh;

	nlh = kgenl_msg(&self->g, self->g.family, KVMEXC_CMD_GET_STATUS, 0);
	mnl_attr_put_u32(nlh, KVMEXC_A_STATUS_MAX + 1, 7);
	EXPECT_EQ(-EINVAL, kgenl_transact(&self->g, nlh, NULL, NULL));
	EXPECT_STREQ("Unknown attribute type", self->g.extack);
}

TEST_F(genl, unknown_command_rejected)
{
	struct nlmsghdr *nlh;

	nlh = kgenl_msg(&self->g, self->g.family, KVMEXC_CMD_MAX + 1, 0);
	EXPECT_EQ(-EOPNOTSUPP, kgenl_transact(&self->g, nlh, NULL, NULL));
}

/* Without CAP_NET_ADMIN every command is refused. */
TEST(unprivileged_get_status_eperm)
{
	pid_t pid;
	int status;

	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct kgenl g;
		struct nlmsghdr *nlh;

		if (kgenl_open(&g) || setgid(65534) || setuid(65534))
			_exit(2);
		nlh = kgenl_msg(&g, g.family, KVMEXC_CMD_GET_STATUS, 0);
		_exit(kgenl_transact(&g, nlh, NULL, NULL) == -EPERM ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
