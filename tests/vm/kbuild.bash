# SPDX-License-Identifier: GPL-2.0
#
# Sourced by the lanes that build kvmexc.ko for a kernel other than the
# tree's own build (tests/vm/kernel-lane, tests/vm/debug-lane): each kernel
# gets its module in a directory of its own, so builds for several kernels
# coexist. TOP is the work tree.

# Copies the kbuild sources NAMES of SRC into DST with their times, so that
# kbuild rebuilds only what changed, and removes those gone from SRC.
mirror() {
	local src=$1 dst=$2 f
	shift 2
	mkdir -p "$dst"
	(cd "$dst" && find . -type f \( -name '*.[ch]' -o -name Kbuild -o -name VERSION \)) |
		while read -r f; do
			[ -e "$src/$f" ] || rm -f "$dst/$f"
		done
	(cd "$src" && find "$@" -type f \( -name '*.[ch]' -o -name Kbuild -o -name VERSION \) |
		cpio -pdmu --quiet "$TOP/$dst")
}

# Builds the modules of DIR (under TOP) against the kernel build directory
# KDIR, its log in DIR.log; on failure prints the log's end as KTAP comments.
build_modules() {
	local kdir=$1 dir=$2

	if ! nice make -j2 -C "$kdir" M="$TOP/$dir" modules > "$dir.log" 2>&1; then
		tail -n 20 "$dir.log" | sed 's/^/# /'
		return 1
	fi
}

# Mirrors the module's sources into DIR and builds kvmexc.ko there for KDIR.
build_kvmexc() {
	mirror . "$2" Kbuild VERSION kmod uapi && build_modules "$1" "$2"
}
