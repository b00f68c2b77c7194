#!/bin/bash
# Installs the Debian packages named on the command line that are missing, or the npm packages of a directory.
#   tools/deps.sh PKG...     apt-get install what dpkg does not report as installed; silent when all are there
#   tools/deps.sh --npm DIR  npm ci in DIR when DIR/node_modules is missing or older than DIR/package-lock.json
set -euo pipefail

die() { echo "deps.sh: $*" >&2; exit 1; }

if [ "${1:-}" = "--npm" ]; then
	dir=${2:?usage: tools/deps.sh --npm DIR}
	[ -f "$dir/package-lock.json" ] || die "$dir/package-lock.json not found"
	if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
		command -v npm >/dev/null || die "npm not found (install Node.js 20 with its bundled npm; never Debian's npm package)"
		echo "deps.sh: npm ci in $dir" >&2
		(cd "$dir" && npm ci --no-audit --no-fund) || die "npm ci in $dir failed"
		# npm ci may keep the directory's old mtime; mark it as current so the next run does nothing.
		touch "$dir/node_modules"
	fi
	exit 0
fi

[ $# -gt 0 ] || exit 0
missing=()
for p in "$@"; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$st" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

[ "$(id -u)" -eq 0 ] || die "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})"
echo "deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2 || die "apt-get update failed"
apt-get install -y --no-install-recommends "${missing[@]}" >&2 || die "apt-get install ${missing[*]} failed"
for p in "${missing[@]}"; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$st" = "install ok installed" ] || die "$p is still not installed"
done
