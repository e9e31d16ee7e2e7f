# SPDX-License-Identifier: GPL-2.0
#
# The operator's documentation: excctl(8) and the bash completion, both
# generated from excctl's command table (ctl/cli/commands.c), and their install.

# Entries of the table may stop after their handler, { name, usage,
# summary, run }, and options after their help: the other fields are
# optional. Every build of the file (host, san, fuzz, ...) allows that.
$(BUILD)/%/ctl/cli/commands.o: HOST_CFLAGS += -Wno-missing-field-initializers

$(BUILD)/excctl.8: ctl/excctl
	ctl/excctl --man >$@

$(BUILD)/excctl.bash: ctl/excctl
	ctl/excctl --bash-completion >$@

all: $(BUILD)/excctl.8 $(BUILD)/excctl.bash

MANDIR := $(DESTDIR)$(PREFIX)/share/man/man8
COMPLETIONDIR := $(DESTDIR)$(PREFIX)/share/bash-completion/completions

.PHONY: install-docs uninstall-docs
install: install-docs
install-docs: $(BUILD)/excctl.8 $(BUILD)/excctl.bash
	install -D -m 0644 $(BUILD)/excctl.8 $(MANDIR)/excctl.8
	install -D -m 0644 $(BUILD)/excctl.bash $(COMPLETIONDIR)/excctl

uninstall: uninstall-docs
uninstall-docs:
	rm -f $(MANDIR)/excctl.8 $(COMPLETIONDIR)/excctl

# make bench also sweeps the number of exceptions and plots decision time
# against it: build/bench/match_sweep.tsv and .svg (the copy in
# Documentation/ is one such run, committed).
SWEEP := $(BUILD)/bench/match_sweep
bench:: $(BUILD)/tests/bench/bench_match
	@mkdir -p $(dir $(SWEEP))
	$(BUILD)/tests/bench/bench_match --sweep $(SWEEP).tsv
	python3 tests/bench/plot_sweep.py $(SWEEP).tsv $(SWEEP).svg
	@echo "bench: $(SWEEP).svg"
