// SPDX-License-Identifier: GPL-2.0
/*
 * Added exceptions: put in force at run time by ADD (made from an alert, or
 * one exception compiled from JSON), beside the loaded file. Each entry
 * keeps the records it was added with; every change builds a new immutable
 * object holding one set of all entries (signature ids renumbered so
 * entries cannot collide), so readers match against it exactly like
 * against a loaded file, without locks.
 */
#include "internal.h"

/* Signatures one entry may carry (the reference builds at most three). */
#define KVMEXC_ADDED_MAX_SIGS	16

static size_t kvmexc_added_total(const struct kvmexc_added *a)
{
	size_t total = 0;
	u32 i;

	for (i = 0; a && i < a->count; i++)
		total += a->entries[i].len;
	return total;
}

/* Rewrites the ids of one entry copy to fresh ones from *next. */
static void kvmexc_added_renumber(u8 *buf, u32 len, u32 *next)
{
	u32 old_ids[KVMEXC_ADDED_MAX_SIGS], new_ids[KVMEXC_ADDED_MAX_SIGS];
	struct kvmexc_record rec;
	struct kvmexc_walk w;
	u32 n = 0, i, k;

	kvmexc_walk_init(&w, buf, len, 0);
	while (kvmexc_walk_next(&w, &rec, NULL) > 0 && n < KVMEXC_ADDED_MAX_SIGS) {
		if (!rec.sig_type)
			continue;
		old_ids[n] = rec.sig_id;
		new_ids[n] = KVMEXC_SIG_ID(rec.sig_type, (*next)++);
		put_unaligned_le32(new_ids[n], (u8 *)rec.body);
		n++;
	}
	kvmexc_walk_init(&w, buf, len, 0);
	while (kvmexc_walk_next(&w, &rec, NULL) > 0) {
		for (i = 0; rec.kind && i < rec.sig_count; i++) {
			u8 *p = (u8 *)rec.sig_ids + 4 * i;

			for (k = 0; k < n; k++)
				if (kvmexc_le32(p) == old_ids[k]) {
					put_unaligned_le32(new_ids[k], p);
					break;
				}
		}
	}
}

/* The entry each record of the concatenated entries comes from. */
static u32 *kvmexc_added_entry_of_record(const struct kvmexc_added *a, size_t total)
{
	/* a record takes at least its 3-byte header */
	u32 *entry_of = kvmexc_alloc((total / 3 + 1) * sizeof(*entry_of));
	u32 i, records = 0;

	for (i = 0; entry_of && i < a->count; i++) {
		struct kvmexc_record rec;
		struct kvmexc_walk w;

		kvmexc_walk_init(&w, a->entries[i].records, a->entries[i].len, 0);
		while (kvmexc_walk_next(&w, &rec, NULL) > 0)
			entry_of[records++] = i;
	}
	return entry_of;
}

/* Context and guest of each of the set's exceptions (one per entry, in order). */
static int kvmexc_added_tag(struct kvmexc_added *a, const u32 *entry_of)
{
	struct kvmexc_set *set = a->set;
	u32 i;

	set->contexts = kvmexc_alloc(set->exc_count * sizeof(*set->contexts));
	set->guests = kvmexc_alloc(set->exc_count * sizeof(*set->guests));
	if (!set->contexts || !set->guests)
		return -ENOMEM;
	for (i = 0; i < set->exc_count; i++) {
		const struct kvmexc_added_entry *ent = &a->entries[entry_of[set->excs[i].record]];

		set->contexts[i] = ent->context;
		set->guests[i] = ent->guest;
	}
	set->bytes += set->exc_count * (sizeof(*set->contexts) + sizeof(*set->guests));
	return 0;
}

/* One set from every entry, each exception tagged with its entry's context and guest. */
static int kvmexc_added_index(struct kvmexc_added *a, struct kvmexc_err *err)
{
	struct kvmexc_file_info info = { .major = 2, .minor = 2 };
	size_t total = kvmexc_added_total(a), pos = 0;
	u32 i, next = 1, *entry_of;
	int ret = -ENOMEM;
	u8 *buf;

	if (!a->count)
		return 0;
	buf = kvmexc_alloc(total);
	entry_of = kvmexc_added_entry_of_record(a, total);
	if (!buf || !entry_of)
		goto out;
	for (i = 0; i < a->count; i++) {
		memcpy(buf + pos, a->entries[i].records, a->entries[i].len);
		kvmexc_added_renumber(buf + pos, a->entries[i].len, &next);
		pos += a->entries[i].len;
	}
	a->set = kvmexc_set_build_raw(buf, total, 0, &info, true, err);
	if (!a->set) {
		ret = err->code;
		goto out;
	}
	ret = kvmexc_added_tag(a, entry_of);
out:
	kvmexc_free(buf);
	kvmexc_free(entry_of);
	if (ret == -ENOMEM)
		kvmexc_err_set(err, ret, "out of memory for %u added exceptions", a->count);
	return ret;
}

/* One exception (kernel, user or kernel-user) and the signatures it names. */
static int kvmexc_added_validate(const void *records, size_t len, struct kvmexc_err *err)
{
	struct kvmexc_file_info info = { .major = 2, .minor = 2 };
	struct kvmexc_record rec;
	struct kvmexc_walk w;
	u32 excs = 0, sigs = 0;
	struct kvmexc_set *one;
	int ret;

	if (!records || !len || len > 0xFFFF * 4)
		return kvmexc_err_set(err, -EINVAL, "added exception of %zu bytes", len);
	kvmexc_walk_init(&w, records, len, 0);
	while ((ret = kvmexc_walk_next(&w, &rec, err)) > 0) {
		if (rec.kind == KVMEXC_EXC_GLOB || (!rec.kind && !rec.sig_type))
			return kvmexc_err_set(err, -EINVAL,
					      "record %u at offset 0x%x: type %u cannot be an added exception",
					      rec.index, rec.offset, rec.type);
		excs += !!rec.kind;
		sigs += !!rec.sig_type;
	}
	if (ret < 0)
		return ret;
	if (excs != 1 || sigs > KVMEXC_ADDED_MAX_SIGS)
		return kvmexc_err_set(err, -EINVAL,
				      "an entry holds %u exceptions and %u signatures (1 and at most %u)",
				      excs, sigs, KVMEXC_ADDED_MAX_SIGS);
	/* Resolves the exception's ids against the entry's own signatures. */
	one = kvmexc_set_build_raw(records, len, 0, &info, true, err);
	if (!one)
		return err->code;
	kvmexc_set_free(one);
	return 0;
}

static struct kvmexc_added *kvmexc_added_alloc(u32 count)
{
	struct kvmexc_added *a = kvmexc_zalloc(sizeof(*a));

	if (!a)
		return NULL;
	a->entries = kvmexc_zalloc((count + 1) * sizeof(*a->entries));
	if (!a->entries) {
		kvmexc_free(a);
		return NULL;
	}
	return a;
}

static int kvmexc_added_append(struct kvmexc_added *a, const struct kvmexc_added_entry *from)
{
	struct kvmexc_added_entry *ent = &a->entries[a->count];

	ent->records = kvmexc_alloc(from->len);
	if (!ent->records)
		return -ENOMEM;
	memcpy(ent->records, from->records, from->len);
	ent->len = from->len;
	ent->context = from->context;
	ent->guest = from->guest;
	a->count++;
	return 0;
}

/* Finishes a new object: index it and account its memory. */
static struct kvmexc_added *kvmexc_added_finish(struct kvmexc_added *a, int ret,
						struct kvmexc_err *err)
{
	u32 i;

	if (ret) {
		kvmexc_err_set(err, ret, "out of memory for %u added exceptions", a->count);
		kvmexc_added_free(a);
		return NULL;
	}
	if (kvmexc_added_index(a, err)) {
		kvmexc_added_free(a);
		return NULL;
	}
	a->bytes = sizeof(*a) + (a->count + 1) * sizeof(*a->entries) + (a->set ? a->set->bytes : 0);
	for (i = 0; i < a->count; i++)
		a->bytes += a->entries[i].len;
	return a;
}

struct kvmexc_added *kvmexc_added_insert_for(const struct kvmexc_added *old, u64 context,
					     u32 guest, const void *records, size_t len,
					     struct kvmexc_err *err)
{
	struct kvmexc_added_entry added = {
		.context = context, .guest = guest, .len = len, .records = (u8 *)records,
	};
	u32 n = old ? old->count : 0, i;
	struct kvmexc_added *a;
	int ret = 0;

	if (kvmexc_added_validate(records, len, err))
		return NULL;
	a = kvmexc_added_alloc(n + 1);
	if (!a) {
		kvmexc_err_set(err, -ENOMEM, "out of memory for %u added exceptions", n + 1);
		return NULL;
	}
	for (i = 0; i < n && !ret; i++)
		ret = kvmexc_added_append(a, &old->entries[i]);
	if (!ret)
		ret = kvmexc_added_append(a, &added);
	return kvmexc_added_finish(a, ret, err);
}

/* Which entries a removal takes. */
struct kvmexc_added_sel {
	bool by_guest;
	u64 context;
	u32 guest;
};

static bool kvmexc_added_selected(const struct kvmexc_added_entry *ent,
				  const struct kvmexc_added_sel *sel)
{
	return sel->by_guest ? ent->guest == sel->guest : ent->context == sel->context;
}

static struct kvmexc_added *kvmexc_added_drop(const struct kvmexc_added *old,
					      const struct kvmexc_added_sel *sel,
					      struct kvmexc_err *err)
{
	u32 n = old ? old->count : 0, i, kept = 0;
	struct kvmexc_added *a;
	int ret = 0;

	for (i = 0; i < n; i++)
		kept += !kvmexc_added_selected(&old->entries[i], sel);
	if (kept == n) {
		if (sel->by_guest)
			kvmexc_err_set(err, -ENOENT, "no added exception of guest %u", sel->guest);
		else
			kvmexc_err_set(err, -ENOENT, "no added exception with context 0x%llx",
				       (unsigned long long)sel->context);
		return NULL;
	}
	a = kvmexc_added_alloc(kept);
	if (!a) {
		kvmexc_err_set(err, -ENOMEM, "out of memory for %u added exceptions", kept);
		return NULL;
	}
	for (i = 0; i < n && !ret; i++)
		if (!kvmexc_added_selected(&old->entries[i], sel))
			ret = kvmexc_added_append(a, &old->entries[i]);
	return kvmexc_added_finish(a, ret, err);
}

struct kvmexc_added *kvmexc_added_remove(const struct kvmexc_added *old, u64 context,
					 struct kvmexc_err *err)
{
	struct kvmexc_added_sel sel = { .context = context };

	return kvmexc_added_drop(old, &sel, err);
}

struct kvmexc_added *kvmexc_added_remove_guest(const struct kvmexc_added *old, u32 guest,
					       struct kvmexc_err *err)
{
	struct kvmexc_added_sel sel = { .by_guest = true, .guest = guest };

	return kvmexc_added_drop(old, &sel, err);
}

void kvmexc_added_free(struct kvmexc_added *a)
{
	u32 i;

	if (!a)
		return;
	for (i = 0; i < a->count; i++)
		kvmexc_free(a->entries[i].records);
	kvmexc_free(a->entries);
	kvmexc_set_free(a->set);
	kvmexc_free(a);
}

u32 kvmexc_added_count(const struct kvmexc_added *a)
{
	return a ? a->count : 0;
}

size_t kvmexc_added_bytes(const struct kvmexc_added *a)
{
	return a ? a->bytes : 0;
}

const struct kvmexc_set *kvmexc_added_set(const struct kvmexc_added *added)
{
	return added ? added->set : NULL;
}
