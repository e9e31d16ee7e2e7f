#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make deb: the packages build, lintian finds no error and no warning, each
# package holds what it should, the work tree is left as it was, and
# kvmexc.service passes systemd-analyze verify in the packaged tree.
# The service's scripts pass shellcheck; what they do is tested in the VM
# (tests/kselftest/service.sh).
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
. tests/host/ktap.bash
version=$(cat VERSION)
deb=build/deb
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

plan 8

status_before=$(git status --porcelain --untracked-files=all)
make -s deb >"$scratch/log" 2>&1
rc_make=$?
[ "$rc_make" = 0 ] || tail -n 30 "$scratch/log" | sed 's/^/# /'
excctl_deb=$deb/excctl_${version}_amd64.deb
dkms_deb=$deb/kvmexc-dkms_${version}_all.deb
[ "$rc_make" = 0 ] && [ -f "$excctl_deb" ] && [ -f "$dkms_deb" ]
result $? "make deb builds excctl and kvmexc-dkms $version"

[ "$(git status --porcelain --untracked-files=all)" = "$status_before" ]
result $? "make deb leaves the work tree as it was (its products are in $deb)"

# Every tag is shown; only errors and warnings fail.
lintian --info "$deb/kvmexc_${version}_amd64.changes" >"$scratch/lintian" 2>&1
sed 's/^/# lintian: /' "$scratch/lintian"
[ -s "$deb/kvmexc_${version}_amd64.changes" ] && ! grep -qE '^[EW]: ' "$scratch/lintian"
result $? "lintian: no error and no warning on the source and binary packages"

contents() {
	dpkg-deb -c "$1" | awk '{ print $1, $6 }' | sed 's| \./| /|'
}
contents "$excctl_deb" >"$scratch/excctl.list"
missing=""
for f in -rwxr-xr-x:/usr/sbin/excctl -rwxr-xr-x:/usr/sbin/kvmexc-added \
	-rw-r--r--:/usr/share/man/man8/excctl.8.gz -rw-r--r--:/usr/share/man/man8/kvmexc-added.8.gz \
	-rw-r--r--:/usr/share/bash-completion/completions/excctl \
	-rw-r--r--:/usr/share/kvmexc/config.json -rw-r--r--:/lib/systemd/system/kvmexc.service \
	-rwxr-xr-x:/usr/lib/kvmexc/kvmexc-service -rw-r--r--:/usr/lib/kvmexc/kvmexc-lib.sh \
	drwxr-xr-x:/etc/kvmexc/exceptions.d/; do
	grep -qxF -e "${f/:/ }" "$scratch/excctl.list" || missing="$missing ${f#*:}"
done
[ -z "$missing" ]
result $? "excctl holds the tool, its man pages, completion, configuration, unit and scripts${missing:+ (not:$missing)}"

# What tests/host/dkms.sh builds with DKMS, file for file.
src=/usr/src/kvmexc-$version
contents "$dkms_deb" | awk '$1 !~ /^d/ { print $2 }' | sort >"$scratch/dkms.list"
git ls-files --cached --others --exclude-standard -- Kbuild VERSION dkms.conf kmod uapi |
	sed "s|^|$src/|" | sort >"$scratch/tree.list"
diff "$scratch/tree.list" <(grep "^$src/" "$scratch/dkms.list") | sed 's/^/# /'
cmp -s "$scratch/tree.list" <(grep "^$src/" "$scratch/dkms.list") &&
	dpkg-deb -f "$dkms_deb" Depends | grep -q '^dkms'
result $? "kvmexc-dkms holds the module's source tree as DKMS builds it, and depends on dkms"

root=$scratch/root
dpkg-deb -x "$excctl_deb" "$root" &&
	"$root/usr/sbin/excctl" --version | grep -q "$version" &&
	cmp -s data/config.json "$root/usr/share/kvmexc/config.json" &&
	dpkg-deb -f "$excctl_deb" Depends | grep -q 'libnl-genl-3-200.*libjson-c\|libjson-c.*libnl-genl-3-200'
result $? "the packaged excctl runs, with its shared libraries in Depends"

# systemd-analyze needs no running systemd: it verifies the unit against
# the packaged tree, with the host's units beside it for the targets.
if ! command -v systemd-analyze >/dev/null; then
	echo "ok $((n + 1)) systemd-analyze verify kvmexc.service # SKIP no systemd-analyze"
	n=$((n + 1))
else
	cp -an /lib/systemd/system/. "$root/lib/systemd/system/" 2>/dev/null
	out=$(MANPATH=$root/usr/share/man systemd-analyze verify --root="$root" \
		"$root/lib/systemd/system/kvmexc.service" 2>&1)
	rc_verify=$?
	[ -z "$out" ] || echo "$out" | sed 's/^/# /'
	[ "$rc_verify" = 0 ] && [ -z "$out" ]
	result $? "systemd-analyze verify kvmexc.service: its commands and man pages exist"
fi

if ! command -v shellcheck >/dev/null; then
	echo "ok $((n + 1)) shellcheck of the service's scripts # SKIP no shellcheck"
	n=$((n + 1))
else
	out=$(shellcheck -x service/kvmexc-service service/kvmexc-added 2>&1)
	rc_check=$?
	[ -z "$out" ] || echo "$out" | sed 's/^/# /'
	[ "$rc_check" = 0 ]
	result $? "shellcheck: the service's scripts"
fi
exit $rc
