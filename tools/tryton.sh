#!/bin/bash
# tryton.sh: a real Tryton 6.0 server for the accounting tests, on a loopback port, with a fresh SQLite
# database copied from a template that is initialised once and cached in build/tryton/.
#   tools/tryton.sh start DIR PORT    -> prints "url db user password" when the server answers
#   tools/tryton.sh stop DIR
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=$ROOT/build/tryton
NAME=wagenbuch
USER_LOGIN=wbintegration
USER_PASSWORD=Kx7Tq2vLm9zWp4rB
PY=/usr/bin/python3   # Debian's Python: a pyenv python3 earlier on PATH does not see trytond or proteus

conf() { # conf DIR PORT
	cat >"$1/trytond.conf" <<CONF
[database]
uri = sqlite://
path = $1
[web]
listen = 127.0.0.1:$2
[session]
authentications = password
CONF
}

template() {
	# The template is rebuilt when the setup script changes.
	local stamp
	stamp=$(sha256sum "$ROOT/tests/tryton/setup.py" | cut -c1-16)
	if [ -f "$CACHE/$NAME.sqlite" ] && [ "$(cat "$CACHE/stamp" 2>/dev/null)" = "$stamp" ]; then
		return
	fi
	rm -rf "$CACHE"
	mkdir -p "$CACHE"
	conf "$CACHE" 0
	: >"$CACHE/$NAME.sqlite"
	echo "tryton-admin-secret" >"$CACHE/adminpass"
	TRYTONPASSFILE=$CACHE/adminpass trytond-admin -c "$CACHE/trytond.conf" -d "$NAME" --all \
		-u account_invoice account_de_skr03 --activate-dependencies --email admin@example.org \
		>"$CACHE/init.log" 2>&1 || { cat "$CACHE/init.log" >&2; exit 1; }
	(cd "$CACHE" && DB_NAME=$NAME $PY "$ROOT/tests/tryton/setup.py" "$CACHE/trytond.conf" "$USER_LOGIN" "$USER_PASSWORD") \
		>"$CACHE/setup.log" 2>&1 || { cat "$CACHE/setup.log" >&2; exit 1; }
	echo "$stamp" >"$CACHE/stamp"
}

case ${1:-} in
start)
	DIR=${2:?DIR}; PORT=${3:?PORT}
	template
	mkdir -p "$DIR"
	cp "$CACHE/$NAME.sqlite" "$DIR/$NAME.sqlite"
	conf "$DIR" "$PORT"
	trytond -c "$DIR/trytond.conf" >"$DIR/trytond.log" 2>&1 &
	echo $! >"$DIR/trytond.pid"
	for _ in $(seq 1 150); do
		if curl -s -o /dev/null -m 1 -X POST -H 'Content-Type: application/json' \
			-d '{"method":"common.server.version","params":[],"id":1}' "http://127.0.0.1:$PORT/"; then
			echo "http://127.0.0.1:$PORT $NAME $USER_LOGIN $USER_PASSWORD"
			exit 0
		fi
		sleep 0.2
	done
	echo "tryton.sh: trytond did not answer on port $PORT (see $DIR/trytond.log)" >&2
	exit 1 ;;
stop)
	DIR=${2:?DIR}
	[ -f "$DIR/trytond.pid" ] && kill "$(cat "$DIR/trytond.pid")" 2>/dev/null || true
	rm -f "$DIR/trytond.pid" ;;
*) echo "usage: tools/tryton.sh start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
