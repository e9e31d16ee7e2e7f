// SPDX-License-Identifier: GPL-2.0
/*
 * kvmexc: decides writes of KVM guests to protected memory against a set of
 * exceptions compiled from JSON (exceptions.bin), inside KVM's fault path.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "genl.h"
#include "guest.h"

unsigned int kvmexc_max_file_size = 64 << 20;
module_param_named(max_file_size, kvmexc_max_file_size, uint, 0644);
MODULE_PARM_DESC(max_file_size,
		 "Largest exceptions.bin LOAD accepts, in bytes (default 64 MiB)");

static int __init kvmexc_init(void)
{
	int ret;

	ret = kvmexc_guests_init();
	if (ret)
		return ret;
	ret = kvmexc_session_init();
	if (ret)
		goto err_guests;
	ret = kvmexc_genl_init();
	if (ret)
		goto err_session;

	pr_info("version %s loaded\n", KVMEXC_VERSION);
	return 0;

err_session:
	kvmexc_session_exit();
err_guests:
	kvmexc_guests_exit();
	return ret;
}

/*
 * The family goes first, so no command runs any more; then the guests and
 * their hooks, whose alert work still uses the family's memory (never its
 * registration: alerts without listeners are not sent).
 */
static void __exit kvmexc_exit(void)
{
	kvmexc_genl_exit();
	kvmexc_session_exit();
	kvmexc_guests_exit();
	kvmexc_exceptions_exit();
}

module_init(kvmexc_init);
module_exit(kvmexc_exit);

MODULE_DESCRIPTION("Exceptions for KVM guest writes to protected memory");
MODULE_AUTHOR("The kvmexc authors");
MODULE_LICENSE("GPL");
MODULE_VERSION(KVMEXC_VERSION);
MODULE_ALIAS_GENL_FAMILY(KVMEXC_FAMILY_NAME);
