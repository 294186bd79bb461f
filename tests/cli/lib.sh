# SPDX-License-Identifier: GPL-2.0
# Shared set-up of the CLI tests: run by tests/run.sh, or alone with the
# unsanitized build (bash tests/cli/test-X.sh after make klpreloc test-bins).
: "${TOPDIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${KLPRELOC:=$TOPDIR/build/klpreloc}"
: "${KLP_TOOLS:=$TOPDIR/build/tests/tools}"
if [ -z "${KLP_TMP:-}" ]; then
	KLP_TMP=$(mktemp -d)
	trap 'rm -rf "$KLP_TMP"' EXIT
fi
export TOPDIR KLPRELOC KLP_TOOLS KLP_TMP
. "$TOPDIR/tests/lib/tap.sh"
T=$KLP_TMP
SCHEMA=$TOPDIR/Documentation/klpreloc-json.schema.json
VALIDATE="python3 $TOPDIR/tests/cli/validate.py $SCHEMA"

# run CMD...: exit status in $rc, stdout in $T/out, stderr in $T/err
run() {
	rc=0
	"$@" >"$T/out" 2>"$T/err" || rc=$?
}

# show FILE...: the files as TAP comments, after a failed check
show() {
	sed 's/^/#   /' "$@" | head -20
}
