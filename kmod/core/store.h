/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A loaded exception set: built from a buffer in one call, immutable after
 * that (hit counters aside), freed in one call. Readers need no lock: the
 * module publishes a set with RCU and frees the old one after a grace period.
 */
#ifndef _KVMEXC_CORE_STORE_H
#define _KVMEXC_CORE_STORE_H

#include "format.h"

/* One exception, decoded; signature ids and glob patterns stay in the raw copy. */
struct kvmexc_exc {
	u32 originator;
	u32 victim;
	u32 process;
	u32 flags;
	u32 record;		/* index of its record in the file */
	u32 ids;		/* offset of its signature ids in set->raw */
	u32 glob;		/* glob: offset of its three patterns in set->raw */
	u16 sig_count;
	u8 object_type;
	u8 kind;		/* enum kvmexc_exc_kind; 0: a free slot of a table */
	u32 index;		/* in set->excs */
	/* a table's head: its key's other exceptions are set->refs[next..] */
	u32 next;
	u32 next_count;
	/* the one mutable field: next to the rest, so a hit costs no extra cache miss */
	struct kvmexc_counter hits;
};

/* One signature: its validated body in set->raw. */
struct kvmexc_sig {
	u32 id;
	u32 flags;
	u32 body;		/* offset in set->raw */
	u16 size;
	u16 type;		/* enum kvmexc_sig_type */
	u32 record;
};

/*
 * Hash tables, open addressing, at most three quarters full.
 *
 * Exception tables are keyed by originator hash and hold a copy of the
 * first exception of each key (file order) in the slot itself: a lookup
 * that hits costs one cache miss. That copy is the live one (its hit
 * counter counts); the key's other exceptions are listed in set->refs.
 *
 * Slot tables map a key (signature id, glob first character) to the run of
 * entries with that key: signatures stored consecutively, glob exceptions
 * listed in set->refs, both in file order.
 */
struct kvmexc_slot {
	u32 key;
	u32 first;
	u32 count;		/* 0: free slot */
};

struct kvmexc_table {
	struct kvmexc_exc *heads;	/* exception tables */
	struct kvmexc_slot *slots;	/* slot tables */
	u32 mask;
	u8 shift;
};

/* The tables of a set, one per list of the spec (section 1.5). */
enum kvmexc_table_id {
	KVMEXC_T_KM,		/* kernel, not feedback, by originator */
	KVMEXC_T_KM_FB,		/* kernel feedback, by originator */
	KVMEXC_T_UM,		/* user, not feedback, not process-creation */
	KVMEXC_T_UM_FB,		/* user feedback (process-creation ones too) */
	KVMEXC_T_UM_PC,		/* user process-creation, not feedback */
	KVMEXC_T_KUM,
	KVMEXC_T_KUM_FB,
	KVMEXC_T_GLOB,		/* glob, by lower-cased first character of the originator */
	KVMEXC_T_COUNT,
};

#define KVMEXC_T_HEADS	KVMEXC_T_GLOB	/* the tables before it are exception tables */

/* Glob key of patterns that start with a wildcard, a class or an escape. */
#define KVMEXC_GLOB_WILD_KEY	0x100u

struct kvmexc_set {
	struct kvmexc_file_info info;
	u8 *raw;			/* copy of the buffer */
	size_t raw_len;
	struct kvmexc_exc *excs;	/* every exception indexed, in file order */
	u32 exc_count;			/* (ignored ones are dropped) */
	u32 *refs;			/* indexes into excs: table runs */
	u32 kind_count[KVMEXC_EXC_GLOB + 1];
	u32 record_count;		/* all records of the buffer */
	struct kvmexc_sig *sigs;	/* grouped by id */
	u32 sig_count;
	struct kvmexc_table tables[KVMEXC_T_COUNT];
	struct kvmexc_table sig_table;
	u64 *contexts;			/* added sets: context per exception (excs) */
	u32 *guests;			/* added sets: guest per exception, 0 every guest */
	size_t bytes;			/* everything allocated for the set */
};

/* What a set holds, for status reports. */
struct kvmexc_set_stats {
	u32 kernel, user, glob, kernel_user, signatures, ignored;
	size_t bytes;
};

struct kvmexc_set *kvmexc_set_build(const void *buf, size_t len, struct kvmexc_err *err);

/*
 * The loader's checks of a file, one record at a time, for a reader that
 * streams it (excctl dump) and must refuse what kvmexc_set_build() refuses.
 */
struct kvmexc_counts {
	u32 per_table[KVMEXC_T_COUNT];
	u32 kind[KVMEXC_EXC_GLOB + 1];
	u32 sigs, ignored, records;
};

void kvmexc_count_record(struct kvmexc_counts *c, const struct kvmexc_record *rec, bool added);
/* The header's counts must be those of the records. */
int kvmexc_check_counts(const struct kvmexc_file_info *info, const struct kvmexc_counts *c,
			struct kvmexc_err *err);
/* An exception (not ignored) names @id, which no signature record of the file has. */
int kvmexc_err_unknown_sig(struct kvmexc_err *err, u32 record, u32 offset, u32 id);
void kvmexc_set_free(struct kvmexc_set *set);
void kvmexc_set_stats(const struct kvmexc_set *set, struct kvmexc_set_stats *st);
/* How often @e (of set->excs, or a decision's) allowed a violation. */
u32 kvmexc_set_hits(const struct kvmexc_set *set, const struct kvmexc_exc *e);

/* The index table an exception lives in (enum kvmexc_table_id). */
int kvmexc_exc_table(const struct kvmexc_exc *e, bool added);

static inline u32 kvmexc_table_hash(const struct kvmexc_table *t, u32 key)
{
	return (u32)(key * 0x9E3779B1u) >> t->shift;
}

/* The first exception of @t with originator @key, or NULL. */
static inline const struct kvmexc_exc *kvmexc_table_head(const struct kvmexc_table *t, u32 key)
{
	u32 i = kvmexc_table_hash(t, key);

	for (;; i = (i + 1) & t->mask) {
		const struct kvmexc_exc *e = &t->heads[i];

		if (!e->kind)
			return NULL;
		if (e->originator == key)
			return e;
	}
}

/* The run of @t's entries keyed @key: *count entries from the returned index. */
static inline u32 kvmexc_table_find(const struct kvmexc_table *t, u32 key, u32 *count)
{
	u32 i = kvmexc_table_hash(t, key);

	for (;; i = (i + 1) & t->mask) {
		const struct kvmexc_slot *s = &t->slots[i];

		if (!s->count || s->key == key) {
			*count = s->count;
			return s->first;
		}
	}
}

static inline const u8 *kvmexc_sig_body(const struct kvmexc_set *set, const struct kvmexc_sig *s)
{
	return set->raw + s->body;
}

static inline u32 kvmexc_exc_id(const struct kvmexc_set *set, const struct kvmexc_exc *e, u32 i)
{
	return kvmexc_le32(set->raw + e->ids + 4 * i);
}

static inline const char *kvmexc_exc_glob(const struct kvmexc_set *set, const struct kvmexc_exc *e,
					  int which)
{
	const char *p = (const char *)set->raw + e->glob;

	while (which--)
		p += strlen(p) + 1;
	return p;
}

#endif /* _KVMEXC_CORE_STORE_H */
