#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# excctl's host commands under valgrind's memcheck, on the plain build
# (ctl/excctl, no sanitizer): compile of every vector and sample, dump,
# crc32, eval --offline of every example event, and the bad inputs of
# tests/bad-inputs. A memory error or a leak fails the command, and so does
# an exit status other than the one expected (0 for good input, non-zero
# for bad). KTAP, one result per command.
set -u
shopt -s nullglob
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
	add ok dump "$VECTORS/$v.bin"
	add ok dump "$VECTORS/$v.bin" --json
	[ -f "tests/eval/$v.json" ] &&
		add ok eval --offline "$VECTORS/$v.bin" "tests/eval/$v.json"
done
add ok compile --verbose 2 --output "$tmp/samples.bin" samples/linux
add ok crc32 crc32
add ok crc32 --wide --initial 0 explorer.exe
add ok crc32 --file "$VECTORS/01_kernel.bin"
add ok --help
add ok --version
for f in tests/bad-inputs/json/*.json; do
	add fail compile --output "$tmp/bad.bin" "$f"
done
for f in tests/bad-inputs/bin/*.bin; do
	add fail dump "$f"
done
for f in tests/bad-inputs/event/*.json; do
	add fail eval --offline "$VECTORS/01_kernel.bin" "$f"
done
add fail compile --output "$tmp/none.bin" "$tmp/no-such-dir"
add fail no-such-command
add fail dump
# no module on the host: the netlink path fails cleanly
add fail status

echo "KTAP version 1"
echo "1..${#cmds[@]}"
rc=0
for i in "${!cmds[@]}"; do
	n=$((i + 1))
	# shellcheck disable=SC2086 # the arguments have no spaces
	valgrind -q --tool=memcheck --error-exitcode=$VG_ERROR --leak-check=full \
		--show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible \
		"$EXCCTL" ${cmds[$i]} >"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ "$status" = "$VG_ERROR" ] ||
	   { [ "${wants[$i]}" = ok ] && [ "$status" != 0 ]; } ||
	   { [ "${wants[$i]}" = fail ] && [ "$status" = 0 ]; }; then
		echo "# exit $status, expected ${wants[$i]}"
		head -60 "$tmp/err" | sed 's/^/# /'
		echo "not ok $n excctl ${cmds[$i]}"
		rc=1
	else
		echo "ok $n excctl ${cmds[$i]}"
	fi
done
exit $rc
