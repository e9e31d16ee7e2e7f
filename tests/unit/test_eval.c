// SPDX-License-Identifier: GPL-2.0
/*
 * excctl eval --offline on every shared vector: tests/eval/NAME.json is the
 * event, tests/eval/NAME.out the expected output line. 09_only_signatures
 * does not load (no exception), so it decides nothing.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../ctl/eval/event.h"
#include "../../ctl/cli/excctl.h"

#include "kselftest_harness.h"

static const char *const names[] = {
	"01_kernel", "02_user", "03_user_apc", "04_glob", "05_kernel_user", "06_signatures",
	"07_groups", "08_layout", "10_edge_names",
};

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 65536);

	if (f && buf)
		fread(buf, 1, 65535, f);
	if (f)
		fclose(f);
	return buf;
}

/* Runs excctl eval with stdout captured into @out. */
static int run_eval(const char *name, const char *out)
{
	char bin[128], event[128];
	char *argv[] = { "eval", "--offline", bin, event, NULL };
	int fd, saved, ret;

	snprintf(bin, sizeof(bin), "../shared/vectors/%s.bin", name);
	snprintf(event, sizeof(event), "tests/eval/%s.json", name);
	fflush(stdout);
	saved = dup(1);
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 1);
	close(fd);
	ret = excctl_cmd_eval(4, argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	return ret;
}

TEST(every_vector)
{
	char out[] = "/tmp/kvmexc-eval-XXXXXX";
	size_t i;
	int fd = mkstemp(out);

	ASSERT_LE(0, fd);
	close(fd);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		char expected_path[128];
		char *got, *want;

		snprintf(expected_path, sizeof(expected_path), "tests/eval/%s.out", names[i]);
		EXPECT_EQ(0, run_eval(names[i], out)) TH_LOG("%s", names[i]);
		got = slurp(out);
		want = slurp(expected_path);
		ASSERT_NE(NULL, got);
		ASSERT_NE(NULL, want);
		EXPECT_NE(0, want[0]);
		EXPECT_STREQ(want, got) TH_LOG("%s", names[i]);
		free(got);
		free(want);
	}
	unlink(out);
}

TEST(a_file_that_does_not_load_is_an_error)
{
	char out[] = "/tmp/kvmexc-eval-XXXXXX";
	int fd = mkstemp(out);
	char *got;

	ASSERT_LE(0, fd);
	close(fd);
	EXPECT_EQ(1, run_eval("09_only_signatures", out));
	got = slurp(out);
	ASSERT_NE(NULL, got);
	EXPECT_STREQ("", got);
	free(got);
	unlink(out);
}

TEST(event_errors)
{
	static const char *const bad[] = {
		"[]", "{}", "{\"kind\":\"xm\"}", "{\"kind\":\"km\",\"colour\":1}",
		"{\"kind\":\"km\",\"arch\":16}", "{\"kind\":\"km\",\"old\":\"0g\"}",
		"{\"kind\":\"km\",\"flags\":[\"nope\"]}", "{\"kind\":\"km\",\"size\":65}",
		"{\"kind\":\"km\",\"idt_entry\":256}", "{\"kind\":\"km\",\"os\":\"linux\",\"os_version\":\"5\"}",
		"{\"kind\":\"km\",\"code\":{\"ripp\":1}}", "{\"kind\":\"km\",\"originator\":[1]}",
		"{\"kind\":\"km\",\"code\":{\"error\":1}}",
	};
	struct excctl_event *ev = malloc(sizeof(*ev));
	char msg[256];
	size_t i;

	ASSERT_NE(NULL, ev);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct json_object *o = json_tokener_parse(bad[i]);

		ASSERT_NE(NULL, o);
		EXPECT_EQ(-1, excctl_event_parse(o, ev, msg, sizeof(msg))) TH_LOG("%s", bad[i]);
		EXPECT_NE(0, msg[0]);
		json_object_put(o);
	}
	free(ev);
}

TEST(event_fields)
{
	const char *src = "{\"kind\":\"um\",\"os\":\"linux\",\"os_version\":\"5.4.200-3\","
			  "\"arch\":32,\"access\":[\"read\",\"exec\"],\"zone\":\"injection\","
			  "\"zone_flags\":[\"thread-apc\"],\"flags\":[\"child\",\"peb32\"],"
			  "\"originator\":\"0x10\",\"return_originator\":17,\"dpi\":[\"debug\",\"acl-edit\"],"
			  "\"code\":{\"rip\":\"0x1000\",\"blocks\":[\"0x30\",\"0x10\",\"0x20\"]},"
			  "\"return_code\":{\"rip\":\"0x2000\",\"error\":true},"
			  "\"idt_entry\":3,\"data\":\"0102\",\"cmdline\":\"a b\"}";
	struct json_object *o = json_tokener_parse(src);
	struct excctl_event *ev = malloc(sizeof(*ev));
	char msg[256];

	ASSERT_NE(NULL, o);
	ASSERT_NE(NULL, ev);
	ASSERT_EQ(0, excctl_event_parse(o, ev, msg, sizeof(msg))) TH_LOG("%s", msg);
	EXPECT_EQ(KVMEXC_EXC_UM, ev->v.kind);
	EXPECT_EQ(KVMEXC_OS_LINUX, ev->v.os);
	EXPECT_EQ(KVMEXC_LINUX_VERSION(5, 4, 200, 3), ev->v.os_version);
	EXPECT_EQ(0u, ev->v.flags & KVMEXC_V_GUEST64);
	EXPECT_EQ(KVMEXC_ZF_READ | KVMEXC_ZF_EXEC | KVMEXC_ZF_THREAD_APC, ev->v.zone_flags);
	EXPECT_EQ(KVMEXC_ZONE_PROCESS, ev->v.zone);
	EXPECT_NE(0u, ev->v.flags & KVMEXC_V_CHILD);
	EXPECT_NE(0u, ev->v.flags & KVMEXC_V_IN_PEB32);
	EXPECT_EQ(0x10u, ev->v.originator);
	EXPECT_EQ(17u, ev->v.return_originator);
	EXPECT_EQ(KVMEXC_PC_DEBUG | KVMEXC_PC_ACL_EDIT, ev->v.pc_type);
	EXPECT_EQ(0x1000u, ev->v.orig.rip);
	ASSERT_EQ(3u, ev->v.orig.block_count);
	EXPECT_EQ(0x10u, ev->v.orig.blocks[0]);	/* sorted */
	EXPECT_EQ(0x30u, ev->v.orig.blocks[2]);
	EXPECT_FALSE(ev->v.orig.error);
	EXPECT_TRUE(ev->v.ret.error);
	EXPECT_EQ(3, ev->v.idt_entry);
	EXPECT_NE(0u, ev->v.flags & KVMEXC_V_IDT_ENTRY);
	EXPECT_EQ(2u, ev->v.data_len);
	EXPECT_STREQ("a b", ev->v.cmdline);
	json_object_put(o);
	free(ev);
}

TEST(idt_entry_from_offset)
{
	struct json_object *o = json_tokener_parse("{\"kind\":\"km\",\"object\":\"idt\",\"offset\":\"0xe8\"}");
	struct excctl_event *ev = malloc(sizeof(*ev));
	char msg[256];

	ASSERT_NE(NULL, o);
	ASSERT_NE(NULL, ev);
	ASSERT_EQ(0, excctl_event_parse(o, ev, msg, sizeof(msg))) TH_LOG("%s", msg);
	EXPECT_NE(0u, ev->v.flags & KVMEXC_V_IDT_ENTRY);
	EXPECT_EQ(14, ev->v.idt_entry);		/* 0xe8 / 16 */
	json_object_put(o);
	free(ev);
}

TEST_HARNESS_MAIN
