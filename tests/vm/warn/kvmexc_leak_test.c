// SPDX-License-Identifier: GPL-2.0
/*
 * Leaks an allocation when loaded: the debug-kernel lane proves that
 * tests/vm/run fails a run in which kmemleak finds an unreferenced object.
 */
#include <linux/module.h>
#include <linux/slab.h>

static int __init kvmexc_leak_test_init(void)
{
	void *leaked = kmalloc(64, GFP_KERNEL);

	/* The only reference goes with this frame. */
	return leaked ? 0 : -ENOMEM;
}

static void __exit kvmexc_leak_test_exit(void)
{
}

module_init(kvmexc_leak_test_init);
module_exit(kvmexc_leak_test_exit);
MODULE_DESCRIPTION("Leaks memory when loaded, to test the test VM runner");
MODULE_LICENSE("GPL");
