/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _EXCCTL_DUMP_H
#define _EXCCTL_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Prints the header and every record of an exceptions file, one line each,
 * or as one JSON document. A malformed file gets an error naming the byte
 * offset and the record index on stderr, and -1; nothing past @len is read.
 */
int excctl_dump_buffer(const uint8_t *buf, size_t len, FILE *out, bool json);

#endif /* _EXCCTL_DUMP_H */
