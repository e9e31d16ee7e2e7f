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
#include "core/names.h"
#include "cli/excctl.h"
#include "cli/nl.h"

struct excctl_list {
	bool json;
	bool hashes;		/* -v: the hash beside each name */
	unsigned int count;
	FILE *out;		/* one attempt's output: a dump may be redone */
};

static const char *const excctl_kind_names[] = {
	[1] = "kernel", [2] = "user", [3] = "kernel-user", [4] = "glob",
};

static const char *excctl_kind_name(struct nlattr *attr)
{
	unsigned int kind = attr ? nla_get_u8(attr) : 0;

	if (kind < ARRAY_SIZE(excctl_kind_names) && excctl_kind_names[kind])
		return excctl_kind_names[kind];
	return "unknown";
}

/* The ids are a multi-attr: walk the message, not the parsed table. */
static void excctl_list_sigs(FILE *out, struct nlmsghdr *nlh, bool json)
{
	struct nlattr *attr;
	bool first = true;
	int rem;

	nla_for_each_attr(attr, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		if (nla_type(attr) != KVMEXC_A_EXC_SIGNATURE)
			continue;
		fprintf(out, json ? "%s%u" : "%s0x%08x", first ? "" : json ? "," : " ",
			nla_get_u32(attr));
		first = false;
	}
}

/*
 * The module keeps only the names' hashes: those of the predefined names
 * ("[kernel]", "*", ...) are told by name. A kernel exception's names and a
 * kernel-user one's originator hash in the kernel-mode table.
 */
static const char *excctl_list_known_name(struct nlattr **tb, int field, u32 hash)
{
	const struct kvmexc_name_tables *t = &kvmexc_name_shipped_tables;
	unsigned int kind = tb[KVMEXC_A_EXC_KIND] ? nla_get_u8(tb[KVMEXC_A_EXC_KIND]) : 0;
	bool kernel_mode = kind == KVMEXC_EXC_KM ||
			   (kind == KVMEXC_EXC_KUM && field == KVMEXC_A_EXC_ORIGINATOR);

	if (hash == KVMEXC_NAME_EMPTY)
		return "";
	return kvmexc_name_predefined(kernel_mode ? t->kernel : t->user, hash);
}

static void excctl_list_hash(FILE *out, struct nlattr **tb, const char *field, int type,
			     const struct excctl_list *list)
{
	u32 hash = nla_get_u32(tb[type]);
	const char *name = excctl_list_known_name(tb, type, hash);

	if (list->json) {
		fprintf(out, ",\"%s\":%u", field, hash);
		if (name) {
			fprintf(out, ",\"%s_name\":", field);
			excctl_json_string(out, name);
		}
	} else if (name && list->hashes) {
		fprintf(out, " %s=0x%08x(\"%s\")", field, hash, name);
	} else if (name) {
		fprintf(out, " %s=\"%s\"", field, name);
	} else {
		fprintf(out, " %s=0x%08x", field, hash);
	}
}

static void excctl_list_names(FILE *out, struct nlattr **tb, const struct excctl_list *list)
{
	bool json = list->json;
	static const char *const fields[] = { "originator", "victim", "process" };
	static const int hashes[] = {
		KVMEXC_A_EXC_ORIGINATOR, KVMEXC_A_EXC_VICTIM, KVMEXC_A_EXC_PROCESS,
	};
	static const int globs[] = {
		KVMEXC_A_EXC_GLOB_ORIGINATOR, KVMEXC_A_EXC_GLOB_VICTIM,
		KVMEXC_A_EXC_GLOB_PROCESS,
	};
	int i;

	for (i = 0; i < 3; i++) {
		if (tb[globs[i]] && json) {
			fprintf(out, ",\"%s\":", fields[i]);
			excctl_json_string(out, nla_get_string(tb[globs[i]]));
		} else if (tb[globs[i]]) {
			fprintf(out, " %s=\"%s\"", fields[i], nla_get_string(tb[globs[i]]));
		} else if (tb[hashes[i]]) {
			excctl_list_hash(out, tb, fields[i], hashes[i], list);
		}
	}
}

static __u32 excctl_u32_or_0(struct nlattr *attr)
{
	return attr ? nla_get_u32(attr) : 0;
}

static int excctl_list_one(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	struct excctl_list *list = arg;
	bool added = tb[KVMEXC_A_EXC_SOURCE] &&
		     nla_get_u8(tb[KVMEXC_A_EXC_SOURCE]) == KVMEXC_SOURCE_ADDED;
	bool json = list->json;
	FILE *out = list->out;

	fprintf(out, json ? "%s{\"source\":\"%s\",\"record\":%u,\"kind\":\"%s\"" :
		"%s%-5s #%-6u %-11s", json && list->count ? "," : "",
		added ? "added" : "file", excctl_u32_or_0(tb[KVMEXC_A_EXC_RECORD]),
		excctl_kind_name(tb[KVMEXC_A_EXC_KIND]));
	if (added && tb[KVMEXC_A_EXC_CONTEXT])
		fprintf(out, json ? ",\"context\":%" PRIu64 : " context=%" PRIu64,
			(uint64_t)nla_get_u64(tb[KVMEXC_A_EXC_CONTEXT]));
	if (tb[KVMEXC_A_EXC_GUEST])
		fprintf(out, json ? ",\"guest\":%u" : " guest=%u",
			nla_get_u32(tb[KVMEXC_A_EXC_GUEST]));
	fprintf(out, json ? ",\"object_type\":%u,\"flags\":%u" : " object=%u flags=0x%08x",
		tb[KVMEXC_A_EXC_OBJECT_TYPE] ? nla_get_u8(tb[KVMEXC_A_EXC_OBJECT_TYPE]) : 0,
		excctl_u32_or_0(tb[KVMEXC_A_EXC_FLAGS]));
	excctl_list_names(out, tb, list);
	fprintf(out, json ? ",\"signatures\":[" : " signatures=[");
	excctl_list_sigs(out, nlh, json);
	fprintf(out, json ? "],\"hits\":%u}" : "] hits=%u\n",
		excctl_u32_or_0(tb[KVMEXC_A_EXC_HITS]));
	list->count++;
	return 0;
}

/* One attempt at the dump, its output kept in memory until it is whole. */
static int excctl_list_dump(struct excctl_nl *nl, struct excctl_list *list,
			    char **text, size_t *len)
{
	struct nl_msg *msg;
	int ret;

	list->count = 0;
	list->out = open_memstream(text, len);
	if (!list->out)
		return -ENOMEM;
	if (list->json)
		fputc('[', list->out);
	msg = excctl_nl_request(nl, KVMEXC_CMD_LIST, NLM_F_DUMP, 0);
	ret = msg ? excctl_nl_transact(nl, msg, KVMEXC_A_EXC_MAX,
				       excctl_list_one, list) : -ENOMEM;
	if (list->json)
		fputs("]\n", list->out);
	fclose(list->out);
	return ret;
}

int excctl_cmd_list(int argc, char **argv)
{
	struct excctl_list list = { 0 };
	struct excctl_nl *nl;
	int tries, ret;
	char *text = NULL;
	size_t len;

	for (ret = 1; ret < argc; ret++) {
		if (!strcmp(argv[ret], "--json"))
			list.json = true;
		else if (!strcmp(argv[ret], "-v"))
			list.hashes = true;
		else
			return excctl_usage_error(argv[0]);
	}

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
