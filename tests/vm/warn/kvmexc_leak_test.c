// SPDX-License-Identifier: GPL-2.0
/*
 * Leaks an allocation when loaded: the debug-kernel lane proves that
 * tests/vm/run fails a run in which kmemleak finds an unreferenced object.
 */
#include <linux/module.h>
#include <linux/slab.h>

/*
 * Several, each pointer lost as the next is taken: a stale copy of one on
 * some stack may keep kmemleak from reporting it, not all of them.
 */
static int __init kvmexc_leak_test_init(void)
{
	int i;

	for (i = 0; i < 16; i++)
		if (!kmalloc(64, GFP_KERNEL))
			return -ENOMEM;
	return 0;
}

static void __exit kvmexc_leak_test_exit(void)
{
}

module_init(kvmexc_leak_test_init);
module_exit(kvmexc_leak_test_exit);
MODULE_DESCRIPTION("Leaks memory when loaded, to test the test VM runner");
MODULE_LICENSE("GPL");
