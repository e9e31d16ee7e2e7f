// SPDX-License-Identifier: GPL-2.0
/*
 * The keys each object of the compiler's input may have. The reference
 * ignores any other, so a misspelt "signatures" compiles into an exception
 * without its signature check, which allows more than its author meant:
 * here an unknown key is an error, naming the known key it is closest to.
 */
#include <ctype.h>
#include <string.h>

#include "compile.h"

/* Longer keys get no suggestion: no known key is near that long. */
#define CC_KEY_NEAR_MAX 64

/* The Levenshtein distance of @key to @known, ignoring case. */
static size_t cc_key_distance(const char *key, size_t klen, const char *known)
{
	size_t row[CC_KEY_NEAR_MAX + 1], n = strlen(known), i, j, diag, up;

	for (j = 0; j <= n; j++)
		row[j] = j;
	for (i = 1; i <= klen; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= n; j++) {
			up = row[j];
			row[j] = diag + (tolower((unsigned char)key[i - 1]) !=
					 tolower((unsigned char)known[j - 1]));
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
		}
	}
	return row[n];
}

/* The known key @key is likely a typo of, or NULL when none is close. */
static const char *cc_key_nearest(const char *key, size_t klen, const char *const *known)
{
	size_t best = SIZE_MAX, d;
	const char *near = NULL;

	if (klen > CC_KEY_NEAR_MAX)
		return NULL;
	for (; *known; known++) {
		if (strlen(*known) > CC_KEY_NEAR_MAX)
			continue;
		d = cc_key_distance(key, klen, *known);
		/* one edit in a short key, two in a long one: beyond, a guess */
		if (d <= 1 + (strlen(*known) >= 6) && d < best) {
			best = d;
			near = *known;
		}
	}
	return near;
}

static bool cc_key_known(const struct jv_member *m, const char *const *known)
{
	for (; *known; known++)
		if (strlen(*known) == m->klen && !memcmp(*known, m->key, m->klen))
			return true;
	return false;
}

int cc_check_keys(const struct jv *obj, const char *const *known, const char *what,
		  const struct cc_path *at)
{
	const struct jv_member *m;
	const char *near;
	char list[256];
	size_t i, used = 0;
	struct cc_path p;

	for (i = 0; i < obj->len; i++) {
		m = &obj->members[i];
		if (cc_key_known(m, known))
			continue;
		p = cc_path_child(at, m->key);
		near = cc_key_nearest(m->key, m->klen, known);
		if (near)
			return cc_error(&p, "unknown key in %s; did you mean \"%s\"?", what, near);
		for (list[0] = 0; *known && used < sizeof(list); known++)
			used += snprintf(list + used, sizeof(list) - used, "%s\"%s\"",
					 used ? (known[1] ? ", " : " or ") : "", *known);
		return cc_error(&p, "unknown key in %s: expected %s", what, list);
	}
	return 0;
}
