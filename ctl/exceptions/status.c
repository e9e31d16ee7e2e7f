// SPDX-License-Identifier: GPL-2.0
/*
 * excctl status: what the module reports about itself.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <linux/kvmexc.h>

#include "cli/excctl.h"
#include "cli/json.h"
#include "cli/nl.h"

struct excctl_status {
	char version[64];
	bool loaded;
	__u16 major, minor;
	__u32 build;
	__u32 kernel, user, glob, kernel_user, signatures, added_exceptions;
	__u64 memory, decisions, allowed, denied, feedback;
	__u64 alerts_dropped, alerts_undelivered;
};

static __u32 excctl_u32(struct nlattr *attr)
{
	return attr ? nla_get_u32(attr) : 0;
}

static __u64 excctl_u64(struct nlattr *attr)
{
	return attr ? nla_get_u64(attr) : 0;
}

static int excctl_status_parse(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	(void)nlh;
	struct excctl_status *st = arg;

	if (tb[KVMEXC_A_STATUS_MODULE_VERSION])
		snprintf(st->version, sizeof(st->version), "%s",
			 nla_get_string(tb[KVMEXC_A_STATUS_MODULE_VERSION]));
	if (tb[KVMEXC_A_STATUS_LOADED])
		st->loaded = nla_get_u8(tb[KVMEXC_A_STATUS_LOADED]);
	if (tb[KVMEXC_A_STATUS_VERSION_MAJOR])
		st->major = nla_get_u16(tb[KVMEXC_A_STATUS_VERSION_MAJOR]);
	if (tb[KVMEXC_A_STATUS_VERSION_MINOR])
		st->minor = nla_get_u16(tb[KVMEXC_A_STATUS_VERSION_MINOR]);
	st->build = excctl_u32(tb[KVMEXC_A_STATUS_BUILD]);
	st->kernel = excctl_u32(tb[KVMEXC_A_STATUS_KERNEL_COUNT]);
	st->user = excctl_u32(tb[KVMEXC_A_STATUS_USER_COUNT]);
	st->glob = excctl_u32(tb[KVMEXC_A_STATUS_GLOB_COUNT]);
	st->kernel_user = excctl_u32(tb[KVMEXC_A_STATUS_KERNEL_USER_COUNT]);
	st->signatures = excctl_u32(tb[KVMEXC_A_STATUS_SIGNATURE_COUNT]);
	st->added_exceptions = excctl_u32(tb[KVMEXC_A_STATUS_ADDED_EXCEPTIONS]);
	st->memory = excctl_u64(tb[KVMEXC_A_STATUS_MEMORY]);
	st->decisions = excctl_u64(tb[KVMEXC_A_STATUS_DECISIONS]);
	st->allowed = excctl_u64(tb[KVMEXC_A_STATUS_ALLOWED]);
	st->denied = excctl_u64(tb[KVMEXC_A_STATUS_DENIED]);
	st->feedback = excctl_u64(tb[KVMEXC_A_STATUS_FEEDBACK]);
	st->alerts_dropped = excctl_u64(tb[KVMEXC_A_STATUS_ALERTS_DROPPED]);
	st->alerts_undelivered = excctl_u64(tb[KVMEXC_A_STATUS_ALERTS_UNDELIVERED]);
	return 0;
}

static void excctl_status_json(const struct excctl_status *st)
{
	struct json_object *o = json_object_new_object();
	char version[16];

	json_object_object_add(o, "module_version", json_object_new_string(st->version));
	json_object_object_add(o, "loaded", json_object_new_boolean(st->loaded));
	if (st->loaded) {
		snprintf(version, sizeof(version), "%u.%u", st->major, st->minor);
		json_object_object_add(o, "version", json_object_new_string(version));
		excctl_json_add_u64(o, "build", st->build);
		excctl_json_add_u64(o, "kernel", st->kernel);
		excctl_json_add_u64(o, "user", st->user);
		excctl_json_add_u64(o, "glob", st->glob);
		excctl_json_add_u64(o, "kernel_user", st->kernel_user);
		excctl_json_add_u64(o, "signature_count", st->signatures);
	}
	excctl_json_add_u64(o, "added_exceptions", st->added_exceptions);
	excctl_json_add_u64(o, "memory", st->memory);
	excctl_json_add_u64(o, "decisions", st->decisions);
	excctl_json_add_u64(o, "allowed", st->allowed);
	excctl_json_add_u64(o, "denied", st->denied);
	excctl_json_add_u64(o, "feedback", st->feedback);
	excctl_json_add_u64(o, "alerts_dropped", st->alerts_dropped);
	excctl_json_add_u64(o, "alerts_undelivered", st->alerts_undelivered);
	excctl_json_print(stdout, o);
}

static void excctl_status_text(const struct excctl_status *st)
{
	printf("module version:   %s\n", st->version);
	if (st->loaded) {
		printf("exception file:   version %u.%u, build %u\n", st->major,
		       st->minor, st->build);
		printf("exceptions:       %u kernel, %u user, %u glob, %u kernel-user; %u signatures\n",
		       st->kernel, st->user, st->glob, st->kernel_user, st->signatures);
	} else {
		printf("exception file:   none loaded (log-only: every write is allowed and reported)\n");
	}
	printf("added exceptions: %u\n", st->added_exceptions);
	printf("memory:           %" PRIu64 " bytes\n", (uint64_t)st->memory);
	printf("decisions:        %" PRIu64 " (%" PRIu64 " allowed, %" PRIu64
	       " with feedback, %" PRIu64 " denied)\n",
	       (uint64_t)st->decisions, (uint64_t)st->allowed,
	       (uint64_t)st->feedback, (uint64_t)st->denied);
	printf("alerts lost:      %" PRIu64 " dropped by the rate limit or a full queue, %" PRIu64
	       " by a listener's full socket\n",
	       (uint64_t)st->alerts_dropped, (uint64_t)st->alerts_undelivered);
}

int excctl_cmd_status(int argc, char **argv)
{
	struct excctl_status st = { .version = "?" };
	struct excctl_opts o;
	struct excctl_nl *nl;
	struct nl_msg *msg;
	bool json;
	int ret;

	if (excctl_opts_parse(&o, argc, argv))
		return o.status;
	json = o.json;

	nl = excctl_nl_open();
	if (!nl)
		return 1;
	msg = excctl_nl_request(nl, KVMEXC_CMD_GET_STATUS, 0, 0);
	ret = msg ? excctl_nl_transact(nl, msg, KVMEXC_A_STATUS_MAX,
				       excctl_status_parse, &st) : -1;
	excctl_nl_close(nl);
	if (ret)
		return 1;
	if (json)
		excctl_status_json(&st);
	else
		excctl_status_text(&st);
	return 0;
}
