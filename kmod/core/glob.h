/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KVMEXC_CORE_GLOB_H
#define _KVMEXC_CORE_GLOB_H

#include "compat.h"

/*
 * The format's glob (spec matcher.md 3.10): ASCII case-insensitive, '?',
 * '*', '[...]' with '!' and ranges, '\' escapes; a pattern without '*' that
 * ends before the string matches its prefix. At most 1023 steps.
 */
bool kvmexc_glob_match(const char *pattern, const char *str);

#endif /* _KVMEXC_CORE_GLOB_H */
