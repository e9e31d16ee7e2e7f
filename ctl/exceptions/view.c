// SPDX-License-Identifier: GPL-2.0
/*
 * One exception as list and eval show it (see view.h).
 */
#include <stdio.h>

#include <linux/kvmexc.h>

#include "core/compat.h"
#include "core/names.h"
#include "cli/json.h"
#include "view.h"

const char *const excctl_exception_fields[3] = { "originator", "victim", "process" };

const char *excctl_exception_kind_name(unsigned int kind)
{
	static const char *const names[] = {
		[KVMEXC_EXC_KM] = "kernel", [KVMEXC_EXC_UM] = "user",
		[KVMEXC_EXC_KUM] = "kernel-user", [KVMEXC_EXC_GLOB] = "glob",
	};

	if (kind < ARRAY_SIZE(names) && names[kind])
		return names[kind];
	return "unknown";
}

/*
 * The module keeps only the names' hashes: those of the predefined names
 * are told by name. A kernel exception's names and a kernel-user one's
 * originator hash in the kernel-mode table.
 */
const char *excctl_exception_known_name(const struct excctl_exception_view *e, int i)
{
	const struct kvmexc_name_tables *t = &kvmexc_name_shipped_tables;
	bool kernel_mode = e->kind == KVMEXC_EXC_KM || (e->kind == KVMEXC_EXC_KUM && i == 0);

	if (e->hashes[i] == KVMEXC_NAME_EMPTY)
		return "";
	return kvmexc_name_predefined(kernel_mode ? t->kernel : t->user, e->hashes[i]);
}

bool excctl_exception_has_field(const struct excctl_exception_view *e, int i)
{
	return i != 2 || e->kind != KVMEXC_EXC_KM;
}

/* A hash as "originator", its name (or a glob's pattern) as "originator_name". */
static void excctl_exception_names(struct json_object *o, const struct excctl_exception_view *e)
{
	char key[32];
	int i;

	for (i = 0; i < 3; i++) {
		if (!excctl_exception_has_field(e, i))
			continue;
		snprintf(key, sizeof(key), "%s_name", excctl_exception_fields[i]);
		if (e->kind == KVMEXC_EXC_GLOB) {
			excctl_json_add_string(o, key, e->globs[i] ? e->globs[i] : "");
			continue;
		}
		excctl_json_add_hex32(o, excctl_exception_fields[i], e->hashes[i]);
		excctl_json_add_string(o, key, excctl_exception_known_name(e, i));
	}
}

struct json_object *excctl_exception_json(const struct excctl_exception_view *e)
{
	struct json_object *o = json_object_new_object();

	excctl_json_add_string(o, "source", e->added ? "added" : "file");
	excctl_json_add_u64(o, "record", e->record);
	excctl_json_add_string(o, "kind", excctl_exception_kind_name(e->kind));
	if (e->added)
		excctl_json_add_u64(o, "context", e->context);
	if (e->guest)
		excctl_json_add_u64(o, "guest", e->guest);
	excctl_json_add_u64(o, "object_type", e->object_type);
	excctl_json_add_hex32(o, "flags", e->flags);
	excctl_exception_names(o, e);
	return o;
}
