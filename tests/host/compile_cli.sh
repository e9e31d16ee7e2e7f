#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# excctl compile, dump and crc32 from the command line: defaults, the
# deterministic directory order, the JSON extensions, --strict, dump's
# output and its errors on malformed files.
set -u
cd "$(dirname "$0")/../.."
EXCCTL=$PWD/ctl/excctl
ROOT=$PWD
VECTORS=$(cd "${SHARED:-../shared}/vectors" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

n=0
fail=0
check() {
	n=$((n + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $n $1"
	else
		echo "not ok $n $1"
		echo "# got:      $2"
		echo "# expected: $3"
		fail=1
	fi
}

echo "TAP version 13"
echo "1..21"

check "crc32 of a string" "$("$EXCCTL" crc32 crc32)" 0x9676dbbc
check "crc32 --wide" "$("$EXCCTL" crc32 --wide a.sys)" 0xb2b55a99
printf crc32 > f.txt
check "crc32 --file" "$("$EXCCTL" crc32 --file f.txt)" 0x9676dbbc
check "crc32 --initial chains" "$("$EXCCTL" crc32 --initial 0x$(printf %x $(( $("$EXCCTL" crc32 1234) ))) 56789)" 0xd202d277

# ./config.json is never read unless named: here one without "[python]",
# which would leave the group unexpanded (1 exception instead of 3)
python3 - "$VECTORS/config.json" <<'PY' > config.json
import json, sys
c = json.load(open(sys.argv[1]))
del c["Groups"]["[python]"]
print(json.dumps(c))
PY
echo '{"Type": "user", "Exceptions": [{"originator": "[python]", "object_type": "process", "victim": "a.exe"}]}' > g.json
"$EXCCTL" compile -o local.bin g.json
check "./config.json is ignored" "$(od -An -tu4 -j12 -N4 local.bin | tr -d ' ')" 3
"$EXCCTL" compile --config config.json -o named.bin g.json
check "--config config.json reads it" "$(od -An -tu4 -j12 -N4 named.bin | tr -d ' ')" 1
rm config.json

# the same tree, created in two orders, gives the same bytes
for d in t1 t2; do mkdir -p $d/a $d/b; done
cp "$VECTORS/01_kernel/signatures.json" t1/b/s.json
cp "$VECTORS/01_kernel/kernel.json" t1/a/k.json
cp "$VECTORS/02_user/signatures.json" t1/a/s2.json
echo '{"Type": "user", "Exceptions": [{"originator": "a.exe", "object_type": "any"}]}' > t1/u.json
cp t1/u.json t2/u.json
cp "$VECTORS/02_user/signatures.json" t2/a/s2.json
cp "$VECTORS/01_kernel/kernel.json" t2/a/k.json
cp "$VECTORS/01_kernel/signatures.json" t2/b/s.json
"$EXCCTL" compile -o t1.bin t1 && "$EXCCTL" compile -o t2.bin t2
check "directory order does not depend on the filesystem" "$(cmp t1.bin t2.bin && echo same)" same

# comments anywhere, // inside strings, trailing commas, any whitespace in flags
cat > ext.json <<'JSON'
/* block */ {"Type": "kernel", "Exceptions": [
	{"originator": "http://a.sys", // a comment
	 "object_type": "any", "flags": " write\t32 ",},
],}
JSON
echo '{"Type": "kernel", "Exceptions": [{"originator": "http://a.sys", "object_type": "any", "flags": "write 32"}]}' > plain.json
"$EXCCTL" compile -o ext.bin ext.json && "$EXCCTL" compile -o plain.bin plain.json
check "comments, trailing commas, whitespace in flags" "$(cmp ext.bin plain.bin && echo same)" same

cat > drop.json <<'JSON'
{"Type": "user-apc", "Exceptions": [
	{"originator": "[office apps]", "victim": "x.exe", "object_type": "apc-thread"}]}
JSON
check "a dropped group exception warns" "$("$EXCCTL" compile -o d.bin drop.json 2>&1; echo $?)" \
	"excctl compile: drop.json:2: Exceptions[0]: warning: group \"[office apps]\" is not expanded for user-apc exceptions: exception dropped
0"
check "--strict refuses it" "$("$EXCCTL" compile --strict -o d2.bin drop.json 2>&1; echo $?; ls d2.bin 2>/dev/null)" \
	"excctl compile: drop.json:2: Exceptions[0]: error: group \"[office apps]\" is not expanded for user-apc exceptions: exception dropped
1"
check "no input" "$("$EXCCTL" compile -o n.bin 2>&1 >/dev/null | head -1; mkdir empty; "$EXCCTL" compile -o n.bin empty 2>&1; echo $?)" \
	"excctl compile: no input: expected at least one JSON file or a directory with some
excctl compile: no input: expected at least one JSON file or a directory with some
2"
check "--build range" "$("$EXCCTL" compile --build 4294967296 g.json 2>&1; echo $?)" \
	"excctl compile: --build: 4294967296: out of range: expected 0 to 4294967295
2"
"$EXCCTL" compile --build 0x10 -o b.bin g.json
check "--build 0x10" "$(od -An -tu4 -j20 -N4 b.bin | tr -d ' ')" 16

# a walk holds no directory open: 300 levels with 64 descriptors
mkdir deep && (cd deep && for i in $(seq 300); do mkdir d && cd d || exit; done &&
	echo '{"Type": "kernel", "Exceptions": [{"originator": "a", "object_type": "any"}]}' > x.json)
check "a tree deeper than the open-file limit" "$(ulimit -n 64; "$EXCCTL" compile -o deep.bin deep 2>&1; echo $?)" "0"
# the bad file of 3000 is named, with its line
mkdir -p big && for i in $(seq 3000); do
	d=big/$((i % 30)) && mkdir -p $d &&
	printf '{"Type": "kernel",\n "Exceptions": [{"originator": "o%d", "object_type": "any"}]}\n' $i > $d/$i.json
done
printf '{"Type": "kernel",\n "Exceptions": [\n  {"originator": "a", "object_type": "any"},\n  {"originator": "b", "object_type": "nope"}]}\n' > big/7/bad.json
check "a bad file in a tree of 3000" "$("$EXCCTL" compile -o big.bin big 2>&1; echo $?)" \
	"excctl compile: big/7/bad.json:4: Exceptions[1].object_type: unknown object type \"nope\"
1"

check "dump" "$("$EXCCTL" dump "$VECTORS/01_kernel.bin" | sed -n 2p)" \
	"#0 @36 kernel  size: 20  originator: 0x00000000 *  path: 0xffffffff  victim: 0x00000000 *  flags: 0x20000006 (32 64 write)  object_type: none (0)  signatures: []"
check "dump --json" "$("$EXCCTL" dump --json "$VECTORS/01_kernel.bin" | python3 -c 'import json,sys; d=json.load(sys.stdin); r=d["records"]; print(d["header"]["signature_count"], r[31]["entry"], r[31]["id"], r[31]["kind"], r[0]["victim"], r[0]["victim_name"], r[0]["flag_names"], r[0]["object_type"], r[0]["object_type_name"])')" \
	"3 3 0x4b000002 idt 0x00000000 * ['32', '64', 'write'] 0 none"
# every record of the vectors, the bad inputs and (after make tests) a file
# of every kind, typed as documented
every=$(ls "$ROOT/build/tests/sizes/every-kind.bin" 2>/dev/null)
check "dump --json: every field as Documentation/compiler.rst gives it" \
	"$(python3 "$ROOT/tests/host/dump_json.py" "$EXCCTL" "$VECTORS"/*.bin \
		"$ROOT"/tests/bad-inputs/bin/*.bin $every 2>&1 >/dev/null; echo $?)" "0"
echo '{"Type": "user-glob-match", "Exceptions": [{"originator": "\u00e9*", "victim": "y", "object_type": "any"}]}' > cut.json
"$EXCCTL" compile -o cut.bin cut.json
# the module cannot load it either: the pattern lost its NUL (stdout: the
# header, dump_damaged.sh checks what comes before the damage)
check "dump refuses a non-ASCII pattern the compiler cut" "$("$EXCCTL" dump cut.bin 2>&1 >/dev/null; echo $?)" \
	"excctl dump: cut.bin: record 0 at offset 0x24: glob process pattern is not NUL-terminated in the record
1"
head -c 100 "$VECTORS/01_kernel.bin" > trunc.bin
check "dump of a truncated file" "$("$EXCCTL" dump trunc.bin 2>&1 >/dev/null; echo $?)" \
	"excctl dump: trunc.bin: record 2 at offset 0x52: record of type 1 and 20 bytes runs past the end of the file
1"
printf 'EXNA' > short.bin
check "dump of a short header" "$("$EXCCTL" dump short.bin 2>&1; echo $?)" \
	"excctl dump: short.bin: file of 4 bytes is shorter than its header
1"
exit $fail
