#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# modinfo kvmexc.ko tells an operator what the module is: description,
# author, license, the version of VERSION, and what every parameter does.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
. tests/host/ktap.bash

plan 5
field() {
	modinfo -F "$1" kvmexc.ko
}

[ -n "$(field description)" ]
result $? "description"
[ -n "$(field author)" ]
result $? "author"
[ "$(field license)" = GPL ]
result $? "license GPL"
[ "$(field version)" = "$(cat VERSION)" ]
result $? "version $(cat VERSION)"

# Every module_param*() of the sources is listed, each with a description
# ("name:text (type)"; without MODULE_PARM_DESC it is "name: (type)").
params=$(grep -rhoE 'module_param(_named)?\([a-z0-9_]+' kmod | sed 's/.*(//' | sort -u)
described=$(field parm | sed -n 's/^\([a-z0-9_]*\):[^ (].*/\1/p' | sort -u)
[ -n "$params" ] && [ "$params" = "$described" ]
result $? "every parameter is described: $(echo $params)"
exit $rc
