#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kvmexc.service in the test VM. The VM has no systemd as PID 1, so this
# runs what the unit's ExecStart, ExecReload and ExecStop lines run,
# service/kvmexc-service start|reload|stop, and service/kvmexc-added, with
# every path moved by the environment into a scratch directory (the
# configuration, the state) and the tree's excctl and kvmexc.ko in place of
# the installed ones. What only systemd does, the unit file itself, is
# checked on the host by systemd-analyze verify (tests/host/deb.sh).
#
# start loads the module and the set of exceptions.d; reload with a good
# change puts the new set in force; a bad file fails the reload, names the
# file and leaves the old set; the prebuilt exceptions.bin wins; exceptions
# kept by kvmexc-added survive stop and start; stop detaches and unloads.
cd "$(dirname "$0")/../.." || exit 1
. tests/host/ktap.bash
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
excctl=$PWD/ctl/excctl
export KVMEXC_EXCCTL=$excctl
export KVMEXC_MODULE=$PWD/kvmexc.ko
export KVMEXC_LIB_DIR=$PWD/service
export KVMEXC_CONF_DIR=$scratch/etc
export KVMEXC_STATE_DIR=$scratch/var
service=service/kvmexc-service
added=service/kvmexc-added
conf=$KVMEXC_CONF_DIR/exceptions.d
mkdir -p "$conf"

# status --json's FIELD; total: the exceptions of the loaded file.
# The added ones are counted by their contexts in list --json.
status() {
	$excctl status --json | python3 -c 'import json, sys
s = json.load(sys.stdin)
kinds = ("kernel", "user", "kernel_user", "glob")
print(sum(s.get(k, 0) for k in kinds) if sys.argv[1] == "total" else s[sys.argv[1]])' "$1"
}

contexts() {
	$excctl list --json | python3 -c 'import json, sys
print(" ".join(str(c) for c in sorted({e["context"] for e in json.load(sys.stdin) if "context" in e})))'
}

echo "KTAP version 1"

# The module tests/vm/init loaded, with what earlier tests left in it, goes.
$service stop && [ ! -d /sys/module/kvmexc ]
result $? "stop unloads the module"

cp samples/linux/kernel.json "$conf/"
$service start >"$scratch/out" && [ -d /sys/module/kvmexc ] &&
	[ "$(status loaded)" = True ] && [ "$(status total)" = 4 ] &&
	[ -f "$KVMEXC_STATE_DIR/exceptions.bin" ]
result $? "start loads the module and the 4 exceptions of exceptions.d"
sed 's/^/# /' "$scratch/out"

cp tests/kselftest/data/added-exception.json "$conf/more.json"
$service reload >/dev/null && [ "$(status total)" = 5 ]
result $? "reload with one more exception puts the 5 in force"

cp "$KVMEXC_STATE_DIR/exceptions.bin" "$scratch/good.bin"
echo '{ "Type": "kernel", "Exceptions": [ { "originator": ' >"$conf/broken.json"
! $service reload 2>"$scratch/err" && grep -q "$conf/broken.json" "$scratch/err" &&
	[ "$(status total)" = 5 ] && cmp -s "$scratch/good.bin" "$KVMEXC_STATE_DIR/exceptions.bin" &&
	[ ! -e "$KVMEXC_STATE_DIR/exceptions.bin.new" ]
result $? "reload with a bad file fails naming it, and the 5 stay in force"
sed 's/^/# /' "$scratch/err"
rm "$conf/broken.json"

prebuilt=../shared/vectors/01_kernel.bin
cp "$prebuilt" "$KVMEXC_CONF_DIR/exceptions.bin"
$service reload >/dev/null && cmp "$prebuilt" "$KVMEXC_STATE_DIR/exceptions.bin" &&
	total=$(status total) && $excctl load "$prebuilt" >/dev/null &&
	echo "# the prebuilt file: $total exceptions" &&
	[ "$total" = "$(status total)" ] && [ "$total" != 5 ]
result $? "a prebuilt exceptions.bin is loaded in place of exceptions.d"
rm "$KVMEXC_CONF_DIR/exceptions.bin"
$service reload >/dev/null

blob=$(head -n 1 ../shared/alerts/lix_km_write_kernel_code.b64)
$added add tests/kselftest/data/added-exception.json --context 42 >/dev/null &&
	$added add-from-alert "$blob" --context 43 >/dev/null &&
	[ "$(contexts)" = "42 43" ] && [ "$($added list | tr '\n' ' ')" = "42 43 " ] &&
	[ -z "$(find "$KVMEXC_STATE_DIR/added" -name '*.json.*')" ]
result $? "kvmexc-added adds and keeps an exception from a file and one from an alert"

! $added add tests/kselftest/data/added-exception.json --context 42 2>/dev/null &&
	[ "$(contexts)" = "42 43" ]
result $? "kvmexc-added refuses a context it keeps already"

$excctl add tests/kselftest/data/added-exception.json --context 77 >/dev/null
$service stop 2>"$scratch/err" && [ ! -d /sys/module/kvmexc ] &&
	grep -q "context 77 was not added with kvmexc-added" "$scratch/err"
result $? "stop unloads, naming the exception it will not restore"

$service start >/dev/null && [ "$(contexts)" = "42 43" ] && [ "$(status total)" = 5 ]
result $? "after stop and start, the kept exceptions and the set are in force again"

$added remove --context 43 >/dev/null && [ "$(contexts)" = 42 ] &&
	$service stop && $service start >/dev/null && [ "$(contexts)" = 42 ]
result $? "kvmexc-added remove takes one out, for good"

# A guest attached when the service stops is detached, and its VMM runs on.
coproc VMM { build/tests/kvm/demo_vmm; }
vmm_job=$VMM_PID
read -r -t 30 info <&"${VMM[0]}"
read -r -t 30 _ <&"${VMM[0]}"
vmm_pid=$(echo "$info" | tr ' ' '\n' | sed -n 's/^pid=//p')
$excctl attach --pid "$vmm_pid" --os linux >/dev/null &&
	[ "$($excctl guests --json | grep -o '"guest":' | wc -l)" = 1 ] &&
	$service stop && [ ! -d /sys/module/kvmexc ] && kill -0 "$vmm_job"
result $? "stop detaches the attached guest and unloads"
kill "$vmm_job"
wait "$vmm_job" 2>/dev/null

! $service reload 2>"$scratch/err" && grep -q "not loaded" "$scratch/err"
result $? "reload of a stopped service fails, saying why"

rm "$conf"/*.json
$service start >"$scratch/out" && grep -q "log-only" "$scratch/out" &&
	[ "$(status loaded)" = False ] && [ "$(contexts)" = 42 ]
result $? "start with no exceptions configured: log-only, the kept exception added"
$service stop

# Later tests find the module as tests/vm/init left it: loaded, empty.
insmod kvmexc.ko
echo "1..$n"
exit $rc
