// SPDX-License-Identifier: GPL-2.0
/*
 * The guest commands: attach, detach, guests, protect, unprotect, module
 * and module-del. Options are --name value pairs, parsed from one table per
 * command into netlink attributes.
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

static const struct excctl_name excctl_oses[] = {
	{ "windows", KVMEXC_GUEST_WINDOWS }, { "linux", KVMEXC_GUEST_LINUX }, { 0 },
};

static const struct excctl_name excctl_policies[] = {
	{ "enforce", KVMEXC_POLICY_ENFORCE }, { "log-only", KVMEXC_POLICY_LOG_ONLY }, { 0 },
};

/* How an option's value becomes its attribute. */
enum excctl_opt_type {
	EXCCTL_U8, EXCCTL_U32, EXCCTL_U64, EXCCTL_STRING, EXCCTL_FLAG,
	EXCCTL_FLAGS,		/* comma-separated names of @names, into a u64 */
};

struct excctl_opt {
	const char *name;
	int attr;
	enum excctl_opt_type type;
	const struct excctl_name *names;	/* values by name (numbers also do) */
	bool required;
};

/* A name of @names or a number up to @max; prints why not, for @cmd. */
static int excctl_lookup(const char *cmd, const struct excctl_opt *o, const char *s,
			 unsigned long long max, unsigned long long *out)
{
	const struct excctl_name *n;
	char opt[64];

	for (n = o->names; n && n->name; n++)
		if (!strcmp(n->name, s)) {
			*out = n->value;
			return 0;
		}
	snprintf(opt, sizeof(opt), "--%s", o->name);
	if (!o->names || (s[0] >= '0' && s[0] <= '9'))
		return excctl_parse_opt(cmd, opt, s, 0, max, out);
	fprintf(stderr, "excctl %s: %s: unknown name \"%s\": expected", cmd, opt, s);
	for (n = o->names; n->name; n++)
		fprintf(stderr, " %s,", n->name);
	fprintf(stderr, " or a number\n");
	return -EINVAL;
}

static int excctl_flags(const char *cmd, const struct excctl_opt *o, const char *s,
			unsigned long long *out)
{
	char *copy = strdup(s), *tok, *save = NULL;
	unsigned long long v;
	int ret = copy ? 0 : -ENOMEM;

	*out = 0;
	for (tok = strtok_r(copy, ",", &save); tok && !ret; tok = strtok_r(NULL, ",", &save)) {
		ret = excctl_lookup(cmd, o, tok, ULLONG_MAX, &v);
		*out |= v;
	}
	free(copy);
	return ret;
}

/* The attribute of @o into @msg; with no @msg, only checks @arg. */
static int excctl_put_opt(const char *cmd, struct nl_msg *msg, const struct excctl_opt *o,
			  const char *arg)
{
	static const unsigned long long max[] = {
		[EXCCTL_U8] = UCHAR_MAX, [EXCCTL_U32] = UINT_MAX, [EXCCTL_U64] = ULLONG_MAX,
	};
	unsigned long long v = 0;

	if (o->type == EXCCTL_FLAGS ? excctl_flags(cmd, o, arg, &v) :
	    o->type <= EXCCTL_U64 ? excctl_lookup(cmd, o, arg, max[o->type], &v) : 0)
		return -EINVAL;
	if (!msg)
		return 0;
	switch (o->type) {
	case EXCCTL_STRING:
		return nla_put_string(msg, o->attr, arg);
	case EXCCTL_FLAG:
		return nla_put_flag(msg, o->attr);
	case EXCCTL_U8:
		return nla_put_u8(msg, o->attr, v);
	case EXCCTL_U32:
		return nla_put_u32(msg, o->attr, v);
	default:
		return nla_put_u64(msg, o->attr, v);
	}
}

/*
 * Fills @msg from argv by @opts; prints what is wrong and returns -1. With
 * no @msg, only checks them: before a connection to the module, so that a
 * bad value is refused whether or not the module is there.
 */
static int excctl_parse_opts(int argc, char **argv, const struct excctl_opt *opts,
			     struct nl_msg *msg)
{
	bool seen[16] = { false };
	int i, k;

	for (i = 1; i < argc; i++) {
		const struct excctl_opt *o = NULL;

		for (k = 0; opts[k].name; k++)
			if (!strncmp(argv[i], "--", 2) && !strcmp(argv[i] + 2, opts[k].name))
				o = &opts[k];
		if (!o) {
			fprintf(stderr, "excctl %s: unknown option '%s'\n", argv[0], argv[i]);
			return -1;
		}
		if (o->type != EXCCTL_FLAG && ++i == argc) {
			fprintf(stderr, "excctl %s: --%s needs a value\n", argv[0], o->name);
			return -1;
		}
		if (excctl_put_opt(argv[0], msg, o, argv[i]))
			return -1;
		seen[o - opts] = true;
	}
	for (k = 0; opts[k].name; k++)
		if (opts[k].required && !seen[k]) {
			fprintf(stderr, "excctl %s: --%s is required\n", argv[0], opts[k].name);
			return -1;
		}
	return 0;
}

static int excctl_u32_reply(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	unsigned int *id = arg;

	(void)nlh;
	if (tb[KVMEXC_A_GUEST_ID])
		*id = nla_get_u32(tb[KVMEXC_A_GUEST_ID]);
	return 0;
}

/*
 * Room for what excctl_parse_opts() puts from @argv: no more attributes
 * than arguments, none larger than its argument's string or a u64.
 */
static size_t excctl_opts_size(int argc, char **argv)
{
	size_t size = 0, len;
	int i;

	for (i = 1; i < argc; i++) {
		len = strlen(argv[i]) + 1;
		size += EXCCTL_NLA_SIZE(len > 8 ? len : 8);
	}
	return size;
}

/* One command: options into a request, the request to the module. */
static int excctl_guest_request(int argc, char **argv, __u8 cmd, int maxattr,
				const struct excctl_opt *opts)
{
	struct excctl_nl *nl;
	struct nl_msg *msg;
	int ret;

	if (excctl_parse_opts(argc, argv, opts, NULL))
		return 2;
	nl = excctl_nl_open();
	if (!nl)
		return 1;
	msg = excctl_nl_request(nl, cmd, 0, excctl_opts_size(argc, argv));
	if (!msg || excctl_parse_opts(argc, argv, opts, msg)) {
		nlmsg_free(msg);
		excctl_nl_close(nl);
		return 2;
	}
	ret = excctl_nl_transact(nl, msg, maxattr, NULL, NULL);
	excctl_nl_close(nl);
	return ret ? 1 : 0;
}

static const struct excctl_opt excctl_protect_opts[] = {
	{ "guest", KVMEXC_A_ZONE_GUEST_ID, EXCCTL_U32, NULL, true },
	{ "gpa", KVMEXC_A_ZONE_GPA, EXCCTL_U64, NULL, true },
	{ "length", KVMEXC_A_ZONE_LENGTH, EXCCTL_U32, NULL, true },
	{ "kind", KVMEXC_A_ZONE_KIND, EXCCTL_U8, excctl_kinds, true },
	{ "object", KVMEXC_A_ZONE_OBJECT, EXCCTL_U32, excctl_objects, true },
	{ "zone-flags", KVMEXC_A_ZONE_ZONE_FLAGS, EXCCTL_FLAGS, excctl_zone_flags, false },
	{ "victim", KVMEXC_A_ZONE_VICTIM, EXCCTL_STRING, NULL, false },
	{ "process", KVMEXC_A_ZONE_PROCESS, EXCCTL_STRING, NULL, false },
	{ "gva", KVMEXC_A_ZONE_GVA, EXCCTL_U64, NULL, false },
	{ 0 },
};

int excctl_cmd_protect(int argc, char **argv)
{
	return excctl_guest_request(argc, argv, KVMEXC_CMD_PROTECT, KVMEXC_A_ZONE_MAX,
				    excctl_protect_opts);
}

static const struct excctl_opt excctl_unprotect_opts[] = {
	{ "guest", KVMEXC_A_ZONE_GUEST_ID, EXCCTL_U32, NULL, true },
	{ "gpa", KVMEXC_A_ZONE_GPA, EXCCTL_U64, NULL, true },
	{ 0 },
};

int excctl_cmd_unprotect(int argc, char **argv)
{
	return excctl_guest_request(argc, argv, KVMEXC_CMD_UNPROTECT, KVMEXC_A_ZONE_MAX,
				    excctl_unprotect_opts);
}

static const struct excctl_opt excctl_module_opts[] = {
	{ "guest", KVMEXC_A_MODULE_GUEST_ID, EXCCTL_U32, NULL, true },
	{ "start", KVMEXC_A_MODULE_START, EXCCTL_U64, NULL, true },
	{ "length", KVMEXC_A_MODULE_LENGTH, EXCCTL_U64, NULL, true },
	{ "kind", KVMEXC_A_MODULE_KIND, EXCCTL_U8, excctl_kinds, true },
	{ "name", KVMEXC_A_MODULE_NAME, EXCCTL_STRING, NULL, true },
	{ "process", KVMEXC_A_MODULE_PROCESS, EXCCTL_STRING, NULL, false },
	{ "cr3", KVMEXC_A_MODULE_CR3, EXCCTL_U64, NULL, false },
	{ 0 },
};

int excctl_cmd_module(int argc, char **argv)
{
	return excctl_guest_request(argc, argv, KVMEXC_CMD_MODULE, KVMEXC_A_MODULE_MAX,
				    excctl_module_opts);
}

static const struct excctl_opt excctl_module_del_opts[] = {
	{ "guest", KVMEXC_A_MODULE_GUEST_ID, EXCCTL_U32, NULL, true },
	{ "start", KVMEXC_A_MODULE_START, EXCCTL_U64, NULL, true },
	{ "cr3", KVMEXC_A_MODULE_CR3, EXCCTL_U64, NULL, false },
	{ 0 },
};

int excctl_cmd_module_del(int argc, char **argv)
{
	return excctl_guest_request(argc, argv, KVMEXC_CMD_MODULE_DEL, KVMEXC_A_MODULE_MAX,
				    excctl_module_del_opts);
}

static const struct excctl_opt excctl_detach_opts[] = {
	{ "guest", KVMEXC_A_GUEST_ID, EXCCTL_U32, NULL, true },
	{ 0 },
};

int excctl_cmd_detach(int argc, char **argv)
{
	return excctl_guest_request(argc, argv, KVMEXC_CMD_DETACH, KVMEXC_A_GUEST_MAX,
				    excctl_detach_opts);
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

static const struct excctl_opt excctl_attach_opts[] = {
	{ "os", KVMEXC_A_GUEST_OS, EXCCTL_U8, excctl_oses, false },
	{ "bits", KVMEXC_A_GUEST_BITS, EXCCTL_U8, NULL, false },
	{ "os-version", KVMEXC_A_GUEST_OS_VERSION, EXCCTL_U64, NULL, false },
	{ "policy", KVMEXC_A_GUEST_POLICY, EXCCTL_U8, excctl_policies, false },
	{ 0 },
};

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
	unsigned long long pid = 0, v;
	bool persist = true;
	unsigned int id = 0;
	struct excctl_nl *nl;
	struct nl_msg *msg;
	int vm_fd = -1, i, n = 1, ret;
	char *rest[32];

	rest[0] = argv[0];
	for (i = 1; i < argc && n < 31; i++) {
		if (!strcmp(argv[i], "--pid") && i + 1 < argc && !pid && vm_fd < 0) {
			if (excctl_parse_opt(argv[0], "--pid", argv[++i], 1, INT_MAX, &pid))
				return 2;
		} else if (!strcmp(argv[i], "--fd") && i + 1 < argc && !pid && vm_fd < 0) {
			if (excctl_parse_opt(argv[0], "--fd", argv[++i], 0, INT_MAX, &v))
				return 2;
			vm_fd = v;
		} else if (!strcmp(argv[i], "--no-persist")) {
			persist = false;
		} else {
			rest[n++] = argv[i];
		}
	}
	if (!pid && vm_fd < 0)
		return excctl_usage_error(argv[0]);
	if (excctl_parse_opts(n, rest, excctl_attach_opts, NULL))
		return 2;
	if (pid)
		vm_fd = excctl_vm_fd_of(pid);
	if (vm_fd < 0)
		return 1;
	nl = excctl_nl_open();
	if (!nl)
		return 1;
	msg = excctl_nl_request(nl, KVMEXC_CMD_ATTACH, 0, excctl_opts_size(n, rest) +
				EXCCTL_NLA_SIZE(4) + EXCCTL_NLA_SIZE(0));
	if (!msg || excctl_parse_opts(n, rest, excctl_attach_opts, msg) ||
	    nla_put_u32(msg, KVMEXC_A_GUEST_VM_FD, vm_fd) ||
	    (persist && nla_put_flag(msg, KVMEXC_A_GUEST_PERSIST))) {
		nlmsg_free(msg);
		excctl_nl_close(nl);
		return 2;
	}
	ret = excctl_nl_transact(nl, msg, KVMEXC_A_GUEST_MAX, excctl_u32_reply, &id);
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
};

static const char *const excctl_guest_counter_names[] = {
	"decisions", "denied", "alerts", "dropped", "decision_ns", "undelivered",
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
	       "%llu ns deciding; %llu alerts lost by a listener's full socket\n",
	       g->id, g->vmm_pid, g->os, g->bits, g->os_version, g->policy,
	       g->persist ? ", persistent" : "", g->zones, g->modules,
	       c[0], c[1], c[2], c[3], c[4], c[5]);
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
	struct excctl_nl *nl;
	struct nl_msg *msg;
	int ret;

	ret = excctl_json_only(argc, argv, &list.json);
	if (ret)
		return ret;
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
