#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# excctl compile against the golden vectors: each shared/vectors/NN_name/
# compiled with --build 7 must equal NN_name.bin byte for byte, with the
# vectors' config.json and with the built-in default configuration.
set -u
cd "$(dirname "$0")/../.."
EXCCTL=$PWD/ctl/excctl
VECTORS=${SHARED:-../shared}/vectors
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

vectors=$(cd "$VECTORS" && ls -d [0-9][0-9]_*/ | tr -d /)
echo "TAP version 13"
echo "1..$(( $(echo "$vectors" | wc -l) * 2 ))"
n=0
fail=0
for v in $vectors; do
	for mode in config builtin; do
		n=$((n + 1))
		out=$tmp/$v.$mode.bin
		if [ $mode = config ]; then
			(cd "$VECTORS" && "$EXCCTL" compile --build 7 --config config.json \
				--output "$out" "$v") >"$tmp/log" 2>&1
		else
			# no --config and no ./config.json: the embedded copy
			(cd "$tmp" && "$EXCCTL" compile --build 7 --output "$out" \
				"$OLDPWD/$VECTORS/$v") >"$tmp/log" 2>&1
		fi
		if cmp -s "$out" "$VECTORS/$v.bin"; then
			echo "ok $n $v ($mode)"
		else
			echo "not ok $n $v ($mode)"
			sed 's/^/# /' "$tmp/log"
			cmp "$out" "$VECTORS/$v.bin" 2>&1 | sed 's/^/# /'
			fail=1
		fi
	done
done
exit $fail
