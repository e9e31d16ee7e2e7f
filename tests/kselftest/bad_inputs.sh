#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Inside the test VM: the rows of Documentation/bad-inputs.rst that need the
# module (excctl load of every malformed exceptions file). KTAP.
cd "$(dirname "$0")/../.." || exit 1
exec python3 tests/bad-inputs/check.py --module
