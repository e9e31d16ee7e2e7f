#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Checks excctl's JSON documents against Documentation/excctl-json.rst.

Reads documents from standard input, one a line or one in all (-p), and
checks every field of every object in them, at any depth, against the
table "Fields" of the page: a field the table lacks, or a value of another
type, is an error. Exit status 1 names each.

    excctl list --json | tests/host/json_fields.py
"""
import json
import os
import re
import sys

DOC = os.path.join(os.path.dirname(__file__), "../../Documentation/excctl-json.rst")

HEX32 = re.compile(r"^0x[0-9a-f]{8}$")
HEX64 = re.compile(r"^0x[0-9a-f]{1,16}$")
HEXBYTES = re.compile(r"^(?:[0-9a-f]{2})*$")


def is_count(v):
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


TYPES = {
    "count": is_count,
    "string": lambda v: isinstance(v, str),
    "bool": lambda v: isinstance(v, bool),
    "hex32": lambda v: isinstance(v, str) and HEX32.match(v),
    "hex64": lambda v: isinstance(v, str) and HEX64.match(v),
    "hexbytes": lambda v: isinstance(v, str) and HEXBYTES.match(v),
    "object": lambda v: v is None or isinstance(v, dict),
    "strings": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
    "hex32s": lambda v: isinstance(v, list) and all(isinstance(x, str) and HEX32.match(x)
                                                     for x in v),
}


def read_table(doc, heading, types):
    """The table of @doc after @heading (an RST section): field -> type."""
    text = open(doc, encoding="utf-8").read()
    section = text.split(heading, 1)[1]
    table = {}
    rules = 0
    for line in section.splitlines():
        if line.startswith("===="):
            rules += 1
            if rules == 3:
                break
            continue
        if rules == 2 and line.strip():
            name, kind = line.split()[:2]
            if kind not in types:
                sys.exit(f"{doc}: field {name}: unknown type {kind}")
            table[name] = kind
    return table


def fields():
    """The table of the section "Fields" of excctl-json.rst."""
    return read_table(DOC, "\nFields\n======\n", TYPES)


def check(value, table, where, errors, types=TYPES, doc="Documentation/excctl-json.rst"):
    """Every field of @value, at any depth, as @table names and types it."""
    if isinstance(value, list):
        for i, item in enumerate(value):
            check(item, table, f"{where}[{i}]", errors, types, doc)
        return
    if not isinstance(value, dict):
        return
    for key, v in value.items():
        kind = table.get(key)
        if kind is None:
            errors.append(f"{where}.{key}: not in {doc}")
        elif not types[kind](v):
            errors.append(f"{where}.{key}: {v!r} is no {kind}")
        else:
            check(v, table, f"{where}.{key}", errors, types, doc)


def documents(text):
    text = text.strip()
    if not text:
        return []
    try:
        return [json.loads(text)]
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def main():
    table = fields()
    errors = []
    docs = documents(sys.stdin.read())
    if not docs:
        errors.append("no document")
    for n, doc in enumerate(docs):
        check(doc, table, f"document {n + 1}", errors)
    for e in errors:
        print(e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
