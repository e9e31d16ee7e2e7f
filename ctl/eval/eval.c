// SPDX-License-Identifier: GPL-2.0
/*
 * excctl eval [--offline FILE.bin] EVENT.json: the decision for one
 * violation, from the module (netlink EVAL) or, offline, from the same core
 * on the host. Both print the same JSON object.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "core/match.h"
#include "request.h"
#include "event.h"
#include "cli/excctl.h"
#include "cli/nl.h"

static const char *eval_kind(u8 kind)
{
	switch (kind) {
	case KVMEXC_EXC_KM:	return "kernel";
	case KVMEXC_EXC_UM:	return "user";
	case KVMEXC_EXC_KUM:	return "kernel-user";
	}
	return "user-glob-match";
}

static struct json_object *eval_hash(u32 hash)
{
	char text[11];

	snprintf(text, sizeof(text), "0x%08x", hash);
	return json_object_new_string(text);
}

static struct json_object *eval_exception(const struct excctl_eval_result *r)
{
	static const char *const fields[] = { "originator", "victim", "process" };
	const u32 hashes[] = { r->originator, r->victim, r->process };
	struct json_object *o = json_object_new_object();
	char context[19];
	int i;

	json_object_object_add(o, "record", json_object_new_int64(r->record));
	json_object_object_add(o, "kind", json_object_new_string(eval_kind(r->kind)));
	for (i = 0; i < 3; i++)
		json_object_object_add(o, fields[i], r->kind == KVMEXC_EXC_GLOB ?
				       json_object_new_string(r->glob[i]) : eval_hash(hashes[i]));
	json_object_object_add(o, "flags", eval_hash(r->flags));
	json_object_object_add(o, "object_type", json_object_new_int(r->object_type));
	json_object_object_add(o, "alert", json_object_new_boolean(r->from_added));
	if (r->from_added) {
		snprintf(context, sizeof(context), "0x%llx", (unsigned long long)r->context);
		json_object_object_add(o, "context", json_object_new_string(context));
	}
	return o;
}

/* One JSON object a line, built with json-c: names are escaped. */
static void eval_print(const struct excctl_eval_result *r)
{
	struct json_object *o = json_object_new_object(), *sigs = json_object_new_array();
	u32 i;

	json_object_object_add(o, "action", json_object_new_string(kvmexc_action_name(r->action)));
	json_object_object_add(o, "reason", json_object_new_string(kvmexc_reason_name(r->reason)));
	json_object_object_add(o, "exception", r->has_exception ? eval_exception(r) : NULL);
	for (i = 0; i < r->sig_count; i++)
		json_object_array_add(sigs, eval_hash(r->sigs[i]));
	json_object_object_add(o, "signatures", sigs);
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
					    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

/* The host core's decision, in the form the module reports one. */
static void eval_offline_result(const struct kvmexc_set *set, const struct kvmexc_decision *d,
				struct excctl_eval_result *r)
{
	const struct kvmexc_exc *e = d->exc;
	int i;

	memset(r, 0, sizeof(*r));
	r->action = d->action;
	r->reason = d->reason;
	r->sig_count = d->sig_count;
	memcpy(r->sigs, d->sigs, sizeof(r->sigs));
	if (!e)
		return;
	r->has_exception = true;
	r->from_added = d->from_added;
	r->context = d->context;
	r->record = d->record;
	r->kind = e->kind;
	r->object_type = e->object_type;
	r->flags = e->flags;
	r->originator = e->originator;
	r->victim = e->victim;
	r->process = e->process;
	for (i = 0; e->kind == KVMEXC_EXC_GLOB && i < 3; i++)
		snprintf(r->glob[i], sizeof(r->glob[i]), "%s", kvmexc_exc_glob(set, e, i));
}

static int eval_offline(const char *path, const struct kvmexc_violation *v,
			struct excctl_eval_result *r)
{
	struct kvmexc_err err = { 0 };
	struct kvmexc_decision d;
	struct kvmexc_set *set;
	size_t len;
	u8 *buf;

	buf = excctl_read_file(path, &len);
	if (!buf)
		return -1;
	/*
	 * The module would refuse the file and keep the one in force: there is
	 * no decision of this file to show, only why it does not load.
	 */
	set = kvmexc_set_build(buf, len, &err);
	if (!set) {
		fprintf(stderr, "excctl eval: %s: %s\n", path, err.msg);
		free(buf);
		return -1;
	}
	if (set->info.newer_minor)
		fprintf(stderr, "excctl eval: %s: version 2.%u is newer than 2.2: not all features available\n",
			path, set->info.minor);
	kvmexc_match(set, NULL, v, &d);
	eval_offline_result(set, &d, r);
	kvmexc_set_free(set);
	free(buf);
	return 0;
}

static int eval_kernel(const struct kvmexc_violation *v, struct excctl_eval_result *r)
{
	struct excctl_nl *nl = excctl_nl_open();
	int ret;

	if (!nl)
		return -1;
	ret = excctl_eval_kernel(nl, v, r);
	excctl_nl_close(nl);
	return ret;
}

int excctl_cmd_eval(int argc, char **argv)
{
	const char *file = NULL, *event_path;
	struct json_object *obj = NULL;
	struct excctl_eval_result r;
	struct excctl_event *ev;
	char msg[256], *text;
	size_t len;
	int ret = 1;

	if (argc == 4 && !strcmp(argv[1], "--offline"))
		file = argv[2];
	else if (argc != 2)
		return excctl_usage_error(argv[0]);
	event_path = argv[argc - 1];
	text = (char *)excctl_read_file(event_path, &len);
	ev = malloc(sizeof(*ev));
	if (!text || !ev)
		goto out;
	if (excctl_event_from_text(text, len, ev, &obj, msg, sizeof(msg))) {
		fprintf(stderr, "excctl eval: %s: %s\n", event_path, msg);
		goto out;
	}
	if ((file ? eval_offline(file, &ev->v, &r) : eval_kernel(&ev->v, &r)) == 0) {
		eval_print(&r);
		ret = 0;
	}
out:
	free(ev);
	json_object_put(obj);
	free(text);
	return ret;
}
