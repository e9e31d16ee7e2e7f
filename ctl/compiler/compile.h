/* SPDX-License-Identifier: GPL-2.0 */
/*
 * excctl compile: JSON exceptions and signatures into exceptions.bin, byte
 * for byte as the reference generator (shared/spec/compiler.md).
 */
#ifndef _EXCCTL_COMPILE_H
#define _EXCCTL_COMPILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/names.h"
#include "jv.h"
#include "strmap.h"

/* ---- input text and error locations (cc_json.c) */

struct cc_file {
	char *path;
	const char *source;	/* the text, when it is not read from path */
	char *text;		/* what the parser's strings point into */
	size_t len;
	struct cc_arena *arena;	/* the text and values, shared by a compile's files */
	struct jv root;
};

/* A JSON path inside a file: keys and array indexes, outermost first. */
#define CC_PATH_MAX 6

struct cc_path {
	const struct cc_file *file;
	int depth;
	struct {
		const char *key;	/* NULL: an array index */
		long index;
	} seg[CC_PATH_MAX];
};

struct cc_path cc_path_child(const struct cc_path *parent, const char *key);
struct cc_path cc_path_index(const struct cc_path *parent, long index);

/* Prints "FILE:LINE: PATH: message" to stderr; returns -1. */
__printf(2, 3)
int cc_error(const struct cc_path *at, const char *fmt, ...);

/*
 * Files of one compile share @arena: thousands of small files then cost what
 * they hold, not a chunk each. cc_file_free() leaves the arena to its owner.
 */
int cc_file_load(struct cc_file *f, const char *path, struct cc_arena *arena);
int cc_file_from_text(struct cc_file *f, const char *name, const char *text,
		      struct cc_arena *arena);
void cc_file_free(struct cc_file *f);

/* Python's view of JSON values. */
bool cc_json_falsy(const struct jv *v);

/* A string field: unset (absent, null or another falsy value) or UTF-8. */
struct cc_str {
	const char *s;		/* NULL: unset */
	uint32_t len;
	bool raw;		/* decoded "\x" bytes (user exceptions), not text */
};

int cc_get_str(const struct jv *obj, const char *key, const struct cc_path *at,
	       struct cc_str *out);

/* Python iteration: array elements, string characters, object keys. */
struct cc_iter {
	const struct jv *v;
	size_t i;
	char ch[5];
};

int cc_iter_init(struct cc_iter *it, const struct jv *v, const struct cc_path *at);
/*
 * Next item as a string (NULL if it is not one) and as @obj (NULL for string
 * characters and object keys); false at the end.
 */
bool cc_iter_next(struct cc_iter *it, struct cc_str *str, const struct jv **obj);

/*
 * An error for the first key of @obj that is not in @known (NULL-ended),
 * naming @what the object is ("a kernel exception") and the known key it is
 * likely a typo of.
 */
int cc_check_keys(const struct jv *obj, const char *const *known, const char *what,
		  const struct cc_path *at);

/* Python int() of a JSON value: integers, booleans, floats (truncated), strings. */
int cc_py_int(const struct jv *v, int base, const struct cc_path *at, int64_t *out);
/* Python int(text, base) of a string. */
int cc_py_int_str(const char *s, size_t len, int base, int64_t *out);
/* An integer or boolean only (what struct.pack accepts). */
bool cc_json_int(const struct jv *v, int64_t *out);

/* ---- configuration (cc_config.c) */

struct cc_flag {
	const char *name;
	uint32_t bit;
};

struct cc_flag_table {
	struct cc_flag *v;
	size_t n;
};

enum cc_flag_tables {
	CC_FLAGS_COMMON,
	CC_FLAGS_KERNEL,
	CC_FLAGS_USER,
	CC_FLAGS_KERNEL_USER,
	CC_FLAGS_SIGNATURES,
	CC_FLAGS_N,
};

struct cc_config {
	struct cc_arena arena;
	struct cc_file file;
	char *stdin_text;	/* --config -: what file's messages quote */
	uint16_t version_major, version_minor;
	struct cc_flag_table flags[CC_FLAGS_N];
	const struct jv *types_kernel, *types_user, *types_kernel_user;
	const struct jv *sig_types, *process_creation, *groups;
	struct kvmexc_name_value *predefined[3];
	struct kvmexc_name_tables tables;
	/* what group names look like: byte lengths, first bytes */
	size_t group_min, group_max;
	uint64_t group_first[4];
};

int cc_config_load(struct cc_config *cfg, const char *path);
void cc_config_free(struct cc_config *cfg);

/* ---- the compile (compile.c, cc_exc.c, cc_sig.c, cc_out.c) */

enum cc_kind { CC_KERNEL, CC_USER, CC_APC, CC_GLOB, CC_KERNEL_USER };

/*
 * What an exception is rebuilt from when a group is expanded (spec 8): its
 * fields after the defaults and forced values, not yet lower-cased or
 * decoded (cc_state_value() does that when a group might match), its final
 * flag string and its references.
 */
struct cc_state {
	struct cc_str originator, object_type, victim, process;
	char *flags;
	const struct jv *signatures;
};

struct cc_exc {
	enum cc_kind kind;
	uint32_t originator, victim, process, flags;
	int32_t object_type;		/* as the config numbers it */
	uint32_t nsigs;
	uint32_t *sigs;
	struct cc_state st;		/* glob: the patterns written */
	const struct cc_file *file;	/* the JSON element it comes from */
	uint32_t index;			/* in the file's "Exceptions" */
	uint32_t seq;			/* list order, for stable sorts */
	const char *member;		/* group member of a copy, or NULL */
};

/* Where an exception comes from, for messages. */
struct cc_path cc_exc_at(const struct cc_exc *e);

struct cc_sig {
	uint32_t id;
	uint8_t rtype;
	uint8_t *body;
	size_t size;
	const char *range_error;	/* a value that does not fit its field */
	struct cc_path at;
	const char *name;		/* sig_id, for messages */
	bool used;
};

struct cc_vec {
	void **v;
	size_t n, cap;
};

int cc_vec_push(struct cc_vec *vec, void *item);

struct compiler {
	struct cc_config cfg;
	struct cc_arena arena;
	struct cc_strmap sig_ids;	/* sig_id key -> struct cc_sig * */
	size_t nsigs_built;
	bool user_flags_polluted;	/* spec 5.1: after the first kernel-user */
	struct cc_vec excs, sigs;	/* parse order */
	int verbose;
	bool strict;			/* dropped group exceptions are errors */
};

int cc_build_exceptions(struct compiler *cc, enum cc_kind kind,
			const struct jv *list, const struct cc_path *at);
int cc_build_signatures(struct compiler *cc, const struct jv *list,
			const struct cc_path *at);
int cc_expand_groups(struct compiler *cc);

struct cc_output {
	uint8_t *buf;
	size_t len, cap;
};

int cc_emit(struct compiler *cc, uint32_t build, struct cc_output *out);

/* Shared by the builders. */
int cc_flag_bits(struct compiler *cc, enum cc_kind kind, const char *flags,
		 bool signature, const struct cc_path *at, uint32_t *bits);
bool cc_has_token(const char *flags, const char *token);
int cc_sig_refs(struct compiler *cc, const struct jv *sigs,
		const struct cc_path *at, uint32_t **ids, size_t *n);
const char *cc_group(struct compiler *cc, const struct cc_str *value);
int cc_state_value(struct compiler *cc, const struct cc_exc *e, int field,
		   struct cc_str *out);

#endif /* _EXCCTL_COMPILE_H */
