// SPDX-License-Identifier: GPL-2.0
/*
 * excctl monitor [--json | --b64]: alerts as they arrive, until interrupted,
 * with gaps in a guest's sequence numbers shown as dropped alerts. Each
 * alert's blob is shown decoded, with the command that whitelists it; --b64
 * prints only the blobs, one per line, for excctl decode and add-from-alert.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/kvmexc.h>
#include <netlink/genl/genl.h>

#include "core/blob.h"
#include "core/match.h"
#include "decoder/decode.h"
#include "cli/excctl.h"
#include "cli/json.h"
#include "cli/nl.h"

/*
 * How far back a gap is fetched again: the module keeps its last 32 sent
 * alerts (kmod/alert.c); asking for older ones only costs a round trip.
 */
#define EXCCTL_MONITOR_REFETCH	64

enum excctl_monitor_format { EXCCTL_MONITOR_TEXT, EXCCTL_MONITOR_JSON, EXCCTL_MONITOR_B64 };

/* What was last shown of one guest. */
struct excctl_monitor_guest {
	unsigned int id;
	uint64_t seq;		/* 0: nothing yet */
	uint64_t dropped;	/* the module's count as that alert carried it */
	/* After an overflow: the last alert raised, and the drops up to it. */
	uint64_t noted_seq, noted_dropped;
};

struct excctl_monitor {
	enum excctl_monitor_format format;
	struct excctl_nl *fetch;	/* GET_ALERT of what the socket lost */
	struct excctl_monitor_guest *guests;
	unsigned int guest_count;
	uint64_t shown, fetched, lost, dropped;
	bool noting_final, unsettled;
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

/* The decision's time, UTC, RFC 3339 with nanoseconds; "" if not told. */
static void excctl_alert_time(struct nlattr **tb, char *buf, size_t size)
{
	uint64_t ns = excctl_u64(tb[KVMEXC_A_EVENT_TIME]);
	time_t secs = ns / 1000000000;
	struct tm tm;
	size_t n;

	buf[0] = 0;
	if (!ns || !gmtime_r(&secs, &tm))
		return;
	n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	if (n)
		snprintf(buf + n, size - n, ".%09" PRIu64 "Z", ns % 1000000000);
}

static void excctl_alert_text(struct nlattr **tb)
{
	unsigned int action = tb[KVMEXC_A_EVENT_ACTION] ? nla_get_u8(tb[KVMEXC_A_EVENT_ACTION]) : 0;
	unsigned int reason = tb[KVMEXC_A_EVENT_REASON] ? nla_get_u8(tb[KVMEXC_A_EVENT_REASON]) : 0;
	char when[40];

	excctl_alert_time(tb, when, sizeof(when));
	printf("%s%sguest %u #%" PRIu64 ": %s (%s)%s gpa 0x%" PRIx64, when, *when ? " " : "",
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

/* Bytes as hex digits, as EVENT.json's "old" and "new" are written. */
static void excctl_json_add_bytes(struct json_object *o, const char *key, struct nlattr *a)
{
	const unsigned char *p = a ? nla_data(a) : NULL;
	int i, n = a ? nla_len(a) : 0;
	char text[2 * 256 + 1] = "";

	for (i = 0; i < n && i < 256; i++)
		snprintf(text + 2 * i, 3, "%02x", p[i]);
	excctl_json_add_string(o, key, text);
}

static void excctl_alert_json(struct nlattr **tb)
{
	struct json_object *o = json_object_new_object();
	char when[40], *b64;

	excctl_json_add_u64(o, "guest", tb[KVMEXC_A_EVENT_GUEST_ID] ?
			    nla_get_u32(tb[KVMEXC_A_EVENT_GUEST_ID]) : 0);
	excctl_json_add_u64(o, "seq", excctl_u64(tb[KVMEXC_A_EVENT_SEQ]));
	excctl_json_add_string(o, "action", kvmexc_action_name(tb[KVMEXC_A_EVENT_ACTION] ?
			       nla_get_u8(tb[KVMEXC_A_EVENT_ACTION]) : 0));
	excctl_json_add_string(o, "reason", kvmexc_reason_name(tb[KVMEXC_A_EVENT_REASON] ?
			       nla_get_u8(tb[KVMEXC_A_EVENT_REASON]) : 0));
	json_object_object_add(o, "undone", json_object_new_boolean(!!tb[KVMEXC_A_EVENT_UNDONE]));
	excctl_json_add_hex64(o, "gpa", excctl_u64(tb[KVMEXC_A_EVENT_GPA]));
	excctl_json_add_hex64(o, "gva", excctl_u64(tb[KVMEXC_A_EVENT_GVA]));
	excctl_json_add_hex64(o, "rip", excctl_u64(tb[KVMEXC_A_EVENT_RIP]));
	excctl_alert_time(tb, when, sizeof(when));
	excctl_json_add_string(o, "time", when);
	excctl_json_add_string(o, "originator_name", tb[KVMEXC_A_EVENT_ORIGINATOR] ?
			       nla_get_string(tb[KVMEXC_A_EVENT_ORIGINATOR]) : "");
	excctl_json_add_string(o, "victim_name", tb[KVMEXC_A_EVENT_VICTIM] ?
			       nla_get_string(tb[KVMEXC_A_EVENT_VICTIM]) : "");
	excctl_json_add_bytes(o, "old", tb[KVMEXC_A_EVENT_OLD_VALUE]);
	excctl_json_add_bytes(o, "new", tb[KVMEXC_A_EVENT_NEW_VALUE]);
	if (tb[KVMEXC_A_EVENT_RECORD])
		excctl_json_add_u64(o, "record", nla_get_u32(tb[KVMEXC_A_EVENT_RECORD]));
	excctl_json_add_u64(o, "dropped", excctl_u64(tb[KVMEXC_A_EVENT_DROPPED]));
	b64 = excctl_alert_b64(tb[KVMEXC_A_EVENT_BLOB]);
	excctl_json_add_string(o, "blob", b64);
	free(b64);
	excctl_json_print(stdout, o);
}

static void excctl_alert_b64_line(struct nlattr **tb)
{
	char *b64 = excctl_alert_b64(tb[KVMEXC_A_EVENT_BLOB]);

	if (b64)
		printf("%s\n", b64);
	free(b64);
}

static struct excctl_monitor_guest *excctl_monitor_guest(struct excctl_monitor *m,
							 unsigned int id)
{
	struct excctl_monitor_guest *bigger;
	unsigned int i;

	for (i = 0; i < m->guest_count; i++)
		if (m->guests[i].id == id)
			return &m->guests[i];
	bigger = realloc(m->guests, (m->guest_count + 1) * sizeof(*bigger));
	if (!bigger)
		return NULL;
	m->guests = bigger;
	m->guests[m->guest_count] = (struct excctl_monitor_guest){ .id = id };
	return &m->guests[m->guest_count++];
}

static void excctl_monitor_show(struct excctl_monitor *m, struct excctl_monitor_guest *g,
				struct nlattr **tb)
{
	g->seq = excctl_u64(tb[KVMEXC_A_EVENT_SEQ]);
	g->dropped = excctl_u64(tb[KVMEXC_A_EVENT_DROPPED]);
	if (m->format == EXCCTL_MONITOR_JSON)
		excctl_alert_json(tb);
	else if (m->format == EXCCTL_MONITOR_B64)
		excctl_alert_b64_line(tb);
	else
		excctl_alert_text(tb);
	fflush(stdout);
	m->shown++;
}

struct excctl_monitor_refetch {
	struct excctl_monitor *m;
	struct excctl_monitor_guest *g;
};

static int excctl_monitor_refetched(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	struct excctl_monitor_refetch *r = arg;

	(void)nlh;
	excctl_monitor_show(r->m, r->g, tb);
	r->m->fetched++;
	return 0;
}

/*
 * Shows the alerts @from to @to of @g that the module still keeps; the
 * others it dropped or no longer has. Returns how many it showed.
 */
static uint64_t excctl_monitor_refetch(struct excctl_monitor *m, struct excctl_monitor_guest *g,
				       uint64_t from, uint64_t to)
{
	struct excctl_monitor_refetch r = { m, g };
	uint64_t before = m->fetched, seq;

	if (to - from >= EXCCTL_MONITOR_REFETCH)
		from = to - EXCCTL_MONITOR_REFETCH + 1;
	for (seq = from; seq <= to; seq++)
		excctl_nl_get_alert(m->fetch, g->id, seq, excctl_monitor_refetched, &r);
	return m->fetched - before;
}

/* Alerts of @g before @seq never seen: the module's drops, the socket's losses. */
static void excctl_monitor_gap(struct excctl_monitor *m, struct excctl_monitor_guest *g,
			       uint64_t seq, uint64_t dropped)
{
	uint64_t missing = seq - g->seq - 1, by_module = 0, by_socket, got;

	if (dropped > g->dropped)
		by_module = dropped - g->dropped < missing ? dropped - g->dropped : missing;
	by_socket = missing - by_module;
	m->dropped += by_module;
	got = by_socket ? excctl_monitor_refetch(m, g, g->seq + 1, seq - 1) : 0;
	if (got > by_socket)
		got = by_socket;
	m->lost += by_socket - got;
	if (m->format != EXCCTL_MONITOR_TEXT)
		return;
	if (by_module)
		printf("guest %u: %" PRIu64 " alerts dropped by the module (rate limit or full queue)\n",
		       g->id, by_module);
	if (by_socket > got)
		printf("guest %u: %" PRIu64 " alerts lost by this socket, no longer kept by the module\n",
		       g->id, by_socket - got);
}

static int excctl_monitor_one(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	struct genlmsghdr *genl = nlmsg_data(nlh);
	struct excctl_monitor *m = arg;
	struct excctl_monitor_guest *g;
	uint64_t seq;

	if (genl->cmd == KVMEXC_CMD_CHANGED) {
		if (m->format == EXCCTL_MONITOR_TEXT)
			printf("the exceptions in force changed\n");
		fflush(stdout);
		return 0;
	}
	if (genl->cmd != KVMEXC_CMD_ALERT)
		return 0;
	g = excctl_monitor_guest(m, tb[KVMEXC_A_EVENT_GUEST_ID] ?
				 nla_get_u32(tb[KVMEXC_A_EVENT_GUEST_ID]) : 0);
	if (!g)
		return -ENOMEM;
	seq = excctl_u64(tb[KVMEXC_A_EVENT_SEQ]);
	/* Shown already, fetched again after the socket lost what came before. */
	if (g->seq && seq <= g->seq)
		return 0;
	if (g->seq && seq > g->seq + 1)
		excctl_monitor_gap(m, g, seq, excctl_u64(tb[KVMEXC_A_EVENT_DROPPED]));
	excctl_monitor_show(m, g, tb);
	return 0;
}

/* How far one guest went, from its counters in GUESTS. */
static int excctl_monitor_guest_noted(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	struct excctl_monitor *m = arg;
	struct excctl_monitor_guest *g;
	uint64_t queued;

	(void)nlh;
	if (!tb[KVMEXC_A_GUEST_ID])
		return 0;
	g = excctl_monitor_guest(m, nla_get_u32(tb[KVMEXC_A_GUEST_ID]));
	if (!g)
		return -ENOMEM;
	/*
	 * An alert leaves the module's queue once it was sent: with none
	 * queued, every alert raised so far was sent or dropped, and the
	 * socket has what it did not lose. Still queued when monitor stops,
	 * they are lost to it.
	 */
	queued = excctl_u64(tb[KVMEXC_A_GUEST_QUEUED]);
	if (queued && !m->noting_final)
		m->unsettled = true;
	g->noted_seq = excctl_u64(tb[KVMEXC_A_GUEST_ALERTS]) +
		       excctl_u64(tb[KVMEXC_A_GUEST_DROPPED]) + queued;
	g->noted_dropped = excctl_u64(tb[KVMEXC_A_GUEST_DROPPED]);
	return 0;
}

static bool excctl_monitor_note(void *arg, bool final)
{
	struct excctl_monitor *m = arg;
	struct nl_msg *msg = excctl_nl_request(m->fetch, KVMEXC_CMD_GUESTS, NLM_F_DUMP, 0);
	unsigned int i;

	for (i = 0; i < m->guest_count; i++)
		m->guests[i].noted_seq = 0;
	m->noting_final = final;
	m->unsettled = false;
	/* Counters that cannot be read count nothing: the gaps still show. */
	if (!msg || excctl_nl_transact(m->fetch, msg, KVMEXC_A_GUEST_MAX,
				       excctl_monitor_guest_noted, m))
		return true;
	return !m->unsettled;
}

/*
 * The socket overflowed and what it held has been read: gaps between
 * alerts were filled as they came, but a guest's last alerts are lost with
 * no later one to show the gap.
 */
static void excctl_monitor_count(void *arg)
{
	struct excctl_monitor *m = arg;
	struct excctl_monitor_guest *g;
	unsigned int i;

	for (i = 0; i < m->guest_count; i++) {
		g = &m->guests[i];
		/* A guest nothing was seen of: where its alerts began is unknown. */
		if (!g->seq || g->noted_seq <= g->seq)
			continue;
		excctl_monitor_gap(m, g, g->noted_seq + 1, g->noted_dropped);
		/* counted now: should one still arrive, it is not counted twice */
		g->seq = g->noted_seq;
		g->dropped = g->noted_dropped;
	}
}

static const struct excctl_nl_losses excctl_monitor_losses = {
	.note = excctl_monitor_note,
	.count = excctl_monitor_count,
};

int excctl_cmd_monitor(int argc, char **argv)
{
	struct excctl_monitor m = { 0 };
	unsigned long long rcvbuf = 0;
	struct excctl_opts o;
	struct excctl_nl *nl;
	int ret;

	if (excctl_opts_parse(&o, argc, argv))
		return o.status;
	if (o.json)
		m.format = EXCCTL_MONITOR_JSON;
	else if (excctl_opt_flag(&o, "--b64"))
		m.format = EXCCTL_MONITOR_B64;
	excctl_opt_number(&o, "--rcvbuf", &rcvbuf);
	nl = excctl_nl_open();
	m.fetch = excctl_nl_open();
	if (!nl || !m.fetch || excctl_nl_subscribe(nl, KVMEXC_MCGRP_ALERTS, rcvbuf)) {
		excctl_nl_close(m.fetch);
		excctl_nl_close(nl);
		return 1;
	}
	/* An alert the module no longer keeps is counted, not an error. */
	excctl_nl_quiet(m.fetch);
	/* From here on no alert is missed: what waits for that can tell. */
	fprintf(stderr, "excctl monitor: listening to the alerts of every guest\n");
	excctl_on_signals(excctl_monitor_signal);
	ret = excctl_nl_listen(nl, KVMEXC_A_EVENT_MAX, excctl_monitor_one, &excctl_monitor_losses,
			       &m, &excctl_monitor_stop);
	excctl_nl_close(m.fetch);
	excctl_nl_close(nl);
	free(m.guests);
	fprintf(stderr, "excctl monitor: %" PRIu64 " alerts shown, %" PRIu64
		" of them fetched again after this socket lost them; %" PRIu64
		" lost for good; %" PRIu64 " dropped by the module\n",
		m.shown, m.fetched, m.lost, m.dropped);
	return ret ? 1 : 0;
}
