/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Serialized alert blobs (shared/spec/alerts.md): the parser of any blob,
 * the alert printout, the exception and signature JSON derived from it
 * (spec section 6, corrected so that excctl compile takes it) and the
 * EVENT.json of its violation. Documentation/alerts.rst.
 */
#ifndef _EXCCTL_DECODE_H
#define _EXCCTL_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <json-c/json.h>

#include "core/blob.h"

/* How a field is laid out on the wire. */
enum excctl_fkind {
	EXCCTL_FK_U8,
	EXCCTL_FK_U16,
	EXCCTL_FK_U32,
	EXCCTL_FK_U64,
	EXCCTL_FK_STR,		/* SERIALIZER_STRING */
	EXCCTL_FK_BYTES,	/* @n raw bytes */
	EXCCTL_FK_U64S,		/* @n u64 values */
	EXCCTL_FK_U32S,		/* as many u32 as field @n says */
	EXCCTL_FK_STRS,		/* as many strings as field @n says */
	EXCCTL_FK_LENBYTES,	/* as many bytes as field @n says */
};

/* How a number is shown. */
enum excctl_ffmt { EXCCTL_FMT_HEX16, EXCCTL_FMT_HEX8, EXCCTL_FMT_DEC, EXCCTL_FMT_HEX };

struct excctl_fdesc {
	const char *label;	/* the reference deserializer's, where it prints one */
	const char *key;	/* in --json */
	u8 kind;
	u8 fmt;
	u16 n;
};

struct excctl_odesc {
	const char *name;	/* the reference deserializer's description */
	const struct excctl_fdesc *fields;
	u32 nfields;
};

/* Indexed by object type; a NULL name: a type this code does not know. */
extern const struct excctl_odesc excctl_odescs[KVMEXC_BLOB_OBJ_MAX + 1];

struct excctl_field {
	const struct excctl_fdesc *d;
	u32 off;		/* in the blob */
	u64 num;		/* numbers; counts of arrays */
	const u8 *p;		/* strings, byte and number arrays */
	u32 len;		/* bytes at @p */
	u8 enc;			/* strings: KVMEXC_BLOB_UTF8 or _UTF16 */
};

enum excctl_section { EXCCTL_SEC_NONE, EXCCTL_SEC_ORIGINATOR, EXCCTL_SEC_VICTIM, EXCCTL_SEC_MISC };

struct excctl_obj {
	u32 off;
	u32 version;
	u16 type;
	u16 size;
	u8 section;
	const struct excctl_odesc *desc;	/* NULL: unknown type or version, skipped */
	struct excctl_field *fields;
	u32 nfields;
};

struct excctl_blob {
	u8 *raw;
	u32 len;
	u32 type, guest, event, arch;
	u16 size;
	struct excctl_obj *objs;
	u32 nobjs;
};

/* Where an error message goes. */
struct excctl_err {
	char *buf;
	size_t len;
};

/* Writes the message to @e; returns -1. */
__printf(2, 3) int excctl_fail(const struct excctl_err *e, const char *fmt, ...);

/*
 * Reads @text: base64 (surrounding white space ignored, non-canonical pad
 * bits accepted) or, with @binary, the raw blob. Errors name the byte
 * offset and go to @err; -1 then.
 */
int excctl_blob_parse(const char *text, size_t len, bool binary, struct excctl_blob *b,
		      char *err, size_t errlen);
void excctl_blob_free(struct excctl_blob *b);

/* The first object of @type in @sec (EXCCTL_SEC_NONE: anywhere), or NULL. */
const struct excctl_obj *excctl_blob_find(const struct excctl_blob *b, u8 sec, u16 type);
/* The field labelled @label of @o, or NULL. */
const struct excctl_field *excctl_obj_field(const struct excctl_obj *o, const char *label);
/* A string field as UTF-8 (UTF-16 converted), NULs kept; free() it. */
char *excctl_field_utf8(const struct excctl_field *f, size_t *len);

/* Names of the header's values and of INTRO_OBJECT_TYPE (C numbering). */
const char *excctl_blob_type_name(u32 type);
const char *excctl_blob_guest_name(u32 guest);
const char *excctl_blob_object_name(u32 object_type);

/* The alert, readable (for excctl decode --alert and excctl monitor). */
void excctl_blob_print(const struct excctl_blob *b, FILE *out);
/* The alert as one JSON object. */
struct json_object *excctl_blob_json(const struct excctl_blob *b);

/*
 * The exception and signatures the alert asks for, as two objects that
 * excctl compile takes ({"Type", "Exceptions"} and {"Type", "Signatures"}).
 * -1 with a message in @err when the alert gives none.
 */
int excctl_blob_exception(const struct excctl_blob *b, struct json_object **exc,
			  struct json_object **sigs, char *err, size_t errlen);

/* "read", "write" or "exec" for an EPT object's Type; NULL for none. */
const char *excctl_ept_access(u64 type);

/* Names as the exception has them: last '\' component, no NULs; or NULL. */
struct json_object *excctl_process_name(const struct excctl_blob *b, u8 sec);
struct json_object *excctl_module_name(const struct excctl_blob *b, u8 sec);
/* With @ret, the return driver, else the original one. */
struct json_object *excctl_driver_name(const struct excctl_blob *b, u8 sec, bool ret);
/* The module of the victim section an export belongs to. */
struct json_object *excctl_export_library(const struct excctl_blob *b);
const struct excctl_field *excctl_find_field(const struct excctl_blob *b, u8 sec, u16 type,
					     const char *label);

/* The EVENT.json of the alert's violation (Documentation/event-json.rst). */
int excctl_blob_event(const struct excctl_blob *b, struct json_object **event, char *err,
		      size_t errlen);

struct excctl_blobs {
	struct excctl_blob *v;
	size_t n;
};

/*
 * The blobs of base64 @text, as people paste them: each starts on a line of
 * its own and may be wrapped at any width (its lines but the last as long
 * as its first); white space is ignored, blank lines end a blob. A line
 * that begins with a blob header begins a new blob. With @binary, @text is
 * one raw blob. Errors name the blob, when there are several.
 */
int excctl_blobs_parse(const char *text, size_t len, bool binary, struct excctl_blobs *bl,
		       char *err, size_t errlen);
void excctl_blobs_free(struct excctl_blobs *bl);

/*
 * Reads the blob argument of decode and add-from-alert: B64, --file F or
 * - (standard input); F holds base64 blobs, or a raw blob with --binary.
 */
int excctl_blobs_load(const char *arg, const char *file, bool binary, struct excctl_blobs *bl);

#endif /* _EXCCTL_DECODE_H */
