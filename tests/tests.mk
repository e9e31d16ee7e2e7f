# SPDX-License-Identifier: GPL-2.0
#
# Tests: host unit tests (kselftest harness, ASan + UBSan), the test VM
# runner's own tests, and kselftests that run inside the test VM.

LINUX_SOURCE_TAR ?= /usr/src/linux-source-6.1.tar.xz
HARNESS_DIR := $(BUILD)/kselftest
HARNESS := $(HARNESS_DIR)/kselftest_harness.h

UNIT_CFLAGS = $(CFLAGS) $(HOST_CFLAGS) -isystem $(HARNESS_DIR) $(SANITIZE)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:%.c=$(BUILD)/%)

KSFT_CFLAGS = $(CFLAGS) $(WARN) -Iuapi -isystem $(HARNESS_DIR) $(shell pkg-config --cflags libmnl)
KSFT_LIBS = $(shell pkg-config --libs libmnl)
KSFT_SRCS := $(wildcard tests/kselftest/*.c)
KSFT_BINS := $(KSFT_SRCS:%.c=$(BUILD)/%)

WARN_MODULE := tests/vm/warn/kvmexc_warn_test.ko

.PHONY: tests check uapi-check
tests: $(UNIT_BINS) $(KSFT_BINS) $(WARN_MODULE) uapi-check

# The two harness headers come from the kernel source package at build time.
$(HARNESS):
	@mkdir -p $(HARNESS_DIR)
	tar -xJf $(LINUX_SOURCE_TAR) -C $(HARNESS_DIR) --strip-components=4 \
		--wildcards '*/tools/testing/selftests/kselftest_harness.h' \
		'*/tools/testing/selftests/kselftest.h'
	touch $@

$(BUILD)/tests/unit/%: tests/unit/%.c $(HARNESS) $(BUILD)/libkvmexc-san.a
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CFLAGS) -MMD -MP -o $@ $< $(BUILD)/libkvmexc-san.a $(HOST_LIBS)

$(BUILD)/tests/kselftest/%: tests/kselftest/%.c $(HARNESS)
	@mkdir -p $(dir $@)
	$(CC) $(KSFT_CFLAGS) -MMD -MP -o $@ $< $(KSFT_LIBS)

$(WARN_MODULE): tests/vm/warn/kvmexc_warn_test.c
	$(MAKE) -C $(KDIR) M=$(CURDIR)/tests/vm/warn modules

# The uapi header is plain userspace C that needs nothing but uapi headers.
uapi-check:
	echo '#include <linux/kvmexc.h>' | $(CC) -Wall -Wextra -Werror -std=c11 \
		-Iuapi -x c -fsyntax-only -

check: all tests
	scripts/check
