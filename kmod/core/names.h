/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Name hashing: the one function that turns a name into the value of a
 * name-hash field, for every (exception kind, field, guest OS). excctl
 * compile uses it for the names written in JSON and the module for the names
 * it sees in a guest, so both sides hash a name the same way.
 */
#ifndef _KVMEXC_CORE_NAMES_H
#define _KVMEXC_CORE_NAMES_H

#include "compat.h"

/* The exception kind (or signature) whose field a name is hashed for. */
enum kvmexc_name_kind {
	KVMEXC_KIND_KERNEL,		/* "kernel", record type 1 */
	KVMEXC_KIND_USER,		/* "user", record type 2 */
	KVMEXC_KIND_USER_APC,		/* "user-apc", record type 9 */
	KVMEXC_KIND_GLOB,		/* "user-glob-match": patterns, never hashed */
	KVMEXC_KIND_KERNEL_USER,	/* "kernel-user", record type 14 */
	KVMEXC_KIND_SIGNATURE,		/* export signatures (record type 4) */
};

enum kvmexc_name_field {
	KVMEXC_FIELD_ORIGINATOR,
	KVMEXC_FIELD_VICTIM,
	KVMEXC_FIELD_PROCESS,
	KVMEXC_FIELD_EXPORT_LIBRARY,	/* KVMEXC_KIND_SIGNATURE only */
	KVMEXC_FIELD_EXPORT_FUNCTION,	/* KVMEXC_KIND_SIGNATURE only */
};

/* The exception's flags that change hashing (kvmexc_name_ctx.flags). */
#define KVMEXC_NAME_LINUX	BIT(0)	/* flag "linux": case kept, comm length */
#define KVMEXC_NAME_MODULE_LOAD	BIT(1)	/* user flag "module-load" */
#define KVMEXC_NAME_KUM_USER	BIT(2)	/* kernel-user flag "user" */
/*
 * The name is the bytes a "*...\xNN..." user name decoded to, already
 * normalised: hashed as is, narrow, trimmed by bytes, never predefined. The
 * compiler needs it for group copies of such exceptions.
 */
#define KVMEXC_NAME_RAW		BIT(3)

/* A predefined name and its value; arrays end with a NULL name. */
struct kvmexc_name_value {
	const char *name;
	u32 value;
};

/* The three predefined-name tables of the configuration. */
struct kvmexc_name_tables {
	const struct kvmexc_name_value *kernel;		/* "kernel-mode" */
	const struct kvmexc_name_value *user;		/* "user-mode" */
	const struct kvmexc_name_value *signature;	/* "signature" */
};

/* The shipped tables: *, [own], [kernel], [hal], [vdso], [vsyscall], -. */
extern const struct kvmexc_name_tables kvmexc_name_shipped_tables;

struct kvmexc_name_ctx {
	enum kvmexc_name_kind kind;
	enum kvmexc_name_field field;
	/* In the kind's table: enum kvmexc_km_object, _um_object, _kum_object. */
	u8 object_type;
	u32 flags;				/* KVMEXC_NAME_* */
	const struct kvmexc_name_tables *tables;	/* NULL: the shipped ones */
};

/*
 * kvmexc_name_hash() - the value a name-hash field holds for @name.
 * @ctx:  the kind, field, object type and flags of the exception.
 * @name: the name, UTF-8 (not NUL-terminated; may contain NUL).
 * @len:  its length in bytes.
 * @hash: where the value goes.
 *
 * In the reference's order: kernel originators are reduced to their last
 * path component, the name is lower-cased like Python's str.lower() unless
 * the field keeps case (linux, export names, sud-modification victims), user
 * names of the form "*...\xNN..." are decoded to bytes, a predefined name
 * gives its value, otherwise the name is trimmed to 14 (15 for Linux comm)
 * characters where the field is a process name and CRC-ed as UTF-8 or as
 * UTF-16LE. An empty originator, library or function name gives
 * KVMEXC_NAME_EMPTY; an empty victim or process, KVMEXC_NAME_ANY.
 *
 * Return: 0; -EILSEQ for invalid UTF-8 (surrogates included); -EISDIR for a
 * path that ends with its separator; -EBADMSG for a malformed \x escape;
 * -EOPNOTSUPP for an escaped (byte) name in a field hashed as UTF-16; -EINVAL
 * for a kind/field pair that has no hash (glob patterns, for one).
 */
int kvmexc_name_hash(const struct kvmexc_name_ctx *ctx, const char *name,
		     size_t len, u32 *hash);

/*
 * kvmexc_name_lower() - @in lower-cased like Python's str.lower() (full case
 * mapping, final sigma; Unicode 14.0 as in Python 3.11), as UTF-8.
 *
 * Writes at most @size bytes to @out and returns the full length, as
 * snprintf() does (no terminator is written), or -EILSEQ for invalid UTF-8.
 */
long kvmexc_name_lower(const char *in, size_t len, char *out, size_t size);

/*
 * kvmexc_name_unescape() - the bytes a user name "*...\xNN..." stands for
 * (@in already lower-cased), decoded as the reference does before hashing.
 *
 * Writes at most @size bytes to @out. Returns the decoded length, 0 when @in
 * is not such a name, -EBADMSG for a malformed escape or -EILSEQ.
 */
long kvmexc_name_unescape(const char *in, size_t len, char *out, size_t size);

/* Python's str.isalpha() for one code point (used by path detection). */
bool kvmexc_name_isalpha(u32 cp);

/* The name of @table ("[kernel]", "*", ...) that hashes to @hash; NULL: none. */
const char *kvmexc_name_predefined(const struct kvmexc_name_value *table, u32 hash);

#endif /* _KVMEXC_CORE_NAMES_H */
