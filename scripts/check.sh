#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# check.sh - `make check`: the source checks a reviewer would run first
# (docs/STYLE.md rules 5, 8, 11), plus cppcheck. Exits non-zero on any finding.
set -uo pipefail
cd "$(dirname "$0")/.."

fail=0
report() { printf 'check: %s\n' "$*"; fail=1; }

sources=$(git ls-files '*.c' '*.h' 2>/dev/null || find core server api portal tools bench fuzz tests -name '*.[ch]')

# Every source file says its licence (LICENSE: GPL-2.0-or-later) in an
# SPDX line near its top. Migrations are left as they were applied.
for f in $(git ls-files '*.c' '*.h' '*.sh' '*.py' '*.mjs' Makefile 2>/dev/null | grep -v '^db/migrations/'); do
	head -n 3 "$f" | grep -q 'SPDX-License-Identifier: GPL-2.0-or-later' ||
		report "no SPDX line in $f"
done

# 5. Bounded strings and checked parsers: these are banned everywhere.
if hits=$(grep -nE '\b(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|atoll)\s*\(' $sources); then
	report "banned functions (docs/STYLE.md rule 5):"
	echo "$hits"
fi

# 8. SQL only from literal strings with bound parameters: no SQL text
#    assembled with a printf-style %s.
if hits=$(grep -nEi '(printf|buf_printf|snprintf)\s*\([^;]*"[^"]*\b(select|insert|update|delete)\b[^"]*%s' $sources); then
	report "SQL assembled with %s (docs/STYLE.md rule 8):"
	echo "$hits"
fi

# 11. No secret reaches a log: no print of a passphrase, password or secret.
if hits=$(grep -nEi '\b(fprintf|printf|syslog|fputs|puts)\s*\([^;]*\b(passphrase|password|secret)\b[^;]*\)' \
	core/*.c server/*.c api/*.c portal/*.c | grep -viE '\[hidden\]|"[^"]*(passphrase|password|secret)[^"]*"'); then
	report "a secret may reach a log (docs/STYLE.md rule 11):"
	echo "$hits"
fi

# Every public header has a comment before its first declaration.
for h in core/*.h server/*.h api/*.h portal/*.h; do
	head -n 3 "$h" | grep -q '^/\*' || report "$h: no header comment"
done

if command -v cppcheck >/dev/null; then
	if ! cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,portability \
		--inline-suppr --suppress=missingIncludeSystem -I. \
		core server api portal tools 2>&1; then
		report "cppcheck found problems"
	fi
fi

[ $fail -eq 0 ] && echo "check: clean"
exit $fail
