// SPDX-License-Identifier: GPL-2.0
/*
 * The guest commands: attach, detach, guests, protect, unprotect, module
 * and module-del. Their options become netlink attributes by the args
 * tables of commands.c, which name each option's attribute.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/pidfd.h>

#include <linux/kvmexc.h>
#include <netlink/genl/genl.h>

#include "core/compat.h"
#include "cli/excctl.h"
#include "cli/json.h"
#include "cli/nl.h"

/* The attribute of the entry @i of @o's table, given, into @msg. */
static int excctl_put_arg(struct nl_msg *msg, const struct excctl_opts *o, int i)
{
	const struct excctl_arg *a = &o->cmd->args[i];

	switch (a->type) {
	case EXCCTL_ARG_STRING:
		return nla_put_string(msg, a->attr, o->given[i]);
	case EXCCTL_ARG_U8:
		return nla_put_u8(msg, a->attr, o->number[i]);
	case EXCCTL_ARG_U32:
		return nla_put_u32(msg, a->attr, o->number[i]);
	default:
		return nla_put_u64(msg, a->attr, o->number[i]);
	}
}

/*
 * Every option given that has an attribute, by the command's table; room
 * for them is what excctl_args_size() counts.
 */
static int excctl_put_args(struct nl_msg *msg, const struct excctl_opts *o)
{
	int i;

	for (i = 0; o->cmd->args[i].name; i++)
		if (o->cmd->args[i].attr && o->given[i] && excctl_put_arg(msg, o, i))
			return -EMSGSIZE;
	return 0;
}

/* No attribute larger than its string or a u64. */
static size_t excctl_args_size(const struct excctl_opts *o)
{
	size_t size = 0, len;
	int i;

	for (i = 0; o->cmd->args[i].name; i++) {
		if (!o->cmd->args[i].attr || !o->given[i])
			continue;
		len = strlen(o->given[i]) + 1;
		size += EXCCTL_NLA_SIZE(len > 8 ? len : 8);
	}
	return size;
}

static int excctl_u32_reply(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	unsigned int *id = arg;

	(void)nlh;
	if (tb[KVMEXC_A_GUEST_ID])
		*id = nla_get_u32(tb[KVMEXC_A_GUEST_ID]);
	return 0;
}

/* One command: its options into a request, the request to the module. */
static int excctl_guest_request(int argc, char **argv, __u8 cmd, int maxattr)
{
	struct excctl_opts o;
	struct excctl_nl *nl;
	struct nl_msg *msg;
	int ret;

	if (excctl_opts_parse(&o, argc, argv))
		return o.status;
	nl = excctl_nl_open();
	if (!nl)
		return 1;
	msg = excctl_nl_request(nl, cmd, 0, excctl_args_size(&o));
	if (msg && excctl_put_args(msg, &o)) {
		excctl_nl_overflow(msg);
		msg = NULL;
	}
	ret = msg ? excctl_nl_transact(nl, msg, maxattr, NULL, NULL) : -1;
	excctl_nl_close(nl);
	return ret ? 1 : 0;
}

int excctl_cmd_protect(int argc, char **argv)
{
	return excctl_guest_request(argc, argv, KVMEXC_CMD_PROTECT, KVMEXC_A_ZONE_MAX);
}

int excctl_cmd_unprotect(int argc, char **argv)
{
	return excctl_guest_request(argc, argv, KVMEXC_CMD_UNPROTECT, KVMEXC_A_ZONE_MAX);
}

int excctl_cmd_module(int argc, char **argv)
{
	return excctl_guest_request(argc, argv, KVMEXC_CMD_MODULE, KVMEXC_A_MODULE_MAX);
}

int excctl_cmd_module_del(int argc, char **argv)
{
	return excctl_guest_request(argc, argv, KVMEXC_CMD_MODULE_DEL, KVMEXC_A_MODULE_MAX);
}

int excctl_cmd_detach(int argc, char **argv)
{
	return excctl_guest_request(argc, argv, KVMEXC_CMD_DETACH, KVMEXC_A_GUEST_MAX);
}

/* The file descriptor of the KVM VM that process @pid holds, or -1. */
static int excctl_find_vm_fd(pid_t pid)
{
	char dir[64], path[PATH_MAX], link[64], err[128];
	unsigned long long fd = 0;
	struct dirent *d;
	bool found = false;
	DIR *fds;

	snprintf(dir, sizeof(dir), "/proc/%d/fd", pid);
	fds = opendir(dir);
	if (!fds)
		return -1;
	while (!found && (d = readdir(fds))) {
		ssize_t n;

		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		n = readlink(path, link, sizeof(link) - 1);
		if (n < 0)
			continue;
		link[n] = 0;
		found = !strcmp(link, "anon_inode:kvm-vm") &&
			!excctl_parse_number(d->d_name, 0, INT_MAX, &fd, err, sizeof(err));
	}
	closedir(fds);
	return found ? (int)fd : -1;
}

/* A copy, in this process, of the VM file descriptor of process @pid. */
static int excctl_vm_fd_of(pid_t pid)
{
	int target = excctl_find_vm_fd(pid), pidfd, fd;

	if (target < 0) {
		fprintf(stderr, "excctl attach: process %d holds no KVM VM\n", pid);
		return -1;
	}
	pidfd = pidfd_open(pid, 0);
	fd = pidfd < 0 ? -1 : pidfd_getfd(pidfd, target, 0);
	if (fd < 0)
		fprintf(stderr, "excctl attach: cannot take the VM of process %d: %s\n",
			pid, strerror(errno));
	if (pidfd >= 0)
		close(pidfd);
	return fd;
}

static void excctl_attached(unsigned int id, bool persist)
{
	struct json_object *o;

	if (excctl_json_output) {
		o = json_object_new_object();
		excctl_json_add_u64(o, "guest", id);
		json_object_object_add(o, "persist", json_object_new_boolean(persist));
		excctl_json_print(stdout, o);
	} else {
		printf("guest %u attached%s\n", id, persist ? "" : " until excctl exits");
	}
	fflush(stdout);
}

static volatile sig_atomic_t excctl_stop;

static void excctl_on_signal(int sig)
{
	(void)sig;
	excctl_stop = 1;
}

/*
 * excctl attach (--pid PID | --fd N) [options] [--no-persist]: a guest
 * outlives excctl unless --no-persist, which keeps it attached only while
 * excctl runs (until SIGINT or SIGTERM).
 */
int excctl_cmd_attach(int argc, char **argv)
{
	unsigned long long pid = 0, fd;
	unsigned int id = 0;
	struct excctl_opts o;
	struct excctl_nl *nl;
	struct nl_msg *msg;
	int vm_fd, ret;
	bool persist;

	if (excctl_opts_parse(&o, argc, argv))
		return o.status;
	persist = !excctl_opt_flag(&o, "--no-persist");
	if (excctl_opt_number(&o, "--pid", &pid))
		vm_fd = excctl_vm_fd_of(pid);
	else
		vm_fd = excctl_opt_number(&o, "--fd", &fd) ? (int)fd : -1;
	if (vm_fd < 0)
		return 1;
	nl = excctl_nl_open();
	if (!nl)
		return 1;
	msg = excctl_nl_request(nl, KVMEXC_CMD_ATTACH, 0, excctl_args_size(&o) +
				EXCCTL_NLA_SIZE(4) + EXCCTL_NLA_SIZE(0));
	if (msg && (excctl_put_args(msg, &o) || nla_put_u32(msg, KVMEXC_A_GUEST_VM_FD, vm_fd) ||
		    (persist && nla_put_flag(msg, KVMEXC_A_GUEST_PERSIST)))) {
		excctl_nl_overflow(msg);
		msg = NULL;
	}
	ret = msg ? excctl_nl_transact(nl, msg, KVMEXC_A_GUEST_MAX, excctl_u32_reply, &id) : -1;
	if (!ret)
		excctl_attached(id, persist);
	if (!ret && !persist) {
		excctl_on_signals(excctl_on_signal);
		while (!excctl_stop)
			pause();
	}
	excctl_nl_close(nl);
	return ret ? 1 : 0;
}

static const int excctl_guest_counters[] = {
	KVMEXC_A_GUEST_DECISIONS, KVMEXC_A_GUEST_DENIED, KVMEXC_A_GUEST_ALERTS,
	KVMEXC_A_GUEST_DROPPED, KVMEXC_A_GUEST_DECISION_NS, KVMEXC_A_GUEST_UNDELIVERED,
	KVMEXC_A_GUEST_QUEUED,
};

static const char *const excctl_guest_counter_names[] = {
	"decisions", "denied", "alerts", "dropped", "decision_ns", "undelivered", "queued",
};

struct excctl_guest_info {
	unsigned int id, vmm_pid, bits, zones, modules;
	unsigned long long os_version, counters[ARRAY_SIZE(excctl_guest_counters)];
	const char *os, *policy;
	bool persist;
};

static unsigned int excctl_guest_u32(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u32(tb[type]) : 0;
}

static void excctl_guest_parse(struct nlattr **tb, struct excctl_guest_info *g)
{
	size_t i;

	g->id = excctl_guest_u32(tb, KVMEXC_A_GUEST_ID);
	g->vmm_pid = excctl_guest_u32(tb, KVMEXC_A_GUEST_VMM_PID);
	g->os = tb[KVMEXC_A_GUEST_OS] && nla_get_u8(tb[KVMEXC_A_GUEST_OS]) ? "linux" : "windows";
	g->bits = tb[KVMEXC_A_GUEST_BITS] ? nla_get_u8(tb[KVMEXC_A_GUEST_BITS]) : 0;
	g->os_version = tb[KVMEXC_A_GUEST_OS_VERSION] ?
			nla_get_u64(tb[KVMEXC_A_GUEST_OS_VERSION]) : 0;
	g->policy = tb[KVMEXC_A_GUEST_POLICY] &&
		    nla_get_u8(tb[KVMEXC_A_GUEST_POLICY]) == KVMEXC_POLICY_LOG_ONLY ?
		    "log-only" : "enforce";
	g->persist = !!tb[KVMEXC_A_GUEST_PERSIST];
	g->zones = excctl_guest_u32(tb, KVMEXC_A_GUEST_ZONES);
	g->modules = excctl_guest_u32(tb, KVMEXC_A_GUEST_MODULES);
	for (i = 0; i < ARRAY_SIZE(excctl_guest_counters); i++)
		g->counters[i] = tb[excctl_guest_counters[i]] ?
				 nla_get_u64(tb[excctl_guest_counters[i]]) : 0;
}

static struct json_object *excctl_guest_json(const struct excctl_guest_info *g)
{
	struct json_object *o = json_object_new_object();
	size_t i;

	excctl_json_add_u64(o, "guest", g->id);
	excctl_json_add_u64(o, "vmm_pid", g->vmm_pid);
	excctl_json_add_string(o, "os", g->os);
	excctl_json_add_u64(o, "bits", g->bits);
	excctl_json_add_u64(o, "os_version", g->os_version);
	excctl_json_add_string(o, "policy", g->policy);
	json_object_object_add(o, "persist", json_object_new_boolean(g->persist));
	excctl_json_add_u64(o, "zones", g->zones);
	excctl_json_add_u64(o, "modules", g->modules);
	for (i = 0; i < ARRAY_SIZE(excctl_guest_counters); i++)
		excctl_json_add_u64(o, excctl_guest_counter_names[i], g->counters[i]);
	return o;
}

static void excctl_guest_text(const struct excctl_guest_info *g)
{
	const unsigned long long *c = g->counters;

	printf("guest %u: VM of pid %u, %s %u-bit (version %llu), %s%s; %u zones, "
	       "%u modules; %llu decisions, %llu denied, %llu alerts, %llu dropped; "
	       "%llu ns deciding; %llu alerts lost by a listener's full socket, %llu queued\n",
	       g->id, g->vmm_pid, g->os, g->bits, g->os_version, g->policy,
	       g->persist ? ", persistent" : "", g->zones, g->modules,
	       c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
}

struct excctl_guests {
	bool json;
	struct excctl_json_array array;
};

static int excctl_guests_one(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	struct excctl_guests *list = arg;
	struct excctl_guest_info g;

	(void)nlh;
	excctl_guest_parse(tb, &g);
	if (list->json)
		excctl_json_array_add(&list->array, excctl_guest_json(&g));
	else
		excctl_guest_text(&g);
	return 0;
}

int excctl_cmd_guests(int argc, char **argv)
{
	struct excctl_guests list = { 0 };
	struct excctl_opts o;
	struct excctl_nl *nl;
	struct nl_msg *msg;
	int ret;

	if (excctl_opts_parse(&o, argc, argv))
		return o.status;
	list.json = o.json;
	nl = excctl_nl_open();
	if (!nl)
		return 1;
	if (list.json)
		excctl_json_array_begin(&list.array, stdout);
	msg = excctl_nl_request(nl, KVMEXC_CMD_GUESTS, NLM_F_DUMP, 0);
	ret = msg ? excctl_nl_transact(nl, msg, KVMEXC_A_GUEST_MAX, excctl_guests_one, &list) :
		    -1;
	if (list.json)
		excctl_json_array_end(&list.array);
	excctl_nl_close(nl);
	return ret ? 1 : 0;
}
