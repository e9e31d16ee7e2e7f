#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The YNL spec matches the uapi header (Debian's python3 has PyYAML).
cd "$(dirname "$0")/../.." && exec /usr/bin/python3 tests/host/ynl_check.py
