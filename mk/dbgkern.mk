# SPDX-License-Identifier: GPL-2.0
#
# The debug-kernel lane: the kselftests on a kernel built with KASAN,
# lockdep, UBSAN and kmemleak (tests/vm/debug-kernel, cached outside the
# work tree). make check runs it last (DEBUG_KERNEL=0 skips it); this runs
# it alone.
.PHONY: debug-lane
debug-lane: setup all tests
	tests/vm/debug-lane
