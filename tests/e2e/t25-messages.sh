#!/bin/sh
# Messages in Chinese for Chinese clerks: every message of libgrid and
# the five tools has a zh_CN translation (po/zh_CN.po, checked against
# the messages extracted from the code now, as make pot does), and the
# tools speak it under LANG=zh_CN.UTF-8 (or LANGUAGE=zh_CN), the reject
# file's error column included; their answers (standard output, the
# database) are the same in every locale.
. "$(dirname "$0")/lib.sh"

# ---- the catalog covers the code ----
sh "$GRID_TOP/tools/pot.sh" "$T/now.pot"
msgmerge -q --no-wrap -o "$T/merged.po" "$GRID_TOP/po/zh_CN.po" "$T/now.pot"
msgattrib --untranslated --no-obsolete --no-wrap "$T/merged.po" \
    2>/dev/null | sed -n 's/^msgid "\(..*\)"$/\1/p' >untranslated
msgattrib --only-fuzzy --no-obsolete --no-wrap "$T/merged.po" \
    2>/dev/null | sed -n 's/^msgid "\(..*\)"$/\1/p' >fuzzy
is "$(wc -l <untranslated | tr -d ' ')" 0 \
    "every message of the code has a translation (make pot, then po/zh_CN.po)"
sed 's/^/#   untranslated: /' untranslated | head -20
is "$(wc -l <fuzzy | tr -d ' ')" 0 "no translation is marked fuzzy"
sed 's/^/#   fuzzy: /' fuzzy | head -20
ok "po/zh_CN.po compiles with its formats checked (msgfmt -c)" \
    msgfmt -c -o /dev/null "$GRID_TOP/po/zh_CN.po"
ok "the catalog is built with the tools" \
    test -s "$GRID_BUILD/locale/zh_CN/LC_MESSAGES/gridkit.mo"

# ---- the tools speak it ----
load_district
snapshot before.sql
has_han() {
	LC_ALL=C.UTF-8 grep -qP '\p{Han}' "$1"
}
for how in "LANG=zh_CN.UTF-8" "LANGUAGE=zh_CN LANG=C.UTF-8" \
    "LC_MESSAGES=zh_CN.UTF-8"; do
	run env -u LC_ALL $how grid-import --bogus
	status 64 "$how: a bad option"
	err_has "请运行 'grid-import --help'" "$how: the usage hint in Chinese"
done
run env -u LC_ALL LANG=zh_CN.UTF-8 grid-case show --nope
status 64 "zh_CN: grid-case show, a bad option"
err_has "请运行 'grid-case show --help'" "zh_CN: grid-case's hint"
run env -u LC_ALL LANG=zh_CN.UTF-8 grid-stats population --in 999999
status 64 "zh_CN: grid-stats, an unknown area"
ok "zh_CN: grid-stats' message in Chinese" has_han "$T/err"
run env -u LC_ALL LANG=zh_CN.UTF-8 grid-report monthly --month 2026-13
status 64 "zh_CN: grid-report, a bad month"
ok "zh_CN: grid-report's message in Chinese" has_han "$T/err"
run grid-report monthly --month 2026-13
ok "C locale: the same message in English" sh -c '! LC_ALL=C.UTF-8 grep -qP "\p{Han}" "$1"' sh "$T/err"

# A bad row: the message on standard error and the reject file's error
# column in Chinese; the field, the code and the value stay as they are.
sed -e '3s/320503196812096406/320503196812096407/' "$DISTRICT/people.csv" \
    >bad.csv
run env -u LC_ALL LANG=zh_CN.UTF-8 grid-import -t people --reject rej.csv \
    --strict bad.csv
status 65 "zh_CN: a bad check digit, --strict"
err_has "bad.csv:3: id_number: " "zh_CN: file, line and field named"
err_has "'320503********6407'" "zh_CN: the value quoted and masked"
ok "zh_CN: the message in Chinese" has_han "$T/err"
ok "zh_CN: the reject file's error column in Chinese" \
    sh -c 'sed -n 2p rej.csv | cut -d, -f3 >col && LC_ALL=C.UTF-8 grep -qP "\p{Han}" col'
ok "zh_CN: the reject file keeps the error code" grep -q '^3,invalid_value,' rej.csv
snapshot after.sql
same before.sql after.sql "zh_CN: the database unchanged"

# The answers do not depend on the locale.
run grid-stats population -f csv
cp "$T/out" c.csv
run env -u LC_ALL LANG=zh_CN.UTF-8 LC_NUMERIC=zh_CN.UTF-8 grid-stats population -f csv
same c.csv "$T/out" "zh_CN: grid-stats population gives the same table"
run grid-report monthly --month 2026-05 -f csv
cp "$T/out" r.csv
run env -u LC_ALL LANG=zh_CN.UTF-8 grid-report monthly --month 2026-05 -f csv
same r.csv "$T/out" "zh_CN: grid-report monthly gives the same table"
