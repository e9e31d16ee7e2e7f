// SPDX-License-Identifier: GPL-2.0
/*
 * The guest commands of the family (ATTACH, DETACH, GUESTS, PROTECT,
 * UNPROTECT, MODULE, MODULE_DEL, GET_ALERT) and the ALERT notification:
 * attributes in, one call of guest.c, zone.c or alert.c, the reply out.
 */

#include <net/genetlink.h>

#include <linux/math64.h>
#include <asm/tsc.h>

#include "genl.h"
#include "guest.h"
#include "core/blob.h"

int kvmexc_nl_attach_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct kvmexc_guest params = {
		.os = tb[KVMEXC_A_GUEST_OS] ? nla_get_u8(tb[KVMEXC_A_GUEST_OS]) : 0,
		.bits = tb[KVMEXC_A_GUEST_BITS] ? nla_get_u8(tb[KVMEXC_A_GUEST_BITS]) : 64,
		.policy = tb[KVMEXC_A_GUEST_POLICY] ? nla_get_u8(tb[KVMEXC_A_GUEST_POLICY]) : 0,
		.os_version = tb[KVMEXC_A_GUEST_OS_VERSION] ?
			      nla_get_u64(tb[KVMEXC_A_GUEST_OS_VERSION]) : 0,
		.owner_portid = nla_get_flag(tb[KVMEXC_A_GUEST_PERSIST]) ?
				0 : info->snd_portid,
	};
	struct kvmexc_reply r;
	u32 id;
	int ret;

	if (KVMEXC_REQUIRE(info, KVMEXC_A_GUEST_VM_FD, "VM_FD"))
		return -EINVAL;
	ret = kvmexc_reply_start(&r, info, nla_total_size(sizeof(u32)));
	if (ret)
		return ret;
	ret = kvmexc_guest_attach(&params, nla_get_u32(tb[KVMEXC_A_GUEST_VM_FD]),
				  &id, info->extack);
	if (ret) {
		kvmexc_reply_cancel(&r);
		return ret;
	}
	return kvmexc_reply_send(&r, info, nla_put_u32(r.msg, KVMEXC_A_GUEST_ID, id));
}

int kvmexc_nl_detach_doit(struct sk_buff *skb, struct genl_info *info)
{
	if (KVMEXC_REQUIRE(info, KVMEXC_A_GUEST_ID, "ID"))
		return -EINVAL;
	return kvmexc_guest_detach_id(nla_get_u32(info->attrs[KVMEXC_A_GUEST_ID]),
				      info->extack);
}

struct kvmexc_guests_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
};

static u32 kvmexc_zones_count(struct kvmexc_guest *g)
{
	struct kvmexc_pzones *z = rcu_dereference_protected(g->zones, true);

	return z ? z->count : 0;
}

static u32 kvmexc_modules_count(struct kvmexc_guest *g)
{
	struct kvmexc_modules *m = rcu_dereference_protected(g->modules, true);

	return m ? m->count : 0;
}

static u64 kvmexc_cycles_to_ns(u64 cycles)
{
	return tsc_khz ? mul_u64_u32_div(cycles, USEC_PER_SEC, tsc_khz) : 0;
}

/* Called under kvmexc_guests_lock, which keeps @g and its arrays. */
static int kvmexc_guest_fill(struct sk_buff *skb, void *arg)
{
	struct kvmexc_guest *g = arg;
	u64 sent, dropped, undelivered, queued;

	kvmexc_alert_stats(g->alerts, &sent, &dropped, &undelivered, &queued);
	if (nla_put_u32(skb, KVMEXC_A_GUEST_ID, g->id) ||
	    nla_put_u8(skb, KVMEXC_A_GUEST_OS, g->os) ||
	    nla_put_u8(skb, KVMEXC_A_GUEST_BITS, g->bits) ||
	    nla_put_u8(skb, KVMEXC_A_GUEST_POLICY, g->policy) ||
	    nla_put_u64_64bit(skb, KVMEXC_A_GUEST_OS_VERSION, g->os_version,
			      KVMEXC_A_GUEST_PAD) ||
	    (!g->owner_portid && nla_put_flag(skb, KVMEXC_A_GUEST_PERSIST)) ||
	    nla_put_u32(skb, KVMEXC_A_GUEST_VMM_PID, g->vmm_pid) ||
	    nla_put_u32(skb, KVMEXC_A_GUEST_ZONES, kvmexc_zones_count(g)) ||
	    nla_put_u32(skb, KVMEXC_A_GUEST_MODULES, kvmexc_modules_count(g)) ||
	    nla_put_u64_64bit(skb, KVMEXC_A_GUEST_DECISIONS,
			      atomic64_read(&g->decisions), KVMEXC_A_GUEST_PAD) ||
	    nla_put_u64_64bit(skb, KVMEXC_A_GUEST_DENIED,
			      atomic64_read(&g->denied), KVMEXC_A_GUEST_PAD) ||
	    nla_put_u64_64bit(skb, KVMEXC_A_GUEST_ALERTS, sent, KVMEXC_A_GUEST_PAD) ||
	    nla_put_u64_64bit(skb, KVMEXC_A_GUEST_DROPPED, dropped, KVMEXC_A_GUEST_PAD) ||
	    nla_put_u64_64bit(skb, KVMEXC_A_GUEST_UNDELIVERED, undelivered,
			      KVMEXC_A_GUEST_PAD) ||
	    nla_put_u64_64bit(skb, KVMEXC_A_GUEST_QUEUED, queued, KVMEXC_A_GUEST_PAD) ||
	    nla_put_u64_64bit(skb, KVMEXC_A_GUEST_DECISION_NS,
			      kvmexc_cycles_to_ns(atomic64_read(&g->decision_cycles)),
			      KVMEXC_A_GUEST_PAD))
		return -EMSGSIZE;
	return 0;
}

static int kvmexc_guests_fill(void *arg, struct kvmexc_guest *g)
{
	struct kvmexc_guests_dump *dump = arg;

	return kvmexc_dump_one(dump->skb, dump->cb, kvmexc_guest_fill, g);
}

int kvmexc_nl_guests_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct kvmexc_guests_dump dump = { .skb = skb, .cb = cb };
	u32 *pos = (u32 *)cb->ctx;

	return kvmexc_dump_done(skb, kvmexc_guests_walk(pos, kvmexc_guests_fill, &dump));
}

/* Runs @op on the guest named by @attr, which stays attached meanwhile. */
static int kvmexc_with_guest(struct genl_info *info, int attr,
			     int (*op)(struct kvmexc_guest *g, struct genl_info *info))
{
	struct kvmexc_guest *g;
	int ret;

	if (KVMEXC_REQUIRE(info, attr, "GUEST_ID"))
		return -EINVAL;
	mutex_lock(&kvmexc_guests_lock);
	g = kvmexc_guest_find(nla_get_u32(info->attrs[attr]));
	if (g) {
		ret = op(g, info);
	} else {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[attr], "no guest with this ID");
		ret = -ENOENT;
	}
	mutex_unlock(&kvmexc_guests_lock);
	return ret;
}

static int kvmexc_protect(struct kvmexc_guest *g, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct kvmexc_pzone z = { 0 };

	if (KVMEXC_REQUIRE(info, KVMEXC_A_ZONE_GPA, "GPA") ||
	    KVMEXC_REQUIRE(info, KVMEXC_A_ZONE_LENGTH, "LENGTH") ||
	    KVMEXC_REQUIRE(info, KVMEXC_A_ZONE_KIND, "KIND") ||
	    KVMEXC_REQUIRE(info, KVMEXC_A_ZONE_OBJECT, "OBJECT"))
		return -EINVAL;
	z.gpa = nla_get_u64(tb[KVMEXC_A_ZONE_GPA]);
	z.len = nla_get_u32(tb[KVMEXC_A_ZONE_LENGTH]);
	if (!z.len || z.len > KVMEXC_ZONE_MAX_LENGTH) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[KVMEXC_A_ZONE_LENGTH],
				    "LENGTH must be from 1 to KVMEXC_ZONE_MAX_LENGTH");
		return -ERANGE;
	}
	if (z.gpa + z.len < z.gpa) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[KVMEXC_A_ZONE_LENGTH],
				    "the range wraps around");
		return -EINVAL;
	}
	z.kind = nla_get_u8(tb[KVMEXC_A_ZONE_KIND]);
	z.object = nla_get_u32(tb[KVMEXC_A_ZONE_OBJECT]);
	if (tb[KVMEXC_A_ZONE_ZONE_FLAGS])
		z.zone_flags = nla_get_u64(tb[KVMEXC_A_ZONE_ZONE_FLAGS]);
	if (tb[KVMEXC_A_ZONE_GVA])
		z.gva = nla_get_u64(tb[KVMEXC_A_ZONE_GVA]);
	if (tb[KVMEXC_A_ZONE_VICTIM])
		nla_strscpy(z.victim_name, tb[KVMEXC_A_ZONE_VICTIM], sizeof(z.victim_name));
	if (tb[KVMEXC_A_ZONE_PROCESS])
		nla_strscpy(z.process_name, tb[KVMEXC_A_ZONE_PROCESS], sizeof(z.process_name));
	return kvmexc_zone_add(g, &z, info->extack);
}

int kvmexc_nl_protect_doit(struct sk_buff *skb, struct genl_info *info)
{
	return kvmexc_with_guest(info, KVMEXC_A_ZONE_GUEST_ID, kvmexc_protect);
}

static int kvmexc_unprotect(struct kvmexc_guest *g, struct genl_info *info)
{
	if (KVMEXC_REQUIRE(info, KVMEXC_A_ZONE_GPA, "GPA"))
		return -EINVAL;
	return kvmexc_zone_del(g, nla_get_u64(info->attrs[KVMEXC_A_ZONE_GPA]),
			       info->extack);
}

int kvmexc_nl_unprotect_doit(struct sk_buff *skb, struct genl_info *info)
{
	return kvmexc_with_guest(info, KVMEXC_A_ZONE_GUEST_ID, kvmexc_unprotect);
}

static int kvmexc_module(struct kvmexc_guest *g, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct kvmexc_module m = { 0 };

	if (KVMEXC_REQUIRE(info, KVMEXC_A_MODULE_START, "START") ||
	    KVMEXC_REQUIRE(info, KVMEXC_A_MODULE_LENGTH, "LENGTH") ||
	    KVMEXC_REQUIRE(info, KVMEXC_A_MODULE_KIND, "KIND") ||
	    KVMEXC_REQUIRE(info, KVMEXC_A_MODULE_NAME, "NAME"))
		return -EINVAL;
	m.start = nla_get_u64(tb[KVMEXC_A_MODULE_START]);
	m.len = nla_get_u64(tb[KVMEXC_A_MODULE_LENGTH]);
	if (m.start + m.len < m.start) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[KVMEXC_A_MODULE_LENGTH],
				    "the range wraps around");
		return -EINVAL;
	}
	m.kind = nla_get_u8(tb[KVMEXC_A_MODULE_KIND]);
	nla_strscpy(m.name, tb[KVMEXC_A_MODULE_NAME], sizeof(m.name));
	if (tb[KVMEXC_A_MODULE_PROCESS])
		nla_strscpy(m.process, tb[KVMEXC_A_MODULE_PROCESS], sizeof(m.process));
	if (tb[KVMEXC_A_MODULE_CR3])
		m.cr3 = nla_get_u64(tb[KVMEXC_A_MODULE_CR3]);
	return kvmexc_module_add(g, &m, info->extack);
}

int kvmexc_nl_module_doit(struct sk_buff *skb, struct genl_info *info)
{
	return kvmexc_with_guest(info, KVMEXC_A_MODULE_GUEST_ID, kvmexc_module);
}

static int kvmexc_module_remove(struct kvmexc_guest *g, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;

	if (KVMEXC_REQUIRE(info, KVMEXC_A_MODULE_START, "START"))
		return -EINVAL;
	return kvmexc_module_del(g, nla_get_u64(tb[KVMEXC_A_MODULE_START]),
				 tb[KVMEXC_A_MODULE_CR3] ?
				 nla_get_u64(tb[KVMEXC_A_MODULE_CR3]) : 0,
				 info->extack);
}

int kvmexc_nl_module_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return kvmexc_with_guest(info, KVMEXC_A_MODULE_GUEST_ID, kvmexc_module_remove);
}

/* One alert as ALERT and GET_ALERT carry it: the alert and its blob. */
struct kvmexc_event {
	const struct kvmexc_alert *alert;
	const u8 *blob;
	u32 blob_len;
};

/*
 * Every attribute kvmexc_event_fill() may put: the u32s are GUEST_ID,
 * RECORD, OBJECT and SIZE, the u8s ACTION, REASON and KIND, the u64s SEQ,
 * CONTEXT, GPA, GVA, RIP, DROPPED and TIME; then UNDONE, the two values,
 * the two names and the blob.
 */
static size_t kvmexc_event_size(const struct kvmexc_event *ev)
{
	const struct kvmexc_alert *a = ev->alert;

	return 4 * nla_total_size(sizeof(u32)) + 3 * nla_total_size(sizeof(u8)) +
	       7 * nla_total_size_64bit(sizeof(u64)) + nla_total_size(0) +
	       2 * nla_total_size(a->size) +
	       nla_total_size(strlen(a->originator) + 1) +
	       nla_total_size(strlen(a->victim) + 1) + nla_total_size(ev->blob_len);
}

static int kvmexc_event_fill(struct sk_buff *skb, void *arg)
{
	const struct kvmexc_event *ev = arg;
	const struct kvmexc_alert *a = ev->alert;

	if (nla_put_u32(skb, KVMEXC_A_EVENT_GUEST_ID, a->guest) ||
	    nla_put_u64_64bit(skb, KVMEXC_A_EVENT_SEQ, a->seq, KVMEXC_A_EVENT_PAD) ||
	    nla_put_u8(skb, KVMEXC_A_EVENT_ACTION, a->action) ||
	    nla_put_u8(skb, KVMEXC_A_EVENT_REASON, a->reason) ||
	    (a->undone && nla_put_flag(skb, KVMEXC_A_EVENT_UNDONE)) ||
	    nla_put_u64_64bit(skb, KVMEXC_A_EVENT_GPA, a->gpa, KVMEXC_A_EVENT_PAD) ||
	    (a->gva && nla_put_u64_64bit(skb, KVMEXC_A_EVENT_GVA, a->gva,
					 KVMEXC_A_EVENT_PAD)) ||
	    nla_put_u64_64bit(skb, KVMEXC_A_EVENT_RIP, a->rip, KVMEXC_A_EVENT_PAD) ||
	    nla_put_u8(skb, KVMEXC_A_EVENT_KIND, a->kind) ||
	    nla_put_u32(skb, KVMEXC_A_EVENT_OBJECT, a->object) ||
	    nla_put_u32(skb, KVMEXC_A_EVENT_SIZE, a->size) ||
	    nla_put(skb, KVMEXC_A_EVENT_OLD_VALUE, a->size, a->old_value) ||
	    nla_put(skb, KVMEXC_A_EVENT_NEW_VALUE, a->size, a->new_value) ||
	    nla_put_string(skb, KVMEXC_A_EVENT_ORIGINATOR, a->originator) ||
	    nla_put_string(skb, KVMEXC_A_EVENT_VICTIM, a->victim) ||
	    nla_put_u64_64bit(skb, KVMEXC_A_EVENT_DROPPED, a->dropped, KVMEXC_A_EVENT_PAD) ||
	    nla_put_u64_64bit(skb, KVMEXC_A_EVENT_TIME, a->time_ns, KVMEXC_A_EVENT_PAD))
		return -EMSGSIZE;
	if (a->decided_by_exception &&
	    nla_put_u32(skb, KVMEXC_A_EVENT_RECORD, a->record))
		return -EMSGSIZE;
	if (a->from_added &&
	    nla_put_u64_64bit(skb, KVMEXC_A_EVENT_CONTEXT, a->context, KVMEXC_A_EVENT_PAD))
		return -EMSGSIZE;
	if (ev->blob_len && nla_put(skb, KVMEXC_A_EVENT_BLOB, ev->blob_len, ev->blob))
		return -EMSGSIZE;
	return 0;
}

/*
 * Multicasts one alert; from the alert work, where it may sleep. -ENOBUFS:
 * a listener's receive buffer was full, it lost the alert.
 */
int kvmexc_nl_send_alert(const struct kvmexc_alert *a, const u8 *blob, u32 blob_len)
{
	struct kvmexc_event ev = { .alert = a, .blob = blob, .blob_len = blob_len };

	return kvmexc_notify(KVMEXC_CMD_ALERT, kvmexc_event_size(&ev), kvmexc_event_fill, &ev);
}

/* The alert and its blob, built again from what the history kept. */
static int kvmexc_get_alert_reply(struct genl_info *info, const struct kvmexc_alert *a)
{
	struct kvmexc_event ev = { .alert = a };
	struct kvmexc_reply r;
	u8 *blob;
	int ret;

	blob = kmalloc(KVMEXC_BLOB_MAX, GFP_KERNEL);
	if (!blob)
		return -ENOMEM;
	/* An alert the blob cannot describe goes without one, as ALERT sent it. */
	ev.blob = blob;
	ev.blob_len = max(kvmexc_alert_blob(a, blob, KVMEXC_BLOB_MAX), 0);
	ret = kvmexc_reply_start(&r, info, kvmexc_event_size(&ev));
	if (!ret)
		ret = kvmexc_reply_send(&r, info, kvmexc_event_fill(r.msg, &ev));
	kfree(blob);
	return ret;
}

static int kvmexc_get_alert(struct kvmexc_guest *g, struct genl_info *info)
{
	struct kvmexc_alert *a;
	int ret;

	if (KVMEXC_REQUIRE(info, KVMEXC_A_EVENT_SEQ, "SEQ"))
		return -EINVAL;
	a = kmalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	ret = kvmexc_alert_lookup(g->alerts, nla_get_u64(info->attrs[KVMEXC_A_EVENT_SEQ]), a);
	if (ret)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[KVMEXC_A_EVENT_SEQ],
				    "SEQ: the guest keeps no such alert (only its last ones)");
	else
		ret = kvmexc_get_alert_reply(info, a);
	kfree(a);
	return ret;
}

int kvmexc_nl_get_alert_doit(struct sk_buff *skb, struct genl_info *info)
{
	return kvmexc_with_guest(info, KVMEXC_A_EVENT_GUEST_ID, kvmexc_get_alert);
}
