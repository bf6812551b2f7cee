#!/bin/sh
# Petitions (信访, issue 20): a crafted May 2026 of petitions recorded
# with grid-case petition, accept, answer, review and follow-through,
# and grid-stats petitions with every figure derived by hand below; the
# refusals (a petitioner not in the register, an answer after the close,
# an answer before acceptance, a review before the answer, a case that
# is no petition) with exit 65, the field named and the database
# unchanged; petitioners masked in show and --repeat unless --reveal,
# which is logged; reply_due the same whatever the process's TZ; the
# setting petition_reply_limit checked by grid-import --set.
. "$(dirname "$0")/lib.sh"

load_district || exit 1
G1=32050801801401	# community 320508018014 (C1)
G2=32050801801901	# community 320508018019 (C2)
P1=320508196611025232	# 朱强
P2=320503196812096406	# 郭颖
P3=320508198003193872	# 陆鹏
NOBODY=110101199003070000

save() { snapshot "$T/db.before"; }
unchanged() {
	snapshot "$T/db.after"
	same "$T/db.before" "$T/db.after" "$1: database unchanged"
}

# report CATEGORY GRID AT: a petition case; prints its id (never
# hard-coded: ids may carry a division prefix).
report() {
	grid-case report --source petition --category "$1" --grid "$2" \
	    --at "$3" --description '信访事项' -f id
}

# closed ID AT...: register, dispatch, handle, verify and close at the
# five times given.
closed() {
	id=$1
	grid-case register "$id" --at "$2" -q >/dev/null &&
	grid-case dispatch "$id" --dept D01 --at "$3" -q >/dev/null &&
	grid-case handle "$id" --note 已办理 --at "$4" -q >/dev/null &&
	grid-case verify "$id" --pass --at "$5" -q >/dev/null &&
	grid-case close "$id" --at "$6" -q >/dev/null
}

# --- the month --------------------------------------------------------------
# c4 (April): accepted 04-29 10:00 under a 10-day limit, due 05-09 10:00,
# never answered: overdue at the end of May, not received in May.
c4=$(report E0902 $G1 2026-04-28T09:00:00+08:00)
grid-import -q --set 'petition_reply_limit=10 days'
grid-case petition "$c4" --form letter --petitioner $P3 \
    --at 2026-04-28T09:10:00+08:00 -q >/dev/null
grid-case accept "$c4" --at 2026-04-29T10:00:00+08:00 -q >/dev/null
# c2: letter, 1 person (P1); accepted 05-08 10:00 under the 10-day
# limit: due 05-18 10:00; answered 05-25: late; not followed through.
c2=$(report E0902 $G1 2026-05-08T09:00:00+08:00)
grid-case petition "$c2" --form 来信 --petitioner $P1 \
    --at 2026-05-08T09:10:00+08:00 -q >/dev/null
run grid-case accept "$c2" --at 2026-05-08T10:00:00+08:00 -f csv
status 0 "c2 accepted"
out_has ",2026-05-08T10:00:00+08:00,2026-05-18T10:00:00+08:00," \
    "c2: due 10 calendar days later"
grid-import -q --set 'petition_reply_limit=60 days'
run grid-case answer "$c2" --text 已答复 --at 2026-05-25T09:00:00+08:00 \
    -f csv
status 0 "c2 answered"
is "$(tail -n 1 "$T/out" | cut -d, -f12)" 0 "c2: answered late"
grid-case follow-through "$c2" --no -q >/dev/null
# c1: a visit of 6 people (group), reached the city, competent the
# district (over-level), P1 and P2; accepted 05-06 10:00, due 07-05 10:00
# (60 days: 25 to May 31, 30 to June 30, 5 more); answered 05-20: on time;
# reviewed, followed through, closed.
c1=$(report E0901 $G1 2026-05-06T09:00:00+08:00)
run grid-case petition "$c1" --form visit --people 6 --reached city \
    --competent district --petitioner $P1 --petitioner $P2 \
    --responder 王芳 --leader 李书记 --at 2026-05-06T09:10:00+08:00 -f csv
status 0 "c1 recorded"
is "$(tail -n 1 "$T/out" | cut -d, -f2,5-8)" "petition,visit,6,1,1" \
    "c1: a group petition over its level"
grid-case accept "$c1" --at 2026-05-06T10:00:00+08:00 -q >/dev/null
is "$(sql "SELECT reply_due FROM petitions WHERE case_id = '$c1'")" \
    2026-07-05T10:00:00+08:00 "c1: due 60 calendar days later"
run grid-case answer "$c1" --text '经核查，已协调解决' \
    --at 2026-05-20T10:00:00+08:00 -f csv
is "$(tail -n 1 "$T/out" | cut -d, -f11-12)" \
    "2026-05-20T10:00:00+08:00,1" "c1: answered on time"
grid-case review "$c1" --result 维持 --at 2026-05-22T09:00:00+08:00 \
    -q >/dev/null
grid-case follow-through "$c1" --at 2026-05-23T09:00:00+08:00 -q >/dev/null
ok "c1 closed" closed "$c1" 2026-05-23T10:00:00+08:00 \
    2026-05-23T11:00:00+08:00 2026-05-24T09:00:00+08:00 \
    2026-05-24T10:00:00+08:00 2026-05-24T11:00:00+08:00
# c3: C2, a phone call of 2, reached the province, competent the
# community (over-level); P3; never accepted.
c3=$(report E0901 $G2 2026-05-12T09:00:00+08:00)
grid-case petition "$c3" --form phone --people 2 --reached province \
    --competent community --petitioner $P3 --at 2026-05-12T09:10:00+08:00 \
    -q >/dev/null
is "$(sql "SELECT group_concat(action, ' ') FROM case_log WHERE case_id = \
'$c1'")" "report petition accept answer review follow-through register \
dispatch handle verify close" "c1: every step and action logged"

# --- grid-stats petitions: May 2026 by community of street 320508018 ------
# C1: received 2 (c1 c2; c4 is April's), accepted 2 (c1 c2), replied 2,
# on time 1 (c1): 50.00; followed through 1 (c1): 50.00; overdue 1 (c4,
# due 05-09, never answered); group 1 (c1), over-level 1 (c1); visit 1,
# letter 1.  C2: received 1 (c3), nothing accepted or replied (no
# rates), over-level 1, phone 1.  320508018023: nothing.
n1=$(sql "SELECT name FROM regions WHERE code = '320508018014'")
n2=$(sql "SELECT name FROM regions WHERE code = '320508018019'")
n3=$(sql "SELECT name FROM regions WHERE code = '320508018023'")
run grid-stats petitions --period 2026-05 --in 320508018 -f csv
status 0 "petitions of May"
cat >expected.csv <<EOF
level,unit,unit_name,period,received,accepted,replied,replied_on_time,on_time_rate,followed_through,follow_through_rate,overdue,group,over_level,visit,letter,online,phone
community,320508018014,$n1,2026-05,2,2,2,1,50.00,1,50.00,1,1,1,1,1,0,0
community,320508018019,$n2,2026-05,1,0,0,0,,0,,0,0,1,0,0,0,1
community,320508018023,$n3,2026-05,0,0,0,0,,0,,0,0,0,0,0,0,0
EOF
same expected.csv "$T/out" "every figure of May"
# April: c4 received and accepted; nothing replied; not yet overdue at
# the end of April (due 05-09)
run grid-stats petitions --period 2026-04 --in 320508018014 -f csv
is "$(sed -n 2p "$T/out" | cut -d, -f5-18)" "1,1,0,0,,0,,0,0,0,0,1,0,0" \
    "April: c4 alone"
run grid-stats petitions --period 2026-05 --in 320508018 -f html \
    -o petitions.html
status 0 "an html page"
ok "with its chart and Chinese headers" grep -q '按期答复率' petitions.html

# --- repeat petitioners: P1 (c1, c2); P2 and P3 once each ------------------
run grid-stats petitions --repeat --period 2026-05 -f csv
status 0 "repeat petitioners"
is "$(sed -n 2p "$T/out" | cut -d, -f1,2,3,5)" "2026-05,320508********5232,朱强,2" \
    "P1 masked"
is "$(wc -l <"$T/out" | tr -d ' ')" 2 "P1 alone"
ok "no reveal logged" test ! -e "$GRID_DB.reveal.log"
run grid-stats petitions --repeat --period 2026-05 --reveal -f csv
out_has "$P1" "--reveal: unmasked"
ok "the reveal logged" grep -q '"list": *"petitions --repeat"' \
    "$GRID_DB.reveal.log"

# --- show: petitioners masked unless --reveal (logged) ---------------------
run grid-case show "$c1" -f table
out_has "petition.petitioners" "show has the petition's lines"
out_has "320508********5232,320503********6406" "petitioners masked"
run grid-case show "$c1" --reveal -f table
out_has "$P1,$P2" "--reveal: unmasked"
is "$(sql "SELECT count(*) FROM case_log WHERE case_id = '$c1' AND \
action = 'reveal'")" 1 "the reveal logged"

# --- refusals: exit 65, the field named, nothing changed --------------------
c5=$(report E0903 $G1 2026-05-26T09:00:00+08:00)
save
run grid-case petition "$c5" --form visit --petitioner $P1 \
    --petitioner $NOBODY
status 65 "a petitioner not in the register"
err_line "grid-case petition: petitioner: case $c5: petitioner 2: '110101********0000' not in people" \
    "the petitioner named, masked"
unchanged "a petitioner not in the register"
grid-case petition "$c5" --form visit --petitioner $P2 \
    --at 2026-05-26T09:10:00+08:00 -q >/dev/null
save
run grid-case answer "$c5" --text 答复
status 65 "an answer before acceptance"
err_line "grid-case answer: accepted_at: case $c5: answer before acceptance (grid-case accept first)" \
    "the acceptance named"
unchanged "an answer before acceptance"
run grid-case review "$c5" --result upheld
status 65 "a review before the answer"
err_line "grid-case review: replied_at: case $c5: review before an answer (grid-case answer first)" \
    "the answer named"
unchanged "a review before the answer"
grid-case accept "$c5" --at 2026-05-26T10:00:00+08:00 -q >/dev/null
closed "$c5" 2026-05-27T09:00:00+08:00 2026-05-27T10:00:00+08:00 \
    2026-05-28T09:00:00+08:00 2026-05-28T10:00:00+08:00 \
    2026-05-28T11:00:00+08:00
save
run grid-case answer "$c5" --text 答复
status 65 "an answer after the close"
err_line "grid-case answer: status: case $c5: cannot answer the petition of a case that is closed" \
    "the status named"
unchanged "an answer after the close"
run grid-case answer "$c1" --text 再次答复
status 65 "a second answer"
unchanged "a second answer"
c6=$(grid-case report --source worker --category E0102 --grid $G1 \
    --at 2026-05-29T09:00:00+08:00 -f id)
save
run grid-case petition "$c6" --form visit
status 65 "a case that is no petition"
err_has "category_code: case $c6: category E0102 is not a petition category" \
    "the category named"
unchanged "a case that is no petition"
run grid-case review "$c1" --result overturned
status 65 "a bad review result"
err_has "review: case $c1: bad review 'overturned'" "the result named"
run grid-case answer "$c3"
status 64 "answer without --text"
run grid-case petition "$c3" --text x
status 64 "an option of another command"
run grid-import --set petition_reply_limit=soon
status 64 "a bad petition_reply_limit"
err_has "petition_reply_limit: bad time limit 'soon'" "the setting named"
unchanged "the refused settings"

# --- --dry-run: the row printed, nothing written -----------------------------
save
run grid-case accept "$c3" -n -f csv
status 0 "accept --dry-run"
is "$(tail -n 1 "$T/out" | cut -d, -f2,9)" "accept,2026-06-15T10:00:00+08:00" \
    "the row it would write"
err_has "rolled back, nothing was written" "said so"
unchanged "accept --dry-run"

# --- time zone: the same reply_due under TZ=UTC and Asia/Shanghai ----------
c7=$(report E0901 $G2 2026-06-01T20:00:00+08:00)
c8=$(report E0901 $G2 2026-06-01T20:00:00+08:00)
grid-case petition "$c7" --form online -q --at '2026-06-01 21:00' >/dev/null
grid-case petition "$c8" --form online -q --at '2026-06-01 21:00' >/dev/null
TZ=UTC grid-case accept "$c7" --at '2026-06-01 23:30' -q >/dev/null
TZ=Asia/Shanghai grid-case accept "$c8" --at '2026-06-01 23:30' -q >/dev/null
is "$(sql "SELECT group_concat(accepted_at || ' ' || reply_due, '; ') \
FROM petitions WHERE case_id IN ('$c7', '$c8')")" \
    "2026-06-01T23:30:00+08:00 2026-07-31T23:30:00+08:00; 2026-06-01T23:30:00+08:00 2026-07-31T23:30:00+08:00" \
    "accepted and due in the database's zone, whatever TZ"

# --- records are no steps: the petition's details and an attachment entered
# today do not stop a step back-dated after the case's last step; a step
# before that last step is still refused --------------------------------------
c9=$(report E0901 $G1 2026-06-10T09:00:00+08:00)
grid-case register "$c9" --at 2026-06-10T09:30:00+08:00 -q >/dev/null &&
    grid-case dispatch "$c9" --dept D01 --at 2026-06-10T10:00:00+08:00 \
    -q >/dev/null
ok "c9 registered and dispatched on 06-10" [ $? -eq 0 ]
grid-case petition "$c9" --form visit --petitioner $P2 -q >/dev/null &&
    grid-case attach "$c9" --uri https://media.example/c9.jpg -q >/dev/null
ok "c9's details and an attachment entered now, 06-15" [ $? -eq 0 ]
run grid-case handle "$c9" --note 已办理 --at 2026-06-12T09:00:00+08:00 \
    -f csv
status 0 "a handle back-dated to 06-12, before the entries of 06-15"
is "$(sql "SELECT status || ' ' || handled_at FROM cases WHERE id = '$c9'")" \
    "handled 2026-06-12T09:00:00+08:00" "c9 handled on 06-12"
run grid-case accept "$c9" --at 2026-06-13T09:00:00+08:00 -f csv
status 0 "accepted on 06-13, before its details entered on 06-15"
save
run grid-case verify "$c9" --pass --at 2026-06-12T18:00:00+08:00
status 65 "a verify before the acceptance, the last step"
err_line "grid-case verify: at: case $c9: --at 2026-06-12T18:00:00+08:00 is before its last step at 2026-06-13T09:00:00+08:00" \
    "the last step named"
unchanged "a verify before the last step"
run grid-case answer "$c9" --text 答复 --at 2026-06-11T09:00:00+08:00
status 65 "an answer on 06-11, before the last step"
err_line "grid-case answer: at: case $c9: --at 2026-06-11T09:00:00+08:00 is before its last step at 2026-06-13T09:00:00+08:00" \
    "the last step named"
unchanged "an answer before the last step"
