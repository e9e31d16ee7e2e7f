# SPDX-License-Identifier: GPL-2.0
#
# The KVM hook's benchmark (make bench): guest writes to a protected page,
# decided, against the same loop on an untracked page, in the test VM, on
# each kernel of BENCH_KERNEL_LINES (Debian's 6.1 and 6.12 unless told).

GUEST_WRITES_BENCH := $(BUILD)/tests/kvm/guest_writes_bench
GUEST_WRITES ?= 10000
BENCH_KERNEL_LINES ?= 6.1 6.12

$(GUEST_WRITES_BENCH): tests/kvm/guest_writes_bench.c $(KVM_LIB) $(KVM_HELPER_OBJ) \
		       $(BUILD)/libkvmexc.a
	@mkdir -p $(dir $@)
	$(CC) $(KVM_CFLAGS) -Wall -Werror -Iuapi -Itests/kvm -Itests/kselftest -pthread -no-pie \
		-o $@ $< $(KVM_HELPER_OBJ) $(KVM_LIB) $(BUILD)/libkvmexc.a $(HOST_LIBS) \
		$(shell pkg-config --libs libmnl)

# Built with the tests so it keeps compiling.
tests: $(GUEST_WRITES_BENCH)

bench:: all $(GUEST_WRITES_BENCH)
	@mkdir -p $(BUILD)/bench
	@for line in $(BENCH_KERNEL_LINES); do \
		kver=$$(scripts/kernel-version $$line) && ko=$$(tests/vm/kvmexc-for $$kver) || exit 1; \
		echo "== guest writes on $$kver"; \
		KVER=$$kver tests/vm/run --timeout 600 --module $$ko -- \
			$(GUEST_WRITES_BENCH) $(GUEST_WRITES) | \
			tee $(BUILD)/bench/guest_writes-$$kver.txt || exit 1; \
	done
