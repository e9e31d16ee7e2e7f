/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of the module share.
 */
#ifndef _KVMEXC_KVMEXC_H
#define _KVMEXC_KVMEXC_H

#include <linux/list.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/kvmexc.h>
#include <net/genetlink.h>

#include "core/match.h"
#include "core/store.h"

/* main.c: module parameters */
extern unsigned int kvmexc_max_file_size;

/* session.c: per netlink socket state, freed when the socket closes */
struct kvmexc_upload;

struct kvmexc_session {
	struct list_head node;
	u32 portid;
	struct kvmexc_upload *upload;
	char error[256];
};

int kvmexc_session_init(void);
void kvmexc_session_exit(void);
struct kvmexc_session *kvmexc_session_lock(u32 portid);
void kvmexc_session_unlock(struct kvmexc_session *s);
void kvmexc_session_error(struct kvmexc_session *s,
			  struct netlink_ext_ack *extack, const char *msg);
void kvmexc_error(u32 portid, struct netlink_ext_ack *extack, const char *msg);

/* upload.c: chunked transfers of exceptions.bin, kept in the session */
int kvmexc_upload_begin(struct kvmexc_session *s, u32 size, u32 *id,
			struct netlink_ext_ack *extack);
int kvmexc_upload_chunk(struct kvmexc_session *s, u32 id, u32 offset,
			const void *data, u32 len,
			struct netlink_ext_ack *extack);
int kvmexc_upload_finish(struct kvmexc_session *s, u32 id, u8 **buf,
			 u32 *size, struct netlink_ext_ack *extack);
void kvmexc_upload_free(struct kvmexc_session *s);

/* exceptions.c: the file and added exceptions in force */
struct kvmexc_status {
	bool loaded;
	struct kvmexc_file_info info;
	struct kvmexc_set_stats set;
	u32 added_exceptions;
	size_t added_bytes;
	u64 decisions, allowed, denied, feedback;
};

int kvmexc_load(const void *buf, size_t len, struct kvmexc_file_info *info,
		struct kvmexc_err *err);
int kvmexc_add_exception(u64 context, u32 guest, const void *records, size_t len,
			 struct kvmexc_err *err);
int kvmexc_remove_added(u64 context, struct kvmexc_err *err);
int kvmexc_flush_added(u32 guest, struct kvmexc_err *err);
void kvmexc_status(struct kvmexc_status *st);

struct kvmexc_list_cursor {
	u32 source;		/* enum kvmexc_exc_source */
	u32 index;		/* into that set's exceptions */
};

typedef int (*kvmexc_list_fill_fn)(void *arg, const struct kvmexc_set *set,
				   const struct kvmexc_exc *exc, u32 source);
int kvmexc_list(struct kvmexc_list_cursor *cursor, kvmexc_list_fill_fn fill,
		void *arg);

/* What is in force, published under RCU by exceptions.c only. */
extern struct kvmexc_set __rcu *kvmexc_file;
extern struct kvmexc_added __rcu *kvmexc_added;

/* Per CPU, as every vCPU's fault path bumps them. */
struct kvmexc_verdict_counts {
	u64 allowed;
	u64 denied;
	u64 feedback;
};

DECLARE_PER_CPU(struct kvmexc_verdict_counts, kvmexc_verdicts);

/*
 * Decides @v against what is in force. Safe in atomic context: no lock, no
 * allocation. The caller holds rcu_read_lock(), as the fault path does
 * anyway: a nested one, or a call here, would cost on every guest write.
 * When an exception decided and @fill is given, @fill sees it while its set
 * cannot go away (no sleeping).
 */
static __always_inline int kvmexc_decide(const struct kvmexc_violation *v,
					 struct kvmexc_decision *d,
					 kvmexc_list_fill_fn fill, void *arg)
{
	const struct kvmexc_added *added;
	const struct kvmexc_set *file;
	int ret = 0;

	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "deciding outside rcu_read_lock()");
	file = rcu_dereference(kvmexc_file);
	added = rcu_dereference(kvmexc_added);
	kvmexc_match(file, added, v, d);
	if (fill && d->exc)
		ret = fill(arg, d->from_added ? kvmexc_added_set(added) : file,
			   d->exc, d->from_added ? KVMEXC_SOURCE_ADDED : KVMEXC_SOURCE_FILE);
	d->exc = NULL;

	if (d->action != KVMEXC_ACTION_ALLOW)
		this_cpu_inc(kvmexc_verdicts.denied);
	else if (d->reason == KVMEXC_REASON_ALLOWED_FEEDBACK)
		this_cpu_inc(kvmexc_verdicts.feedback);
	else
		this_cpu_inc(kvmexc_verdicts.allowed);
	return ret;
}

u32 kvmexc_exceptions_generation(void);
void kvmexc_exceptions_exit(void);

/* guest.c: attached guests go with the socket that attached them */
void kvmexc_guests_release_portid(u32 portid);
/* Alerts of every guest dropped and lost by listeners since the module loaded. */
void kvmexc_alert_totals(u64 *dropped, u64 *undelivered);
int kvmexc_guest_add_exception(u32 guest, u64 context, const void *records,
			       size_t len, struct kvmexc_err *err);

/* nl_exceptions.c: tells the listeners of "alerts" */
void kvmexc_nl_notify_changed(void);

#endif /* _KVMEXC_KVMEXC_H */
