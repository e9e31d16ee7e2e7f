#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# excctl's host commands under valgrind's memcheck, on the plain build
# (ctl/excctl, no sanitizer): compile of every vector and sample, dump,
# crc32, eval --offline of every example event, a few bad command lines,
# and every host row of Documentation/bad-inputs.rst (tests/bad-inputs/
# check.py with valgrind as the wrapper). A memory error or a leak fails the
# command, and so does an exit status other than the one expected (for the
# table's rows, its exit status and exact messages). KTAP, one result per
# command.
set -u
cd "$(dirname "$0")/../.."
SHARED=${SHARED:-../shared}
VECTORS=$SHARED/vectors
EXCCTL=ctl/excctl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

VG_ERROR=99
cmds=()
wants=()
# add WANT ARGS...: WANT is ok (exit 0) or fail (any other exit)
add() {
	wants+=("$1")
	shift
	cmds+=("$*")
}

for v in $(cd "$VECTORS" && ls -d [0-9][0-9]_*/ | tr -d /); do
	add ok compile --config "$VECTORS/config.json" --build 7 --output "$tmp/$v.bin" \
		"$VECTORS/$v"
	# the module refuses a file of signatures only, and so do dump and eval
	ok=$([ "$v" = 09_only_signatures ] && echo fail || echo ok)
	add "$ok" dump "$VECTORS/$v.bin"
	[ -f "tests/eval/$v.json" ] &&
		add "$ok" eval --offline "$VECTORS/$v.bin" "tests/eval/$v.json"
done
add ok dump "$VECTORS/07_groups.bin" --json
add ok -p dump "$VECTORS/06_signatures.bin"
# a damaged file: the records before the damage, then the error, in one document
add fail dump tests/bad-inputs/bin/truncated-record.bin --json
add ok compile --verbose 2 --output "$tmp/samples.bin" samples/linux
add ok crc32 crc32
add ok crc32 --wide --initial 0 explorer.exe
add ok crc32 --file "$VECTORS/01_kernel.bin"
add ok --help
add ok --version
add fail compile --output "$tmp/none.bin" "$tmp/no-such-dir"
add fail no-such-command
add fail dump
# no module on the host: the netlink path fails cleanly
add fail status

VALGRIND="valgrind -q --tool=memcheck --error-exitcode=$VG_ERROR --leak-check=full
	--show-leak-kinds=definite,indirect,possible
	--errors-for-leak-kinds=definite,indirect,possible"
results=()
for i in "${!cmds[@]}"; do
	# shellcheck disable=SC2086 # the arguments have no spaces
	$VALGRIND "$EXCCTL" ${cmds[$i]} >"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ "$status" = "$VG_ERROR" ] ||
	   { [ "${wants[$i]}" = ok ] && [ "$status" != 0 ]; } ||
	   { [ "${wants[$i]}" = fail ] && [ "$status" = 0 ]; }; then
		results+=("# exit $status, expected ${wants[$i]}")
		mapfile -t -O "${#results[@]}" results < <(head -60 "$tmp/err" | sed 's/^/# /')
		results+=("not ok - excctl ${cmds[$i]}")
	else
		results+=("ok - excctl ${cmds[$i]}")
	fi
done
mapfile -t -O "${#results[@]}" results < <(python3 tests/bad-inputs/check.py \
	--wrapper "$(echo $VALGRIND)" | sed -E 's/^(not ok|ok) [0-9]+/\1 -/; /^(KTAP|1\.\.)/d')

echo "KTAP version 1"
echo "1..$(printf '%s\n' "${results[@]}" | grep -cE '^(not )?ok ')"
n=0
rc=0
for line in "${results[@]}"; do
	case "$line" in
	"not ok - "*) n=$((n + 1)); rc=1; echo "not ok $n ${line#not ok - }" ;;
	"ok - "*) n=$((n + 1)); echo "ok $n ${line#ok - }" ;;
	*) echo "$line" ;;
	esac
done
exit $rc
