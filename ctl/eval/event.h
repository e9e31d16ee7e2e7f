/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EVENT.json: one violation described in JSON (Documentation/event-json.rst),
 * read into the core's struct kvmexc_violation.
 */
#ifndef _EXCCTL_EVENT_H
#define _EXCCTL_EVENT_H

#include <json-c/json.h>
#include <linux/kvmexc.h>

#include "core/match.h"

#define EXCCTL_EVENT_MAX_BLOCKS	1024
#define EXCCTL_EVENT_MAX_BYTES	4096
#define EXCCTL_EVENT_MAX_NAMES	16

struct excctl_code_store {
	u32 blocks[EXCCTL_EVENT_MAX_BLOCKS];
	u8 bytes[EXCCTL_EVENT_MAX_BYTES];
};

/* The violation and the storage its pointers point into. */
struct excctl_event {
	struct kvmexc_violation v;
	struct excctl_code_store orig, ret;
	u32 export_names[EXCCTL_EVENT_MAX_NAMES];
	u8 data[EXCCTL_EVENT_MAX_BYTES];
};

/* Every event excctl reads fits in one EVAL. */
_Static_assert(sizeof(((struct excctl_code_store *)0)->bytes) <= KVMEXC_EVAL_CODE_MAX &&
	       sizeof(((struct excctl_event *)0)->data) <= KVMEXC_EVAL_DATA_MAX &&
	       sizeof(((struct excctl_code_store *)0)->blocks) <= 4 * KVMEXC_EVAL_HASHES_MAX &&
	       sizeof(((struct excctl_event *)0)->export_names) <= 4 * KVMEXC_EVAL_HASHES_MAX,
	       "an event larger than EVAL takes");

/* Fills @ev from @obj; on error returns -1 with a message in @err. */
int excctl_event_parse(struct json_object *obj, struct excctl_event *ev, char *err,
		       size_t errlen);

/*
 * Fills @ev from the EVENT.json @text of @len bytes (text[len] must be a
 * NUL). *@obj gets the JSON object @ev's names point into, to be put after
 * @ev; on error returns -1 with a message in @err and *@obj NULL.
 */
int excctl_event_from_text(const char *text, size_t len, struct excctl_event *ev,
			   struct json_object **obj, char *err, size_t errlen);

#endif /* _EXCCTL_EVENT_H */
