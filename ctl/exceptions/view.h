/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One exception as excctl shows it, whoever reported it: list (the
 * module's dump) and eval (the module's or the host's decision) print the
 * same fields with the same names.
 */
#ifndef _EXCCTL_EXCEPTIONS_VIEW_H
#define _EXCCTL_EXCEPTIONS_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include <json-c/json.h>

struct excctl_exception_view {
	bool added;		/* added at run time, not from the file */
	uint32_t record;
	uint8_t kind;		/* KVMEXC_EXC_* */
	uint8_t object_type;
	uint32_t flags;
	uint64_t context;	/* added ones */
	uint32_t guest;		/* added for one guest; 0: for all */
	uint32_t hashes[3];	/* originator, victim, process */
	const char *globs[3];	/* a glob exception's patterns instead */
};

/* "kernel", "user", "kernel-user" or "glob". */
const char *excctl_exception_kind_name(unsigned int kind);
/* A predefined name ("[kernel]", "*", ...) of field @i of @e's hashes, or NULL. */
const char *excctl_exception_known_name(const struct excctl_exception_view *e, int i);
/* Whether @e has field @i at all: a kernel exception names no process. */
bool excctl_exception_has_field(const struct excctl_exception_view *e, int i);
/* The JSON object of @e; callers add what only they know (hits, ...). */
struct json_object *excctl_exception_json(const struct excctl_exception_view *e);

extern const char *const excctl_exception_fields[3];

#endif /* _EXCCTL_EXCEPTIONS_VIEW_H */
