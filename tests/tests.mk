# SPDX-License-Identifier: GPL-2.0
#
# Tests: host unit tests (kselftest harness, ASan + UBSan), the test VM
# runner's own tests, and kselftests that run inside the test VM.

LINUX_SOURCE_TAR ?= /usr/src/linux-source-6.1.tar.xz
# A few files of the kernel source package, extracted at build time and
# never committed: the kselftest harness and checkpatch.
LINUX_SRC := $(BUILD)/linux-src
HARNESS_DIR := $(LINUX_SRC)/tools/testing/selftests
HARNESS := $(HARNESS_DIR)/kselftest_harness.h
CHECKPATCH := $(LINUX_SRC)/scripts/checkpatch.pl

UNIT_CFLAGS = $(CFLAGS) $(HOST_CFLAGS) -isystem $(HARNESS_DIR) $(SANITIZE)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:%.c=$(BUILD)/%)

# Kselftests link the host build of the core and of excctl, to compare the
# module with them and to drive it the way excctl does.
KSFT_CFLAGS = $(CFLAGS) $(HOST_CFLAGS) -I. -Itests/unit -isystem $(HARNESS_DIR) \
	$(shell pkg-config --cflags libmnl)
KSFT_LIBS = $(BUILD)/libkvmexc.a $(HOST_LIBS) $(shell pkg-config --libs libmnl)
KSFT_SRCS := $(wildcard tests/kselftest/*.c)
KSFT_BINS := $(KSFT_SRCS:%.c=$(BUILD)/%)

WARN_MODULE := tests/vm/warn/kvmexc_warn_test.ko

.PHONY: tests check uapi-check
tests: $(UNIT_BINS) $(KSFT_BINS) $(WARN_MODULE) $(CHECKPATCH) uapi-check

$(HARNESS) $(CHECKPATCH) &: $(LINUX_SOURCE_TAR)
	@mkdir -p $(LINUX_SRC)
	tar -xJf $(LINUX_SOURCE_TAR) -C $(LINUX_SRC) --strip-components=1 \
		--wildcards '*/tools/testing/selftests/kselftest_harness.h' \
		'*/tools/testing/selftests/kselftest.h' \
		'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch'
	touch $(HARNESS) $(CHECKPATCH)

$(BUILD)/tests/unit/%: tests/unit/%.c $(HARNESS) $(BUILD)/libkvmexc-san.a
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CFLAGS) -MMD -MP -o $@ $< $(BUILD)/libkvmexc-san.a $(HOST_LIBS)

$(BUILD)/tests/kselftest/%: tests/kselftest/%.c $(HARNESS) $(BUILD)/libkvmexc.a
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
