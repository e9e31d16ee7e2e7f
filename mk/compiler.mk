# SPDX-License-Identifier: GPL-2.0
#
# excctl compile, dump and crc32: the embedded default configuration, the
# differential test against the reference (shared/tools/refcompile.py) and
# the compile benchmark.

SHARED ?= ../shared

# ctl/compiler/default_config.c embeds data/config.json with .incbin.
$(BUILD)/host/ctl/compiler/default_config.o $(BUILD)/san/ctl/compiler/default_config.o: data/config.json

# The host test runs 5000 sets; this runs more, with another seed.
DIFFTEST_SETS ?= 50000
DIFFTEST_SEED ?= 2

.PHONY: difftest
difftest: ctl/excctl
	DIFFTEST_SETS=$(DIFFTEST_SETS) DIFFTEST_SEED=$(DIFFTEST_SEED) SHARED=$(SHARED) \
		tests/host/difftest.sh

bench:: ctl/excctl
	python3 tests/bench/compile_bench.py --excctl ctl/excctl --shared $(SHARED) \
		--work $(BUILD)/bench/compile
