/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KVMEXC_CORE_CRC32_H
#define _KVMEXC_CORE_CRC32_H

#include "compat.h"

/*
 * The exception format's CRC: reflected CRC-32 (polynomial 0xEDB88320)
 * whose register starts at @initial ^ 0xFFFFFFFF and ends inverted. With
 * the format's initial value, KVMEXC_CRC32_INITIAL, the register starts at
 * zero, so this is not zlib's CRC-32: "crc32" gives 0x9676DBBC. Chaining
 * holds: kvmexc_crc32(b, kvmexc_crc32(a, I)) == kvmexc_crc32(a || b, I).
 */
#define KVMEXC_CRC32_INITIAL 0xFFFFFFFFu

u32 kvmexc_crc32(const void *buf, size_t len, u32 initial);

#endif /* _KVMEXC_CORE_CRC32_H */
