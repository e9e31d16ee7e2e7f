/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An arena for the compiler's many small allocations, freed at once, and a
 * map from byte strings to pointers.
 */
#ifndef _EXCCTL_STRMAP_H
#define _EXCCTL_STRMAP_H

#include <stddef.h>

struct cc_arena {
	struct cc_arena_chunk *head;
	size_t used, size;	/* of the newest chunk */
	size_t held;		/* all chunks */
};

void *cc_arena_alloc(struct cc_arena *a, size_t size);
char *cc_arena_strndup(struct cc_arena *a, const char *s, size_t len);
void cc_arena_free(struct cc_arena *a);

struct cc_strmap_slot {
	const char *key;
	size_t len;
	unsigned long long hash;
	void *value;
};

struct cc_strmap {
	struct cc_strmap_slot *slots;
	size_t n, cap;
};

/* Keys are not copied: they must outlive the map. */
int cc_strmap_put(struct cc_strmap *m, const char *key, size_t len, void *value);
void *cc_strmap_get(const struct cc_strmap *m, const char *key, size_t len);
void cc_strmap_free(struct cc_strmap *m);

#endif /* _EXCCTL_STRMAP_H */
