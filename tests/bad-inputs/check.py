#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Checks every row of the tables of Documentation/bad-inputs.rst, the one
list of malformed inputs and the exact errors they get. A row is

    * - ``COMMAND``
      - EXIT
      - ``stderr line`` ``stderr line`` ...

COMMAND "excctl ARGS": run from the top of the tree, it must exit with EXIT
and print exactly those lines on standard error. A failing "excctl compile"
must also leave its previous output file as it was, with no temporary file
behind (it is given one with --output). Rows whose command needs
the module (excctl load) run only with --module, in the test VM.
COMMAND "kselftest PROGRAM FIXTURE.TEST" (or "PROGRAM TEST"): the test,
which runs in the VM, must exist and check EXIT (an errno such as -EINVAL)
and every message of the row, as C string literals in its body.

Prints KTAP, one result per row. --wrapper runs every excctl under a
command (valgrind): its complaints on standard error fail the row.

    check.py [--module] [--wrapper "CMD ARGS"]
"""
import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DOC = os.path.join(TOP, "Documentation", "bad-inputs.rst")
MODULE_COMMANDS = {"load"}


def rows(text):
    """[(line, [cell, ...])] of every list-table row but the header rows."""
    out, cur, header = [], None, False
    for n, line in enumerate(text.splitlines(), 1):
        first = re.match(r"^\s+\* -(?: (.*))?$", line)
        other = re.match(r"^\s+-(?: (.*))?$", line)
        if line.startswith(".. list-table::"):
            header = True
        if first:
            cur = None if header else (n, [first.group(1) or ""])
            header = False
            if cur:
                out.append(cur)
        elif other and cur:
            cur[1].append(other.group(1) or "")
        elif line.strip() and line.startswith("   ") and cur:
            cur[1][-1] += " " + line.strip()
        elif not line.startswith("   "):
            cur = None
    return out


def literals(cell):
    return re.findall(r"``(.+?)``", cell)


def run_excctl(args, want_exit, want_lines, wrapper):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.bin")
        with open(out, "w") as f:
            f.write("old")
        if args[:1] == ["compile"]:
            args = ["compile", "--output", out] + args[1:]
        p = subprocess.run(wrapper + [os.path.join(TOP, "ctl", "excctl")] + args, cwd=TOP,
                           capture_output=True, text=True)
        with open(out) as f:
            kept = f.read() == "old" and os.listdir(tmp) == ["out.bin"]
    got = p.stderr.rstrip("\n").split("\n") if p.stderr.strip() else []
    errs = [] if kept else ["the previous output was changed or a temporary file left"]
    if p.returncode == int(want_exit) and got == want_lines:
        return errs
    return errs + ["exit %d (expected %s)" % (p.returncode, want_exit)] + \
        ["got:      " + l for l in got] + ["expected: " + l for l in want_lines]


def test_body(program, name):
    """The source of kselftest @name (TEST or FIXTURE.TEST) of @program."""
    for d in ("kselftest", "kvm"):
        path = os.path.join(TOP, "tests", d, program + ".c")
        if os.path.exists(path):
            break
    else:
        return None
    with open(path, encoding="utf-8") as f:
        src = f.read()
    fixture, _, test = name.rpartition(".")
    head = r"TEST_F\(%s, %s\)" % (fixture, test) if fixture else r"TEST\(%s\)" % test
    m = re.search(r"^%s\n(.*?)^}" % head, src, re.S | re.M)
    return m.group(1) if m else None


def check_kselftest(words, want_exit, want_lines):
    if len(words) != 3:
        return ["expected: kselftest PROGRAM [FIXTURE.]TEST"]
    body = test_body(words[1], words[2])
    if body is None:
        return ["no test %s in tests/kselftest or tests/kvm/%s.c" % (words[2], words[1])]
    missing = [want_exit] if not re.search(r"(?<![\w-])%s\b" % re.escape(want_exit), body) \
        else []
    missing += [l for l in want_lines if '"%s"' % l.replace('"', '\\"') not in body]
    return ["the test does not check " + m for m in missing]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--module", action="store_true",
                    help="run the rows that need the module (in the test VM)")
    ap.add_argument("--wrapper", default="", help="a command to run excctl under")
    args = ap.parse_args()
    with open(DOC, encoding="utf-8") as f:
        table = rows(f.read())
    todo = []
    for line, cells in table:
        cmd = literals(cells[0])
        words = shlex.split(cmd[0]) if cmd else []
        needs_module = words[:1] == ["excctl"] and words[1:2] and words[1] in MODULE_COMMANDS
        if words[:1] == ["kselftest"] and args.module:
            continue
        if words[:1] == ["excctl"] and bool(needs_module) != args.module:
            continue
        todo.append((line, cells, words))
    print("KTAP version 1")
    print("1..%d" % len(todo))
    failed = 0
    for i, (line, cells, words) in enumerate(todo, 1):
        want_exit = cells[1].strip() if len(cells) == 3 else ""
        want_lines = literals(cells[2]) if len(cells) == 3 else []
        if not words or not want_exit:
            errs = ["a row is ``COMMAND``, EXIT, ``MESSAGE``..."]
        elif words[0] == "excctl":
            errs = run_excctl(words[1:], want_exit, want_lines, shlex.split(args.wrapper))
        elif words[0] == "kselftest":
            errs = check_kselftest(words, want_exit, want_lines)
        else:
            errs = ["unknown command " + words[0]]
        desc = "bad-inputs.rst:%d %s" % (line, " ".join(words))
        if errs:
            failed += 1
            print("\n".join("# " + e for e in errs))
            print("not ok %d %s" % (i, desc))
        else:
            print("ok %d %s" % (i, desc))
    return 1 if failed or not todo else 0


if __name__ == "__main__":
    sys.exit(main())
