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
#include "cli/json.h"
#include "exceptions/view.h"

static struct json_object *eval_exception(const struct excctl_eval_result *r)
{
	struct excctl_exception_view e = {
		.added = r->from_added, .record = r->record, .kind = r->kind,
		.object_type = r->object_type, .flags = r->flags, .context = r->context,
		.hashes = { r->originator, r->victim, r->process },
		.globs = { r->glob[0], r->glob[1], r->glob[2] },
	};

	return excctl_exception_json(&e);
}

static void eval_print(const struct excctl_eval_result *r)
{
	struct json_object *o = json_object_new_object(), *sigs = json_object_new_array();
	u32 i;

	excctl_json_add_string(o, "action", kvmexc_action_name(r->action));
	excctl_json_add_string(o, "reason", kvmexc_reason_name(r->reason));
	json_object_object_add(o, "exception", r->has_exception ? eval_exception(r) : NULL);
	for (i = 0; i < r->sig_count; i++)
		json_object_array_add(sigs, excctl_json_hex32(r->sigs[i]));
	json_object_object_add(o, "signatures", sigs);
	excctl_json_print(stdout, o);
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
	const char *file, *event_path;
	struct json_object *obj = NULL;
	struct excctl_eval_result r;
	struct excctl_event *ev;
	struct excctl_opts o;
	char msg[256], *text;
	size_t len;
	int ret = 1;

	if (excctl_opts_parse(&o, argc, argv))
		return o.status;
	file = excctl_opt_str(&o, "--offline");
	event_path = excctl_opt_str(&o, "EVENT.json");
	if (file && !strcmp(file, "-") && !strcmp(event_path, "-"))
		return excctl_opts_usage(&o, "--offline - and EVENT.json - both read standard input");
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
