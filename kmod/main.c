// SPDX-License-Identifier: GPL-2.0
/*
 * kvmexc: decides writes of KVM guests to protected memory against a set of
 * exceptions compiled from JSON (exceptions.bin), inside KVM's fault path.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>
#include <linux/kvmexc.h>

#include "kvmexc.h"

static int __init kvmexc_init(void)
{
	int ret;

	ret = kvmexc_netlink_init();
	if (ret)
		return ret;

	pr_info("version %s loaded\n", KVMEXC_VERSION);
	return 0;
}

static void __exit kvmexc_exit(void)
{
	kvmexc_netlink_exit();
}

module_init(kvmexc_init);
module_exit(kvmexc_exit);

MODULE_DESCRIPTION("Exceptions for KVM guest writes to protected memory");
MODULE_AUTHOR("The kvmexc authors");
MODULE_LICENSE("GPL");
MODULE_VERSION(KVMEXC_VERSION);
MODULE_ALIAS_GENL_FAMILY(KVMEXC_FAMILY_NAME);
