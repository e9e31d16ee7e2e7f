#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench, in the test VM: excctl load of 1 000 000 exceptions end to end
# (read, chunks, parse and index in the module, swap), best of 3, and the
# set's memory as excctl status reports it.
cd "$(dirname "$0")/../.." || exit 1
excctl=./ctl/excctl
file=build/tests/sizes/kernel-1000000.bin
best=
for run in 1 2 3; do
	start=$(date +%s%N)
	$excctl load "$file" >/dev/null || exit 1
	ms=$((($(date +%s%N) - start) / 1000000))
	[ -z "$best" ] || [ "$ms" -lt "$best" ] && best=$ms
done
memory=$($excctl status --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["memory"])')
size=$(stat -c %s "$file")
echo "excctl load bench: 1000000 kernel exceptions, $size bytes (test VM, TCG)"
echo "  excctl load      $best ms (best of 3, end to end)"
echo "  module memory    $memory bytes ($((memory / 1000000)) MB, $(awk "BEGIN { printf \"%.1f\", $memory / $size }")x the file)"
