// SPDX-License-Identifier: GPL-2.0
/*
 * Warns once when loaded: tests/vm/selftest proves that tests/vm/run fails
 * a run whose guest kernel warned, even when the command itself succeeded.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init kvmexc_warn_test_init(void)
{
	WARN(1, "kvmexc_warn_test: deliberate warning\n");
	return 0;
}

static void __exit kvmexc_warn_test_exit(void)
{
}

module_init(kvmexc_warn_test_init);
module_exit(kvmexc_warn_test_exit);
MODULE_DESCRIPTION("Raises a warning when loaded, to test the test VM runner");
MODULE_LICENSE("GPL");
