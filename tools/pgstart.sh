#!/bin/sh
# tools/pgstart.sh - installs Debian's PostgreSQL server when missing,
# starts its cluster and gives the current user a superuser role of the
# same name, for make pgtest (tests/pg/).  Used by .ci/run; harmless to run
# again.
set -eu
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
if ! command -v pg_lsclusters >/dev/null 2>&1 ||
    [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
	echo "installing: postgresql" >&2
	$sudo apt-get install -y -qq --no-install-recommends postgresql >&2
fi
set -- $(pg_lsclusters -h | head -1)
[ $# -ge 4 ] || { echo "pgstart.sh: no PostgreSQL cluster" >&2; exit 69; }
if [ "$4" != online ]; then
	$sudo pg_ctlcluster "$1" "$2" start
fi
user=$(id -un)
as_postgres() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		sudo -u postgres "$@"
	fi
}
if [ "$(as_postgres psql -X -At -c "SELECT 1 FROM pg_roles WHERE rolname = '$user'")" != 1 ]; then
	as_postgres psql -X -q -c "CREATE ROLE \"$user\" SUPERUSER LOGIN"
fi
echo "PostgreSQL $1 ($2) online on port $3 for $user" >&2
