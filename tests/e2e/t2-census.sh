#!/bin/sh
# grid-import: keys seen twice, households and their heads, the import
# modes (upsert, insert, replace) and --dry-run.
. "$(dirname "$0")/lib.sh"

run load_district
status 0 "the sample district loads"
HDR=$(head -1 people.csv)

# ---- a key seen twice in one run ----
printf '%s\n' code,name D06,信访办 D07,统计局 D06,另一个信访办 >dup.csv
run grid-import -t departments dup.csv
status 65 "duplicate key in one file: rejected"
err_line "grid-import: dup.csv:4: code: duplicate key, first seen on line 2" \
    "duplicate key: message names the line of the first"
is "$(sql "SELECT name FROM departments WHERE code = 'D06'")" 信访办 \
    "duplicate key: the first row is kept"
is "$(sql "SELECT count(*) FROM departments")" 7 \
    "duplicate key: the other rows are in"

printf '%s\n' code,name D08,八部 >dup-a.csv
printf '%s\n' code,name D09,九部 D08,又一个八部 >dup-b.csv
run grid-import -t departments dup-a.csv dup-b.csv
status 65 "duplicate key across two files of a run: rejected"
err_line "grid-import: dup-b.csv:3: code: duplicate key, first seen on line 2 of dup-a.csv" \
    "duplicate across files: message names the file and line of the first"
is "$(sql "SELECT name FROM departments WHERE code = 'D08'")" 八部 \
    "duplicate across files: the first is kept"

{ cat people.csv; sed -n 5p people.csv; } >people-dup.csv
run grid-import -t people people-dup.csv
status 65 "a person listed twice: rejected"
err_line "grid-import: people-dup.csv:152: id_number: duplicate key, first seen on line 5" \
    "a person listed twice: message"
err_has "people-dup.csv: 151 read, 0 inserted, 0 updated, 150 unchanged, 1 rejected" \
    "a person listed twice: the rest unchanged"

printf '%s\n' worker_id,grid_code W001,32050801801403 W001,32050801801403 \
    >wg-dup.csv
run grid-import -t worker_grids wg-dup.csv
status 65 "a compound key twice: rejected"
err_line "grid-import: wg-dup.csv:3: worker_id+grid_code: duplicate key, first seen on line 2" \
    "a compound key twice: message names both key fields"

# ---- households: one head, the declared size ----
a=$(idno 32050819800101121)	# the three people of a new household
b=$(idno 32050819800101131)
c=$(idno 32050819820101122)
printf '%s\n' id,house_id,head_id_number,size HH0051,H0008,,3 >hh51.csv
{
	echo "$HDR"
	echo "$a,甲,男,,,HH0051,H0008,32050801801402,户籍人口,户主,汉族"
	echo "$b,乙,男,,,HH0051,H0008,32050801801402,户籍人口,户主,汉族"
	echo "$c,丙,女,,,HH0051,H0008,32050801801402,户籍人口,配偶,汉族"
} >heads.csv
run grid-import -t households hh51.csv
status 0 "a new household"
run grid-import -t people heads.csv
status 65 "two heads in one household: rejected"
masked=$(echo "$a" | sed 's/^\(......\)........\(....\)$/\1********\2/')
err_line "grid-import: heads.csv:3: relation: household 'HH0051' already has a head, $masked, on line 2" \
    "two heads: message names the first head (masked) and its line"
err_line "grid-import: heads.csv: household_id: warning: household 'HH0051' declares 3 people but has 2" \
    "household size mismatch: a warning"
is "$(sql "SELECT head_id_number FROM households WHERE id = 'HH0051'")" "$a" \
    "the first head is the household's head"
is "$(sql "SELECT count(*) FROM people WHERE household_id = 'HH0051'")" 2 \
    "the second head is not in"

d=$(idno 32050819900101141)
printf '%s\n' "$HDR" \
    "$d,丁,男,,,HH0001,H0010,32050801801403,户籍人口,户主,汉族" >head2.csv
run grid-import -t people head2.csv
status 65 "a second head for a household of the database: rejected"
err_line "grid-import: head2.csv:2: relation: household 'HH0001' already has a head, 320508********5232" \
    "second head of a stored household: message names the head"

printf '%s\n' id,house_id,head_id_number,size HH0052,H0020,,1 >hh52.csv
e=$(idno 32050819900101151)
f=$(idno 32050819920101162)
printf '%s\n' "$HDR" \
    "$e,戊,男,,,HH0052,H0020,,户籍人口,户主,汉族" \
    "$f,己,女,,,HH0052,H0020,,户籍人口,配偶,汉族" >size.csv
run grid-import -t households hh52.csv
run grid-import -t people size.csv
status 0 "household size mismatch alone: exit 0"
err_line "grid-import: size.csv: household_id: warning: household 'HH0052' declares 1 people but has 2" \
    "household size mismatch: warning names the household"
err_has "size.csv: 2 read, 2 inserted" "household size mismatch: rows in"
is "$(sql "SELECT house_id FROM people WHERE id_number = '$f'")" H0020 \
    "a person's house taken from the household"

printf '%s\n' id,house_id,head_id_number,size HH0053,H0036,,2 >hh53.csv
g=$(idno 32050819900101171)
printf '%s\n' "$HDR" "$g,庚,男,,,HH0053,H0036,,户籍人口,子女,汉族" >nohead.csv
run grid-import -t households hh53.csv
run grid-import -t people nohead.csv
status 0 "a household without a head: exit 0"
err_line "grid-import: nohead.csv: household_id: warning: household 'HH0053' has no head" \
    "a household without a head: warning"

# ---- upsert (the default) ----
sql "UPDATE people SET updated_at = '2020-01-01T00:00:00+08:00'"
snapshot before.sql
sed '2s/13713900768/13900000000/' people.csv >phone.csv
run grid-import -t people phone.csv
status 0 "upsert: one field changed"
err_has "phone.csv: 150 read, 0 inserted, 1 updated, 149 unchanged, 0 rejected" \
    "upsert: updated 1, the rest unchanged"
snapshot after.sql
is "$(diff before.sql after.sql | grep -c '^[<>]')" 2 \
    "upsert: exactly one row differs"
is "$(sql "SELECT phone || ' ' || updated_at FROM people WHERE id_number = '320508196611025232'")" \
    "13900000000 2026-06-15T10:00:00+08:00" \
    "upsert: the new value and updated_at now"

snapshot before.sql
printf '%s\n' 公民身份号码,联系电话,民族,备注 \
    '320508196611025232,,,老党员' >empty.csv
run grid-import -t people empty.csv
status 0 "upsert with empty cells"
err_has "empty.csv: 1 read, 0 inserted, 1 updated, 0 unchanged" \
    "upsert: a new attribute is an update"
is "$(sql "SELECT phone || ' ' || name || ' ' || household_id || ' ' || attrs FROM people WHERE id_number = '320508196611025232'")" \
    '13900000000 朱强 HH0001 {"民族":"汉族","备注":"老党员"}' \
    "upsert: empty cells and absent columns erase nothing; attrs merged"
printf '%s\n' 公民身份号码,联系电话 '320508196611025232,' >empty2.csv
run grid-import -t people empty2.csv
err_has "empty2.csv: 1 read, 0 inserted, 0 updated, 1 unchanged" \
    "upsert: a row of empty cells is unchanged"

# ---- --mode insert ----
snapshot before.sql
printf '%s\n' code,name D01,改名的城管 D10,新部门 >insert.csv
run grid-import -t departments --mode insert insert.csv
status 65 "--mode insert: an existing key is rejected"
err_line "grid-import: insert.csv:2: code: key already in the database (--mode insert)" \
    "--mode insert: message"
is "$(sql "SELECT name FROM departments WHERE code = 'D01'")" 城管执法局 \
    "--mode insert: the existing row unchanged"
is "$(sql "SELECT name FROM departments WHERE code = 'D10'")" 新部门 \
    "--mode insert: the new row is in"

# ---- --mode replace ----
printf '%s\n' id,address H0001,新地址 >replace.csv
run grid-import -t houses --mode replace replace.csv
status 0 "--mode replace"
err_has "replace.csv: 1 read, 0 inserted, 1 updated" "--mode replace: updated"
is "$(sql "SELECT quote(address) || quote(grid_code) || quote(x) || quote(use) || quote(floors) || quote(owner_id_number) || quote(rented) || quote(attrs) FROM houses WHERE id = 'H0001'")" \
    "'新地址'NULLNULLNULLNULLNULLNULLNULL" \
    "--mode replace: fields not given are NULL"
printf '%s\n' id_number,name 320382199307057498,郑鹏 >replace-p.csv
run grid-import -t people --mode replace replace-p.csv
status 0 "--mode replace of a person"
is "$(sql "SELECT id_type || ' ' || residence || ' ' || sex || ' ' || birth_date || ' ' || quote(phone) || quote(household_id) || quote(relation) || quote(house_id) || quote(attrs) FROM people WHERE id_number = '320382199307057498'")" \
    "resident_id registered M 1993-07-05 NULLNULLNULLNULLNULL" \
    "--mode replace: defaults for the rest, sex and birth from the ID"

# ---- --dry-run ----
snapshot before.sql
batches=$(sql 'SELECT count(*) FROM import_batches')
printf '%s\n' code,name D11,十一部 >dry.csv
run grid-import -t departments --dry-run dry.csv
status 0 "--dry-run of a good file: exit 0"
err_line "grid-import: dry.csv: 1 read, 1 inserted, 0 updated, 0 unchanged, 0 rejected, 0.00 s (dry run: nothing written)" \
    "--dry-run: the summary says nothing was written"
printf '%s\n' code,name D12,十二部 D13, >dry-bad.csv
run grid-import -t departments -n dry-bad.csv
status 65 "--dry-run with a bad row: exit 65"
err_line "grid-import: dry-bad.csv:3: name: missing (required for a new row)" \
    "--dry-run: bad rows reported"
snapshot after.sql
same before.sql after.sql "--dry-run: database unchanged"
is "$(sql "SELECT group_concat(source || ' ' || status || ' ' || inserted || ' ' || rejected, ', ') FROM (SELECT * FROM import_batches WHERE id > $batches ORDER BY id)")" \
    "dry.csv dry_run 1 0, dry-bad.csv dry_run 1 1" \
    "--dry-run: runs recorded as dry_run, with what they would have done"

# ---- import_batches: committed, rolled_back ----
batches=$(sql 'SELECT max(id) FROM import_batches')
run grid-import -t departments dry-bad.csv
status 65 "a run with a bad row: the good row goes in"
run grid-import -t departments --strict dry.csv dry-bad.csv
status 65 "--strict with a bad row in the second file: nothing is written"
is "$(sql "SELECT group_concat(source || ' ' || status || ' ' || inserted || ' ' || rejected, ', ') FROM (SELECT * FROM import_batches WHERE id > $batches ORDER BY id)")" \
    "dry-bad.csv committed 1 1, dry.csv rolled_back 1 0, dry-bad.csv rolled_back 0 1" \
    "import_batches: a written run committed, a stopped run rolled_back, each file"
is "$(sql "SELECT group_concat(code) FROM departments WHERE code > 'D10'")" D12 \
    "import_batches: only the committed run's row is in"
