#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make install and make uninstall honour DESTDIR and PREFIX; excctl(8) and
# the bash completion go where man and bash-completion look for them.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
KVER=$(scripts/kernel-version)
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT

echo "KTAP version 1"
echo "1..4"
rc=0
result() {
	if [ "$1" = 0 ]; then echo "ok $2 $3"; else echo "not ok $2 $3"; rc=1; fi
}

make -s install DESTDIR="$dest" PREFIX=/opt/kvmexc >"$dest.log" 2>&1
result $? 1 "make install DESTDIR=... PREFIX=/opt/kvmexc"

[ -f "$dest/lib/modules/$KVER/extra/kvmexc.ko" ] && [ -x "$dest/opt/kvmexc/sbin/excctl" ] &&
	cmp -s data/config.json "$dest/opt/kvmexc/share/kvmexc/config.json" &&
	"$dest/opt/kvmexc/sbin/excctl" --version | grep -q "$(cat VERSION)"
result $? 2 "the module, a working excctl and its configuration are where they belong"

share=$dest/opt/kvmexc/share
cmp -s build/excctl.8 "$share/man/man8/excctl.8" &&
	cmp -s build/excctl.bash "$share/bash-completion/completions/excctl"
result $? 3 "excctl(8) and the bash completion are installed"

make -s uninstall DESTDIR="$dest" PREFIX=/opt/kvmexc >>"$dest.log" 2>&1 &&
	[ -z "$(find "$dest" -type f)" ]
result $? 4 "make uninstall removes every installed file"
rm -f "$dest.log"
exit $rc
