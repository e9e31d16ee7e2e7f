/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A JSON reader for the compiler's inputs: one pass over the text into
 * values allocated from an arena. json-c spends a second per 20 MB on
 * per-object hash tables and allocations, more than excctl compile's whole
 * budget; this reads the same text about ten times faster.
 *
 * The dialect is Python's json.loads (the reference's): NaN, Infinity and
 * -Infinity, integers of any size, duplicate keys (the last value wins, in
 * the first key's place), text validated as UTF-8, plus // and block
 * comments and trailing commas.
 */
#ifndef _EXCCTL_JV_H
#define _EXCCTL_JV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strmap.h"

enum jv_type { JV_NULL, JV_BOOL, JV_INT, JV_DOUBLE, JV_STRING, JV_ARRAY, JV_OBJECT };

struct jv_member;

struct jv {
	enum jv_type type;
	bool big;			/* JV_INT beyond 64 bits: no value */
	size_t len;			/* string bytes, array items, object members */
	union {
		bool b;
		int64_t i;
		double d;
		const char *s;		/* NUL-terminated; may also hold NULs */
		struct jv *items;
		struct jv_member *members;
	};
};

struct jv_member {
	const char *key;
	size_t klen;
	struct jv value;
};

/*
 * Parses @text (@len bytes, followed by a NUL). Strings are decoded in
 * place, so values point into @text, which must outlive them. On error
 * returns -1 with the offset of the problem in *@err_at and a description
 * in *@err.
 */
int jv_parse(char *text, size_t len, struct cc_arena *arena, struct jv *root,
	     size_t *err_at, const char **err);

/* The member @key of @obj, or NULL when @obj has none or is no object. */
struct jv *jv_get(const struct jv *obj, const char *key);

static inline bool jv_is(const struct jv *v, enum jv_type t)
{
	return v && v->type == t;
}

/* What a value is, for messages: "a string", "a list", ... */
const char *jv_kind(const struct jv *v);

#endif /* _EXCCTL_JV_H */
