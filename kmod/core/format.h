/* SPDX-License-Identifier: GPL-2.0 */
/*
 * exceptions.bin: header and record validation. The only code that reads
 * the file's raw bytes; everything after it works on validated records.
 */
#ifndef _KVMEXC_CORE_FORMAT_H
#define _KVMEXC_CORE_FORMAT_H

#include "compat.h"
#include <linux/kvmexc.h>

/* Why a buffer was rejected: a code (negative errno) and a message. */
struct kvmexc_err {
	int code;
	char msg[192];
};

__printf(3, 4)
int kvmexc_err_set(struct kvmexc_err *err, int code, const char *fmt, ...);

/* One validated record. Pointers point into the buffer that was walked. */
struct kvmexc_record {
	u32 index;		/* 0 for the first record after the header */
	u32 offset;		/* of the record header in the buffer */
	u8 type;
	u16 size;
	const u8 *body;
	/* exception records (kind != 0) */
	u8 kind;
	u8 object_type;
	u16 sig_count;
	u32 originator, victim, process, flags;
	const u8 *sig_ids;	/* sig_count little-endian u32 */
	const char *glob[3];	/* originator, victim, process patterns */
	/* signature records (sig_type != 0) */
	u16 sig_type;
	u32 sig_id, sig_flags;
};

struct kvmexc_file_info {
	u16 major, minor;
	u32 build;
	u32 kernel_count, user_count, signature_count, glob_count, kernel_user_count;
	bool newer_minor;	/* minor > 2: loaded, with a warning */
};

/* Walks the records of a buffer, validating each one. */
struct kvmexc_walk {
	const u8 *buf;
	size_t len;
	size_t pos;
	size_t origin;		/* offset of buf[0] in the file */
	u32 index;
};

int kvmexc_format_header(const void *buf, size_t len, struct kvmexc_file_info *info,
			 struct kvmexc_err *err);
void kvmexc_walk_init(struct kvmexc_walk *w, const void *buf, size_t len, size_t start);
/*
 * Goes on in @buf, which holds the @len bytes of the file from the walk's
 * position on: a window that slides over a file too large to hold. Offsets
 * stay those of the file. The window must hold the largest record
 * (KVMEXC_WALK_WINDOW_MIN bytes) or the rest of the file, or a record that
 * does not fit in it is refused as running past the end.
 */
void kvmexc_walk_slide(struct kvmexc_walk *w, const void *buf, size_t len);
#define KVMEXC_WALK_WINDOW_MIN	(sizeof(struct kvmexc_record_header) + 0xFFFF)

/* 1: @rec holds the next record; 0: end of the buffer; < 0: invalid (@err). */
int kvmexc_walk_next(struct kvmexc_walk *w, struct kvmexc_record *rec, struct kvmexc_err *err);

/* Signature type of a record type, 0 if it is not a signature record. */
u16 kvmexc_sig_type_of_record(u8 type);

/* Body accessors for the signature checks (bodies were validated by the walk). */
static inline u32 kvmexc_le32(const u8 *p)
{
	return get_unaligned_le32(p);
}

static inline u16 kvmexc_le16(const u8 *p)
{
	return get_unaligned_le16(p);
}

#endif /* _KVMEXC_CORE_FORMAT_H */
