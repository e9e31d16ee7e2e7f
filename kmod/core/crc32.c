// SPDX-License-Identifier: GPL-2.0
#include "crc32.h"

#define KVMEXC_CRC32_POLY 0xEDB88320u

/* Built once at compile time: the fault path only reads it. */
#define T0(c) ((c) & 1 ? ((c) >> 1) ^ KVMEXC_CRC32_POLY : (c) >> 1)
#define T1(c) T0(T0(c))
#define T2(c) T1(T1(c))
#define T3(c) T2(T2(c))
#define T(c) T3((u32)(c))
#define R4(c) T(c), T((c) + 1), T((c) + 2), T((c) + 3)
#define R16(c) R4(c), R4((c) + 4), R4((c) + 8), R4((c) + 12)
#define R64(c) R16(c), R16((c) + 16), R16((c) + 32), R16((c) + 48)

static const u32 kvmexc_crc32_table[256] = {
	R64(0), R64(64), R64(128), R64(192)
};

u32 kvmexc_crc32(const void *buf, size_t len, u32 initial)
{
	const u8 *p = buf;
	u32 reg = initial ^ 0xFFFFFFFFu;

	while (len--)
		reg = kvmexc_crc32_table[(reg ^ *p++) & 0xFF] ^ (reg >> 8);
	return reg ^ 0xFFFFFFFFu;
}
