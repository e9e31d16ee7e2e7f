#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms.conf builds and installs the module: DKMS runs against the installed
# Debian headers with its trees in a scratch directory, so the host's
# /var/lib/dkms and /lib/modules are left alone.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
KVER=$(scripts/kernel-version)
version=$(cat VERSION)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

echo "KTAP version 1"
echo "1..3"
rc=0
result() {
	if [ "$1" = 0 ]; then echo "ok $2 $3"; else echo "not ok $2 $3"; rc=1; fi
}

grep -q "^PACKAGE_VERSION=\"$version\"$" dkms.conf
result $? 1 "dkms.conf carries the version in VERSION ($version)"

src=$scratch/src/kvmexc-$version
mkdir -p "$src" "$scratch/dkms" "$scratch/lib/$KVER"
git ls-files --cached --others --exclude-standard -- Kbuild VERSION dkms.conf kmod uapi |
	xargs -I{} cp --parents {} "$src"
dkms="dkms --sourcetree $scratch/src --dkmstree $scratch/dkms --installtree $scratch/lib
	--kernelsourcedir /lib/modules/$KVER/build -k $KVER -m kvmexc -v $version"
if $dkms add >"$scratch/log" 2>&1 && $dkms build >>"$scratch/log" 2>&1; then
	built=$(find "$scratch/dkms" -name kvmexc.ko | head -n 1)
	[ -n "$built" ] && modinfo -F version "$built" | grep -qx "$version"
	result $? 2 "dkms add and build kvmexc/$version for $KVER"
else
	sed 's/^/# /' "$scratch/log"
	result 1 2 "dkms add and build kvmexc/$version for $KVER"
fi

if $dkms install --no-depmod >>"$scratch/log" 2>&1; then
	# Debian's DKMS always installs to updates/dkms, others to extra/.
	[ -n "$(find "$scratch/lib/$KVER" -name kvmexc.ko)" ]
	result $? 3 "dkms install puts the module in the kernel's module tree"
else
	sed 's/^/# /' "$scratch/log"
	result 1 3 "dkms install puts the module in the kernel's module tree"
fi
exit $rc
