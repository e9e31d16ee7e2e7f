/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _EXCCTL_DUMP_H
#define _EXCCTL_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Prints the header and every record of an exceptions file, one line each,
 * or as one JSON document. Of a file the module would refuse, the records
 * before the one at fault are printed, then the loader's message on stderr,
 * after "excctl dump: @name: ", and it returns -1.
 */
int excctl_dump_buffer(const uint8_t *buf, size_t len, const char *name, FILE *out, bool json);

#endif /* _EXCCTL_DUMP_H */
