// SPDX-License-Identifier: GPL-2.0
/*
 * excctl_parse_number(), the one number syntax of excctl's options and
 * EVENT.json fields: what it takes, and the message of what it refuses.
 */
#include <limits.h>

#include "../../ctl/cli/excctl.h"

#include "kselftest_harness.h"

static const char *refused(const char *s, unsigned long long min, unsigned long long max)
{
	static char err[256];
	unsigned long long v;

	return excctl_parse_number(s, min, max, &v, err, sizeof(err)) ? err : "accepted";
}

TEST(decimal_and_hexadecimal)
{
	static const struct {
		const char *s;
		unsigned long long v;
	} ok[] = {
		{ "0", 0 }, { "7", 7 }, { "1000000", 1000000 }, { "0x01000000", 0x1000000 },
		{ "0X1f", 0x1f }, { "0xFFFFFFFFFFFFFFFF", ULLONG_MAX },
		{ "18446744073709551615", ULLONG_MAX },
	};
	unsigned long long v;
	size_t i;
	char err[128];

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		EXPECT_EQ(0, excctl_parse_number(ok[i].s, 0, ULLONG_MAX, &v, err, sizeof(err)))
			TH_LOG("%s: %s", ok[i].s, err);
		EXPECT_EQ(ok[i].v, v) TH_LOG("%s", ok[i].s);
	}
}

TEST(a_leading_zero_is_refused_with_a_hint)
{
	EXPECT_STREQ("01000000: a leading 0 is ambiguous; write 0x01000000 for hexadecimal or 1000000 for decimal",
		     refused("01000000", 0, ULLONG_MAX));
	EXPECT_STREQ("00: a leading 0 is ambiguous; write 0x00 for hexadecimal or 0 for decimal",
		     refused("00", 0, ULLONG_MAX));
}

TEST(not_numbers)
{
	static const char *const bad[] = {
		"", "abc", "0x", "12abc", " 12", "12 ", "+5", "1_000", "0o17", "0b1", "1e3",
		"0x-1", "0xg", "--1",
	};
	char want[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(want, sizeof(want),
			 "\"%s\": expected a decimal number or 0x and a hexadecimal one", bad[i]);
		EXPECT_STREQ(want, refused(bad[i], 0, ULLONG_MAX));
	}
}

TEST(ranges)
{
	EXPECT_STREQ("accepted", refused("255", 0, 255));
	EXPECT_STREQ("256: out of range: expected 0 to 255", refused("256", 0, 255));
	EXPECT_STREQ("0x100: out of range: expected 0 to 255", refused("0x100", 0, 255));
	EXPECT_STREQ("0: out of range: expected 1 to 4294967295", refused("0", 1, UINT_MAX));
	EXPECT_STREQ("-1: out of range: expected 0 to 255", refused("-1", 0, 255));
	EXPECT_STREQ("18446744073709551616: out of range: expected 0 to 18446744073709551615",
		     refused("18446744073709551616", 0, ULLONG_MAX));
	EXPECT_STREQ("0x10000000000000000: out of range: expected 0 to 18446744073709551615",
		     refused("0x10000000000000000", 0, ULLONG_MAX));
}

TEST_HARNESS_MAIN
