// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the offline decision of excctl eval. A buffer is an
 * EVENT.json text, a NUL byte, then an exceptions.bin: the event is read by
 * excctl's parser (ctl/eval/event.c), the file by the core's loader, and the
 * matcher decides the one against the other (a file that does not load
 * decides as no file, like excctl eval --offline).
 *
 *	build/tests/fuzz/fuzz_match tests/fuzz/corpus/fuzz_match
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "core/match.h"
#include "ctl/eval/event.h"

/* What excctl eval prints of the exception that decided: read it all. */
static void read_exception(const struct kvmexc_set *set, const struct kvmexc_decision *d)
{
	int i;

	if (!d->exc || d->from_added)
		return;
	kvmexc_set_hits(set, d->exc);
	for (i = 0; d->exc->kind == KVMEXC_EXC_GLOB && i < 3; i++)
		if (strlen(kvmexc_exc_glob(set, d->exc, i)) > KVMEXC_GLOB_MAX_LEN)
			abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct excctl_event ev;
	const u8 *nul = memchr(data, 0, size);
	size_t text_len = nul ? (size_t)(nul - data) : size;
	struct kvmexc_err err = { 0 };
	struct kvmexc_decision d;
	struct json_object *obj;
	struct kvmexc_set *set;
	char msg[256], *text;

	/* the event's text as excctl reads a file: with a NUL after it */
	text = strndup((const char *)data, text_len);
	if (!text)
		return 0;
	if (!excctl_event_from_text(text, text_len, &ev, &obj, msg, sizeof(msg))) {
		set = nul ? kvmexc_set_build(nul + 1, size - text_len - 1, &err) : NULL;
		kvmexc_match(set, NULL, &ev.v, &d);
		read_exception(set, &d);
		kvmexc_set_free(set);
		json_object_put(obj);
	} else if (!msg[0]) {
		/* every refusal names its reason */
		abort();
	}
	free(text);
	return 0;
}
