#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# excctl's command lines, parsed with getopt_long() from commands.c's
# table: for every command an unknown option, a missing value, a bad number
# and a missing required argument each get exit status 2 and one line that
# names the command, the cause and a hint, before any netlink socket is
# opened (strace sees every socket(2)); "--opt=value", options after
# operands, "--" and "-" for standard input work. KTAP.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
EXCCTL=$TOP/ctl/excctl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
. "$TOP/tests/host/ktap.bash"

# Every case: the command, what is wrong, the cause its line must name,
# then the arguments after the command. A command without a valued or a
# numeric option or a required argument has no case of that kind.
cases=(
	"status|unknown option|unknown option '--jsno'|--jsno"
	"load|unknown option|unknown option '--frob'|--frob x.bin"
	"load|missing required|FILE is required|--json"
	"add|unknown option|unknown option '--contxt'|x.json --contxt 1"
	"add|missing value|--context needs a value|x.json --context"
	"add|bad number|--context: \"1x\": expected|x.json --context 1x"
	"add|missing required|--context is required|x.json"
	"add-from-alert|unknown option|unknown option '--bianry'|--bianry --file x"
	"add-from-alert|missing value|--file needs a value|--file"
	"add-from-alert|bad number|--alert-seq: 0: out of range|--alert-seq 0 --guest 1"
	"add-from-alert|missing required|one of B64, --file, --alert-seq is required|--binary"
	"remove|unknown option|unknown option '--cotnext'|--cotnext 7"
	"remove|missing value|--context needs a value|--context"
	"remove|bad number|--context: 010: a leading 0 is ambiguous|--context 010"
	"remove|missing required|--context is required|--json"
	"list|unknown option|unknown option '-x'|-x"
	"flush|unknown option|unknown option '--gust'|--gust 1"
	"flush|missing value|--guest needs a value|--guest"
	"flush|bad number|--guest: 0: out of range|--guest 0"
	"eval|unknown option|unknown option '--ofline'|--ofline x.bin e.json"
	"eval|missing value|--offline needs a value|e.json --offline"
	"eval|missing required|EVENT.json is required|--offline x.bin"
	"attach|unknown option|unknown option '--pdi'|--pdi 1"
	"attach|missing value|--pid needs a value|--pid"
	"attach|bad number|--pid: \"abc\": expected|--pid abc"
	"attach|missing required|one of --pid, --fd is required|--os linux"
	"detach|unknown option|unknown option '--gest'|--gest 1"
	"detach|missing value|--guest needs a value|--guest"
	"detach|bad number|--guest: \"0x\": expected|--guest 0x"
	"detach|missing required|--guest is required|"
	"guests|unknown option|unknown option '--jsn'|--jsn"
	"protect|unknown option|unknown option '--lenght'|--guest 1 --gpa 0x1000 --lenght 8 --kind km --object idt"
	"protect|missing value|--object needs a value|--guest 1 --gpa 0x1000 --length 8 --kind km --object"
	"protect|bad number|--gpa: 01000000: a leading 0 is ambiguous|--guest 1 --gpa 01000000 --length 8 --kind km --object idt"
	"protect|missing required|--kind is required|--guest 1 --gpa 0x1000 --length 8 --object idt"
	"unprotect|unknown option|unknown option '--gpaa'|--guest 1 --gpaa 0x1000"
	"unprotect|missing value|--gpa needs a value|--guest 1 --gpa"
	"unprotect|bad number|--gpa: \"0x1g\": expected|--guest 1 --gpa 0x1g"
	"unprotect|missing required|--gpa is required|--guest 1"
	"module|unknown option|unknown option '--nmae'|--guest 1 --start 0x1000 --length 8 --kind km --nmae a"
	"module|missing value|--name needs a value|--guest 1 --start 0x1000 --length 8 --kind km --name"
	"module|bad number|--length: -1: out of range|--guest 1 --start 0x1000 --length -1 --kind km --name a"
	"module|missing required|--name is required|--guest 1 --start 0x1000 --length 8 --kind km"
	"module-del|unknown option|unknown option '--strat'|--guest 1 --strat 0x1000"
	"module-del|missing value|--cr3 needs a value|--guest 1 --start 0x1000 --cr3"
	"module-del|bad number|--cr3: \"x\": expected|--guest 1 --start 0x1000 --cr3 x"
	"module-del|missing required|--start is required|--guest 1"
	"monitor|unknown option|unknown option '--jsno'|--jsno"
	"monitor|missing value|--rcvbuf needs a value|--rcvbuf"
	"monitor|bad number|--rcvbuf: 100: out of range|--rcvbuf 100"
	"decode|unknown option|unknown option '--alrt'|--alrt x"
	"decode|missing value|--file needs a value|--alert --file"
	"decode|missing required|one of --alert, --exception, --event is required|x"
	"compile|unknown option|unknown option '--confg'|--confg c.json x.json"
	"compile|missing value|--output needs a value|x.json --output"
	"compile|bad number|--build: \"7a\": expected|--build 7a x.json"
	"compile|missing required|no input|--strict"
	"dump|unknown option|unknown option '--jsno'|--jsno x.bin"
	"dump|missing required|FILE.bin is required|--json"
	"crc32|unknown option|unknown option '--wdie'|--wdie a"
	"crc32|missing value|--initial needs a value|a --initial"
	"crc32|bad number|--initial: 0x100000000: out of range|--initial 0x100000000 a"
	"crc32|missing required|one of STRING, --file is required|--wide"
	"help|unknown option|unknown option '--all'|--all"
)
cmds=$("$EXCCTL" --help | sed -n 's/^  \([a-z][a-z0-9-]*\) .*/\1/p')

plan $((${#cases[@]} + 9))

# "excctl CMD ARGS..." must fail with 2, one line on standard error that
# starts with "excctl CMD: ", names $cause and gives a hint, and no socket.
refused() {
	local cmd=$1 cause=$2 err got
	shift 2
	strace -f -qq -e trace=socket -o trace.txt "$EXCCTL" "$cmd" "$@" >/dev/null 2>err.txt
	got=$?
	err=$(cat err.txt)
	[ "$got" = 2 ] || { echo "# exit $got, not 2"; return 1; }
	[ "$(wc -l <err.txt)" = 1 ] || { echo "# not one line:"; sed 's/^/# /' err.txt; return 1; }
	case $err in
	"excctl $cmd: "*) ;;
	*) echo "# does not name the command: $err"; return 1 ;;
	esac
	case $err in
	*"$cause"*) ;;
	*) echo "# does not name the cause ($cause): $err"; return 1 ;;
	esac
	case $err in
	*"; did you mean '"*"'?" | *"; usage: excctl $cmd "* | *": expected "* | *"; write 0x"*) ;;
	*) echo "# no hint: $err"; return 1 ;;
	esac
	! grep -q 'socket(' trace.txt || { echo "# a socket was opened:"; sed 's/^/# /' trace.txt; return 1; }
}

tested=""
for c in "${cases[@]}"; do
	IFS='|' read -r cmd what cause args <<<"$c"
	# shellcheck disable=SC2086 # the arguments are words
	refused "$cmd" "$cause" $args
	result $? "excctl $cmd: $what"
	tested="$tested $cmd "
done

missing=""
for cmd in $cmds; do
	[[ $tested == *" $cmd "* ]] || missing="$missing $cmd"
done
[ -z "$missing" ]
result $? "every command has its cases${missing:+ (not:$missing)}"

# The detector itself: a command that talks to the module opens a socket.
strace -f -qq -e trace=socket -o trace.txt "$EXCCTL" status >/dev/null 2>&1
grep -q 'socket(AF_NETLINK' trace.txt
result $? "strace sees the netlink socket of excctl status"

a=$("$EXCCTL" crc32 --initial 16 ab)
[ "$("$EXCCTL" crc32 --initial=16 ab)" = "$a" ] && [ "$("$EXCCTL" crc32 ab --initial 0x10)" = "$a" ] &&
	[ "$("$EXCCTL" crc32 --init 16 ab)" = "$a" ]
result $? "--opt=value, --opt value, options after operands and unique prefixes"

[ "$("$EXCCTL" crc32 -- -v)" = "$(printf %s -v | "$EXCCTL" crc32 --file -)" ]
result $? "-- ends the options; crc32 --file - reads standard input"

"$EXCCTL" list --frob --help >/dev/null 2>&1
[ $? = 2 ] && "$EXCCTL" protect --gpa 01 --help | head -1 | grep -q '^usage: excctl protect '
result $? "--help among the options prints the help, after an unknown option the error"

printf 'crc32 --wide ab\ncrc32 ab --initial=16\ncrc32 ab\n' >batch.txt
[ "$("$EXCCTL" -batch batch.txt)" = "$("$EXCCTL" crc32 --wide ab; echo "$a"; "$EXCCTL" crc32 ab)" ]
result $? "a batch parses each line's options afresh"

# "-" wherever a file is read or written
"$EXCCTL" compile --output set.bin "$TOP/samples/linux" >/dev/null &&
	"$EXCCTL" compile --config - --output - "$TOP/samples/linux" <"$TOP/data/config.json" |
	cmp -s - set.bin &&
	"$EXCCTL" dump - <set.bin | cmp -s - <("$EXCCTL" dump set.bin)
result $? "compile --config - --output -, dump -"

want=$("$EXCCTL" eval --offline set.bin "$TOP/tests/eval/01_kernel.json")
[ -n "$want" ] &&
	[ "$("$EXCCTL" eval --offline set.bin - <"$TOP/tests/eval/01_kernel.json")" = "$want" ] &&
	[ "$("$EXCCTL" eval --offline - "$TOP/tests/eval/01_kernel.json" <set.bin)" = "$want" ]
result $? "eval EVENT.json - and --offline -"

# load and add read standard input before they would ask the module
printf 'not a file' | "$EXCCTL" load - 2>&1 | grep -q '^excctl: -: ' &&
	"$EXCCTL" add - --context 1 <"$TOP/samples/linux/kernel.json" 2>&1 |
	grep -q '^excctl add: - must hold exactly one exception$'
result $? "load - and add - read standard input"
exit $rc
