# SPDX-License-Identifier: GPL-2.0
#
# The matcher core's own rules: the benchmark (make bench).

BENCH_SRCS := $(wildcard tests/bench/bench_*.c)
BENCH_BINS := $(BENCH_SRCS:%.c=$(BUILD)/%)

$(BUILD)/tests/bench/%: tests/bench/%.c $(BUILD)/libkvmexc.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(HOST_CFLAGS) -MMD -MP -o $@ $< $(BUILD)/libkvmexc.a $(HOST_LIBS)

# Built with the tests so it keeps compiling; run only on request.
tests: $(BENCH_BINS)

bench:: $(BENCH_BINS)
	for b in $(BENCH_BINS); do $$b || exit 1; done
