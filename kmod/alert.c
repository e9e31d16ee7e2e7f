// SPDX-License-Identifier: GPL-2.0
/*
 * Alerts of a guest: the fault path queues them in a fixed ring, without
 * allocating or sleeping, and a work item sends them on the "alerts"
 * multicast group. A rate limit and the ring's size bound what a guest
 * writing in a loop costs the host; what does not fit is counted as
 * dropped and shows as a gap in the sequence numbers. The last ones sent
 * are kept, so that an operator can turn one into an exception later
 * (GET_ALERT) without having listened at the time.
 */

#include <linux/jiffies.h>
#include <linux/slab.h>

#include "guest.h"
#include "core/blob.h"

#define KVMEXC_ALERT_RING	64
#define KVMEXC_ALERT_HISTORY	32
/* Sustained alerts per second per guest, and the burst above that. */
#define KVMEXC_ALERT_RATE	200
#define KVMEXC_ALERT_BURST	400

/* Of every guest since the module was loaded, for GET_STATUS. */
static atomic64_t kvmexc_alerts_dropped = ATOMIC64_INIT(0);
static atomic64_t kvmexc_alerts_undelivered = ATOMIC64_INIT(0);

struct kvmexc_alert_queue {
	spinlock_t lock;	/* everything below */
	u32 head;
	u32 count;
	u64 next_seq;
	u64 sent;
	u64 dropped;
	u64 undelivered;
	u32 tokens;
	unsigned long refill;	/* jiffies of the last refill */
	struct work_struct work;
	struct kvmexc_alert ring[KVMEXC_ALERT_RING];
	u32 history_next;
	struct kvmexc_alert history[KVMEXC_ALERT_HISTORY];	/* by send order */
};

/* Copies the oldest queued alert into @a; false: none. */
static bool kvmexc_alert_peek(struct kvmexc_alert_queue *q, struct kvmexc_alert *a)
{
	bool queued;

	spin_lock(&q->lock);
	queued = q->count;
	if (queued)
		*a = q->ring[q->head];
	spin_unlock(&q->lock);
	return queued;
}

/*
 * The oldest alert leaves the ring only once it was sent, so that "queued"
 * counts it until a listener can have it and "sent" never counts an alert
 * a listener cannot have yet: monitor's count of what its socket lost
 * relies on both.
 */
static void kvmexc_alert_sent(struct kvmexc_alert_queue *q, const struct kvmexc_alert *a,
			      bool undelivered)
{
	spin_lock(&q->lock);
	q->head = (q->head + 1) % KVMEXC_ALERT_RING;
	q->count--;
	q->sent++;
	q->history[q->history_next++ % KVMEXC_ALERT_HISTORY] = *a;
	if (undelivered)
		q->undelivered++;
	spin_unlock(&q->lock);
	if (undelivered)
		atomic64_inc(&kvmexc_alerts_undelivered);
}

static void kvmexc_alert_work(struct work_struct *work)
{
	struct kvmexc_alert_queue *q = container_of(work, struct kvmexc_alert_queue,
						    work);
	struct kvmexc_alert *a;
	u8 *blob;
	int len;

	a = kmalloc(sizeof(*a), GFP_KERNEL);
	blob = kmalloc(KVMEXC_BLOB_MAX, GFP_KERNEL);
	/* The work item never runs twice at once: it alone takes from the ring. */
	while (a && blob && kvmexc_alert_peek(q, a)) {
		len = kvmexc_alert_blob(a, blob, KVMEXC_BLOB_MAX);
		/* A listener whose socket is full loses it; GET_ALERT still has it. */
		kvmexc_alert_sent(q, a, kvmexc_nl_send_alert(a, blob, max(len, 0)) == -ENOBUFS);
	}
	kfree(blob);
	kfree(a);
}

/* Copies the sent alert @seq, if it is still kept, into @a. */
int kvmexc_alert_lookup(struct kvmexc_alert_queue *q, u64 seq, struct kvmexc_alert *a)
{
	int ret = -ENOENT;
	u32 i;

	spin_lock(&q->lock);
	for (i = 0; i < KVMEXC_ALERT_HISTORY && i < q->history_next; i++)
		if (q->history[i].seq == seq) {
			*a = q->history[i];
			ret = 0;
			break;
		}
	spin_unlock(&q->lock);
	return ret;
}

struct kvmexc_alert_queue *kvmexc_alert_queue_new(u32 guest)
{
	struct kvmexc_alert_queue *q = kvzalloc(sizeof(*q), GFP_KERNEL_ACCOUNT);

	if (!q)
		return NULL;
	spin_lock_init(&q->lock);
	INIT_WORK(&q->work, kvmexc_alert_work);
	q->next_seq = 1;
	q->tokens = KVMEXC_ALERT_BURST;
	q->refill = jiffies;
	return q;
}

void kvmexc_alert_queue_free(struct kvmexc_alert_queue *q)
{
	if (!q)
		return;
	/* Nothing queues any more: the guest's hook is gone. */
	cancel_work_sync(&q->work);
	kvfree(q);
}

static bool kvmexc_alert_take_token(struct kvmexc_alert_queue *q)
{
	unsigned long elapsed = jiffies - q->refill;
	u64 earned = (u64)elapsed * KVMEXC_ALERT_RATE / HZ;

	if (earned) {
		q->tokens = min_t(u64, KVMEXC_ALERT_BURST, q->tokens + earned);
		q->refill += earned * HZ / KVMEXC_ALERT_RATE;
	}
	if (!q->tokens)
		return false;
	q->tokens--;
	return true;
}

/* Queues @a (its seq and dropped filled here); never sleeps. */
void kvmexc_alert_raise(struct kvmexc_alert_queue *q, struct kvmexc_alert *a)
{
	bool queued = false;

	spin_lock(&q->lock);
	a->seq = q->next_seq++;
	if (q->count < KVMEXC_ALERT_RING && kvmexc_alert_take_token(q)) {
		a->dropped = q->dropped;
		q->ring[(q->head + q->count) % KVMEXC_ALERT_RING] = *a;
		q->count++;
		queued = true;
	} else {
		q->dropped++;
		atomic64_inc(&kvmexc_alerts_dropped);
	}
	spin_unlock(&q->lock);
	if (queued)
		queue_work(kvmexc_wq, &q->work);
}

void kvmexc_alert_stats(struct kvmexc_alert_queue *q, u64 *sent, u64 *dropped,
			u64 *undelivered, u64 *queued)
{
	spin_lock(&q->lock);
	*sent = q->sent;
	*queued = q->count;
	*dropped = q->dropped;
	*undelivered = q->undelivered;
	spin_unlock(&q->lock);
}

void kvmexc_alert_totals(u64 *dropped, u64 *undelivered)
{
	*dropped = atomic64_read(&kvmexc_alerts_dropped);
	*undelivered = atomic64_read(&kvmexc_alerts_undelivered);
}
