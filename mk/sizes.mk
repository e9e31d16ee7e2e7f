# SPDX-License-Identifier: GPL-2.0
#
# The inputs of the size tests (tests/kselftest/excctl_sizes.sh): JSON from
# tests/sizes/gen.py, compiled on the host, where it takes seconds; the test
# VM sends them to the module through excctl.

SIZES := $(BUILD)/tests/sizes
SIZES_BINS := $(addprefix $(SIZES)/,kernel-1000000.bin every-kind.bin chunk-multiple.bin)

$(SIZES)/json.stamp: tests/sizes/gen.py
	rm -rf $(SIZES)/json
	python3 $< $(SIZES)/json
	touch $@

$(SIZES)/%.bin: $(SIZES)/json.stamp ctl/excctl
	ctl/excctl compile --output $@ $(SIZES)/json/$*

tests: $(SIZES_BINS)

bench:: all $(SIZES_BINS)
	@mkdir -p $(BUILD)/bench
	tests/vm/run --timeout 600 -- tests/bench/excctl_load_bench.sh | \
		tee $(BUILD)/bench/excctl_load.txt
