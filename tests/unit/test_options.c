// SPDX-License-Identifier: GPL-2.0
/*
 * excctl_opts_parse(), the one parser of every command's options: values
 * by their args table entries, getopt_long()'s forms, the checks it makes
 * before a command runs, and a name outside the table as a bug that aborts.
 */
#include <signal.h>
#include <unistd.h>
#include <linux/kvmexc.h>

#include "../../ctl/cli/excctl.h"
#include "../../ctl/cli/json.h"

#include "kselftest_harness.h"

#define ARGC(argv) ((int)ARRAY_SIZE(argv) - 1)

TEST(values_by_table_entry)
{
	char *argv[] = {
		"protect", "--guest", "3", "--gpa", "0x1000", "--length", "4096", "--kind", "kum",
		"--object", "idt", "--zone-flags", "code,data", "--victim", "[kernel]", NULL,
	};
	struct excctl_opts o;
	unsigned long long v;

	ASSERT_EQ(0, excctl_opts_parse(&o, ARGC(argv), argv));
	EXPECT_TRUE(excctl_opt_number(&o, "--guest", &v));
	EXPECT_EQ(3, v);
	EXPECT_TRUE(excctl_opt_number(&o, "--gpa", &v));
	EXPECT_EQ(0x1000, v);
	EXPECT_TRUE(excctl_opt_number(&o, "--kind", &v));
	EXPECT_EQ(KVMEXC_EXC_KUM, v);
	EXPECT_TRUE(excctl_opt_number(&o, "--object", &v));
	EXPECT_EQ(KVMEXC_OBJ_IDT, v);
	EXPECT_TRUE(excctl_opt_number(&o, "--zone-flags", &v));
	EXPECT_EQ(KVMEXC_ZF_LIB_CODE | KVMEXC_ZF_LIB_DATA, v);
	EXPECT_STREQ("[kernel]", excctl_opt_str(&o, "--victim"));
	EXPECT_EQ(NULL, excctl_opt_str(&o, "--process"));
	EXPECT_FALSE(excctl_opt_number(&o, "--gva", &v));
	EXPECT_FALSE(o.json);
}

TEST(getopt_long_forms)
{
	char *argv[] = { "compile", "x.json", "--build=0x10", "-o", "-", "--verb", "2", "-",
			 "--", "--strict", NULL };
	struct excctl_opts o;
	unsigned long long v;

	ASSERT_EQ(0, excctl_opts_parse(&o, ARGC(argv), argv));
	EXPECT_TRUE(excctl_opt_number(&o, "--build", &v));
	EXPECT_EQ(16, v);
	EXPECT_TRUE(excctl_opt_number(&o, "--verbose", &v));
	EXPECT_EQ(2, v);
	EXPECT_STREQ("-", excctl_opt_str(&o, "--output"));
	EXPECT_FALSE(excctl_opt_flag(&o, "--strict"));
	/* operands in their order; "-" is one, and so is all after "--" */
	ASSERT_EQ(3, o.nmany);
	EXPECT_STREQ("x.json", o.many[0]);
	EXPECT_STREQ("-", o.many[1]);
	EXPECT_STREQ("--strict", o.many[2]);
}

TEST(json_and_a_fresh_start_each_call)
{
	char *with[] = { "status", "--json", NULL };
	char *without[] = { "list", "-v", NULL };
	struct excctl_opts o;

	excctl_json_output = false;
	ASSERT_EQ(0, excctl_opts_parse(&o, ARGC(with), with));
	EXPECT_TRUE(o.json);
	/* what makes a failure of the command a JSON error object */
	EXPECT_TRUE(excctl_json_output);
	/* a batch: excctl_run() restores the global -j before the next line */
	excctl_json_output = false;
	ASSERT_EQ(0, excctl_opts_parse(&o, ARGC(without), without));
	EXPECT_FALSE(o.json);
	EXPECT_FALSE(excctl_json_output);
	/* -j before the command: every command prints JSON */
	excctl_json_output = true;
	ASSERT_EQ(0, excctl_opts_parse(&o, ARGC(without), without));
	EXPECT_TRUE(o.json);
	excctl_json_output = false;
	EXPECT_TRUE(excctl_opt_flag(&o, "-v"));
}

TEST(mistakes_are_exit_status_2)
{
	char *unknown[] = { "load", "x.bin", "--jsno", NULL };
	char *twice[] = { "remove", "--context", "1", "--context", "2", NULL };
	char *no_value[] = { "remove", "--context", NULL };
	char *bad_number[] = { "remove", "--context", "1x", NULL };
	char *required[] = { "remove", NULL };
	char *operand[] = { "status", "x", NULL };
	char *both[] = { "attach", "--pid", "1", "--fd", "3", NULL };
	char *neither[] = { "crc32", "--wide", NULL };
	char **cases[] = { unknown, twice, no_value, bad_number, required, operand, both,
			   neither };
	struct excctl_opts o;
	size_t i;
	int argc;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		for (argc = 0; cases[i][argc]; argc++)
			;
		EXPECT_EQ(-1, excctl_opts_parse(&o, argc, cases[i])) TH_LOG("case %zu", i);
		EXPECT_EQ(2, o.status) TH_LOG("case %zu", i);
	}
}

/* The harness keeps SIGABRT for failed assertions: an abort() here passes. */
static void aborted(int sig)
{
	(void)sig;
	_exit(0);
}

/* @call must abort(); if it returns, the test fails. */
#define ASSERT_ABORTS(call) do {			\
	signal(SIGABRT, aborted);			\
	call;						\
	signal(SIGABRT, SIG_DFL);			\
	ASSERT_TRUE(false) TH_LOG("%s returned", #call);	\
} while (0)

TEST(a_name_not_in_the_table_aborts)
{
	char *argv[] = { "status", NULL };
	struct excctl_opts o;

	ASSERT_EQ(0, excctl_opts_parse(&o, ARGC(argv), argv));
	ASSERT_ABORTS(excctl_opt_flag(&o, "--jsno"));
}

TEST(a_flag_read_as_a_number_aborts)
{
	char *argv[] = { "list", NULL };
	struct excctl_opts o;
	unsigned long long v;

	ASSERT_EQ(0, excctl_opts_parse(&o, ARGC(argv), argv));
	ASSERT_ABORTS(excctl_opt_number(&o, "-v", &v));
}

TEST_HARNESS_MAIN
