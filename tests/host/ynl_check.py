#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The YNL spec of the family against uapi/linux/kvmexc.h: every operation,
attribute set, attribute, enum and multicast group, by name, value and (where
the header's comment states it) type. Prints KTAP; exits 1 on a difference."""
import re
import sys

import yaml

HEADER = "uapi/linux/kvmexc.h"
SPEC = "Documentation/netlink/specs/kvmexc.yaml"


def c_enums(text):
    """{enum name: [(constant, value, type word or None)]} of the header."""
    enums = {}
    for m in re.finditer(r"enum (\w+) \{(.*?)\n\};", text, re.S):
        entries, value = [], -1
        for line in m.group(2).splitlines():
            e = re.match(r"\s*(\w+)(?:\s*=\s*([^,]+))?,?\s*(?:/\*\s*(\w+)[:\s,*].*)?$", line)
            if not e or line.strip().startswith(("/*", "*")):
                continue
            value = int(e.group(2), 0) if e.group(2) else value + 1
            entries.append((e.group(1), value, e.group(3)))
        enums[m.group(1)] = entries
    return enums


def upper(name):
    return name.upper().replace("-", "_")


def main():
    text = open(HEADER).read()
    spec = yaml.safe_load(open(SPEC))
    enums = c_enums(text)
    results = []

    def check(ok, what):
        results.append((ok, what))

    check(f'#define KVMEXC_FAMILY_NAME\t"{spec["name"]}"' in text, "family name")
    check(re.search(r"#define KVMEXC_FAMILY_VERSION\s+%d\b" % spec["version"], text)
          is not None, "family version")
    for grp in spec["mcast-groups"]["list"]:
        check(f'"{grp["name"]}"' in text, f"multicast group {grp['name']}")

    cmds = {c: v for c, v, _ in enums["kvmexc_cmd"]}
    value = 0
    seen = set()
    for op in spec["operations"]["list"]:
        value = op.get("value", value + 1)
        const = "KVMEXC_CMD_" + upper(op["name"])
        seen.add(const)
        check(cmds.get(const) == value, f"operation {op['name']} is {const} = {value}")
    extra = [c for c in cmds if c not in seen and not c.endswith(("_UNSPEC", "_MAX"))]
    check(not extra, "every command of the header is in the spec " + " ".join(extra))

    for aset in spec["attribute-sets"]:
        enum = "kvmexc_a_" + aset["name"].replace("-", "_")
        prefix = "KVMEXC_A_" + upper(aset["name"]) + "_"
        have = {c: (v, t) for c, v, t in enums.get(enum, [])}
        check(bool(have), f"attribute set {aset['name']} is enum {enum}")
        value, seen = 0, set()
        for attr in aset["attributes"]:
            value = attr.get("value", value + 1)
            const = prefix + upper(attr["name"])
            seen.add(const)
            got = have.get(const)
            ok = got is not None and got[0] == value
            ctype = got[1] if got else None
            if ok and ctype in ("u8", "u16", "u32", "u64", "string", "binary", "nest", "flag"):
                ok = ctype == attr["type"]
            check(ok, f"{aset['name']}.{attr['name']} is {const} = {value}, {attr['type']}")
        extra = [c for c in have if c not in seen and not c.endswith(("_UNSPEC", "_MAX"))]
        check(not extra, f"every attribute of {enum} is in the spec " + " ".join(extra))

    for d in spec.get("definitions", []):
        enum = "kvmexc_" + d["name"].replace("-", "_")
        prefix = upper(d.get("name-prefix", "kvmexc-" + d["name"] + "-"))
        have = {c: v for c, v, _ in enums.get(enum, [])}
        start = d.get("value-start", 0)
        for i, entry in enumerate(d["entries"], start):
            check(have.get(prefix + upper(entry)) == i, f"{d['name']}.{entry} = {i}")

    print("KTAP version 1")
    print(f"1..{len(results)}")
    for i, (ok, what) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} ynl: {what}")
    return 0 if all(ok for ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
