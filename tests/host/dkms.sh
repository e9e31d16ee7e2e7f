#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms.conf builds and installs the module for each of Debian's kernel lines
# (KERNEL_LINES, default "6.1 6.12"): DKMS runs against the installed Debian
# headers with its trees in a scratch directory, so the host's /var/lib/dkms
# and /lib/modules are left alone.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
version=$(cat VERSION)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

read -r -a lines <<< "${KERNEL_LINES:-6.1 6.12}"
echo "KTAP version 1"
echo "1..$((1 + 2 * ${#lines[@]}))"
rc=0
result() {
	if [ "$1" = 0 ]; then echo "ok $2 $3"; else echo "not ok $2 $3"; rc=1; fi
}

grep -q "^PACKAGE_VERSION=\"$version\"$" dkms.conf
result $? 1 "dkms.conf carries the version in VERSION ($version)"

src=$scratch/src/kvmexc-$version
mkdir -p "$src" "$scratch/dkms"
git ls-files --cached --others --exclude-standard -- Kbuild VERSION dkms.conf kmod uapi |
	xargs -I{} cp --parents {} "$src"

# Adds (once), builds and installs for KVER, results N and N + 1.
dkms_kernel() {
	local KVER=$1 n=$2 dkms built
	local log=$scratch/$KVER.log

	mkdir -p "$scratch/lib/$KVER"
	dkms="dkms --sourcetree $scratch/src --dkmstree $scratch/dkms --installtree $scratch/lib
		--kernelsourcedir /lib/modules/$KVER/build -k $KVER -m kvmexc -v $version"
	[ -d "$scratch/dkms/kvmexc" ] || $dkms add >"$log" 2>&1
	if $dkms build >>"$log" 2>&1; then
		built=$(find "$scratch/dkms/kvmexc/$version/$KVER" -name 'kvmexc.ko*' | head -n 1)
		[ -n "$built" ] && modinfo -F version "$built" | grep -qx "$version" &&
			modinfo -F vermagic "$built" | grep -q "^$KVER "
		result $? "$n" "dkms add and build kvmexc/$version for $KVER"
	else
		sed "s/^/# /" "$log"
		result 1 "$n" "dkms add and build kvmexc/$version for $KVER"
	fi
	if $dkms install --no-depmod >>"$log" 2>&1; then
		# Debian's DKMS always installs to updates/dkms, others to extra/;
		# for 6.12, whose modules are compressed, it compresses with xz.
		[ -n "$(find "$scratch/lib/$KVER" -name 'kvmexc.ko*')" ]
		result $? $((n + 1)) "dkms install puts the module in $KVER's module tree"
	else
		sed "s/^/# /" "$log"
		result 1 $((n + 1)) "dkms install puts the module in $KVER's module tree"
	fi
}

n=2
for line in "${lines[@]}"; do
	if kver=$(scripts/kernel-version "$line"); then
		dkms_kernel "$kver" "$n"
	else
		result 1 "$n" "a Debian $line kernel is installed for DKMS to build for"
		result 1 $((n + 1)) "dkms install for Debian $line"
	fi
	n=$((n + 2))
done
exit $rc
