// SPDX-License-Identifier: GPL-2.0
/*
 * Alerts of a guest: the fault path queues them in a fixed ring, without
 * allocating or sleeping, and a work item sends them on the "alerts"
 * multicast group. A rate limit and the ring's size bound what a guest
 * writing in a loop costs the host; what does not fit is counted as
 * dropped and shows as a gap in the sequence numbers.
 */

#include <linux/jiffies.h>
#include <linux/slab.h>

#include "guest.h"

#define KVMEXC_ALERT_RING	64
/* Sustained alerts per second per guest, and the burst above that. */
#define KVMEXC_ALERT_RATE	200
#define KVMEXC_ALERT_BURST	400

struct kvmexc_alert_queue {
	spinlock_t lock;	/* everything below */
	u32 head;
	u32 count;
	u64 next_seq;
	u64 sent;
	u64 dropped;
	u32 tokens;
	unsigned long refill;	/* jiffies of the last refill */
	struct work_struct work;
	struct kvmexc_alert ring[KVMEXC_ALERT_RING];
};

static void kvmexc_alert_work(struct work_struct *work)
{
	struct kvmexc_alert_queue *q = container_of(work, struct kvmexc_alert_queue,
						    work);
	struct kvmexc_alert *a;

	a = kmalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return;
	for (;;) {
		spin_lock(&q->lock);
		if (!q->count) {
			spin_unlock(&q->lock);
			break;
		}
		*a = q->ring[q->head];
		q->head = (q->head + 1) % KVMEXC_ALERT_RING;
		q->count--;
		q->sent++;
		spin_unlock(&q->lock);
		kvmexc_nl_send_alert(a);
	}
	kfree(a);
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
	}
	spin_unlock(&q->lock);
	if (queued)
		queue_work(kvmexc_wq, &q->work);
}

void kvmexc_alert_stats(struct kvmexc_alert_queue *q, u64 *sent, u64 *dropped)
{
	spin_lock(&q->lock);
	*sent = q->sent;
	*dropped = q->dropped;
	spin_unlock(&q->lock);
}
