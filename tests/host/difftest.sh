#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The differential test of excctl compile against the reference's rules
# (shared/tools/refcompile.py): DIFFTEST_SETS generated input sets (5000 by
# default, fixed seed DIFFTEST_SEED) must compile to the same bytes, or be
# refused by both. KTAP, one line per batch of 500 sets.
set -u
cd "$(dirname "$0")/../.."
exec python3 tests/difftest/difftest.py --excctl ctl/excctl --shared "${SHARED:-../shared}" \
	--sets "${DIFFTEST_SETS:-5000}" --seed "${DIFFTEST_SEED:-1}"
