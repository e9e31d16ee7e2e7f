#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The YNL spec of the family against the C that implements it.

Against uapi/linux/kvmexc.h: every operation, attribute set, attribute, enum
and multicast group, by name, value and (where the header's comment states
it) type; and what the header's comments say a command takes and replies
("PROTECT { GUEST_ID, GPA, ... } -> { ... }").

Against kmod/genl.c, where every policy and operation lives: each operation
is there with the spec's attribute set (its policy's and its maxattr), its
doit or dumpit, and admin-perm; each policy accepts what the spec's requests
carry and no more, with the spec's type and checks (min, max, min-len,
max-len), nests with the spec's nested set. And against the handlers
(kmod/nl_*.c): the attributes each reply, dump and notification puts are
those the spec says it carries, and a handler reads only its request's.

Prints KTAP; exits 1 on a difference."""
import os
import re
import sys

import yaml

HEADER = "uapi/linux/kvmexc.h"
SPEC = "Documentation/netlink/specs/kvmexc.yaml"
GENL = "kmod/genl.c"
KMOD = "kmod"


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


def strip_comments(text):
    return re.sub(r"/\*.*?\*/|//[^\n]*", " ", text, flags=re.S)


def c_defines(text):
    """{name: (params or None, body)} of the #defines of @text."""
    text = text.replace("\\\n", " ")
    out = {}
    for m in re.finditer(r"^#define\s+(\w+)(\(([^)]*)\))?[ \t]*(.*)$", text, re.M):
        params = [a.strip() for a in m.group(3).split(",")] if m.group(2) else None
        out[m.group(1)] = (params, strip_comments(m.group(4)).strip())
    return out


def split_args(text):
    """The comma-separated arguments of @text, split at the top level only."""
    args, depth, cur, quoted = [], 0, "", False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "({[":
            depth += 1
        elif not quoted and ch in ")}]":
            depth -= 1
        if ch == "," and not depth and not quoted:
            args.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        args.append(cur.strip())
    return args


def call_args(text, start):
    """The arguments of the call whose "(" is at @start, and where it ends."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if not depth:
            return split_args(text[start + 1:i]), i + 1
    raise ValueError("unbalanced call at %d" % start)


def expand(text, macros):
    """@text with the macros of @macros expanded, until none is left."""
    for _ in range(10):
        changed = False
        for name, (params, body) in macros.items():
            for m in reversed(list(re.finditer(r"\b%s\b" % name, text))):
                if params is None:
                    text = text[:m.start()] + body + text[m.end():]
                    changed = True
                    continue
                rest = text[m.end():]
                if not rest.lstrip().startswith("("):
                    continue
                paren = m.end() + len(rest) - len(rest.lstrip())
                args, end = call_args(text, paren)
                value = body
                for param, arg in zip(params, args):
                    value = re.sub(r"\b%s\b" % re.escape(param), arg, value)
                text = text[:m.start()] + value + text[end:]
                changed = True
        if not changed:
            return text
    raise ValueError("macros do not settle: " + text)


C_TYPE_SIZES = {"u8": 1, "u16": 2, "u32": 4, "u64": 8, "le16": 2, "le32": 4, "le64": 8}


def c_struct_sizes(text):
    """{struct name: size} of the header's packed structures."""
    sizes = {}
    for m in re.finditer(r"struct (\w+) \{(.*?)\n\} __attribute__\(\(packed\)\);", text, re.S):
        size = 0
        for f in re.finditer(r"(?:struct (\w+)|__(\w+))\s+\w+(?:\[(\d+)\])?;",
                             strip_comments(m.group(2))):
            one = sizes[f.group(1)] if f.group(1) else C_TYPE_SIZES[f.group(2)]
            size += one * int(f.group(3) or 1)
        sizes[m.group(1)] = size
    return sizes


class Evaluator:
    """C constant expressions of the policies: #defines, enums, sizeof."""

    def __init__(self, texts, enums, structs):
        self.values = {c: v for entries in enums.values() for c, v, _ in entries}
        self.defines = {}
        for t in texts:
            self.defines.update({n: b for n, (p, b) in c_defines(t).items() if p is None})
        self.structs = structs

    def __call__(self, expr):
        expr = re.sub(r"sizeof\(struct (\w+)\)", lambda m: str(self.structs[m.group(1)]), expr)
        for _ in range(10):
            names = [n for n in re.findall(r"\b[A-Za-z_]\w*\b", expr)]
            if not names:
                break
            for n in names:
                if n in self.values:
                    expr = re.sub(r"\b%s\b" % n, str(self.values[n]), expr)
                elif n in self.defines:
                    expr = re.sub(r"\b%s\b" % n, "(%s)" % self.defines[n], expr)
                else:
                    raise ValueError("cannot evaluate %s in %s" % (n, expr))
        expr = re.sub(r"\b(0x[0-9a-fA-F]+|\d+)[uUlL]+\b", r"\1", expr)
        return int(eval(expr, {"__builtins__": {}}))


NLA_TYPES = {
    "u8": {"NLA_U8"}, "u16": {"NLA_U16"}, "u32": {"NLA_U32"}, "u64": {"NLA_U64"},
    "s8": {"NLA_S8"}, "s16": {"NLA_S16"}, "s32": {"NLA_S32"}, "s64": {"NLA_S64"},
    "string": {"NLA_NUL_STRING", "NLA_STRING"}, "binary": {"NLA_BINARY"},
    "flag": {"NLA_FLAG"}, "nest": {"NLA_NESTED"},
}


def policy_entry(value, evaluate):
    """(NLA type, {check: value}, nested policy or None) of one entry."""
    value = value.strip()
    m = re.match(r"NLA_POLICY_(MIN|MAX|RANGE|MIN_LEN|NESTED)\((.*)\)$", value, re.S)
    if m:
        kind, args = m.group(1), split_args(m.group(2))
        if kind == "NESTED":
            return "NLA_NESTED", {}, args[0]
        if kind == "MIN_LEN":
            return "NLA_BINARY", {"min-len": evaluate(args[0])}, None
        tp, limits = args[0], [evaluate(a) for a in args[1:]]
        names = {"MIN": ["min"], "MAX": ["max"], "RANGE": ["min", "max"]}[kind]
        if tp == "NLA_BINARY":
            names = [n + "-len" for n in names]
        return tp, dict(zip(names, limits)), None
    m = re.match(r"\{(.*)\}$", value, re.S)
    if not m:
        raise ValueError("policy entry not understood: " + value)
    fields = dict(re.match(r"\.(\w+)\s*=\s*(.*)$", f, re.S).groups()
                  for f in split_args(m.group(1)))
    tp = fields.get("type", "NLA_UNSPEC")
    checks = {}
    if "len" in fields and tp in ("NLA_BINARY", "NLA_NUL_STRING", "NLA_STRING"):
        checks["max-len"] = evaluate(fields["len"])
    return tp, checks, None


def c_policies(text, macros, evaluate):
    """{policy: (size constant, {attribute constant: (type, checks, nested)})}."""
    policies = {}
    pattern = r"^(?:static )?const struct nla_policy (\w+)\[(\w+) \+ 1\] = \{\n(.*?)^\};"
    for m in re.finditer(pattern, text, re.S | re.M):
        entries = {}
        for item in split_args(strip_comments(m.group(3))):
            e = re.match(r"\[(\w+)(?:\s*\.\.\.\s*(\w+))?\]\s*=\s*(.*)$", item, re.S)
            if not e:
                raise ValueError("%s: entry not understood: %s" % (m.group(1), item))
            entry = policy_entry(expand(e.group(3), macros), evaluate)
            first = evaluate(e.group(1))
            last = evaluate(e.group(2)) if e.group(2) else first
            for value in range(first, last + 1):
                entries[value] = entry
        policies[m.group(1)] = (m.group(2), entries)
    return policies


def c_ops(text, macros):
    """[{field: value}] of the genl_ops table, macros expanded."""
    m = re.search(r"struct genl_ops \w+\[\] = \{(.*?)\n\};", text, re.S)
    ops = []
    for op in re.finditer(r"\{([^{}]*)\}", expand(strip_comments(m.group(1)), macros)):
        fields = {}
        for f in split_args(op.group(1)):
            k, v = re.match(r"\.(\w+)\s*=\s*(.*)$", f, re.S).groups()
            fields[k] = v.strip().strip("()").strip()
        ops.append(fields)
    return ops


def c_functions(paths):
    """{function: body} of the kernel-style C files @paths."""
    funcs = {}
    for path in paths:
        text = open(path).read()
        for m in re.finditer(r"^([^\n{};#][^{};#]*?)\b(\w+)\([^;{}]*\)\s*\n\{\n(.*?)\n\}\n",
                             text, re.S | re.M):
            funcs[m.group(2)] = strip_comments(m.group(3))
    return funcs


def without_calls(body, name):
    """@body without the calls of @name (their arguments included)."""
    while True:
        m = re.search(r"\b%s\s*\(" % name, body)
        if not m:
            return body
        _, end = call_args(body, m.end() - 1)
        body = body[:m.start()] + body[end:]


def reachable(funcs, start):
    """Every function of @funcs that @start calls or hands over, itself too.
    Notifications are sent apart from the reply: kvmexc_notify() is not followed."""
    seen, todo = set(), [start]
    while todo:
        f = todo.pop()
        if f in seen or f not in funcs:
            continue
        seen.add(f)
        body = re.sub(r"\b(?:struct|union|enum) \w+", " ", funcs[f])
        todo.extend(re.findall(r"\b\w+\b", without_calls(body, "kvmexc_notify")))
    return seen


def puts(funcs, names):
    """The attribute constants the functions @names put in a message."""
    out = set()
    for f in names:
        body = without_calls(funcs[f], "kvmexc_notify")
        out.update(re.findall(r"\bnla_(?:put\w*|nest_start\w*)\(\s*[\w>.-]+\s*,\s*(KVMEXC_A_\w+)", body))
    return out


def reads(funcs, names):
    """The attribute constants the functions @names read from a request."""
    out = set()
    for f in names:
        body = funcs[f]
        out.update(re.findall(r"\b(?:attrs|tb)\[(KVMEXC_A_\w+)\]", body))
        out.update(re.findall(r"\b(?:KVMEXC_REQUIRE|kvmexc_with_guest)\(\s*\w+\s*,\s*(KVMEXC_A_\w+)", body))
    return out


def header_commands(text):
    """[(COMMAND, [request attribute], [reply attribute] or None)] that the
    header's comments write as "COMMAND { A, [B] }" and "-> { C }"."""
    out = []
    for c in re.findall(r"/\*(.*?)\*/", text, re.S):
        c = " ".join(line.strip().lstrip("*").strip() for line in c.splitlines())
        for m in re.finditer(r"\b([A-Z][A-Z_]+) \{ ([^}]*) \}(?: -> \{ ([^}]*) \})?", c):
            attrs = [a.strip(" []") for a in m.group(2).split(",") if a.strip(" []")]
            reply = [a.strip() for a in m.group(3).split(",")] if m.group(3) else None
            out.append((m.group(1), attrs, reply))
    return out


def upper(name):
    return name.upper().replace("-", "_")


class Spec:
    """The spec's attribute sets and operations, by C constant too."""

    def __init__(self, spec):
        self.ops = spec["operations"]["list"]
        self.sets, self.values = {}, {}
        for aset in spec["attribute-sets"]:
            value = 0
            attrs = self.sets[aset["name"]] = {}
            values = self.values[aset["name"]] = {}
            for attr in aset["attributes"]:
                value = attr.get("value", value + 1)
                attrs[attr["name"]] = attr
                values[value] = attr["name"]

    @staticmethod
    def const(aset, attr):
        return "KVMEXC_A_%s_%s" % (upper(aset), upper(attr))

    def consts(self, aset, names):
        return {self.const(aset, n) for n in names}

    def nested(self, aset, names):
        """The constants of the sets nested in the attributes @names, pads aside."""
        out = set()
        for n in names:
            inner = self.sets[aset][n].get("nested-attributes")
            if inner:
                out |= self.consts(inner, [a for a, d in self.sets[inner].items()
                                           if d["type"] != "pad"])
                out |= self.nested(inner, self.sets[inner])
        return out

    @staticmethod
    def attrs(op, kind, part):
        return (op.get(kind) or {}).get(part, {}).get("attributes", [])


def names(consts):
    return " ".join(sorted(consts)) or "none"


FLAGS = {"GENL_ADMIN_PERM": "admin-perm", "GENL_UNS_ADMIN_PERM": "uns-admin-perm"}


def check_policy(check, sp, policies, pname, aset, wanted, what, seen):
    """Policy @pname against set @aset of the spec: it accepts @wanted only."""
    size, entries = policies[pname]
    accepted = {v: e for v, e in entries.items() if e[0] not in ("NLA_REJECT", "NLA_UNSPEC")}
    unknown = [v for v in accepted if v not in sp.values[aset]]
    got = {sp.values[aset][v] for v in accepted if v in sp.values[aset]}
    check(not unknown and got == set(wanted),
          f"{pname} accepts what {what} carry: {names(got ^ set(wanted)) if got != set(wanted) else 'yes'}"
          + (f", and values {unknown} the spec does not have" if unknown else ""))
    for v, (tp, checks, nested) in sorted(accepted.items()):
        name = sp.values[aset].get(v)
        if not name:
            continue
        attr = sp.sets[aset][name]
        ok = tp in NLA_TYPES.get(attr["type"], ()) and checks == attr.get("checks", {})
        inner = attr.get("nested-attributes")
        if nested or inner:
            ok = ok and nested in policies and inner and \
                policies[nested][0] == "KVMEXC_A_%s_MAX" % upper(inner)
        check(ok, f"{pname}[{sp.const(aset, name)}] is {tp} {checks or ''}"
              f"{' of ' + str(nested) if nested else ''}, as {aset}.{name} is "
              f"{attr['type']} {attr.get('checks', '')}{' of ' + inner if inner else ''}")
        if ok and nested and nested not in seen:
            seen.add(nested)
            check_policy(check, sp, policies, nested, inner,
                         [a for a, d in sp.sets[inner].items() if d["type"] != "pad"],
                         f"the {inner} nests", seen)


def check_genl(check, spec, header, enums):
    """The spec against kmod/genl.c and the handlers of kmod/nl_*.c."""
    sp = Spec(spec)
    genl = open(GENL).read()
    macros = c_defines(genl)
    headers = [open(os.path.join(d, f)).read() for d in (KMOD, os.path.join(KMOD, "core"))
               for f in sorted(os.listdir(d)) if f.endswith(".h")]
    for h in headers:
        enums.update(c_enums(h))
    evaluate = Evaluator([header] + headers + [genl], enums, c_struct_sizes(header))
    policies = c_policies(genl, macros, evaluate)
    ops = {o["cmd"]: o for o in c_ops(genl, macros)}
    funcs = c_functions(sorted(os.path.join(KMOD, f) for f in os.listdir(KMOD)
                               if f.endswith(".c")))
    users = {}

    for op in sp.ops:
        name, aset = op["name"], op["attribute-set"]
        cmd, kinds = "KVMEXC_CMD_" + upper(name), [k for k in ("do", "dump") if k in op]
        c = ops.get(cmd)
        if not kinds:
            check(c is None, f"{name} is a notification, no operation of genl.c")
            continue
        check(c is not None, f"operation {name} is in genl.c's table")
        if not c:
            continue
        check(("doit" in c, "dumpit" in c) == ("do" in op, "dump" in op),
              f"{name} has a {' and '.join(k + 'it' for k in kinds)} in genl.c")
        flags = {FLAGS.get(f.strip(), f.strip()) for f in c.get("flags", "").split("|") if f.strip()}
        check(flags == set(op.get("flags", [])), f"{name}: flags {names(flags)} in genl.c")
        max_const = "KVMEXC_A_%s_MAX" % upper(aset)
        check(c.get("maxattr") == max_const, f"{name}: maxattr {c.get('maxattr')} is {max_const}")
        pol = policies.get(c.get("policy"))
        check(pol is not None and pol[0] == max_const,
              f"{name}: its policy {c.get('policy')} is one of set {aset}")
        if pol and pol[0] == max_const:
            users.setdefault(c["policy"], []).append(op)

        handler = c.get("doit") or c.get("dumpit")
        reach = reachable(funcs, handler)
        check(handler in funcs, f"{name}: its handler {handler} is in kmod/")
        put, kind = puts(funcs, reach), kinds[0]
        own = {p for p in put if p.startswith("KVMEXC_A_%s_" % upper(aset))}
        reply = sp.attrs(op, kind, "reply")
        want = sp.consts(aset, reply)
        check(own == want, f"{name}: its {kind} reply puts what the spec's does: "
              + (names(own ^ want) + " differ" if own != want else names(want)))
        inner = sp.nested(aset, reply)
        check(put - own == inner, f"{name}: its reply's nests put what the spec's nested "
              "sets hold: " + (names((put - own) ^ inner) + " differ" if put - own != inner
                               else names(inner)))
        if kind == "do":
            replies = "kvmexc_reply_start" in reach
            check(replies == bool(reply),
                  f"{name}: {'a reply' if replies else 'only an acknowledgment'}, as the spec says")
        read = reads(funcs, reach) - sp.consts(aset, sp.attrs(op, kind, "request"))
        check(not read, f"{name}: its handler reads only its request's attributes: "
              + (names(read) + " are not in the spec's request" if read else "yes"))

    extra = set(ops) - {"KVMEXC_CMD_" + upper(o["name"]) for o in sp.ops}
    check(not extra, "every operation of genl.c is in the spec: " + names(extra))
    unused = set(policies) - set(users) - {n for _, e in policies.values()
                                           for _, _, n in e.values() if n}
    check(not unused, "every policy of genl.c is some operation's: " + names(unused))

    seen = set()
    for pname, using in users.items():
        aset = using[0]["attribute-set"]
        wanted = set()
        for op in using:
            for kind in ("do", "dump"):
                wanted.update(sp.attrs(op, kind, "request"))
        check_policy(check, sp, policies, pname, aset, wanted,
                     "the requests of " + ", ".join(o["name"] for o in using), seen)

    sent = {}
    for f, body in funcs.items():
        for m in re.finditer(r"\bkvmexc_notify\s*\(", body):
            args, _ = call_args(body, m.end() - 1)
            sent[args[0]] = args[2]
    for op in sp.ops:
        if "event" not in op:
            continue
        cmd, aset = "KVMEXC_CMD_" + upper(op["name"]), op["attribute-set"]
        fill = sent.pop(cmd, None)
        check(fill is not None and op.get("mcgrp") == KVMEXC_MCGRP,
              f'{op["name"]} is sent on "{KVMEXC_MCGRP}" by kvmexc_notify()')
        put = puts(funcs, reachable(funcs, fill)) if fill else set()
        want = sp.consts(aset, op["event"]["attributes"])
        check(put == want, f"{op['name']}: the notification puts what the spec's event "
              "carries: " + (names(put ^ want) + " differ" if put != want else names(want)))
    check(not sent, "every notification sent is an event of the spec: " + names(sent))


KVMEXC_MCGRP = "alerts"


def check_comments(check, spec, header):
    """What the header's comments write as "CMD { A, B } -> { C }"."""
    ops = {upper(o["name"]): o for o in spec["operations"]["list"]}
    for cmd, req, reply in header_commands(header):
        op = ops.get(cmd)
        check(op is not None, f"header: {cmd} {{ ... }} is an operation")
        if not op:
            continue
        kind = "do" if "do" in op else "dump"
        want = {upper(a) for a in Spec.attrs(op, kind, "request")}
        check(set(req) == want, f"header: {cmd} {{ {', '.join(req)} }} is the spec's request"
              + ("" if set(req) == want else ": " + names(set(req) ^ want) + " differ"))
        if reply is not None:
            want = {upper(a) for a in Spec.attrs(op, kind, "reply")}
            check(set(reply) == want, f"header: {cmd} -> {{ {', '.join(reply)} }} is the "
                  "spec's reply" + ("" if set(reply) == want else ": " + names(set(reply) ^ want)
                                    + " differ"))


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

    check_comments(check, spec, text)
    check_genl(check, spec, text, enums)

    print("KTAP version 1")
    print(f"1..{len(results)}")
    for i, (ok, what) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} ynl: {what}")
    failed = sum(not ok for ok, _ in results)
    if failed:
        print(f"ynl_check: {failed} differences between {SPEC} and the C", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
