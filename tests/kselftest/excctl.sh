#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# excctl against the module, in the test VM: every shared vector's example
# event is decided the same by the module (excctl eval) and by the host core
# (excctl eval --offline); add, remove and flush; add-from-alert; the --json
# outputs parse.
cd "$(dirname "$0")/../.." || exit 1
excctl=./ctl/excctl
. tests/host/ktap.bash

is_json() {
	/usr/bin/python3 -c 'import json, sys; json.load(sys.stdin)'
}

echo "KTAP version 1"
$excctl flush >/dev/null
for event in tests/eval/*.json; do
	name=$(basename "$event" .json)
	file=../shared/vectors/$name.bin
	# 09 has no exception: the module stays as it was, log-only offline.
	[ "$name" = 09_only_signatures ] && continue
	$excctl load "$file" >/dev/null &&
		[ "$($excctl eval "$event")" = "$($excctl eval --offline "$file" "$event")" ]
	result $? "excctl eval $name: the module decides like the host"
done

samples=$(mktemp)
$excctl compile --output "$samples" samples/linux >/dev/null && $excctl load "$samples" >/dev/null &&
	$excctl list | grep -q 'originator="\[kernel\]" victim="\[kernel\]"' &&
	$excctl list -v | grep -q 'originator=0x00000002("\[kernel\]") victim=0x00000002' &&
	$excctl list --json | grep -q '"originator":"0x00000002","originator_name":"\[kernel\]"'
result $? "excctl list names the predefined names, -v and --json with their hashes"
rm -f "$samples"

$excctl add tests/kselftest/data/added-exception.json --context 7 >/dev/null &&
	$excctl status --json | grep -q '"added_exceptions":1'
result $? "excctl add puts one added exception in force"

$excctl list --json | is_json && $excctl list --json | grep -q '"context":7'
result $? "excctl list --json lists it with its context"

$excctl remove --context 7 >/dev/null && $excctl status --json | grep -q '"added_exceptions":0'
result $? "excctl remove takes it out"

! $excctl remove --context 7 2>/dev/null
result $? "excctl remove of an unknown context fails"

$excctl add tests/kselftest/data/added-exception.json --context 8 >/dev/null &&
	$excctl flush >/dev/null && $excctl status --json | grep -q '"added_exceptions":0'
result $? "excctl flush removes every added exception"

$excctl status --json | is_json && $excctl guests --json | is_json &&
	$excctl add tests/kselftest/data/added-exception.json --context 9 --json | is_json &&
	$excctl remove --context 9 --json | is_json && $excctl flush --json | is_json
result $? "excctl status, guests, add, remove and flush --json print JSON"

# Every field as Documentation/excctl-json.rst names and types it.
fields=tests/host/json_fields.py
$excctl -j add tests/kselftest/data/added-exception.json --context 9 | $fields &&
	$excctl -j load ../shared/vectors/05_kernel_user.bin | $fields &&
	$excctl status --json | $fields && $excctl list --json | $fields &&
	$excctl guests --json | $fields && $excctl remove --context 9 --json | $fields &&
	$excctl -j flush | $fields && $excctl -p status | $fields
result $? "excctl's JSON fields have the names and types the documentation gives"

# A failure under --json: a JSON error object with the module's message.
out=$($excctl remove --context 123456 --json 2>/dev/null)
[ $? = 1 ] && echo "$out" | $fields && echo "$out" | python3 -c 'import json, sys
e = json.load(sys.stdin)
assert e["command"] == "remove" and e["status"] == 1, e
assert any("123456" in m or "context" in m for m in e["messages"]), e'
result $? "a command that fails under --json prints a JSON error object naming the cause"

# Each shared alert blob: its exception, added, allows the alert's own write.
event=$(mktemp)
for blob in ../shared/alerts/*.b64; do
	$excctl flush >/dev/null &&
		$excctl add-from-alert --file "$blob" --context 11 >/dev/null &&
		$excctl decode --event --file "$blob" >"$event" &&
		$excctl eval "$event" | grep -q '"reason":"allowed".*"context":11'
	result $? "excctl add-from-alert $(basename "$blob" .b64): the module allows the write"
done
rm -f "$event"
$excctl flush >/dev/null

printf '%s\n' flush "add tests/kselftest/data/added-exception.json --context 41" \
	"add tests/kselftest/data/added-exception.json --context 42" "remove --context 41" |
	$excctl -batch - >/dev/null && $excctl status --json | grep -q '"added_exceptions":1' &&
	$excctl list --json | grep -q '"context":42' && $excctl flush >/dev/null
result $? "excctl -batch adds and removes over one socket"

$excctl -V | grep -qx "kvmexc.ko $(cat VERSION)"
result $? "excctl -V names the loaded module's version"

! $excctl load /etc/passwd 2>/dev/null
result $? "excctl load of a file that is no exceptions.bin fails"

echo "1..$n"
exit $rc
