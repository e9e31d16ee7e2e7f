# SPDX-License-Identifier: GPL-2.0
#
# libFuzzer targets (clang): every tests/fuzz/fuzz_*.c, linked with the
# product's own sources (the core and excctl's library) built once more
# with the fuzzer's instrumentation, ASan and UBSan. Each target has its
# seed corpus in tests/fuzz/corpus/<target>/.
#
#	make fuzz [FUZZ_SECONDS=60]	builds them and runs each for that long
#	build/tests/fuzz/fuzz_load -max_total_time=60 tests/fuzz/corpus/fuzz_load
#
# 'make check' runs each for 30 seconds (tests/host/fuzz.sh).

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 30
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS = -g -O1 $(FUZZ_SAN) $(HOST_CFLAGS) -I.
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(FUZZ_SRCS:%.c=$(BUILD)/%)
FUZZ_LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/fuzz/%.o)
FUZZ_LIB := $(BUILD)/libkvmexc-fuzz.a

$(BUILD)/fuzz/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(BUILD)/fuzz/ctl/compiler/default_config.o: data/config.json

$(FUZZ_LIB): $(FUZZ_LIB_OBJS)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/tests/fuzz/%: tests/fuzz/%.c $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -MMD -MP -o $@ $< $(FUZZ_LIB) $(HOST_LIBS)

tests: $(FUZZ_BINS)

.PHONY: fuzz
fuzz: $(FUZZ_BINS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/host/fuzz.sh
