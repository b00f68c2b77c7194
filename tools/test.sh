#!/bin/bash
# Runs the test suites against one build and ends with the line `N passed, N failed` that CI reads.
#   tools/test.sh --build DIR [--san] [--only unit|http|browser|fuzz]
# unit: every DIR/tests/test_* (cmocka); http: node --test tests/http/; browser: node --test tests/browser/;
# fuzz: tools/fuzz.sh --smoke (each libFuzzer target about 10 s; one test per target).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 1

BUILD='' SAN=0 ONLY=''
while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=${2:?}; shift 2 ;;
	--san) SAN=1; shift ;;
	--only) ONLY=${2:?}; shift 2 ;;
	*) echo "usage: tools/test.sh --build DIR [--san] [--only unit|http|browser]" >&2; exit 2 ;;
	esac
done
[ -n "$BUILD" ] || { echo "tools/test.sh: --build DIR is required" >&2; exit 2; }
case $ONLY in ''|unit|http|browser|fuzz) ;; *) echo "tools/test.sh: --only unit|http|browser|fuzz" >&2; exit 2 ;; esac
[ -d "$BUILD" ] || { echo "tools/test.sh: build directory $BUILD not found" >&2; echo "0 passed, 1 failed"; exit 1; }
BUILD=$(cd "$BUILD" && pwd)

if [ "$SAN" = 1 ]; then
	# The workers started by the HTTP tests inherit these through server.sh and spawn-fcgi;
	# their reports land in the server's log/ and make the harness's stop() fail.
	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
	# Third-party caches that live as long as the process (tests/lsan.supp says which).
	export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$ROOT/tests/lsan.supp:print_suppressions=0}
fi

PASSED=0 FAILED=0
CRASHES=()
TMP=$(mktemp -d /tmp/wb-test.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

section() { printf '\n==== %s\n' "$*"; }
want() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }

# ---- unit tests (cmocka): sum the summary lines of every group in every binary.
run_unit() {
	local t out rc p f n=0
	section "unit tests ($BUILD/tests)"
	for t in "$BUILD"/tests/test_*; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		n=$((n + 1))
		out=$TMP/$(basename "$t").out
		echo "-- $(basename "$t")"
		(cd "$ROOT" && "$t") >"$out" 2>&1
		rc=$?
		# Only the summary, the failures and anything unusual; a passing group's per-test lines are noise.
		grep -v -E '^\[ (RUN|      OK) +\]|^\[==========\]' "$out" | sed 's/^/   /'
		p=$(sed -n -E 's/^\[  PASSED  \] ([0-9]+) test\(s\)\..*/\1/p' "$out" | awk '{s+=$1} END {print s+0}')
		f=$(sed -n -E 's/^\[  FAILED  \] ([0-9]+) test\(s\).*/\1/p' "$out" | awk '{s+=$1} END {print s+0}')
		PASSED=$((PASSED + p)) FAILED=$((FAILED + f))
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
			CRASHES+=("$(basename "$t") exited with status $rc without reporting a failed test")
		elif [ "$rc" -eq 0 ] && [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
			CRASHES+=("$(basename "$t") printed no cmocka summary")
		fi
	done
	[ "$n" -gt 0 ] || echo "   (no unit test binaries in $BUILD/tests)"
}

# ---- the layering check: tests/codecheck/test_codecheck.sh plants each violation in a copy of the tree.
run_codecheck() {
	local out=$TMP/codecheck.out p f
	section "codecheck (tests/codecheck)"
	tests/codecheck/test_codecheck.sh >"$out" 2>&1
	sed 's/^/   /' "$out"
	p=$(sed -n -E 's/^([0-9]+) passed, ([0-9]+) failed$/\1/p' "$out" | tail -n 1)
	f=$(sed -n -E 's/^([0-9]+) passed, ([0-9]+) failed$/\2/p' "$out" | tail -n 1)
	if [ -z "$p" ] || [ -z "$f" ]; then
		CRASHES+=("tests/codecheck/test_codecheck.sh printed no summary")
		return
	fi
	PASSED=$((PASSED + p)) FAILED=$((FAILED + f))
}

# ---- node:test suites: spec output for people, TAP to a file for the tally.
run_node() {
	local dir=$1 name=$2 tap=$TMP/$2.tap rc p f
	section "$name tests ($dir)"
	if ! compgen -G "$dir/*.test.mjs" >/dev/null; then
		echo "   (no $dir/*.test.mjs)"
		return
	fi
	if ! tools/deps.sh --npm tests; then
		CRASHES+=("npm ci in tests/ failed")
		return
	fi
	WB_BUILD=$BUILD node --test --test-concurrency=1 \
		--test-reporter=spec --test-reporter-destination=stdout \
		--test-reporter=tap --test-reporter-destination="$tap" \
		"$dir/"
	rc=$?
	p=$(sed -n -E 's/^# pass ([0-9]+)$/\1/p' "$tap" 2>/dev/null | tail -n 1)
	f=$(sed -n -E 's/^# fail ([0-9]+)$/\1/p' "$tap" 2>/dev/null | tail -n 1)
	if [ -z "$p" ] || [ -z "$f" ]; then
		CRASHES+=("node --test $dir exited with status $rc without a summary")
		return
	fi
	PASSED=$((PASSED + p)) FAILED=$((FAILED + f))
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && CRASHES+=("node --test $dir exited with status $rc with no failed test")
	return 0
}

# ---- fuzz smoke run: each target counts as one test, passed when it ran without a crash.
run_fuzz() {
	local out=$TMP/fuzz.out p f
	section "fuzz smoke (tools/fuzz.sh --smoke)"
	# The targets carry their own sanitizers; the suite's ASAN_OPTIONS are for the workers.
	env -u ASAN_OPTIONS -u UBSAN_OPTIONS tools/fuzz.sh --smoke >"$out" 2>&1
	sed 's/^/   /' "$out"
	p=$(grep -c -E '^fuzz: [A-Za-z0-9_]+ pass$' "$out")
	f=$(grep -c -E '^fuzz: [A-Za-z0-9_]+ fail$' "$out")
	PASSED=$((PASSED + p)) FAILED=$((FAILED + f))
	[ "$p" -eq 0 ] && [ "$f" -eq 0 ] && CRASHES+=("tools/fuzz.sh --smoke reported no target")
	return 0
}

[ "$SAN" = 1 ] && echo "sanitizers: ASAN_OPTIONS=$ASAN_OPTIONS UBSAN_OPTIONS=$UBSAN_OPTIONS"
want unit && run_unit
[ "$SAN" = 0 ] && want unit && run_codecheck
want http && run_node tests/http http
want browser && run_node tests/browser browser
# The fuzz targets are sanitizer builds of their own: once per CI run is enough, not again under --san.
if [ "$SAN" = 0 ] || [ "$ONLY" = fuzz ]; then want fuzz && run_fuzz; fi

echo
for c in ${CRASHES[@]+"${CRASHES[@]}"}; do echo "CRASH: $c"; done
# A crashed runner counts as one failure so that the summary line never looks clean.
FAILED=$((FAILED + ${#CRASHES[@]}))
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
