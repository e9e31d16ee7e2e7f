#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# excctl compile on bad input: the exact message (file, line, JSON path,
# what was expected), a non-zero exit, and the previous output file left as
# it was, with no temporary file behind.
set -u
cd "$(dirname "$0")/../.."
EXCCTL=$PWD/ctl/excctl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

n=0
fail=0
# expect NAME STATUS MESSAGE INPUT...: in.json holds INPUT (one argument a line)
expect() {
	local name=$1 want_rc=$2 want=$3 rc got
	shift 3
	n=$((n + 1))
	printf '%s\n' "$@" > in.json
	printf 'old' > out.bin
	"$EXCCTL" compile --output out.bin in.json >/dev/null 2>err.txt
	rc=$?
	got=$(cat err.txt)
	if [ "$rc" = "$want_rc" ] && [ "$got" = "$want" ] && [ "$(cat out.bin)" = old ] &&
	   [ -z "$(ls out.bin.* 2>/dev/null)" ]; then
		echo "ok $n $name"
	else
		echo "not ok $n $name"
		echo "# exit $rc (expected $want_rc)"
		echo "# got:      $got"
		echo "# expected: $want"
		fail=1
	fi
}

SIGS='{"Type": "signatures", "Signatures": ['

# expect_used NAME STATUS MESSAGE SIGNATURE: sigs.json holds the signature
# "a", used by an exception of in.json, so that its record is written.
expect_used() {
	local name=$1 want_rc=$2 want=$3 rc got
	n=$((n + 1))
	printf '%s\n%s\n' "$SIGS" "$4" > sigs.json
	echo '{"Type": "kernel", "Exceptions": [{"originator": "a.sys", "object_type": "msr", "signatures": ["a"]}]}' > in.json
	printf 'old' > out.bin
	"$EXCCTL" compile --output out.bin sigs.json in.json >/dev/null 2>err.txt
	rc=$?
	got=$(cat err.txt)
	if [ "$rc" = "$want_rc" ] && [ "$got" = "$want" ] && [ "$(cat out.bin)" = old ]; then
		echo "ok $n $name"
	else
		echo "not ok $n $name"
		echo "# exit $rc (expected $want_rc)"
		echo "# got:      $got"
		echo "# expected: $want"
		fail=1
	fi
}

echo "TAP version 13"
echo "1..22"

expect "malformed JSON" 1 \
	'excctl compile: in.json:2: invalid JSON: expected '"','"' or '"'}'"'' \
	'{"Type": "kernel", "Exceptions": [' \
	'  {"originator": "a.sys" "object_type": "any"}]}'
expect "empty file" 1 'excctl compile: in.json:2: invalid JSON: the file is empty' ''
expect "unterminated block comment" 1 \
	'excctl compile: in.json:2: invalid JSON: unterminated /* comment' '{"Type": "kernel",' '/* x'
expect "data after the object" 1 \
	'excctl compile: in.json:2: invalid JSON: unexpected data after the top-level value' \
	'{"Type": "kernel", "Exceptions": []}' '{}'
expect "unknown file type" 1 \
	'excctl compile: in.json:1: Type: unknown type "kernal" or no "Exceptions": expected kernel, user, user-apc, user-glob-match or kernel-user with "Exceptions", or "Signatures"' \
	'{"Type": "kernal", "Exceptions": []}'
expect "missing Type" 1 \
	'excctl compile: in.json:1: missing "Type": expected kernel, user, user-apc, user-glob-match or kernel-user' \
	'{"Exceptions": []}'
expect "unknown object type" 1 \
	'excctl compile: in.json:3: Exceptions[1].object_type: unknown object type "drivr"' \
	'{"Type": "kernel", "Exceptions": [{"originator": "a.sys", "object_type": "any"},' \
	'  {"originator": "a.sys",' '   "object_type": "drivr"}]}'
expect "unknown flag" 1 \
	'excctl compile: in.json:2: Exceptions[0].flags: unknown flag "smep" for user exceptions' \
	'{"Type": "user", "Exceptions": [{"originator": "a.exe", "object_type": "any",' \
	'  "flags": "write smep"}]}'
expect "unknown signature flag" 1 \
	'excctl compile: in.json:2: Signatures[0].flags: unknown flag "write" for signatures' \
	"$SIGS" '  {"sig_id": "a", "sig_type": "idt", "entry": 1, "flags": "write"}]}'
expect "missing signature" 1 \
	'excctl compile: in.json:2: Exceptions[0].signatures[0]: unknown signature "nope": expected the sig_id of a signature in this or an earlier file' \
	'{"Type": "kernel", "Exceptions": [' \
	'  {"originator": "a.sys", "object_type": "any", "signatures": ["nope"]}]}'
expect "duplicate signature" 1 \
	'excctl compile: in.json:3: Signatures[1].sig_id: duplicate signature "a"' \
	"$SIGS" '  {"sig_id": "a", "sig_type": "idt", "entry": 1},' \
	'  {"sig_id": "a", "sig_type": "idt", "entry": 2}]}'
expect "unknown signature type" 1 \
	'excctl compile: in.json:2: Signatures[0].sig_type: unknown signature type "process-creations": expected codeblocks, export, value, value-code, idt, version-os, version-intro or process-creation' \
	"$SIGS" '  {"sig_id": "a", "sig_type": "process-creations", "create_mask": []}]}'
expect "bad hash string" 1 \
	'excctl compile: in.json:2: Signatures[0].hashes[0][1]: expected a hexadecimal number, got "0xzz"' \
	"$SIGS" '  {"sig_id": "a", "sig_type": "codeblocks", "score": 1, "hashes": [["12", "0xzz"]]}]}'
expect_used "hash out of range" 1 \
	'excctl compile: sigs.json:2: Signatures[0]: hashes: 4294967296 does not fit in 32 bits' \
	'  {"sig_id": "a", "sig_type": "codeblocks", "score": 1, "hashes": [["0x100000000"]]}]}'
expect_used "entry out of range" 1 \
	'excctl compile: sigs.json:2: Signatures[0]: entry: 256 does not fit in 8 bits' \
	'  {"sig_id": "a", "sig_type": "idt", "entry": 256}]}'
expect_used "score out of range" 1 \
	'excctl compile: sigs.json:2: Signatures[0]: score: 300 does not fit in 8 bits' \
	'  {"sig_id": "a", "sig_type": "value", "score": 300, "hashes": [{"offset": 0, "size": 1, "hash": "0"}]}]}'
expect "offset out of range" 1 \
	'excctl compile: in.json:2: Signatures[0].offset: 40000 is out of range: expected -32768 to 32767' \
	"$SIGS" '  {"sig_id": "a", "sig_type": "value-code", "offset": 40000, "pattern": ["0x1"]}]}'
expect "over-long glob pattern" 1 \
	'excctl compile: in.json:2: Exceptions[0].originator: pattern "averyveryverylongname*" is too long: at most 14 characters, a [class] or ? counting as one' \
	'{"Type": "user-glob-match", "Exceptions": [' \
	'  {"originator": "averyveryverylongname*", "victim": "", "object_type": "any"}]}'
expect "missing victim" 1 \
	'excctl compile: in.json:2: Exceptions[0].victim: missing: object type "driver" needs a victim name' \
	'{"Type": "kernel", "Exceptions": [' '  {"originator": "a.sys", "object_type": "driver"}]}'
expect "obsolete return-drv" 1 \
	'excctl compile: in.json:2: Exceptions[0].flags: "return-drv" is obsolete: use "return"' \
	'{"Type": "kernel", "Exceptions": [' \
	'  {"originator": "a.sys", "object_type": "any", "flags": "return-drv"}]}'
expect "path ending with a separator" 1 \
	'excctl compile: in.json:2: Exceptions[0].originator: path "\x\" ends with a separator: expected a file name after it' \
	'{"Type": "kernel", "Exceptions": [' '  {"originator": "\\x\\", "object_type": "any"}]}'
expect "a string where a list is expected" 1 \
	'excctl compile: in.json:2: Exceptions[0].originator: expected a string, got a list' \
	'{"Type": "kernel", "Exceptions": [' '  {"originator": ["a"], "object_type": "any"}]}'
exit $fail
