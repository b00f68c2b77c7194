#!/bin/bash
# Runs sqlmap (Debian package sqlmap) against a running Wagenbuch: the login form, the booking form
# (signed in, with a fresh CSRF token per request) and the export parameters (as administrator).
#   tests/attack/sqlmap.sh BASE_URL [SECONDS]
# BASE_URL like http://127.0.0.1:8080 (a server with the demo data); SECONDS bounds the whole run
# (default 120, split over the targets). Exits 0 when sqlmap found nothing, 1 when it reports an
# injection point, 2 when it could not run or did not test. KEEP=1 keeps its output in /tmp/wb-sqlmap.*. The last line is "sqlmap: clean" or "sqlmap: INJECTABLE".
set -uo pipefail

BASE=${1:?usage: tests/attack/sqlmap.sh BASE_URL [SECONDS]}
BASE=${BASE%/}
BUDGET=${2:-120}
command -v sqlmap >/dev/null || { echo "sqlmap: not installed (Debian package sqlmap)"; exit 2; }
command -v curl >/dev/null || { echo "sqlmap: curl missing"; exit 2; }

TMP=$(mktemp -d /tmp/wb-sqlmap.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$TMP"' EXIT

# The value of the first csrf hidden field of a page.
csrf_of() { sed -n -E 's/.*name="csrf" value="([0-9a-f]{64})".*/\1/p' | head -n 1; }
# A cookie's value from a curl cookie jar.
cookie_of() { awk -v n="$2" '$6 == n { print $7 }' "$1" | tail -n 1; }

# Signs in LOGIN/PASSWORD of organisation ORG; prints the session token. Retries for a while, since
# the login test leaves the client address throttled for the server's throttling window.
sign_in() {
	local jar=$TMP/jar.$1 token s i
	for i in 1 2 3 4 5 6 7 8 9 10; do
		rm -f "$jar"
		token=$(curl -s -c "$jar" -b "$jar" "$BASE/login" | csrf_of)
		curl -s -o /dev/null -c "$jar" -b "$jar" -H "Origin: $BASE" \
			--data-urlencode "org=$3" --data-urlencode "login=$1" --data-urlencode "password=$2" \
			--data-urlencode "csrf=$token" "$BASE/login"
		s=$(cookie_of "$jar" wb_session)
		[ -n "$s" ] && { echo "$s"; return; }
		sleep 1
	done
}

# Local date (Europe/Berlin) DAYS from today.
day() { TZ=Europe/Berlin date -d "+$1 days" +%Y-%m-%d; }

TARGETS=0
SECONDS=0
PER=$((BUDGET / 3)) # booking and export; the login form (slow: argon2id per attempt) gets the rest
FOUND=0
BROKEN=0

# Runs sqlmap with a time limit; OUTPUT in $TMP/NAME.out.
run() {
	local name=$1
	shift
	TARGETS=$((TARGETS + 1))
	echo "---- $name: sqlmap $*" | sed -E 's/(wb_session|wb_pre)=[0-9a-f]{64}/\1=…/g; s/csrf=[0-9a-f]{64}/csrf=…/g'
	timeout --signal=INT --kill-after=10 "$PER" sqlmap --batch --level=2 --risk=1 --time-sec=1 --timeout=10 --retries=0 \
		--flush-session --disable-coloring --output-dir="$TMP/out" "$@" >"$TMP/$name.out" 2>&1
	local rc=$?
	# The verdict lines: what sqlmap concluded per parameter, and any injection point it identified.
	grep -E "HTTP error codes|[0-9]{3} \(.*\) - [0-9]+ times" "$TMP/$name.out" | sed 's/^/   answers: /'
	grep -E "injectable|is vulnerable|identified the following injection point|all tested parameters|Parameter: |critical\]|ERROR" \
		"$TMP/$name.out" | sed 's/^/   /' | sort -u | head -n 40
	if grep -q -E "is vulnerable|identified the following injection point|appears to be .*injectable|Parameter: .* \((GET|POST)\)" "$TMP/$name.out"; then
		echo "   => $name: INJECTION REPORTED"
		FOUND=1
	elif [ "$(sed -n -E 's/.*403 \(Forbidden\) - ([0-9]+) times.*/\1/p' "$TMP/$name.out" | tail -n 1)" -gt 3 ] 2>/dev/null; then
		# Answers were 403: the CSRF token was not refreshed and the handler never saw the payloads.
		echo "   => $name: sqlmap's requests were refused with 403 (CSRF token not refreshed); not a valid test"
		BROKEN=1
	elif grep -q -E "does not seem to be injectable|do not appear to be injectable" "$TMP/$name.out"; then
		if [ "$rc" -eq 124 ] || [ "$rc" -eq 130 ]; then
			echo "   => $name: nothing found within ${PER}s (time limit reached)"
		else
			echo "   => $name: nothing found"
		fi
	else
		# sqlmap stopped before testing (bad option, no answer): not a clean result.
		echo "   => $name: sqlmap did not test (exit $rc):"
		grep -E "CRITICAL|ERROR" "$TMP/$name.out" | sed 's/^/      /' | head -n 5
		BROKEN=1
	fi
}

# 1. The booking form as NEUMANN: every field, a fresh csrf from the form page each time.
SESSION=$(sign_in NEUMANN neumann 1)
[ -n "$SESSION" ] || { echo "sqlmap: NEUMANN could not sign in"; exit 2; }
D=$(day 60)
run booking -u "$BASE/calendar/booking/new" \
	--data="vehicle=3&start=${D}T10:00&end=${D}T11:00&purpose=sqlmap&csrf=0" \
	--cookie="wb_session=$SESSION" --csrf-token=csrf --csrf-url="$BASE/calendar" --csrf-method=GET \
	-p vehicle,start,end,purpose

# 2. The export parameters as ADMIN (when the export page exists).
ADMIN=$(sign_in ADMIN admin 1)
[ -n "$ADMIN" ] || { echo "sqlmap: ADMIN could not sign in"; exit 2; }
# A period around today, so that the log is not empty (sqlmap needs content to compare).
FROM=$(TZ=Europe/Berlin date -d "$(date +%Y-%m-15) -1 month" +%Y-%m)
TO=$(TZ=Europe/Berlin date -d "$(date +%Y-%m-15) +1 month" +%Y-%m)
if [ "$(curl -s -o /dev/null -w '%{http_code}' -b "wb_session=$ADMIN" "$BASE/export/log?from=$FROM&to=$TO")" = 200 ]; then
	run export -u "$BASE/export/log?from=$FROM&to=$TO" --cookie="wb_session=$ADMIN" -p from,to
else
	echo "---- export: /export/log is not served (no export page yet); skipped"
fi

# sqlmap fetches the token with the target's method and data when --csrf-url equals the target URL
# (whatever --csrf-method says), which our CSRF check answers with 403: so the token comes from
# another URL of a page carrying the same token ("/login/" is the login page; the calendar has the
# session's token in its sign-out form).

# 3. The login form (last, since its failures throttle sign-ins): org, login and password; the prelogin cookie carries the CSRF token. Failed
# sign-ins are throttled (429) per login and per address: start the server with a short
# WB_LOGIN_WINDOW (the attack test uses 1 s) so that most of sqlmap's requests reach the handler.
curl -s -c "$TMP/jar.pre" "$BASE/login" >"$TMP/login.html"
PRE=$(cookie_of "$TMP/jar.pre" wb_pre)
TOKEN=$(csrf_of <"$TMP/login.html")
[ -n "$PRE" ] && [ -n "$TOKEN" ] || { echo "sqlmap: no login form at $BASE/login"; exit 2; }
PER=$((BUDGET - SECONDS)); [ "$PER" -lt 30 ] && PER=30
run login -u "$BASE/login" --data="org=1&login=NEUMANN&password=wrong&csrf=$TOKEN" \
	--cookie="wb_pre=$PRE" --csrf-token=csrf --csrf-url="$BASE/login/" --csrf-method=GET -p org,login,password

if [ "$FOUND" = 1 ]; then
	echo "sqlmap: INJECTABLE"
	exit 1
fi
if [ "$BROKEN" = 1 ]; then
	echo "sqlmap: did not run"
	exit 2
fi
echo "sqlmap: clean ($TARGETS targets)"
exit 0
