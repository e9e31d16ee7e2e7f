#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Documentation/bad-inputs.rst, row by row: every malformed file, JSON input
# and event gets exactly the error the table gives; every netlink row names
# a kselftest that checks it. KTAP, one result per row.
cd "$(dirname "$0")/../.." || exit 1
exec python3 tests/bad-inputs/check.py
