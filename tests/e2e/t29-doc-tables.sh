#!/bin/sh
# The documentation keeps up with the code's own tables: a change that adds
# a command, a verb, an option, a register table or column, a level, a
# report or statistics column or a quality check, and forgets to document
# it, fails here, one check per missing item naming the tool, the command,
# the item and where it is missing.  Nothing is listed in this script: the
# lists come from the tools (the hidden --list-commands and --list-options
# of cmd/common/cli.h, the csv headers) and from libgrid's tables
# (tests/tools/doctables).
#
#   commands   TOOL --list-commands, and grid-case's verbs from the case
#              state table (which --list-commands must list too): in the
#              tool's man page (a .Ss of its own, or an item of COMMANDS),
#              in TOOL --help, in both completions
#   options    TOOL [COMMAND] --list-options: in the command's --help, in
#              the man page (the command's section or the page's options
#              sections), in both completions for that command
#   registers  each table and column grid-import loads: grid-import(1)
#              TABLES (label, key, required, reference, the column names
#              accepted) and gridkit(7) TABLES; grid-import --help and both
#              completions name the table
#   levels     gridkit(7) SPACE AND CODES: name, label, code length
#   report     every column of grid-report (monthly and annual): OUTPUT
#   stats      every column of every grid-stats command, and every quality
#              check: the command's section of grid-stats(1)
#
# GRID_MAN_DIR and GRID_COMPLETIONS_DIR (default: the tree's) point the
# checks at other copies of the pages and completions.
. "$(dirname "$0")/lib.sh"

MAN=${GRID_MAN_DIR:-$GRID_TOP/man}
COMPDIR=${GRID_COMPLETIONS_DIR:-$GRID_TOP/completions}
BASHCOMP=$COMPDIR/gridkit.bash
ZSHCOMP=$COMPDIR/_gridkit
DOCTABLES=$GRID_BUILD/tests/doctables
tools=$(cd "$T/bin" && ls)
D=$T/doc
mkdir "$D"

# --- reading the pages ---

# man_source PAGE: the page's mdoc source with \- as -, \e as \, no \&.
man_source() {
	sed -e 's/\\-/-/g' -e 's/\\e/\\/g' -e 's/\\&//g' "$1"
}

# doc_words: the words an mdoc source (standard input) documents, one a
# line: every word of its macro lines, without the punctuation around it
# ("-month" for Fl \-month), and the names its templates stand for: a
# word ending in '_' followed by Ns (".Li tag_ Ns Ar tag") joined with
# every word of the text (a '.' of "people.house_id" read as '_'), and a
# range ".Va score_01 No ... Va score_12" as every number between.
doc_words() {
	awk '
	!/^\./ { next }
	{
		for (i = 1; i <= NF; i++) {
			w = $i
			gsub(/^[("]+|[),;:."]+$/, "", w)
			if (w == "")
				continue
			word[w] = 1
			if (w ~ /_$/ && $(i + 1) == "Ns")
				prefix[w] = 1
			if ($(i + 1) == "No" && $(i + 2) == "..." &&
			    $(i + 3) == "Va")
				range(w, $(i + 4))
		}
	}
	function range(from, to,    stem, a, b, k, width) {
		gsub(/[),;:."]+$/, "", to)
		if (!match(from, /[0-9]+$/))
			return
		stem = substr(from, 1, RSTART - 1)
		a = substr(from, RSTART) + 0
		width = RLENGTH
		if (substr(to, 1, length(stem)) != stem)
			return
		b = substr(to, length(stem) + 1)
		if (b !~ /^[0-9]+$/)
			return
		for (k = a; k <= b + 0; k++)
			word[stem sprintf("%0" width "d", k)] = 1
	}
	END {
		for (p in prefix)
			for (w in word) {
				v = w
				gsub(/\./, "_", v)
				word[p v] = 1
			}
		for (w in word)
			print w
	}'
}

# command_section TOOL COMMAND: the source (man_source) of the sections of
# TOOL's page that document COMMAND: every .Ss whose title names it
# (".Ss park, unpark"), and every item ".It Cm COMMAND" of a COMMANDS
# section, to the next item of its list.
command_section() {
	man_source "$MAN/$1.1" | awk -v cmd="$2" '
	function names(title,    n, k, part) {
		n = split(title, part, /[ ,|]+/)
		for (k = 1; k <= n; k++)
			if (part[k] == cmd)
				return 1
		return 0
	}
	/^\.Sh / {
		insec = 0; initem = 0
		commands = ($0 == ".Sh COMMANDS")
		depth = 0
		next
	}
	/^\.Ss / {
		initem = 0
		insec = names(substr($0, 5))
		if (insec)
			print
		next
	}
	commands && /^\.Bl/ { depth++ }
	commands && /^\.El/ {
		if (initem && depth == itemdepth)
			initem = 0
		depth--
	}
	commands && /^\.It / && initem && depth == itemdepth { initem = 0 }
	commands && /^\.It Cm / && $3 == cmd { initem = 1; itemdepth = depth }
	insec || initem { print }'
}

# options_sections TOOL: the source of the sections of TOOL's page about
# options (".Ss Options of every command", ".Sh OPTIONS", ...).
options_sections() {
	man_source "$MAN/$1.1" | awk '
	/^\.Sh / { insh = ($0 ~ /OPTIONS/); inss = 0; if (insh) print; next }
	/^\.Ss / { inss = ($0 ~ /[Oo]ptions/); if (inss) print; next }
	insh || inss { print }'
}

# sh_section PAGE TITLE: the source of the .Sh TITLE section of PAGE.
sh_section() {
	man_source "$1" | awk -v sec=".Sh $2" '
	/^\.Sh / { insec = ($0 == sec); next }
	insec { print }'
}

# --- reading the completions ---

# bash_complete TOOL WORD...: the completions the bash function of TOOL
# offers for its command line "TOOL WORD..." (the last word completed),
# one a line.
bash_complete() {
	bash -c '. "$1" 2>/dev/null; shift
	    fn=$(complete -p "$1" 2>/dev/null | sed -n "s/.*-F \([^ ]*\).*/\1/p")
	    [ -n "$fn" ] || exit 0
	    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
	    "$fn" 2>/dev/null; printf "%s\n" "${COMPREPLY[@]}"' \
	    bash "$BASHCOMP" "$@"
}

# zsh_body TOOL: the body of TOOL's function in _gridkit.
zsh_body() {
	fn=_gridkit_$(echo "$1" | tr - _)
	awk -v head="$fn() {" '
	$0 == head { infn = 1; next }
	infn && /^}/ { exit }
	infn { print }' "$ZSHCOMP"
}

# zsh_command TOOL COMMAND: the text of COMMAND's branch of "case
# $words[1] in" in TOOL's function, with the arrays it uses ($common,
# $step) written out; the whole function for a tool without commands.
zsh_command() {
	zsh_body "$1" | awk -v cmd="$2" '
	# arrays: name=( ... ), on one line or several
	inarr { arr[name] = arr[name] "\n" $0; if ($0 ~ /\) *$/) inarr = 0
		next }
	/^ *[a-z_]+=\(/ {
		name = $1; sub(/=.*/, "", name)
		arr[name] = $0
		if ($0 !~ /\) *$/) inarr = 1
		next
	}
	cmd == "" { body = body "\n" $0; next }
	inbranch && /^ *;;$/ { inbranch = 0; next }
	inbranch { body = body "\n" $0; next }
	/^ *[a-z_|-]+\)$/ {
		pat = $1; sub(/\)$/, "", pat)
		n = split(pat, alt, "|")
		for (k = 1; k <= n; k++)
			if (alt[k] == cmd)
				inbranch = 1
	}
	# the arrays text uses, written out: $name, ${name}, and
	# ${name:#PATTERN} without its elements that PATTERN (a prefix and
	# "*") matches
	function expand(text, depth,    out, a, p, pat, n, k, line) {
		out = text
		if (depth > 3)
			return out
		for (a in arr) {
			if (index(text, "$" a) == 0 && index(text, "${" a) == 0)
				continue
			pat = ""
			p = index(text, "${" a ":#")
			if (p > 0) {
				pat = substr(text, p + length(a) + 4)
				sub(/\*?}.*/, "", pat)
			}
			n = split(expand(arr[a], depth + 1), line, "\n")
			for (k = 1; k <= n; k++)
				if (pat == "" || index(line[k], pat) == 0)
					out = out "\n" line[k]
		}
		return out
	}
	END { if (body != "") print expand(body, 0) }'
}

# zsh_options: the options a zsh _arguments text (standard input)
# specifies ("--db=[", "{-q,--quiet}", "--version[", "*--tag="), one a
# line; options only named in an exclusion list "(--set --add)" are not.
zsh_options() {
	grep -oE -- '--[a-z][a-z0-9-]*[=[+}]' | sed 's/.$//' | sort -u
}

# zsh_commands TOOL: the commands TOOL's function describes
# (_describe ... ARRAY, whose entries are 'name:description').
zsh_commands() {
	zsh_body "$1" | awk '
	$1 == "_describe" { describe = describe " " $0 " " }
	inarr && /\) *$/ { inarr = 0; next }
	inarr { if (match($0, /^ *\x27[a-z_-]+:/)) {
			entry = substr($0, RSTART, RLENGTH)
			gsub(/[ \x27:]/, "", entry)
			item[name] = item[name] " " entry
		}
		next }
	/^ *[a-z_]+=\($/ { name = $1; sub(/=.*/, "", name); inarr = 1 }
	END { for (a in item) {
		if (index(describe, " " a " ") == 0)
			continue
		n = split(item[a], names, " ")
		for (k = 1; k <= n; k++) print names[k] } }'
}

# words FILE: the words of a text (runs of letters, digits, '_' and '-':
# "--db", "grid-assign", "unit_name"), one a line.
words() {
	grep -oE -- '[A-Za-z0-9_-]+' "$1" | sort -u
}

# member ITEMS SET...: each line of ITEMS, then a tab and 1 or 0 for each
# SET: whether the item is a line of that file.
member() {
	items=$1
	shift
	k=0
	for file in "$@"; do
		k=$((k + 1))
		set -- "$@" "k=$k" "$file"
		shift
	done
	awk -v nsets="$k" '
	k == 0 { item[++n] = $0; next }
	{ in_set[k, $0] = 1 }
	END {
		for (i = 1; i <= n; i++) {
			line = item[i]
			for (j = 1; j <= nsets; j++)
				line = line "\t" ((j, item[i]) in in_set ? 1 : 0)
			print line
		}
	}' k=0 "$items" "$@"
}

# mark DESCRIPTION FLAG: a check (as lib.sh's ok) that passes when FLAG is
# 1; the thousands of checks below then cost no process each.
mark() {
	n=$((n + 1))
	if [ "$2" = 1 ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
	fi
}

# checks FILE: a check for each line "DESCRIPTION<TAB>0 or 1" of FILE.
checks() {
	while IFS='	' read -r desc flag; do
		mark "$desc" "$flag"
	done <"$1"
}

# csv_header: the columns of the csv on standard input, one a line.
csv_header() {
	head -1 | tr -d '\r' | tr , '\n'
}

# --- the database the tools describe their output from ---
load_district || exit 1
stats_cases

# --- every command and every option of every tool ---
for tool in $tools; do
	page=$MAN/$tool.1
	ok "$tool: man page $page exists" test -f "$page"
	[ -f "$page" ] || continue
	"$tool" --help >"$D/help" 2>&1
	words "$D/help" >"$D/$tool.help.words"
	options_sections "$tool" | doc_words >"$D/$tool.options.words"
	if "$tool" --list-commands >"$D/commands" 2>/dev/null; then
		ok "$tool --list-commands lists commands" test -s "$D/commands"
		if [ "$tool" = grid-case ]; then
			# its verbs are its commands: the state table's too
			"$DOCTABLES" verb | cut -f2 >"$D/verbs"
			ok "doctables lists the verbs" test -s "$D/verbs"
			member "$D/verbs" "$D/commands" | sed \
			    "s/^\([^	]*\)/grid-case verb \1: in 'grid-case --list-commands'/" \
			    >"$D/marks"
			checks "$D/marks"
			cat "$D/verbs" "$D/commands" | awk '!seen[$0]++' \
			    >"$D/all" && mv "$D/all" "$D/commands"
		fi
		bash_complete "$tool" "" | sort -u >"$D/bash.commands"
		zsh_commands "$tool" | sort -u >"$D/zsh.commands"
		member "$D/commands" "$D/$tool.help.words" \
		    "$D/bash.commands" "$D/zsh.commands" >"$D/marks"
		while IFS='	' read -r cmd h b z; do
			command_section "$tool" "$cmd" >"$D/section"
			ok "$tool $cmd: in $tool.1 (a .Ss or an item of COMMANDS)" \
			    test -s "$D/section"
			mark "$tool $cmd: in '$tool --help'" "$h"
			mark "$tool $cmd: in gridkit.bash (commands of $tool)" \
			    "$b"
			mark "$tool $cmd: in _gridkit (commands of $tool)" \
			    "$z"
		done <"$D/marks"
		commands=$(cat "$D/commands")
	else
		# a tool without commands: its own options
		commands=-
	fi
	for cmd in $commands; do
		if [ "$cmd" = - ]; then
			what=$tool
			set -- "$tool"
			: >"$D/section.words"
			zsh_command "$tool" "" >"$D/zsh.text"
		else
			what="$tool $cmd"
			set -- "$tool" "$cmd"
			command_section "$tool" "$cmd" | doc_words \
			    >"$D/section.words"
			zsh_command "$tool" "$cmd" >"$D/zsh.text"
			ok "$what: _gridkit has a branch for it" test -s "$D/zsh.text"
			"$@" --help >"$D/help" 2>&1
		fi
		run "$@" --list-options
		status 0 "$what --list-options"
		ok "$what --list-options lists options" test -s "$T/out"
		sort -u "$T/out" >"$D/options"
		words "$D/help" >"$D/help.words"
		# "-db" of ".Fl \-db" is --db
		sort -u "$D/section.words" "$D/$tool.options.words" |
		    sed -n 's/^-[a-z]/-&/p' >"$D/man.options"
		bash_complete "$@" -- | sort -u >"$D/bash.options"
		zsh_options <"$D/zsh.text" >"$D/zsh.options"
		member "$D/options" "$D/help.words" "$D/man.options" \
		    "$D/bash.options" "$D/zsh.options" >"$D/marks"
		while IFS='	' read -r opt h m b z; do
			mark "$what $opt: in '$what --help'" "$h"
			mark "$what $opt: in $tool.1 (the command's section or the options)" \
			    "$m"
			mark "$what $opt: in gridkit.bash" "$b"
			mark "$what $opt: in _gridkit" "$z"
		done <"$D/marks"
	done
done

# --- the registers: grid-import(1), gridkit(7), --help, completions ---

# table_titles PAGE: the .Ss titles of the TABLES section of PAGE.
table_titles() {
	man_source "$1" | awk '
	/^\.Sh / { intab = ($0 == ".Sh TABLES"); next }
	intab && /^\.Ss / { sub(/^\.Ss /, ""); print }'
}

# table_items PAGE: every line of the column items of the TABLES section
# of PAGE, as "TABLE<TAB>COLUMN<TAB>LINE" (an item ".It Va x , Va y" is
# both columns').
table_items() {
	man_source "$1" | awk '
	/^\.Sh / { intab = ($0 == ".Sh TABLES"); n = 0; next }
	!intab { next }
	/^\.Ss / { table = $2; n = 0; depth = 0; next }
	/^\.Bl/ { depth++ }
	/^\.El/ { if (depth == 1) n = 0; depth--; next }
	/^\.It / && depth == 1 {
		n = 0
		for (k = 2; k <= NF; k++)
			if ($(k - 1) ~ /^(Va|,)$/ && $k ~ /^[a-z0-9_]+$/)
				col[++n] = $k
	}
	{ for (k = 1; k <= n; k++) print table "\t" col[k] "\t" $0 }'
}

"$DOCTABLES" register >"$D/registers"
"$DOCTABLES" field >"$D/fields"
ok "doctables lists registers" test -s "$D/registers"
ok "doctables lists fields" test -s "$D/fields"
grid-import --help >"$D/help"
words "$D/help" >"$D/import.help.words"
bash_complete grid-import -t "" | sort -u >"$D/bash.tables"
zsh_body grid-import | awk '/^ *tables=\(/ { on = 1 } on { print }
    on && /\)/ { exit }' | tr -s ' ()=' '\n' | sort -u >"$D/zsh.tables"
table_titles "$MAN/grid-import.1" >"$D/import.titles"
table_titles "$MAN/gridkit.7" | cut -d' ' -f1 >"$D/gridkit.titles"
cut -f2 "$D/registers" >"$D/tables"
cut -f2,3 "$D/registers" | sed 's/	\(.*\)/ (\1)/' >"$D/titled"
member "$D/tables" "$D/import.help.words" "$D/bash.tables" \
    "$D/zsh.tables" "$D/gridkit.titles" >"$D/marks"
member "$D/titled" "$D/import.titles" | cut -f2 | paste "$D/marks" - \
    >"$D/marks2"
while IFS='	' read -r table h b z g i; do
	mark "register $table: in grid-import.1 TABLES, titled as its label" \
	    "$i"
	mark "register $table: in gridkit.7 TABLES" "$g"
	mark "register $table: in 'grid-import --help'" "$h"
	mark "register $table: in gridkit.bash (grid-import -t)" "$b"
	mark "register $table: in _gridkit (grid-import tables)" "$z"
done <"$D/marks2"

# each column: an item of grid-import(1) saying what the code says (key,
# required, the table it refers to, every column name it accepts), and an
# item of gridkit(7)
table_items "$MAN/grid-import.1" >"$D/import.items"
table_items "$MAN/gridkit.7" >"$D/gridkit.items"
awk -F'\t' '
function says(key, re,    n, k, line) {
	n = split(text[key], line, "\n")
	for (k = 1; k <= n; k++)
		if (line[k] ~ re)
			return 1
	return 0
}
# a name is a whole item of a list of the text: "名称, 区划名称"
function names(key, name,    n, k, m, j, line, part) {
	n = split(text[key], line, "\n")
	for (k = 1; k <= n; k++) {
		m = split(line[k], part, /[,;]| and /)
		for (j = 1; j <= m; j++) {
			gsub(/^ +| +$/, "", part[j])
			if (part[j] == name)
				return 1
		}
	}
	return 0
}
FILENAME == ARGV[1] { text[$1 SUBSEP $2] = text[$1 SUBSEP $2] "\n" $3; next }
FILENAME == ARGV[2] { in7[$1 SUBSEP $2] = 1; next }
{
	key = $2 SUBSEP $3
	where = "register " $2 " column " $3
	found = (key in text)
	print where ": an item of grid-import.1 TABLES (" $2 ")\t" found
	print where ": an item of gridkit.7 TABLES (" $2 ")\t" (key in in7)
	if (!found)
		next
	if ($4 != "-")
		print where ": grid-import.1 says " $4 "\t" \
		    says(key, "^\\.Sy " $4 "( |$)")
	if ($5 != "-") {
		ref = $5
		sub(/\..*/, "", ref)
		print where ": grid-import.1 names the table it refers to (" \
		    ref ")\t" says(key, "^\\.Cm " ref "( |$)")
	}
	if ($6 != "-") {
		n = split($6, alias, "|")
		for (k = 1; k <= n; k++)
			print where ": grid-import.1 gives its column name \x27" \
			    alias[k] "\x27\t" names(key, alias[k])
	}
}' "$D/import.items" "$D/gridkit.items" "$D/fields" >"$D/marks"
checks "$D/marks"

# --- the levels: gridkit(7) SPACE AND CODES ---
"$DOCTABLES" level >"$D/levels"
ok "doctables lists levels" test -s "$D/levels"
# the rows of the table of levels, "NAME (LABEL) Ta DIGITS Ta SOURCE"
sh_section "$MAN/gridkit.7" "SPACE AND CODES" | awk '
	/^\.Bl -column/ { on = 1; next }
	on && /^\.El/ { exit }
	on && /^\.It / { sub(/^\.It /, ""); gsub(/ Ta /, "\t"); print }' \
    >"$D/level.rows"
awk -F'\t' '
FILENAME == ARGV[1] {
	# the name is the last word before the label: "unit grid (网格)"
	cell = $1
	label = ""
	if (match(cell, /\(.*\)/))
		label = substr(cell, RSTART + 1, RLENGTH - 2)
	sub(/ *\(.*/, "", cell)
	n = split(cell, w, " ")
	name = w[n]
	row[name] = 1
	labels[name] = label
	digits = $2
	sub(/.* /, "", digits)	# "+3 = 9": 9
	len[name] = digits
	next
}
{
	print "level " $2 ": a row of gridkit.7 SPACE AND CODES\t" ($2 in row)
	print "level " $2 ": gridkit.7 gives its label (" $3 ")\t" \
	    (labels[$2] == $3)
	print "level " $2 ": gridkit.7 gives its code length " $4 "\t" \
	    (len[$2] == $4)
}' "$D/level.rows" "$D/levels" >"$D/marks"
checks "$D/marks"

# --- the report's columns: grid-report(1) OUTPUT ---
sh_section "$MAN/grid-report.1" OUTPUT | doc_words >"$D/report.words"
"$DOCTABLES" report | cut -f2 >"$D/report.columns"
ok "doctables lists the report's columns" test -s "$D/report.columns"
awk -F'\t' '$6 == 1 { print $2 }' "$D/levels" >"$D/unit.levels"
for level in $(cat "$D/unit.levels"); do
	run grid-report monthly --month 2024-06 --by "$level" -f csv
	status 0 "grid-report monthly --by $level -f csv"
	csv_header <"$T/out" >>"$D/report.columns"
done
run grid-report annual --year 2024 -f csv
status 0 "grid-report annual -f csv"
csv_header <"$T/out" >>"$D/report.columns"
sort -u "$D/report.columns" -o "$D/report.columns"
member "$D/report.columns" "$D/report.words" |
    sed 's/^\([^	]*\)/grid-report column \1: in grid-report.1 OUTPUT/' \
    >"$D/marks"
checks "$D/marks"

# --- the statistics' columns and checks: grid-stats(1) ---
"$DOCTABLES" stats >"$D/stats"
ok "doctables lists statistics columns" test -s "$D/stats"
# a tag, for a command that needs one (--tag): the first of population's
# tag_ columns
tag=$(awk -F'\t' '$2 == "population" && $3 ~ /^tag_/ {
    sub(/^tag_/, "", $3); print $3; exit }' "$D/stats")
ok "doctables lists population's tag columns" test -n "$tag"
for cmd in $(grid-stats --list-commands); do
	awk -F'\t' -v cmd="$cmd" '$2 == cmd { print $3 }' "$D/stats" \
	    >"$D/columns"
	grid-stats "$cmd" --list-options >"$D/options" 2>/dev/null
	# the csv header of the command, of each level, and of --list
	for by in "" $(cat "$D/unit.levels"); do
		set -- grid-stats "$cmd" ${by:+--by "$by"} -f csv
		grep -qx -- --tag "$D/options" && set -- "$@" --tag "$tag"
		run "$@"
		[ -z "$by" ] && status 0 "$* (its columns)"
		[ "$rc" -eq 0 ] && csv_header <"$T/out" >>"$D/columns"
	done
	if grep -qx -- --list "$D/options"; then
		run grid-stats "$cmd" --list -f csv
		[ "$rc" -eq 0 ] && csv_header <"$T/out" >>"$D/columns"
	fi
	sort -u "$D/columns" -o "$D/columns"
	command_section grid-stats "$cmd" | doc_words >"$D/section.words"
	member "$D/columns" "$D/section.words" | sed \
	    "s/^\([^	]*\)/grid-stats $cmd column \1: in grid-stats.1 ($cmd)/" \
	    >"$D/marks"
	checks "$D/marks"
done
command_section grid-stats quality | doc_words >"$D/section.words"
"$DOCTABLES" check | cut -f2 >"$D/checks"
ok "doctables lists the quality checks" test -s "$D/checks"
member "$D/checks" "$D/section.words" | sed \
    "s/^\([^	]*\)/grid-stats quality check \1: in grid-stats.1 (quality)/" \
    >"$D/marks"
checks "$D/marks"
# grid-stats quality --help: its Checks paragraph names every check but the
# references (ref_<table>_<column> stands for them) and nothing else
grid-stats quality --help | sed -n '/^Checks:/,/^$/p' |
    grep -o '[a-z][a-z0-9_<>]*_[a-z0-9_<>]*' | sort -u >"$D/help.checks"
ok "grid-stats quality --help has a Checks paragraph" test -s "$D/help.checks"
grep -v '^ref_' "$D/checks" | sort -u >"$D/want.checks"
echo 'ref_<table>_<column>' >>"$D/want.checks"
grep -q '^dup_id_districts$' "$D/want.checks" ||
    echo dup_id_districts >>"$D/want.checks"	# found across databases
sort -u "$D/want.checks" -o "$D/want.checks"
same "$D/want.checks" "$D/help.checks" \
    "grid-stats quality --help names the checks of the library"

# grid-pgload, a script: every option of its --help in both completions
# (its function in each)
sh "$GRID_TOP/tools/pgload.sh" --help | grep -o -- '--[a-z][a-z-]*' |
    sort -u >"$D/pgload.options"
ok "grid-pgload --help names its options" test -s "$D/pgload.options"
sed -n '/^_gridkit_grid_pgload()/,/^}/p' "$BASHCOMP" >"$D/pgload.bash"
sed -n '/^_gridkit_grid_pgload()/,/^}/p' "$ZSHCOMP" >"$D/pgload.zsh"
while read -r opt; do
	ok "grid-pgload $opt: in the bash completion" \
	    grep -q -- "$opt" "$D/pgload.bash"
	ok "grid-pgload $opt: in the zsh completion" \
	    grep -q -- "$opt" "$D/pgload.zsh"
done <"$D/pgload.options"
