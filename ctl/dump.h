/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _EXCCTL_DUMP_H
#define _EXCCTL_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Prints the header and every record of an exceptions file, one line each,
 * or as one JSON document. A file the module would refuse gets the loader's
 * message on stderr, after "excctl dump: @name: ", and -1.
 */
int excctl_dump_buffer(const uint8_t *buf, size_t len, const char *name, FILE *out, bool json);

#endif /* _EXCCTL_DUMP_H */
