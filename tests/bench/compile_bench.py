# SPDX-License-Identifier: GPL-2.0
"""make bench: excctl compile against refcompile.py on a generated corpus
of 100 000 exceptions and 10 000 signatures (fixed seed). Prints both
times, the ratio and excctl's peak memory, checks that both wrote the same
bytes, and says whether the targets (under 1 s, 30 times faster) are met.

    compile_bench.py --excctl ctl/excctl --shared ../shared --work build/bench
"""
import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time

KM = ["any", "driver", "driver code", "driver data", "msr", "ssdt", "hal-heap", "selfmap",
      "drvobj", "fastio", "driver exports"]
KM_NO_VICTIM = {"msr", "ssdt"}
UM = ["any", "process", "module", "module imports", "module exports", "thread-context",
      "peb32", "peb64", "apc-thread", "double-agent", "instrumentation-callback"]
KUM = ["any", "module", "module imports", "module exports"]


def corpus(work, n_exc=100_000, n_sig=10_000, seed=7):
    r = random.Random(seed)
    os.makedirs(work, exist_ok=True)
    sigs, ids = [], []
    for i in range(n_sig):
        sid = "sig-%05d" % i
        ids.append(sid)
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
    files = [("0-signatures.json", {"Type": "signatures", "Signatures": sigs})]
    per_kind = {"kernel": [], "user": [], "user-apc": [], "kernel-user": [],
                "user-glob-match": []}
    for i in range(n_exc):
        kind = r.choices(list(per_kind), weights=[35, 35, 10, 10, 10])[0]
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
        per_kind[kind].append(d)
    for kind, excs in per_kind.items():
        files.append(("1-%s.json" % kind, {"Type": kind, "Exceptions": excs}))
    paths = []
    for name, obj in files:
        path = os.path.join(work, name)
        with open(path, "w") as f:
            json.dump(obj, f, indent=1)
        paths.append(path)
    return paths


def timed(cmd):
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - start
    if status:
        sys.exit("bench: %s failed" % cmd[0])
    return elapsed, usage.ru_maxrss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--excctl", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    config = os.path.join(args.shared, "vectors", "config.json")
    paths = corpus(args.work)
    size = sum(os.path.getsize(p) for p in paths)
    ours, ref = os.path.join(args.work, "excctl.bin"), os.path.join(args.work, "ref.bin")
    runs = [timed([args.excctl, "compile", "--config", config, "--build", "7",
                   "--output", ours] + paths) for _ in range(3)]
    t_ours, rss = min(r[0] for r in runs), max(r[1] for r in runs)
    t_ref, _ = timed([sys.executable, os.path.join(args.shared, "tools", "refcompile.py"),
                      "-c", config, "-o", ref, "-b", "7"] + paths)
    same = open(ours, "rb").read() == open(ref, "rb").read()
    ratio = t_ref / t_ours
    print("compile bench: 100000 exceptions, 10000 signatures, %.1f MB of JSON" % (size / 1e6))
    print("  excctl compile   %.3f s (best of 3), peak memory %.1f MB" % (t_ours, rss / 1024))
    print("  refcompile.py    %.3f s" % t_ref)
    print("  ratio            %.1fx" % ratio)
    print("  output           %s (%d bytes)" % ("identical" if same else "DIFFERENT",
                                                os.path.getsize(ours)))
    print("  targets          under 1 s: %s, 30x faster: %s" % (
        "met" if t_ours < 1 else "MISSED", "met" if ratio >= 30 else "MISSED"))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
