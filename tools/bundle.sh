#!/bin/bash
# bundle: packs the shared-hosting tarball from the bundle programs (linked by `make bundle`): the six
# CGI programs, the .so files Debian ships only shared (found with ldd, glibc excepted) in
# wagenbuch/lib (the programs' run path is $ORIGIN/../../wagenbuch/lib), templates, schema, htdocs,
# the .htaccess files and INSTALL.txt naming the oldest glibc the programs need.
#   tools/bundle.sh BUILD VERSION
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${1:?build dir}; VERSION=${2:?version}
NAME=wagenbuch-shared-hosting-$VERSION
STAGE=$BUILD/bundle/stage
OUT=$BUILD/$NAME.tar.gz
rm -rf "$STAGE"
D=$STAGE/$NAME
mkdir -p "$D/public_html/cgi-bin" "$D/public_html/static" "$D/wagenbuch/lib" "$D/wagenbuch-data"
chmod 0700 "$D/wagenbuch-data"
for p in "$BUILD"/bundle/bin/*.cgi; do install -m 0755 "$p" "$D/public_html/cgi-bin/"; done
cp -R "$ROOT/htdocs/." "$D/public_html/static/"
cp -R "$ROOT/templates" "$D/wagenbuch/templates"
mkdir -p "$D/wagenbuch/schema"
cp "$ROOT"/schema/[0-9][0-9][0-9]_*.sql "$D/wagenbuch/schema/"
cp "$ROOT/deploy/shared-hosting/.htaccess" "$D/public_html/.htaccess"
# The cgi-bin/.htaccess lines that deploy/shared-hosting/.htaccess names at its end.
sed -n 's/^#   \(Options +ExecCGI\|AddHandler cgi-script \.cgi\|CGIPassAuth On\)[[:space:]]*$/\1/p' \
	"$ROOT/deploy/shared-hosting/.htaccess" >"$D/public_html/cgi-bin/.htaccess"
[ "$(wc -l <"$D/public_html/cgi-bin/.htaccess")" = 3 ] || { echo "bundle.sh: cgi-bin/.htaccess lines not found" >&2; exit 1; }

# Shared libraries other than glibc's go into wagenbuch/lib (their own dependencies too: ldd lists
# the whole closure). glibc itself (libc, libm, the loader, ...) is what the host must have.
glibc='^(linux-vdso|libc|libm|libpthread|libdl|librt|libresolv|ld-linux-x86-64)\.so'
for p in "$D"/public_html/cgi-bin/*.cgi; do
	ldd "$p" | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3}' | while read -r so path; do
		[[ $so =~ $glibc ]] && continue
		[ -e "$D/wagenbuch/lib/$so" ] && continue
		cp -L "$path" "$D/wagenbuch/lib/$so"
	done
done
chmod 0644 "$D"/wagenbuch/lib/* 2>/dev/null || true

# The oldest glibc that runs them: the highest GLIBC_x.y symbol version any program or library needs.
need=$(for f in "$D"/public_html/cgi-bin/*.cgi "$D"/wagenbuch/lib/*; do objdump -T "$f"; done 2>/dev/null |
	grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
libs=$(cd "$D/wagenbuch/lib" && ls | tr '\n' ' ')
sed -e "s/@VERSION@/$VERSION/g" -e "s/@GLIBC@/$need/g" -e "s/@LIBS@/${libs:-none}/g" \
	"$ROOT/deploy/shared-hosting/INSTALL.txt.in" >"$D/INSTALL.txt"
tar -C "$STAGE" --owner=0 --group=0 --numeric-owner -czf "$OUT" "$NAME"
rm -rf "$STAGE"
echo "bundle: $OUT (needs glibc $need; shared libraries bundled: ${libs:-none})"
