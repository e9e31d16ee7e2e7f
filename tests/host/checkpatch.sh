#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every C file of the module, its core and the uapi header passes the
# kernel's checkpatch.pl --strict (extracted from linux-source-6.1 by 'make').
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
checkpatch=build/linux-src/scripts/checkpatch.pl
files=$(git ls-files --cached --others --exclude-standard -- \
	'kmod/*.[ch]' 'uapi/*.h' 'tests/vm/warn/*.c')

echo "KTAP version 1"
echo "1..$(echo "$files" | wc -l)"
n=0
rc=0
for f in $files; do
	n=$((n + 1))
	ignore=FILE_PATH_CHANGES
	# checkpatch exempts include/uapi from __packed; ours lives in uapi/.
	case "$f" in
	uapi/*) ignore=$ignore,PREFER_DEFINED_ATTRIBUTE_MACRO ;;
	esac
	if out=$(perl "$checkpatch" --strict --no-tree --terse --show-types \
		--ignore "$ignore" -f "$f" 2>&1); then
		echo "ok $n checkpatch $f"
	else
		echo "$out" | sed 's/^/# /'
		echo "not ok $n checkpatch $f"
		rc=1
	fi
done
exit $rc
