#!/bin/sh
# tools/deps.sh - installs what gridkit needs to build and test, from
# Debian's packages (apt-get; through sudo when not root).  Installs only
# what is missing, so it is quick when everything is there.  --look: also
# what make look needs (headless Chromium, poppler-utils' pdftotext and a
# CJK font); CI does without them.
set -eu
look=""
[ "${1:-}" = --look ] && look="chromium poppler-utils fonts-noto-cjk"
pkgs="build-essential pkg-config libsqlite3-dev libjansson-dev
zlib1g-dev libgeos-dev libzip-dev libxml2-dev libfreexl-dev
libxlsxwriter-dev nettle-dev libmagic-dev sqlite3 mandoc gzip libxml2-utils
clang tzdata gettext
locales cppcheck gdal-bin jq groff-base man-db bsdextrautils tmux"
missing=""
for p in $pkgs $look; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
if [ -n "$missing" ]; then
	echo "installing:$missing" >&2
	$sudo apt-get update -qq
	# shellcheck disable=SC2086
	$sudo apt-get install -y -qq --no-install-recommends $missing
fi

# libFuzzer (make fuzz) ships with clang's runtime, in Debian 12 and later
# a package of its own named after clang's version.
fuzzer=$(clang -print-file-name=libclang_rt.fuzzer-x86_64.a)
if [ ! -f "$fuzzer" ]; then
	v=$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p')
	echo "installing: libclang-rt-$v-dev" >&2
	$sudo apt-get install -y -qq --no-install-recommends \
	    "libclang-rt-$v-dev"
fi

# The translation tests run the tools under LANG=zh_CN.UTF-8 too: the
# locale must exist (Debian generates only the ones /etc/locale.gen names).
if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	echo "generating: zh_CN.UTF-8 locale" >&2
	if [ -f /etc/locale.gen ]; then
		$sudo sed -i 's/^# *\(zh_CN\.UTF-8 UTF-8\)/\1/' /etc/locale.gen
		grep -q '^zh_CN\.UTF-8 UTF-8' /etc/locale.gen ||
		    echo 'zh_CN.UTF-8 UTF-8' | $sudo tee -a /etc/locale.gen >/dev/null
		$sudo locale-gen >/dev/null
	else
		$sudo localedef -i zh_CN -f UTF-8 zh_CN.UTF-8
	fi
fi
