#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What operators give excctl, through the binary: numbers as they copy
# them (from /proc/iomem), refused before any connection to the module
# (absent on the host); typos in exception JSON; alert blobs as they paste
# them (wrapped, CRLF, several, standard input); every shared alert's
# exception, compiled from decode's output, allowing the alert's event.
# KTAP.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
EXCCTL=$TOP/ctl/excctl
ALERTS=$(cd "${SHARED:-$TOP/../shared}/alerts" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
. "$TOP/tests/host/ktap.bash"

# "$@" must exit with $want and print exactly $msg on standard error.
fails() {
	local want=$1 msg=$2 got out
	shift 2
	out=$("$@" 2>&1 >/dev/null)
	got=$?
	[ "$got" = "$want" ] && [ "$out" = "$msg" ] && return 0
	echo "# exit $got (expected $want)"
	echo "# got:      $out"
	echo "# expected: $msg"
	return 1
}

blobs=("$ALERTS"/*.b64)
plan $((22 + 2 * ${#blobs[@]}))

# ---- numbers: one syntax, checked before the module is asked
fails 2 "excctl protect: --gpa: 01000000: a leading 0 is ambiguous; write 0x01000000 for hexadecimal or 1000000 for decimal" \
	"$EXCCTL" protect --guest 1 --gpa 01000000 --length 0x1000 --kind km --object km-module
result $? "protect --gpa 01000000 is refused with a hint, without the module"
fails 2 "excctl attach: --pid: \"abc\": expected a decimal number or 0x and a hexadecimal one" \
	"$EXCCTL" attach --pid abc
result $? "attach --pid abc is refused"
fails 2 "excctl module: --length: 0x1000000000000000000: out of range: expected 0 to 18446744073709551615" \
	"$EXCCTL" module --guest 1 --start 0xffffffff81000000 --length 0x1000000000000000000 \
	--kind km --name '[kernel]'
result $? "a number beyond 64 bits is out of range"
fails 2 "excctl protect: --length: 0x100000000: out of range: expected 0 to 4294967295" \
	"$EXCCTL" protect --guest 1 --gpa 0x1000 --length 0x100000000 --kind km --object km-module
result $? "protect --length beyond 32 bits is out of range"
fails 2 "excctl protect: --kind: unknown name \"kernel\": expected km, um, kum, or a number" \
	"$EXCCTL" protect --guest 1 --gpa 0x1000 --length 0x1000 --kind kernel --object km-module
result $? "a value that is not one of the option's names lists them"
out=$("$EXCCTL" add-from-alert --guest 0 --alert-seq 3 2>&1 | head -1)
[ "$out" = "excctl add-from-alert: --guest: 0: out of range: expected 1 to 4294967295" ]
result $? "add-from-alert --guest 0 is refused"
fails 2 "excctl crc32: --initial: -1: out of range: expected 0 to 4294967295" \
	"$EXCCTL" crc32 --initial -1 a
result $? "crc32 --initial -1 is refused"
[ "$("$EXCCTL" crc32 --initial 0x10 a)" = "$("$EXCCTL" crc32 --initial 16 a)" ]
result $? "crc32 --initial 0x10 is 16"
fails 1 "excctl: $tmp: Is a directory" "$EXCCTL" crc32 --file "$tmp"
result $? "crc32 --file DIR is an error naming the cause"

# ---- exception JSON: a typo never widens an exception
cat > exceptions.json <<'JSON'
// evil.sys may patch the kernel's code, if its code is the one signed
{"Type": "kernel", "Exceptions": [
	{"originator": "evil.sys", "object_type": "driver code", "victim": "ntoskrnl.exe",
	 "signaturs": ["codeblocks-sig"]}
]}
JSON
fails 1 "excctl compile: exceptions.json:4: Exceptions[0].signaturs: unknown key in a kernel exception; did you mean \"signatures\"?" \
	"$EXCCTL" compile -o typo.bin exceptions.json
result $? "a misspelt signatures key is an error naming the nearest key"
[ ! -e typo.bin ]
result $? "and nothing is written"

# ---- blobs as people paste them
for f in "${blobs[@]}"; do
	"$EXCCTL" decode --exception --json --file "$f"
done > one-by-one.json
for f in "${blobs[@]}"; do fold -w 76 "$f"; echo; done > wrapped76.b64
cmp -s one-by-one.json <("$EXCCTL" decode --exception --json --file wrapped76.b64)
result $? "several blobs wrapped at 76 columns, one after the other"
for f in "${blobs[@]}"; do echo; fold -w 64 "$f" | sed 's/^/  /; s/$/\r/'; done > wrapped64.b64
cmp -s one-by-one.json <("$EXCCTL" decode --exception --json - < wrapped64.b64)
result $? "wrapped at 64 with CRLF, indentation and blank lines, from standard input"
for f in "${blobs[@]}"; do cat "$f"; echo; done > lines.b64
[ "$("$EXCCTL" decode --alert --file lines.b64 | grep -c '^Raw length:')" = "${#blobs[@]}" ] &&
	cmp -s one-by-one.json <(cat lines.b64 | "$EXCCTL" decode --exception --json -)
result $? "one blob a line, as monitor --b64 writes them: each decoded in turn"
fails 2 "excctl add-from-alert: --context gives one exception its context, and there are ${#blobs[@]} blobs: leave it out, each gets its blob's CRC" \
	"$EXCCTL" add-from-alert --file lines.b64 --context 7
result $? "add-from-alert refuses one --context for several blobs"

# ---- decode --exception --json is compiler input that allows the alert
for f in "${blobs[@]}"; do
	name=$(basename "$f" .b64)
	"$EXCCTL" decode --exception --json --file "$f" |
		"$EXCCTL" compile -o "$name.bin" /dev/stdin
	result $? "$name: decode --exception --json compiles"
	"$EXCCTL" decode --event --file "$f" > "$name.event.json" &&
		"$EXCCTL" eval --offline "$name.bin" "$name.event.json" |
		grep -q '^{"action":"allow","reason":"allowed","exception":{"source":"file","record":0,'
	result $? "$name: its exception allows the alert's event"
done
# A glob pattern holding a quote: eval's JSON escapes it.
cat >glob-quote.json <<'JSON'
{"Type": "user-glob-match", "Exceptions": [{"originator": "we\"ird*", "victim": "*",
 "process": "*", "object_type": "module imports"}]}
JSON
cat >glob-quote.event.json <<'JSON'
{"kind": "um", "originator": "we\"ird.exe", "victim": "m.dll", "process": "p.exe",
 "object": "um-module", "zone_flags": ["imports"], "old": "00", "new": "01"}
JSON
"$EXCCTL" compile --output glob-quote.bin glob-quote.json >/dev/null &&
	"$EXCCTL" eval --offline glob-quote.bin glob-quote.event.json |
	python3 -c 'import json, sys; assert json.load(sys.stdin)["exception"]["originator_name"] == "we\"ird*"'
result $? "eval --offline prints a glob pattern holding a quote as valid JSON"

# The command line itself: a typo gets one line and a hint, not the help.
[ "$("$EXCCTL" lod x 2>&1)" = "excctl: unknown command 'lod'; did you mean 'load'?" ] &&
	! "$EXCCTL" lod x 2>/dev/null
result $? "an unknown command gets one line naming the nearest"

"$EXCCTL" help load | head -1 | grep -qx 'usage: excctl load FILE \[--json\]' &&
	[ "$("$EXCCTL" help load)" = "$("$EXCCTL" load --help)" ] &&
	"$EXCCTL" help | grep -q '^  dump '
result $? "excctl help [COMMAND] is the help of all or of one"

"$EXCCTL" -V | head -1 | grep -q '^excctl [0-9.]* (netlink family kvmexc version 1, exceptions.bin 2\.2)$' &&
	[ "$("$EXCCTL" -V)" = "$("$EXCCTL" --version)" ]
result $? "excctl -V names its version and the ABI it speaks"
# A batch: one command a line, words split as a shell splits them.
printf 'crc32 a\n# a comment\n\ncrc32 "b c"\n' >batch.txt
[ "$("$EXCCTL" -batch batch.txt)" = "$(printf '%s\n' "$("$EXCCTL" crc32 a)" "$("$EXCCTL" crc32 'b c')")" ]
result $? "excctl -batch runs each line's command"

printf 'crc32 a\nnope\ncrc32 b\n' >batch-bad.txt
! "$EXCCTL" -batch batch-bad.txt >out.txt 2>err.txt && [ "$(wc -l <out.txt)" = 1 ] &&
	grep -q "^excctl: batch-bad.txt:2: unknown command 'nope'" err.txt &&
	! "$EXCCTL" -batch - -force <batch-bad.txt >out.txt 2>/dev/null && [ "$(wc -l <out.txt)" = 2 ]
result $? "a failed line stops the batch, naming its line, unless -force"
# compile from standard input to standard output, as a pipe.
"$EXCCTL" compile --output samples.bin "$TOP/samples/linux" >/dev/null &&
	"$EXCCTL" compile --output - - <"$TOP/samples/linux/kernel.json" | cmp -s - samples.bin
result $? "excctl compile --output - - compiles standard input to standard output"
exit $rc
