#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# excctl's JSON on the host: every document has the fields
# Documentation/excctl-json.rst gives (tests/host/json_fields.py checks
# them), -j and -p before any command, and the JSON error object of a
# command that fails under --json. The module's documents are checked in
# the test VM (tests/kselftest/excctl.sh, monitor_burst.sh).
cd "$(dirname "$0")/../.." || exit 1
. tests/host/ktap.bash
EXCCTL=$PWD/ctl/excctl
fields=$PWD/tests/host/json_fields.py
VECTORS=$PWD/../shared/vectors

echo "KTAP version 1"

echo '{"guest": "1", "unknown_field": 0}' | $fields 2>/dev/null
[ $? = 1 ]
result $? "the field checker refuses a field the documentation lacks and a wrong type"

ok=0
for event in tests/eval/*.json; do
	name=$(basename "$event" .json)
	[ -s "tests/eval/$name.out" ] || continue
	"$EXCCTL" eval --offline "$VECTORS/$name.bin" "$event" 2>/dev/null | $fields || ok=1
done
result $ok "eval's documents have the documented fields, for every vector's event"

compact=$("$EXCCTL" eval --offline "$VECTORS/01_kernel.bin" tests/eval/01_kernel.json)
pretty=$("$EXCCTL" -p eval --offline "$VECTORS/01_kernel.bin" tests/eval/01_kernel.json)
[ "$(echo "$pretty" | wc -l)" -gt 5 ] &&
	python3 -c 'import json, sys; assert json.loads(sys.argv[1]) == json.loads(sys.argv[2])' \
		"$compact" "$pretty"
result $? "-p indents the same document eval prints on one line"

# Without kvmexc.ko (never loaded on a build host) the module's commands fail.
if [ -e /sys/module/kvmexc ]; then
	skip "the module's commands fail under --json with an error object" "kvmexc.ko is loaded"
else
	ok=0
	for cmd in "status --json" "list --json" "guests --json" "-j flush" \
		   "load $VECTORS/01_kernel.bin --json" "-j remove --context 1"; do
		# shellcheck disable=SC2086
		out=$("$EXCCTL" $cmd 2>/dev/null)
		rc=$?
		echo "$out" | $fields && echo "$out" | python3 -c 'import json, sys
e = json.load(sys.stdin)
assert e["status"] == int(sys.argv[1]) != 0 and "kvmexc.ko" in e["error"], e' "$rc" ||
			{ echo "# $cmd: $out"; ok=1; }
	done
	result $ok "the module's commands fail under --json with an error object naming the cause"
fi

out=$("$EXCCTL" -j load 2>/dev/null)
[ $? = 2 ] && echo "$out" | python3 -c 'import json, sys
e = json.load(sys.stdin)
assert e["command"] == "load" and e["status"] == 2 and "FILE" in e["error"], e'
result $? "a command-line error under -j is a JSON error object with status 2"

out=$("$EXCCTL" -j eval --offline /nonexistent.bin tests/eval/01_kernel.json 2>/dev/null)
[ $? = 1 ] && echo "$out" | python3 -c 'import json, sys
e = json.load(sys.stdin)
assert "/nonexistent.bin" in e["error"], e'
result $? "an error object names the file at fault"

"$EXCCTL" -j decode --alert --file "$(ls ../shared/alerts/*.b64 | head -1)" |
	python3 -c 'import json, sys; json.load(sys.stdin)' &&
	"$EXCCTL" -p decode --event --file "$(ls ../shared/alerts/*.b64 | head -1)" |
	python3 -c 'import json, sys; json.load(sys.stdin)'
result $? "decode under -j and -p prints JSON"

echo "1..$n"
