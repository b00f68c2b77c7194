#!/bin/bash
# Starts and stops a local Wagenbuch: nginx plus one spawn-fcgi/multiwatch pool per page executable, all state in one var dir.
#   tools/server.sh start --var DIR --build BUILDDIR --port N [--demo] [--workers N] [--cron]
#   tools/server.sh stop  --var DIR
# DIR gets wagenbuch.db, run/ (sockets, pid files), log/ and nginx/ (config, temp files).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
die() { echo "server.sh: $*" >&2; exit 1; }
usage() {
	echo "usage: tools/server.sh start --var DIR --build BUILDDIR --port N [--demo] [--workers N] [--cron]" >&2
	echo "       tools/server.sh stop --var DIR" >&2
	exit 2
}

cmd=${1:-}; [ $# -gt 0 ] && shift
VAR='' BUILD='' PORT='' DEMO=0 WORKERS=2 CRON=0
while [ $# -gt 0 ]; do
	case $1 in
	--var) VAR=${2:?}; shift 2 ;;
	--build) BUILD=${2:?}; shift 2 ;;
	--port) PORT=${2:?}; shift 2 ;;
	--workers) WORKERS=${2:?}; shift 2 ;;
	--demo) DEMO=1; shift ;;
	--cron) CRON=1; shift ;;  # run build/wb-cron every minute (make run)
	*) usage ;;
	esac
done
[ -n "$VAR" ] || usage
mkdir -p "$VAR"
VAR=$(cd "$VAR" && pwd)
RUN=$VAR/run LOG=$VAR/log NGX=$VAR/nginx DB=$VAR/wagenbuch.db

# pid_alive PIDFILE NAME: the pid in the file is a running process whose command line mentions NAME
# (so a pid reused by an unrelated process after a crash is never signalled).
pid_alive() {
	local pid cmd
	[ -f "$1" ] || return 1
	pid=$(tr -dc 0-9 <"$1")
	[ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
	cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
	[[ $cmd == *"$2"* ]]
}

pidfiles() {
	local f
	for f in "$RUN"/*.spawn.pid "$RUN"/nginx.pid "$RUN"/cron.pid; do [ -f "$f" ] && echo "$f"; done
	return 0
}

name_of() { case $1 in *nginx.pid) echo nginx ;; *cron.pid) echo wb-cron-loop ;; *) echo multiwatch ;; esac; }

# The processes to wait for: each pid and, for multiwatch, its worker children.
stop_all() {
	local f pid pids=() kids name i
	for f in $(pidfiles); do
		name=$(name_of "$f")
		if pid_alive "$f" "$name"; then
			pid=$(tr -dc 0-9 <"$f")
			pids+=("$pid")
			if [ "$name" = multiwatch ]; then
				mapfile -t kids < <(pgrep -P "$pid" || true)
				pids+=(${kids[@]+"${kids[@]}"})
			fi
			kill -TERM "$pid" 2>/dev/null || true
		fi
	done
	for ((i = 0; i < 100; i++)); do
		local left=()
		for pid in ${pids[@]+"${pids[@]}"}; do
			# A zombie has no cmdline and is gone as far as we care.
			[ -n "$(tr -d '\0' 2>/dev/null </proc/"$pid"/cmdline)" ] && left+=("$pid")
		done
		pids=(${left[@]+"${left[@]}"})
		[ ${#pids[@]} -eq 0 ] && break
		sleep 0.1
	done
	if [ ${#pids[@]} -gt 0 ]; then
		echo "server.sh: still running after 10 s, killing: ${pids[*]}" >&2
		kill -KILL "${pids[@]}" 2>/dev/null || true
		sleep 0.2
	fi
	for f in $(pidfiles); do rm -f "$f"; done
	rm -f "$RUN"/*.sock
}

case $cmd in
stop)
	[ -d "$RUN" ] || exit 0
	stop_all
	exit 0
	;;
start) ;;
*) usage ;;
esac

[ -n "$BUILD" ] && [ -n "$PORT" ] || usage
[[ $PORT =~ ^[0-9]+$ ]] || die "--port must be a number"
[[ $WORKERS =~ ^[1-9][0-9]*$ ]] || die "--workers must be a positive number"
[ -d "$BUILD" ] || die "build directory $BUILD not found (run make first)"
BUILD=$(cd "$BUILD" && pwd)
mkdir -p "$RUN" "$LOG" "$NGX/tmp"

for f in $(pidfiles); do
	if pid_alive "$f" "$(name_of "$f")"; then
		die "already running in $VAR (pid file $f); run: tools/server.sh stop --var $VAR"
	fi
done
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
	die "port $PORT is already in use (choose another with PORT=N or --port N)"
fi
# Leftovers of a crashed run.
for f in $(pidfiles); do rm -f "$f"; done
rm -f "$RUN"/*.sock

# ---- Database: migrations in order, each in one transaction, then user_version = highest number.
case ${WB_JOURNAL:-wal} in wal | WAL | delete | truncate | persist) ;; *) die "WB_JOURNAL must be wal, delete, truncate or persist" ;; esac
if [ ! -f "$DB" ]; then
	tmp=$DB.new
	rm -f "$tmp"
	version=0
	for m in "$ROOT"/schema/[0-9][0-9][0-9]_*.sql; do
		[ -f "$m" ] || continue
		n=$(basename "$m"); n=$((10#${n%%_*}))
		{ echo "BEGIN IMMEDIATE;"; cat "$m"; echo; echo "COMMIT;"; } |
			sqlite3 -bail "$tmp" >/dev/null || { rm -f "$tmp"; die "migration $m failed"; }
		version=$n
	done
	[ "$version" -gt 0 ] || die "no migrations in $ROOT/schema"
	sqlite3 -bail "$tmp" "PRAGMA user_version = $version;" || { rm -f "$tmp"; die "setting user_version failed"; }
	# WAL is a property of the file: set once here, so that workers starting together never race
	# to switch the journal mode.
	# WB_JOURNAL=delete (truncate, persist) is the rollback journal for file systems without shared
	# memory (deploy/README.md); the workers read the same variable.
	sqlite3 -bail "$tmp" "PRAGMA journal_mode = ${WB_JOURNAL:-WAL};" >/dev/null || { rm -f "$tmp"; die "setting the journal mode failed"; }
	if [ "$DEMO" = 1 ]; then
		{ echo "BEGIN IMMEDIATE;"; cat "$ROOT/schema/demo.sql"; echo; echo "COMMIT;"; } |
			sqlite3 -bail "$tmp" >/dev/null || { rm -f "$tmp"; die "schema/demo.sql failed"; }
	fi
	mv "$tmp" "$DB"
	if [ "$DEMO" = 1 ]; then what="schema version $version, demo data"; else what="schema version $version"; fi
	echo "server.sh: created $DB ($what)"
fi

# From here on, a failure stops whatever was started.
trap 'echo "server.sh: start failed, stopping" >&2; stop_all' ERR

# ---- FastCGI workers: one spawn-fcgi + multiwatch pool per page executable.
pages=()
for exe in "$BUILD"/*.fcgi; do
	[ -x "$exe" ] || continue
	page=$(basename "$exe" .fcgi)
	[[ $page =~ ^[a-z][a-z0-9_-]*$ ]] || { echo "server.sh: skipping $exe (odd name)" >&2; continue; }
	pages+=("$page")
	# spawn-fcgi closes the child's stdout/stderr; the exec keeps the pid (multiwatch's) and sends
	# multiwatch's and the workers' stderr (sanitizer reports, crashes) to log/PAGE.log.
	env WB_DB="$DB" WB_TEMPLATES="$ROOT/templates" WB_SCHEMA="$ROOT/schema" \
		spawn-fcgi -s "$RUN/$page.sock" -M 0660 -P "$RUN/$page.spawn.pid" -d "$ROOT" -- \
		/bin/sh -c 'log=$1; shift; exec "$@" 2>>"$log"' sh "$LOG/$page.log" \
		/usr/bin/multiwatch -f "$WORKERS" -r 10 -t 500 -- "$exe" >>"$LOG/spawn-fcgi.log" 2>&1 ||
		{ tail -n 5 "$LOG/spawn-fcgi.log" >&2; false; }
done
[ ${#pages[@]} -gt 0 ] || echo "server.sh: warning: no *.fcgi in $BUILD, serving static files only" >&2

# ---- nginx
# Debian's current fastcgi_params sends HTTP_HOST as $host, which drops the
# port, so the app's Origin check would refuse every POST on a non-default port. nginx would send a
# second HTTP_HOST rather than replace it, so use a copy without that line and name host:port here:
# this server listens on PORT only, with nothing in front, so that is what a browser's Origin names.
grep -v -E '^[[:space:]]*fastcgi_param[[:space:]]+HTTP_HOST[[:space:]]' /etc/nginx/fastcgi_params >"$NGX/fastcgi_params"
echo 'fastcgi_param  HTTP_HOST  $host:$server_port;' >>"$NGX/fastcgi_params"
# The headers of deploy/nginx/wagenbuch.conf's static and error locations (the app sends the same
# set, with a longer CSP, on its own answers).
SEC_HEADERS="			add_header Content-Security-Policy \"default-src 'self'; frame-ancestors 'none'\" always;
			add_header X-Frame-Options DENY always;
			add_header X-Content-Type-Options nosniff always;
			add_header Referrer-Policy same-origin always;"
{
	[ "$(id -u)" -eq 0 ] && echo "user root;  # workers must reach the 0660 sockets"
	cat <<EOF
worker_processes 1;
daemon on;
pid $RUN/nginx.pid;
error_log $LOG/nginx-error.log warn;

events { worker_connections 256; }

http {
	include /etc/nginx/mime.types;
	default_type application/octet-stream;
	access_log $LOG/nginx-access.log;
	client_body_temp_path $NGX/tmp/client_body;
	proxy_temp_path $NGX/tmp/proxy;
	fastcgi_temp_path $NGX/tmp/fastcgi;
	uwsgi_temp_path $NGX/tmp/uwsgi;
	scgi_temp_path $NGX/tmp/scgi;
	sendfile on;
	server_tokens off;
	absolute_redirect off;
	# The application enforces its own, smaller limits and answers 413 itself.
	client_max_body_size 20m;

	server {
		listen 127.0.0.1:$PORT;
		server_name localhost;

		# Security headers on what nginx answers itself: static files and its own error pages
		# (400 malformed, 404, 413 too large, 502 worker down...). The FastCGI locations below have
		# no add_header and inherit none (there is none at server level), so the application's
		# own headers are never doubled.
		error_page 400 494 /__error/400.html;
		error_page 403 /__error/403.html;
		error_page 404 /__error/404.html;
		error_page 405 /__error/405.html;
		error_page 408 /__error/408.html;
		error_page 413 /__error/413.html;
		error_page 414 /__error/414.html;
		error_page 500 /__error/500.html;
		error_page 502 /__error/502.html;
		error_page 503 /__error/503.html;
		error_page 504 /__error/504.html;

		location ^~ /static/ {
			alias $ROOT/htdocs/;
$SEC_HEADERS
		}
		location ^~ /__error/ {
			internal;
			alias $ROOT/htdocs/errors/;
$SEC_HEADERS
		}
		location = / { return 302 /calendar; }
		location / { return 404; }
EOF
	for page in ${pages[@]+"${pages[@]}"}; do
		cat <<EOF

		location ~ ^/$page(?:/|\$) {
			fastcgi_split_path_info ^(/$page)((?s:.*))\$;
			include $NGX/fastcgi_params;
			fastcgi_param PATH_INFO \$fastcgi_path_info;
			fastcgi_pass unix:$RUN/$page.sock;
		}
EOF
	done
	echo "	}"
	echo "}"
} >"$NGX/nginx.conf"

nginx -q -t -p "$NGX" -e "$LOG/nginx-error.log" -c nginx.conf >/dev/null 2>>"$LOG/nginx-error.log" ||
	{ tail -n 5 "$LOG/nginx-error.log" >&2; false; }
nginx -p "$NGX" -e "$LOG/nginx-error.log" -c nginx.conf ||
	{ tail -n 5 "$LOG/nginx-error.log" >&2; false; }

url=http://127.0.0.1:$PORT/
ok=0
for ((i = 0; i < 100; i++)); do
	if curl -s -o /dev/null --max-time 1 "$url"; then ok=1; break; fi
	sleep 0.1
done
if [ $ok = 0 ]; then
	echo "server.sh: $url did not answer within 10 s" >&2
	for f in "$LOG"/*.log; do echo "== $f" >&2; tail -n 10 "$f" >&2; done
	false
fi
# ---- Background work (outbox, reminders, expiries): wb-cron every minute.
if [ "$CRON" = 1 ] && [ -x "$BUILD/wb-cron" ]; then
	env WB_DB="$DB" WB_SCHEMA="$ROOT/schema" setsid "$ROOT/tools/wb-cron-loop.sh" "$BUILD" "$LOG/wb-cron.log" \
		</dev/null >/dev/null 2>&1 &
	echo $! >"$RUN/cron.pid"
fi
trap - ERR

echo "Wagenbuch runs at $url (${#pages[@]} pages: ${pages[*]:-none}; logs in $LOG)"
if [ "$DEMO" = 1 ]; then
	# The table of README.md's "Demo logins" section, plus the billing API's demo account.
	cat <<EOF
Demo logins (demo data only):
  Demo-CarSharing   ADMIN / admin      (administrator, demo portal operator)
  Demo-CarSharing   NEUMANN / neumann  (member)
  Zweite CSO        ADMIN2 / admin2    (administrator)
  Dritte CSO        ADMIN3 / admin3    (administrator)
  Demo-CarSharing   MEIER, HUBER, SCHMIDT, WAGNER / demo  (members)
  Zweite CSO        BERGER / demo      (member)
Billing API (organisation 1): BILLING / billing
  curl -u BILLING:billing ${url}api/v1/billing/getBillings/usergroup/1/datalimit/10
EOF
fi
# The stop command for exactly this var dir (make stop alone stops only the default var/).
if [ "$VAR" = "$ROOT/var" ]; then
	echo "Stop with: make stop   (or tools/server.sh stop --var $VAR)"
else
	printf 'Stop with: make stop VAR=%q   (or tools/server.sh stop --var %q)\n' "$VAR" "$VAR"
fi
