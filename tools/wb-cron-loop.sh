#!/bin/bash
# wb-cron-loop: runs BUILD/wb-cron every minute for `make run` (tools/server.sh --cron), logging to LOG,
# until it receives TERM. Production uses the systemd timer or the host's crontab (deploy/).
#   tools/wb-cron-loop.sh BUILD LOG   (WB_DB and WB_SCHEMA come from the environment)
BUILD=$1 LOG=$2
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; exit 0' TERM INT
while :; do
	"$BUILD/wb-cron" >>"$LOG" 2>&1
	sleep 60 &
	pid=$!
	wait "$pid"
	pid=
done
