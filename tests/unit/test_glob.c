// SPDX-License-Identifier: GPL-2.0
/* The glob of the format, and glob exceptions. */
#include "core/glob.h"
#include "match_helpers.h"

#include "kselftest_harness.h"

static const struct { const char *pat, *str; bool match; } globs[] = {
	{ "chrome.exe", "chrome.exe", true },
	{ "CHROME.EXE", "chrome.exe", true },		/* ASCII case-insensitive */
	{ "chrome", "chrome.exe", true },		/* no '*': prefix match */
	{ "chrome.exe", "chrome", false },		/* string ends first */
	{ "?ython.exe", "python.exe", true },
	{ "?ython.exe", "ython.exe", false },
	{ "a?", "a", false },				/* '?' never matches the end */
	{ "*.tmp", "x.tmp", true },
	{ "*.tmp", "x.tmpx", false },			/* a '*' disables prefix matching */
	{ "*", "", true },
	{ "a*", "a", true },
	{ "a*c", "abbbc", true },
	{ "a*c", "abbbd", false },
	{ "*b*", "aaabaaa", true },
	{ "[pP]ython*.exe", "Python3.exe", true },
	{ "[a-c]x", "Bx", true },
	{ "[a-c]x", "dx", false },
	{ "[!a-c]x", "dx", true },
	{ "[!a-c]x", "ax", false },
	{ "abc[!x]", "abc", false },			/* a class is one character */
	{ "[]]x", "]x", true },				/* ']' first is a member */
	{ "[a-]", "-", true },				/* '-' before ']' is literal */
	{ "[abc", "[abc", true },			/* unterminated: '[' literal */
	{ "a\\*b", "a*b", true },
	{ "a\\*b", "axb", false },
	{ "\\\\srv", "\\srv", true },
	{ "a/b", "a/b", true },
};

TEST(glob_rules)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(globs); i++)
		EXPECT_EQ(globs[i].match, kvmexc_glob_match(globs[i].pat, globs[i].str))
			TH_LOG("case %zu", i);
}

TEST(glob_step_limit)
{
	char str[1200];

	memset(str, 'a', sizeof(str) - 2);
	str[sizeof(str) - 2] = 'b';
	str[sizeof(str) - 1] = 0;
	EXPECT_FALSE(kvmexc_glob_match("*a*a*c", str));
	EXPECT_TRUE(kvmexc_glob_match("*", str));
}

TEST(glob_exceptions)
{
	struct kvmexc_violation v;
	struct kvmexc_decision d;
	struct kvmexc_set *set;
	struct rec_buf b;

	rb_init(&b);
	rb_glob(&b, "Setup*.exe", "*", "*", W64, KVMEXC_UM_OBJ_ANY, 0, NULL);
	rb_glob(&b, "*.tmp", "ntdll.dll", "*", W64, KVMEXC_UM_OBJ_MODULE, 0, NULL);
	rb_glob(&b, "chrome*", "[ab]x?.dll", "chrome.exe", W64, KVMEXC_UM_OBJ_ANY, 0, NULL);
	set = build(&b);
	ASSERT_NE(NULL, set);

	um_violation(&v);
	v.originator_name = "setup64.exe";	/* lower case: the reference's prefilter missed it */
	d = decide(set, &v);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, d.action);
	EXPECT_EQ(0u, d.record);

	v.originator_name = "x.TMP";
	v.victim_name = "NTDLL.DLL";
	d = decide(set, &v);
	EXPECT_EQ(KVMEXC_ACTION_ALLOW, d.action);
	EXPECT_EQ(1u, d.record);
	v.object = KVMEXC_OBJ_UM_NX_ZONE;
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);

	um_violation(&v);
	v.originator_name = "chrome_elf.dll";
	v.victim_name = "bx1.dll";
	v.process_name = "chrome.exe";
	EXPECT_EQ(2u, decide(set, &v).record);
	v.process_name = "firefox.exe";
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	v.process_name = NULL;		/* Linux task without a path: no match */
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	v.process_name = "chrome.exe";
	v.originator_name = NULL;	/* anonymous code never matches globs */
	EXPECT_EQ(KVMEXC_ACTION_DENY, decide(set, &v).action);
	kvmexc_set_free(set);
}

TEST(glob_file_order_across_buckets)
{
	struct kvmexc_violation v;
	struct kvmexc_set *set;
	struct rec_buf b;

	/* a wildcard-led pattern before a letter-led one: file order decides */
	rb_init(&b);
	rb_glob(&b, "*x", "*", "*", W64 | KVMEXC_FLAG_FEEDBACK, KVMEXC_UM_OBJ_ANY, 0, NULL);
	rb_glob(&b, "ax", "*", "*", W64, KVMEXC_UM_OBJ_ANY, 0, NULL);
	rb_glob(&b, "\\ax", "*", "*", W64, KVMEXC_UM_OBJ_ANY, 0, NULL);
	set = build(&b);
	ASSERT_NE(NULL, set);
	um_violation(&v);
	v.originator_name = "AX";
	EXPECT_EQ(0u, decide(set, &v).record);
	EXPECT_EQ(KVMEXC_REASON_ALLOWED_FEEDBACK, decide(set, &v).reason);
	kvmexc_set_free(set);
}

TEST_HARNESS_MAIN
