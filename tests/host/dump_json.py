#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Checks excctl dump --json against its table in Documentation/compiler.rst.

    tests/host/dump_json.py EXCCTL FILE.bin...

Dumps each file as JSON and as text: the document must parse, hold one
record per line of the text form, and every field of it, at any depth, must
be in the table with the type the table gives; a field other commands print
too (Documentation/excctl-json.rst) must have the type it has there. Of a
file dump refuses (exit status 1) the error must be the one on stderr. Exit
status 1 names each fault.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
import json_fields  # noqa: E402  (the other commands' table and types)

DOC = os.path.join(os.path.dirname(__file__), "../../Documentation/compiler.rst")


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


TYPES = dict(json_fields.TYPES)
TYPES.update({
    "integer": is_int,
    "objects": lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v),
    "hex32lists": lambda v: isinstance(v, list) and all(TYPES["hex32s"](x) for x in v),
    "words": lambda v: isinstance(v, list) and
    all(x is None or (is_int(x) and 0 <= x <= 0xffff) for x in v),
})


def table():
    """The table of the section "dump --json": field -> type."""
    return json_fields.read_table(DOC, "\n``dump --json``\n", TYPES)


def check(value, fields, where, errors):
    json_fields.check(value, fields, where, errors, TYPES, DOC)


def unique(pairs):
    """An object whose keys are all different: json.loads keeps the last."""
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError(f"a key twice in {keys}")
    return dict(pairs)


def check_file(excctl, path, fields, errors):
    js = subprocess.run([excctl, "dump", "--json", path], capture_output=True, text=True)
    text = subprocess.run([excctl, "dump", path], capture_output=True, text=True)
    try:
        doc = json.loads(js.stdout, object_pairs_hook=unique)
    except ValueError as e:
        errors.append(f"{path}: not JSON: {e}")
        return set()
    check(doc, fields, path, errors)
    if js.returncode != text.returncode or js.stderr != text.stderr:
        errors.append(f"{path}: exit status or stderr differ from the text form's")
    if js.returncode and doc.get("error", "") + "\n" != js.stderr:
        errors.append(f"{path}: exit status {js.returncode} without the error of stderr")
    if "records" not in doc:
        return set()
    lines = text.stdout.splitlines()[1:]
    if len(doc["records"]) != len(lines):
        errors.append(f"{path}: {len(doc['records'])} records, {len(lines)} text lines")
    for rec, line in zip(doc["records"], lines):
        if not line.startswith(f"#{rec['record']} @{rec['offset']} "):
            errors.append(f"{path}: record {rec['record']} is not line {line[:20]!r}")
    return {r.get("record_type_name", f"type-{r['record_type']}") for r in doc["records"]}


def main():
    fields = table()
    shared = json_fields.fields()
    errors = [f"{name}: {kind} here, {shared[name]} in excctl-json.rst"
              for name, kind in fields.items() if shared.get(name, kind) != kind]
    seen = set()
    for path in sys.argv[2:]:
        seen |= check_file(sys.argv[1], path, fields, errors)
    for e in errors:
        print(e, file=sys.stderr)
    print(f"# record types seen: {' '.join(sorted(seen))}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
