# SPDX-License-Identifier: GPL-2.0
"""Random but valid input sets for the exceptions compiler.

Set number N of seed S is always the same set: a few signature files and
exception files of every kind, built to satisfy the rules of
shared/spec/compiler.md, with names chosen to reach the corners (paths,
predefined names, Unicode case, 14/15-character trims, \\x escapes, groups).
About one set in ten gets one deliberately bad element (a wrong value, a
wrong JSON type, a missing key, a signature out of range, malformed JSON
text), so that both compilers must also agree on refusing it.
"""
import json
import random

KM_TYPES = ["none", "any", "driver", "driver imports", "driver code", "driver data",
            "driver resources", "ssdt", "drvobj", "fastio", "msr", "cr4", "hal-heap",
            "selfmap", "idt", "idt-reg", "gdt-reg", "infinity-hook", "driver exports",
            "token-privs", "sud-exec", "hal-perf-counter", "security-descriptor",
            "acl-edit", "sud-modification", "interrupt-obj"]
KM_NEED_VICTIM = {"driver", "driver imports", "driver code", "driver data", "driver resources",
                  "drvobj", "fastio", "driver exports", "token-privs", "security-descriptor",
                  "acl-edit", "sud-modification"}
KM_NO_VICTIM = {"msr", "ssdt", "cr4", "idt", "idt-reg", "gdt-reg", "infinity-hook",
                "hal-perf-counter", "interrupt-obj"}
UM_TYPES = ["none", "any", "process", "module", "module imports", "nx_zone", "module exports",
            "thread-context", "peb32", "peb64", "apc-thread", "process-creation", "double-agent",
            "process-creation-dpi", "sud-exec", "instrumentation-callback"]
KUM_TYPES = ["none", "any", "module", "module imports", "module exports"]

COMMON = ["feedback", "32", "64", "init", "return", "linux", "read", "write", "exec", "ignore"]
KM_FLAGS = COMMON + ["non-driver", "smap", "smep", "integrity"]
UM_FLAGS = COMMON + ["system-process", "child", "one-time", "like-apphelp", "debug",
                     "reserved", "module-load"]
KUM_FLAGS = COMMON + ["non-driver", "return-drv", "smap", "smep", "integrity",
                      "system-process", "child", "module-load", "user", "kernel"]
SIG_FLAGS = ["32", "64", "medium", "linux", "cli"]

KM_NAMES = ["a.sys", "Foo.SYS", "\\SystemRoot\\System32\\Drivers\\Bar.SYS", "C:\\x\\Baz.sys",
            "/lib/modules/Foo.ko", "[kernel]", "[KERNEL]", "[hal]", "[own]", "*", "-",
            "ntoskrnl.exe", "\u00c4rger.sys", "\u03a3\u0399\u03a3\u03a5\u03a6\u039f\u03a3.sys",
            "\u0130stanbul.sys", "c:/x.sys", "ab", "\\\\y.sys", "\u00c4:\\d\\E.sys",
            "\U0001F600.sys", "hal.dll", "\\driver\\Atapi", "tcpip.sys", "NDIS.SYS",
            "averyveryverylongdriver.sys", "[sptd-drivers]", "[trufos-drvobjs]", "[SPTD-DRVOBJS]"]
KM_VICTIMS = ["ntoskrnl.exe", "Hal.dll", "[kernel]", "[hal]", "*", "\\Driver\\Disk",
              "\u00e9t\u00e9.sys", "SomeField", "lsass.exe", "averyveryverylongname.exe",
              "[sptd-drivers]", "[iexplore-wininet]", "[SPTD-Drivers]"]
# accepted in user flags only after a kernel-user exception (spec 5.1)
POLLUTING = ["smap", "integrity", "user", "non-driver"]
UM_NAMES = ["a.exe", "B.EXE", "explorer.exe", "averyveryverylongname.exe", "[own]", "[vdso]",
            "[vsyscall]", "*", "-", "ntdll.dll", "Kernel32.DLL", "[office apps]", "[python]",
            "[wow64-dlls]", "[Init-Parents]", "stra\u00dfe.exe", "STRA\u1e9eE.EXE",
            "\u039f\u0394\u03a5\u03a3\u03a3\u0395\u03a5\u03a3.exe", "\u0130.exe",
            "\U0001F600.exe", "winword.exe", "svchost.exe", "0123456789abcdefgh.exe",
            "\u0434\u043e\u043c.exe"]
ESCAPED = ["*\\x41b", "*\\xC4\\x80z", "*x\\x2a", "*\\x20long-escaped-name.exe"]
GLOB_PATTERNS = ["x*", "*.exe", "a?c", "[ab]*", "]x", "\\\\srv*", "*", "?", "[a-z]x*",
                 "Z*", "\u00e9*", "we*d.exe", "*[]", "y"]
GLOB_PLAIN = ["y", "z.exe", "Explorer.EXE", "", "a"]
MASKS = ["debug", "pivoted-stack", "stolen-token", "heap-spray", "token-privs",
         "thread-start", "security-descriptor", "acl-edit"]
LIBRARIES = ["ntdll.dll", "Kernel32.DLL", "*", "[vdso]", "-", "\u00fcber.dll", "user32.dll"]
FUNCTIONS = ["CreateFileW", "", "*", "-", "NtClose", "memcpy"]


# One bad value each (None: the key removed); the reference refuses them all.
EXC_SPOILS = [{"object_type": "no-such-type"}, {"object_type": ""}, {"object_type": ["any"]},
              {"flags": "write  bogus"}, {"flags": 7},
              {"signatures": ["no-such-signature"]}, {"signatures": "not-a-list-of-ids"},
              {"originator": {"name": "a.sys"}}, {"originator": None, "object_type": "any"}]
SIG_SPOILS = [{"sig_type": "no-such-signature-type"}, {"flags": "write"},
              {"sig_type": "codeblocks", "score": 1, "hashes": [["0xzz"]]}]


class Gen:
    def __init__(self, seed, index):
        self.r = random.Random(seed * 1_000_003 + index)
        self.sig_ids = []
        self.bad = self.r.random() < 0.1

    def flags(self, tokens, prob_none=0.3):
        r = self.r
        if r.random() < prob_none:
            return None
        return " ".join(r.sample(tokens, r.randint(1, 4)))

    def refs(self):
        r = self.r
        if not self.sig_ids or r.random() < 0.5:
            return None if r.random() < 0.5 else []
        return [r.choice(self.sig_ids) for _ in range(r.randint(1, 4))]

    def put(self, d, key, value):
        if value is not None:
            d[key] = value

    # ---- signatures
    def hexs(self, bits):
        v = self.r.getrandbits(bits)
        return ("0x%x" if self.r.random() < 0.7 else "%X") % v

    def signature(self, sid):
        r = self.r
        t = r.choice(["codeblocks", "export", "value", "value-code", "idt", "version-os",
                      "version-intro", "process-creation"])
        d = {"sig_id": sid, "sig_type": t}
        self.put(d, "flags", self.flags(SIG_FLAGS, 0.5))
        if t == "codeblocks":
            d["score"] = r.randint(1, 5)
            d["hashes"] = [[self.hexs(32) for _ in range(r.randint(1, 5))]
                           for _ in range(r.randint(1, 3))]
        elif t == "export":
            d["library"] = r.choice(LIBRARIES)
            d["hashes"] = [{"name": r.choice(FUNCTIONS),
                            "delta": r.choice([r.randint(0, 65535), str(r.randint(0, 99))])}
                           for _ in range(r.randint(1, 3))]
        elif t == "value":
            d["score"] = r.randint(1, 3)
            d["hashes"] = [{"offset": r.randint(0, 65535), "size": r.randint(0, 64),
                            "hash": self.hexs(32)} for _ in range(r.randint(1, 3))]
        elif t == "value-code":
            d["offset"] = r.choice([r.randint(-100, 100), 32767, -32768, None, 0])
            d["pattern"] = [r.choice(["0x100", self.hexs(8), "0x1ff"])
                            for _ in range(r.randint(1, 6))]
        elif t == "idt":
            d["entry"] = r.randint(0, 255)
        elif t == "version-os":
            if r.random() < 0.5:
                d["minimum"] = r.choice(["*", "7600", str(r.randint(0, 30000))])
                d["maximum"] = r.choice(["*", "19041", str(r.randint(0, 30000))])
            else:
                d["minimum"] = "%d.%d.%s" % (r.randint(0, 6), r.randint(0, 20),
                                             r.choice(["*", str(r.randint(0, 300))]))
                d["maximum"] = "%d.%d.%s" % (r.randint(0, 6), r.randint(0, 20),
                                             r.choice(["*", str(r.randint(0, 300))]))
        elif t == "version-intro":
            part = lambda: r.choice(["*", str(r.randint(0, 9))])
            d["minimum"] = "%s.%s.%s" % (part(), part(), part())
            d["maximum"] = "%s.%s.%s" % (part(), part(), part())
        else:
            d["create_mask"] = r.sample(MASKS, r.randint(0, 3))
        return d

    # ---- exceptions
    def kernel(self):
        r = self.r
        t = r.choice(KM_TYPES)
        d = {"object_type": t}
        fl = self.flags(KM_FLAGS)
        toks = fl.split(" ") if fl else []
        if t == "cr4" and "smep" not in toks and "smap" not in toks:
            fl = (fl + " " if fl else "") + "smep"
            toks.append("smep")
        orig = r.choice(KM_NAMES)
        if t in ("security-descriptor", "acl-edit"):
            if "integrity" not in toks:
                fl = (fl + " " if fl else "") + "integrity"
            orig = None
        elif t in ("token-privs", "sud-modification") and "integrity" in toks:
            orig = None
        elif t == "sud-modification" and r.random() < 0.2 and fl and "linux" in fl:
            orig = None
        self.put(d, "originator", orig)
        if t in KM_NEED_VICTIM or (t not in KM_NO_VICTIM and r.random() < 0.5):
            d["victim"] = r.choice(KM_VICTIMS)
        self.put(d, "flags", fl)
        self.put(d, "signatures", self.refs())
        return d

    def user(self, apc=False, glob=False):
        r = self.r
        t = r.choice(UM_TYPES)
        d = {"object_type": t}
        fl = self.flags(UM_FLAGS)
        if fl and r.random() < 0.01:
            fl += " " + r.choice(POLLUTING)
        toks = fl.split(" ") if fl else []
        if t == "nx_zone" and any(a in toks for a in ("read", "write", "exec")) \
                and "exec" not in toks:
            fl += " exec"
        names = GLOB_PATTERNS if glob else UM_NAMES
        d["originator"] = r.choice(names)
        if t in ("process", "module", "module imports") or (t != "nx_zone" and r.random() < 0.6):
            d["victim"] = r.choice(GLOB_PLAIN + GLOB_PATTERNS if glob else UM_NAMES)
            if d["victim"] == "" and t in ("process", "module", "module imports"):
                d["victim"] = "a"
        elif glob:
            d["victim"] = ""
        elif t == "nx_zone" and not apc and r.random() < 0.3:
            d["victim"] = "*"
        if t in ("module", "module imports") or (t != "process" and r.random() < 0.4):
            d["process"] = r.choice(GLOB_PLAIN[:3] + GLOB_PATTERNS if glob else UM_NAMES)
            if d["process"] == "":
                d["process"] = "p.exe"
        if not apc and not glob and r.random() < 0.1:
            key = r.choice(["process"] if t == "process" else ["originator", "process"])
            if key == "process" and t == "process":
                key = "originator"
            # escapes are hashed narrow only: process, or a process-like originator
            if key == "process" or (t in ("process", "thread-context", "peb32", "peb64",
                                          "apc-thread", "instrumentation-callback")
                                    and not (fl and "module-load" in fl)):
                d[key] = r.choice(ESCAPED)
        if glob and not any(c in d["originator"] + d.get("victim", "") + d.get("process", "")
                            for c in "*?[]"):
            d["originator"] += "*"
        self.put(d, "flags", fl)
        self.put(d, "signatures", self.refs())
        return d

    def kernel_user(self):
        r = self.r
        d = {"object_type": r.choice(KUM_TYPES),
             "originator": r.choice(KM_NAMES + ["svchost.exe", "[kernel]"]),
             "victim": r.choice(UM_NAMES + ["[kernel]", "[hal]"])}
        if r.random() < 0.5:
            d["process"] = r.choice(UM_NAMES)
        fl = self.flags(KUM_FLAGS)
        if fl and "user" in fl.split(" ") and "kernel" in fl.split(" "):
            fl = fl.replace("kernel", "init")
        self.put(d, "flags", fl)
        self.put(d, "signatures", self.refs())
        return d

    def spoil(self, d):
        """One bad element: the reference refuses it, so must excctl."""
        # an originator where none may be would be a second fault
        spoils = [s for s in EXC_SPOILS if "originator" in d or "originator" not in s]
        for key, value in self.r.choice(spoils).items():
            if value is None:
                d.pop(key, None)
            else:
                d[key] = value
        return d

    def spoil_signature(self, sigs):
        """One bad signature, or one sig_id twice."""
        d = self.r.choice(sigs)
        spoil = self.r.choice(SIG_SPOILS + [None])
        if spoil is None:
            sigs.append(dict(d))
        else:
            d.update(spoil)

    def exceptions(self, kind, n):
        make = {"kernel": self.kernel, "user": self.user,
                "user-apc": lambda: self.user(apc=True),
                "user-glob-match": lambda: self.user(glob=True),
                "kernel-user": self.kernel_user}[kind]
        return [make() for _ in range(n)]


def text(obj, r):
    """JSON with // comments now and then, sometimes CRLF."""
    s = json.dumps(obj, indent=r.choice([None, 2, 4]), ensure_ascii=r.random() < 0.5)
    if r.random() < 0.3:
        s = "// generated\n" + s + "\n// end"
    if r.random() < 0.1:
        s = s.replace("\n", "\r\n")
    return s


def make_set(seed, index, max_exceptions=12):
    """[(relative path, text)]: signature files first, in the order to pass them."""
    g = Gen(seed, index)
    r = g.r
    files = []
    nsig_files = r.choice([0, 1, 1, 1, 2])
    k = 0
    for f in range(nsig_files):
        sigs = []
        for _ in range(r.randint(1, 6)):
            sid = r.choice(["sig-%d", "S%d", "s\u00e9%d"]) % k
            k += 1
            g.sig_ids.append(sid)
            sigs.append(g.signature(sid))
        if g.bad and f == 0 and r.random() < 0.3:
            g.spoil_signature(sigs)
            g.bad = False
        files.append(("sigs/s%d.json" % f if r.random() < 0.5 else "s%d.json" % f,
                      {"Type": r.choice(["kernel", "user", "signatures"]), "Signatures": sigs}))
    kinds = ["kernel", "user", "user-apc", "user-glob-match", "kernel-user"]
    for f in range(r.randint(1, 4)):
        kind = r.choice(kinds)
        excs = g.exceptions(kind, r.randint(0, max_exceptions))
        if g.bad and excs and f == 0:
            g.spoil(r.choice(excs))
        sub = r.choice(["", "a/", "b/c/", "zz/"])
        files.append(("%sx%d-%s.json" % (sub, f, kind), {"Type": kind, "Exceptions": excs}))
    out = [(p, text(o, r)) for p, o in files]
    if g.bad and r.random() < 0.2:
        # malformed JSON text: one file cut short
        p, t = out[-1]
        out[-1] = (p, t[:r.randint(1, max(1, len(t) - 1))])
    return out
