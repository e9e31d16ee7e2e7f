# SPDX-License-Identifier: GPL-2.0
"""Validates the reStructuredText of Documentation/ with docutils, as
tests/host/docs.sh asks: rst_check.py FILE.rst prints nothing and exits 0
when the file parses without a warning and every toctree entry, image and
relative link it names exists.

Sphinx's toctree, which docutils does not know, is checked here: its
entries must be documents of the same directory.
"""
import os
import sys

import docutils.core
import docutils.nodes
from docutils.parsers.rst import Directive, directives

missing = []


class TocTree(Directive):
    has_content = True
    option_spec = {"maxdepth": directives.positive_int}

    def run(self):
        base = os.path.dirname(self.state.document.current_source)
        for entry in self.content:
            if entry.strip() and not os.path.exists(os.path.join(base, entry.strip() + ".rst")):
                missing.append("toctree entry %s" % entry.strip())
        return []


def check(path):
    directives.register_directive("toctree", TocTree)
    with open(path, encoding="utf-8") as f:
        doc = docutils.core.publish_doctree(
            f.read(), source_path=path,
            settings_overrides={"report_level": 2, "halt_level": 5, "warning_stream": sys.stdout})
    base = os.path.dirname(path)
    for node in doc.findall(docutils.nodes.image):
        if not os.path.exists(os.path.join(base, node["uri"])):
            missing.append("image %s" % node["uri"])
    for node in doc.findall(docutils.nodes.reference):
        uri = node.get("refuri", "")
        if uri and "://" not in uri and not os.path.exists(os.path.join(base, uri)):
            missing.append("link %s" % uri)
    for m in missing:
        print("%s: no %s" % (path, m))
    problems = [n for n in doc.findall(docutils.nodes.system_message) if n["level"] >= 2]
    return 1 if missing or problems else 0


if __name__ == "__main__":
    sys.exit(check(sys.argv[1]))
