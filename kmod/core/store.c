// SPDX-License-Identifier: GPL-2.0
/*
 * Building a set: validate the whole buffer, then index it. Nothing is
 * published until every record was checked, so a bad file changes nothing.
 */
#include "store.h"
#include "internal.h"

/* An exception on its way into the index. */
struct kvmexc_pending {
	u32 offset;		/* of its record, for messages */
	u8 table;
	bool head;		/* placed in its table's slot */
	u32 key;
	u32 slot;		/* of its key's head */
};

static u32 kvmexc_glob_key(const char *pattern)
{
	unsigned char c = pattern[0];

	switch (c) {
	case '*': case '?': case '[': case '\\':
		return KVMEXC_GLOB_WILD_KEY;
	}
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

int kvmexc_exc_table(const struct kvmexc_exc *e, bool added)
{
	bool fb = (e->flags & KVMEXC_FLAG_FEEDBACK) && !added;

	switch (e->kind) {
	case KVMEXC_EXC_KM:
		return fb ? KVMEXC_T_KM_FB : KVMEXC_T_KM;
	case KVMEXC_EXC_KUM:
		return fb ? KVMEXC_T_KUM_FB : KVMEXC_T_KUM;
	case KVMEXC_EXC_GLOB:
		return KVMEXC_T_GLOB;
	}
	if (e->object_type == KVMEXC_UM_OBJ_PROCESS_CREATION && !fb)
		return KVMEXC_T_UM_PC;
	return fb ? KVMEXC_T_UM_FB : KVMEXC_T_UM;
}

/* Old files may omit the access; the reference defaults kernel and user ones (1.4). */
static u32 kvmexc_default_access(const struct kvmexc_record *rec)
{
	if (rec->flags & KVMEXC_FLAG_ACCESS)
		return rec->flags;
	if (rec->kind != KVMEXC_EXC_KM && rec->kind != KVMEXC_EXC_KUM &&
	    rec->object_type == KVMEXC_UM_OBJ_NX_ZONE)
		return rec->flags | KVMEXC_FLAG_EXEC;
	return rec->flags | KVMEXC_FLAG_WRITE;
}

static void kvmexc_pending_fill(struct kvmexc_pending *p, struct kvmexc_exc *e,
				const struct kvmexc_record *rec, const u8 *base, bool added)
{
	memset(e, 0, sizeof(*e));
	e->originator = rec->originator;
	e->victim = rec->victim;
	e->process = rec->process;
	e->flags = kvmexc_default_access(rec);
	e->record = rec->index;
	e->ids = rec->sig_ids - base;
	e->sig_count = rec->sig_count;
	e->object_type = rec->object_type;
	e->kind = rec->kind;
	p->offset = rec->offset;
	p->table = kvmexc_exc_table(e, added);
	p->key = rec->originator;
	if (rec->kind == KVMEXC_EXC_GLOB) {
		e->glob = (const u8 *)rec->glob[0] - base;
		p->key = kvmexc_glob_key(rec->glob[0]);
	}
}

/* Shapes @t for @n keys at most three quarters full (short probes); returns its slots. */
static u32 kvmexc_table_shape(struct kvmexc_table *t, u32 n)
{
	u32 slots = 2;

	t->shift = 31;
	while (slots < n + n / 3 + 1) {
		slots <<= 1;
		t->shift--;
	}
	t->mask = slots - 1;
	return slots;
}

/* The head slot for @key: its first exception, or the free slot for it. */
static struct kvmexc_exc *kvmexc_table_head_slot(struct kvmexc_table *t, u32 key)
{
	u32 i = kvmexc_table_hash(t, key);

	while (t->heads[i].kind && t->heads[i].originator != key)
		i = (i + 1) & t->mask;
	return &t->heads[i];
}

static struct kvmexc_slot *kvmexc_table_slot(struct kvmexc_table *t, u32 key)
{
	u32 i = kvmexc_table_hash(t, key);

	while (t->slots[i].count && t->slots[i].key != key)
		i = (i + 1) & t->mask;
	t->slots[i].key = key;
	return &t->slots[i];
}

/* Gives each key its run of entries starting at @base; returns the end. */
static u32 kvmexc_table_runs(struct kvmexc_table *t, u32 base)
{
	u32 i;

	for (i = 0; i <= t->mask; i++) {
		if (!t->slots[i].count)
			continue;
		t->slots[i].first = base;
		base += t->slots[i].count;
	}
	return base;
}

/* After placing (which advanced each run's first), move firsts back. */
static void kvmexc_table_rewind(struct kvmexc_table *t)
{
	u32 i;

	for (i = 0; i <= t->mask; i++)
		t->slots[i].first -= t->slots[i].count;
}

static int kvmexc_record_table(const struct kvmexc_record *rec, bool added)
{
	struct kvmexc_exc e = {
		.kind = rec->kind, .flags = rec->flags, .object_type = rec->object_type,
	};

	return kvmexc_exc_table(&e, added);
}

void kvmexc_count_record(struct kvmexc_counts *c, const struct kvmexc_record *rec, bool added)
{
	c->records++;
	if (rec->sig_type)
		c->sigs++;
	if (!rec->kind)
		return;
	c->kind[rec->kind]++;
	if (rec->flags & KVMEXC_FLAG_IGNORE)
		c->ignored++;
	else
		c->per_table[kvmexc_record_table(rec, added)]++;
}

/* Pass 1: validate every record and count what the index needs. */
static int kvmexc_count(const u8 *raw, size_t len, size_t start, bool added,
			struct kvmexc_counts *c, struct kvmexc_err *err)
{
	struct kvmexc_record rec;
	struct kvmexc_walk w;
	int ret;

	kvmexc_walk_init(&w, raw, len, start);
	while ((ret = kvmexc_walk_next(&w, &rec, err)) > 0)
		kvmexc_count_record(c, &rec, added);
	return ret;
}

int kvmexc_check_counts(const struct kvmexc_file_info *info, const struct kvmexc_counts *c,
			struct kvmexc_err *err)
{
	if (info->kernel_count != c->kind[KVMEXC_EXC_KM] ||
	    info->user_count != c->kind[KVMEXC_EXC_UM] ||
	    info->glob_count != c->kind[KVMEXC_EXC_GLOB] ||
	    info->kernel_user_count != c->kind[KVMEXC_EXC_KUM] ||
	    info->signature_count != c->sigs)
		return kvmexc_err_set(err, -EINVAL,
				      "header counts (kernel %u, user %u, glob %u, kernel-user %u, signatures %u) differ from the records (%u, %u, %u, %u, %u)",
				      info->kernel_count, info->user_count, info->glob_count,
				      info->kernel_user_count, info->signature_count,
				      c->kind[KVMEXC_EXC_KM], c->kind[KVMEXC_EXC_UM],
				      c->kind[KVMEXC_EXC_GLOB], c->kind[KVMEXC_EXC_KUM], c->sigs);
	return 0;
}

/* @bytes from *@at of @block (NULL: only measuring), 8-byte aligned. */
static void *kvmexc_carve(u8 *block, size_t *at, size_t bytes)
{
	void *p = block ? block + *at : NULL;

	*at += (bytes + 7) & ~(size_t)7;
	return p;
}

/*
 * A set and its index are one allocation (the file's copy apart): a
 * decision reads the set and one or two tables, and for the sets of a
 * few hundred exceptions a host runs with, those share a page. In the
 * fault path each page is a page walk after every VM exit. Called once
 * without a block to measure, once to place the arrays; returns the size.
 */
static size_t kvmexc_set_carve(struct kvmexc_set *set, u8 *block, const struct kvmexc_counts *c,
			       u32 n)
{
	size_t at = 0, slots;
	int t;

	kvmexc_carve(block, &at, sizeof(*set));
	for (t = 0; t < KVMEXC_T_HEADS; t++) {
		slots = kvmexc_table_shape(&set->tables[t], c->per_table[t]);
		set->tables[t].heads = kvmexc_carve(block, &at, slots * sizeof(struct kvmexc_exc));
	}
	for (; t < KVMEXC_T_COUNT; t++) {
		slots = kvmexc_table_shape(&set->tables[t], c->per_table[t]);
		set->tables[t].slots = kvmexc_carve(block, &at, slots * sizeof(struct kvmexc_slot));
	}
	slots = kvmexc_table_shape(&set->sig_table, c->sigs);
	set->sig_table.slots = kvmexc_carve(block, &at, slots * sizeof(struct kvmexc_slot));
	set->excs = kvmexc_carve(block, &at, ((size_t)n + 1) * sizeof(*set->excs));
	set->refs = kvmexc_carve(block, &at, ((size_t)n + 1) * sizeof(*set->refs));
	set->sigs = kvmexc_carve(block, &at, ((size_t)c->sigs + 1) * sizeof(*set->sigs));
	return at;
}

/* kvmalloc() refuses more, with a warning. */
#define KVMEXC_SET_BYTES_MAX	0x7fffffffu

/*
 * The set for @raw (taken over, freed on failure), its arrays zeroed; -E2BIG
 * (in @err) when it would be too large, -ENOMEM.
 */
static int kvmexc_set_alloc(struct kvmexc_set **setp, u8 *raw, size_t len,
			    const struct kvmexc_counts *c, u32 n, struct kvmexc_err *err)
{
	struct kvmexc_set shape = { 0 };
	struct kvmexc_set *set;
	size_t size;

	*setp = NULL;
	size = kvmexc_set_carve(&shape, NULL, c, n);
	if (size > KVMEXC_SET_BYTES_MAX) {
		kvmexc_free(raw);
		return kvmexc_err_set(err, -E2BIG,
				      "the index of %u exceptions would take %zu bytes, more than one allocation may",
				      n, size);
	}
	set = kvmexc_zalloc(size);
	if (!set) {
		kvmexc_free(raw);
		return -ENOMEM;
	}
	kvmexc_set_carve(set, (u8 *)set, c, n);
	set->raw = raw;
	set->raw_len = len;
	set->exc_count = n;
	set->sig_count = c->sigs;
	set->record_count = c->records;
	set->bytes = size + len;
	*setp = set;
	return 0;
}

/* Pass 2: collect exceptions (file order) and signatures (by id). */
static int kvmexc_collect(struct kvmexc_set *set, size_t start, bool added,
			  struct kvmexc_pending *pend)
{
	struct kvmexc_record rec;
	struct kvmexc_walk w;
	u32 n = 0, s = 0;
	int ret;

	kvmexc_walk_init(&w, set->raw, set->raw_len, start);
	while ((ret = kvmexc_walk_next(&w, &rec, NULL)) > 0) {
		if (rec.sig_type) {
			struct kvmexc_sig *sig = &set->sigs[s++];

			sig->id = rec.sig_id;
			sig->flags = rec.sig_flags;
			sig->body = rec.body - set->raw;
			sig->size = rec.size;
			sig->type = rec.sig_type;
			sig->record = rec.index;
			kvmexc_table_slot(&set->sig_table, rec.sig_id)->count++;
		}
		if (!rec.kind || (rec.flags & KVMEXC_FLAG_IGNORE))
			continue;
		kvmexc_pending_fill(&pend[n], &set->excs[n], &rec, set->raw, added);
		set->excs[n].index = n;
		set->kind_count[rec.kind]++;
		if (pend[n].table == KVMEXC_T_GLOB)
			kvmexc_table_slot(&set->tables[KVMEXC_T_GLOB], pend[n].key)->count++;
		n++;
	}
	if (ret < 0)	/* cannot happen: pass 1 validated the same bytes */
		return ret;
	kvmexc_table_runs(&set->tables[KVMEXC_T_GLOB], 0);
	kvmexc_table_runs(&set->sig_table, 0);
	return 0;
}

/* Signatures are placed by id (stable), so duplicate ids keep file order. */
static int kvmexc_place_sigs(struct kvmexc_set *set)
{
	struct kvmexc_sig *sorted;
	u32 i;

	sorted = kvmexc_alloc(((size_t)set->sig_count + 1) * sizeof(*sorted));
	if (!sorted)
		return -ENOMEM;
	for (i = 0; i < set->sig_count; i++)
		sorted[kvmexc_table_slot(&set->sig_table, set->sigs[i].id)->first++] = set->sigs[i];
	kvmexc_table_rewind(&set->sig_table);
	memcpy(set->sigs, sorted, set->sig_count * sizeof(*sorted));
	kvmexc_free(sorted);
	return 0;
}

int kvmexc_err_unknown_sig(struct kvmexc_err *err, u32 record, u32 offset, u32 id)
{
	return kvmexc_err_set(err, -EINVAL,
			      "record %u at offset 0x%x: signature id 0x%08x (type %u) is not a signature of the file",
			      record, offset, id, KVMEXC_SIG_ID_TYPE(id));
}

/* Every id an exception names must be a signature of the file. */
static int kvmexc_check_ids(const struct kvmexc_set *set, const struct kvmexc_exc *e,
			    u32 offset, struct kvmexc_err *err)
{
	u32 i, id, count;

	for (i = 0; i < e->sig_count; i++) {
		id = kvmexc_exc_id(set, e, i);
		kvmexc_table_find(&set->sig_table, id, &count);
		if (!count)
			return kvmexc_err_unknown_sig(err, e->record, offset, id);
	}
	return 0;
}

/*
 * Heads take a copy of the first exception of each key; the others are
 * listed in set->refs after the glob runs. With mostly distinct keys the
 * last pass has little to do.
 */
static void kvmexc_place_heads(struct kvmexc_set *set, struct kvmexc_pending *pend)
{
	u32 i, base = set->kind_count[KVMEXC_EXC_GLOB];
	struct kvmexc_exc *h;
	int t;

	for (i = 0; i < set->exc_count; i++) {
		struct kvmexc_table *tb = &set->tables[pend[i].table];

		if (pend[i].table == KVMEXC_T_GLOB)
			continue;
		h = kvmexc_table_head_slot(tb, pend[i].key);
		pend[i].slot = h - tb->heads;
		pend[i].head = !h->kind;
		if (pend[i].head)
			*h = set->excs[i];
		else
			h->next_count++;
	}
	for (t = 0; t < KVMEXC_T_HEADS; t++) {
		struct kvmexc_table *tb = &set->tables[t];

		for (i = 0; i <= tb->mask; i++) {
			tb->heads[i].next = base;
			base += tb->heads[i].next_count;
			tb->heads[i].next_count = 0;
		}
	}
	for (i = 0; i < set->exc_count; i++) {
		if (pend[i].table == KVMEXC_T_GLOB || pend[i].head)
			continue;
		h = &set->tables[pend[i].table].heads[pend[i].slot];
		set->refs[h->next + h->next_count++] = i;
	}
}

static int kvmexc_place_excs(struct kvmexc_set *set, struct kvmexc_pending *pend,
			     struct kvmexc_err *err)
{
	struct kvmexc_table *glob = &set->tables[KVMEXC_T_GLOB];
	u32 i;
	int ret;

	for (i = 0; i < set->exc_count; i++) {
		ret = kvmexc_check_ids(set, &set->excs[i], pend[i].offset, err);
		if (ret)
			return ret;
		if (pend[i].table == KVMEXC_T_GLOB)
			set->refs[kvmexc_table_slot(glob, pend[i].key)->first++] = i;
	}
	kvmexc_table_rewind(glob);
	kvmexc_place_heads(set, pend);
	return 0;
}

/* An added set's header counts are what its records hold. */
static void kvmexc_info_from_counts(struct kvmexc_file_info *info, const struct kvmexc_counts *c)
{
	info->kernel_count = c->kind[KVMEXC_EXC_KM];
	info->user_count = c->kind[KVMEXC_EXC_UM];
	info->glob_count = c->kind[KVMEXC_EXC_GLOB];
	info->kernel_user_count = c->kind[KVMEXC_EXC_KUM];
	info->signature_count = c->sigs;
}

struct kvmexc_set *kvmexc_set_build_raw(const void *buf, size_t len, size_t start,
					const struct kvmexc_file_info *info, bool added,
					struct kvmexc_err *err)
{
	struct kvmexc_counts c = { 0 };
	struct kvmexc_pending *pend = NULL;
	struct kvmexc_set *set = NULL;
	u8 *raw;
	u32 n;
	int ret;

	if (len >= 0xFFFFFFF0u) {
		kvmexc_err_set(err, -E2BIG, "file of %zu bytes is too large", len);
		return NULL;
	}
	raw = kvmexc_alloc(len ? len : 1);
	if (!raw)
		goto nomem;
	memcpy(raw, buf, len);
	ret = kvmexc_count(raw, len, start, added, &c, err);
	if (!ret && !added)
		ret = kvmexc_check_counts(info, &c, err);
	if (ret) {
		kvmexc_free(raw);
		return NULL;
	}
	for (n = 0, ret = 0; ret < KVMEXC_T_COUNT; ret++)
		n += c.per_table[ret];
	ret = kvmexc_set_alloc(&set, raw, len, &c, n, err);
	if (ret == -E2BIG)
		return NULL;
	pend = kvmexc_alloc(((size_t)n + 1) * sizeof(*pend));
	if (ret || !pend)
		goto nomem;
	set->info = *info;
	if (added)
		kvmexc_info_from_counts(&set->info, &c);
	ret = kvmexc_collect(set, start, added, pend);
	if (!ret)
		ret = kvmexc_place_sigs(set);
	if (ret == -ENOMEM)
		goto nomem;
	if (!ret)
		ret = kvmexc_place_excs(set, pend, err);
	if (ret)
		goto fail;
	kvmexc_free(pend);
	return set;
nomem:
	kvmexc_err_set(err, -ENOMEM, "out of memory for a set of %zu bytes", len);
fail:
	kvmexc_free(pend);
	kvmexc_set_free(set);
	return NULL;
}

struct kvmexc_set *kvmexc_set_build(const void *buf, size_t len, struct kvmexc_err *err)
{
	struct kvmexc_file_info info;

	if (kvmexc_format_header(buf, len, &info, err))
		return NULL;
	return kvmexc_set_build_raw(buf, len, sizeof(struct kvmexc_file_header), &info, false, err);
}

void kvmexc_set_free(struct kvmexc_set *set)
{
	if (!set)
		return;
	kvmexc_free(set->contexts);
	kvmexc_free(set->guests);
	kvmexc_free(set->raw);
	kvmexc_free(set);
}

void kvmexc_set_stats(const struct kvmexc_set *set, struct kvmexc_set_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (!set)
		return;
	st->kernel = set->kind_count[KVMEXC_EXC_KM];
	st->user = set->kind_count[KVMEXC_EXC_UM];
	st->glob = set->kind_count[KVMEXC_EXC_GLOB];
	st->kernel_user = set->kind_count[KVMEXC_EXC_KUM];
	st->signatures = set->sig_count;
	st->ignored = set->info.kernel_count + set->info.user_count + set->info.glob_count +
		      set->info.kernel_user_count - set->exc_count;
	st->bytes = set->bytes;
}

u32 kvmexc_set_hits(const struct kvmexc_set *set, const struct kvmexc_exc *e)
{
	int t = kvmexc_exc_table(e, set->contexts);
	const struct kvmexc_exc *h;

	/* The first exception of its key counts in its table's copy. */
	if (t != KVMEXC_T_GLOB) {
		h = kvmexc_table_head(&set->tables[t], e->originator);
		if (h && h->index == e->index)
			return kvmexc_counter_read(&h->hits);
	}
	return kvmexc_counter_read(&e->hits);
}
