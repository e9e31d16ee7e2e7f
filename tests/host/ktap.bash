# SPDX-License-Identifier: GPL-2.0
#
# KTAP for the test scripts that number their tests as they go: source it,
# "plan N" (or print "1..$n" at the end), then "result STATUS DESCRIPTION"
# for each test, and "exit $rc".
n=0
rc=0

plan() {
	echo "KTAP version 1"
	echo "1..$1"
}

result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		rc=1
	fi
}

# wait_for FILE PATTERN [SECONDS]: waits up to SECONDS (10) until a line of
# FILE matches the grep PATTERN; false if none did by then.
wait_for() {
	local i
	for i in $(seq $((${3:-10} * 10))); do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
