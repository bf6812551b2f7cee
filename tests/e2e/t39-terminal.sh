#!/bin/sh
# Tables and progress on a terminal (gridkit(7), Tables on a terminal):
# -f table keeps the main columns that fit the width (the terminal's,
# else $COLUMNS), names the others on standard error, --wide shows every
# column; headers are in Chinese under a zh_CN locale and keys elsewhere;
# a line of progress never wraps, so no part of it is left behind.  The
# widths are display widths: a Chinese character is two columns.  In a
# pipe with COLUMNS, and in tmux at 40, 80 and 160 columns when tmux is
# installed.
. "$(dirname "$0")/lib.sh"

# skip DESCRIPTION: a check that cannot run here.
skip() {
	n=$((n + 1))
	echo "ok $n # SKIP $1"
}

UTF8=C.UTF-8
LC_ALL=$UTF8 wc -L </dev/null >/dev/null 2>&1 || UTF8=

# widest FILE: the display width of its widest line.
widest() {
	LC_ALL=$UTF8 wc -L <"$1"
}

# table_of FILE: the lines of the table in FILE: to the first empty line
# (the notes for people come after it, and wrap like any text), without
# the messages on standard error (a tmux pane shows both).
table_of() {
	awk 'NF == 0 { exit } !/^grid-[a-z]+ [a-z]+: /' "$1" >"$1.table"
}

# at_most N FILE DESCRIPTION: no line of FILE is wider than N columns.
at_most() {
	n=$((n + 1))
	if [ -z "$UTF8" ]; then
		echo "ok $n # SKIP $3: no C.UTF-8 locale to measure widths"
	elif [ "$(widest "$2")" -le "$1" ]; then
		echo "ok $n - $3"
	else
		echo "not ok $n - $3: a line $(widest "$2") columns wide"
		sed 's/^/#   /' "$2" | head -5
	fi
}

GRID_DEMO_DIR=$T/demo sh "$GRID_TOP/tools/demo.sh" "$GRID_BUILD" \
    >"$T/demo.log" 2>&1
rc=$?
status 0 "the demo database"
export GRID_DB=$T/demo/grid.db
unset COLUMNS

# --- in a pipe: $COLUMNS, else no limit ---
for w in 80 160; do
	COLUMNS=$w run grid-report monthly --month 2026-05 -f table
	status 0 "grid-report -f table at $w columns"
	table_of "$T/out"
	at_most "$w" "$T/out.table" "grid-report's table fits $w columns"
	out_has "score" "the score is kept at $w columns"
	out_has "unit_name" "the unit's name is kept at $w columns"
	out_has "察院场社区居委会" "the names whole at $w columns"
	err_has "columns left out to fit $w columns" \
	    "standard error names what was left out at $w"
	cp "$T/out" "$T/table.$w"
done
head -1 "$T/table.80" | tr -s ' ' '\n' | grep -c . >"$T/n80"
head -1 "$T/table.160" | tr -s ' ' '\n' | grep -c . >"$T/n160"
ok "160 columns show more columns than 80" \
    test "$(cat "$T/n160")" -gt "$(cat "$T/n80")"
ok "80 columns keep grade and rank" \
    sh -c 'head -1 "$1" | grep -q "rank.*grade"' sh "$T/table.80"
ok "80 columns leave out score_change, named on standard error" \
    sh -c '! head -1 "$1" | grep -q score_change' sh "$T/table.80"

COLUMNS=80 run grid-report monthly --month 2026-05 -f table -q
status 0 "-q"
ok "-q: no note on standard error" test ! -s "$T/err"

COLUMNS=80 run grid-report monthly --month 2026-05 -f table --wide
status 0 "--wide"
out_has "handling_hours_median" "--wide shows every column"
ok "--wide: nothing left out" test ! -s "$T/err"

run grid-report monthly --month 2026-05 -f table
status 0 "a pipe without COLUMNS"
out_has "score_change" "a pipe without COLUMNS: every main column"
ok "a pipe without COLUMNS: nothing left out" test ! -s "$T/err"

COLUMNS=80 run grid-stats population --by community -f table
status 0 "grid-stats population -f table at 80 columns"
table_of "$T/out"
at_most 80 "$T/out.table" "grid-stats population's table fits 80 columns"
out_has "aged_60_share" "grid-stats keeps its main columns first"
err_has "tag_elderly_alone" "grid-stats names the columns left out"

COLUMNS=80 run grid-case list -f table
status 0 "grid-case list -f table at 80 columns"
table_of "$T/out"
at_most 80 "$T/out.table" "a command without main columns fits 80 columns too"

# every command that writes a table: fitted, --wide for all, show whole
case_id=$(grid-case list -f id --limit 1)
for cmd in "grid-case list" "grid-case log $case_id" \
    "grid-case attachments $case_id" "grid-assign workers" \
    "grid-assign check --load" "grid-assign houses -n"; do
	COLUMNS=60 run $cmd -f table
	table_of "$T/out"
	at_most 60 "$T/out.table" "$cmd: the table fits 60 columns"
	COLUMNS=60 run $cmd -f table --wide -q
	status 0 "$cmd --wide"
	ok "$cmd --wide -q: nothing on standard error" test ! -s "$T/err"
done
COLUMNS=60 run grid-case list -f table --wide
ok "grid-case list --wide: wider than 60 columns" \
    test "$(widest "$T/out")" -gt 60
COLUMNS=40 run grid-case show "$case_id" -f table
status 0 "grid-case show at 40 columns"
ok "show: its values are never left out" sh -c \
    'head -1 "$1" | grep -q "field *value"' sh "$T/out"
ok "show: nothing left out" test ! -s "$T/err"

COLUMNS=1x run grid-report monthly --month 2026-05 -f table
status 0 "a COLUMNS that is no number is ignored"
out_has "score_change" "a COLUMNS that is no number: no limit"

# --- Chinese headers under zh_CN, keys in csv ---
if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\{0,1\}8$'; then
	LC_ALL=zh_CN.UTF-8 COLUMNS=80 run grid-report monthly --month 2026-05 \
	    -f table
	status 0 "zh_CN: grid-report -f table"
	out_has "综合指标值" "zh_CN: the headers in Chinese"
	ok "zh_CN: no column key in the header" \
	    sh -c '! head -1 "$1" | grep -q score' sh "$T/out"
	table_of "$T/out"
	at_most 80 "$T/out.table" \
	    "zh_CN: Chinese headers counted two columns each"
	LC_ALL=zh_CN.UTF-8 run grid-report monthly --month 2026-05 -f csv
	ok "zh_CN: csv keeps the column keys" \
	    sh -c 'head -1 "$1" | grep -q "^level,unit,unit_name"' sh "$T/out"
	LC_ALL=zh_CN.UTF-8 LANGUAGE= COLUMNS=80 run grid-stats population \
	    --by community -f table
	out_has "单位名称" "zh_CN: grid-stats headers in Chinese"
else
	skip "no zh_CN.UTF-8 locale"
fi

# --- in tmux: the terminal's width, and progress on one line ---
if ! command -v tmux >/dev/null 2>&1 || [ -z "$UTF8" ]; then
	skip "tmux (or a C.UTF-8 locale) not installed"
	exit 0
fi
SOCK=gridkit-t39-$$
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; cd /; rm -rf "$T"' \
    EXIT INT TERM

# in_tmux WIDTH SCRIPT WAIT: runs sh SCRIPT in a detached tmux pane WIDTH
# columns wide, waits until it writes $T/done (WAIT seconds at most), and
# leaves the pane's text, wrapped lines joined, in $T/pane.
in_tmux() {
	rm -f "$T/done" "$T/pane"
	tmux -L "$SOCK" new-session -d -x "$1" -y 50 \
	    "LC_ALL=$UTF8 PATH='$PATH' GRID_DB='$GRID_DB' sh '$2'; \
	    touch '$T/done'; sleep 600"
	i=0
	while [ ! -f "$T/done" ] && [ $i -lt $(($3 * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	tmux -L "$SOCK" capture-pane -p -J -t 0 >"$T/pane"
	tmux -L "$SOCK" kill-server 2>/dev/null
}

printf 'grid-report monthly --month 2026-05 -f table\n' >"$T/table.sh"
for w in 80 160; do
	in_tmux $w "$T/table.sh" 20
	table_of "$T/pane"
	ok "tmux $w: the table is on the terminal" test -s "$T/pane.table"
	at_most $w "$T/pane.table" "tmux $w: the table does not wrap"
	ok "tmux $w: the score is on the terminal" grep -q score "$T/pane"
	ok "tmux $w: the note on standard error" \
	    grep -q "left out to fit $w columns" "$T/pane"
done

# the tables of grid-case and grid-assign in an 80-column terminal
printf '%s\n' "grid-case list -f table" "grid-case log $case_id -f table" \
    "grid-assign workers -f table" "grid-assign check --load -f table" \
    >"$T/tables.sh"
SOCK0=$SOCK SOCK=$SOCK-tables	# a server of its own: the last one may
in_tmux 80 "$T/tables.sh" 20	# still be going away
SOCK=$SOCK0
grep -v '^grid-[a-z]* [a-z]*: ' "$T/pane" | grep -v '^$' >"$T/pane.tables"
ok "tmux 80: the tables of grid-case and grid-assign are on it" \
    grep -q worker_id "$T/pane.tables"
at_most 80 "$T/pane.tables" "tmux 80: none of their lines wraps"

# a long file name, and enough rows for progress to be drawn many times
name=a-census-sheet-with-a-very-long-name-from-the-district-office.csv
awk 'BEGIN { print "code,name"
	for (i = 1; i <= 400000; i++) printf "X%07d,部门%d\n", i, i }' >"$T/$name"
for w in 40 80; do
	printf 'rm -f "%s/p.db"\ngrid-import -d "%s/p.db" -t departments "%s"\n' \
	    "$T" "$T" "$T/$name" >"$T/import.sh"
	rm -f "$T/done"
	tmux -L "$SOCK" new-session -d -x $w -y 50 \
	    "LC_ALL=$UTF8 PATH='$PATH' sh '$T/import.sh'; touch '$T/done'; \
	    sleep 600"
	# the pane, captured again and again while the import runs (no
	# guess at when progress shows: it is drawn whenever it is)
	: >"$T/pane.during"
	i=0
	while [ ! -f "$T/done" ] && [ $i -lt 3000 ]; do
		tmux -L "$SOCK" capture-pane -p -J -t 0 | grep -v '^$' \
		    >>"$T/pane.during"
		sleep 0.1
		i=$((i + 1))
	done
	tmux -L "$SOCK" capture-pane -p -J -t 0 | grep -v '^$' >"$T/pane"
	tmux -L "$SOCK" kill-server 2>/dev/null
	ok "tmux $w: the import ended" test -f "$T/done"
	grep 'rows/s\|rows,' "$T/pane.during" >"$T/progress" || true
	ok "tmux $w: progress was drawn" test -s "$T/progress"
	at_most $((w - 1)) "$T/progress" \
	    "tmux $w: the line of progress never wraps"
	ok "tmux $w: no line of progress left behind" \
	    sh -c '! grep -q "rows/s" "$1"' sh "$T/pane"
	is "$(grep -c long-name "$T/pane")" 1 \
	    "tmux $w: the file named once, in the summary"
done
exit 0
