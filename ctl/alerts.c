// SPDX-License-Identifier: GPL-2.0
/*
 * Exceptions added from alerts: excctl remove --context N and excctl flush.
 */
#include <stdio.h>
#include <string.h>

#include <linux/kvmexc.h>

#include "excctl.h"
#include "nl.h"

/* Sends @msg (built for @nl) and reports the outcome; an exit status. */
static int excctl_alert_send(struct excctl_nl *nl, struct nl_msg *msg)
{
	int ret;

	ret = msg ? excctl_nl_transact(nl, msg, KVMEXC_A_ALERT_MAX, NULL, NULL) : -1;
	excctl_nl_close(nl);
	return ret ? 1 : 0;
}

int excctl_cmd_remove(int argc, char **argv)
{
	unsigned long long context;
	struct excctl_nl *nl;
	struct nl_msg *msg;

	if (argc != 3 || strcmp(argv[1], "--context") ||
	    excctl_parse_u64(argv[2], &context))
		return excctl_usage_error(argv[0]);
	nl = excctl_nl_open();
	if (!nl)
		return 1;
	msg = excctl_nl_request(nl, KVMEXC_CMD_REMOVE, 0);
	if (msg && nla_put_u64(msg, KVMEXC_A_ALERT_CONTEXT, context)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	if (excctl_alert_send(nl, msg))
		return 1;
	printf("removed the alert exception with context %llu\n", context);
	return 0;
}

int excctl_cmd_flush(int argc, char **argv)
{
	struct excctl_nl *nl;

	if (argc != 1)
		return excctl_usage_error(argv[0]);
	nl = excctl_nl_open();
	if (!nl)
		return 1;
	if (excctl_alert_send(nl, excctl_nl_request(nl, KVMEXC_CMD_FLUSH, 0)))
		return 1;
	printf("flushed every alert exception\n");
	return 0;
}
