// SPDX-License-Identifier: GPL-2.0
/*
 * excctl monitor [--json | --b64]: alerts as they arrive, until interrupted,
 * with gaps in a guest's sequence numbers shown as dropped alerts. Each
 * alert's blob is shown decoded, with the command that whitelists it; --b64
 * prints only the blobs, one per line, for excctl decode and add-from-alert.
 */
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kvmexc.h>
#include <netlink/genl/genl.h>

#include "core/blob.h"
#include "core/match.h"
#include "decode.h"
#include "excctl.h"
#include "nl.h"

#define EXCCTL_MONITOR_GUESTS 64

enum excctl_monitor_format { EXCCTL_MONITOR_TEXT, EXCCTL_MONITOR_JSON, EXCCTL_MONITOR_B64 };

struct excctl_monitor {
	enum excctl_monitor_format format;
	uint64_t last_seq[EXCCTL_MONITOR_GUESTS];
};

static volatile sig_atomic_t excctl_monitor_stop;

static void excctl_monitor_signal(int sig)
{
	(void)sig;
	excctl_monitor_stop = 1;
}

static uint64_t excctl_u64(struct nlattr *a)
{
	return a ? nla_get_u64(a) : 0;
}

/* The blob of an alert in base64, NUL-terminated; NULL when there is none. */
static char *excctl_alert_b64(struct nlattr *blob)
{
	char *text;
	u32 n;

	if (!blob || !nla_len(blob))
		return NULL;
	n = kvmexc_base64_len(nla_len(blob));
	text = malloc(n + 1);
	if (text)
		text[kvmexc_base64_encode(nla_data(blob), nla_len(blob), text)] = 0;
	return text;
}

/* The decoded blob, and how to turn the alert into an exception. */
static void excctl_alert_decoded(struct nlattr **tb)
{
	struct nlattr *blob = tb[KVMEXC_A_EVENT_BLOB];
	struct excctl_blob b;
	char err[256];

	if (!blob)
		return;
	if (excctl_blob_parse(nla_data(blob), nla_len(blob), true, &b, err, sizeof(err))) {
		printf("  (its blob does not decode: %s)\n", err);
		return;
	}
	excctl_blob_print(&b, stdout);
	excctl_blob_free(&b);
	printf("whitelist it: excctl add-from-alert --alert-seq %" PRIu64 " --guest %u\n\n",
	       excctl_u64(tb[KVMEXC_A_EVENT_SEQ]),
	       tb[KVMEXC_A_EVENT_GUEST_ID] ? nla_get_u32(tb[KVMEXC_A_EVENT_GUEST_ID]) : 0);
}

static void excctl_hex(const char *label, struct nlattr *a)
{
	const unsigned char *p = a ? nla_data(a) : NULL;
	int i, n = a ? nla_len(a) : 0;

	printf("%s", label);
	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
}

static void excctl_alert_text(struct nlattr **tb)
{
	unsigned int action = tb[KVMEXC_A_EVENT_ACTION] ? nla_get_u8(tb[KVMEXC_A_EVENT_ACTION]) : 0;
	unsigned int reason = tb[KVMEXC_A_EVENT_REASON] ? nla_get_u8(tb[KVMEXC_A_EVENT_REASON]) : 0;

	printf("guest %u #%" PRIu64 ": %s (%s)%s gpa 0x%" PRIx64,
	       tb[KVMEXC_A_EVENT_GUEST_ID] ? nla_get_u32(tb[KVMEXC_A_EVENT_GUEST_ID]) : 0,
	       excctl_u64(tb[KVMEXC_A_EVENT_SEQ]), kvmexc_action_name(action),
	       kvmexc_reason_name(reason), tb[KVMEXC_A_EVENT_UNDONE] ? ", undone," : "",
	       excctl_u64(tb[KVMEXC_A_EVENT_GPA]));
	if (tb[KVMEXC_A_EVENT_GVA])
		printf(" gva 0x%" PRIx64, excctl_u64(tb[KVMEXC_A_EVENT_GVA]));
	printf(" rip 0x%" PRIx64 " by %s to %s", excctl_u64(tb[KVMEXC_A_EVENT_RIP]),
	       tb[KVMEXC_A_EVENT_ORIGINATOR] ? nla_get_string(tb[KVMEXC_A_EVENT_ORIGINATOR]) : "?",
	       tb[KVMEXC_A_EVENT_VICTIM] && *(char *)nla_data(tb[KVMEXC_A_EVENT_VICTIM]) ?
	       nla_get_string(tb[KVMEXC_A_EVENT_VICTIM]) : "*");
	excctl_hex(" old ", tb[KVMEXC_A_EVENT_OLD_VALUE]);
	excctl_hex(" new ", tb[KVMEXC_A_EVENT_NEW_VALUE]);
	if (tb[KVMEXC_A_EVENT_RECORD])
		printf(" exception #%u", nla_get_u32(tb[KVMEXC_A_EVENT_RECORD]));
	putchar('\n');
	excctl_alert_decoded(tb);
}

static void excctl_alert_json(struct nlattr **tb)
{
	char *b64;

	printf("{\"guest\":%u,\"seq\":%" PRIu64 ",\"action\":\"%s\",\"reason\":\"%s\","
	       "\"undone\":%s,\"gpa\":%" PRIu64 ",\"gva\":%" PRIu64 ",\"rip\":%" PRIu64 ",",
	       tb[KVMEXC_A_EVENT_GUEST_ID] ? nla_get_u32(tb[KVMEXC_A_EVENT_GUEST_ID]) : 0,
	       excctl_u64(tb[KVMEXC_A_EVENT_SEQ]),
	       kvmexc_action_name(tb[KVMEXC_A_EVENT_ACTION] ?
				  nla_get_u8(tb[KVMEXC_A_EVENT_ACTION]) : 0),
	       kvmexc_reason_name(tb[KVMEXC_A_EVENT_REASON] ?
				  nla_get_u8(tb[KVMEXC_A_EVENT_REASON]) : 0),
	       tb[KVMEXC_A_EVENT_UNDONE] ? "true" : "false", excctl_u64(tb[KVMEXC_A_EVENT_GPA]),
	       excctl_u64(tb[KVMEXC_A_EVENT_GVA]), excctl_u64(tb[KVMEXC_A_EVENT_RIP]));
	printf("\"originator\":");
	excctl_json_string(stdout, tb[KVMEXC_A_EVENT_ORIGINATOR] ?
			   nla_get_string(tb[KVMEXC_A_EVENT_ORIGINATOR]) : "");
	printf(",\"victim\":");
	excctl_json_string(stdout, tb[KVMEXC_A_EVENT_VICTIM] ?
			   nla_get_string(tb[KVMEXC_A_EVENT_VICTIM]) : "");
	excctl_hex(",\"old\":\"", tb[KVMEXC_A_EVENT_OLD_VALUE]);
	excctl_hex("\",\"new\":\"", tb[KVMEXC_A_EVENT_NEW_VALUE]);
	printf("\",\"dropped\":%" PRIu64, excctl_u64(tb[KVMEXC_A_EVENT_DROPPED]));
	b64 = excctl_alert_b64(tb[KVMEXC_A_EVENT_BLOB]);
	if (b64)
		printf(",\"blob\":\"%s\"", b64);
	free(b64);
	printf("}\n");
}

static void excctl_alert_b64_line(struct nlattr **tb)
{
	char *b64 = excctl_alert_b64(tb[KVMEXC_A_EVENT_BLOB]);

	if (b64)
		printf("%s\n", b64);
	free(b64);
}

static int excctl_monitor_one(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	struct genlmsghdr *genl = nlmsg_data(nlh);
	struct excctl_monitor *m = arg;
	unsigned int guest;
	uint64_t seq;

	if (genl->cmd == KVMEXC_CMD_CHANGED) {
		if (m->format == EXCCTL_MONITOR_TEXT)
			printf("the exceptions in force changed\n");
		fflush(stdout);
		return 0;
	}
	if (genl->cmd != KVMEXC_CMD_ALERT)
		return 0;
	guest = tb[KVMEXC_A_EVENT_GUEST_ID] ? nla_get_u32(tb[KVMEXC_A_EVENT_GUEST_ID]) : 0;
	seq = excctl_u64(tb[KVMEXC_A_EVENT_SEQ]);
	if (m->format == EXCCTL_MONITOR_TEXT && guest < EXCCTL_MONITOR_GUESTS &&
	    m->last_seq[guest] && seq > m->last_seq[guest] + 1)
		printf("guest %u: %" PRIu64 " alerts dropped (rate limit or full queue)\n",
		       guest, seq - m->last_seq[guest] - 1);
	if (guest < EXCCTL_MONITOR_GUESTS)
		m->last_seq[guest] = seq;
	if (m->format == EXCCTL_MONITOR_JSON)
		excctl_alert_json(tb);
	else if (m->format == EXCCTL_MONITOR_B64)
		excctl_alert_b64_line(tb);
	else
		excctl_alert_text(tb);
	fflush(stdout);
	return 0;
}

int excctl_cmd_monitor(int argc, char **argv)
{
	struct excctl_monitor m = { 0 };
	struct excctl_nl *nl;
	int ret;

	if (argc == 2 && !strcmp(argv[1], "--json"))
		m.format = EXCCTL_MONITOR_JSON;
	else if (argc == 2 && !strcmp(argv[1], "--b64"))
		m.format = EXCCTL_MONITOR_B64;
	else if (argc != 1)
		return excctl_usage_error(argv[0]);
	nl = excctl_nl_open();
	if (!nl)
		return 1;
	if (excctl_nl_subscribe(nl, KVMEXC_MCGRP_ALERTS)) {
		excctl_nl_close(nl);
		return 1;
	}
	excctl_on_signals(excctl_monitor_signal);
	ret = excctl_nl_listen(nl, KVMEXC_A_EVENT_MAX, excctl_monitor_one, &m,
			       &excctl_monitor_stop);
	excctl_nl_close(nl);
	return ret ? 1 : 0;
}
