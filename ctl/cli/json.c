// SPDX-License-Identifier: GPL-2.0
/*
 * excctl's JSON documents (see json.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json.h"

bool excctl_json_output;
bool excctl_json_pretty;

struct json_object *excctl_json_hex32(uint32_t v)
{
	char text[16];

	snprintf(text, sizeof(text), "0x%08x", v);
	return json_object_new_string(text);
}

struct json_object *excctl_json_hex64(uint64_t v)
{
	char text[24];

	snprintf(text, sizeof(text), "0x%llx", (unsigned long long)v);
	return json_object_new_string(text);
}

void excctl_json_add_u64(struct json_object *o, const char *key, uint64_t v)
{
	json_object_object_add(o, key, json_object_new_uint64(v));
}

void excctl_json_add_hex32(struct json_object *o, const char *key, uint32_t v)
{
	json_object_object_add(o, key, excctl_json_hex32(v));
}

void excctl_json_add_hex64(struct json_object *o, const char *key, uint64_t v)
{
	json_object_object_add(o, key, excctl_json_hex64(v));
}

void excctl_json_add_string(struct json_object *o, const char *key, const char *s)
{
	if (s)
		json_object_object_add(o, key, json_object_new_string(s));
}

/* '/' left alone: names and paths are full of them. */
const char *excctl_json_text(struct json_object *doc)
{
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE;

	flags |= excctl_json_pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED :
				      JSON_C_TO_STRING_PLAIN;
	return json_object_to_json_string_ext(doc, flags);
}

void excctl_json_print(FILE *out, struct json_object *doc)
{
	fprintf(out, "%s\n", excctl_json_text(doc));
	json_object_put(doc);
}

void excctl_json_array_begin(struct excctl_json_array *a, FILE *out)
{
	a->out = out;
	a->count = 0;
	fputc('[', out);
}

/* Indented one level more than json-c indents a document of its own. */
static void excctl_json_put_indented(FILE *out, const char *text)
{
	fputs("  ", out);
	for (; *text; text++) {
		fputc(*text, out);
		if (*text == '\n')	/* never inside a string: json-c escapes it there */
			fputs("  ", out);
	}
}

void excctl_json_array_add(struct excctl_json_array *a, struct json_object *item)
{
	const char *text = excctl_json_text(item);

	if (a->count++)
		fputc(',', a->out);
	if (excctl_json_pretty) {
		fputc('\n', a->out);
		excctl_json_put_indented(a->out, text);
	} else {
		fputs(text, a->out);
	}
	json_object_put(item);
}

void excctl_json_array_end(struct excctl_json_array *a)
{
	fputs(excctl_json_pretty && a->count ? "\n]\n" : "]\n", a->out);
}

/* Enough for every message one command prints; the rest is still shown. */
#define EXCCTL_JSON_KEPT_MAX 16384

static char excctl_json_kept[EXCCTL_JSON_KEPT_MAX];
static size_t excctl_json_kept_len;

static ssize_t excctl_json_tee(void *cookie, const char *buf, size_t len)
{
	size_t done = 0, room = sizeof(excctl_json_kept) - excctl_json_kept_len;
	ssize_t n;

	(void)cookie;
	memcpy(excctl_json_kept + excctl_json_kept_len, buf, len < room ? len : room);
	excctl_json_kept_len += len < room ? len : room;
	while (done < len) {
		n = write(STDERR_FILENO, buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += n;
	}
	return len;
}

void excctl_json_capture(void)
{
	static const cookie_io_functions_t tee = { .write = excctl_json_tee };
	static FILE *kept;

	excctl_json_kept_len = 0;
	if (kept)
		return;
	kept = fopencookie(NULL, "w", tee);
	if (!kept)
		return;
	setvbuf(kept, NULL, _IONBF, 0);
	/* glibc's stderr is a variable: libnl's messages come here too */
	stderr = kept;
}

/* The lines kept, as strings of @messages; the first, or NULL. */
static const char *excctl_json_kept_lines(struct json_object *messages)
{
	char *line = excctl_json_kept, *end = excctl_json_kept + excctl_json_kept_len, *nl;
	struct json_object *text;

	while (line < end) {
		nl = memchr(line, '\n', end - line);
		if (!nl)
			nl = end;
		if (nl > line) {
			text = json_object_new_string_len(line, nl - line);
			json_object_array_add(messages, text);
		}
		line = nl + 1;
	}
	if (!json_object_array_length(messages))
		return NULL;
	return json_object_get_string(json_object_array_get_idx(messages, 0));
}

void excctl_json_error(const char *cmd, int status)
{
	struct json_object *doc, *messages;
	const char *first;
	char fallback[64];

	if (!status || !excctl_json_output)
		return;
	doc = json_object_new_object();
	messages = json_object_new_array();
	first = excctl_json_kept_lines(messages);
	if (!first) {
		snprintf(fallback, sizeof(fallback), "excctl %s: exit status %d", cmd, status);
		first = fallback;
	}
	json_object_object_add(doc, "error", json_object_new_string(first));
	json_object_object_add(doc, "command", json_object_new_string(cmd));
	json_object_object_add(doc, "status", json_object_new_int(status));
	json_object_object_add(doc, "messages", messages);
	excctl_json_print(stdout, doc);
	fflush(stdout);
}
