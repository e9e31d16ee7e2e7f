// SPDX-License-Identifier: GPL-2.0
/*
 * The control plane: LOAD (begin, chunks, commit), ADD, REMOVE and FLUSH,
 * their failures, and the promise that a failure leaves the exceptions in
 * force exactly as they were.
 */
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "kvmexc_genl.h"
#include "rec.h"

#define VECTORS "../shared/vectors/"

static const char *const loadable_vectors[] = {
	"01_kernel", "02_user", "03_user_apc", "04_glob", "05_kernel_user",
	"06_signatures", "07_groups", "08_layout", "10_edge_names",
};

/* A small valid file whose build number tells it apart. */
static u8 *small_file(u32 build, u32 *size)
{
	struct rec_buf b;
	u8 *data;

	rb_init(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL, 0x1234, 0, 0, 0x20000006, 4, 0, NULL);
	rb_exc(&b, KVMEXC_REC_USER, 0x5678, 0, 0, 0x20000006, 3, 0, NULL);
	data = rb_finish(&b);
	((struct kvmexc_file_header *)data)->build = build;
	*size = b.len;
	return data;
}

FIXTURE(ctl) {
	struct kgenl g;
};

FIXTURE_SETUP(ctl)
{
	u32 size;
	u8 *file = small_file(4242, &size);

	ASSERT_EQ(0, kgenl_open(&self->g));
	/* Every test starts from a known file in force. */
	ASSERT_EQ(0, kgenl_load(&self->g, file, size));
	free(file);
}

FIXTURE_TEARDOWN(ctl)
{
	kgenl_close(&self->g);
}

/* The file loaded by the fixture is still the one in force. */
static void assert_unchanged(struct __test_metadata *_metadata, struct kgenl *g)
{
	struct kgenl_status st;

	ASSERT_EQ(0, kgenl_status(g, &st));
	EXPECT_EQ(1, st.loaded);
	EXPECT_EQ(4242, st.build);
	EXPECT_EQ(1, st.kernel);
	EXPECT_EQ(1, st.user);
}

TEST_F(ctl, every_vector_loads)
{
	struct kvmexc_file_header *h;
	struct kgenl_status st;
	char path[128];
	u32 size;
	size_t i;
	u8 *buf;

	for (i = 0; i < sizeof(loadable_vectors) / sizeof(loadable_vectors[0]); i++) {
		snprintf(path, sizeof(path), VECTORS "%s.bin", loadable_vectors[i]);
		buf = kgenl_read_file(path, &size);
		ASSERT_NE(NULL, buf) TH_LOG("cannot read %s", path);
		EXPECT_EQ(0, kgenl_load(&self->g, buf, size))
			TH_LOG("%s: %s", path, self->g.extack);
		ASSERT_EQ(0, kgenl_status(&self->g, &st));
		h = (struct kvmexc_file_header *)buf;
		EXPECT_EQ(h->build, st.build);
		EXPECT_EQ(h->signature_count, st.signatures) TH_LOG("%s", path);
		free(buf);
	}
}

TEST_F(ctl, only_signatures_refused)
{
	u32 size;
	u8 *buf = kgenl_read_file(VECTORS "09_only_signatures.bin", &size);

	ASSERT_NE(NULL, buf);
	EXPECT_EQ(-EINVAL, kgenl_load(&self->g, buf, size));
	EXPECT_NE(0, self->g.extack[0]);
	free(buf);
	assert_unchanged(_metadata, &self->g);
}

/* A file of more than 20 MB goes through in many chunks. */
TEST_F(ctl, large_file)
{
	struct kgenl_status st;
	struct rec_buf b;
	u32 i, n = 1000000;

	rb_init(&b);
	for (i = 0; i < n; i++)
		rb_exc(&b, KVMEXC_REC_KERNEL, 0x100 + i, i, 0, 0x20000006, 4, 0, NULL);
	rb_finish(&b);
	ASSERT_GT(b.len, 20u << 20);
	ASSERT_EQ(0, kgenl_load(&self->g, b.data, b.len)) TH_LOG("%s", self->g.extack);
	ASSERT_EQ(0, kgenl_status(&self->g, &st));
	EXPECT_EQ(n, st.kernel);
	free(b.data);
}

struct bad_file {
	const char *name;
	size_t offset;		/* of the field to overwrite in the header */
	u32 value;
	size_t truncate;	/* bytes cut from the end */
};

static const struct bad_file bad_files[] = {
	{ "bad magic", 0, 0x41414141, 0 },
	{ "version 1.2", 4, 0x00020001, 0 },
	{ "version 3.2", 4, 0x00020003, 0 },
	{ "kernel count that lies", 8, 7, 0 },
	{ "user count that lies", 12, 0, 0 },
	{ "truncated record", 0, 0, 5 },
};

TEST_F(ctl, malformed_files_change_nothing)
{
	u32 size;
	size_t i;

	for (i = 0; i < sizeof(bad_files) / sizeof(bad_files[0]); i++) {
		const struct bad_file *bad = &bad_files[i];
		u8 *file = small_file(1, &size);

		if (bad->truncate)
			size -= bad->truncate;
		else
			memcpy(file + bad->offset, &bad->value, 4);
		EXPECT_GT(0, kgenl_load(&self->g, file, size)) TH_LOG("%s", bad->name);
		EXPECT_NE(0, self->g.extack[0]) TH_LOG("%s: no message", bad->name);
		TH_LOG("%s: %s", bad->name, self->g.extack);
		assert_unchanged(_metadata, &self->g);
		free(file);
	}
}

TEST_F(ctl, chunk_out_of_order)
{
	u32 size, id;
	u8 *file = small_file(1, &size);

	ASSERT_EQ(0, kgenl_load_begin(&self->g, size, &id));
	EXPECT_EQ(-EINVAL, kgenl_load_chunk(&self->g, id, 4, file + 4, size - 4));
	EXPECT_STREQ("chunk out of order: its offset is not the number of bytes received",
		     self->g.extack);
	/* The transfer survives a rejected chunk; a short commit does not. */
	EXPECT_EQ(0, kgenl_load_chunk(&self->g, id, 0, file, 4));
	EXPECT_EQ(-EINVAL, kgenl_load_commit(&self->g, id));
	EXPECT_STREQ("size mismatch: fewer bytes received than LOAD_BEGIN announced",
		     self->g.extack);
	EXPECT_EQ(-ENOENT, kgenl_load_commit(&self->g, id));
	assert_unchanged(_metadata, &self->g);
	free(file);
}

TEST_F(ctl, chunk_past_the_size)
{
	u32 size, id;
	u8 *file = small_file(1, &size);

	ASSERT_EQ(0, kgenl_load_begin(&self->g, size - 1, &id));
	EXPECT_EQ(-EINVAL, kgenl_load_chunk(&self->g, id, 0, file, size));
	EXPECT_STREQ("chunk runs past the size given to LOAD_BEGIN", self->g.extack);
	free(file);
}

TEST_F(ctl, commit_without_begin)
{
	EXPECT_EQ(-ENOENT, kgenl_load_commit(&self->g, 12345));
	EXPECT_STREQ("no transfer with this id on this socket (LOAD_BEGIN first)",
		     self->g.extack);
	assert_unchanged(_metadata, &self->g);
}

TEST_F(ctl, second_begin)
{
	u32 id, id2;

	ASSERT_EQ(0, kgenl_load_begin(&self->g, 100, &id));
	EXPECT_NE(0, id);
	EXPECT_EQ(-EBUSY, kgenl_load_begin(&self->g, 100, &id2));
	EXPECT_STREQ("this socket already has a transfer in progress", self->g.extack);
}

TEST_F(ctl, missing_attribute_named)
{
	struct nlmsghdr *nlh;

	nlh = kgenl_msg(&self->g, self->g.family, KVMEXC_CMD_LOAD_BEGIN, 0);
	EXPECT_EQ(-EINVAL, kgenl_transact(&self->g, nlh, NULL, NULL));
	EXPECT_STREQ("missing attribute SIZE", self->g.extack);
}

TEST_F(ctl, wrongly_typed_attribute)
{
	struct nlmsghdr *nlh;

	nlh = kgenl_msg(&self->g, self->g.family, KVMEXC_CMD_LOAD_BEGIN, 0);
	mnl_attr_put_u16(nlh, KVMEXC_A_LOAD_SIZE, 100);
	EXPECT_EQ(-EINVAL, kgenl_transact(&self->g, nlh, NULL, NULL));
	EXPECT_STREQ("invalid attribute length", self->g.extack);
}

TEST_F(ctl, oversize_file_refused)
{
	u32 id;

	EXPECT_EQ(-EFBIG, kgenl_load_begin(&self->g, 0xFFFFFFF0u, &id));
	EXPECT_STREQ("SIZE exceeds the max_file_size module parameter", self->g.extack);
}

TEST_F(ctl, oversize_chunk_refused)
{
	static u8 big[KVMEXC_LOAD_CHUNK_MAX + 1];
	struct nlmsghdr *nlh;
	u32 id;

	ASSERT_EQ(0, kgenl_load_begin(&self->g, sizeof(big), &id));
	nlh = kgenl_msg(&self->g, self->g.family, KVMEXC_CMD_LOAD_CHUNK, 0);
	mnl_attr_put_u32(nlh, KVMEXC_A_LOAD_TRANSFER_ID, id);
	mnl_attr_put_u32(nlh, KVMEXC_A_LOAD_OFFSET, 0);
	mnl_attr_put(nlh, KVMEXC_A_LOAD_DATA, sizeof(big), big);
	EXPECT_EQ(-ERANGE, kgenl_transact(&self->g, nlh, NULL, NULL));
	EXPECT_STREQ("Attribute failed policy validation", self->g.extack);
}

/* Transfers of closed sockets are freed: the limit of four never fills. */
TEST(closed_sockets_free_their_transfers)
{
	struct kgenl g[4];
	int round, i;
	u32 id;

	for (round = 0; round < 3; round++) {
		for (i = 0; i < 4; i++) {
			ASSERT_EQ(0, kgenl_open(&g[i]));
			ASSERT_EQ(0, kgenl_load_begin(&g[i], 1 << 20, &id))
				TH_LOG("round %d socket %d: %s", round, i, g[i].extack);
		}
		for (i = 0; i < 4; i++)
			kgenl_close(&g[i]);
	}
}

static int add_exception(struct kgenl *g, u64 context, u32 sig_id)
{
	struct rec_buf b;
	int ret;

	rb_init_raw(&b);
	rb_exc(&b, KVMEXC_REC_KERNEL, 0xabcd, 0, 0, 0x20000006, 4,
	       sig_id ? 1 : 0, &sig_id);
	ret = kgenl_add(g, context, b.data, b.len);
	free(b.data);
	return ret;
}

TEST_F(ctl, add_remove_flush)
{
	struct kgenl_status st;

	ASSERT_EQ(0, kgenl_transact(&self->g, kgenl_msg(&self->g, self->g.family,
							KVMEXC_CMD_FLUSH, 0), NULL, NULL));
	ASSERT_EQ(0, add_exception(&self->g, 1, 0)) TH_LOG("%s", self->g.extack);
	ASSERT_EQ(0, add_exception(&self->g, 2, 0));
	ASSERT_EQ(0, kgenl_status(&self->g, &st));
	EXPECT_EQ(2, st.added_exceptions);

	EXPECT_EQ(0, kgenl_remove(&self->g, 1));
	EXPECT_EQ(-ENOENT, kgenl_remove(&self->g, 1));
	EXPECT_NE(0, self->g.extack[0]);
	ASSERT_EQ(0, kgenl_status(&self->g, &st));
	EXPECT_EQ(1, st.added_exceptions);

	/* Added exceptions survive a reload. */
	{
		u32 size;
		u8 *file = small_file(4242, &size);

		ASSERT_EQ(0, kgenl_load(&self->g, file, size));
		free(file);
	}
	ASSERT_EQ(0, kgenl_status(&self->g, &st));
	EXPECT_EQ(1, st.added_exceptions);

	ASSERT_EQ(0, kgenl_transact(&self->g, kgenl_msg(&self->g, self->g.family,
							KVMEXC_CMD_FLUSH, 0), NULL, NULL));
	ASSERT_EQ(0, kgenl_status(&self->g, &st));
	EXPECT_EQ(0, st.added_exceptions);
}

TEST_F(ctl, add_with_missing_signature_refused)
{
	struct kgenl_status st;

	EXPECT_GT(0, add_exception(&self->g, 9, KVMEXC_SIG_ID(KVMEXC_SIG_CODEBLOCKS, 1)));
	EXPECT_NE(0, self->g.extack[0]);
	TH_LOG("%s", self->g.extack);
	ASSERT_EQ(0, kgenl_status(&self->g, &st));
	EXPECT_EQ(0, st.added_exceptions);
	assert_unchanged(_metadata, &self->g);
}

TEST_F(ctl, flush_takes_only_a_guest)
{
	struct nlmsghdr *nlh;

	nlh = kgenl_msg(&self->g, self->g.family, KVMEXC_CMD_FLUSH, 0);
	mnl_attr_put_u64(nlh, KVMEXC_A_ADDED_CONTEXT, 1);
	EXPECT_EQ(-EINVAL, kgenl_transact(&self->g, nlh, NULL, NULL));
	EXPECT_STREQ("FLUSH takes only GUEST", self->g.extack);

	nlh = kgenl_msg(&self->g, self->g.family, KVMEXC_CMD_FLUSH, 0);
	mnl_attr_put_u32(nlh, KVMEXC_A_ADDED_GUEST, 0);
	EXPECT_EQ(-ERANGE, kgenl_transact(&self->g, nlh, NULL, NULL));

	/* a guest that has none (or is not attached) has nothing to flush */
	nlh = kgenl_msg(&self->g, self->g.family, KVMEXC_CMD_FLUSH, 0);
	mnl_attr_put_u32(nlh, KVMEXC_A_ADDED_GUEST, 12345);
	EXPECT_EQ(0, kgenl_transact(&self->g, nlh, NULL, NULL));
}

TEST_F(ctl, remove_takes_only_a_context)
{
	struct nlmsghdr *nlh;

	nlh = kgenl_msg(&self->g, self->g.family, KVMEXC_CMD_REMOVE, 0);
	mnl_attr_put_u64(nlh, KVMEXC_A_ADDED_CONTEXT, 1);
	mnl_attr_put_u32(nlh, KVMEXC_A_ADDED_GUEST, 1);
	EXPECT_EQ(-EINVAL, kgenl_transact(&self->g, nlh, NULL, NULL));
	EXPECT_STREQ("REMOVE takes only CONTEXT", self->g.extack);
}

/* A notification reaches listeners of "alerts" when the set changes. */
TEST_F(ctl, change_notified)
{
	struct mnl_socket *listener;
	char buf[8192];
	int group;
	u32 size;
	u8 *file = small_file(77, &size);
	ssize_t len;

	listener = mnl_socket_open(NETLINK_GENERIC);
	ASSERT_NE(NULL, listener);
	ASSERT_EQ(0, mnl_socket_bind(listener, 0, MNL_SOCKET_AUTOPID));
	group = kgenl_mcast_group(&self->g, KVMEXC_MCGRP_ALERTS);
	ASSERT_LT(0, group);
	ASSERT_EQ(0, mnl_socket_setsockopt(listener, NETLINK_ADD_MEMBERSHIP,
					   &group, sizeof(group)));
	ASSERT_EQ(0, kgenl_load(&self->g, file, size));
	len = recv(mnl_socket_get_fd(listener), buf, sizeof(buf), MSG_DONTWAIT);
	ASSERT_LT(0, len);
	EXPECT_EQ(KVMEXC_CMD_CHANGED,
		  ((struct genlmsghdr *)mnl_nlmsg_get_payload((void *)buf))->cmd);
	mnl_socket_close(listener);
	free(file);
}

struct list_result {
	int file, added;
	u64 last_context;
	int interrupted;
};

static int list_cb(const struct nlmsghdr *nlh, void *data)
{
	struct list_result *r = data;
	const struct nlattr *attr;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		r->interrupted = 1;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) == KVMEXC_A_EXC_SOURCE) {
			if (mnl_attr_get_u8(attr) == KVMEXC_SOURCE_ADDED)
				r->added++;
			else
				r->file++;
		}
		if (mnl_attr_get_type(attr) == KVMEXC_A_EXC_CONTEXT)
			r->last_context = mnl_attr_get_u64(attr);
	}
	return MNL_CB_OK;
}

TEST_F(ctl, list_file_and_added_exceptions)
{
	struct list_result r = { 0 };
	struct nlmsghdr *nlh;

	ASSERT_EQ(0, add_exception(&self->g, 0x1122334455667788ull, 0));
	nlh = kgenl_msg(&self->g, self->g.family, KVMEXC_CMD_LIST, NLM_F_DUMP);
	ASSERT_EQ(0, kgenl_transact(&self->g, nlh, list_cb, &r));
	EXPECT_EQ(2, r.file);
	EXPECT_EQ(1, r.added);
	EXPECT_EQ(0x1122334455667788ull, r.last_context);
	EXPECT_EQ(0, r.interrupted);
	ASSERT_EQ(0, kgenl_transact(&self->g, kgenl_msg(&self->g, self->g.family,
							KVMEXC_CMD_FLUSH, 0), NULL, NULL));
}

/* A dump of many messages that races a reload is marked interrupted. */
TEST_F(ctl, list_marked_interrupted_by_reload)
{
	struct list_result r = { 0 };
	struct kgenl other;
	struct rec_buf b;
	static char buf[1 << 16];
	int i, len, done = 0;
	u32 size;
	u8 *file;

	rb_init(&b);
	for (i = 0; i < 2000; i++)
		rb_exc(&b, KVMEXC_REC_KERNEL, 0x100 + i, 0, 0, 0x20000006, 4, 0, NULL);
	rb_finish(&b);
	ASSERT_EQ(0, kgenl_load(&self->g, b.data, b.len));
	free(b.data);

	ASSERT_EQ(0, kgenl_open(&other));
	mnl_socket_sendto(self->g.sock, kgenl_msg(&self->g, self->g.family, KVMEXC_CMD_LIST,
						 NLM_F_DUMP),
			  ((struct nlmsghdr *)self->g.buf)->nlmsg_len);
	/* First part of the dump, then a reload, then the rest. */
	len = recv(mnl_socket_get_fd(self->g.sock), buf, sizeof(buf), 0);
	ASSERT_LT(0, len);
	file = small_file(5, &size);
	ASSERT_EQ(0, kgenl_load(&other, file, size));
	free(file);
	while (!done) {
		const struct nlmsghdr *nlh;

		len = recv(mnl_socket_get_fd(self->g.sock), buf, sizeof(buf), 0);
		ASSERT_LT(0, len);
		for (nlh = (void *)buf; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
			/* The flag may come on the closing NLMSG_DONE only. */
			list_cb(nlh, &r);
			if (nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_ERROR)
				done = 1;
		}
	}
	EXPECT_EQ(1, r.interrupted);
	kgenl_close(&other);
}

/* Without CAP_NET_ADMIN every command and the alerts group are refused. */
TEST(unprivileged_refused_everywhere)
{
	static const __u8 cmds[] = {
		KVMEXC_CMD_GET_STATUS, KVMEXC_CMD_LOAD_BEGIN, KVMEXC_CMD_LOAD_CHUNK,
		KVMEXC_CMD_LOAD_COMMIT, KVMEXC_CMD_ADD, KVMEXC_CMD_REMOVE,
		KVMEXC_CMD_FLUSH, KVMEXC_CMD_LIST,
	};
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct kgenl g;
		size_t i;
		int group;

		if (kgenl_open(&g))
			_exit(10);
		group = kgenl_mcast_group(&g, KVMEXC_MCGRP_ALERTS);
		if (group <= 0 || setgid(65534) || setuid(65534))
			_exit(11);
		for (i = 0; i < sizeof(cmds); i++)
			if (kgenl_transact(&g, kgenl_msg(&g, g.family, cmds[i],
							 cmds[i] == KVMEXC_CMD_LIST ?
							 NLM_F_DUMP : 0),
					   NULL, NULL) != -EPERM)
				_exit(20 + i);
		if (mnl_socket_setsockopt(g.sock, NETLINK_ADD_MEMBERSHIP, &group,
					  sizeof(group)) == 0 || errno != EPERM)
			_exit(12);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
