# bench/lib.sh - what the benchmarks that compare a tool with one sqlite3
# query share (sourced by bench/stats.sh, bench/report.sh and
# bench/xlsx.sh): building bench/rusage, timing a command, keeping the
# better of two runs or the median of several.
# Needs $build and $out set.

mkdir -p "$out" "$build/bench"
cc -std=c11 -D_DEFAULT_SOURCE -O2 -o "$build/bench/rusage" \
    "$top/bench/rusage.c"
rusage=$build/bench/rusage

# measure LABEL COMMAND...: runs it (output to $out/last.out), prints
# "wall_s maxrss_kb LABEL" (the label may have spaces).
measure() {
	label=$1
	shift
	"$rusage" "$@" >"$out/last.out" 2>"$out/last.err" || {
		cat "$out/last.err" >&2
		exit 1
	}
	tail -n 1 "$out/last.err" |
	    sed 's/wall_s=\([^ ]*\) maxrss_kb=\([^ ]*\).*/\1 \2/' |
	    { read -r wall rss; echo "$wall $rss $label"; }
}

# best LABEL COMMAND...: measure twice, print the faster line.
best() {
	first=$(measure "$@")
	second=$(measure "$@")
	echo "$first
$second" | sort -k1 -n | head -n 1
}

# median: of the lines of measure on standard input, the one of the
# median wall time (the upper one of an even count).
median() {
	sort -k1 -n |
	    awk '{ line[NR] = $0 } END { print line[int(NR / 2) + 1] }'
}

# compare ROWS "TOOL-LINE" "QUERY-LINE": the two lines of a table (from
# measure or best) and the ratio of their wall times.
compare() {
	echo "$2" | { read -r tw tm tl
	echo "$3" | { read -r qw qm ql
	printf '%-9s %-24s %8s s %8s MB\n' "$1" "$tl" "$tw" \
	    "$(echo "$tm" | awk '{printf "%.1f", $1 / 1024}')"
	printf '%-9s %-24s %8s s %8s MB\n' "$1" "$ql" "$qw" \
	    "$(echo "$qm" | awk '{printf "%.1f", $1 / 1024}')"
	printf '%-9s %-24s %8s x\n' "$1" "ratio to the query" \
	    "$(echo "$tw $qw" | awk '{printf "%.2f", $1 / $2}')"
	}; }
}
