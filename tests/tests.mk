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
KVM_ANCHOR := $(BUILD)/tests/vm/kvm_anchor

$(KVM_ANCHOR): tests/vm/kvm_anchor.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) -o $@ $<

.PHONY: tests check uapi-check

KVM_SELFTESTS := $(LINUX_SRC)/tools/testing/selftests/kvm

$(HARNESS) $(CHECKPATCH) $(KVM_SELFTESTS)/Makefile &: $(LINUX_SOURCE_TAR)
	@mkdir -p $(LINUX_SRC)
	tar -xJf $(LINUX_SOURCE_TAR) -C $(LINUX_SRC) --strip-components=1 \
		--wildcards '*/tools/testing/selftests/kselftest_harness.h' \
		'*/tools/testing/selftests/kselftest.h' \
		'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch' \
		'*/tools/testing/selftests/kvm/*' '*/tools/include/*' \
		'*/tools/arch/x86/include/*' '*/tools/lib/rbtree.c'
	touch $(HARNESS) $(CHECKPATCH) $(KVM_SELFTESTS)/Makefile

# The KVM selftest library (guests whose code is written in C), built from
# the same sources, with the flags of its own Makefile.
KVM_LIB_SRCS := lib/assert.c lib/elf.c lib/guest_modes.c lib/io.c lib/kvm_util.c \
	lib/rbtree.c lib/sparsebit.c lib/test_util.c lib/x86_64/apic.c \
	lib/x86_64/handlers.S lib/x86_64/processor.c lib/x86_64/svm.c \
	lib/x86_64/ucall.c lib/x86_64/vmx.c
KVM_LIB_OBJS := $(patsubst %,$(BUILD)/kvm-selftest/%.o,$(KVM_LIB_SRCS)) \
	$(BUILD)/kvm-selftest/string_override.o
KVM_LIB := $(BUILD)/kvm-selftest/libkvm.a
KVM_CFLAGS := -O2 -g -std=gnu99 -U_FORTIFY_SOURCE -fno-stack-protector -fno-PIE \
	-I$(LINUX_SRC)/tools/include -I$(LINUX_SRC)/tools/arch/x86/include \
	-I/usr/include -I$(KVM_SELFTESTS)/include -I$(KVM_SELFTESTS)/include/x86_64 \
	-I$(LINUX_SRC)/tools/testing/selftests

$(BUILD)/kvm-selftest/%.o: $(KVM_SELFTESTS)/Makefile
	@mkdir -p $(dir $@)
	$(CC) $(KVM_CFLAGS) -c -o $@ $(KVM_SELFTESTS)/$*

$(BUILD)/kvm-selftest/string_override.o: $(KVM_SELFTESTS)/Makefile
	@mkdir -p $(dir $@)
	$(CC) $(KVM_CFLAGS) -ffreestanding -c -o $@ $(KVM_SELFTESTS)/lib/string_override.c

$(KVM_LIB): $(KVM_LIB_OBJS)
	rm -f $@ && ar rcs $@ $^

# Kselftests whose guests are KVM selftest guests: their own flags (the
# selftest headers bring their own kernel types), our helpers apart.
KVM_TEST_SRCS := $(wildcard tests/kvm/*_test.c)
KVM_TEST_BINS := $(KVM_TEST_SRCS:tests/kvm/%.c=$(BUILD)/tests/kselftest/%)
KVM_HELPER_OBJ := $(BUILD)/tests/kvm/helpers.o
DEMO_VMM := $(BUILD)/tests/kvm/demo_vmm

$(DEMO_VMM): tests/kvm/demo_vmm.c $(KVM_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(KVM_CFLAGS) -Wall -Werror -pthread -no-pie -o $@ $< $(KVM_LIB)

$(KVM_HELPER_OBJ): tests/kvm/helpers.c $(HARNESS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(HOST_CFLAGS) -Itests/unit -MMD -MP -c -o $@ $<

$(BUILD)/tests/kselftest/%: tests/kvm/%.c $(KVM_LIB) $(KVM_HELPER_OBJ) $(BUILD)/libkvmexc.a
	@mkdir -p $(dir $@)
	$(CC) $(KVM_CFLAGS) -Wall -Werror -Iuapi -Itests/kvm -Itests/kselftest -pthread -no-pie \
		-o $@ $< $(KVM_HELPER_OBJ) $(KVM_LIB) $(BUILD)/libkvmexc.a $(HOST_LIBS) \
		$(shell pkg-config --libs libmnl)

$(BUILD)/tests/unit/%: tests/unit/%.c $(HARNESS) $(BUILD)/libkvmexc-san.a
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_CFLAGS) -MMD -MP -o $@ $< $(BUILD)/libkvmexc-san.a $(HOST_LIBS)

$(BUILD)/tests/kselftest/%: tests/kselftest/%.c $(HARNESS) $(BUILD)/libkvmexc.a
	@mkdir -p $(dir $@)
	$(CC) $(KSFT_CFLAGS) -MMD -MP -o $@ $< $(KSFT_LIBS)

$(WARN_MODULE): tests/vm/warn/kvmexc_warn_test.c
	$(MAKE) -C $(KDIR) M=$(CURDIR)/tests/vm/warn modules

tests: $(UNIT_BINS) $(KSFT_BINS) $(KVM_TEST_BINS) $(KVM_ANCHOR) $(DEMO_VMM) $(WARN_MODULE) $(CHECKPATCH) uapi-check

# The uapi header is plain userspace C that needs nothing but uapi headers.
uapi-check:
	echo '#include <linux/kvmexc.h>' | $(CC) -Wall -Wextra -Werror -std=c11 \
		-Iuapi -x c -fsyntax-only -

check: setup all tests
	scripts/check
