#!/bin/sh
# The man pages as people read them: each page rendered at 80 columns by
# mandoc and by groff (what man(1) runs on Debian) has no line wider than
# 80 display columns (a Chinese character is two) and no warning; and
# every example of every page runs on the demo database (tools/demo.sh)
# and shows its output.
#
# Warnings: mandoc -Tlint -Wall, but for three kinds that say nothing
# about the page: "referenced manual not found" and "outdated mandoc.db"
# (what is installed on this machine: the pages are not), and "operating
# system explicitly specified" (.Os gridkit: the pages are not part of an
# operating system).  groff: -ww, every warning.
#
# The examples: in a page's EXAMPLES, a line of a .Bd -literal display
# that starts with "$ " is a command (continued on the next line when it
# ends with "|" or "\\"); the lines after it, to the next command or the
# end of the display, are its output as the page shows it.  Each page's commands run in order, in a copy of the demo (its
# grid.db as GRID_DB, the sample district's files beside it), and each
# must exit 0 and print something (standard output or error, or the file
# of its -o or of a redirection that ends it); the page must show output
# for each command that prints on standard output.  A new example is tested as soon as it is written.
. "$(dirname "$0")/lib.sh"

MAN=$GRID_TOP/man
# display widths are the terminal's: wc -L in a UTF-8 locale
WIDTH_LOCALE=C.UTF-8
if ! LC_ALL=$WIDTH_LOCALE wc -L </dev/null >/dev/null 2>&1; then
	WIDTH_LOCALE=
fi

# skip DESCRIPTION: a check that cannot run here.
skip() {
	n=$((n + 1))
	echo "ok $n # SKIP $1"
}

# wide_lines FILE: the lines of a rendered page (overstrikes removed)
# wider than 80 display columns, each after its width.  A line is never
# wider than its bytes, so only lines of more than 80 bytes are measured.
wide_lines() {
	LC_ALL=$WIDTH_LOCALE col -bx <"$1" | LC_ALL=C awk 'length($0) > 80' >"$1.plain"
	while IFS= read -r line; do
		w=$(printf '%s\n' "$line" | LC_ALL=$WIDTH_LOCALE wc -L)
		[ "$w" -gt 80 ] && printf '%d: %s\n' "$w" "$line"
	done <"$1.plain"
	return 0
}

# no_wide_lines FILE DESCRIPTION
no_wide_lines() {
	n=$((n + 1))
	wide_lines "$1" >"$1.wide"
	if [ ! -s "$1.wide" ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2: $(wc -l <"$1.wide") lines over 80 columns"
		sed 's/^/#   /' "$1.wide" | head -10
	fi
}

# empty FILE DESCRIPTION: FILE has nothing (warnings).
empty() {
	n=$((n + 1))
	if [ ! -s "$1" ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		sed 's/^/#   /' "$1" | head -10
	fi
}

# --- rendering ---
have_mandoc=0 have_groff=0
command -v mandoc >/dev/null 2>&1 && have_mandoc=1
command -v groff >/dev/null 2>&1 && have_groff=1
for page in "$MAN"/*.[1-9]; do
	name=$(basename "$page")
	if [ -z "$WIDTH_LOCALE" ]; then
		skip "$name: no C.UTF-8 locale to measure display widths"
	elif [ $have_mandoc = 1 ]; then
		LC_ALL=$WIDTH_LOCALE mandoc -Tutf8 -Owidth=78 "$page" \
		    >"$T/$name.mandoc" 2>"$T/$name.mandoc.err"
		no_wide_lines "$T/$name.mandoc" "mandoc renders $name in 80 columns"
	fi
	if [ $have_mandoc = 1 ]; then
		mandoc -Tlint -Wall "$page" 2>&1 | grep -v \
		    -e 'referenced manual not found' -e 'outdated mandoc\.db' \
		    -e 'operating system explicitly specified' >"$T/lint"
		empty "$T/lint" "mandoc -Tlint -Wall $name: no warning"
	else
		skip "mandoc not installed"
	fi
	if [ $have_groff = 1 ] && [ -n "$WIDTH_LOCALE" ]; then
		# as man(1) at 80 columns: preconv (-k), a 78-column line
		LC_ALL=$WIDTH_LOCALE groff -k -ww -mandoc -Tutf8 -rLL=78n \
		    -rLT=78n "$page" >"$T/$name.groff" 2>"$T/$name.groff.err"
		no_wide_lines "$T/$name.groff" "groff renders $name in 80 columns"
		# but one: a setting's default value in gridkit.7 SETTINGS
		# (".It Cm KEY Li VALUE") is one word that t9-docs.sh reads
		# from that one line; when it cannot break at 78 columns it
		# still must fit in 80, which no_wide_lines checks.
		while IFS= read -r w; do
			l=$(printf '%s\n' "$w" | sed -n \
			    "s/^troff: [^:]*$name:\([0-9]*\): warning .*: can't break line\$/\1/p")
			[ -n "$l" ] && sed -n "${l}p" "$page" |
			    grep -Eq '^\.It Cm [a-z0-9_]+ Li [^ ]+$' && continue
			printf '%s\n' "$w"
		done <"$T/$name.groff.err" >"$T/$name.groff.err2"
		empty "$T/$name.groff.err2" "groff -ww $name: no warning"
	else
		skip "groff not installed"
	fi
done

# --- the examples, on the demo database ---
# examples PAGE: the page's example commands and what it shows after each:
# "$ command" lines, then "> output" lines, each display ended by "@@END@@".
examples() {
	sed -e 's/\\-/-/g' -e 's/\\e/\\/g' -e 's/\\&//g' "$1" | awk '
		/^\.Sh / { insec = ($0 == ".Sh EXAMPLES"); inbd = 0; next }
		insec && /^\.Bd -literal/ { inbd = 1; next }
		inbd && /^\.Ed/ { inbd = 0; print "@@END@@"; next }
		inbd && more { sub(/^ +/, ""); line = line " " $0
			more = ($0 ~ /[|\\]$/); sub(/\\$/, "", line)
			if (!more) print line; next }
		inbd && /^\$ / { line = $0; more = ($0 ~ /[|\\]$/)
			sub(/\\$/, "", line); if (!more) print line; next }
		inbd { print "> " $0 }'
}

GRID_DEMO_DIR=$T/demo sh "$GRID_TOP/tools/demo.sh" "$GRID_BUILD" \
    >"$T/demo.log" 2>&1
rc=$?
status 0 "make demo (tools/demo.sh) builds the demo database"
for page in "$MAN"/*.[1-9]; do
	name=$(basename "$page")
	examples "$page" >"$T/$name.examples"
	grep -q '^\$ ' "$T/$name.examples" || continue
	rm -rf "$T/run"
	cp -R "$T/demo" "$T/run"
	cp "$DISTRICT"/*.csv "$DISTRICT/grids.geojson" "$T/run/"
	# the commands, each with the number of output lines the page shows
	awk '
		/^\$ / { if (cmd != "") print shown "\t" cmd
			cmd = substr($0, 3); shown = 0; next }
		/^> / { if (cmd != "") shown++; next }
		/^@@END@@$/ { if (cmd != "") print shown "\t" cmd; cmd = "" }
	' "$T/$name.examples" >"$T/$name.commands"
	while IFS="	" read -r shown line; do
		printf '%s\n' "$line" >"$T/cmd"
		(cd "$T/run" && GRID_DB=$T/run/grid.db sh "$T/cmd" \
		    >"$T/out" 2>"$T/err" </dev/null)
		rc=$?
		status 0 "$name example: $line"
		output=
		[ -s "$T/out" ] || [ -s "$T/err" ] && output=1
		file=$(printf '%s\n' "$line" | sed -n \
		    's/.* -o \([^ ]*\).*/\1/p')
		[ -n "$file" ] && [ -s "$T/run/$file" ] && output=1
		file=$(printf '%s\n' "$line" | sed -n 's/.*>[ ]*\([^ |&;]*\)$/\1/p')
		[ -n "$file" ] && [ -s "$T/run/$file" ] && output=1
		ok "$name example prints something: $line" test -n "$output"
		if [ -s "$T/out" ]; then
			ok "$name shows the output of: $line" test "$shown" -gt 0
		fi
	done <"$T/$name.commands"
done
exit 0
