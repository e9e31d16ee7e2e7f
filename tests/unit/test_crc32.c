// SPDX-License-Identifier: GPL-2.0
#include "core/crc32.h"

#include "kselftest_harness.h"

TEST(check_values)
{
	EXPECT_EQ(0x9676DBBCu, kvmexc_crc32("crc32", 5, KVMEXC_CRC32_INITIAL));
	EXPECT_EQ(0xD202D277u, kvmexc_crc32("123456789", 9, KVMEXC_CRC32_INITIAL));
	EXPECT_EQ(0xC54AAE31u, kvmexc_crc32("a", 1, KVMEXC_CRC32_INITIAL));
}

TEST(empty_buffer)
{
	EXPECT_EQ(0xFFFFFFFFu, kvmexc_crc32("", 0, KVMEXC_CRC32_INITIAL));
}

TEST(chaining)
{
	u32 part = kvmexc_crc32("1234", 4, KVMEXC_CRC32_INITIAL);

	EXPECT_EQ(0xD202D277u, kvmexc_crc32("56789", 5, part));
}

TEST_HARNESS_MAIN
