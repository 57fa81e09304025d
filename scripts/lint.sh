#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Licence lint: every source file (.c, .h, .sh, .py, and the extensionless
# scripts under .ci/) names its licence with an SPDX line near its top, so
# a packager or a copied file never loses it.  Prints the files without it
# and exits 1; run by ctest (test lint_spdx).
set -eu
cd "${1:-$(dirname "$0")/..}"
missing=0
# the source tree, not build trees or fuzz corpora (data, not sources)
for f in $(find . \( -name .git -o -name 'build' -o -name 'build-*' \
    -o -name corpus \) -prune -o -type f \
    \( -name '*.[ch]' -o -name '*.sh' -o -name '*.py' -o -path './.ci/*' \) \
    -print | sort); do
	if ! head -n 5 "$f" | grep -q 'SPDX-License-Identifier: BSD-2-Clause'
	then
		echo "lint: $f: no 'SPDX-License-Identifier: BSD-2-Clause' line" \
		    "in its first 5 lines" >&2
		missing=$((missing + 1))
	fi
done
[ -r LICENSE ] || { echo "lint: LICENSE missing" >&2; missing=$((missing + 1)); }
if [ "$missing" -ne 0 ]; then
	echo "lint: $missing problem(s)" >&2
	exit 1
fi
echo "lint: every source file carries its SPDX line"
