#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# excctl against the module at the sizes operators have, in the test VM: a
# file of 1 000 000 exceptions, one of max_file_size, one of every record
# kind larger than a LOAD chunk, one an exact multiple of the chunk; eval of
# the largest event; add of the largest exception; list and status with a
# million in force. The inputs are made on the host (mk/sizes.mk). KTAP.
cd "$(dirname "$0")/../.." || exit 1
excctl=./ctl/excctl
sizes=build/tests/sizes
param=/sys/module/kvmexc/parameters/max_file_size
. tests/host/ktap.bash

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The exceptions in force, from status: "kernel user glob kernel_user".
counts() {
	$excctl status --json | python3 -c 'import json, sys
s = json.load(sys.stdin)
print(s["kernel"], s["user"], s["glob"], s["kernel_user"])'
}

# Runs excctl, keeping its error output; fails if it succeeds.
refused() {
	! $excctl "$@" >/dev/null 2>"$tmp/err"
}

echo "KTAP version 1"
million=$sizes/kernel-1000000.bin

$excctl load "$million" >"$tmp/out" && grep -q "1000000 kernel" "$tmp/out"
result $? "excctl load of 1 000 000 exceptions ($(stat -c %s "$million") bytes)"

[ "$(counts)" = "1000000 0 0 0" ]
result $? "excctl status counts 1 000 000 kernel exceptions in force"

$excctl status | grep -q "^memory: *[1-9][0-9]* bytes" && $excctl status --json | grep -q "\"memory\":[1-9]"
result $? "excctl status shows the set's memory"

[ "$($excctl list | grep -c '^file ')" = 1000000 ]
result $? "excctl list prints 1 000 000 exceptions"

$excctl list --json | python3 -c 'import json, sys; assert len(json.load(sys.stdin)) == 1000000'
result $? "excctl list --json is one document of 1 000 000 entries"

old=$(cat $param)
size=$(stat -c %s "$million")
echo $((size - 1)) >$param
refused load "$million" && grep -q "SIZE exceeds the max_file_size module parameter" "$tmp/err" &&
	grep -q "was not loaded; the exceptions in force are unchanged" "$tmp/err" &&
	[ "$(counts)" = "1000000 0 0 0" ]
result $? "a file one byte over max_file_size is refused, naming the parameter; nothing is lost"

echo "$size" >$param
$excctl load "$million" >/dev/null
result $? "a file of exactly max_file_size loads"
echo "$old" >$param

every=$sizes/every-kind.bin
$excctl load "$every" >"$tmp/out" && [ "$(stat -c %s "$every")" -gt 65024 ] &&
	grep -q "2400 kernel, 3000 user, 600 glob, 600 kernel-user; 2400 signatures" "$tmp/out"
result $? "excctl load of every record kind, $(stat -c %s "$every") bytes"

multiple=$sizes/chunk-multiple.bin
[ $(($(stat -c %s "$multiple") % 65024)) = 0 ] && $excctl load "$multiple" >/dev/null &&
	[ "$(counts)" = "$((($(stat -c %s "$multiple") - 36) / 23)) 0 0 0" ]
result $? "excctl load of a file of exactly $(($(stat -c %s "$multiple") / 65024)) chunks"

# The largest event: the module decides it as the host does.
$excctl load "$every" >/dev/null &&
	$excctl eval "$sizes/json/eval-largest.json" >"$tmp/kernel" &&
	$excctl eval --offline "$every" "$sizes/json/eval-largest.json" >"$tmp/host" &&
	cmp -s "$tmp/kernel" "$tmp/host"
result $? "excctl eval of an event with 4 KiB code, data and 1024 code blocks"

$excctl flush >/dev/null && $excctl add "$sizes/json/add-largest" --context 21 >/dev/null &&
	$excctl list --json | grep -q '"context":21'
result $? "excctl add of an exception with 16 signatures of 1000 hashes each"

refused add "$sizes/json/add-too-large" --context 22 &&
	grep -q "ADD carries at most 65531" "$tmp/err"
result $? "excctl add of an exception too large for ADD says how large it is"
$excctl flush >/dev/null

echo "1..$n"
exit $rc
