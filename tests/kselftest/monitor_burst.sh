#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# excctl monitor under a flood of alerts, in the test VM: a guest under the
# log-only policy writes its protected data thousands of times at once.
# With its own receive buffer, monitor shows every alert the module sent;
# with a tiny one, it fetches again what its socket lost while the module
# still keeps it, and its count of what is lost for good agrees with the
# module's. The bash completion offers that guest's VMM to attach and its
# id to the guest commands. KTAP.
cd "$(dirname "$0")/../.." || exit 1
excctl=./ctl/excctl
out=$(mktemp -d)
. tests/host/ktap.bash
WRITES=${BURST_WRITES:-3000}

# guest_counter NAME: that counter of our guest in excctl guests --json.
guest_counter() {
	$excctl guests --json | python3 -c "import json, sys
print([g for g in json.load(sys.stdin) if g['guest'] == $guest][0]['$1'])"
}

# Waits until the module has sent every alert of the burst: one leaves its
# queue once it is in every listener's socket, or lost by it.
settle() {
	local i
	for i in $(seq 300); do
		[ "$(guest_counter queued)" = 0 ] && return 0
		sleep 0.2
	done
	echo "# the module still holds $(guest_counter queued) alerts"
}

# burst NAME WRITES [MONITOR OPTIONS]: a burst of WRITES writes seen by one
# monitor; NAME.json and NAME.err hold what it printed.
burst() {
	local name=$1 writes=$2
	shift 2
	$excctl monitor --json "$@" >"$out/$name.json" 2>"$out/$name.err" &
	monitor=$!
	wait_for "$out/$name.err" "listening"
	echo "burst $writes" >&"${VMM[1]}"
	read -r -t 120 _ <&"${VMM[0]}"
	settle
	kill -INT "$monitor"
	wait "$monitor"
}

# The counts monitor ended with: "shown fetched lost dropped".
summary() {
	sed -n 's/^excctl monitor: \([0-9]*\) alerts shown, \([0-9]*\) of them .*; \([0-9]*\) lost for good; \([0-9]*\) dropped.*/\1 \2 \3 \4/p' \
		"$out/$1.err"
}

echo "KTAP version 1"
coproc VMM { build/tests/kvm/demo_vmm; }
read -r -t 30 info <&"${VMM[0]}"
read -r -t 30 _ <&"${VMM[0]}"
eval "$(echo "$info" | tr ' ' '\n' | grep '=' | sed 's/^/vmm_/')"
guest=$($excctl attach --pid "$vmm_pid" --os linux --policy log-only | awk '{ print $2 }')
$excctl protect --guest "$guest" --gpa "$vmm_data" --length 8 --kind km \
	--object km-module --zone-flags data --victim victim_mod --gva "$vmm_data" >/dev/null &&
	echo go >&"${VMM[1]}" && read -r -t 30 _ <&"${VMM[0]}"
result $? "a log-only guest with protected data"

# What bash completes after "excctl $*" (the last word being completed).
complete_words() {
	PATH=$PWD/ctl:$PATH bash -c 'source build/excctl.bash; COMP_WORDS=(excctl "$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _excctl; printf "%s\n" "${COMPREPLY[@]}"' - "$@"
}
complete_words attach --pid "" | grep -qx "$vmm_pid" &&
	complete_words protect --guest "" | grep -qx "$guest"
result $? "the completion offers the VMM's pid to attach and the guest's id to protect"

sent0=$(guest_counter alerts)
burst roomy "$WRITES"
sent=$(($(guest_counter alerts) - sent0))
read -r shown fetched lost _ <<<"$(summary roomy)"
echo "# $WRITES writes: the module sent $sent alerts; monitor showed $shown, fetched $fetched, lost $lost"
[ "$sent" -gt 64 ] && [ "$(wc -l <"$out/roomy.json")" = "$sent" ] && [ "$shown" = "$sent" ] &&
	[ "$lost" = 0 ] && [ "$(guest_counter undelivered)" = 0 ]
result $? "monitor shows every alert of a burst of $WRITES writes"

python3 -c 'import datetime, json, sys
alerts = [json.loads(l) for l in open(sys.argv[1])]
seqs = [a["seq"] for a in alerts]
assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
times = [datetime.datetime.strptime(a["time"][:26], "%Y-%m-%dT%H:%M:%S.%f") for a in alerts]
assert times == sorted(times)
assert abs((datetime.datetime.utcnow() - times[0]).total_seconds()) < 600' "$out/roomy.json"
result $? "its alerts come in order, none twice, stamped with the time of their decision"

tests/host/json_fields.py <"$out/roomy.json" && $excctl guests --json | tests/host/json_fields.py
result $? "monitor --json and guests --json have the fields the documentation gives"

sent0=$(guest_counter alerts)
undelivered0=$(guest_counter undelivered)
burst tiny "$WRITES" --rcvbuf 4096
sent=$(($(guest_counter alerts) - sent0))
undelivered=$(($(guest_counter undelivered) - undelivered0))
read -r shown fetched lost _ <<<"$(summary tiny)"
echo "# tiny buffer: sent $sent, undelivered $undelivered; monitor showed $shown, fetched $fetched, lost $lost"
# Whether a lost alert can still be fetched depends on how far monitor lags
# (the module keeps its last 32): every one is either fetched or counted.
[ "$undelivered" -gt 0 ] && [ $((shown + lost)) = "$sent" ] &&
	[ $((fetched + lost)) = "$undelivered" ] && [ "$(wc -l <"$out/tiny.json")" = "$shown" ]
result $? "with a tiny buffer, what the socket lost is fetched again or counted as lost"

# Fewer alerts than the module keeps, and tokens for all of them: whatever
# the socket lost, monitor fetches again.
sleep 1
undelivered0=$(guest_counter undelivered)
burst small 20 --rcvbuf 4096
undelivered=$(($(guest_counter undelivered) - undelivered0))
read -r shown fetched lost _ <<<"$(summary small)"
echo "# 20 writes, tiny buffer: undelivered $undelivered; monitor showed $shown, fetched $fetched, lost $lost"
[ "$undelivered" -gt 0 ] && [ "$shown" = 20 ] && [ "$fetched" = "$undelivered" ] && [ "$lost" = 0 ]
result $? "a burst smaller than what the module keeps is shown whole, what the socket lost fetched again"

$excctl status | grep -q "alerts lost: .* by a listener's full socket" &&
	[ "$($excctl status --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["alerts_undelivered"])')" -ge "$undelivered" ]
result $? "excctl status counts the alerts listeners lost"

echo exit >&"${VMM[1]}"
wait "$VMM_PID" 2>/dev/null
rm -rf "$out"
echo "1..$n"
exit $rc
