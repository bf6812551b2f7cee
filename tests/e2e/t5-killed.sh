#!/bin/sh
# grid-import killed in the middle of a large import (300,000 people from
# bench/gendistrict.c): the database is intact and holds what it held.
. "$(dirname "$0")/lib.sh"

ok "the generator compiles" cc -O2 -o "$T/gen" "$GRID_TOP/bench/gendistrict.c"
run "$T/gen" -p 300000 big
status 0 "300,000 people generated"
run grid-import -q big/regions.csv big/grids.csv big/houses.csv \
    big/households.csv
status 0 "the large district's registers load"

# the first 1000 people, one of them with another phone number, so that
# the large run would both insert and update
head -1001 big/people.csv |
    sed '2s/^\([^,]*,[^,]*,[^,]*,[^,]*,\)[0-9]*,/\113800000000,/' >first.csv
first=$(sed -n 2p first.csv | cut -d, -f1)
run grid-import -q -t people first.csv
status 0 "1000 people before"
count() {
	sql "SELECT count(*) || ' ' || (SELECT phone FROM people WHERE id_number = '$first') || ' ' || (SELECT count(*) FROM import_batches) FROM people"
}
before=$(count)
is "$before" "1000 13800000000 5" "before: 1000 people, the changed phone"

# kill_during SIGNAL: starts the large import, waits until it has written
# some of its transaction to the WAL, then sends SIGNAL.
# Under valgrind the import is some 50 times slower: wait longer for
# less progress.
if [ -n "${GRID_TEST_WRAPPER:-}" ]; then
	polls=2400 progress=1000000
else
	polls=300 progress=4000000
fi
wal_size() {
	if [ -f grid.db-wal ]; then wc -c <grid.db-wal; else echo 0; fi
}
kill_during() {
	wal0=$(wal_size)
	grid-import -q -t people big/people.csv 2>killed.err &
	pid=$!
	i=0
	while [ $i -lt "$polls" ]; do
		wal=$(($(wal_size) - wal0))
		[ "$wal" -gt "$progress" ] && break
		sleep 0.05
		i=$((i + 1))
	done
	ok "SIG$1: the import made progress (WAL +$wal bytes)" \
	    test "$wal" -gt "$progress"
	ok "SIG$1: the import was still running" kill -"$1" "$pid"
	wait "$pid"
	rc=$?
	is "$rc" "$2" "SIG$1: killed by the signal"
	is "$(sql 'PRAGMA integrity_check')" ok "SIG$1: integrity_check ok"
	is "$(sql 'PRAGMA foreign_key_check')" "" "SIG$1: foreign keys hold"
	is "$(count)" "$before" "SIG$1: people and import_batches as before"
}
kill_during KILL 137
kill_during TERM 143

run grid-import -t people first.csv
status 0 "the database is usable after the kills"
err_has "first.csv: 1000 read, 0 inserted, 0 updated, 1000 unchanged" \
    "the first 1000 people unchanged"
