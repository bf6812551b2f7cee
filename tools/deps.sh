#!/bin/sh
# tools/deps.sh - installs what gridkit needs to build and test, from
# Debian's packages (apt-get; through sudo when not root).  Installs only
# what is missing, so it is quick when everything is there.
set -eu
pkgs="build-essential pkg-config libsqlite3-dev libjansson-dev libcsv-dev
zlib1g-dev libgeos-dev sqlite3 mandoc gzip libxml2-utils"
missing=""
for p in $pkgs; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -n "$missing" ] || exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
