#!/bin/sh
# bench/cases.sh [BUILD] - make bench (called by bench/run.sh): a year of
# generated historical cases (GRID_BENCH_CASES, default 1 M) imported with
# grid-import -t cases, then grid-case sweep with 1 k and with 100 k
# overdue open cases (GRID_BENCH_OVERDUE), then a bulk grid-case report -
# of 100 k NDJSON records (GRID_BENCH_REPORTS) in one transaction: wall
# time, rows per second and peak memory.  The grids are gendistrict's
# (bench/out/district-*, else generated with -p 10000); the cases are
# generated with awk into bench/out/cases/ (kept between runs).  Every run
# starts from a fresh copy of the imported database, with GRID_NOW pinned.
# The reports carry their own ids: the generated ones (report date and a
# four-digit daily number) run out after 9,999 cases in a day.
# Not part of make check.
#
# The year runs from GRID_NOW's date a year back: 95 % closed (every step
# with its time), 2 % voided, and the cases of the last five days
# dispatched with deadlines after GRID_NOW, so that the sweeps find
# exactly the overdue cases added for them (dispatched, deadline before
# GRID_NOW, imported with grid-import before each sweep, not timed); the
# sweep also reads the open cases not yet due, for its warnings (黄牌).
# Its memory does not grow with the overdue cases: they are read a batch
# at a time, and the rows wait for the commit in a temporary file.
set -eu
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
case $build in /*) ;; *) build=$top/$build ;; esac
out=$top/bench/out/cases
mkdir -p "$out" "$build/bench"
cc -std=c11 -D_DEFAULT_SOURCE -O2 -o "$build/bench/rusage" \
    "$top/bench/rusage.c"
rusage=$build/bench/rusage
import=$build/bin/grid-import
gcase=$build/bin/grid-case
ncases=${GRID_BENCH_CASES:-1000000}
overdue=${GRID_BENCH_OVERDUE:-1000 100000}
nreports=${GRID_BENCH_REPORTS:-100000}
export GRID_NOW=2026-06-15T10:00:00+08:00 TZ=Asia/Shanghai LC_ALL=C
export GRID_ACTOR=bench
unset GRID_DB

# measure COMMAND...: runs it (stdout to $out/last.out), prints
# "wall_s maxrss_kb".
measure() {
	"$rusage" "$@" >"$out/last.out" 2>"$out/last.err" || {
		tail -n 20 "$out/last.err" >&2
		exit 1
	}
	tail -n 1 "$out/last.err" |
	    sed 's/wall_s=\([^ ]*\) maxrss_kb=\([^ ]*\).*/\1 \2/'
}

# row WHAT ROWS "WALL RSS": one line of the table.
row() {
	awk -v t="$1" -v n="$2" -v m="$3" 'BEGIN {
		split(m, f, " ")
		printf "%-36s %8s %9.3f s %10s/s %8.1f MB\n", t, n, f[1], \
		    (f[1] > 0 ? sprintf("%.0f", n / f[1]) : "-"), f[2] / 1024 }'
}

# fresh DB: a copy of the imported year.
fresh() {
	rm -f "$1" "$1-wal" "$1-shm"
	cp "$out/year.db" "$1"
}

# The district: bench/run.sh's, else a small one of our own.
district=
for d in "$top/bench/out/district-1000000" "$top/bench/out/district-100000"; do
	[ -f "$d/grids.csv" ] && { district=$d; break; }
done
if [ -z "$district" ]; then
	cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 \
	    -o "$build/bench/gendistrict" "$top/bench/gendistrict.c"
	district=$out/district
	[ -f "$district/grids.csv" ] ||
	    "$build/bench/gendistrict" -p 10000 "$district"
fi
tail -n +2 "$district/grids.csv" | cut -d, -f1 >"$out/grids.txt"
grep '^E' "$top/data/categories.csv" | cut -d, -f1 >"$out/categories.txt"
cat >"$out/departments.csv" <<'EOF'
code,name
CG01,区城管局
SW01,区水务局
ZJ01,区住建局
HB01,区生态环境局
JT01,区交通运输局
SC01,区市场监管局
EOF

# gen FIRST_DAY DAYS N KIND PREFIX: N cases as CSV over DAYS days from
# FIRST_DAY days before GRID_NOW's date.  KIND year: the history above;
# overdue: every case dispatched, its deadline passed before GRID_NOW.
gen() {
	awk -v back="$1" -v days="$2" -v n="$3" -v kind="$4" -v pfx="$5" \
	    -v grids="$out/grids.txt" -v cats="$out/categories.txt" '
	function civil(z,   era, doe, yoe, y, doy, mp, d, m) {
		z += 719468
		era = int(z / 146097)
		doe = z - era * 146097
		yoe = int((doe - int(doe / 1460) + int(doe / 36524) - \
		    int(doe / 146096)) / 365)
		y = yoe + era * 400
		doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
		mp = int((5 * doy + 2) / 153)
		d = doy - int((153 * mp + 2) / 5) + 1
		m = mp < 10 ? mp + 3 : mp - 9
		return sprintf("%04d-%02d-%02d", y + (m <= 2), m, d)
	}
	# t: minutes from the first day 00:00 local.
	function ts(t,   d) {
		d = int(t / 1440)
		t -= d * 1440
		return sprintf("%sT%02d:%02d:00+08:00", date[d], \
		    int(t / 60), t % 60)
	}
	BEGIN {
		srand(4242)
		while ((getline l < grids) > 0) grid[ng++] = l
		while ((getline l < cats) > 0) cat[nc++] = l
		split("CG01 SW01 ZJ01 HB01 JT01 SC01", dept, " ")
		split("worker worker worker hotline public_app video", src, " ")
		split("A A A B B C D", rate, " ")
		# GRID_NOW is 2026-06-15: day 20619 since 1970-01-01.
		first = 20619 - back
		for (i = 0; i < days + 10; i++) date[i] = civil(first + i)
		now = back * 1440 + 600
		print "id,source,category_code,description,grid_code," \
		    "level,status,dept_code,reported_at,registered_at," \
		    "dispatched_at,handled_at,verified_at,closed_at," \
		    "deadline,rating"
		for (i = 0; i < n; i++) {
			day = int(i * days / n)
			rep = day * 1440 + 480 + int(rand() * 720)
			id = sprintf("%s%s%07d", pfx, \
			    substr(date[day], 1, 4) substr(date[day], 6, 2) \
			    substr(date[day], 9, 2), i)
			g = grid[int(rand() * ng)]
			c = cat[int(rand() * nc)]
			d = dept[1 + int(rand() * 6)]
			s = src[1 + int(rand() * 6)]
			reg = rep + 10 + int(rand() * 50)
			dis = reg + 30 + int(rand() * 90)
			r = rand()
			if (kind == "overdue") {
				dl = dis + 240
				if (dl >= now) dl = now - 1
				printf "%s,%s,%s,bench overdue case %d,%s," \
				    "grid,dispatched,%s,%s,%s,%s,,,,%s,\n", \
				    id, s, c, i, g, d, ts(rep), ts(reg), \
				    ts(dis), ts(dl)
			} else if (day >= days - 5) {
				printf "%s,%s,%s,bench open case %d,%s," \
				    "grid,dispatched,%s,%s,%s,%s,,,,%s,\n", \
				    id, s, c, i, g, d, ts(rep), ts(reg), \
				    ts(dis), ts(now + 1440 * (3 + \
				    int(rand() * 5)))
			} else if (r < 0.02) {
				printf "%s,%s,%s,bench voided case %d,%s," \
				    "grid,voided,,%s,,,,,,,\n", \
				    id, s, c, i, g, ts(rep)
			} else {
				han = dis + 60 + int(rand() * 2880)
				ver = han + 30 + int(rand() * 240)
				clo = ver + int(rand() * 120)
				printf "%s,%s,%s,bench closed case %d,%s," \
				    "%s,closed,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", \
				    id, s, c, i, g, \
				    (rand() < 0.05 ? "community" : "grid"), \
				    d, ts(rep), ts(reg), ts(dis), ts(han), \
				    ts(ver), ts(clo), ts(dis + 4320), \
				    rate[1 + int(rand() * 7)]
			}
		}
	}'
}

if [ ! -f "$out/year-$ncases.csv" ]; then
	rm -f "$out"/year-*.csv
	t0=$(date +%s)
	gen 365 365 "$ncases" year H >"$out/year-$ncases.csv.tmp"
	mv "$out/year-$ncases.csv.tmp" "$out/year-$ncases.csv"
	echo "(generated $ncases cases in $(($(date +%s) - t0)) s)"
fi
for n in $overdue; do
	[ -f "$out/overdue-$n.csv" ] ||
	    gen 14 14 "$n" overdue OD >"$out/overdue-$n.csv"
done
[ -f "$out/reports-$nreports.ndjson" ] ||
    awk -v n="$nreports" -v grids="$out/grids.txt" \
    -v cats="$out/categories.txt" 'BEGIN {
	srand(77)
	while ((getline l < grids) > 0) grid[ng++] = l
	while ((getline l < cats) > 0) cat[nc++] = l
	split("worker worker hotline public_app video", src, " ")
	for (i = 0; i < n; i++)
		printf "{\"id\":\"R%07d\",\"source\":\"%s\",\"category\":\"%s\",\"grid\":" \
		    "\"%s\",\"description\":\"bench report %d\"}\n", i, \
		    src[1 + int(rand() * 5)], cat[int(rand() * nc)], \
		    grid[int(rand() * ng)], i
    }' >"$out/reports-$nreports.ndjson"

echo "grid-case at scale: $ncases cases of a year imported with"
echo "grid-import, sweep (warn, mark overdue, escalate) with N overdue open"
echo "cases, bulk report - in one transaction; GRID_NOW=$GRID_NOW."
echo
printf '%-36s %8s %11s %12s %11s\n' step rows wall rate "peak mem"

# The base: regions, grids, departments (not timed), then the year.
rm -f "$out"/base.db* "$out"/year.db*
"$import" -q -d "$out/base.db" "$district/regions.csv" "$district/grids.csv"
"$import" -q -t departments -d "$out/base.db" "$out/departments.csv"
sqlite3 "$out/base.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$out/base.db" "$out/year.db"
m=$(measure "$import" -q -t cases -d "$out/year.db" "$out/year-$ncases.csv")
row "grid-import -t cases (a year)" "$ncases" "$m"
got=$(sqlite3 "$out/year.db" "SELECT count(*) FROM cases")
[ "$got" -eq "$ncases" ] || {
	echo "cases.sh: $got cases imported, not $ncases" >&2
	exit 1
}
sqlite3 "$out/year.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null

for n in $overdue; do
	db=$out/sweep-$n.db
	fresh "$db"
	"$import" -q -t cases -d "$db" "$out/overdue-$n.csv"
	sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	m=$(measure "$gcase" sweep -q -f ndjson -d "$db")
	marked=$(grep -c '"action":"overdue"' "$out/last.out" || true)
	esc=$(grep -c '"action":"escalate"' "$out/last.out" || true)
	warned=$(grep -c '"action":"warn"' "$out/last.out" || true)
	[ "$marked" -eq "$n" ] || {
		echo "cases.sh: sweep marked $marked overdue, not $n" >&2
		exit 1
	}
	row "grid-case sweep ($esc esc., $warned warn)" "$n" "$m"
	m=$(measure "$gcase" sweep -q -f ndjson -d "$db")
	again=$(wc -l <"$out/last.out" | tr -d ' ')
	row "grid-case sweep again ($again changes)" "$n" "$m"
	rm -f "$db" "$db-wal" "$db-shm"
done

db=$out/report.db
fresh "$db"
# shellcheck disable=SC2016 # expanded by the inner shell
m=$(measure sh -c 'exec "$0" report - -q -f ndjson -d "$1" <"$2"' \
    "$gcase" "$db" "$out/reports-$nreports.ndjson")
done_=$(grep -c '"action":"report"' "$out/last.out" || true)
[ "$done_" -eq "$nreports" ] || {
	echo "cases.sh: report - did $done_ records, not $nreports" >&2
	exit 1
}
row "grid-case report - (NDJSON)" "$nreports" "$m"
rm -f "$db" "$db-wal" "$db-shm"
