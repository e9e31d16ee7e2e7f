#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# modinfo kvmexc.ko tells an operator what the module is: description,
# author, license, the version of VERSION, and what every parameter does.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1

echo "KTAP version 1"
echo "1..5"
rc=0
result() {
	if [ "$1" = 0 ]; then echo "ok $2 $3"; else echo "not ok $2 $3"; rc=1; fi
}
field() {
	modinfo -F "$1" kvmexc.ko
}

[ -n "$(field description)" ]
result $? 1 "description"
[ -n "$(field author)" ]
result $? 2 "author"
[ "$(field license)" = GPL ]
result $? 3 "license GPL"
[ "$(field version)" = "$(cat VERSION)" ]
result $? 4 "version $(cat VERSION)"

# Every module_param*() of the sources is listed, each with a description
# ("name:text (type)"; without MODULE_PARM_DESC it is "name: (type)").
params=$(grep -rhoE 'module_param(_named)?\([a-z0-9_]+' kmod | sed 's/.*(//' | sort -u)
described=$(field parm | sed -n 's/^\([a-z0-9_]*\):[^ (].*/\1/p' | sort -u)
[ -n "$params" ] && [ "$params" = "$described" ]
result $? 5 "every parameter is described: $(echo $params)"
exit $rc
