# SPDX-License-Identifier: GPL-2.0
"""Golden tests of excctl decode over shared/alerts (run by alerts_golden.sh).

For each NAME: the fields excctl decode --alert prints equal those of the
reference deserializer in NAME.alert.txt, except the values the reference
prints wrong (R9 shows R8, RoSize shows TextSize, Length shows None), which
are checked against the blob itself; excctl decode --exception --json equals
NAME.exception.txt after the corrections of Documentation/alerts.rst; the
derived exception compiles and allows the alert's own violation
(eval --offline); truncated and corrupt blobs fail naming the byte offset.
"""
import base64
import json
import os
import re
import struct
import subprocess
import sys
import tempfile

EXCCTL, ALERTS = sys.argv[1], sys.argv[2]
OBJ_RE = re.compile(r"-> Version: (\d+), Type: '.*' \((\d+)\), Size: (\d+)$")


def value(v):
    """A printed value, normalised: numbers as ints, strings unquoted."""
    v = v.strip().replace("\0", "\\x00")
    m = re.fullmatch(r"\((\d+(?:, \d+)*)\)", v)
    if m:   # the reference's byte tuples
        return " ".join("%02x" % int(x) for x in m.group(1).split(", "))
    if re.fullmatch(r"0x[0-9a-f]+|[0-9a-f]{16}", v):
        return int(v, 16)
    if re.fullmatch(r"\d+", v):
        return int(v)
    return v.strip("'")


def fields(text):
    """[(type, size, [(label, value)])] of an alert printout; header first."""
    objs = [(None, None, [])]
    last = None
    for line in text.split("\n"):
        m = OBJ_RE.search(line)
        if m:
            objs.append((int(m.group(2)), int(m.group(3)), []))
            last = None
            continue
        cur = objs[-1][2]
        if line.startswith("\t\t") or (last is not None and re.fullmatch(r"[0-9a-f]+", line)):
            cur[last] = (cur[last][0], cur[last][1] + [value(line)])
            continue
        m = re.match(r"\t(Process) '(.*)'$", line) or re.match(r"\t(->) (.*)$", line) or \
            re.match(r"\t([^:]+):(.*)$", line)
        if not m:
            continue
        v = value(m.group(2))
        cur.append((m.group(1), [] if v == "" or "bytes" in m.group(2) else [v]))
        last = len(cur) - 1
    return objs


def blob_objects(raw):
    """(type, payload) of every object, framed by Size: the test's own reader."""
    pos, out = 18, []
    while pos < len(raw):
        _, t, size = struct.unpack_from("<IHH", raw, pos)
        out.append((t, raw[pos + 8:pos + 8 + size]))
        pos += 8 + size
    return out


def corrected(raw):
    """The values the reference prints wrong, from the blob: {(type, label): [value]}."""
    fix = {}
    for t, p in blob_objects(raw):
        if t == 34:
            fix.setdefault((t, "R9"), []).append(struct.unpack_from("<Q", p, 72)[0])
        if t in (23, 24):
            fix.setdefault((t, "Init Layout RoSize"), []).append(struct.unpack_from("<I", p, 16)[0])
            fix.setdefault((t, "Core Layout RoSize"), []).append(struct.unpack_from("<I", p, 36)[0])
        if t in (36, 37):
            off = 4 if t == 36 else 0
            fix.setdefault((t, "Length"), []).append(struct.unpack_from("<I", p, off)[0])
    return fix


def check_alert(name, raw):
    ref = fields(open(os.path.join(ALERTS, name + ".alert.txt"), encoding="latin-1").read())
    out = subprocess.run([EXCCTL, "decode", "--alert", "--file",
                          os.path.join(ALERTS, name + ".b64")],
                         capture_output=True, check=True).stdout.decode("latin-1")
    got = fields(out)
    fix = corrected(raw)
    errors = []
    if len(ref) != len(got):
        return ["%d objects, the reference shows %d" % (len(got) - 1, len(ref) - 1)]
    for i, ((rt, rs, rf), (gt, gs, gf)) in enumerate(zip(ref, got)):
        if (rt, rs) != (gt, gs):
            errors.append("object %d: type/size %s/%s, reference %s/%s" % (i, gt, gs, rt, rs))
            continue
        mine = {}
        for label, v in gf:
            mine.setdefault(label, []).append(v)
        seen = {}
        for label, v in rf:
            k = seen[label] = seen.get(label, -1) + 1
            have = mine.get(label, [])
            if (rt, label) in fix:
                want = [fix[(rt, label)][sum(1 for o in ref[:i] if o[0] == rt)]]
            elif label in ("Raw length",):
                continue
            else:
                want = v
            if k >= len(have) or have[k] != want:
                errors.append("object %d (type %s) %s: %r, expected %r" %
                              (i, rt, label, have[k] if k < len(have) else None, want))
    return errors


def reference_exception(name):
    """The two JSON documents of NAME.exception.txt, corrected."""
    text = open(os.path.join(ALERTS, name + ".exception.txt")).read()
    docs = re.findall(r"-{20} \w+ JSON -{20}\n(.*?)\n-{60}", text, re.S)
    exc, sigs = (json.loads(d) for d in docs)
    guest = re.search(r"Guest: (\d+), Type (\d+)", text)
    linux = guest.group(1) == "2"

    def flags(f):
        words = f.split()
        if linux and "linux" not in words:
            words.insert(0, "linux")    # the reference drops it in ept_km
        return " ".join(words)

    for e in exc["Exceptions"]:
        e["signatures"] = e.pop("signature")
        e["flags"] = flags(e["flags"])
        for k in ("originator", "victim", "process"):
            if isinstance(e.get(k), str):
                e[k] = e[k].replace("\0", "")
    for s in sigs["Signatures"]:
        s["flags"] = flags(s["flags"])
        if s["sig_type"] == "codeblocks":
            s["hashes"] = [s["hashes"]]
        if isinstance(s.get("library"), str):
            s["library"] = s["library"].replace("\0", "")
    return {"exceptions": exc, "signatures": sigs}


def check_exception(name):
    out = subprocess.run([EXCCTL, "decode", "--exception", "--json", "--file",
                          os.path.join(ALERTS, name + ".b64")], capture_output=True, check=True)
    got = json.loads(out.stdout)
    want = reference_exception(name)
    return [] if got == want else ["got %s\nwant %s" % (json.dumps(got), json.dumps(want))]


def check_roundtrip(name):
    b64 = os.path.join(ALERTS, name + ".b64")
    with tempfile.TemporaryDirectory() as tmp:
        derived = json.loads(subprocess.run([EXCCTL, "decode", "--exception", "--json", "--file",
                                             b64], capture_output=True, check=True).stdout)
        os.mkdir(os.path.join(tmp, "in"))
        for key in ("exceptions", "signatures"):
            with open(os.path.join(tmp, "in", key + ".json"), "w") as f:
                json.dump(derived[key], f)
        with open(os.path.join(tmp, "event.json"), "wb") as f:
            f.write(subprocess.run([EXCCTL, "decode", "--event", "--file", b64],
                                   capture_output=True, check=True).stdout)
        c = subprocess.run([EXCCTL, "compile", "--output", os.path.join(tmp, "x.bin"),
                            os.path.join(tmp, "in")], capture_output=True, text=True)
        if c.returncode:
            return ["compile: " + c.stderr]
        e = subprocess.run([EXCCTL, "eval", "--offline", os.path.join(tmp, "x.bin"),
                            os.path.join(tmp, "event.json")], capture_output=True, text=True)
        d = json.loads(e.stdout) if e.returncode == 0 else {}
        if d.get("action") != "allow" or d.get("reason") != "allowed":
            return ["eval: " + e.stdout + e.stderr]
    return []


def decode_fails(raw, what, text=None):
    text = text if text is not None else base64.b64encode(raw).decode()
    r = subprocess.run([EXCCTL, "decode", "--alert", text], capture_output=True, text=True)
    m = re.search(r"(offset|character) (\d+)", r.stderr)
    if r.returncode != 1 or not m:
        return ["%s: status %d, stderr %r" % (what, r.returncode, r.stderr)]
    return [], int(m.group(2))


def check_corrupt(name, raw):
    errors = []
    objs, pos = [], 18
    for t, p in blob_objects(raw):
        objs.append(pos)
        pos += 8 + len(p)
    # Cut inside the header, inside an object header and inside a payload.
    for cut, at in ((10, 0), (objs[3] + 5, objs[3]), (objs[1] + 20, objs[1])):
        r = decode_fails(raw[:cut], "cut at %d" % cut)
        if isinstance(r, list):
            errors += r
        elif r[1] != at:
            errors.append("cut at %d: error names offset %d, not %d" % (cut, r[1], at))
    # A Size larger than what is left.
    bad = bytearray(raw)
    struct.pack_into("<H", bad, objs[1] + 6, 0xFFFF)
    r = decode_fails(bytes(bad), "size 0xffff")
    if isinstance(r, list):
        errors += r
    elif r[1] != objs[1]:
        errors.append("size 0xffff: offset %d, not %d" % (r[1], objs[1]))
    # A character that is not base64.
    text = base64.b64encode(raw).decode()
    r = decode_fails(None, "bad character", text[:100] + "*" + text[101:])
    if isinstance(r, list):
        errors += r
    elif r[1] != 100:
        errors.append("bad character: %d, not 100" % r[1])
    # Unknown type and version are shown and skipped.
    unk = bytearray(raw)
    struct.pack_into("<H", unk, objs[1] + 4, 99)
    struct.pack_into("<I", unk, objs[2], 7)
    r = subprocess.run([EXCCTL, "decode", "--alert", base64.b64encode(unk).decode()],
                       capture_output=True, text=True)
    if r.returncode or r.stdout.count("skipped: unknown") != 2:
        errors.append("unknown type/version: status %d %r" % (r.returncode, r.stderr))
    return errors


def main():
    names = sorted(n[:-4] for n in os.listdir(ALERTS) if n.endswith(".b64"))
    checks = [("alert", check_alert), ("exception", lambda n, r: check_exception(n)),
              ("roundtrip", lambda n, r: check_roundtrip(n)), ("corrupt", check_corrupt)]
    print("KTAP version 1")
    print("1..%d" % (len(names) * len(checks)))
    n, failed = 0, 0
    for name in names:
        raw = base64.b64decode(open(os.path.join(ALERTS, name + ".b64")).read())
        for what, check in checks:
            n += 1
            try:
                errors = check(name, raw)
            except (subprocess.CalledProcessError, ValueError, KeyError) as e:
                errors = [repr(e)]
            for e in errors:
                print("# " + e.replace("\n", "\n# "))
            print("%sok %d %s %s" % ("not " if errors else "", n, what, name))
            failed += bool(errors)
    return 1 if failed else 0


sys.exit(main())
