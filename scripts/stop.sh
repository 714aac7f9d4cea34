#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# stop.sh - `make stop`: stop everything `make run` started.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
exec "$top/scripts/stack.sh" stop "$top/var/run"
