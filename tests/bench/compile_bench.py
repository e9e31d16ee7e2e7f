# SPDX-License-Identifier: GPL-2.0
"""make bench: excctl compile against refcompile.py on two generated
corpora (fixed seeds): 100 000 exceptions and 10 000 signatures in 6 large
files, and 20 000 exceptions and 1 000 signatures in a tree of 5 100 small
files, which excctl is given as a directory. Prints both times, the ratio
and excctl's peak memory, against the input's size, checks that both wrote
the same bytes, and says whether the targets (SPEEDUP, MEM_FACTOR and
MEM_CONSTANT below) are met. Then excctl dump of a small file and of one of
1 000 000 exceptions: MB/s and peak memory, against DUMP_MBPS and DUMP_RSS.

    compile_bench.py --excctl ctl/excctl --shared ../shared --work build/bench
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

KM = ["any", "driver", "driver code", "driver data", "msr", "ssdt", "hal-heap", "selfmap",
      "drvobj", "fastio", "driver exports"]
KM_NO_VICTIM = {"msr", "ssdt"}
UM = ["any", "process", "module", "module imports", "module exports", "thread-context",
      "peb32", "peb64", "apc-thread", "double-agent", "instrumentation-callback"]
KUM = ["any", "module", "module imports", "module exports"]
KINDS = ["kernel", "user", "user-apc", "kernel-user", "user-glob-match"]
WEIGHTS = [35, 35, 10, 10, 10]


def signatures(r, n_sig):
    sigs = []
    for i in range(n_sig):
        sid = "sig-%05d" % i
        t = r.choice(["codeblocks", "value", "export", "idt", "value-code"])
        d = {"sig_id": sid, "sig_type": t}
        if t == "codeblocks":
            d.update(score=r.randint(1, 4),
                     hashes=[["0x%08x" % r.getrandbits(32) for _ in range(r.randint(2, 8))]
                             for _ in range(r.randint(1, 3))])
        elif t == "value":
            d.update(score=1, hashes=[{"offset": r.randint(0, 4096), "size": 16,
                                       "hash": "%08x" % r.getrandbits(32)}])
        elif t == "export":
            d.update(library="lib%03d.dll" % r.randint(0, 999),
                     hashes=[{"name": "Func%d" % r.randint(0, 9999), "delta": r.randint(0, 64)}])
        elif t == "idt":
            d.update(entry=r.randint(0, 255))
        else:
            d.update(offset=r.randint(-64, 64),
                     pattern=["0x%02x" % r.getrandbits(8) for _ in range(r.randint(4, 16))])
        sigs.append(d)
    return sigs


def exception(r, kind, ids):
    refs = r.sample(ids, r.randint(0, 3))
    flags = r.choice([None, "write", "read write", "32 64 exec", "linux", "feedback"])
    if kind == "kernel":
        t = r.choice(KM)
        d = {"originator": "\\SystemRoot\\drivers\\Drv%05d.SYS" % r.randint(0, 20000),
             "object_type": t}
        if t not in KM_NO_VICTIM:
            d["victim"] = "victim%04d.sys" % r.randint(0, 5000)
    elif kind in ("user", "user-apc"):
        t = r.choice(UM)
        d = {"originator": "Process%05d.exe" % r.randint(0, 20000), "object_type": t,
             "victim": "module%04d.dll" % r.randint(0, 5000)}
        if t in ("module", "module imports") or r.random() < 0.3:
            d["process"] = "host%04d.exe" % r.randint(0, 5000)
        if t == "process":
            d.pop("process", None)
    elif kind == "kernel-user":
        d = {"originator": "drv%05d.sys" % r.randint(0, 20000), "object_type": r.choice(KUM),
             "victim": "ntdll%03d.dll" % r.randint(0, 500)}
    else:
        d = {"originator": "proc%04d*.exe" % r.randint(0, 9999), "object_type": "any",
             "victim": "mod%03d?.dll" % r.randint(0, 999)}
    if flags:
        d["flags"] = flags
    if refs:
        d["signatures"] = refs
    return d


def write(work, files):
    paths = []
    for name, obj in files:
        path = os.path.join(work, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            json.dump(obj, f, indent=1)
        paths.append(path)
    return paths


def corpus(work, n_exc=100_000, n_sig=10_000, seed=7):
    """One file of signatures, one file of exceptions per kind."""
    r = random.Random(seed)
    sigs = signatures(r, n_sig)
    ids = [s["sig_id"] for s in sigs]
    per_kind = {k: [] for k in KINDS}
    for i in range(n_exc):
        kind = r.choices(KINDS, weights=WEIGHTS)[0]
        per_kind[kind].append(exception(r, kind, ids))
    files = [("0-signatures.json", {"Type": "signatures", "Signatures": sigs})]
    files += [("1-%s.json" % k, {"Type": k, "Exceptions": e}) for k, e in per_kind.items()]
    return write(work, files)


def tree(work, n_files=5_000, per_file=4, n_sig=1_000, sigs_per_file=10, seed=8):
    """
    A directory of many small files, as operators keep them: 100 signature
    files and @n_files files of @per_file exceptions, 50 to a directory.
    Returns the directory and its files in excctl's order (path order,
    signature files first), which the reference is given one by one.
    """
    r = random.Random(seed)
    root = os.path.join(work, "tree")
    sigs = signatures(r, n_sig)
    ids = [s["sig_id"] for s in sigs]
    files = [("sigs/%02d/s%03d.json" % (i // 50, i),
              {"Type": "signatures", "Signatures": sigs[k:k + sigs_per_file]})
             for i, k in enumerate(range(0, n_sig, sigs_per_file))]
    for i in range(n_files):
        kind = r.choices(KINDS, weights=WEIGHTS)[0]
        excs = [exception(r, kind, ids) for _ in range(per_file)]
        files.append(("%s/%03d/e%05d.json" % (kind, i // 50, i), {"Type": kind, "Exceptions": excs}))
    paths = write(root, files)
    return root, sorted(paths[:len(sigs) // sigs_per_file]) + sorted(paths[len(sigs) // sigs_per_file:])


def timed(cmd):
    """
    Wall time and peak RSS (bytes) of @cmd. A child's ru_maxrss counts this
    process's pages at exec(), so the peak is GNU time's, whose child is
    forked from a small process.
    """
    with tempfile.NamedTemporaryFile("r") as rss:
        start = time.perf_counter()
        status = subprocess.call(["/usr/bin/time", "-f", "%M", "-o", rss.name] + cmd,
                                 stdout=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        if status:
            sys.exit("bench: %s failed" % cmd[0])
        return elapsed, int(rss.read().split()[-1]) * 1024


# Targets: this many times faster than the reference, peak memory within
# MEM_FACTOR times the input plus MEM_CONSTANT bytes, whatever the files.
SPEEDUP = 20
MEM_FACTOR = 5
MEM_CONSTANT = 16 << 20
# excctl dump: at least this many MB of file per second, and a peak memory
# under DUMP_RSS whatever the file's size.
DUMP_MBPS = 50
DUMP_RSS = 8 << 20


def shape(args, config, title, ours_in, ref_in, size):
    """Compiles one corpus with both tools; returns whether the targets hold."""
    ours, ref = os.path.join(args.work, "excctl.bin"), os.path.join(args.work, "ref.bin")
    runs = [timed([args.excctl, "compile", "--config", config, "--build", "7",
                   "--output", ours] + ours_in) for _ in range(3)]
    t_ours, rss = min(r[0] for r in runs), max(r[1] for r in runs)
    t_ref, _ = timed([sys.executable, os.path.join(args.shared, "tools", "refcompile.py"),
                      "-c", config, "-o", ref, "-b", "7"] + ref_in)
    same = open(ours, "rb").read() == open(ref, "rb").read()
    ratio = t_ref / t_ours
    fast, small = ratio >= SPEEDUP, rss <= MEM_FACTOR * size + MEM_CONSTANT
    print("compile bench: %s, %.1f MB of JSON" % (title, size / 1e6))
    print("  excctl compile   %.3f s (best of 3), peak memory %.1f MB (%.1f x input)" % (
        t_ours, rss / 2**20, rss / size))
    print("  refcompile.py    %.3f s" % t_ref)
    print("  ratio            %.1fx" % ratio)
    print("  output           %s (%d bytes)" % ("identical" if same else "DIFFERENT",
                                                os.path.getsize(ours)))
    print("  targets          %dx faster: %s, memory under %d x input + %d MB: %s" % (
        SPEEDUP, "met" if fast else "MISSED", MEM_FACTOR, MEM_CONSTANT >> 20,
        "met" if small else "MISSED"))
    return same


def dump_bench(args, files):
    """
    excctl dump of each file to /dev/null: best time of 3, MB/s, peak RSS.
    The speed target is the last file's; a small one's time is the start.
    """
    small = True
    print("dump bench: excctl dump FILE > /dev/null")
    for path, title in files:
        runs = [timed([args.excctl, "dump", path]) for _ in range(3)]
        t, rss = min(r[0] for r in runs), max(r[1] for r in runs)
        size = os.path.getsize(path)
        fast = size / 1e6 / t >= DUMP_MBPS
        small &= rss <= DUMP_RSS
        print("  %-22s %5.1f MB  %.3f s (best of 3)  %5.1f MB/s  peak memory %.1f MB" % (
            title, size / 1e6, t, size / 1e6 / t, rss / 2**20))
    print("  targets          %d MB/s: %s, memory under %d MB: %s" % (
        DUMP_MBPS, "met" if fast else "MISSED", DUMP_RSS >> 20, "met" if small else "MISSED"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--excctl", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    config = os.path.join(args.shared, "vectors", "config.json")
    paths = corpus(args.work)
    root, tree_paths = tree(args.work)
    million = corpus(os.path.join(args.work, "million"), 1_000_000, 20_000)
    size = sum(os.path.getsize(p) for p in paths)
    same = shape(args, config, "100000 exceptions, 10000 signatures in 6 files",
                 paths, paths, size)
    size = sum(os.path.getsize(p) for p in tree_paths)
    same &= shape(args, config, "20000 exceptions, 1000 signatures in a tree of %d files" %
                  len(tree_paths), [root], tree_paths, size)
    big = os.path.join(args.work, "million.bin")
    subprocess.run([args.excctl, "compile", "--config", config, "--output", big] + million,
                   check=True, stdout=subprocess.DEVNULL)
    dump_bench(args, [(os.path.join(args.work, "excctl.bin"), "20 000 exceptions"),
                      (big, "1 000 000 exceptions")])
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
