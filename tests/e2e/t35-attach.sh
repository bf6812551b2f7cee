#!/bin/sh
# grid-case attach and media (issue 18, evidence): real files (a PNG, a
# text, an empty file, a large compressible one) attached with their
# sha256, kept in grid.db.sqlar (mode 0600), which sqlite3 -A lists and
# extracts byte for byte, and read back by media, checked, logged;
# addresses (--uri) and --no-store keep no bytes; show masks the paths
# unless --reveal (logged); every refusal (no such case, a missing file,
# a directory, an unreadable file, bad options) with its status, its
# message, the database and the archive unchanged; verify --pass refused
# without an after-photo when require_after_photo is 1, then passed.
. "$(dirname "$0")/lib.sh"

load_district || exit 1
G1=32050801801401
A=$GRID_DB.sqlar

# col NAME FILE: the column NAME of a tsv file (its header), one a line.
col() {
	awk -F '	' -v name="$1" '
	NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) k = i; next }
	{ print $k }' "$2"
}

# sha FILE: its SHA-256, as sha256sum computes it (not gridkit).
sha() {
	sha256sum "$1" | cut -c1-64
}

# unchanged WHAT: the database and the archive are as when saved.
save() {
	snapshot "$T/db.before"
	if [ -f "$A" ]; then cp "$A" "$T/archive.before"
	else rm -f "$T/archive.before"; fi
}
unchanged() {
	snapshot "$T/db.after"
	same "$T/db.before" "$T/db.after" "$1: database unchanged"
	if [ -f "$T/archive.before" ]; then
		same "$T/archive.before" "$A" "$1: archive unchanged"
	else
		ok "$1: no archive made" test ! -e "$A"
	fi
}

# the files: a 1x1 PNG, a text, nothing, a large text
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\001\000\000\000\001\010\002\000\000\000\220wS\336\000\000\000\014IDAT\010\327c\370\317\300\000\000\003\001\001\000\030\335\215\260\000\000\000\000IEND\256B`\202' >photo.png
printf 'abc' >note.txt
: >empty.bin
seq 1 200000 >big.log
mkdir photos

id=$(grid-case report --source worker --category E0102 --grid $G1 \
    --x 120.62 --y 31.31 --at 2026-06-15T08:00:00+08:00 -f id)

# --- refusals: nothing written, no archive made ------------------------------
save
run grid-case attach 209901019999 photo.png
status 65 "no such case"
err_line "grid-case attach: case_id: case 209901019999: no such case" \
    "the case named"
unchanged "no such case"
run grid-case attach "$id" photo.png missing.jpg
status 66 "a missing file"
err_line "grid-case attach: missing.jpg: cannot open: No such file or directory" \
    "the file named"
unchanged "a missing file"
run grid-case attach "$id" photo.png photos
status 66 "a directory"
err_line "grid-case attach: photos: is a directory, not a file" \
    "a directory named"
unchanged "a directory"
if [ "$(id -u)" -ne 0 ]; then
	cp note.txt locked.txt
	chmod 000 locked.txt
	run grid-case attach "$id" photo.png locked.txt
	status 66 "an unreadable file"
	err_line "grid-case attach: locked.txt: cannot open: Permission denied" \
	    "the unreadable file named"
	unchanged "an unreadable file"
else
	# root reads a file of mode 000: a file that fails while read
	run grid-case attach "$id" photo.png /proc/self/mem
	status 74 "a file that cannot be read (as root: a read error)"
	err_has "/proc/self/mem: cannot read" "the file named"
	unchanged "a read error"
fi
run grid-case attach "$id" /dev/null
status 66 "a device"
unchanged "a device"
run grid-case attach "$id" photo.png --worker W999
status 65 "an unknown worker"
err_has "worker W999: not in workers" "the worker named"
unchanged "an unknown worker"
run grid-case attach "$id" photo.png --at 2026-02-30
status 65 "an impossible time"
err_has "at: impossible" "the time refused"
unchanged "an impossible time"
run grid-case attach "$id" photo.png --x 120.6
status 64 "--x without --y"
run grid-case attach "$id" photo.png --stage during
status 64 "a bad --stage"
run grid-case attach "$id" photo.png --after --stage before
status 64 "--after and --stage before"
run grid-case attach "$id" --uri https://media.example.org/a.jpg --store
status 64 "--store with --uri"
run grid-case attach "$id"
status 64 "no file"
run grid-case attach "$id" photo.png -n -f tsv
status 0 "--dry-run"
out_has "image/png" "--dry-run prints what it would do"
unchanged "--dry-run"

# --- files, kept in the archive ------------------------------------------------
run grid-case attach "$id" photo.png note.txt empty.bin big.log \
    --worker W001 --x 120.62 --y 31.31 --note '路面破损' -f tsv
status 0 "four files attached"
cp "$T/out" attached.tsv
is "$(col kind attached.tsv | tr '\n' ' ')" "photo document document document " \
    "kinds from the MIME types"
is "$(col mime attached.tsv | head -2 | tr '\n' ' ')" "image/png text/plain " \
    "MIME types from the bytes"
is "$(col sha256 attached.tsv | tr '\n' ' ')" \
    "$(sha photo.png) $(sha note.txt) $(sha empty.bin) $(sha big.log) " \
    "sha256 as sha256sum"
is "$(col size attached.tsv | tr '\n' ' ')" \
    "$(wc -c <photo.png | tr -d ' ') 3 0 $(wc -c <big.log | tr -d ' ') " \
    "sizes"
is "$(col stored attached.tsv | sort -u)" 1 "stored by default"
is "$(stat -c %a "$A")" 600 "the archive made with mode 0600"
is "$(sql "SELECT count(*) FROM case_log WHERE case_id = '$id' AND
    action = 'attach'")" 4 "each attachment logged"
is "$(sql "SELECT count(*) FROM attachments WHERE worker_id = 'W001'
    AND x = 120.62 AND note = '路面破损'")" 4 "worker, place and note kept"

sqlite3 "$A" -At | sort >listed
for f in photo.png note.txt empty.bin big.log; do
	echo "$id/$(sha $f)"
done | sort >expected
same expected listed "sqlite3 -At lists every file as ID/SHA256"
is "$(sqlite3 "$A" "SELECT sz > length(data) FROM sqlar WHERE name =
    '$id/$(sha big.log)'")" 1 "a compressible file kept compressed"
mkdir x
(cd x && sqlite3 "$A" -Ax) 2>"$T/err"
for f in photo.png note.txt empty.bin big.log; do
	same $f "x/$id/$(sha $f)" "sqlite3 -Ax extracts $f byte for byte"
done

# --- media: the bytes back -----------------------------------------------------
for f in photo.png big.log empty.bin; do
	run grid-case media "$id" "$(sha $f)" -o "back.$f"
	status 0 "media $f"
	same $f "back.$f" "$f back byte for byte"
	is "$(stat -c %a "back.$f")" 600 "$f written with mode 0600"
done
run grid-case media "$id" "$(sha note.txt)"
same note.txt "$T/out" "to standard output"
is "$(sql "SELECT count(*) FROM case_log WHERE case_id = '$id' AND
    action = 'reveal' AND note LIKE 'media %'")" 4 "each media logged"
save
run grid-case media "$id" 0000000000000000000000000000000000000000000000000000000000000000
status 65 "media of no attachment"
err_has "no attachment 0000" "named"
unchanged "media of no attachment"
run grid-case media "$id" ABC
status 64 "not a sha256"
sqlite3 "$A" "UPDATE sqlar SET data = CAST('abd' AS BLOB) WHERE name =
    '$id/$(sha note.txt)'"
save
run grid-case media "$id" "$(sha note.txt)" -o damaged.txt
status 65 "damaged bytes refused"
err_has "does not match its sha256" "said so"
ok "nothing written" test ! -e damaged.txt
unchanged "damaged bytes"

# --- addresses and --no-store --------------------------------------------------
run grid-case attach "$id" --uri 'https://media.example.org/p/13812345678.jpg?t=1' -f tsv
status 0 "an address"
is "$(col stored "$T/out")" 0 "no bytes"
is "$(col mime "$T/out")" image/jpeg "its type from the extension"
cp "$A" archive.kept
run grid-case attach "$id" --no-store note.txt -f tsv
status 0 "--no-store"
is "$(col stored "$T/out")" 0 "not stored"
same archive.kept "$A" "the archive untouched by --no-store"

# --- show: masked unless --reveal ----------------------------------------------
run grid-case show "$id" -f table
status 0 "show"
out_has "attachment 1" "the attachments listed"
out_has "$(sha photo.png) stored ***.png" "sha256, stored, path masked"
out_has "https://media.example.org/***.jpg" "an address masked"
if grep -q "13812345678" "$T/out"; then
	ok "the phone in the address hidden" false
else
	ok "the phone in the address hidden" true
fi
run grid-case show "$id" -f csv
is "$(head -1 "$T/out" | tr ',' '\n' | tail -1)" reply_due \
    "show -f csv: the case's columns alone"
run grid-case attachments "$id" -f tsv
status 0 "attachments"
is "$(col uri "$T/out" | sort -u | tr '\n' ' ')" \
    "***.bin ***.log ***.png ***.txt https://media.example.org/***.jpg " \
    "attachments: every uri masked"
is "$(col sha256 "$T/out" | head -4 | tr '\n' ' ')" \
    "$(sha photo.png) $(sha note.txt) $(sha empty.bin) $(sha big.log) " \
    "attachments: in the order added"
run grid-case attachments 209901019999
status 65 "attachments of no case"
n0=$(sql "SELECT count(*) FROM case_log WHERE action = 'reveal'")
run grid-case attachments "$id" --reveal -f tsv
out_has "photo.png" "attachments --reveal: the path whole"
is "$(sql "SELECT count(*) FROM case_log WHERE action = 'reveal'")" \
    $((n0 + 1)) "attachments --reveal logged"
n0=$(sql "SELECT count(*) FROM case_log WHERE action = 'reveal'")
run grid-case show "$id" --reveal -f table
out_has "13812345678.jpg" "--reveal: the address whole"
out_has " photo.png at " "--reveal: the path whole"
is "$(sql "SELECT count(*) FROM case_log WHERE action = 'reveal'")" \
    $((n0 + 1)) "--reveal logged"

# --- verify --pass and require_after_photo -------------------------------------
save
run grid-import --set require_after_photo=2
status 64 "require_after_photo=2 refused"
err_has "expected 0 or 1" "said so"
unchanged "a bad require_after_photo"
run grid-import --set require_after_photo=1
status 0 "require_after_photo=1"
grid-case register "$id" -q -f id >/dev/null
grid-case dispatch "$id" --dept D01 -q -f id >/dev/null
grid-case handle "$id" --note done -q -f id >/dev/null
save
run grid-case verify "$id" --pass
status 65 "verify --pass without an after-photo"
err_line "grid-case verify: pass: case $id: cannot pass verification without an after-photo (require_after_photo is 1; grid-case attach $id --after FILE)" \
    "the case and the remedy named"
unchanged "verify refused"
printf '{"id":"%s","pass":true}\n' "$id" >verify.ndjson
run grid-case verify - <verify.ndjson
status 65 "the same in a record"
err_has "<stdin>:1: pass: case $id: cannot pass verification" \
    "the record's line named"
unchanged "verify refused in bulk"
run grid-case verify "$id" --fail --note 'still broken'
status 0 "verify --fail needs no after-photo"
grid-case handle "$id" --note 'done again' -q -f id >/dev/null
run grid-case attach "$id" --after photo.png -f tsv
status 0 "the after-photo"
is "$(col stage "$T/out")" after "stage after"
run grid-case verify "$id" --pass -f tsv
status 0 "verify --pass with an after-photo"
is "$(col to_status "$T/out")" verified "verified"

