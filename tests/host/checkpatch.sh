#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every C file of the module, its core, the uapi header and excctl passes the
# kernel's checkpatch.pl --strict (extracted from linux-source-6.1 by 'make').
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
checkpatch=build/linux-src/scripts/checkpatch.pl
files=$(git ls-files --cached --others --exclude-standard -- \
	'kmod/*.[ch]' 'uapi/*.h' 'tests/vm/warn/*.c' 'ctl/*/*.[ch]')

# excctl is a program on libc, where these do not apply:
#  PREFER_KERNEL_TYPES  libc and json-c take <stdint.h> types; u32 & co are
#                       the kernel's (and the core's, through compat.h)
#  CAMELCASE            the mixed-case names are <inttypes.h>'s PRIu64 & co
#  VOLATILE             C wants volatile sig_atomic_t for what a signal
#                       handler sets
#  LONG_LINE_STRING     checkpatch lets a message run past 100 columns in
#                       printk() and the kernel's other log functions, which
#                       it knows by name; excctl's messages, in printf() and
#                       its error helpers, stay whole to be grepped for too
#  SPLIT_STRING         the same rule from the other side: what excctl splits
#                       is help text and troff, refilled when printed, and
#                       JSON output formats, never a message
ctl_ignore=PREFER_KERNEL_TYPES,CAMELCASE,VOLATILE,LONG_LINE_STRING,SPLIT_STRING

echo "KTAP version 1"
echo "1..$(echo "$files" | wc -l)"
n=0
rc=0
for f in $files; do
	n=$((n + 1))
	ignore=FILE_PATH_CHANGES
	case "$f" in
	# the one place that tells the host kernels apart, which an
	# out-of-tree module can only do by version; checkpatch takes the
	# upper-case LINUX_VERSION_CODE on the left for a constant
	kmod/kernel_compat.[ch]) ignore=$ignore,LINUX_VERSION_CODE,CONSTANT_COMPARISON ;;
	# checkpatch exempts include/uapi from __packed; ours lives in uapi/.
	uapi/*) ignore=$ignore,PREFER_DEFINED_ATTRIBUTE_MACRO ;;
	# an argv built for getopt_long(): per-call strings, permuted by it
	ctl/exceptions/added.c) ignore=$ignore,$ctl_ignore,STATIC_CONST_CHAR_ARRAY ;;
	# "Retrun" is the reference's spelling, which the printouts keep;
	# OBJ() takes ARRAY_SIZE() of a table, which has no side effect
	ctl/decoder/objects.c) ignore=$ignore,$ctl_ignore,TYPO_SPELLING,MACRO_ARG_REUSE ;;
	ctl/*) ignore=$ignore,$ctl_ignore ;;
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
