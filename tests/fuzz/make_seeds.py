#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes the fuzzers' seed corpora, tests/fuzz/corpus/<target>/, from the
golden vectors, tests/eval and samples (rerun when those change):

    fuzz_load     every vector's exceptions.bin
    fuzz_compile  every vector's JSON files, NUL-separated, in the order
                  excctl compiles a directory; the samples
    fuzz_match    tests/eval/NN.json, a NUL, the vector NN.bin
    fuzz_eval     EVAL attributes of a few violations of every kind

    tests/fuzz/make_seeds.py [--shared ../shared]
"""
import argparse
import glob
import os
import re
import struct

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
CORPUS = os.path.join(TOP, "tests", "fuzz", "corpus")


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def compile_order(paths):
    """excctl's directory order: signature files first, then the rest, by path."""
    sigs = sorted(p for p in paths if b'"Signatures"' in read(p))
    return sigs + sorted(p for p in paths if p not in sigs)


def uapi_enum(name):
    """{constant: value} of one enum of the uapi header (implicit values only)."""
    text = read(os.path.join(TOP, "uapi", "linux", "kvmexc.h")).decode()
    body = re.search(r"enum %s \{(.*?)\};" % name, text, re.S).group(1)
    consts = re.findall(r"^\s*(KVMEXC_\w+)\s*,", body, re.M)
    return {c: i for i, c in enumerate(consts)}


A = uapi_enum("kvmexc_a_eval")
C = uapi_enum("kvmexc_a_code")
X = uapi_enum("kvmexc_a_export")


def nla(atype, payload=b""):
    attr = struct.pack("<HH", 4 + len(payload), atype) + payload
    return attr + b"\0" * (-len(attr) % 4)


def u8(a, v):
    return nla(A[a], struct.pack("<B", v))


def u32(a, v, table=A):
    return nla(table[a], struct.pack("<I", v))


def u64(a, v, table=A):
    return nla(table[a], struct.pack("<Q", v))


def code(attr, rip, blocks, code_bytes, rip_offset):
    inner = (u64("KVMEXC_A_CODE_RIP", rip, C) +
             nla(C["KVMEXC_A_CODE_BLOCKS"], struct.pack("<%dI" % len(blocks), *blocks)) +
             nla(C["KVMEXC_A_CODE_BYTES"], code_bytes) +
             u32("KVMEXC_A_CODE_RIP_OFFSET", rip_offset, C))
    return nla(A[attr], inner)


def violation(kind, obj, names=False, sigs=False):
    out = (u8("KVMEXC_A_EVAL_KIND", kind) + u8("KVMEXC_A_EVAL_OS", 0) +
           u32("KVMEXC_A_EVAL_FLAGS", 0x7) + u32("KVMEXC_A_EVAL_ZONE", 0) +
           u64("KVMEXC_A_EVAL_ZONE_FLAGS", 0x4 | 0x2000) + u32("KVMEXC_A_EVAL_OBJECT", obj) +
           u32("KVMEXC_A_EVAL_ORIGINATOR", 2) + u32("KVMEXC_A_EVAL_VICTIM", 0x12345678) +
           nla(A["KVMEXC_A_EVAL_OLD_VALUE"], b"\0" * 8) +
           nla(A["KVMEXC_A_EVAL_NEW_VALUE"], b"\x78\x56\x34\x12\0\0\0\0") +
           u32("KVMEXC_A_EVAL_SIZE", 8))
    if names:
        out += (nla(A["KVMEXC_A_EVAL_ORIGINATOR_NAME"], b"explorer.exe\0") +
                nla(A["KVMEXC_A_EVAL_VICTIM_NAME"], b"ntdll.dll\0") +
                nla(A["KVMEXC_A_EVAL_PROCESS_NAME"], b"/usr/bin/x\0") +
                nla(A["KVMEXC_A_EVAL_CMDLINE"], b"x --y\0"))
    if sigs:
        out += (code("KVMEXC_A_EVAL_CODE", 0xfffff80300001000, [1, 2, 3], b"\x0f\x01\xff\x90", 0) +
                code("KVMEXC_A_EVAL_RETURN_CODE", 0x401000, [7], b"\xc3", 0) +
                nla(A["KVMEXC_A_EVAL_EXPORT"],
                    nla(X["KVMEXC_A_EXPORT_KNOWN"]) + nla(X["KVMEXC_A_EXPORT_FOUND"]) +
                    u32("KVMEXC_A_EXPORT_LIBRARY", 0xabcdef01, X) +
                    nla(X["KVMEXC_A_EXPORT_NAMES"], struct.pack("<2I", 5, 9)) +
                    u32("KVMEXC_A_EXPORT_OFFSET", 4, X) + u32("KVMEXC_A_EXPORT_LENGTH", 8, X)) +
                nla(A["KVMEXC_A_EVAL_DATA"], b"injected") + u8("KVMEXC_A_EVAL_IDT_ENTRY", 14) +
                u64("KVMEXC_A_EVAL_OS_VERSION", 19041) +
                u64("KVMEXC_A_EVAL_ENGINE_VERSION", 1 << 48) + u32("KVMEXC_A_EVAL_PC_TYPE", 3))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(TOP, "..", "shared"))
    vectors = os.path.join(ap.parse_args().shared, "vectors")
    for b in sorted(glob.glob(os.path.join(vectors, "*.bin"))):
        name = os.path.basename(b)[:-4]
        write("fuzz_load", name, read(b))
        files = compile_order(glob.glob(os.path.join(vectors, name, "**", "*.json"),
                                        recursive=True))
        write("fuzz_compile", name, b"\0".join(read(p) for p in files))
        event = os.path.join(TOP, "tests", "eval", name + ".json")
        if os.path.exists(event):
            write("fuzz_match", name, read(event) + b"\0" + read(b))
    samples = sorted(glob.glob(os.path.join(TOP, "samples", "*", "*.json")))
    write("fuzz_compile", "samples", b"\0".join(read(p) for p in samples))
    for kind, obj, tag in ((1, 4, "km"), (2, 7, "um"), (3, 7, "kum")):
        write("fuzz_eval", tag, violation(kind, obj))
        write("fuzz_eval", tag + "_names", violation(kind, obj, names=True))
        write("fuzz_eval", tag + "_signatures", violation(kind, obj, names=True, sigs=True))


if __name__ == "__main__":
    main()
