#!/bin/sh
# No value cut, in any register, through any tool.  The registers, their
# columns, types and limits are taken from libgrid's own description
# (grid/registers.h, read by a small program built here), not from a
# list written in this test.  For every table, one row holds the longest
# value each text column accepts: identifiers of GRID_CODE_MAX bytes with
# Chinese and 4-byte UTF-8 characters in them, document numbers and
# phones at their longest, names, addresses and notes of 1,200 bytes;
# the code formats (division, grid, component codes, USCC) at their
# length.  One byte more in any of them is refused with file, line and
# field named, exit 65, the database unchanged, and the row comes back
# whole in the reject file.  Then every value comes out whole wherever a
# tool shows it (grid-report, grid-stats, grid-case, grid-assign; ndjson
# and csv), and a table cut for display is cut on a character boundary.
# t27-long-values.sh has the department code in grid-report, a name cut
# in a report's field and 15-digit grid codes; not repeated here.
. "$(dirname "$0")/lib.sh"

# ---- the registers as libgrid describes them ----
cat >regs.c <<'PROG'
/* Prints each register field: table, name, type, flags, vocabulary, its
 * values, default, reference, and the length of the longest value of its
 * kind that grid_field_check accepts ("-": no limit below 4096). */
#include <stdio.h>
#include <string.h>

#include "grid/buf.h"
#include "grid/error.h"
#include "grid/reader.h"
#include "grid/registers.h"
#include "grid/vocab.h"

static const char *const types[] = {
	[GRID_V_TEXT] = "text", [GRID_V_INT] = "int", [GRID_V_REAL] = "real",
	[GRID_V_BOOL] = "bool", [GRID_V_DATE] = "date",
	[GRID_V_TIME] = "time", [GRID_V_ENUM] = "enum",
	[GRID_V_IDNO] = "idno", [GRID_V_USCC] = "uscc",
	[GRID_V_PHONE] = "phone", [GRID_V_REGION] = "region",
	[GRID_V_GRID] = "grid", [GRID_V_COMPONENT] = "component",
	[GRID_V_CODE] = "code", [GRID_V_DOCNO] = "docno",
};

/* The longest value "lead fill fill ..." that f accepts, 0 when none, -1
 * when every one up to 4096 bytes is. */
static long
longest(const struct grid_field *f, const char *lead, char fill)
{
	static char value[4200];
	struct grid_buf out = GRID_BUF_INIT;
	struct grid_error err;
	size_t n, lead_len = strlen(lead);
	long last = 0;

	for (n = lead_len + 1; n <= 4096; n++) {
		memcpy(value, lead, lead_len);
		memset(value + lead_len, fill, n - lead_len);
		value[n] = '\0';
		if (grid_field_check(f, value, "2026-06-15", 2, &out, &err) ==
		    0)
			last = (long)n;
	}
	grid_buf_release(&out);
	return last == 4096 ? -1 : last;
}

int
main(void)
{
	const struct grid_register *reg;
	const struct grid_field *f;
	const struct grid_vocab *v;
	const char *val;
	size_t i, j, k;
	long max;

	printf("record\t%zu\n", (size_t)GRID_RECORD_MAX_DEFAULT);
	for (i = 0; (reg = grid_register_at(i)) != NULL; i++)
		for (j = 0; j < reg->nfields; j++) {
			f = &reg->fields[j];
			switch (f->type) {
			case GRID_V_TEXT:
			case GRID_V_CODE:
				max = longest(f, "", 'a');
				break;
			case GRID_V_IDNO:
			case GRID_V_DOCNO:
				max = longest(f, "", 'A');
				break;
			case GRID_V_PHONE:
				max = longest(f, "0", '5');
				break;
			default:
				max = 0;
			}
			printf("field\t%s\t%s\t%s\t%s\t%s\t", reg->table,
			    f->name, types[f->type], f->flags & GRID_F_KEY ?
			    "key" : f->flags & GRID_F_REQUIRED ? "required" :
			    "-", f->vocab != NULL ? f->vocab : "-");
			v = f->vocab != NULL ? grid_vocab_find(f->vocab) : NULL;
			for (k = 0; v != NULL &&
			    (val = grid_vocab_value(v, k)) != NULL; k++)
				printf("%s%s", k > 0 ? "," : "", val);
			printf("%s\t%s\t%s\t", v == NULL ? "-" : "",
			    f->def != NULL ? f->def : "-",
			    f->ref != NULL ? f->ref : "-");
			if (max < 0)
				printf("-\n");
			else
				printf("%ld\n", max);
		}
	return 0;
}
PROG
pkgs=$(make -s -C "$GRID_TOP" --no-print-directory print-pkgs)
san=""
nm "$GRID_BUILD/libgrid.a" 2>/dev/null | grep -q __asan_ &&
    san="-fsanitize=address,undefined"
# shellcheck disable=SC2046,SC2086 # flag lists split into words
${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L $san -I"$GRID_TOP/lib" \
    $(pkg-config --cflags $pkgs) -o regs regs.c "$GRID_BUILD/libgrid.a" \
    $(pkg-config --libs $pkgs) -lm 2>regs.err
ok "a program reading grid/registers.h builds" test -x regs
./regs >regs.tsv
ok "it describes the registers" grep -q '^field	' regs.tsv
record_max=$(awk -F'\t' '$1 == "record" { print $2 }' regs.tsv)
awk -F'\t' '$1 == "field"' regs.tsv >fields.tsv

# ---- the values ----
load_district

# the bytes of a value in hexadecimal, for SQL (X'...')
hex() {
	printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'
}
# pad VALUE LEN CHAR: VALUE filled with CHAR to LEN bytes
pad() {
	awk -v v="$1" -v n="$2" -v c="$3" \
	    'BEGIN { while (length(v) < n) v = v c; print v }'
}
# a text of 1,200 bytes and more: Chinese, and 4-byte characters (𠮷)
text_of() {
	awk -v tag="$1" 'BEGIN { s = tag
		for (i = 0; i < 40; i++) s = s "网格化社会服务管理𠮷"
		print s }'
}
# the longest value in column COL of TABLE in the database, or nothing
existing() {
	sql "SELECT \"$2\" FROM \"$1\" WHERE \"$2\" IS NOT NULL
	    ORDER BY length(\"$2\") DESC, rowid LIMIT 1" 2>/dev/null
}

# Each text-like column (table.field) gets its maximal value in
# max/TABLE.FIELD and, when one byte more is refused by the field's own
# check, its over-long value in over/TABLE.FIELD.  A reference takes the
# maximal value of the column it refers to (so long codes travel); the
# code formats, of fixed length, a value the district has.
mkdir max over
i=0
while IFS='	' read -r _ table field type flags vocab values def ref len; do
	i=$((i + 1))
	tag=$(printf 'Q%03d-' "$i")
	f=max/$table.$field
	if [ "$ref" != - ] && [ "${ref%%.*}" = "$table" ]; then
		:	# refers to its own table: set once the row is in
	elif [ "$ref" != - ] && [ -f "max/$ref" ]; then
		cp "max/$ref" "$f"
	elif [ "$ref" != - ]; then
		v=$(existing "${ref%%.*}" "${ref#*.}")
		[ -n "$v" ] && printf '%s\n' "$v" >"$f"
	else
		case $type in
		text)
			text_of "$tag" >"$f" ;;
		code)
			pad "${tag}网格员𠮷" "$len" a >"$f" ;;
		idno|docno)
			pad "$tag" "$len" A >"$f" ;;
		phone)
			pad "$(printf '0%03d' "$i")" "$len" 5 >"$f" ;;
		region|grid|component|uscc)
			v=$(existing "$table" "$field")
			[ -n "$v" ] && printf '%s\n' "$v" >"$f" ;;
		esac
	fi
	# one byte more than the column accepts
	o=over/$table.$field
	case $type in
	code)
		pad "${tag}网格员𠮷" $((len + 1)) a >"$o" ;;
	idno|docno)
		pad "$tag" $((len + 1)) A >"$o" ;;
	phone)
		pad "$(printf '0%03d' "$i")" $((len + 1)) 5 >"$o" ;;
	region|grid|component|uscc)
		[ -f "$f" ] && { tr -d '\n' <"$f"; echo 0; } >"$o" ;;
	esac
done <fields.tsv
is "$(awk -F'\t' '$4 == "code" { print $10 }' fields.tsv | sort -u)" \
    "$(sed -n 's/^#define GRID_CODE_MAX \([0-9]*\).*/\1/p' \
    "$GRID_TOP/lib/grid/codes.h")" \
    "every identifier column accepts GRID_CODE_MAX bytes, no more"
ok "the text columns have no limit of their own (the record's)" \
    sh -c '! awk -F"\t" "\$4 == \"text\" && \$10 != \"-\"" fields.tsv | grep -q .'

# has_docno TABLE: whether a column of TABLE is a document number (its
# kind then given, another than the default one)
docno_tables=" $(awk -F'\t' '$4 == "docno" { printf "%s ", $2 }' fields.tsv)"
has_docno() {
	case $docno_tables in *" $1 "*) return 0 ;; esac
	return 1
}

# the value of a field for a new row that does not test it: required
# and key fields that are not text
filler() {	# type vocab values def table field
	case $1 in
	enum)
		if has_docno "$5" && [ "$4" != - ]; then
			# a document number other than the default kind's
			printf '%s' "$3" | tr ',' '\n' | grep -vx "$4" | head -1
		else
			printf '%s' "$3" | cut -d, -f1
		fi ;;
	bool) echo 1 ;;
	date) echo 2026-05-11 ;;
	time) echo 2026-05-11T09:30:00+08:00 ;;
	int|real)
		# a rule's risk level: -1, any (the test's tag has no levels)
		if [ "$5.$6" = visit_rules.risk_level ]; then echo -1
		else echo 1; fi ;;
	esac
}

# row TABLE [FIELD OVER-FILE]: the header and the maximal row of TABLE,
# with FIELD's value taken from OVER-FILE when given; a column that has
# an over-long value is always there
row() {
	r_hdr="" r_line=""
	while IFS='	' read -r _ r_table r_field r_type r_flags r_vocab \
	    r_values r_def r_ref r_len; do
		[ "$r_table" = "$1" ] || continue
		r_v=""
		if [ "${2:-}" = "$r_field" ]; then
			r_v=$(cat "$3")
		elif [ -f "max/$r_table.$r_field" ]; then
			r_v=$(cat "max/$r_table.$r_field")
		elif [ "$r_flags" != - ] || { [ "$r_type" = enum ] &&
		    [ "$r_def" != - ] && has_docno "$r_table"; }; then
			r_v=$(filler "$r_type" "$r_vocab" "$r_values" "$r_def" \
			    "$r_table" "$r_field")
		fi
		# a column with an over-long value is in every row (empty:
		# no value), so that all rows of a table have one header
		[ -n "$r_v" ] || [ -f "over/$r_table.$r_field" ] || continue
		r_hdr=$r_hdr${r_hdr:+,}$r_field
		r_line=$r_line${r_line:+,}$r_v
	done <fields.tsv
	printf '%s\n%s\n' "$r_hdr" "$r_line"
}

tables=$(awk -F'\t' '{ print $2 }' fields.tsv | uniq)
narrowed=""
for table in $tables; do
	# a column a rule of the table narrows (a class of 3 digits in an
	# identifier column): that refusal named, the column left out
	tries=0
	while row "$table" >"$table.csv" &&
	    ! grid-import -n -q -t "$table" "$table.csv" 2>narrow.err; do
		field=$(sed -n "s/^grid-import: $table\.csv:2: \([a-z_]*\): .*/\1/p" \
		    narrow.err | head -n 1)
		tries=$((tries + 1))
		[ -n "$field" ] && [ -f "max/$table.$field" ] && [ "$tries" -le 3 ] ||
		    break
		echo "# narrowed by a rule: $(head -n 1 narrow.err)"
		rm "max/$table.$field"
		narrowed="$narrowed $table.$field"
	done
	# one byte more in any column: refused by name, nothing written,
	# the row whole in the reject file
	head -n 1 "$table.csv" >"$table.over.csv"
	: >"$table.over.fields"
	for f in over/"$table".*; do
		[ -f "$f" ] || continue
		field=${f#over/"$table".}
		row "$table" "$field" "$f" | sed 1d >>"$table.over.csv"
		echo "$field" >>"$table.over.fields"
	done
	if [ -s "$table.over.fields" ]; then
		snapshot before.sql
		run grid-import -t "$table" --reject "$table.rej.csv" \
		    "$table.over.csv"
		status 65 "$table: every over-long value refused"
		line=1 bad=""
		while read -r field; do
			line=$((line + 1))
			grep -qF "$table.over.csv:$line: $field: " "$T/err" ||
			    bad="$bad $line:$field"
		done <"$table.over.fields"
		is "$bad" "" "$table: each refusal names file, line and field"
		snapshot after.sql
		same before.sql after.sql "$table: the database unchanged"
		is "$(sed 1d "$table.over.csv" | while IFS= read -r l; do
			grep -cF ",$l" "$table.rej.csv"
		    done | sort -u | tr '\n' ' ')" "1 " \
		    "$table: each refused row whole in the reject file"
	fi
	run grid-import -t "$table" "$table.csv"
	status 0 "$table: the row of longest values imports"
	# a column that refers to its own table, now that the row is in
	for f in $(awk -F'\t' -v t="$table" '$2 == t && $9 ~ "^" t "\\." {
	    print $3 "=" $9 }' fields.tsv); do
		field=${f%%=*} target=${f#*=}
		key=$(awk -F'\t' -v t="$table" '$2 == t && $5 == "key" {
		    print $3 }' fields.tsv | head -1)
		cp "max/$target" "max/$table.$field"
		printf '%s,%s\n%s,%s\n' "$key" "$field" \
		    "$(cat "max/$table.$key")" "$(cat "max/$target")" \
		    >"$table.self.csv"
		run grid-import -t "$table" "$table.self.csv"
		status 0 "$table.$field: its longest value imports"
	done
done

# every value stored whole
bad=""
for f in max/*; do
	tf=${f#max/} table=${tf%%.*} field=${tf#*.}
	cnt=$(sql "SELECT count(*) FROM \"$table\"
	    WHERE CAST(\"$field\" AS BLOB) = X'$(hex "$(cat "$f")")'")
	[ "$cnt" -ge 1 ] 2>/dev/null || bad="$bad $tf"
done
is "$bad" "" "every longest value stored whole"
is "$(($(ls max | wc -l) + $(echo $narrowed | wc -w)))" \
    "$(awk -F'\t' '$4 ~ /^(text|code|idno|docno|phone|region|grid|component|uscc)$/' \
    fields.tsv | wc -l | tr -d ' ')" "a longest value for every text column"

# a text column at the record's limit: the longest record imports, its
# value whole; one byte more is refused with file and line
text_col=$(awk -F'\t' '$4 == "text" && $5 == "-" { print $2 "." $3; exit }' \
    fields.tsv)
table=${text_col%%.*} field=${text_col#*.}
cp "$GRID_DB" limit.db
row "$table" >limit.csv
fill=$((record_max - $(sed 1d limit.csv | wc -c) + $(wc -c <"max/$text_col")))
# fill - 1 bytes of 长 (3 bytes each), then 'a' to the byte, and a newline
chars=$(((fill - 1) / 3))
{
	yes 长 | tr -d '\n' | head -c $((chars * 3))
	pad "" $((fill - 1 - chars * 3)) a
} >limit.value
row "$table" "$field" limit.value >limit.csv
is "$(sed 1d limit.csv | wc -c | tr -d ' ')" "$record_max" \
    "a record of $record_max bytes"
run grid-import -d limit.db -t "$table" limit.csv
status 0 "$text_col: a record at the limit imports"
is "$(sqlite3 limit.db "SELECT max(length(CAST(\"$field\" AS BLOB)))
    FROM \"$table\"")" "$(($(wc -c <limit.value) - 1))" \
    "$text_col: its value stored whole"
{ tr -d '\n' <limit.value; echo a; } >limit.over
row "$table" "$field" limit.over >limit-over.csv
sqlite3 limit.db .dump | grep -v import_batches >before.sql
run grid-import -d limit.db -t "$table" limit-over.csv
status 65 "$text_col: a record one byte longer refused"
err_has "limit-over.csv:2: " "the refusal names file and line"
sqlite3 limit.db .dump | grep -v import_batches >after.sql
same before.sql after.sql "the database unchanged"
rm -f limit.db limit.value limit.over limit.csv limit-over.csv

# ---- through every tool ----
# The cases of the month: the long case moved through its steps, with
# the long department.
case_id=$(cat max/cases.id)
dept=$(cat max/departments.code)
run grid-case register "$case_id" --at 2026-05-11T10:00:00+08:00 \
    --note "$(cat max/cases.description)"
status 0 "grid-case register of the long case"
run grid-case dispatch "$case_id" --dept "$dept" \
    --at 2026-05-11T11:00:00+08:00
status 0 "grid-case dispatch to the long department"
run grid-case report --source hotline --category "$(cat max/categories.code)" \
    --x 120.62 --y 31.31 --description "$(cat max/cases.description)" \
    --address "$(cat max/cases.address)" --reporter "$(cat max/cases.reporter)" \
    --dept "$dept" -f id
status 0 "grid-case report with long values"

mkdir shown
k=0
# shows NAME COMMAND...: runs a tool, its output in shown/
shows() {
	k=$((k + 1))
	name=$(printf '%02d-%s' "$k" "$1")
	shift
	"$@" >"shown/$name" 2>"shown/$name.err"
	rc=$?
	n=$((n + 1))
	if [ "$rc" -eq 0 ]; then
		echo "ok $n - $name: $*"
	else
		echo "not ok $n - $name: exit $rc: $*"
		head -3 "shown/$name.err" | sed 's/^/#   /'
	fi
}
for fmt in ndjson csv table; do
	for by in grid community street district dept worker; do
		shows "report-$by.$fmt" grid-report monthly --month 2026-05 \
		    --by "$by" -f "$fmt"
	done
	shows "annual.$fmt" grid-report annual --year 2026 --by dept -f "$fmt"
	for by in grid community; do
		shows "population-$by.$fmt" grid-stats population --by "$by" \
		    -f "$fmt"
		shows "cases-$by.$fmt" grid-stats cases --by "$by" -f "$fmt"
		shows "visits-$by.$fmt" grid-stats visits --by "$by" -f "$fmt"
		shows "hazards-$by.$fmt" grid-stats hazards --by "$by" -f "$fmt"
	done
	shows "cases-category.$fmt" grid-stats cases --by category -f "$fmt"
	shows "groups.$fmt" grid-stats groups \
	    --tag "$(sql 'SELECT tag FROM person_tags LIMIT 1')" -f "$fmt"
	shows "quality.$fmt" grid-stats quality --list --reveal -f "$fmt"
	shows "list.$fmt" grid-case list --reveal -f "$fmt"
	shows "show.$fmt" grid-case show "$case_id" --reveal -f "$fmt"
	shows "log.$fmt" grid-case log "$case_id" -f "$fmt"
	shows "workers.$fmt" grid-assign workers -f "$fmt"
	shows "load.$fmt" grid-assign check --load -f "$fmt"
	shows "houses.$fmt" grid-assign houses --dry-run -f "$fmt"
	shows "orgs.$fmt" grid-assign orgs --dry-run -f "$fmt"
	shows "components.$fmt" grid-assign components --dry-run -f "$fmt"
	shows "cases.$fmt" grid-assign cases --dry-run -f "$fmt"
done
# a sheet with every long text through grid-assign locate
{
	printf 'x,y'
	for f in max/*; do printf ',%s' "${f#max/}"; done
	printf '\n120.62,31.31'
	for f in max/*; do printf ',%s' "$(cat "$f")"; done
	printf '\n'
} >points.csv
shows locate.csv grid-assign locate points.csv
ok "grid-assign locate: every cell of the sheet written back whole" \
    grep -qF "$(sed -n 2p points.csv)" shown/*-locate.csv

# Wherever an output shows the beginning of a longest value (its tag),
# ndjson and csv show it whole; a table shows it whole, or cut on a
# character boundary; every output is valid UTF-8.  No exception: the
# reports of grid-report hold their units' names whole too.
for f in max/*; do
	head -c 5 "$f" | grep -q '^Q[0-9][0-9][0-9]-$' || continue
	tf=${f#max/}
	printf '%s\t%s\t%s\n' "$tf" "$(awk -F'\t' -v t="${tf%%.*}" \
	    -v c="${tf#*.}" '$2 == t && $3 == c { print $4 }' fields.tsv)" \
	    "$(cat "$f")"
done >tagged.tsv
# check OUTPUT TABLE: "shown NAME" and "bad NAME" lines for the tagged
# values in OUTPUT
check() {
	LC_ALL=C awk -v table="$2" '
	BEGIN { for (b = 128; b < 192; b++) cont = cont sprintf("%c", b) }
	NR == FNR { split($0, a, "\t"); nv++; name[nv] = a[1]
		val[nv] = a[3]; tag[nv] = substr(a[3], 1, 5)
		next }
	{
		for (i = 1; i <= nv; i++) {
			s = $0
			while ((p = index(s, tag[i])) > 0) {
				s = substr(s, p)
				seen[i] = 1
				v = val[i]
				if (substr(s, 1, length(v)) != v) {
					for (m = 0; m < length(v) &&
					    substr(s, m + 1, 1) == substr(v, m + 1, 1);
					    m++)
						;
					onchar = index(cont, substr(v, m + 1, 1)) == 0
					if (!(onchar && table))
						bad[i] = 1
				}
				s = substr(s, 2)
			}
		}
	}
	END {
		for (i = 1; i <= nv; i++) {
			if (seen[i]) print "shown", name[i]
			if (bad[i]) print "bad", name[i]
		}
	}' tagged.tsv "$1"
}
: >checked
for o in shown/*; do
	case $o in *.err) continue ;; esac
	ok "$(basename "$o"): valid UTF-8" \
	    sh -c 'iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1' sh "$o"
	table=0
	case $o in *.table) table=1 ;; esac
	check "$o" "$table" | sed "s|\$| $(basename "$o")|" >>checked
done
shown=$(grep -c '^shown ' checked)
is "$(sed -n 's/^bad \(.*\) \(.*\)/\2:\1/p' checked | tr '\n' ' ')" "" \
    "every longest value shown by a tool is whole (or cut on a character boundary in a table)"
ok "the tools showed long values ($shown times)" test "$shown" -ge 100
# what each tool must show, at least: a case's every text column in
# grid-case show, the long department in grid-report, the long worker
# in grid-assign workers, the long grid name in grid-stats
for f in $(cut -f1 tagged.tsv | grep '^cases\.' | sed 's|^|max/|'); do
	ok "grid-case show: ${f#max/} whole" grep -qF "$(cat "$f")" shown/*-show.ndjson
done
ok "grid-report: the long department whole" grep -qF "$dept" shown/*-report-dept.csv
ok "grid-report: the long worker whole" \
    grep -qF "$(cat max/workers.id)" shown/*-report-worker.ndjson
# and every long unit name whole, in every format of rows (csv, ndjson)
for by in grid:grids community:regions dept:departments worker:workers; do
	for fmt in csv ndjson; do
		ok "grid-report --by ${by%%:*} -f $fmt: the long name whole" \
		    grep -qF "$(cat "max/${by#*:}.name")" \
		    shown/*-report-"${by%%:*}.$fmt"
	done
done
ok "grid-report annual: the long department name whole" \
    grep -qF "$(cat max/departments.name)" shown/*-annual.csv
ok "grid-assign workers: the long worker's name whole" \
    grep -qF "$(cat max/workers.name)" shown/*-workers.csv
ok "grid-stats: the long grid name whole" \
    grep -qF "$(cat max/grids.name)" shown/*-population-grid.csv
ok "grid-stats: the long community name whole" \
    grep -qF "$(cat max/regions.name)" shown/*-population-community.ndjson
