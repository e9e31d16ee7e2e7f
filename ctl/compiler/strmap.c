// SPDX-License-Identifier: GPL-2.0
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "strmap.h"

/*
 * An arena grows by chunks of about what it already holds, so that a small
 * input file costs a few kilobytes and not a chunk sized for the large ones:
 * a tree of thousands of files has thousands of arenas. Chunks of 2 MB and
 * more are mapped 2 MB-aligned and offered to transparent huge pages: a
 * large compile touches hundreds of megabytes of arena per second, and 4 KB
 * page faults were a quarter of its time. Smaller ones come from malloc().
 */
#define CC_ARENA_MIN 1024u
#define CC_ARENA_CHUNK (4u << 20)
#define CC_HUGE_PAGE (2u << 20)

struct cc_arena_chunk {
	struct cc_arena_chunk *next;
	size_t size;		/* of the mapping, 0 for malloc() */
	max_align_t data[];
};

static struct cc_arena_chunk *cc_chunk_map(size_t size)
{
	size_t total = (sizeof(struct cc_arena_chunk) + size + CC_HUGE_PAGE - 1) &
		       ~(size_t)(CC_HUGE_PAGE - 1);
	struct cc_arena_chunk *c;
	uintptr_t p, aligned;
	void *map;

	/* map one huge page more, then trim to an aligned start */
	map = mmap(NULL, total + CC_HUGE_PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return NULL;
	p = (uintptr_t)map;
	aligned = (p + CC_HUGE_PAGE - 1) & ~(uintptr_t)(CC_HUGE_PAGE - 1);
	if (aligned > p)
		munmap(map, aligned - p);
	if (aligned + total < p + total + CC_HUGE_PAGE)
		munmap((void *)(aligned + total), p + total + CC_HUGE_PAGE - aligned - total);
	c = (struct cc_arena_chunk *)aligned;
	madvise(c, total, MADV_HUGEPAGE);
	c->size = total;
	return c;
}

static struct cc_arena_chunk *cc_chunk_new(size_t size)
{
	struct cc_arena_chunk *c;

	if (size >= CC_HUGE_PAGE)
		return cc_chunk_map(size);
	c = malloc(sizeof(*c) + size);
	if (c)
		c->size = 0;
	return c;
}

void *cc_arena_alloc(struct cc_arena *a, size_t size)
{
	struct cc_arena_chunk *c;
	size_t chunk;
	void *p;

	size = (size + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (!a->head || a->used + size > a->size) {
		chunk = a->held < CC_ARENA_MIN ? CC_ARENA_MIN :
			a->held > CC_ARENA_CHUNK ? CC_ARENA_CHUNK : a->held;
		chunk = size > chunk ? size : chunk;
		c = cc_chunk_new(chunk);
		if (!c)
			return NULL;
		c->next = a->head;
		a->head = c;
		a->used = 0;
		a->size = chunk;
		a->held += chunk;
	}
	p = (char *)a->head->data + a->used;
	a->used += size;
	return p;
}

char *cc_arena_strndup(struct cc_arena *a, const char *s, size_t len)
{
	char *p = cc_arena_alloc(a, len + 1);

	if (p) {
		memcpy(p, s, len);
		p[len] = 0;
	}
	return p;
}

void cc_arena_free(struct cc_arena *a)
{
	struct cc_arena_chunk *c, *next;

	for (c = a->head; c; c = next) {
		next = c->next;
		if (c->size)
			munmap(c, c->size);
		else
			free(c);
	}
	a->head = NULL;
	a->used = 0;
	a->size = 0;
	a->held = 0;
}

/* FNV-1a: keys are short names. */
static uint64_t cc_strmap_hash(const char *key, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (len--) {
		h ^= (unsigned char)*key++;
		h *= 0x100000001b3ull;
	}
	return h;
}

static struct cc_strmap_slot *cc_strmap_find(const struct cc_strmap *m, const char *key,
					     size_t len, uint64_t hash)
{
	size_t i = hash & (m->cap - 1);

	for (;; i = (i + 1) & (m->cap - 1)) {
		struct cc_strmap_slot *s = &m->slots[i];

		if (!s->key || (s->hash == hash && s->len == len && !memcmp(s->key, key, len)))
			return s;
	}
}

static int cc_strmap_grow(struct cc_strmap *m)
{
	struct cc_strmap old = *m;
	size_t i;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->slots = calloc(m->cap, sizeof(*m->slots));
	if (!m->slots) {
		*m = old;
		return -1;
	}
	for (i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			*cc_strmap_find(m, old.slots[i].key, old.slots[i].len,
					old.slots[i].hash) = old.slots[i];
	free(old.slots);
	return 0;
}

int cc_strmap_put(struct cc_strmap *m, const char *key, size_t len, void *value)
{
	uint64_t hash = cc_strmap_hash(key, len);
	struct cc_strmap_slot *s;

	if ((m->n + 1) * 2 > m->cap && cc_strmap_grow(m))
		return -1;
	s = cc_strmap_find(m, key, len, hash);
	if (!s->key)
		m->n++;
	*s = (struct cc_strmap_slot){ key, len, hash, value };
	return 0;
}

void *cc_strmap_get(const struct cc_strmap *m, const char *key, size_t len)
{
	if (!m->cap)
		return NULL;
	return cc_strmap_find(m, key, len, cc_strmap_hash(key, len))->value;
}

void cc_strmap_free(struct cc_strmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->n = 0;
	m->cap = 0;
}
