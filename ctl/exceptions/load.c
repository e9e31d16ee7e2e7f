// SPDX-License-Identifier: GPL-2.0
/*
 * excctl load FILE: sends exceptions.bin to the module in chunks
 * (LOAD_BEGIN, LOAD_CHUNK..., LOAD_COMMIT) and shows what is now in force.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kvmexc.h>

#include "core/format.h"
#include "cli/excctl.h"
#include "cli/json.h"
#include "cli/nl.h"

struct excctl_load_reply {
	__u32 transfer_id;
	__u16 major, minor;
	__u32 build;
	__u32 kernel, user, glob, kernel_user, signatures;
};

static __u32 excctl_attr_u32(struct nlattr *attr)
{
	return attr ? nla_get_u32(attr) : 0;
}

static int excctl_load_parse(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	(void)nlh;
	struct excctl_load_reply *r = arg;

	r->transfer_id = excctl_attr_u32(tb[KVMEXC_A_LOAD_TRANSFER_ID]);
	if (tb[KVMEXC_A_LOAD_VERSION_MAJOR])
		r->major = nla_get_u16(tb[KVMEXC_A_LOAD_VERSION_MAJOR]);
	if (tb[KVMEXC_A_LOAD_VERSION_MINOR])
		r->minor = nla_get_u16(tb[KVMEXC_A_LOAD_VERSION_MINOR]);
	r->build = excctl_attr_u32(tb[KVMEXC_A_LOAD_BUILD]);
	r->kernel = excctl_attr_u32(tb[KVMEXC_A_LOAD_KERNEL_COUNT]);
	r->user = excctl_attr_u32(tb[KVMEXC_A_LOAD_USER_COUNT]);
	r->glob = excctl_attr_u32(tb[KVMEXC_A_LOAD_GLOB_COUNT]);
	r->kernel_user = excctl_attr_u32(tb[KVMEXC_A_LOAD_KERNEL_USER_COUNT]);
	r->signatures = excctl_attr_u32(tb[KVMEXC_A_LOAD_SIGNATURE_COUNT]);
	return 0;
}

static int excctl_load_send(struct excctl_nl *nl, const unsigned char *buf,
			    size_t size, struct excctl_load_reply *r)
{
	struct nl_msg *msg;
	size_t off, n;
	int ret;

	msg = excctl_nl_request(nl, KVMEXC_CMD_LOAD_BEGIN, 0, EXCCTL_NLA_SIZE(4));
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, KVMEXC_A_LOAD_SIZE, size))
		return excctl_nl_overflow(msg);
	ret = excctl_nl_transact(nl, msg, KVMEXC_A_LOAD_MAX, excctl_load_parse, r);
	if (ret)
		return ret;

	for (off = 0; off < size; off += n) {
		n = size - off < KVMEXC_LOAD_CHUNK_MAX ? size - off : KVMEXC_LOAD_CHUNK_MAX;
		msg = excctl_nl_request(nl, KVMEXC_CMD_LOAD_CHUNK, 0,
					2 * EXCCTL_NLA_SIZE(4) + EXCCTL_NLA_SIZE(n));
		if (!msg)
			return -ENOMEM;
		if (nla_put_u32(msg, KVMEXC_A_LOAD_TRANSFER_ID, r->transfer_id) ||
		    nla_put_u32(msg, KVMEXC_A_LOAD_OFFSET, off) ||
		    nla_put(msg, KVMEXC_A_LOAD_DATA, n, buf + off))
			return excctl_nl_overflow(msg);
		ret = excctl_nl_transact(nl, msg, KVMEXC_A_LOAD_MAX, NULL, NULL);
		if (ret) {
			fprintf(stderr, "excctl: the chunk that failed held bytes %zu to %zu of %zu\n",
				off, off + n, size);
			return ret;
		}
	}

	msg = excctl_nl_request(nl, KVMEXC_CMD_LOAD_COMMIT, 0, EXCCTL_NLA_SIZE(4));
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, KVMEXC_A_LOAD_TRANSFER_ID, r->transfer_id))
		return excctl_nl_overflow(msg);
	return excctl_nl_transact(nl, msg, KVMEXC_A_LOAD_MAX, excctl_load_parse, r);
}

static void excctl_load_print(const char *path, const struct excctl_load_reply *r,
			      bool json)
{
	struct json_object *o;
	char version[16];

	if (json) {
		o = json_object_new_object();
		snprintf(version, sizeof(version), "%u.%u", r->major, r->minor);
		excctl_json_add_string(o, "file", path);
		excctl_json_add_string(o, "version", version);
		excctl_json_add_u64(o, "build", r->build);
		excctl_json_add_u64(o, "kernel", r->kernel);
		excctl_json_add_u64(o, "user", r->user);
		excctl_json_add_u64(o, "glob", r->glob);
		excctl_json_add_u64(o, "kernel_user", r->kernel_user);
		excctl_json_add_u64(o, "signature_count", r->signatures);
		excctl_json_print(stdout, o);
		return;
	}
	printf("loaded %s: version %u.%u, build %u\n", path, r->major, r->minor,
	       r->build);
	printf("  exceptions: %u kernel, %u user, %u glob, %u kernel-user; %u signatures\n",
	       r->kernel, r->user, r->glob, r->kernel_user, r->signatures);
}

static void excctl_load_refused(const char *path)
{
	fprintf(stderr, "excctl: %s was not loaded; the exceptions in force are unchanged\n",
		path);
}

/* What the header alone tells is wrong is said before the module is asked. */
static int excctl_load_check(const char *path, const unsigned char *buf, size_t size)
{
	struct kvmexc_file_info info;
	struct kvmexc_err err;

	if (size > UINT32_MAX) {
		fprintf(stderr, "excctl: %s: file of %zu bytes, LOAD takes less than 4 GiB\n",
			path, size);
	} else if (kvmexc_format_header(buf, size, &info, &err)) {
		fprintf(stderr, "excctl: %s: %s\n", path, err.msg);
	} else {
		return 0;
	}
	excctl_load_refused(path);
	return 1;
}

int excctl_cmd_load(int argc, char **argv)
{
	struct excctl_load_reply reply = { 0 };
	struct excctl_opts o;
	struct excctl_nl *nl;
	unsigned char *buf;
	const char *path;
	size_t size;
	bool json;
	int ret;

	if (excctl_opts_parse(&o, argc, argv))
		return o.status;
	path = excctl_opt_str(&o, "FILE");
	json = o.json;
	buf = excctl_read_file(path, &size);
	if (!buf)
		return 1;
	ret = excctl_load_check(path, buf, size);
	if (ret) {
		free(buf);
		return ret;
	}
	nl = excctl_nl_open();
	if (!nl) {
		free(buf);
		return 1;
	}
	ret = excctl_load_send(nl, buf, size, &reply);
	excctl_nl_close(nl);
	free(buf);
	if (ret) {
		excctl_load_refused(path);
		return 1;
	}
	excctl_load_print(path, &reply, json);
	return 0;
}
