/* SPDX-License-Identifier: GPL-2.0 */
/*
 * excctl's JSON output: every document is built with json-c and printed
 * here, compact (one document a line) or, with -p, indented. The fields
 * have one name and one type in every command (Documentation/excctl-json.rst):
 * counts and ids are numbers, 64-bit addresses, hashes and flag masks are
 * "0x..." strings, a value's name is the field's name with "_name" after it.
 */
#ifndef _EXCCTL_JSON_H
#define _EXCCTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>

/* --json or -j: documents instead of text; -p: indented (implies -j). */
extern bool excctl_json_output;
extern bool excctl_json_pretty;

/* A 32-bit hash, flag mask or id as "0x%08x". */
struct json_object *excctl_json_hex32(uint32_t v);
/* A 64-bit address or value as "0x%llx". */
struct json_object *excctl_json_hex64(uint64_t v);
/* Members of @o: a count, a "0x..." value, a string (none when NULL). */
void excctl_json_add_u64(struct json_object *o, const char *key, uint64_t v);
void excctl_json_add_hex32(struct json_object *o, const char *key, uint32_t v);
void excctl_json_add_hex64(struct json_object *o, const char *key, uint64_t v);
void excctl_json_add_string(struct json_object *o, const char *key, const char *s);

/* @doc's text as excctl prints it (owned by @doc): compact, or indented under -p. */
const char *excctl_json_text(struct json_object *doc);
/* Prints @doc and a newline to @out and lets go of @doc. */
void excctl_json_print(FILE *out, struct json_object *doc);

/*
 * An array printed an element at a time, so that a listing of a million
 * exceptions holds one element in memory, not a million.
 */
struct excctl_json_array {
	FILE *out;
	size_t count;
};

void excctl_json_array_begin(struct excctl_json_array *a, FILE *out);
/* Prints @item as the array's next element and lets go of it. */
void excctl_json_array_add(struct excctl_json_array *a, struct json_object *item);
void excctl_json_array_end(struct excctl_json_array *a);

/*
 * What a command prints to stderr is kept as well as shown, so that a
 * command that fails under --json can say why in a JSON error object on
 * stdout (excctl_json_error()) wherever in excctl or libnl the message was
 * printed. excctl_json_capture() starts keeping (anew for each command of
 * a batch).
 */
void excctl_json_capture(void);
/* For a command @cmd that ended with exit status @status under --json. */
void excctl_json_error(const char *cmd, int status);

#endif /* _EXCCTL_JSON_H */
