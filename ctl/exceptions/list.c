// SPDX-License-Identifier: GPL-2.0
/*
 * excctl list [--json]: every exception in force, with its hit counter.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kvmexc.h>
#include <netlink/genl/genl.h>

#include "core/compat.h"
#include "cli/excctl.h"
#include "cli/json.h"
#include "cli/nl.h"
#include "view.h"

struct excctl_list {
	bool json;
	bool hashes;		/* -v: the hash beside each name */
	struct excctl_json_array array;
	FILE *out;		/* one attempt's output: a dump may be redone */
};

/* The ids are a multi-attr: walk the message, not the parsed table. */
static void excctl_list_sigs(struct nlmsghdr *nlh, FILE *out, struct json_object *ids)
{
	struct nlattr *attr;
	bool first = true;
	int rem;

	nla_for_each_attr(attr, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		if (nla_type(attr) != KVMEXC_A_EXC_SIGNATURE)
			continue;
		if (ids)
			json_object_array_add(ids, excctl_json_hex32(nla_get_u32(attr)));
		else
			fprintf(out, "%s0x%08x", first ? "" : " ", nla_get_u32(attr));
		first = false;
	}
}

static u32 excctl_u32_or_0(struct nlattr *attr)
{
	return attr ? nla_get_u32(attr) : 0;
}

static void excctl_list_view(struct nlattr **tb, struct excctl_exception_view *e)
{
	static const int hashes[] = {
		KVMEXC_A_EXC_ORIGINATOR, KVMEXC_A_EXC_VICTIM, KVMEXC_A_EXC_PROCESS,
	};
	static const int globs[] = {
		KVMEXC_A_EXC_GLOB_ORIGINATOR, KVMEXC_A_EXC_GLOB_VICTIM, KVMEXC_A_EXC_GLOB_PROCESS,
	};
	int i;

	*e = (struct excctl_exception_view){
		.added = tb[KVMEXC_A_EXC_SOURCE] &&
			 nla_get_u8(tb[KVMEXC_A_EXC_SOURCE]) == KVMEXC_SOURCE_ADDED,
		.record = excctl_u32_or_0(tb[KVMEXC_A_EXC_RECORD]),
		.kind = tb[KVMEXC_A_EXC_KIND] ? nla_get_u8(tb[KVMEXC_A_EXC_KIND]) : 0,
		.object_type = tb[KVMEXC_A_EXC_OBJECT_TYPE] ?
			       nla_get_u8(tb[KVMEXC_A_EXC_OBJECT_TYPE]) : 0,
		.flags = excctl_u32_or_0(tb[KVMEXC_A_EXC_FLAGS]),
		.context = tb[KVMEXC_A_EXC_CONTEXT] ? nla_get_u64(tb[KVMEXC_A_EXC_CONTEXT]) : 0,
		.guest = excctl_u32_or_0(tb[KVMEXC_A_EXC_GUEST]),
	};
	for (i = 0; i < 3; i++) {
		e->hashes[i] = excctl_u32_or_0(tb[hashes[i]]);
		e->globs[i] = tb[globs[i]] ? nla_get_string(tb[globs[i]]) : NULL;
	}
}

static void excctl_list_json(struct excctl_list *list, struct nlmsghdr *nlh,
			     const struct excctl_exception_view *e, u32 hits)
{
	struct json_object *o = excctl_exception_json(e), *ids = json_object_new_array();

	excctl_list_sigs(nlh, NULL, ids);
	json_object_object_add(o, "signatures", ids);
	excctl_json_add_u64(o, "hits", hits);
	excctl_json_array_add(&list->array, o);
}

/* Names by name where known; -v adds their hashes. */
static void excctl_list_names(FILE *out, const struct excctl_exception_view *e, bool hashes)
{
	const char *field, *name;
	int i;

	for (i = 0; i < 3; i++) {
		if (!excctl_exception_has_field(e, i))
			continue;
		field = excctl_exception_fields[i];
		name = e->kind == KVMEXC_EXC_GLOB ? e->globs[i] : excctl_exception_known_name(e, i);
		if (e->kind == KVMEXC_EXC_GLOB)
			fprintf(out, " %s=\"%s\"", field, name ? name : "");
		else if (name && hashes)
			fprintf(out, " %s=0x%08x(\"%s\")", field, e->hashes[i], name);
		else if (name)
			fprintf(out, " %s=\"%s\"", field, name);
		else
			fprintf(out, " %s=0x%08x", field, e->hashes[i]);
	}
}

static void excctl_list_text(struct excctl_list *list, struct nlmsghdr *nlh,
			     const struct excctl_exception_view *e, u32 hits)
{
	FILE *out = list->out;

	fprintf(out, "%-5s #%-6u %-11s", e->added ? "added" : "file", e->record,
		excctl_exception_kind_name(e->kind));
	if (e->added)
		fprintf(out, " context=%" PRIu64, e->context);
	if (e->guest)
		fprintf(out, " guest=%u", e->guest);
	fprintf(out, " object=%u flags=0x%08x", e->object_type, e->flags);
	excctl_list_names(out, e, list->hashes);
	fprintf(out, " signatures=[");
	excctl_list_sigs(nlh, out, NULL);
	fprintf(out, "] hits=%u\n", hits);
}

static int excctl_list_one(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	struct excctl_list *list = arg;
	struct excctl_exception_view e;
	u32 hits = excctl_u32_or_0(tb[KVMEXC_A_EXC_HITS]);

	excctl_list_view(tb, &e);
	if (list->json)
		excctl_list_json(list, nlh, &e, hits);
	else
		excctl_list_text(list, nlh, &e, hits);
	return 0;
}

/* One attempt at the dump, its output kept in memory until it is whole. */
static int excctl_list_dump(struct excctl_nl *nl, struct excctl_list *list,
			    char **text, size_t *len)
{
	struct nl_msg *msg;
	int ret;

	list->out = open_memstream(text, len);
	if (!list->out)
		return -ENOMEM;
	if (list->json)
		excctl_json_array_begin(&list->array, list->out);
	msg = excctl_nl_request(nl, KVMEXC_CMD_LIST, NLM_F_DUMP, 0);
	ret = msg ? excctl_nl_transact(nl, msg, KVMEXC_A_EXC_MAX,
				       excctl_list_one, list) : -ENOMEM;
	if (list->json)
		excctl_json_array_end(&list->array);
	fclose(list->out);
	return ret;
}

int excctl_cmd_list(int argc, char **argv)
{
	struct excctl_list list = { 0 };
	struct excctl_opts o;
	struct excctl_nl *nl;
	int tries, ret;
	char *text = NULL;
	size_t len;

	if (excctl_opts_parse(&o, argc, argv))
		return o.status;
	list.json = o.json;
	list.hashes = excctl_opt_flag(&o, "-v");
	nl = excctl_nl_open();
	if (!nl)
		return 1;
	/* A reload during the dump restarts it, a few times at most. */
	ret = -EAGAIN;
	for (tries = 0; ret == -EAGAIN && tries < 5; tries++) {
		free(text);
		text = NULL;
		ret = excctl_list_dump(nl, &list, &text, &len);
	}
	excctl_nl_close(nl);
	if (!ret)
		fwrite(text, 1, len, stdout);
	else if (ret == -EAGAIN)
		fprintf(stderr, "excctl: the exceptions kept changing during the listing\n");
	free(text);
	return ret ? 1 : 0;
}
