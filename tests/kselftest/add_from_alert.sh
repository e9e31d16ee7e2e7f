#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The add-from-alert cycle with a real guest, in the test VM: a write by
# code of no module is denied and alerted; the alert's blob decodes; the
# exception it asks for, added for that guest, allows the next such write;
# removed, the write is denied again; a guest's added exceptions are its own.
cd "$(dirname "$0")/../.." || exit 1
excctl=./ctl/excctl
out=$(mktemp -d)
. tests/host/ktap.bash

# One write by the guest's rogue code; the VMM's line about it.
guest_write() {
	echo write >&"${VMM[1]}"
	read -r -t 30 line <&"${VMM[0]}"
	echo "$line"
}

echo "KTAP version 1"
$excctl flush >/dev/null
$excctl compile --output "$out/exceptions.bin" samples/linux >/dev/null &&
	$excctl load "$out/exceptions.bin" >/dev/null
result $? "the Linux samples load"

coproc VMM { build/tests/kvm/demo_vmm; }
vmm_job=$VMM_PID
read -r -t 30 info <&"${VMM[0]}"
read -r -t 30 _ <&"${VMM[0]}"
eval "$(echo "$info" | tr ' ' '\n' | grep '=' | sed 's/^/vmm_/')"
guest=$($excctl attach --pid "$vmm_pid" --os linux --policy enforce | awk '{ print $2 }')
$excctl module --guest "$guest" --start "$vmm_driver" --length 64 --kind km \
	--name demo_drv >/dev/null &&
	$excctl protect --guest "$guest" --gpa "$vmm_data" --length 8 --kind km \
		--object km-module --zone-flags data --victim victim_mod --gva "$vmm_data" >/dev/null
result $? "the guest is attached, its driver named and its data protected"

$excctl monitor --b64 >"$out/blobs" 2>"$out/monitor.err" &
monitor=$!
wait_for "$out/monitor.err" "listening"
echo go >&"${VMM[1]}"
read -r -t 30 line <&"${VMM[0]}"
echo "# $line"
[[ $line == *"data is now 0x1111111111111111" ]]
result $? "demo_drv's write is allowed by the samples"

line=$(guest_write)
echo "# $line"
[[ $line == *"data is now 0x1111111111111111" ]]
result $? "a write by code of no module is denied and undone"
# The denied write's alert is sent after the VMM told of the write.
wait_for "$out/blobs" .
kill "$monitor"
wait "$monitor" 2>/dev/null

[ "$(wc -l <"$out/blobs")" = 1 ] && $excctl decode --alert --file "$out/blobs" >"$out/alert" &&
	grep -q "victim_mod" "$out/alert" && grep -q "0x6666666666666666" "$out/alert"
result $? "its alert carries a blob that decodes, with the victim and the new value"

$excctl decode --exception --file "$out/blobs" >"$out/exception" &&
	grep -q '"victim": "victim_mod"' "$out/exception" &&
	grep -q '"object_type": "driver data"' "$out/exception"
result $? "the blob asks for an exception for victim_mod's data"

$excctl add-from-alert --alert-seq 1 --guest "$guest" | grep -q "context 1 for guest $guest" &&
	$excctl list | grep -q "context=1 guest=$guest"
result $? "add-from-alert --alert-seq adds it for the guest, with the alert's number as context"

line=$(guest_write)
echo "# $line"
[[ $line == *"data is now 0x7777777777777777" ]]
result $? "the same write is allowed now"

$excctl remove --context 1 >/dev/null && line=$(guest_write) && echo "# $line" &&
	[[ $line == *"data is now 0x7777777777777777" ]]
result $? "removed, the write is denied again"

! $excctl add-from-alert --alert-seq 999 --guest "$guest" 2>"$out/err" &&
	grep -q "SEQ: the guest keeps no such alert" "$out/err"
result $? "add-from-alert of an alert the guest no longer keeps fails, saying why"

$excctl add-from-alert --file "$out/blobs" --guest "$guest" >/dev/null &&
	$excctl flush --guest "$guest" >/dev/null &&
	$excctl status --json | grep -q '"added_exceptions":0'
result $? "flush --guest removes the guest's added exceptions"

$excctl add-from-alert --file "$out/blobs" --guest "$guest" >/dev/null &&
	echo exit >&"${VMM[1]}" && wait "$vmm_job"; sleep 1
$excctl status --json | grep -q '"added_exceptions":0'
result $? "a guest's added exceptions go when its VMM exits"

rm -rf "$out"
echo "1..$n"
exit $rc
