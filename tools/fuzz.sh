#!/bin/bash
# Builds the libFuzzer targets of tests/fuzz/ with clang against the cgi-bin/lib sources and runs each.
#   tools/fuzz.sh [--smoke] [--build-only] [TARGET...]
# FUZZ_SECONDS (default 60; 10 with --smoke) per target; FUZZ_JOBS targets at once (default: cores).
# Prints execs and crashes per target and a line "fuzz: TARGET pass|fail" for each; exits 1 on any
# crash, leak, timeout or invariant failure (the reproducer is in build/fuzz/artifacts/).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 1

SMOKE=0 BUILD_ONLY=0 TARGETS=()
while [ $# -gt 0 ]; do
	case $1 in
	--smoke) SMOKE=1; shift ;;
	--build-only) BUILD_ONLY=1; shift ;;
	-h|--help) sed -n '2,6p' "$0"; exit 0 ;;
	-*) echo "usage: tools/fuzz.sh [--smoke] [--build-only] [TARGET...]" >&2; exit 2 ;;
	*) TARGETS+=("${1%.c}"); shift ;;
	esac
done
if [ ${#TARGETS[@]} -eq 0 ]; then
	for f in tests/fuzz/fuzz_*.c; do TARGETS+=("$(basename "$f" .c)"); done
fi
SECONDS_PER=${FUZZ_SECONDS:-$([ "$SMOKE" = 1 ] && echo 10 || echo 60)}
JOBS=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}

CC=${FUZZ_CC:-clang}
command -v "$CC" >/dev/null || CC=clang-14
if ! command -v "$CC" >/dev/null; then
	echo "tools/fuzz.sh: clang not found (Debian package clang)" >&2
	for t in "${TARGETS[@]}"; do echo "fuzz: $t fail"; done
	exit 1
fi

OUT=build/fuzz
OBJ=$OUT/obj
mkdir -p "$OBJ" "$OUT/artifacts" "$OUT/logs"
SAN='-fsanitize=address,undefined -fno-sanitize-recover=undefined'
CFLAGS="-std=c17 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer -Wall -Wextra -Werror -Wno-unused-parameter \
 -I/usr/include/ClearSilver -Icgi-bin/lib -Icgi-bin $SAN"
LDLIBS='-lneo_cgi -lneo_cs -lneo_utl -lfcgi -lsqlite3 -lsodium -lcsv -lz -lm'

# Max input length per target, suited to what a request or file may hold in the parts fuzzed.
max_len() {
	case $1 in
	fuzz_urlencoded) echo 10000 ;;   # beyond RQ_MAX_QUERY, so the limit itself is exercised
	fuzz_multipart) echo 16384 ;;
	fuzz_cookie) echo 4096 ;;
	fuzz_datetime) echo 64 ;;
	fuzz_csv) echo 32768 ;;
	*) echo 4096 ;;
	esac
}

# ---- build: every lib source with the fuzzing flags (objects rebuilt when a source or header is newer).
build() {
	local newest_h src o failed=0 objs=()
	newest_h=$(ls -t cgi-bin/lib/*/*.h cgi-bin/ui/*.h | head -n 1)
	for src in cgi-bin/lib/*/*.c cgi-bin/ui/*.c; do
		o=$OBJ/$(basename "$src" .c).o
		if [ ! -f "$o" ] || [ "$src" -nt "$o" ] || [ "$newest_h" -nt "$o" ]; then
			# A module that does not compile (work in progress elsewhere) only matters if a target needs it.
			if ! $CC $CFLAGS -fsanitize=fuzzer-no-link -c -o "$o" "$src" 2>"$OUT/logs/$(basename "$src" .c).build"; then
				echo "fuzz: warning: $src does not compile with clang (see $OUT/logs/$(basename "$src" .c).build)" >&2
				rm -f "$o"
				continue
			fi
		fi
		objs+=("$o")
	done
	rm -f "$OUT/libwb-fuzz.a"
	ar rcs "$OUT/libwb-fuzz.a" "${objs[@]}" || return 1
	local t
	for t in "${TARGETS[@]}"; do
		if [ ! -f "tests/fuzz/$t.c" ]; then
			echo "fuzz: no tests/fuzz/$t.c" >&2
			failed=1
			continue
		fi
		if ! $CC $CFLAGS -fsanitize=fuzzer -o "$OUT/$t" "tests/fuzz/$t.c" "$OUT/libwb-fuzz.a" $LDLIBS \
			2>"$OUT/logs/$t.build"; then
			echo "fuzz: building $t failed:" >&2
			sed 's/^/   /' "$OUT/logs/$t.build" >&2
			rm -f "$OUT/$t"
			failed=1
		fi
	done
	return $failed
}

# ---- run one target; writes its summary to $OUT/logs/TARGET.result.
run_one() {
	local t=$1 log=$OUT/logs/$t.log dict=() corpus=$OUT/corpus/$t seeds=tests/fuzz/corpus/$t rc execs crashes start end
	mkdir -p "$corpus" "$seeds"
	[ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
	rm -f "$OUT/artifacts/$t-"*
	start=$(date +%s)
	# New inputs go to build/fuzz/corpus/TARGET; the seeds in tests/fuzz/corpus stay as committed.
	"$OUT/$t" -max_total_time="$SECONDS_PER" -max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -close_fd_mask=1 -artifact_prefix="$OUT/artifacts/$t-" "${dict[@]}" \
		"$corpus" "$seeds" >"$log" 2>&1
	rc=$?
	end=$(date +%s)
	execs=$(sed -n -E 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -n 1)
	crashes=$(find "$OUT/artifacts" -name "$t-*" -type f | wc -l)
	[ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ] && crashes=1
	echo "${execs:-0} $crashes $((end - start)) $rc" >"$OUT/logs/$t.result"
}

if ! build; then
	[ "$BUILD_ONLY" = 1 ] && exit 1
	BUILD_FAILED=1
else
	BUILD_FAILED=0
fi
[ "$BUILD_ONLY" = 1 ] && { echo "fuzz: built ${TARGETS[*]} in $OUT"; exit 0; }

echo "fuzz: ${#TARGETS[@]} targets, ${SECONDS_PER}s each, $JOBS at a time$([ "$SMOKE" = 1 ] && echo ' (smoke)')"
running=0
for t in "${TARGETS[@]}"; do
	rm -f "$OUT/logs/$t.result"
	[ -x "$OUT/$t" ] || continue
	run_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$JOBS" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait

FAIL=0
printf '%-18s %12s %8s %6s\n' target execs crashes secs
for t in "${TARGETS[@]}"; do
	if [ ! -f "$OUT/logs/$t.result" ]; then
		printf '%-18s %12s %8s %6s\n' "$t" - 'no build' -
		echo "fuzz: $t fail"
		FAIL=1
		continue
	fi
	read -r execs crashes secs rc <"$OUT/logs/$t.result"
	printf '%-18s %12s %8s %6s\n' "$t" "$execs" "$crashes" "$secs"
	if [ "$crashes" -ne 0 ]; then
		FAIL=1
		echo "fuzz: $t fail"
		for a in "$OUT/artifacts/$t-"*; do
			[ -f "$a" ] || continue
			echo "   reproducer: $a (run: $OUT/$t $a)"
		done
		grep -m 1 -E 'ERROR: |runtime error:|invariant failed|==[0-9]+==' "$OUT/logs/$t.log" | sed 's/^/   /'
		echo "   log: $OUT/logs/$t.log"
	else
		echo "fuzz: $t pass"
	fi
done
[ "$BUILD_FAILED" = 1 ] && FAIL=1
exit $FAIL
