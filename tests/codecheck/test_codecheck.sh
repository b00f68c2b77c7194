#!/bin/bash
# test_codecheck: tools/codecheck.sh passes on the tree and fails, naming the rule, on each planted violation.
# Prints one "ok"/"not ok" line per case and ends with "N passed, N failed".
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CHECK=$ROOT/tools/codecheck.sh
TMP=$(mktemp -d /tmp/wb-codecheck.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
PASSED=0 FAILED=0

ok() { PASSED=$((PASSED + 1)); echo "ok - $1"; }
not_ok() { FAILED=$((FAILED + 1)); echo "not ok - $1"; [ -n "${2:-}" ] && sed 's/^/#   /' <<<"$2"; }

fresh() { rm -rf "$TMP/tree"; mkdir -p "$TMP/tree"; cp -a "$ROOT/cgi-bin" "$TMP/tree/"; }

# plant NAME RULE FILE TEXT: appends TEXT to FILE in a fresh copy; codecheck must exit 1 naming RULE at FILE.
plant() {
	local name=$1 rule=$2 file=$3 text=$4 out rc
	fresh
	printf '%s\n' "$text" >>"$TMP/tree/cgi-bin/$file"
	out=$("$CHECK" --root "$TMP/tree" --quiet 2>&1)
	rc=$?
	if [ "$rc" -eq 1 ] && grep -q -F "$file" <<<"$out" && grep -q -F "[$rule]" <<<"$out"; then
		ok "$name is refused ([$rule])"
	else
		not_ok "$name is refused ([$rule]); exit $rc" "$out"
	fi
}

fresh
out=$("$CHECK" --root "$TMP/tree" --quiet 2>&1)
if [ $? -eq 0 ]; then ok "the tree as committed is clean"; else not_ok "the tree as committed is clean" "$out"; fi

plant "a ui file including db.h" sql ui/ui_login.c '#include "store/db.h"'
plant "a ui file calling sqlite3_" sql ui/ui_calendar.c 'static int planted(void) { return sqlite3_changes(0); }'
plant "a page calling sqlite3_" sql login.c 'static void planted(void) { sqlite3_sleep(1); }'
plant "a store file including an http header" layer lib/store/bookstore.c '#include "http/app.h"'
plant "a rules file including ClearSilver" layer lib/rules/booking.c '#include <ClearSilver.h>'
plant "a format file including a store header" direction lib/format/csvout.c '#include "store/billing.h"'
plant "base including rules" direction lib/base/money.c '#include "rules/pricing.h"'
plant "an include without its layer" direction ui/ui_admin.c '#include "db.h"'
plant "SQL built at run time" literal lib/store/trips.c 'static void planted(const char *q) { db_stmt(q); }'
plant "SQL prepared outside db.c" literal lib/store/trips.c 'static void planted(void) { sqlite3_prepare_v2(0, "SELECT 1", -1, 0, 0); }'
plant "an exported function without the prefix" prefix lib/store/trips.c 'int planted_function(void) { return 0; }'
plant "an exported type without the prefix" prefix lib/rules/booking.h 'struct planted_type { int x; };'

# A circle: utf8.h and money.h made to include each other.
fresh
printf '#include "base/money.h"\n' >>"$TMP/tree/cgi-bin/lib/base/utf8.h"
printf '#include "base/utf8.h"\n' >>"$TMP/tree/cgi-bin/lib/base/money.h"
out=$("$CHECK" --root "$TMP/tree" --quiet 2>&1)
if [ $? -eq 1 ] && grep -q -F '[circle]' <<<"$out"; then ok "an include circle is refused ([circle])"; else not_ok "an include circle is refused ([circle])" "$out"; fi

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
