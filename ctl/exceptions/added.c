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
#include "cli/nl.h"

bool excctl_take_json(int *argc, char **argv)
{
	int i;

	for (i = 1; i < *argc; i++)
		if (!strcmp(argv[i], "--json")) {
			memmove(&argv[i], &argv[i + 1], (*argc - i) * sizeof(*argv));
			(*argc)--;
			return true;
		}
	return false;
}

/* Sends @msg (built for @nl) and reports the outcome; an exit status. */
static int excctl_added_send(struct excctl_nl *nl, struct nl_msg *msg)
{
	int ret;

	ret = msg ? excctl_nl_transact(nl, msg, KVMEXC_A_ADDED_MAX, NULL, NULL) : -1;
	excctl_nl_close(nl);
	return ret ? 1 : 0;
}

/*
 * The records of the one exception in @json and the signatures it names:
 * the file the compiler writes for it, without its header.
 */
static unsigned char *excctl_add_records(const char *json, size_t *len)
{
	char tmp[] = "/tmp/excctl-add-XXXXXX";
	char *compile_argv[] = { "compile", "--output", tmp, (char *)json, NULL };
	const struct kvmexc_file_header *h;
	unsigned char *buf;
	int fd = mkstemp(tmp);

	if (fd < 0) {
		perror("excctl add");
		return NULL;
	}
	close(fd);
	buf = excctl_cmd_compile(4, compile_argv) ? NULL : excctl_read_file(tmp, len);
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
		printf("{\"added\":true,\"context\":%llu,\"guest\":%u}\n", context, guest);
	else if (guest)
		printf("added the exception of %s with context %llu for guest %u\n", what,
		       context, guest);
	else
		printf("added the exception of %s with context %llu\n", what, context);
	return 0;
}

int excctl_parse_guest(const char *cmd, const char *s, unsigned int *guest)
{
	unsigned long long v;

	if (excctl_parse_opt(cmd, "--guest", s, 1, UINT32_MAX, &v))
		return -EINVAL;
	*guest = v;
	return 0;
}

int excctl_cmd_add(int argc, char **argv)
{
	bool json = excctl_take_json(&argc, argv);
	unsigned long long context;
	unsigned int guest = 0;

	if ((argc != 4 && argc != 6) || strcmp(argv[2], "--context") ||
	    excctl_parse_opt(argv[0], "--context", argv[3], 0, ULLONG_MAX, &context))
		return excctl_usage_error(argv[0]);
	if (argc == 6 && (strcmp(argv[4], "--guest") ||
			  excctl_parse_guest(argv[0], argv[5], &guest)))
		return excctl_usage_error(argv[0]);
	return excctl_add_exception(argv[1], argv[1], context, guest, json);
}

int excctl_cmd_remove(int argc, char **argv)
{
	bool json = excctl_take_json(&argc, argv);
	unsigned long long context;
	struct excctl_nl *nl;
	struct nl_msg *msg;

	if (argc != 3 || strcmp(argv[1], "--context") ||
	    excctl_parse_opt(argv[0], "--context", argv[2], 0, ULLONG_MAX, &context))
		return excctl_usage_error(argv[0]);
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
		printf("{\"removed\":true,\"context\":%llu}\n", context);
	else
		printf("removed the added exception with context %llu\n", context);
	return 0;
}

int excctl_cmd_flush(int argc, char **argv)
{
	bool json = excctl_take_json(&argc, argv);
	unsigned int guest = 0;
	struct excctl_nl *nl;
	struct nl_msg *msg;

	if (argc == 3 && !strcmp(argv[1], "--guest")) {
		if (excctl_parse_guest(argv[0], argv[2], &guest))
			return excctl_usage_error(argv[0]);
	} else if (argc != 1) {
		return excctl_usage_error(argv[0]);
	}
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
		printf("{\"flushed\":true,\"guest\":%u}\n", guest);
	else if (guest)
		printf("flushed the added exceptions of guest %u\n", guest);
	else
		printf("flushed every added exception\n");
	return 0;
}
