#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# excctl dump of damaged files: a compiled file larger than dump's window,
# cut in the middle of a record and with a record's length changed, from a
# file and from standard input. The records before the damage are printed,
# none after it; the loader's message names the record and its byte offset,
# and the exit status is 1. KTAP.
set -u
cd "$(dirname "$0")/../.."
EXCCTL=$PWD/ctl/excctl
. tests/host/ktap.bash
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

# 20 000 exceptions, 600 KB: the window slides over it
python3 - <<'PY' > big.json
import json
excs = [{"originator": "drv%05d.sys" % i, "object_type": "driver", "victim": "v%d.sys" % i}
        for i in range(20000)]
print(json.dumps({"Type": "kernel", "Exceptions": excs}))
PY
"$EXCCTL" compile -o big.bin big.json || exit 1
"$EXCCTL" dump big.bin > full.txt

# record N's offset, from the dump of the intact file
offset_of() {
	sed -n "$(($1 + 2))p" full.txt | sed 's/^#[0-9]* @\([0-9]*\) .*/\1/'
}

# expect NAME FILE N MESSAGE: records 0..N-1 on stdout, then the error
expect() {
	local out err status
	out=$("$EXCCTL" dump "$2" 2> err.txt < "${4:-/dev/null}")
	status=$?
	err=$(cat err.txt)
	[ "$out" = "$(head -n $(($3 + 1)) full.txt)" ] && [ $status = 1 ] &&
		[ "$err" = "$5" ]
	result $? "$1"
	[ "$out" = "$(head -n $(($3 + 1)) full.txt)" ] || echo "# stdout: $(echo "$out" | tail -1)"
	[ "$err" = "$5" ] || echo "# stderr: $err"
}

# expect_json NAME FILE N: --json (and -p): a document of records 0..N-1,
# then the error of stderr with record N and its offset; exit status 1
expect_json() {
	local status
	"$EXCCTL" dump --json "$2" > doc.json 2> err.txt
	status=$?
	"$EXCCTL" -p dump "$2" > pretty.json 2> /dev/null
	python3 - "$3" "$(offset_of "$3")" "$(cat err.txt)" <<'PY'
import json, sys
doc, pretty = json.load(open("doc.json")), json.load(open("pretty.json"))
rec, off, err = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
assert doc == pretty, "-p prints another document"
assert [r["record"] for r in doc["records"]] == list(range(rec)), len(doc["records"])
assert (doc["error"], doc["messages"], doc["status"]) == (err, [err], 1), doc["error"]
assert (doc["record"], doc["offset"]) == (rec, off), (doc["record"], doc["offset"])
PY
	[ $? = 0 ] && [ $status = 1 ]
	result $? "$1"
}

plan 7

[ "$(wc -l < full.txt)" = 20001 ] && [ "$("$EXCCTL" dump - < big.bin | cmp - full.txt && echo same)" = same ]
result $? "an intact file: every record, from a file and from standard input"

rec=12345
off=$(offset_of $rec)
head -c $((off + 10)) big.bin > cut.bin
msg="record $rec at offset $(printf 0x%x "$off"): record of type 1 and 20 bytes runs past the end of the file"
expect "cut in the middle of record $rec" cut.bin $rec "" "excctl dump: cut.bin: $msg"
expect "the same from standard input" - $rec cut.bin "excctl dump: -: $msg"
expect_json "--json: a document of the records before record $rec, then the error" cut.bin $rec

rec=7000
off=$(offset_of $rec)
cp big.bin long.bin
# the size field (le16 after the type byte) of the record: 20 becomes 24
printf '\x18' | dd of=long.bin bs=1 seek=$((off + 1)) conv=notrunc status=none
expect "record $rec's length changed" long.bin $rec "" \
	"excctl dump: long.bin: record $rec at offset $(printf 0x%x "$off"): kernel exception declares 0 signatures but its size is 24"

rec=19999
off=$(offset_of $rec)
head -c $((off + 2)) big.bin > header.bin
expect "cut in the last record's header" header.bin $rec "" \
	"excctl dump: header.bin: record $rec at offset $(printf 0x%x "$off"): 2 bytes left, too few for a record header"
expect_json "--json: the same of the cut header" header.bin $rec
exit $rc
