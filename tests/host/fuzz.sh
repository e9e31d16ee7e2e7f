#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every libFuzzer target (tests/fuzz/fuzz_*.c, built by 'make tests' into
# build/tests/fuzz/) runs FUZZ_SECONDS seconds (30 by default) from its seed
# corpus tests/fuzz/corpus/<target>/. Any crash, leak, timeout (10 s for one
# input), memory blow-up or sanitizer report fails it; the failing input is
# printed in base64, to be added to the corpus once fixed. New inputs the
# fuzzer finds stay in a scratch directory. KTAP, one result per target.
set -u
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SECONDS:-30}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

targets=$(cd tests/fuzz && ls fuzz_*.c | sed 's/\.c$//')
echo "KTAP version 1"
echo "1..$(echo "$targets" | wc -l)"
n=0
rc=0
for t in $targets; do
	n=$((n + 1))
	bin=build/tests/fuzz/$t
	seeds=tests/fuzz/corpus/$t
	work=$tmp/$t
	mkdir -p "$work/corpus"
	if [ ! -x "$bin" ] || [ ! -d "$seeds" ]; then
		echo "# $bin or $seeds is missing ('make tests' builds the targets)"
		echo "not ok $n $t"
		rc=1
		continue
	fi
	# the target's own output (compile errors, dumps) is closed: only
	# libFuzzer and the sanitizers report
	nice "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
		-close_fd_mask=3 -print_final_stats=1 -artifact_prefix="$work/" \
		"$work/corpus" "$seeds" >"$work/log" 2>&1
	status=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
	if [ "$status" = 0 ] && [ -n "$runs" ]; then
		echo "ok $n $t ($runs runs in ${seconds}s)"
		continue
	fi
	echo "# $t exited with status $status"
	grep -E 'ERROR|SUMMARY|runtime error|#[0-9]+ 0x' "$work/log" | head -40 | sed 's/^/# /'
	for a in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
		[ -f "$a" ] || continue
		echo "# input $(basename "$a") (base64):"
		base64 "$a" | head -40 | sed 's/^/#   /'
	done
	echo "not ok $n $t"
	rc=1
done
exit $rc
