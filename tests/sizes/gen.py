#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes the JSON inputs of the size tests (tests/kselftest/excctl_sizes.sh)
into OUT, for make to compile on the host:

  kernel-1000000/   1 000 000 kernel exceptions in 100 files, as a fleet has
  every-kind/       every exception kind and every signature type, larger
                    than one LOAD chunk
  chunk-multiple/   kernel exceptions whose file is an exact multiple of
                    KVMEXC_LOAD_CHUNK_MAX bytes
  add-largest/      one exception with the most signatures ADD takes, whose
                    records fill a netlink attribute as far as they can
  add-too-large/    the same, one hash list more than fits
  eval-largest.json an event with the largest code, data and export windows
                    of Documentation/event-json.rst

    gen.py OUT
"""
import json
import os
import sys

CHUNK = 65024           # KVMEXC_LOAD_CHUNK_MAX
HEADER = 36             # struct kvmexc_file_header
KERNEL_RECORD = 23      # a kernel exception without signatures, its header included
ADDED_MAX_SIGS = 16     # signatures one ADD may carry (kmod/core/added.c)


def write(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))


def kernel_exceptions(first, count):
    return [{"originator": "drv%07d" % i, "victim": "[kernel]",
             "object_type": "driver code", "flags": "linux write"}
            for i in range(first, first + count)]


def kernel_tree(out, total, files):
    per = total // files
    for k in range(files):
        write(os.path.join(out, "fleet-%03d.json" % k),
              {"Type": "kernel", "Exceptions": kernel_exceptions(k * per, per)})


def signature(kind, i):
    sid = "%s-%04d" % (kind, i)
    body = {
        "codeblocks": {"score": 2, "hashes": [["0x%08x" % (i * 7 + j) for j in range(6)]]},
        "value": {"score": 1, "hashes": [{"offset": i % 4096, "size": 16,
                                          "hash": "%08x" % (i * 31)}]},
        "export": {"library": "lib%03d.dll" % (i % 1000),
                   "hashes": [{"name": "Func%d" % i, "delta": i % 64}]},
        "value-code": {"offset": i % 64 - 32, "pattern": ["0x%02x" % (i % 256), "0x100"]},
        "idt": {"entry": i % 256},
        "version-os": {"minimum": "10", "maximum": "*"},
        "version-intro": {"minimum": "1.0.0", "maximum": "9.9.9"},
        "process-creation": {"create_mask": ["debug"]},
    }[kind]
    return dict(sig_id=sid, sig_type=kind, **body)


def every_kind(out, n):
    kinds = ["codeblocks", "value", "export", "value-code", "idt", "version-os",
             "version-intro", "process-creation"]
    sigs = [signature(k, i) for k in kinds for i in range(n // 8)]
    ids = [s["sig_id"] for s in sigs]
    write(os.path.join(out, "signatures.json"), {"Type": "signatures", "Signatures": sigs})
    excs = {
        "kernel": [{"originator": "drv%05d.sys" % i, "victim": "victim%04d.sys" % i,
                    "object_type": "driver code", "signatures": [ids[i % len(ids)]]}
                   for i in range(n)],
        "user": [{"originator": "proc%05d.exe" % i, "victim": "mod%04d.dll" % i,
                  "process": "host%04d.exe" % i, "object_type": "module"}
                 for i in range(n)],
        "user-apc": [{"originator": "apc%05d.exe" % i, "victim": "mod%04d.dll" % i,
                      "object_type": "apc-thread"} for i in range(n // 4)],
        "kernel-user": [{"originator": "drv%05d.sys" % i, "victim": "ntdll.dll",
                         "object_type": "module"} for i in range(n // 4)],
        "user-glob-match": [{"originator": "proc%04d*.exe" % i, "victim": "mod?%03d.dll" % i,
                             "object_type": "any"} for i in range(n // 4)],
    }
    for kind, e in excs.items():
        write(os.path.join(out, "%s.json" % kind), {"Type": kind, "Exceptions": e})


def chunk_multiple(out, chunks):
    # 23 is prime to the chunk size: some count of records ends on a chunk.
    n = (CHUNK * chunks - HEADER) // KERNEL_RECORD
    while (HEADER + KERNEL_RECORD * n) % CHUNK:
        n += 1
    write(os.path.join(out, "kernel.json"),
          {"Type": "kernel", "Exceptions": kernel_exceptions(0, n)})
    return HEADER + KERNEL_RECORD * n


def add_file(path, lists):
    sigs = [{"sig_id": "big-%02d" % s, "sig_type": "codeblocks", "score": 1,
             "hashes": [["0x%08x" % (s << 20 | l << 10 | h) for h in range(250)]
                        for l in range(lists)]}
            for s in range(ADDED_MAX_SIGS)]
    write(os.path.join(path, "signatures.json"), {"Type": "signatures", "Signatures": sigs})
    write(os.path.join(path, "kernel.json"), {"Type": "kernel", "Exceptions": [{
        "originator": "[kernel]", "victim": "[kernel]", "object_type": "driver code",
        "flags": "linux write", "signatures": [s["sig_id"] for s in sigs]}]})


def eval_largest(path):
    code = {"rip": "0xffffffff81000000", "bytes": "90" * 4096, "rip_offset": 2048,
            "blocks": ["0x%x" % (i + 1) for i in range(1024)]}
    write(path, {
        "kind": "km", "os": "linux", "os_version": "6.1.0",
        "originator": "drv00001.sys", "victim": "victim0001.sys", "object": "km-module",
        "old": "00" * 64, "new": "ff" * 64, "data": "ab" * 4096,
        "cmdline": "c" * 4000, "code": code, "return_code": code,
        "export": {"library": "lib001.dll", "functions": ["Func%d" % i for i in range(16)]},
    })


def main():
    out = sys.argv[1]
    kernel_tree(os.path.join(out, "kernel-1000000"), 1000000, 100)
    every_kind(os.path.join(out, "every-kind"), 2400)
    size = chunk_multiple(os.path.join(out, "chunk-multiple"), 3)
    with open(os.path.join(out, "chunk-multiple.size"), "w") as f:
        print(size, file=f)
    add_file(os.path.join(out, "add-largest"), 4)
    add_file(os.path.join(out, "add-too-large"), 5)
    eval_largest(os.path.join(out, "eval-largest.json"))


if __name__ == "__main__":
    main()
