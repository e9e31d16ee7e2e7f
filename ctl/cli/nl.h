/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small wrapper around libnl-genl-3 for the kvmexc family: one request
 * socket, acknowledged requests and the kernel's extack messages.
 */
#ifndef _EXCCTL_NL_H
#define _EXCCTL_NL_H

#include <signal.h>
#include <stdbool.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

struct excctl_nl;

/* What one attribute of @len bytes takes in a message (nla_total_size()). */
#define EXCCTL_NLA_SIZE(len)	(NLA_HDRLEN + NLA_ALIGN(len))

/* One reply message: its header and its attributes, parsed. */
typedef int (*excctl_nl_reply_fn)(struct nlmsghdr *nlh, struct nlattr **attrs,
				  void *arg);

struct excctl_nl *excctl_nl_open(void);
void excctl_nl_close(struct excctl_nl *nl);

/*
 * Until excctl_nl_unshare(), excctl_nl_open() gives every command the one
 * socket it opened first, and excctl_nl_close() leaves it open: a batch
 * runs over one socket.
 */
void excctl_nl_share(void);
void excctl_nl_unshare(void);

/*
 * A new request for @cmd of the kvmexc family with room for @attrs bytes of
 * attributes (the sum of the nla_total_size() of each one the caller puts),
 * to be filled with nla_put*(). NULL (the reason printed) if it cannot be
 * had.
 */
struct nl_msg *excctl_nl_request(struct excctl_nl *nl, __u8 cmd, int flags,
				 size_t attrs);

/*
 * For a request an nla_put*() did not fit in: says so, naming the request,
 * frees @msg and returns -EMSGSIZE.
 */
int excctl_nl_overflow(struct nl_msg *msg);

/* The kvmexc command's name, for messages: "LOAD_CHUNK". */
const char *excctl_nl_cmd_name(__u8 cmd);

/*
 * Sends @msg (and frees it), calls @reply for each reply message with its
 * attributes parsed up to @maxattr, and waits for the acknowledgment.
 * Returns 0 or a negative errno; on failure the command, the error and the
 * kernel's reason (its extack message) have been printed to stderr. A dump
 * (NLM_F_DUMP in the request's flags) that raced a change of what it lists
 * returns -EAGAIN, silently: run it again.
 */
int excctl_nl_transact(struct excctl_nl *nl, struct nl_msg *msg, int maxattr,
		       excctl_nl_reply_fn reply, void *arg);

#include <signal.h>

/* GET_ALERT: alert @seq of @guest, again, while the module keeps it. */
int excctl_nl_get_alert(struct excctl_nl *nl, __u32 guest, __u64 seq,
			excctl_nl_reply_fn reply, void *arg);

/* Failed requests return their error without printing it. */
void excctl_nl_quiet(struct excctl_nl *nl);

/*
 * Joins multicast group @group, with a receive buffer of @rcvbuf bytes (0:
 * room for a burst of thousands of alerts).
 */
int excctl_nl_subscribe(struct excctl_nl *nl, const char *group, int rcvbuf);

/*
 * What a listener is told when its receive buffer overflowed: the gaps
 * between the notifications it still reads show what was lost, but not
 * what was lost after the last one.
 */
struct excctl_nl_losses {
	/*
	 * Notes how far each sender went; false if one still holds
	 * notifications it will send, unless @final (excctl is stopping).
	 */
	bool (*note)(void *arg, bool final);
	/* What was noted and neither read since nor seen before is lost. */
	void (*count)(void *arg);
};

/*
 * Calls @reply for each notification until @stop is set or an error, and
 * @losses when the receive buffer was full and notifications were lost.
 */
int excctl_nl_listen(struct excctl_nl *nl, int maxattr, excctl_nl_reply_fn reply,
		     const struct excctl_nl_losses *losses, void *arg,
		     volatile sig_atomic_t *stop);

#endif /* _EXCCTL_NL_H */
