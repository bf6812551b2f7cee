#!/bin/sh
# tests/fuzz/run.sh [NAME...] - fuzzes libgrid with clang's libFuzzer under
# ASan and UBSan: builds libgrid and the harnesses tests/fuzz/fuzz_NAME.c
# into $FUZZ_BUILD (default build-fuzz/, or $BUILD-fuzz/ when $BUILD is
# set, as by `make BUILD=NAME fuzz`), makes a seed corpus for each
# from tests/fixtures and tests/fuzz/regress in $FUZZ_BUILD/corpus/NAME/
# (kept between runs, so it grows), then runs each harness (all when no
# NAME is given: csv ndjson encoding geojson codes dates xlsx xls) for
# $FUZZ_SECONDS seconds (default 60).  Prints one line per harness:
# executions, corpus size, coverage, crashes.  Exit status 1 when a
# harness crashed (the input is kept in $FUZZ_BUILD/crashes/NAME/ and
# its path printed), 70 when the build fails.
# CLANG names the compiler (default clang).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 70
build=${FUZZ_BUILD:-${BUILD:+$BUILD-fuzz}}
build=${build:-build-fuzz}
seconds=${FUZZ_SECONDS:-60}
clang=${CLANG:-clang}
san="address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
pkgs=$(make -s --no-print-directory print-pkgs)	# the Makefile's list
all="csv ndjson encoding geojson codes dates xlsx xls"

# The largest input each harness is given, in bytes.
max_len() {
	case $1 in
	csv|ndjson) echo 4096 ;;
	encoding) echo 1024 ;;
	geojson) echo 8192 ;;
	codes|dates) echo 256 ;;
	xlsx|xls) echo 16384 ;;
	esac
}

# Each line of the files given, as a file of its own in directory $dir
# (at most 40 lines a file): seeds for the harnesses of single values.
split_lines() {
	for f in "$@"; do
		awk -v out="$dir/$(basename "$f")" \
		    'NR <= 40 { p = out "-" NR; print > p; close(p) }' "$f"
	done
}

# CSV files without quotes (the fixtures) as NDJSON, at most 40 rows.
csv_to_ndjson() {
	for f in "$@"; do
		awk -F, 'NR == 1 { n = split($0, h, ","); next }
		    NR <= 41 { s = "{"; for (i = 1; i <= n; i++)
			s = s (i > 1 ? "," : "") "\"" h[i] "\":\"" $i "\""
		    print s "}" }' "$f" > "$dir/$(basename "$f" .csv).ndjson"
	done
}

# Fills $dir with the seeds of harness $1.
seeds() {
	fx=tests/fixtures
	case $1 in
	csv)
		for f in "$fx"/district/*.csv "$fx"/geo/*.csv; do
			head -n 30 "$f" > "$dir/$(basename "$f")"
		done
		head -n 10 $fx/district/people.csv | gzip -9n \
		    > "$dir/people.csv.gz" ;;
	ndjson)
		csv_to_ndjson $fx/district/*.csv
		sed -n 's/^\({"type":"Feature".*}\),$/\1/p' \
		    $fx/district/grids.geojson > "$dir/grids.ndjson" ;;
	encoding)
		for f in "$fx"/district/people*.csv \
		    "$fx"/district/regions.csv; do
			head -n 8 "$f" > "$dir/$(basename "$f")"
		done
		csv_to_ndjson $fx/district/workers.csv ;;
	geojson)
		cp $fx/district/*.geojson $fx/geo/*.geojson "$dir/" ;;
	codes|dates)
		split_lines $fx/district/*.csv $fx/geo/points.csv ;;
	xls)
		cp $fx/workbooks/people.xls "$dir/" ;;
	xlsx)
		;;	# the workbooks written for it: regress/fuzz_xlsx
	esac
	if [ -d "tests/fuzz/regress/fuzz_$1" ]; then
		cp tests/fuzz/regress/fuzz_"$1"/* "$dir/" 2>/dev/null
	fi
	return 0
}

# Links the harness named $1 with libgrid built for fuzzing.
build_harness() {
	cflags="-std=c11 -D_POSIX_C_SOURCE=200809L -O1 -g -Wall -Wextra"
	cflags="$cflags -Wno-unused-parameter -Ilib"
	# shellcheck disable=SC2046,SC2086 # flag lists split into words
	$clang $cflags $(pkg-config --cflags $pkgs) -fsanitize=fuzzer,$san \
	    -o "$build/fuzz_$1" "tests/fuzz/fuzz_$1.c" tests/fuzz/input.c \
	    "$build/libgrid.a" $(pkg-config --libs $pkgs) -lm
}

make -s BUILD="$build" CC="$clang" CFLAGS="-O1 -g" \
    SAN="-fsanitize=fuzzer-no-link,$san" "$build/libgrid.a" || exit 70
# shellcheck disable=SC2086 # the list of names split into words
[ $# -gt 0 ] || set -- $all
status=0
for name in "$@"; do
	if [ ! -f "tests/fuzz/fuzz_$name.c" ]; then
		echo "run.sh: no harness tests/fuzz/fuzz_$name.c" >&2
		exit 64
	fi
	build_harness "$name" || exit 70
	dir=$build/corpus/$name
	mkdir -p "$dir" "$build/crashes/$name" "$build/logs"
	seeds "$name"
	log=$build/logs/$name.log
	# FreeXL 1.0 leaks what it allocated when freexl_open fails, which
	# its caller cannot free (tests/fuzz/README.md)
	# .xls: the child that reads a workbook first runs under a limit of
	# memory (lib/xls.c): an allocation past it is a NULL from malloc,
	# as without ASan, not a report (a symbolized stack each time)
	lsan="" asan=detect_leaks=1
	if [ "$name" = xls ]; then
		lsan="suppressions=$top/tests/fuzz/lsan-freexl.supp"
		asan="$asan:allocator_may_return_null=1"
	fi
	LSAN_OPTIONS=${LSAN_OPTIONS:-$lsan} \
	ASAN_OPTIONS=${ASAN_OPTIONS:-$asan} "$build/fuzz_$name" \
	    -max_len="$(max_len "$name")" -max_total_time="$seconds" \
	    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$build/crashes/$name/" "$dir" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
	    tail -n 1)
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" |
	    tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
	found=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log")
	crashes=$(printf '%s' "$found" | grep -c .)
	echo "fuzz_$name: ${execs:-?} executions (${speed:-?}/s)," \
	    "$(find "$dir" -type f | wc -l) inputs in corpus, ${cov:-cov: ?}," \
	    "$crashes crashes"
	if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
		status=1
		echo "fuzz_$name: exit status $rc; log $log"
		for f in $found; do
			echo "fuzz_$name: crash input $f"
		done
		grep -E '^(==[0-9]+==|SUMMARY|.*check failed|.*runtime error)' \
		    "$log" | head -n 5 | sed "s/^/fuzz_$name: /"
	fi
done
exit $status
