# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
#
# What kvmexc-service (the unit's Exec lines) and kvmexc-added share: where
# things are, and writing a file so that a crash leaves the old one or the
# new one, never half of one. Every path can be moved by the environment,
# which is how the test VM (tests/kselftest/service.sh) runs these scripts
# in a scratch directory without systemd.

EXCCTL=${KVMEXC_EXCCTL:-excctl}
CONF_DIR=${KVMEXC_CONF_DIR:-/etc/kvmexc}
STATE_DIR=${KVMEXC_STATE_DIR:-/var/lib/kvmexc}
# The exceptions added from alerts that start restores: CONTEXT.json each.
ADDED_DIR=$STATE_DIR/added

warn() {
	echo "$(basename "$0"): $*" >&2
}

die() {
	warn "$@"
	exit 1
}

module_loaded() {
	[ -d /sys/module/kvmexc ]
}

# put_atomically DEST: standard input becomes DEST. The temporary file is
# in DEST's directory, so the rename cannot cross a file system.
put_atomically() {
	tmp=$(mktemp "$1.XXXXXX") || return 1
	if cat >"$tmp" && chmod 0644 "$tmp" && mv -f "$tmp" "$1"; then
		return 0
	fi
	rm -f "$tmp"
	return 1
}

# The contexts of the exceptions kept under ADDED_DIR, one a line.
kept_contexts() {
	for f in "$ADDED_DIR"/*.json; do
		[ -f "$f" ] || continue
		basename "$f" .json
	done
}
