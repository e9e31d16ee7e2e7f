// SPDX-License-Identifier: GPL-2.0
/*
 * Added exceptions: excctl add FILE.json --context N, excctl
 * remove --context N and excctl flush.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/kvmexc.h>
#include <netlink/attr.h>

#include "cli/excctl.h"
#include "cli/json.h"
#include "cli/nl.h"

/* Sends @msg (built for @nl) and reports the outcome; an exit status. */
static int excctl_added_send(struct excctl_nl *nl, struct nl_msg *msg)
{
	int ret;

	ret = msg ? excctl_nl_transact(nl, msg, KVMEXC_A_ADDED_MAX, NULL, NULL) : -1;
	excctl_nl_close(nl);
	return ret ? 1 : 0;
}

/* What add, remove and flush did: {"added": true, "context": 7, "guest": 1}. */
static struct json_object *excctl_added_json(const char *what, unsigned long long context,
					     bool has_context, unsigned int guest)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, what, json_object_new_boolean(true));
	if (has_context)
		excctl_json_add_u64(o, "context", context);
	if (guest)
		excctl_json_add_u64(o, "guest", guest);
	return o;
}

/*
 * The records of the one exception in @json and the signatures it names:
 * the file the compiler writes for it, without its header.
 */
static unsigned char *excctl_add_records(const char *json, size_t *len)
{
	char tmp[] = "/tmp/excctl-add-XXXXXX";
	/* "--": a path may start with '-' */
	char *compile_argv[] = { "compile", "--output", tmp, "--", (char *)json, NULL };
	const struct kvmexc_file_header *h;
	unsigned char *buf;
	int fd = mkstemp(tmp);

	if (fd < 0) {
		perror("excctl add");
		return NULL;
	}
	close(fd);
	buf = excctl_cmd_compile(5, compile_argv) ? NULL : excctl_read_file(tmp, len);
	unlink(tmp);
	if (!buf)
		return NULL;
	h = (const struct kvmexc_file_header *)buf;
	if (*len <= sizeof(*h) || h->kernel_count + h->user_count + h->glob_count +
	    h->kernel_user_count != 1) {
		fprintf(stderr, "excctl add: %s must hold exactly one exception\n", json);
		free(buf);
		return NULL;
	}
	*len -= sizeof(*h);
	memmove(buf, buf + sizeof(*h), *len);
	return buf;
}

int excctl_add_exception(const char *path, const char *what, unsigned long long context,
			 unsigned int guest, bool json)
{
	struct excctl_nl *nl;
	struct nl_msg *msg;
	unsigned char *records;
	size_t len;

	records = excctl_add_records(path, &len);
	if (!records)
		return 1;
	/* An attribute's length is 16 bits, its header included. */
	if (EXCCTL_NLA_SIZE(len) > 0xFFFF) {
		fprintf(stderr, "excctl add: the exception of %s and its signatures take %zu bytes; ADD carries at most %d\n",
			what, len, 0xFFFF - NLA_HDRLEN);
		free(records);
		return 1;
	}
	nl = excctl_nl_open();
	if (!nl) {
		free(records);
		return 1;
	}
	msg = excctl_nl_request(nl, KVMEXC_CMD_ADD, 0, EXCCTL_NLA_SIZE(8) +
				EXCCTL_NLA_SIZE(len) + EXCCTL_NLA_SIZE(4));
	if (msg && (nla_put_u64(msg, KVMEXC_A_ADDED_CONTEXT, context) ||
		    nla_put(msg, KVMEXC_A_ADDED_RECORDS, len, records) ||
		    (guest && nla_put_u32(msg, KVMEXC_A_ADDED_GUEST, guest)))) {
		excctl_nl_overflow(msg);
		msg = NULL;
	}
	free(records);
	if (excctl_added_send(nl, msg))
		return 1;
	if (json)
		excctl_json_print(stdout, excctl_added_json("added", context, true, guest));
	else if (guest)
		printf("added the exception of %s with context %llu for guest %u\n", what,
		       context, guest);
	else
		printf("added the exception of %s with context %llu\n", what, context);
	return 0;
}

/* The guest of --guest; 0, for every guest, without it. */
static unsigned int excctl_opt_guest(const struct excctl_opts *o)
{
	unsigned long long guest = 0;

	excctl_opt_number(o, "--guest", &guest);
	return guest;
}

int excctl_cmd_add(int argc, char **argv)
{
	unsigned long long context;
	struct excctl_opts o;
	const char *path;

	if (excctl_opts_parse(&o, argc, argv))
		return o.status;
	path = excctl_opt_str(&o, "FILE.json");
	excctl_opt_number(&o, "--context", &context);
	return excctl_add_exception(path, path, context, excctl_opt_guest(&o), o.json);
}

int excctl_cmd_remove(int argc, char **argv)
{
	unsigned long long context;
	struct excctl_opts o;
	struct excctl_nl *nl;
	struct nl_msg *msg;
	bool json;

	if (excctl_opts_parse(&o, argc, argv))
		return o.status;
	json = o.json;
	excctl_opt_number(&o, "--context", &context);
	nl = excctl_nl_open();
	if (!nl)
		return 1;
	msg = excctl_nl_request(nl, KVMEXC_CMD_REMOVE, 0, EXCCTL_NLA_SIZE(8));
	if (msg && nla_put_u64(msg, KVMEXC_A_ADDED_CONTEXT, context)) {
		excctl_nl_overflow(msg);
		msg = NULL;
	}
	if (excctl_added_send(nl, msg))
		return 1;
	if (json)
		excctl_json_print(stdout, excctl_added_json("removed", context, true, 0));
	else
		printf("removed the added exception with context %llu\n", context);
	return 0;
}

int excctl_cmd_flush(int argc, char **argv)
{
	struct excctl_opts o;
	unsigned int guest;
	struct excctl_nl *nl;
	struct nl_msg *msg;
	bool json;

	if (excctl_opts_parse(&o, argc, argv))
		return o.status;
	json = o.json;
	guest = excctl_opt_guest(&o);
	nl = excctl_nl_open();
	if (!nl)
		return 1;
	msg = excctl_nl_request(nl, KVMEXC_CMD_FLUSH, 0, EXCCTL_NLA_SIZE(4));
	if (msg && guest && nla_put_u32(msg, KVMEXC_A_ADDED_GUEST, guest)) {
		excctl_nl_overflow(msg);
		msg = NULL;
	}
	if (excctl_added_send(nl, msg))
		return 1;
	if (json)
		excctl_json_print(stdout, excctl_added_json("flushed", 0, false, guest));
	else if (guest)
		printf("flushed the added exceptions of guest %u\n", guest);
	else
		printf("flushed every added exception\n");
	return 0;
}
