# SPDX-License-Identifier: GPL-2.0
#
# make            kvmexc.ko and ctl/excctl
# make setup      install what building and testing need (Debian 12)
# make check      host unit tests, then the kselftests inside a qemu guest
# make demo       boot the test VM, load the module, show what it does
# make deb        the Debian packages kvmexc-dkms and excctl, in build/deb

# The kernel built for: KVER, or the newest installed Debian 6.1 (Debian
# 12's own; KERNEL_LINE=6.12 for bookworm's newer line), never the running
# kernel's, which may be the host's own and not ours to load into.
# Installing a kernel of another line never changes it.
KERNEL_LINE ?= 6.1
ifeq ($(origin KVER),undefined)
KVER := $(shell scripts/kernel-version $(KERNEL_LINE))
endif
# The test VM (tests/vm/run: make demo, make bench) boots the kernel built for.
export KVER
KDIR ?= /lib/modules/$(KVER)/build

CC ?= cc
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Werror -std=gnu11
PKGS := libnl-genl-3.0 json-c
BUILD := build

VERSION := $(shell cat VERSION)
HOST_CFLAGS = $(WARN) -Iuapi -Ikmod -Ictl -DKVMEXC_VERSION=\"$(VERSION)\" \
	$(shell pkg-config --cflags $(PKGS))
HOST_LIBS = $(shell pkg-config --libs $(PKGS))
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# The core (kmod/core) is built into the module and, with everything of
# excctl but its main(), into a library for excctl and the host tests.
CORE_SRCS := $(wildcard kmod/core/*.c)
LIB_SRCS := $(CORE_SRCS) $(filter-out ctl/cli/excctl.c,$(wildcard ctl/*/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/host/%.o)
SAN_LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/san/%.o)

.PHONY: all module setup demo clean
all: setup module ctl/excctl

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

ctl/excctl: $(BUILD)/host/ctl/cli/excctl.o $(BUILD)/libkvmexc.a
	$(CC) $(CFLAGS) -o $@ $^ $(HOST_LIBS)

$(BUILD)/libkvmexc.a: $(LIB_OBJS)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/libkvmexc-san.a: $(SAN_LIB_OBJS)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/host/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(HOST_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/san/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(HOST_CFLAGS) $(SANITIZE) -MMD -MP -c -o $@ $<

# Not build/deb: the copy make deb builds has dependency files of its own,
# and a directory exceptions.d.
-include $(shell find $(BUILD) -path $(BUILD)/deb -prune -o -name '*.d' -type f -print 2>/dev/null)

setup:
	scripts/setup

# make install [PREFIX=/usr/local] [DESTDIR=]: the module for KVER under
# /lib/modules/KVER/extra, excctl under PREFIX/sbin, the compiler's default
# configuration (also built into excctl) under PREFIX/share/kvmexc.
PREFIX ?= /usr/local
MODDIR := $(DESTDIR)/lib/modules/$(KVER)/extra

.PHONY: install uninstall
install: all
	install -D -m 0644 kvmexc.ko $(MODDIR)/kvmexc.ko
	install -D -m 0755 ctl/excctl $(DESTDIR)$(PREFIX)/sbin/excctl
	install -D -m 0644 data/config.json $(DESTDIR)$(PREFIX)/share/kvmexc/config.json
	if [ -z "$(DESTDIR)" ]; then depmod -a $(KVER); fi

uninstall:
	rm -f $(MODDIR)/kvmexc.ko $(DESTDIR)$(PREFIX)/sbin/excctl
	rm -f $(DESTDIR)$(PREFIX)/share/kvmexc/config.json
	if [ -z "$(DESTDIR)" ]; then depmod -a $(KVER); fi

demo: setup all tests
	scripts/demo

include tests/tests.mk

clean:
	if [ -d $(KDIR) ]; then \
		$(MAKE) -C $(KDIR) M=$(CURDIR) clean; \
		$(MAKE) -C $(KDIR) M=$(CURDIR)/tests/vm/warn clean; \
	fi
	rm -rf $(BUILD) ctl/excctl

# Benchmarks: each part of the project adds its recipe with 'bench::'.
.PHONY: bench

# Each part of the project keeps its own rules in mk/.
include $(sort $(wildcard mk/*.mk))
