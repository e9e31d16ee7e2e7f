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

# libFuzzer targets over the core (clang): make fuzz, then run one, e.g.
# build/tests/fuzz/fuzz_load -max_total_time=60 ../shared/vectors/
FUZZ_CC ?= clang
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(FUZZ_SRCS:%.c=$(BUILD)/%)

$(BUILD)/tests/fuzz/%: tests/fuzz/%.c $(CORE_SRCS) $(wildcard kmod/core/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -Wall -Wextra -Werror -Iuapi -Ikmod -o $@ $< $(CORE_SRCS)

.PHONY: fuzz
fuzz: $(FUZZ_BINS)
