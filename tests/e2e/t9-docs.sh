#!/bin/sh
# The documentation is tested too: every tool answers --help and
# --version, has a man page and completions that know every long option of
# its --help, the man pages are clean for mandoc -Tlint, the examples of
# the man pages run, and gridkit(7) describes the schema, the settings and
# the categories of a new database exactly.
. "$(dirname "$0")/lib.sh"
# lib.sh copies the district's CSV files; the examples of grid-assign(1)
# load its grid polygons too.
cp "$DISTRICT/grids.geojson" "$T/"

MAN=$GRID_TOP/man
BASHCOMP=$GRID_TOP/completions/gridkit.bash
ZSHCOMP=$GRID_TOP/completions/_gridkit
tools=$(cd "$T/bin" && ls)

# skip DESCRIPTION: a check that cannot run here.
skip() {
	n=$((n + 1))
	echo "ok $n # SKIP $1"
}

# has_word FILE WORD: FILE contains WORD not followed by [a-z0-9_-].
has_word() {
	grep -Eq -- "$2([^a-z0-9_-]|\$)" "$1"
}

# man_source PAGE: the page's mdoc source with \- as -, \e as \, no \&.
man_source() {
	sed -e 's/\\-/-/g' -e 's/\\e/\\/g' -e 's/\\&//g' "$1"
}

# literal_lines PAGE SECTION: the lines of the .Bd -literal displays of
# that .Sh section, each display ended by a line "@@END@@".
literal_lines() {
	man_source "$1" | awk -v sec="$2" '
		/^\.Sh / { insec = ($0 == ".Sh " sec); inbd = 0; next }
		insec && /^\.Bd -literal/ { inbd = 1; next }
		inbd && /^\.Ed/ { inbd = 0; print "@@END@@"; next }
		inbd { print }'
}

# long_options TOOL: the long options its --help prints, one a line.
long_options() {
	"$1" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u
}

for tool in $tools; do
	run "$tool" --help
	status 0 "$tool --help"
	out_has "usage: $tool" "$tool --help prints a usage"
	run "$tool" --version
	status 0 "$tool --version"
	out_has "$tool (gridkit)" "$tool --version names the tool and gridkit"

	page=$MAN/$tool.1
	ok "$tool has a man page" test -f "$page"
	[ -f "$page" ] || continue
	man_source "$page" >"$T/page.src"
	for opt in $(long_options "$tool"); do
		ok "$tool.1 documents $opt" \
		    has_word "$T/page.src" "Fl -${opt#--}"
		ok "gridkit.bash knows $tool $opt" has_word "$BASHCOMP" "$opt"
		ok "_gridkit knows $tool $opt" has_word "$ZSHCOMP" "$opt"
	done
	ok "_gridkit: #compdef names $tool" \
	    sh -c 'head -1 "$1" | tr " " "\n" | grep -qx -- "$2"' sh \
	    "$ZSHCOMP" "$tool"
	run bash -c '. "$1" && complete -p "$2"' bash "$BASHCOMP" "$tool"
	status 0 "sourcing gridkit.bash defines the completion of $tool"
	out_has "-F _gridkit_" "$tool completes with a _gridkit_ function"
done

# --- the pages are clean ---
if command -v mandoc >/dev/null 2>&1; then
	for page in "$MAN"/*.[1-9]; do
		run mandoc -Tlint -Wwarning "$page"
		status 0 "mandoc -Tlint -Wwarning $(basename "$page")"
	done
else
	skip "mandoc not installed"
fi
ok "gridkit.7 exists" test -f "$MAN/gridkit.7"

# --- the completions parse ---
ok "bash -n gridkit.bash" bash -n "$BASHCOMP"
if command -v zsh >/dev/null 2>&1; then
	ok "zsh -n _gridkit" zsh -n "$ZSHCOMP"
else
	skip "zsh not installed"
fi

# --- grid-import's tables: the man page, --help, the tool, completions ---
man_source "$MAN/grid-import.1" | awk '
	/^\.Sh / { intab = ($0 == ".Sh TABLES"); next }
	intab && /^\.Ss / { print $2 }' | sort >"$T/tables.man"
ok "grid-import.1 lists the tables" test -s "$T/tables.man"
run bash -c '. "$1"; COMP_WORDS=(grid-import -t ""); COMP_CWORD=2
    _gridkit_grid_import; printf "%s\n" "${COMPREPLY[@]}" | sort' \
    bash "$BASHCOMP"
same "$T/tables.man" "$T/out" "bash completes -t with the tables of the man page"
run bash -c '. "$1"; COMP_WORDS=(grid-import --mode=""); COMP_CWORD=1
    _gridkit_grid_import; printf "%s " "${COMPREPLY[@]}"' bash "$BASHCOMP"
is "$(cat "$T/out")" "--mode=upsert --mode=insert --mode=replace " \
    "bash completes --mode=VALUE"
grid-import --help >"$T/help"
for table in $(cat "$T/tables.man"); do
	ok "grid-import --help names table $table" has_word "$T/help" "$table"
	ok "_gridkit names table $table" has_word "$ZSHCOMP" "$table"
	run grid-import -q -n -d "$T/tables.db" -t "$table" /dev/null
	ok "grid-import knows table $table" test "$rc" -ne 64
done

# --- the examples of the tools' pages run (in a copy of the district) ---
for tool in $tools; do
	[ -f "$MAN/$tool.1" ] || continue
	literal_lines "$MAN/$tool.1" EXAMPLES | sed -n 's/^\$ //p' \
	    >"$T/examples"
	ok "$tool.1 has examples to run" test -s "$T/examples"
	while IFS= read -r line; do
		run sh -c "$line" </dev/null
		status 0 "$tool.1 example: $line"
	done <"$T/examples"
done
is "$(sql 'SELECT count(*) FROM people')" 150 \
    "the examples loaded the sample district"

# --- gridkit(7): the schema of a new database, exactly ---
# (the shadow tables in which SQLite keeps a virtual table, such as
# grid_rtree_node, are SQLite's own, not the schema: gridkit.7 names them
# but does not list their columns)
grid-import -q -d "$T/schema.db" departments.csv
cat >"$T/schema.sql" <<'EOF'
SELECT m.name || ' ' || p.name || ' ' || p.type
  || CASE WHEN p.pk = 1 AND (SELECT count(*) FROM pragma_table_info(m.name)
       WHERE pk > 0) = 1 THEN ' PRIMARY KEY' ELSE '' END
  || CASE WHEN p."notnull" THEN ' NOT NULL' ELSE '' END
  || coalesce(' DEFAULT ' || p.dflt_value, '')
  || coalesce(' REFERENCES ' || f."table" || '(' || f."to" || ')', '')
FROM sqlite_master m JOIN pragma_table_info(m.name) p
LEFT JOIN pragma_foreign_key_list(m.name) f ON f."from" = p.name
WHERE m.type = 'table' AND m.name NOT IN
  (SELECT name FROM pragma_table_list WHERE type = 'shadow');
EOF
sqlite3 -batch "$T/schema.db" <"$T/schema.sql" | sort >"$T/schema.db.txt"
man_source "$MAN/gridkit.7" | awk '
	/^\.Sh / { intab = ($0 == ".Sh TABLES"); next }
	intab && /^\.Ss / { table = $2; next }
	intab && /^\.It Va [a-z0-9_]+ Li / {
		col = $3; sub(/^\.It Va [a-z0-9_]+ Li /, "")
		print table " " col " " $0
	}' | sort >"$T/schema.man.txt"
ok "the schema has columns" test -s "$T/schema.db.txt"
same "$T/schema.db.txt" "$T/schema.man.txt" \
    "gridkit.7 TABLES: every table and column of the schema, as declared"
is "$(sqlite3 -batch "$T/schema.db" 'PRAGMA user_version')" \
    "$(man_source "$MAN/gridkit.7" | sed -nE 's/^([0-9]+) for the schema described here(\.|$).*/\1/p')" \
    "gridkit.7 names the schema version"

sqlite3 -batch "$T/schema.db" "SELECT key || ' ' || value FROM settings" |
    sort >"$T/settings.db.txt"
man_source "$MAN/gridkit.7" | awk '
	/^\.Sh / { inset = ($0 == ".Sh SETTINGS"); next }
	inset && /^\.It Cm [a-z0-9_]+ Li / {
		key = $3; sub(/^\.It Cm [a-z0-9_]+ Li /, ""); gsub(/"/, "")
		print key " " $0
	}' | sort >"$T/settings.man.txt"
same "$T/settings.db.txt" "$T/settings.man.txt" \
    "gridkit.7 SETTINGS: every default setting and its value"

awk -F, 'NR > 1 { lim = $7 " " $8; sub(/^ +| +$/, "", lim)
	print $1 " | " $5 " | " lim }' "$GRID_TOP/data/categories.csv" |
    sort >"$T/categories.csv.txt"
man_source "$MAN/gridkit.7" | sed -n \
    's/^\.It Li \([CE][0-9][0-9][0-9][0-9]\) Ta \(.*\) Ta \(.*\)$/\1 | \2 | \3/p' |
    sort >"$T/categories.man.txt"
same "$T/categories.csv.txt" "$T/categories.man.txt" \
    "gridkit.7 CATEGORIES: the default categories of data/categories.csv"

# --- the SQL of gridkit(7) runs on the sample district ---
for sec in CONVENTIONS "PERSONAL DATA" EXAMPLES; do
	literal_lines "$MAN/gridkit.7" "$sec" >"$T/sql.txt"
	i=0
	: >"$T/query.sql"
	while IFS= read -r line; do
		if [ "$line" != "@@END@@" ]; then
			printf '%s\n' "$line" >>"$T/query.sql"
			continue
		fi
		i=$((i + 1))
		run sqlite3 -batch -bail "$GRID_DB" ".read $T/query.sql" \
		    </dev/null
		status 0 "gridkit.7 $sec query $i runs"
		ok "gridkit.7 $sec query $i: no error" test ! -s "$T/err"
		: >"$T/query.sql"
	done <"$T/sql.txt"
done
