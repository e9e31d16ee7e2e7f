/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny record writer for the matcher tests: builds exceptions.bin images
 * in memory, record by record, with the header counts filled in.
 */
#ifndef _KVMEXC_TESTS_REC_H
#define _KVMEXC_TESTS_REC_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/compat.h"
#include <linux/kvmexc.h>

struct rec_buf {
	u8 *data;
	size_t len, cap;
	u32 km, um, sig, glob, kum;
	bool raw;		/* no file header (added exceptions) */
};

static inline void rb_bytes(struct rec_buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 64;
		b->data = realloc(b->data, b->cap);
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

static inline void rb_u8(struct rec_buf *b, u8 v) { rb_bytes(b, &v, 1); }
static inline void rb_u16(struct rec_buf *b, u16 v) { rb_bytes(b, &v, 2); }
static inline void rb_u32(struct rec_buf *b, u32 v) { rb_bytes(b, &v, 4); }
static inline void rb_u64(struct rec_buf *b, u64 v) { rb_bytes(b, &v, 8); }

static inline void rb_init(struct rec_buf *b)
{
	memset(b, 0, sizeof(*b));
	rb_bytes(b, &(struct kvmexc_file_header){ 0 }, sizeof(struct kvmexc_file_header));
}

static inline void rb_init_raw(struct rec_buf *b)
{
	memset(b, 0, sizeof(*b));
	b->raw = true;
}

/* Starts a record; returns the offset of its size field for rb_end. */
static inline size_t rb_begin(struct rec_buf *b, u8 type)
{
	size_t at;

	rb_u8(b, type);
	at = b->len;
	rb_u16(b, 0);
	return at;
}

static inline void rb_end(struct rec_buf *b, size_t at)
{
	u16 size = b->len - at - 2;

	memcpy(b->data + at, &size, 2);
}

/* Fills the header (magic, version 2.2, counts) and returns the image. */
static inline u8 *rb_finish(struct rec_buf *b)
{
	struct kvmexc_file_header h = {
		.magic = KVMEXC_FILE_MAGIC, .version_major = 2, .version_minor = 2,
		.kernel_count = b->km, .user_count = b->um, .signature_count = b->sig,
		.glob_count = b->glob, .kernel_user_count = b->kum, .build = 7,
	};

	if (!b->raw)
		memcpy(b->data, &h, sizeof(h));
	return b->data;
}

static inline void rb_ids(struct rec_buf *b, int n, const u32 *ids)
{
	int i;

	for (i = 0; i < n; i++)
		rb_u32(b, ids[i]);
}

/* Kernel (1), user (2), user-apc (9) or kernel-user (14) exception. */
static inline void rb_exc(struct rec_buf *b, u8 type, u32 orig, u32 victim, u32 process,
			  u32 flags, u8 object, int n, const u32 *ids)
{
	size_t at = rb_begin(b, type);

	rb_u32(b, orig);
	if (type == KVMEXC_REC_KERNEL) {
		rb_u32(b, 0xFFFFFFFF);
		rb_u32(b, victim);
		b->km++;
	} else {
		rb_u32(b, victim);
		rb_u32(b, process);
		if (type == KVMEXC_REC_KERNEL_USER)
			b->kum++;
		else
			b->um++;
	}
	rb_u32(b, flags);
	rb_u8(b, 0);
	rb_u8(b, object);
	rb_u16(b, n);
	rb_ids(b, n, ids);
	rb_end(b, at);
}

static inline void rb_glob(struct rec_buf *b, const char *o, const char *v, const char *p,
			   u32 flags, u8 object, int n, const u32 *ids)
{
	size_t at = rb_begin(b, KVMEXC_REC_USER_GLOB);

	rb_u32(b, flags);
	rb_u8(b, 0);
	rb_u8(b, object);
	rb_u16(b, n);
	rb_bytes(b, o, strlen(o) + 1);
	rb_bytes(b, v, strlen(v) + 1);
	rb_bytes(b, p, strlen(p) + 1);
	rb_ids(b, n, ids);
	rb_end(b, at);
	b->glob++;
}

static inline size_t rb_sig_begin(struct rec_buf *b, u8 type, u32 id, u32 flags)
{
	size_t at = rb_begin(b, type);

	rb_u32(b, id);
	rb_u32(b, flags);
	b->sig++;
	return at;
}

/* Codeblocks: one list of @n hashes (more lists: call rb_cb_list). */
static inline size_t rb_cb(struct rec_buf *b, u32 id, u32 flags, u8 score, u8 lists)
{
	size_t at = rb_sig_begin(b, KVMEXC_REC_SIG_CODEBLOCKS, id, flags);

	rb_u8(b, score);
	rb_u8(b, lists);
	return at;
}

static inline void rb_cb_list(struct rec_buf *b, int n, const u32 *hashes)
{
	rb_u8(b, n);
	rb_ids(b, n, hashes);
}

static inline void rb_cb1(struct rec_buf *b, u32 id, u32 flags, u8 score, int n,
			  const u32 *hashes)
{
	size_t at = rb_cb(b, id, flags, score, 1);

	rb_cb_list(b, n, hashes);
	rb_end(b, at);
}

static inline void rb_export(struct rec_buf *b, u32 id, u32 flags, u32 lib, u32 name, u16 delta)
{
	size_t at = rb_sig_begin(b, KVMEXC_REC_SIG_EXPORT, id, flags);

	rb_u32(b, lib);
	rb_u8(b, 1);
	rb_u8(b, 0); rb_u8(b, 0); rb_u8(b, 0);
	rb_u16(b, delta);
	rb_u16(b, 0);
	rb_u32(b, name);
	rb_end(b, at);
}

static inline void rb_value(struct rec_buf *b, u32 id, u32 flags, u8 score, u16 off, u16 size,
			    u32 hash)
{
	size_t at = rb_sig_begin(b, KVMEXC_REC_SIG_VALUE, id, flags);

	rb_u8(b, score);
	rb_u8(b, 1);
	rb_u16(b, 0);
	rb_u16(b, off);
	rb_u16(b, size);
	rb_u32(b, 0);
	rb_u32(b, hash);
	rb_end(b, at);
}

static inline void rb_value_code(struct rec_buf *b, u32 id, u32 flags, s16 off, int n,
				 const u16 *words)
{
	size_t at = rb_sig_begin(b, KVMEXC_REC_SIG_VALUE_CODE, id, flags);
	int i;

	rb_u16(b, (u16)off);
	rb_u16(b, n);
	for (i = 0; i < n; i++)
		rb_u16(b, words[i]);
	rb_end(b, at);
}

static inline void rb_idt(struct rec_buf *b, u32 id, u32 flags, u8 entry)
{
	size_t at = rb_sig_begin(b, KVMEXC_REC_SIG_IDT, id, flags);

	rb_u8(b, entry);
	rb_u8(b, 0); rb_u8(b, 0); rb_u8(b, 0);
	rb_end(b, at);
}

/* Version-os (11), version-intro (12): two 8-byte bounds. */
static inline void rb_version(struct rec_buf *b, u8 type, u32 id, u32 flags, u64 min, u64 max)
{
	size_t at = rb_sig_begin(b, type, id, flags);

	rb_u64(b, min);
	rb_u64(b, max);
	rb_end(b, at);
}

static inline void rb_pc(struct rec_buf *b, u32 id, u32 flags, u32 mask)
{
	size_t at = rb_sig_begin(b, KVMEXC_REC_SIG_PROCESS_CREATION, id, flags);

	rb_u32(b, mask);
	rb_u32(b, 0); rb_u32(b, 0); rb_u32(b, 0);
	rb_end(b, at);
}

/* Reads a whole file (the shared vectors); NULL if it cannot. */
static inline u8 *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	u8 *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 && !fseek(f, 0, SEEK_SET)) {
		buf = malloc(n + 1);
		if (buf && fread(buf, 1, n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = n;
	}
	fclose(f);
	return buf;
}

#endif /* _KVMEXC_TESTS_REC_H */
