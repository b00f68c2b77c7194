#!/bin/bash
# Runs the benchmarks of issue 6 against one build: large generated database, the real server, wrk; prints one table.
#   tools/bench.sh --build DIR [--seconds N] [--rss-requests N] [--mix-seconds N]
# Output in DIR/bench/: summary.tsv (name, value, unit, reference, ratio), machine.txt, facts.json, the
# database (var/) and the logs of the servers it started. Takes about 4 minutes on 2 cores; the
# measuring is in tests/bench/bench.py, the data generator in tests/bench/gen.py.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

BUILD='' EXTRA=()
while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=${2:?}; shift 2 ;;
	--seconds|--rss-requests|--mix-seconds) EXTRA+=("$1" "${2:?}"); shift 2 ;;
	*) echo "usage: tools/bench.sh --build DIR [--seconds N] [--rss-requests N] [--mix-seconds N]" >&2; exit 2 ;;
	esac
done
[ -n "$BUILD" ] || { echo "tools/bench.sh: --build DIR is required" >&2; exit 2; }
[ -x "$BUILD/calendar.fcgi" ] || { echo "tools/bench.sh: $BUILD/calendar.fcgi not found (run make all)" >&2; exit 1; }
case $BUILD in */san|*/san/) echo "tools/bench.sh: warning: benchmarking a sanitizer build" >&2 ;; esac
# wrk and fcgiwrap are Debian packages (fcgiwrap is in the Makefile's DEBS_TEST); python3 needs no modules.
tools/deps.sh wrk fcgiwrap

OUT=$BUILD/bench
mkdir -p "$OUT"
# Whatever happens to bench.py, no server it started outlives the run.
cleanup() {
	tools/server.sh stop --var "$OUT/var" >/dev/null 2>&1 || true
	tools/server.sh stop --var "$OUT/portal/var" >/dev/null 2>&1 || true
	local pid
	pid=$(cat "$OUT/ref/nginx.pid" 2>/dev/null || true)
	if [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "nginx"; then kill "$pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
python3 tests/bench/bench.py --build "$BUILD" --out "$OUT" ${EXTRA[@]+"${EXTRA[@]}"}
