// SPDX-License-Identifier: GPL-2.0
/*
 * excctl eval --offline FILE.bin EVENT.json: the module's decision for one
 * violation, computed on the host with the same core.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/match.h"
#include "event.h"
#include "excctl.h"

static const char *eval_kind(u8 kind)
{
	switch (kind) {
	case KVMEXC_EXC_KM:	return "kernel";
	case KVMEXC_EXC_UM:	return "user";
	case KVMEXC_EXC_KUM:	return "kernel-user";
	}
	return "user-glob-match";
}

static void eval_print_exception(const struct kvmexc_set *set, const struct kvmexc_decision *d)
{
	const struct kvmexc_exc *e = d->exc;

	printf("{\"record\":%u,\"kind\":\"%s\",", d->record, eval_kind(e->kind));
	if (e->kind == KVMEXC_EXC_GLOB)
		printf("\"originator\":\"%s\",\"victim\":\"%s\",\"process\":\"%s\",",
		       kvmexc_exc_glob(set, e, 0), kvmexc_exc_glob(set, e, 1),
		       kvmexc_exc_glob(set, e, 2));
	else
		printf("\"originator\":\"0x%08x\",\"victim\":\"0x%08x\",\"process\":\"0x%08x\",",
		       e->originator, e->victim, e->process);
	printf("\"flags\":\"0x%08x\",\"object_type\":%u,\"alert\":%s", e->flags, e->object_type,
	       d->from_alert ? "true" : "false");
	if (d->from_alert)
		printf(",\"context\":\"0x%llx\"", (unsigned long long)d->context);
	printf("}");
}

static void eval_print(const struct kvmexc_set *set, const struct kvmexc_decision *d)
{
	u32 i;

	printf("{\"action\":\"%s\",\"reason\":\"%s\",\"exception\":",
	       kvmexc_action_name(d->action), kvmexc_reason_name(d->reason));
	if (d->exc)
		eval_print_exception(set, d);
	else
		printf("null");
	printf(",\"signatures\":[");
	for (i = 0; i < d->sig_count; i++)
		printf("%s\"0x%08x\"", i ? "," : "", d->sigs[i]);
	printf("]}\n");
}

int excctl_cmd_eval(int argc, char **argv)
{
	struct kvmexc_err err = { 0 };
	struct kvmexc_decision d;
	struct json_object *obj;
	struct excctl_event *ev;
	struct kvmexc_set *set;
	char msg[256];
	size_t len;
	u8 *buf;
	int ret = 1;

	/* Only --offline for now: the netlink EVAL command comes with the module's. */
	if (argc != 4 || strcmp(argv[1], "--offline")) {
		fprintf(stderr, "usage: excctl eval --offline FILE.bin EVENT.json\n");
		return 2;
	}
	obj = json_object_from_file(argv[3]);
	if (!obj) {
		fprintf(stderr, "excctl eval: %s: %s\n", argv[3], json_util_get_last_err());
		return 1;
	}
	ev = malloc(sizeof(*ev));
	buf = excctl_read_file(argv[2], &len);
	if (!ev || !buf)
		goto out;
	if (excctl_event_parse(obj, ev, msg, sizeof(msg))) {
		fprintf(stderr, "excctl eval: %s: %s\n", argv[3], msg);
		goto out;
	}
	/* A file that does not load leaves the module in log-only mode. */
	set = kvmexc_set_build(buf, len, &err);
	if (!set)
		fprintf(stderr, "excctl eval: %s: not loaded: %s\n", argv[2], err.msg);
	else if (set->info.newer_minor)
		fprintf(stderr, "excctl eval: %s: version 2.%u is newer than 2.2: not all features available\n",
			argv[2], set->info.minor);
	kvmexc_match(set, NULL, &ev->v, &d);
	eval_print(set, &d);
	kvmexc_set_free(set);
	ret = 0;
out:
	free(buf);
	free(ev);
	json_object_put(obj);
	return ret;
}
