// SPDX-License-Identifier: GPL-2.0
/*
 * excctl status: what the module reports about itself.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <linux/kvmexc.h>

#include "excctl.h"
#include "nl.h"

struct excctl_status {
	char version[64];
	bool loaded;
};

static int excctl_status_parse(struct nlattr **tb, void *arg)
{
	struct excctl_status *st = arg;

	if (tb[KVMEXC_A_STATUS_MODULE_VERSION])
		snprintf(st->version, sizeof(st->version), "%s",
			 nla_get_string(tb[KVMEXC_A_STATUS_MODULE_VERSION]));
	if (tb[KVMEXC_A_STATUS_LOADED])
		st->loaded = nla_get_u8(tb[KVMEXC_A_STATUS_LOADED]);
	return 0;
}

static void excctl_status_print(const struct excctl_status *st, bool json)
{
	if (json) {
		printf("{\"module_version\":\"%s\",\"loaded\":%s}\n",
		       st->version, st->loaded ? "true" : "false");
		return;
	}
	printf("module version: %s\n", st->version);
	printf("exceptions:     %s\n",
	       st->loaded ? "loaded" : "none loaded (log-only: every write is allowed and reported)");
}

int excctl_cmd_status(int argc, char **argv)
{
	struct excctl_status st = { .version = "?" };
	struct excctl_nl *nl;
	struct nl_msg *msg;
	bool json = false;
	int ret;

	if (argc == 2 && !strcmp(argv[1], "--json"))
		json = true;
	else if (argc != 1)
		return excctl_usage_error(argv[0]);

	nl = excctl_nl_open();
	if (!nl)
		return 1;
	msg = excctl_nl_request(nl, KVMEXC_CMD_GET_STATUS, 0);
	ret = msg ? excctl_nl_transact(nl, msg, KVMEXC_A_STATUS_MAX,
				       excctl_status_parse, &st) : -1;
	excctl_nl_close(nl);
	if (ret)
		return 1;
	excctl_status_print(&st, json);
	return 0;
}
