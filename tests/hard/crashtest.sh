#!/bin/sh
# tests/hard/crashtest.sh [BUILD] - make crashtest: crash consistency.
#
# 1. kill -9 at CRASH_KILLS (20) random moments during a large grid-import
#    (CRASH_PEOPLE, 300,000 people of bench/gendistrict.c into a district
#    of 150,000 houses) and during bulk grid-case runs (CRASH_CASES,
#    100,000 NDJSON records: report - and register -, alternately).
#    After each kill: PRAGMA integrity_check is ok and a dump of the
#    database equals the dump before the run, or, when the kill came
#    after the commit, the dump of a run that finished; never anything
#    in between.
# 2. A full disk: the database, then the outputs, on a small tmpfs
#    (mounted as root, else in a user namespace with unshare -rm; the
#    test fails, saying why, when neither is possible): the message,
#    exit 74, and the database unchanged and usable.
#
# Prints TAP lines ("ok N - ...") and a summary with the figures; exits 1
# on any failure.  CRASH_SEED pins the random moments (printed);
# CRASH_USERNS=1 takes the user namespace even as root.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
inner=0
if [ "${1:-}" = --full-disk-inner ]; then
	# Run again by itself in a user namespace, for the full disk only:
	# BUILD, the number of checks so far, the work directory.
	inner=1 build=$2 W=$4
else
	build=${1:-build}
	W=$(mktemp -d "${TMPDIR:-/tmp}/gridkit-crash.XXXXXX")
fi
case $build in /*) ;; *) build=$top/$build ;; esac
kills=${CRASH_KILLS:-20}
people=${CRASH_PEOPLE:-300000}
ncases=${CRASH_CASES:-100000}
seed=${CRASH_SEED:-$(($(date +%s) % 100000))}
export LC_ALL=C TZ=Asia/Shanghai GRID_NOW=2026-06-15T10:00:00+08:00
export GRID_ACTOR=crashtest
unset GRID_DB GRID_BUSY_MS
import=$build/bin/grid-import
gcase=$build/bin/grid-case
gassign=$build/bin/grid-assign

mnt=$W/small
mounted=0
cleanup() {
	[ "$mounted" -eq 1 ] && umount "$mnt" 2>/dev/null
	cd / && rm -rf "$W"
}
[ "$inner" -eq 0 ] && trap cleanup EXIT
trap 'exit 1' INT TERM
cd "$W" || exit 1

n=0
failed=0
ok() {
	desc=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		failed=$((failed + 1))
	fi
}
is() {
	n=$((n + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $n - $3"
	else
		echo "not ok $n - $3: got '$1', expected '$2'"
		failed=$((failed + 1))
	fi
}
die() {
	echo "not ok $((n + 1)) - $*"
	exit 1
}

# digest DB [all]: a digest of the database's dump (without the rows of
# import_batches, which records rolled-back runs too, unless all).
digest() {
	if [ "${2:-}" = all ]; then
		sqlite3 -batch "$1" .dump
	else
		sqlite3 -batch "$1" .dump | grep -v '^INSERT INTO import_batches'
	fi | cksum | cut -d' ' -f1,2
}
integrity() {
	sqlite3 -batch "$1" 'PRAGMA integrity_check'
}
fresh() {
	rm -f "$2" "$2-wal" "$2-shm"
	cp "$1" "$2"
}

# ---- full disk -----------------------------------------------------------
# The fixtures of the e2e tests, on a tmpfs of 1 MB ($mnt).
full_disk() {
	fix=$top/tests/fixtures/district
	rm -rf "${mnt:?}"/* && mkdir -p "$W/fd" && cd "$W/fd" || return 1
	cp "$fix"/*.csv .
	db=$mnt/grid.db
	"$import" -q -d "$db" "$W/big/regions.csv" "$W/big/grids.csv" \
	    departments.csv || die "full disk: base import"
	grid=$(head -n 1 "$W/grids.txt")
	before=$(digest "$db")
	batches=$(sqlite3 "$db" 'SELECT count(*) FROM import_batches')
	# A large import into the small file system.
	"$import" -q -d "$db" -t houses "$W/big/houses.csv" 2>err
	is "$?" 74 "full disk: grid-import into a full database (exit 74)"
	ok "full disk: grid-import says the disk is full" \
	    grep -q "grid.db: .*database or disk is full" err
	ok "full disk: grid-import says nothing was written" \
	    grep -q "nothing was written: the run was rolled back" err
	is "$(integrity "$db")" ok "full disk: integrity_check ok"
	is "$(digest "$db")" "$before" "full disk: the registers unchanged"
	is "$(sqlite3 "$db" "SELECT count(*) FROM import_batches WHERE
	    status = 'committed'")" "$batches" \
	    "full disk: no committed batch added"
	# A bulk grid-case run into the small file system.
	awk -v n=20000 -v g="$grid" 'BEGIN { for (i = 0; i < n; i++)
		printf "{\"source\":\"hotline\",\"category\":\"E0102\"," \
		    "\"grid\":\"%s\",\"description\":\"full disk " \
		    "case %d\"}\n", g, i }' >reports.ndjson
	"$gcase" report - -q -d "$db" <reports.ndjson >out 2>err
	is "$?" 74 "full disk: bulk grid-case report - (exit 74)"
	ok "full disk: grid-case says the disk is full" \
	    grep -q "database or disk is full" err
	is "$(wc -c <out | tr -d ' ')" 0 "full disk: grid-case printed no change"
	is "$(integrity "$db")" ok "full disk: integrity_check ok after grid-case"
	is "$(digest "$db")" "$before" "full disk: unchanged after grid-case"
	"$gcase" report -d "$db" --source hotline --category E0102 \
	    --grid "$grid" -f tsv >out 2>err
	is "$?" 0 "full disk: the database still takes a case afterwards"
	# Outputs on a full file system, the database elsewhere.
	fresh "$db" "$W/fd/grid.db"
	rm -f "$db" "$db-wal" "$db-shm"
	db=$W/fd/grid.db
	"$import" -q -d "$db" workers.csv || die "full disk: workers"
	dd if=/dev/zero of="$mnt/filler" bs=64k 2>/dev/null
	before=$(digest "$db")
	"$gcase" list -d "$db" -f csv -o "$mnt/list.csv" 2>err
	is "$?" 74 "full disk: grid-case list -o (exit 74)"
	ok "full disk: grid-case list -o names the file and the error" \
	    grep -q "list.csv: write error: No space left on device" err
	"$gassign" workers -d "$db" -f csv -o "$mnt/workers.csv" 2>err
	is "$?" 74 "full disk: grid-assign workers -o (exit 74)"
	ok "full disk: grid-assign -o names the file and the error" \
	    grep -q "workers.csv: write error: No space left on device" err
	printf 'id_number,name\n110105194912310021,a\n' >bad.csv
	"$import" -d "$db" -t people -f csv -o "$mnt/sum.csv" bad.csv 2>err
	is "$?" 74 "full disk: grid-import -o, a row rejected too (exit 74)"
	"$import" -d "$db" -t people --reject "$mnt/rej.csv" bad.csv 2>err
	is "$?" 74 "full disk: grid-import --reject (exit 74)"
	ok "full disk: the reject file's error named" \
	    grep -q "rej.csv: write error: No space left on device" err
	"$gcase" list -d "$db" -f csv >/dev/full 2>err
	is "$?" 74 "a full standard output (/dev/full): exit 74"
	ok "a full standard output: said" \
	    grep -q "write error on standard output" err
	is "$(ls "$mnt")" filler "full disk: no output or temporary file left"
	is "$(digest "$db")" "$before" \
	    "full disk: outputs failing changed nothing but import_batches"
	rm -f "$mnt/filler"
	cd "$W" || return 1
}

if [ "$inner" -eq 1 ]; then
	n=$3
	mount -t tmpfs -o size=1m tmpfs "$mnt" ||
	    die "full disk: cannot mount a tmpfs in the user namespace"
	full_disk
	[ "$failed" -eq 0 ]
	exit
fi

# ---- the data ------------------------------------------------------------
for tool in "$import" "$gcase" "$gassign"; do
	[ -x "$tool" ] || die "$tool is not built"
done
command -v sqlite3 >/dev/null || die "sqlite3 (the shell) is needed"
cc -std=c11 -O2 -o "$W/gendistrict" "$top/bench/gendistrict.c" ||
    die "bench/gendistrict.c does not compile"
"$W/gendistrict" -p "$people" "$W/big" >/dev/null ||
    die "gendistrict -p $people failed"
"$import" -q -d base.db big/regions.csv big/grids.csv big/houses.csv \
    big/households.csv || die "the district does not load"
printf 'code,name\nCG01,城管局\nSW01,水务局\n' >departments.csv
"$import" -q -t departments -d base.db departments.csv ||
    die "departments do not load"
# 100,000 cases reported, for register -; the reports of the next run.
tail -n +2 big/grids.csv | cut -d, -f1 >grids.txt
reports() {
	awk -v n="$ncases" -v p="$1" 'BEGIN { srand(7) }
	{ g[ng++] = $0 }
	END { for (i = 0; i < n; i++)
		printf "{\"id\":\"%s%07d\",\"source\":\"hotline\"," \
		    "\"category\":\"E0102\",\"grid\":\"%s\"," \
		    "\"description\":\"crash test %d\"}\n", p, i, \
		    g[int(rand() * ng)], i }' grids.txt
}
reports A >a.ndjson
reports B >b.ndjson
cut -d, -f1 a.ndjson | sed 's/$/}/' >register.ndjson
"$gcase" report - -q -d base.db <a.ndjson >/dev/null ||
    die "the cases do not load"
sqlite3 base.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null

# run_import DB, run_report DB, run_register DB: the runs to kill.
run_import() {
	exec "$import" -q -t people -d "$1" big/people.csv
}
run_report() {
	exec "$gcase" report - -q -d "$1" <b.ndjson >/dev/null
}
run_register() {
	exec "$gcase" register - -q -d "$1" <register.ndjson >/dev/null
}

# finished RUN: runs it to the end on a copy; sets $secs (wall, 0.01 s
# units) and $after (the digest of the result).
finished() {
	fresh base.db done.db
	t0=$(date +%s%N)
	("run_$1" done.db) 2>/dev/null || die "$1 does not run to the end"
	t1=$(date +%s%N)
	secs=$(((t1 - t0) / 10000000))
	after=$(digest done.db all)
	# shellcheck disable=SC2034 # read back through eval as rows_RUN
	rows=$(digest done.db)
}
before=$(digest base.db all)

# moments COUNT: COUNT random fractions in [0.02, 1.0) of a run.
moments() {
	awk -v n="$1" -v s="$2" 'BEGIN { srand(s)
		for (i = 0; i < n; i++) printf "%.3f\n", 0.02 + 0.98 * rand() }'
}

# kill_runs RUN...: kills the runs (taken in turn) at $kills moments.
survived=0 committed=0 early=0
kill_runs() {
	for r in "$@"; do
		finished "$r"
		eval "secs_$r=\$secs after_$r=\$after rows_$r=\$rows"
	done
	i=0
	for f in $(moments $((kills * 3)) $((seed + $#))); do
		[ $i -ge "$kills" ] && break
		r=$1
		shift
		set -- "$@" "$r"
		eval "secs=\$secs_$r after=\$after_$r"
		delay=$(awk -v f="$f" -v s="$secs" 'BEGIN {
			printf "%.2f", f * s / 100 }')
		fresh base.db work.db
		("run_$r" work.db) 2>/dev/null &
		pid=$!
		sleep "$delay"
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		st=$?
		if [ "$st" -ne 137 ]; then
			early=$((early + 1))	# ended before the kill
			continue
		fi
		i=$((i + 1))
		got=$(digest work.db all)
		state=neither
		[ "$got" = "$before" ] && state=before
		[ "$got" = "$after" ] && state=after
		ok "$r killed at ${delay} s of $((secs / 100)).$((secs % 100)) s: integrity_check ok" \
		    test "$(integrity work.db)" = ok
		ok "$r killed at ${delay} s: the database as before (or as after the commit): $state" \
		    test "$state" != neither
		[ "$state" = after ] && committed=$((committed + 1))
		[ "$state" != neither ] && survived=$((survived + 1))
	done
	is "$i" "$kills" "$kills kills landed ($early runs ended first)"
}

echo "# seed $seed; $people people, $ncases cases"
kill_runs import
import_survived=$survived import_committed=$committed
survived=0 committed=0 early=0
kill_runs report register
case_survived=$survived case_committed=$committed

# The database is usable after a kill: the import, to the end.
fresh base.db work.db
(run_import work.db) 2>/dev/null &
pid=$!
sleep 0.5
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
(run_import work.db) 2>/dev/null
is "$?" 0 "after a kill, the import runs to the end"
# shellcheck disable=SC2154 # set through eval in kill_runs
is "$(digest work.db)" "$rows_import" \
    "after a kill, the import gives what an import without kill gives"

# ---- full disk -----------------------------------------------------------
mkdir -p "$mnt"
disk=failed
if [ "${CRASH_USERNS:-0}" != 1 ] && [ "$(id -u)" -eq 0 ] &&
    mount -t tmpfs -o size=1m tmpfs "$mnt" 2>/dev/null; then
	mounted=1
	full_disk && disk="tmpfs (root)"
	umount "$mnt" && mounted=0
elif command -v unshare >/dev/null &&
    unshare -rm true 2>/dev/null; then
	unshare -rm sh "$top/tests/hard/crashtest.sh" --full-disk-inner "$build" "$n" "$W" >disk.out
	st=$?
	cat disk.out
	n=$((n + $(grep -c '^\(not \)\{0,1\}ok ' disk.out)))
	f=$(grep -c '^not ok ' disk.out)
	failed=$((failed + f))
	[ "$st" -eq 0 ] && disk="tmpfs (user namespace)"
	[ "$st" -ne 0 ] && [ "$f" -eq 0 ] && failed=$((failed + 1))
else
	n=$((n + 1))
	echo "not ok $n - full disk: cannot mount a small tmpfs: not root," \
	    "and no user namespaces (unshare -rm)"
	failed=$((failed + 1))
fi

echo "# crashtest: $((import_survived + case_survived)) of $((kills * 2))" \
    "kills survived (grid-import $import_survived, of which" \
    "$import_committed after the commit; grid-case $case_survived, of" \
    "which $case_committed after the commit); full disk: $disk"
echo "# $n checks, $failed failed"
[ "$failed" -eq 0 ]
