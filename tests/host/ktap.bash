# SPDX-License-Identifier: GPL-2.0
#
# KTAP for the test scripts that number their tests as they go: source it,
# ktap_plan N (or print "1..$ktap_n" at the end), then ktap_result STATUS
# DESCRIPTION for each test, and exit $ktap_rc.
ktap_n=0
ktap_rc=0

ktap_plan() {
	echo "KTAP version 1"
	echo "1..$1"
}

ktap_result() {
	ktap_n=$((ktap_n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $ktap_n $2"
	else
		echo "not ok $ktap_n $2"
		ktap_rc=1
	fi
}
