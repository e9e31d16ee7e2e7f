# SPDX-License-Identifier: GPL-2.0
"""Differential test: excctl compile against shared/tools/refcompile.py.

Generates input sets (gen.py, fixed seed), compiles each with the reference
in this process and with excctl, and compares: the same bytes, or both
refusing the input. Half the sets are passed as files in order, half as a
directory, whose order excctl defines (signature files first, then the
rest, each by path; Documentation/compiler.rst); the reference gets the
files in that order. When both refuse a set they must refuse it for the
same reason: ERRORS maps the reference's errors to excctl's (excctl reads
every file before it compiles any, so its "invalid JSON" answers whatever
the reference found first). Prints KTAP, one result per batch; a failure
shows the seed, the set and a record diff or the two errors.

    difftest.py --excctl ctl/excctl --shared ../shared [--sets N] [--seed S]
"""
import argparse
import concurrent.futures
import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile

import gen


# (the reference's error, excctl's answer to the same fault), as regexes
ERRORS = [
    (r"must miss victim name", r"takes no victim name"),
    (r"requires a victim name", r"needs a victim name"),
    (r"is now obsolete", r"is obsolete"),
    (r"^Fail: Invalid flag ", r"unknown flag "),
    (r"integrity must not have originator", r"with the integrity flag takes no originator"),
    (r"^Fail: invalid signature type$", r"unknown signature \""),
    (r"^Fail: Invalid signature type: ", r"unknown signature type "),
    (r"^Fail: Duplicated signature found ", r"duplicate signature "),
    (r"^Fail: KeyError ", r"unknown object type "),
    (r"[Oo]bject type cannot be missing", r"object_type: missing"),
    (r"[Oo]riginator cannot be missing", r"originator: missing"),
    (r"^(TypeError|AttributeError|ValueError): ", r"expected an? .*, got "),
    (r"^JSONDecodeError: ", r"invalid JSON: "),
]


def same_error(ref_err, stderr):
    """False when ERRORS knows the reference's error and excctl said otherwise."""
    if re.search(r": invalid JSON: ", stderr):
        return True
    for ref, ours in ERRORS:
        if re.search(ref, ref_err):
            return re.search(ours, stderr) is not None
    return True


def load_reference(shared):
    sys.path.insert(0, os.path.join(shared, "tools"))
    import refcompile
    return refcompile


def write_set(root, files):
    for rel, text in files:
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)


def dir_order(files):
    """excctl's directory order: signature files, then the others, by path."""
    sigs = sorted(p for p, t in files if '"Signatures"' in t)
    rest = sorted(p for p, t in files if '"Signatures"' not in t)
    return sigs + rest


def run_reference(ref, config, out, paths):
    ref.SIG_IDS.clear()
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            ref.main(["-c", config, "-o", out, "-b", "7"] + paths)
        return None
    except Exception as e:  # the reference refuses the input
        return "%s: %s" % (type(e).__name__, e)


def run_excctl(excctl, config, out, args):
    p = subprocess.run([excctl, "compile", "--config", config, "--build", "7",
                        "--output", out] + args, capture_output=True, text=True)
    return p.returncode, p.stderr


def dump(shared, path):
    if not os.path.exists(path):
        return ["(no file)"]
    p = subprocess.run([sys.executable, os.path.join(shared, "tools", "bindump.py"), path],
                       capture_output=True, text=True)
    return p.stdout.splitlines()


def check_set(args, ref, work, index):
    files = gen.make_set(args.seed, index, args.max_exceptions)
    root = os.path.join(work, "set%d" % index)
    write_set(root, files)
    as_dir = index % 2 == 1
    order = dir_order(files) if as_dir else [p for p, _ in files]
    paths = [os.path.join(root, p) for p in order]
    ref_out, our_out = root + ".ref.bin", root + ".out.bin"
    ref_err = run_reference(ref, args.config, ref_out, paths)
    return index, files, as_dir, root, ref_out, our_out, ref_err, paths


def verdict(args, item, result):
    index, files, as_dir, root, ref_out, our_out, ref_err, paths = item
    rc, stderr = result
    if ref_err and rc and same_error(ref_err, stderr):
        return True, "refused"
    if not ref_err and not rc:
        with open(ref_out, "rb") as a, open(our_out, "rb") as b:
            if a.read() == b.read():
                return True, "same"
    lines = ["set %d of seed %d (%s): reference %s, excctl exit %d" %
             (index, args.seed, "directory" if as_dir else "files",
              ref_err or "ok", rc)]
    lines += ["excctl: " + l for l in stderr.splitlines()[:5]]
    if not ref_err and not rc:
        a, b = dump(args.shared, ref_out), dump(args.shared, our_out)
        diff = [(x, y) for x, y in zip(a, b) if x != y][:4]
        lines += ["first differing records (reference / excctl):"]
        for x, y in diff:
            lines += ["  " + x, "  " + y]
        if len(a) != len(b):
            lines += ["  %d records / %d records" % (len(a), len(b))]
    lines += ["input (in order): " + " ".join(os.path.relpath(p, root) for p in paths)]
    for rel, text in files:
        lines += ["--- " + rel] + text.splitlines()[:60]
    return False, "\n".join(lines)


def run_batch(args, ref, first, count, pool):
    # many small files: in memory when the machine has a tmpfs for it
    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    work = tempfile.mkdtemp(prefix="difftest.", dir=shm)
    try:
        items = [check_set(args, ref, work, i) for i in range(first, first + count)]
        jobs = []
        for it in items:
            root, our_out = it[3], it[5]
            cli = [root] if it[2] else it[7]
            jobs.append(pool.submit(run_excctl, args.excctl, args.config, our_out, cli))
        failures, refused = [], 0
        for it, job in zip(items, jobs):
            ok, what = verdict(args, it, job.result())
            if not ok:
                failures.append(what)
            elif what == "refused":
                refused += 1
        return failures, refused
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--excctl", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--sets", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--max-exceptions", type=int, default=12)
    args = ap.parse_args()
    args.excctl = os.path.abspath(args.excctl)
    args.shared = os.path.abspath(args.shared)
    args.config = os.path.join(args.shared, "vectors", "config.json")
    ref = load_reference(args.shared)
    batches = (args.sets + args.batch - 1) // args.batch
    print("TAP version 13")
    print("1..%d" % batches)
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for b in range(batches):
            first = b * args.batch
            count = min(args.batch, args.sets - first)
            failures, refused = run_batch(args, ref, first, count, pool)
            desc = "difftest seed %d sets %d-%d (%d refused by both)" % (
                args.seed, first, first + count - 1, refused)
            if failures:
                failed += 1
                print("not ok %d %s: %d differ" % (b + 1, desc, len(failures)))
                for f in failures[:3]:
                    print("\n".join("# " + l for l in f.splitlines()))
            else:
                print("ok %d %s" % (b + 1, desc))
            sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
