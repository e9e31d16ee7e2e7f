#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every command of excctl's table (as excctl --help lists it) has a working
# "excctl CMD --help" whose arguments (its args table) are the options of
# its usage line, no more and no fewer, each taken by excctl's parser,
# described in excctl(8) and offered by the bash completion; the man page
# is clean roff and the completion completes commands, options, option
# values and files.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
. tests/host/ktap.bash
excctl=$TOP/ctl/excctl
man=$TOP/build/excctl.8
completion=$TOP/build/excctl.bash
cmds=$("$excctl" --help | sed -n 's/^  \([a-z][a-z0-9-]*\) .*/\1/p')

plan "$(($(echo "$cmds" | wc -w) + 6))"

# The words bash offers after "excctl $*" (the last word being completed).
complete_words() {
	bash -c 'source "$1"; shift; COMP_WORDS=(excctl "$@"); COMP_CWORD=$#
		_excctl; printf "%s\n" "${COMPREPLY[@]}"' - "$completion" "$@"
}

# The options of a usage line: words that start with - after a space, a
# bracket or a bar (not the - of "log-only").
usage_options() {
	grep -oE -- '(^|[][ (|])--?[a-z][a-z0-9-]*' | sed 's/^[][ (|]//' | sort -u
}

# The options of --help's arguments, one "NAME VALUE" a line ("-o, " dropped).
help_options() {
	sed -n '/^arguments:$/,/^$/s/^  \(-[a-zA-Z], \)\{0,1\}\(-[-a-z0-9]*[a-z0-9]\)\( \([^ ]*\)\)\{0,1\}$/\2 \4/p'
}

# CMD: its usage line and its args table (--help's arguments) name the
# same options; excctl CMD takes each of them; its man section and its
# completion have every one.
check_cmd() {
	local cmd=$1 help usage table section opt value offered
	help=$("$excctl" "$cmd" --help) || return 1
	usage=$(echo "$help" | sed -n "s/^usage: excctl $cmd //p")
	[ -n "$usage" ] || { echo "# $cmd --help: no usage line"; return 1; }
	grep -qx "\\.SS $cmd" "$man" || { echo "# $cmd: no section in excctl.8"; return 1; }
	section=$(sed -n "/^\\.SS $cmd\$/,/^\\.SS /p" "$man" | sed 's/\\-/-/g')
	complete_words "" | grep -qx -- "$cmd" || { echo "# $cmd: not completed"; return 1; }
	offered=$(complete_words "$cmd" -)
	table=$(echo "$help" | help_options)
	[ "$(echo "$usage" | usage_options)" = "$(echo "$table" | cut -d' ' -f1 | sort -u | sed '/^$/d')" ] ||
		{ echo "# $cmd: the usage line and the args table name different options"; return 1; }
	while read -r opt value; do
		[ -n "$opt" ] || continue
		"$excctl" "$cmd" "$opt" ${value:+x} --help >/dev/null 2>&1 ||
			{ echo "# excctl $cmd does not take $opt"; return 1; }
		echo "$section" | grep -q -- "$opt" ||
			{ echo "# $cmd: excctl.8 does not describe $opt"; return 1; }
		echo "$offered" | grep -qx -- "$opt" ||
			{ echo "# $cmd: $opt is not completed"; return 1; }
	done <<<"$table"
}

for cmd in $cmds; do
	check_cmd "$cmd"
	result $? "excctl $cmd --help, excctl(8) and the completion"
done

warnings=$(LC_ALL=C groff -man -ww -z "$man" 2>&1)
[ -z "$warnings" ] && [ "$(grep -c '^\.SS ' "$man")" = "$(echo "$cmds" | wc -w)" ]
result $? "excctl.8 is clean roff with one section per command"
echo "$warnings" | sed '/^$/d; s/^/# /'

[ "$(bash -c 'source "$1"; complete -p excctl' - "$completion")" = "complete -F _excctl excctl" ]
result $? "the completion script registers _excctl for excctl"

[ "$(complete_words protect --guest 1 --kind "" | xargs)" = "km um kum" ] &&
	[ "$(complete_words attach --policy l)" = "log-only" ] &&
	[ "$(complete_words compile --verbose "" | xargs)" = "0 1 2" ]
result $? "option values complete from their usage (km|um|kum)"

[ "$(complete_words protect --object km-m)" = "km-module" ] &&
	[ "$(complete_words protect --zone-flags code,da)" = "code,data" ]
result $? "option values complete from the tables excctl parses them with"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
touch "$scratch/set.bin" "$scratch/event.json"
[ "$(cd "$scratch" && complete_words load s)" = "set.bin" ] &&
	[ "$(cd "$scratch" && complete_words eval --offline s)" = "set.bin" ] &&
	[ "$(cd "$scratch" && complete_words eval e)" = "event.json" ] &&
	[ -z "$(cd "$scratch" && complete_words status s)" ]
result $? "FILE operands and option values complete as files, others do not"

[ "$(complete_words dump --j)" = "--json" ] && [ "$(complete_words sta)" = "status" ]
result $? "a started option or command completes"
exit $rc
