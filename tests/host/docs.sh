#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Documentation/: every .rst parses with docutils without a warning and
# names only files that exist (tests/host/rst_check.py); the index lists
# every page; make bench's plot script draws what it is given.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
. tests/host/ktap.bash
pages=$(ls Documentation/*.rst)

plan "$(($(echo "$pages" | wc -l) + 2))"

for page in $pages; do
	out=$(python3 tests/host/rst_check.py "$page" 2>&1)
	result $? "docutils: $page"
	[ -z "$out" ] || echo "$out" | sed 's/^/# /'
done

unlisted=""
for page in $pages; do
	name=$(basename "$page" .rst)
	[ "$name" = index ] && continue
	grep -qx "   $name" Documentation/index.rst || unlisted="$unlisted $name"
done
[ -z "$unlisted" ]
result $? "Documentation/index.rst lists every page${unlisted:+ (not:$unlisted)}"

# make bench's plot: one line per series of the sweep, as valid SVG.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
printf 'exceptions\thit\tmiss\n10\t20.5\t30\n1000\t25\t35.5\n100000\t40\t90\n' \
	>"$scratch/sweep.tsv"
python3 tests/bench/plot_sweep.py "$scratch/sweep.tsv" "$scratch/sweep.svg" &&
	python3 -c 'import sys, xml.dom.minidom as m
d = m.parse(sys.argv[1])
lines = d.getElementsByTagName("polyline")
texts = [t.firstChild.data for t in d.getElementsByTagName("text")]
assert len(lines) == 2 and "hit" in texts and "miss" in texts
assert all(len(p.getAttribute("points").split()) == 3 for p in lines)' "$scratch/sweep.svg"
result $? "plot_sweep.py draws one line of three points per series"
exit $rc
