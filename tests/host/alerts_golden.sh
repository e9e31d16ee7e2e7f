#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# excctl decode against the reference deserializer's outputs in
# shared/alerts (alerts_golden.py says what is compared), KTAP on stdout.
cd "$(dirname "$0")/../.." || exit 1
exec python3 tests/host/alerts_golden.py "$PWD/ctl/excctl" "${SHARED:-../shared}/alerts"
