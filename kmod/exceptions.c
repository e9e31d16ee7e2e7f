// SPDX-License-Identifier: GPL-2.0
/*
 * The exceptions in force: the set built from the last exceptions.bin that
 * loaded, and the added exceptions beside it. Both are immutable
 * objects published with RCU, so a decision in KVM's fault path reads them
 * without a lock; writers build the replacement first, swap it in under
 * kvmexc_update_lock and free the old one after a grace period. A file or
 * an addition that fails validation changes nothing.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>

#include "kvmexc.h"

struct kvmexc_set __rcu *kvmexc_file;
struct kvmexc_added __rcu *kvmexc_added;
static DEFINE_MUTEX(kvmexc_update_lock);
/* Bumped by every change, so a dump can tell that it raced one. */
static atomic_t kvmexc_generation = ATOMIC_INIT(1);

DEFINE_PER_CPU(struct kvmexc_verdict_counts, kvmexc_verdicts);

static void kvmexc_changed(void)
{
	atomic_inc(&kvmexc_generation);
	kvmexc_nl_notify_changed();
}

u32 kvmexc_exceptions_generation(void)
{
	return atomic_read(&kvmexc_generation);
}

int kvmexc_load(const void *buf, size_t len, struct kvmexc_file_info *info,
		struct kvmexc_err *err)
{
	struct kvmexc_set *set, *old;

	set = kvmexc_set_build(buf, len, err);
	if (!set)
		return err->code;
	*info = set->info;

	mutex_lock(&kvmexc_update_lock);
	old = rcu_replace_pointer(kvmexc_file, set,
				  lockdep_is_held(&kvmexc_update_lock));
	mutex_unlock(&kvmexc_update_lock);

	if (info->newer_minor)
		pr_warn("file version %u.%u is newer than %u.%u: not all its features are used\n",
			info->major, info->minor, KVMEXC_FILE_VERSION_MAJOR,
			KVMEXC_FILE_VERSION_MINOR);
	kvmexc_changed();
	synchronize_rcu();
	kvmexc_set_free(old);
	return 0;
}

/* Replaces the added exceptions with @next, built from the current ones. */
static void kvmexc_added_publish(struct kvmexc_added *next)
{
	struct kvmexc_added *old;

	lockdep_assert_held(&kvmexc_update_lock);
	old = rcu_replace_pointer(kvmexc_added, next,
				  lockdep_is_held(&kvmexc_update_lock));
	kvmexc_changed();
	synchronize_rcu();
	kvmexc_added_free(old);
}

static struct kvmexc_added *kvmexc_added_locked(void)
{
	return rcu_dereference_protected(kvmexc_added,
					 lockdep_is_held(&kvmexc_update_lock));
}

/* @guest: the only guest it decides for, 0 for every guest and EVAL. */
int kvmexc_add_exception(u64 context, u32 guest, const void *records, size_t len,
			 struct kvmexc_err *err)
{
	struct kvmexc_added *next;

	mutex_lock(&kvmexc_update_lock);
	next = kvmexc_added_insert_for(kvmexc_added_locked(), context, guest,
				       records, len, err);
	if (next)
		kvmexc_added_publish(next);
	mutex_unlock(&kvmexc_update_lock);
	return next ? 0 : err->code;
}

int kvmexc_remove_added(u64 context, struct kvmexc_err *err)
{
	struct kvmexc_added *next;

	mutex_lock(&kvmexc_update_lock);
	next = kvmexc_added_remove(kvmexc_added_locked(), context, err);
	if (next)
		kvmexc_added_publish(next);
	mutex_unlock(&kvmexc_update_lock);
	return next ? 0 : err->code;
}

/* Every added exception, or (@guest not 0) those of one guest. */
int kvmexc_flush_added(u32 guest, struct kvmexc_err *err)
{
	struct kvmexc_added *next = NULL;
	int ret = 0;

	mutex_lock(&kvmexc_update_lock);
	if (guest) {
		next = kvmexc_added_remove_guest(kvmexc_added_locked(), guest, err);
		/* a guest without added exceptions has nothing to flush */
		if (!next && err->code != -ENOENT)
			ret = err->code;
	}
	if (next || (!guest && kvmexc_added_locked()))
		kvmexc_added_publish(next);
	mutex_unlock(&kvmexc_update_lock);
	return ret;
}

/*
 * Calls @fill for every exception in force from @cursor on, file first then
 * added exceptions, until @fill fails (its error is returned, the cursor
 * left on the exception it failed on) or all were seen (0).
 */
int kvmexc_list(struct kvmexc_list_cursor *cursor, kvmexc_list_fill_fn fill,
		void *arg)
{
	const struct kvmexc_set *set;
	int ret = 0;

	rcu_read_lock();
	for (; cursor->source <= KVMEXC_SOURCE_ADDED; cursor->source++, cursor->index = 0) {
		if (cursor->source == KVMEXC_SOURCE_FILE)
			set = rcu_dereference(kvmexc_file);
		else
			set = kvmexc_added_set(rcu_dereference(kvmexc_added));
		for (; set && cursor->index < set->exc_count; cursor->index++) {
			ret = fill(arg, set, &set->excs[cursor->index],
				   cursor->source);
			if (ret)
				goto out;
		}
	}
out:
	rcu_read_unlock();
	return ret;
}

void kvmexc_status(struct kvmexc_status *st)
{
	const struct kvmexc_added *added;
	const struct kvmexc_set *set;
	int cpu;

	memset(st, 0, sizeof(*st));
	rcu_read_lock();
	set = rcu_dereference(kvmexc_file);
	if (set) {
		st->loaded = true;
		st->info = set->info;
		kvmexc_set_stats(set, &st->set);
	}
	added = rcu_dereference(kvmexc_added);
	st->added_exceptions = kvmexc_added_count(added);
	st->added_bytes = kvmexc_added_bytes(added);
	rcu_read_unlock();

	for_each_possible_cpu(cpu) {
		const struct kvmexc_verdict_counts *c = per_cpu_ptr(&kvmexc_verdicts, cpu);

		st->allowed += READ_ONCE(c->allowed);
		st->denied += READ_ONCE(c->denied);
		st->feedback += READ_ONCE(c->feedback);
	}
	st->decisions = st->allowed + st->denied + st->feedback;
}

void kvmexc_exceptions_exit(void)
{
	/* Every reader is gone: the netlink family and the hooks came first. */
	kvmexc_set_free(rcu_dereference_protected(kvmexc_file, true));
	kvmexc_added_free(rcu_dereference_protected(kvmexc_added, true));
}
