#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make install and make uninstall honour DESTDIR and PREFIX.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
KVER=$(scripts/kernel-version)
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT

echo "KTAP version 1"
echo "1..3"
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

make -s uninstall DESTDIR="$dest" PREFIX=/opt/kvmexc >>"$dest.log" 2>&1 &&
	[ -z "$(find "$dest" -type f)" ]
result $? 3 "make uninstall removes every installed file"
rm -f "$dest.log"
exit $rc
