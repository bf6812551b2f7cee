#!/bin/sh
# grid-report: the monthly figures of tests/fixtures/report (every one
# computed by hand in its README.md) by community, department and worker;
# the month boundary in local time; empty rates; units with nothing to
# assess (no score, grade or rank, listed last, in every format); months
# not begun refused, the month in progress partial, a month before any
# data; the worked check of doc/domain.md section 4; annual (the mean of the months
# with a score); merge of two districts against the report of their
# union; the html page (well-formed, the figures of the ndjson); -o; bad
# usage and bad reports.
. "$(dirname "$0")/lib.sh"

REPORT=$FIX/report
M=2026-05

# load_registers [FILTER]: regions, departments, grids (lines matching
# FILTER dropped), then the fixture's cases and case R13 through grid-case.
load_registers() {
	drop=${1:-^$}
	mkdir -p "$T/split"
	for f in regions departments grids workers worker_grids; do
		grep -v -- "$drop" "$T/$f.csv" >"$T/split/$f.csv"
	done
	(cd "$T/split" && grid-import -q regions.csv departments.csv \
	    grids.csv workers.csv worker_grids.csv) 2>"$T/load.err" ||
	    { cat "$T/load.err"; return 1; }
}
load_cases() {
	drop=${1:-^$}
	grep -v -- "$drop" "$REPORT/cases.csv" >"$T/part-cases.csv"
	grid-import -q -t cases "$T/part-cases.csv" || return 1
	[ "$drop" = 32050801801 ] && return 0
	grid-case report --id R13 --source worker --category C0101 \
	    --grid 32050801801403 --reporter W001 \
	    --at 2026-05-11T09:00:00+08:00 >/dev/null &&
	grid-case register R13 --at 2026-05-11T09:05:00+08:00 >/dev/null &&
	grid-case dispatch R13 --dept D03 --deadline 2026-05-14T17:30:00+08:00 \
	    --at 2026-05-11T09:10:00+08:00 >/dev/null &&
	grid-case return R13 --reason "not ours" \
	    --at 2026-05-11T10:00:00+08:00 >/dev/null &&
	grid-case escalate R13 --reason "needs the community" \
	    --at 2026-05-12T09:00:00+08:00 >/dev/null &&
	grid-case dispatch R13 --dept D03 --deadline 2026-05-14T17:30:00+08:00 \
	    --at 2026-05-12T09:30:00+08:00 >/dev/null
}

# field FILE UNIT KEY...: the values of KEYs in UNIT's row of a csv
# report, joined by '|'.
field() {
	awk -F, -v unit="$2" -v keys="$3" 'NR == 1 {
		for (i = 1; i <= NF; i++) col[$i] = i
		next
	}
	$2 == unit {
		k = split(keys, key, " ")
		s = ""
		for (i = 1; i <= k; i++)
			s = s (i > 1 ? "|" : "") $(col[key[i]])
		print s
	}' "$1"
}

load_registers && load_cases || exit 1
ok "fixture loaded" true

# --- by community ---------------------------------------------------------
run grid-report monthly --month $M --by community -f csv
status 0 "monthly by community"
cp "$T/out" "$T/community.csv"
A=320508018014
is "$(field "$T/community.csv" $A "reported registered voided dispatched \
returned handled handled_on_time due_to_close closed closed_on_time \
reworked public_verified overdue_open escalated rated satisfied")" \
    "8|7|1|6|1|2|1|5|3|1|1|1|2|1|3|2" "察院场: every count of the month"
is "$(field "$T/community.csv" $A "closure_rate on_time_closure_rate \
rework_rate satisfaction_rate public_verified_rate handling_rate \
on_time_handling_rate valid_report_rate")" \
    "60.00|20.00|50.00|66.67|14.29|60.00|20.00|87.50" "察院场: every rate"
is "$(field "$T/community.csv" $A "handling_hours_mean \
handling_hours_median handling_n handling_seconds")" \
    "19.25|19.25|2|138600" "察院场: working hours from dispatch to handled"
is "$(field "$T/community.csv" $A "registered_score unit_grids \
registered_score_sum score grade rank score_change")" \
    "85.00|3|255|51.57|D|3|-7.10" "察院场: score, grade, rank, change"
# The case desk: R01 R02 R03 R04 R08 R13 due for dispatch, dispatched in
# time; dispatches: R13's two logged (the first returned), the others'
# dispatched_at; R13's reply_due (grid-case report) in May, no reply.
is "$(field "$T/community.csv" $A "dispatch_due dispatched_on_time \
dispatches accurate_dispatches dispatch_accuracy_rate reply_due \
reply_rate")" "6|6|7|6|85.71|1|0.00" "察院场: the case desk"
is "$(field "$T/community.csv" $A "closed_grid closed_community \
closed_street resolved_grid_share resolved_street_share")" \
    "1|1|1|33.33|33.33" "察院场: closed at each level"
is "$(field "$T/community.csv" 320508018019 "reported registered \
closure_rate on_time_closure_rate rework_rate satisfaction_rate \
handling_hours_mean score grade rank score_change")" \
    "1|0||||||100.00|A|1|0.00" \
    "北寺塔: the case of 23:30 on the 31st is May's; rates empty, not 0"
is "$(field "$T/community.csv" 320508021019 "due_to_close closed \
satisfaction_rate handling_hours_mean score grade rank score_change")" \
    "2|2|50.00|6.00|93.00|A|2|" \
    "沧浪亭: the other street; no change (nothing to assess in April)"
is "$(awk -F, 'NR > 1' "$T/community.csv" | wc -l | tr -d ' ')" 6 \
    "every community of the registers has a row"

# --- units with nothing to assess ------------------------------------------
IDLE="320508018023 320508021017 320508021034"
for idle in 320508018023:3 320508021017:2 320508021034:3; do
	u=${idle%:*}
	is "$(field "$T/community.csv" $u "reported registered due_to_close \
registered_score unit_grids score grade rank score_change partial")" \
	    "0|0|0|100.00|${idle#*:}|||||0" \
	    "$u: no case: no score, grade, rank or change (立案数 alone no 100)"
done
is "$(awk -F, 'NR > 1 { printf "%s%s", (NR > 2 ? " " : ""), $2 }' \
    "$T/community.csv")" "320508018019 320508021019 320508018014 $IDLE" \
    "rows: the ranked by rank, then the unscored by unit"
run grid-report monthly --month $M --by community -f ndjson
grep '"unit":"320508018023"' "$T/out" >"$T/idle.ndjson"
is "$(grep -o '"score":[^,]*,"grade":[^,]*,"rank":[^,]*,"score_change":[^,]*' \
    "$T/idle.ndjson")" '"score":null,"grade":null,"rank":null,"score_change":null' \
    "ndjson: null score, grade, rank, change for an idle unit"
is "$(sed -n 1p "$T/out" | grep -o '"unit":"[0-9]*"')" '"unit":"320508018019"' \
    "ndjson: the first rank first"
run grid-report monthly --month $M --by community -f tsv
is "$(awk -F '\t' '$2 == "320508018023" { print $27 "|" $28 "|" $29 "|" \
    $30 }' "$T/out")" "|||" "tsv: empty score, grade, rank, change cells"
run grid-report monthly --month $M --by community -f table
status 0 "table"
is "$(awk '$1 == "320508018023" { print NF, $NF }' "$T/out")" "8 0" \
    "table: an idle row: its unit first (no rank), nothing after overdue_open"
note="无考核数据：3 个单元本月没有可考核的案件，无得分、等级和排名，列在最后"
note="$note (3 of 6 units had nothing to assess in 2026-05: no score,"
out_has "$note grade or rank; listed after the ranked ones)" \
    "table: a note names the unscored units"
run grid-report monthly --month $M --by community -f md
is "$(grep '| 320508018023 |' "$T/out" | awk -F'|' '{ print $2 $16 $17 $18 }' |
    tr -d ' ')" "" "md: blank rank, score, grade, change"
out_has "(3 of 6 units had nothing to assess in 2026-05" "md: the note"

# --- months not begun, the month in progress, a month before any data ----
for m in 2030-01 2026-07; do
	run grid-report monthly --month $m -f csv -o "$T/future.csv"
	status 64 "monthly --month $m: not begun"
	err_line "grid-report monthly: --month $m has not begun (today is 2026-06-15)" \
	    "monthly --month $m: the month and today named"
	is "$(cat "$T/out")$(ls "$T/future.csv" 2>/dev/null)" "" \
	    "monthly --month $m: nothing written"
done
run grid-report annual --year 2027 -f csv
status 64 "annual --year 2027: not begun"
err_line "grid-report annual: --year 2027 has not begun (today is 2026-06-15)" \
    "annual --year 2027: the year and today named"
is "$(cat "$T/out")" "" "annual --year 2027: nothing on standard output"
run grid-report monthly --month 2026-06 --by community -f csv
status 0 "the month in progress"
is "$(awk -F, 'NR == 1 { print $NF } NR > 1 { s = s $NF } END { print s }' \
    "$T/out")" "partial
111111" "csv: partial, the last column, 1 on every row of June"
is "$(field "$T/community.csv" $A partial)" 0 "csv: May is not partial"
is "$(field "$T/out" $A "due_to_close score rank score_change")" \
    "1|22.22|2|-29.35" "June so far: 察院场 R04 due, nothing closed"
run grid-report monthly --month 2026-06 --by dept -f ndjson
is "$(grep -c '"partial":1}$' "$T/out")" 5 "ndjson: \"partial\":1 on June's rows"
run grid-report monthly --month 2026-06 --by worker -f tsv
is "$(awk -F '\t' 'NR == 1 { print $NF } NR == 2 { print $NF }' "$T/out" |
    tr '\n' ' ')" "partial 1 " "tsv: partial on worker rows too"
for f in table md; do
	run grid-report monthly --month 2026-06 -f $f
	out_has "本月尚未结束，数据截至 2026-06-15 (partial: month in progress, to 2026-06-15)" \
	    "$f: the month in progress is noted"
	run grid-report monthly --month 2026-05 -f $f
	ok "$f: a month ended has no such note" \
	    sh -c "! grep -q partial '$T/out'"
done
run grid-report monthly --month 2026-06 -f html -o "$T/june.html"
ok "html, June: well-formed (xmllint)" xmllint --noout "$T/june.html"
ok "html, June: partial said on the page" \
    grep -q '<p>本月尚未结束，数据截至 2026-06-15 (partial: month in progress, to 2026-06-15)</p>' \
    "$T/june.html"
run grid-report monthly --month 2020-01 --by community -f csv
status 0 "a month before any data"
is "$(awk -F, 'NR > 1 { s = s $27 $28 $29 $30 } END { print s }' \
    "$T/out")" "" "before any data: no score, grade, rank or change at all"
is "$(awk -F, 'NR > 1' "$T/out" | wc -l | tr -d ' ')" 6 \
    "before any data: every unit still has its row"
run grid-report monthly --month 2020-01 --by community -f table
note="本月无考核数据：没有单元有上报、立案或应结案的案件 (nothing to"
note="$note assess in 2020-01: no unit had a case reported, registered or due;"
out_has "$note no score, grade or rank)" "before any data: the table says so"
run grid-report monthly --month 2020-01 --by dept -f table
out_has "本月无考核数据：没有部门有应结案、已处置或已评价的案件" \
    "before any data, by dept: the table says so"
run grid-report monthly --month 2020-01 -f html -o "$T/empty.html"
status 0 "before any data: html"
ok "before any data: html well-formed (xmllint)" \
    xmllint --noout "$T/empty.html"
ok "before any data: the page says 本月无考核数据" \
    grep -q '<p>本月无考核数据' "$T/empty.html"
ok "before any data: no ranking chart, a sentence" \
    grep -q '<p>无考核数据：没有单元得分，没有排名 (no unit has a score: no ranking).</p>' \
    "$T/empty.html"

run grid-report monthly --month 2026-04 --by community -f csv
is "$(field "$T/out" $A "reported due_to_close closed closed_on_time \
overdue_open score")" "2|2|1|1|1|58.67" \
    "April: R05 due and overdue, R06 closed on time"
is "$(field "$T/out" 320508018019 reported)" 1 \
    "April: the case of 23:50 on the 30th is April's"
run grid-report monthly --month 2026-06 --by community -f csv
is "$(field "$T/out" 320508018019 reported)" 1 \
    "June: the case of 00:10 on the 1st is June's"
is "$(field "$T/out" $A due_to_close)" 1 \
    "June: a deadline on the 1st at 00:00 is due in June"

# --- by department and worker --------------------------------------------
run grid-report monthly --month $M --by dept -f csv
status 0 "monthly by dept"
is "$(awk -F, 'NR > 1 { printf "%s%s", (NR > 2 ? " " : ""), $2 }' "$T/out")" \
    "D01 D02 D03 D04 D05" "dept rows: ranked, then the unscored"
is "$(field "$T/out" D01 "dispatched handled handled_on_time due_to_close \
handled_due handled_due_on_time closed reworked rated satisfied")" \
    "3|3|2|4|4|2|4|1|4|3" "D01: counts"
is "$(field "$T/out" D01 "on_time_handling_rate handling_rate rework_rate \
satisfaction_rate score grade rank handling_hours_mean \
handling_hours_median")" "50.00|100.00|33.33|75.00|70.83|C|1|14.33|8.00" \
    "D01: the department score"
is "$(field "$T/out" D02 "due_to_close handled_due rework_rate \
satisfaction_rate score grade rank overdue_open")" \
    "2|1|0.00|0.00|55.00|D|2|1" "D02: the parked case is not due"
is "$(field "$T/out" D03 "dispatched returned escalated overdue_open \
rework_rate satisfaction_rate score grade rank")" "1|1|1|1|||0.00|E|3" \
    "D03: returned, escalated; rates without a denominator are left out"
is "$(field "$T/out" D04 "dispatched score grade rank")" "0|||" \
    "D04: no case, no score"
run grid-report monthly --month $M --by worker -f csv
status 0 "monthly by worker"
# W001's grids (察院场 01-03): 7 registered in May, none missed (R02's
# hotline call logged by W001, R03 reported by W007 of 01); R02 to check
# (hotline), registered at once; no verification logged: the score is
# 100 x 40 + 100 x 20 + 100 x 20 over 80 (tests/e2e/t31-report-desk.sh
# has every figure of the worker score).
is "$(field "$T/out" W001 "reported filed valid_report_rate worker_kind \
quota under_quota grid_registered missed check_due checked_on_time \
verified score")" "6|6|100.00|full_time|4|0|7|0|1|1|0|100.00" \
    "W001: reports of the month and the worker score"
is "$(field "$T/out" W007 "reported voided filed valid_report_rate \
worker_kind under_quota")" "2|1|1|50.00|part_time|1" \
    "W007: part-time, under the quota of 4"
is "$(field "$T/out" W002 "reported filed valid_report_rate under_quota")" \
    "1|0|0.00|0" "W002: full-time workers have no quota to miss"

# --- the street is the sum of its communities ----------------------------
run grid-report monthly --month $M --by street -f csv
for key in reported registered due_to_close closed closed_on_time \
    overdue_open unit_grids registered_score_sum handling_seconds; do
	sum=$(awk -F, -v key=$key 'NR == 1 { for (i = 1; i <= NF; i++)
	    col[$i] = i; next } $2 ~ /^320508018/ { s += $(col[key]) }
	    END { print s }' "$T/community.csv")
	is "$(field "$T/out" 320508018 $key)" "$sum" \
	    "street 平江: $key is the sum of its communities'"
done

# --- the worked check of doc/domain.md section 4 -------------------------------------
awk 'BEGIN {
	print "id,source,grid_code,status,reported_at,registered_at," \
	    "dispatched_at,closed_at,deadline"
	for (i = 1; i <= 24932; i++) {
		d = 1 + i % 28
		day = sprintf("2026-05-%02d", d)
		rep = day "T08:00:00+08:00"
		dl = day "T17:00:00+08:00"
		if (i <= 22345)
			clo = day "T16:00:00+08:00"
		else if (i <= 23974)
			clo = day "T18:00:00+08:00"
		else
			clo = ""
		printf "K%05d,worker,32050801802301,%s,%s,%s,%s,%s,%s\n", i,
		    clo == "" ? "dispatched" : "closed", rep, rep, rep, clo, dl
	}
}' >"$T/worked.csv"
GRID_DB=$T/worked.db grid-import -q regions.csv departments.csv grids.csv
GRID_DB=$T/worked.db grid-import -q -t cases "$T/worked.csv"
GRID_DB=$T/worked.db run grid-report monthly --month $M --by community -f csv
is "$(field "$T/out" 320508018023 "due_to_close closed closed_on_time \
closure_rate on_time_closure_rate")" "24932|23974|22345|96.16|89.62" \
    "doc/domain.md section 4 worked check: 结案率 96.16 %, 按期结案率 89.62 %"

# --- annual ----------------------------------------------------------------
run grid-report annual --year 2026 -f csv
status 0 "annual"
is "$(field "$T/out" $A "score_01 score_03 score_04 score_05 score_07 \
score_12 months_scored")" "||58.67|51.57|||3" \
    "annual: April and May as monthly; no case, no score; none after June"
jun=$(grid-report monthly --month 2026-06 -f csv | awk -F, -v u=$A '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $2 == u { print $(col["score"]) }')
is "$(field "$T/out" $A score_06)" "$jun" "annual: June as monthly"
is "$(field "$T/out" $A "score_mean grade rank")" "44.15|D|3" \
    "annual: (58.67 + 51.57 + 22.22) / 3, the months with a score only"
mean=$(field "$T/out" $A "score_01 score_02 score_03 score_04 score_05 \
score_06" | awk -F'|' '{ s = 0; k = 0; for (i = 1; i <= NF; i++)
    if ($i != "") { s += $i; k++ }; printf "%.2f", s / k + 1e-9 }')
is "$(field "$T/out" $A score_mean)" "$mean" \
    "annual: the mean of the scored months"
is "$(field "$T/out" 320508021019 "score_05 score_mean months_scored \
rank")" "93.00|93.00|1|2" "annual: 沧浪亭, one month scored: its mean"
is "$(field "$T/out" 320508018023 "score_mean months_scored grade rank \
partial")" "|0|||1" "annual: 大儒巷, no month scored: no mean, grade, rank"
is "$(awk -F, 'NR > 1 { printf "%s%s", (NR > 2 ? " " : ""), $2 }' "$T/out")" \
    "320508018019 320508021019 320508018014 $IDLE" \
    "annual: the ranked by rank, then the unscored"
is "$(sed -n 1p "$T/out" | awk -F, '{ print $(NF - 4) "," $NF }')" \
    "months_scored,partial" "annual: partial appended after unit_grids"
run grid-report annual --year 2026 -f table
out_has "(partial: year in progress, 2026-06 to 2026-06-15; later months empty)" \
    "annual table: the year in progress is noted"
out_has "(3 of 6 units had nothing to assess in any month of 2026" \
    "annual table: the unscored units noted"
run grid-report annual --year 2025 -f csv
status 0 "annual: a year before any data"
is "$(awk -F, 'NR > 1 { s = s $17 $19 $20 $NF } END { print s }' "$T/out")" \
    "000000" "annual 2025: no mean, grade or rank; not partial"
run grid-report annual --year 2025 -f html -o "$T/annual-2025.html"
ok "annual 2025 html: well-formed" xmllint --noout "$T/annual-2025.html"
ok "annual 2025 html: says so" grep -q '<p>本年度无考核数据' \
    "$T/annual-2025.html"

# --- annual by worker: the mean of the monthly worker scores ---------------
run grid-report annual --year 2026 --by worker -f csv
status 0 "annual by worker"
cp "$T/out" "$T/annual-worker.csv"
is "$(field "$T/annual-worker.csv" W001 "score_05 score_06")" "100.00|" \
    "annual by worker: W001's May as monthly (100.00), June unscored"
# each worker's months as grid-report monthly scores them, their mean
for mon in 01 02 03 04 05 06; do
	grid-report monthly --month 2026-$mon --by worker -f csv >"$T/w-$mon.csv"
done
awk -F, 'FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { seen[$2] = 1 }
    $(col["score"]) != "" { s[$2] += $(col["score"]); k[$2]++ }
    END { for (u in seen) printf "%s|%s|%d\n", u,
        k[u] ? sprintf("%.2f", s[u] / k[u] + 1e-9) : "", k[u] }' \
    "$T"/w-0[1-6].csv | sort >"$T/want-worker-means"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { print $2 "|" $(col["score_mean"]) "|" $(col["months_scored"]) }' \
    "$T/annual-worker.csv" | sort >"$T/got-worker-means"
same "$T/want-worker-means" "$T/got-worker-means" \
    "annual by worker: every worker's mean of the scored months"
ok "annual by worker: some workers scored" \
    grep -q '|[1-9][0-9]*$' "$T/got-worker-means"
is "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $(col["rank"]) != "" { print $(col["score_mean"]) }' \
    "$T/annual-worker.csv" | sort -rn | tr '\n' ' ')" \
    "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $(col["rank"]) != "" { print $(col["score_mean"]) }' \
    "$T/annual-worker.csv" | tr '\n' ' ')" \
    "annual by worker: ranked by the mean, best first"
is "$(field "$T/annual-worker.csv" W001 "score_04 score_mean \
months_scored grade rank")" "87.50|93.75|2|A|3" \
    "annual by worker: W001 (87.50 + 100.00) / 2, A, after two of 100.00"
is "$(field "$T/annual-worker.csv" W007 "score_04 score_05 score_mean \
grade")" "50.00|66.67|58.34|D" \
    "annual by worker: W007 (50.00 + 66.67) / 2 rounded half up, D"
is "$(field "$T/annual-worker.csv" W003 "score_mean months_scored grade \
rank")" "|0||" "annual by worker: W003, never scored: listed unranked"
run grid-report annual --year 2026 --by worker -f table
out_has "(6 of 11 units had nothing to assess in any month of 2026" \
    "annual by worker table: the unscored workers noted"

# --- merge: two districts against their union ----------------------------
GRID_DB=$T/d1.db load_registers 320508021 &&
    GRID_DB=$T/d1.db load_cases 32050802101
GRID_DB=$T/d2.db load_registers 320508018 &&
    GRID_DB=$T/d2.db load_cases 32050801801
for by in community dept; do
	for d in d1 d2; do
		GRID_DB=$T/$d.db grid-report monthly --month $M --by $by \
		    -f ndjson >"$T/$d-$by.ndjson"
	done
	grid-report monthly --month $M --by $by -f ndjson >"$T/union-$by.ndjson"
	run grid-report merge "$T/d1-$by.ndjson" "$T/d2-$by.ndjson" -f ndjson
	status 0 "merge by $by"
	cp "$T/out" "$T/merged-$by.ndjson"
done
same "$T/union-community.ndjson" "$T/merged-community.ndjson" \
    "merge: two districts by community = the report of their union"
# Summed units lose their median and change; everything else is equal.
for f in union merged; do
	sed 's/"handling_hours_median":[^,]*,//; s/"score_change":[^,]*,//' \
	    "$T/$f-dept.ndjson" >"$T/$f-dept.cut"
done
same "$T/union-dept.cut" "$T/merged-dept.cut" \
    "merge: departments of both districts summed, rates recomputed"
is "$(grep '"unit":"320508018023"' "$T/merged-community.ndjson" |
    grep -o '"score":[^,]*,"grade":[^,]*,"rank":[^,]*')" \
    '"score":null,"grade":null,"rank":null' "merge: an idle unit stays unscored"
sed 's/"score":null,"grade":null,"rank":null/"score":100,"grade":"A","rank":1/' \
    "$T/d1-community.ndjson" >"$T/forged.ndjson"
run grid-report merge "$T/forged.ndjson" "$T/d2-community.ndjson" -f ndjson
same "$T/union-community.ndjson" "$T/out" \
    "merge: a score written on an idle row is recomputed away"
# Two idle rows of one unit summed: still nothing to assess.
grep '"unit":"320508018023"' "$T/d1-community.ndjson" >"$T/idle1.ndjson"
run grid-report merge "$T/idle1.ndjson" "$T/idle1.ndjson" -f csv
is "$(field "$T/out" 320508018023 "reported unit_grids score grade rank")" \
    "0|6|||" "merge: two idle rows summed stay unscored"
GRID_DB=$T/d1.db grid-report monthly --month 2026-06 -f ndjson \
    >"$T/d1-june.ndjson"
GRID_DB=$T/d2.db grid-report monthly --month 2026-06 -f csv >"$T/d2-june.csv"
run grid-report merge "$T/d1-june.ndjson" "$T/d2-june.csv" -f csv
is "$(awk -F, 'NR > 1 { s = s $NF } END { print s }' "$T/out")" "111111" \
    "merge: partial read from ndjson and csv, kept"
grid-report monthly --month 2026-06 -f csv >"$T/union-june.csv"
same "$T/union-june.csv" "$T/out" "merge: June's union, partial included"
run grid-report merge "$T/d1-june.ndjson" -f table
out_has "(partial: the month was in progress when reported)" \
    "merge table: partial noted"
sed 's/"partial":1/"partial":2/' "$T/d1-june.ndjson" >"$T/bad-partial.ndjson"
run grid-report merge "$T/bad-partial.ndjson"
status 65 "merge: a bad partial"
err_has "partial: not 0 or 1: '2'" "merge: a bad partial named"
gzip -c "$T/d2-community.ndjson" >"$T/d2.ndjson.gz"
grid-report monthly --month $M --by community -f csv \
    -d "$T/d1.db" >"$T/d1.csv"
run grid-report merge "$T/d1.csv" "$T/d2.ndjson.gz" -f ndjson
same "$T/union-community.ndjson" "$T/out" "merge: csv and gzip too"

sed 's/"closed":3,/"closed":"x",/' "$T/d1-community.ndjson" >"$T/bad.ndjson"
run grid-report merge "$T/bad.ndjson"
status 65 "merge: a bad count"
err_line "grid-report merge: $T/bad.ndjson:2: closed: not a count: 'x'" \
    "merge: file, line, key"
GRID_DB=$T/d1.db grid-report monthly --month 2026-04 -f ndjson \
    >"$T/april.ndjson"
run grid-report merge "$T/d1-community.ndjson" "$T/april.ndjson"
status 65 "merge: months differ"
err_has "april.ndjson:1: month: community 2026-04 differs from the first report's community 2026-05" \
    "merge: says which"
sed 's/"unit_grids":[0-9]*,//' "$T/d1-community.ndjson" >"$T/short.ndjson"
run grid-report merge "$T/short.ndjson"
status 65 "merge: a row without its sums"
err_has "unit_grids: missing" "merge: names the missing key"
run grid-report merge "$T/none.ndjson"
status 66 "merge: a missing file"

# --- html ------------------------------------------------------------------
run grid-report monthly --month $M --by community -f html -o "$T/m.html"
status 0 "html to a file"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "-o: nothing on standard output"
is "$(stat -c %a "$T/m.html")" 600 "-o: the file is 0600"
ok "html: well-formed (xmllint)" xmllint --noout "$T/m.html"
is "$(grep -c '<svg' "$T/m.html")" 2 "html: the ranking and the trend"
for v in 察院场社区居委会 51.57 60.00 20.00 14.29 19.25 -7.10 \
    '结案率<' '<code>closure_rate</code>'; do
	is "$(grep -c -- "$v" "$T/m.html" | awk '{ print ($1 > 0) }')" 1 \
	    "html holds $v"
done
# Every figure of the csv (every column: --wide) is in the page's table
# (the one on screen: the first; paper has it in parts), row by row, in
# the same order, score and grade last (they stay in view there); the
# totals row of its footer after them.
grid-report monthly --month $M --by community -f html --wide \
    -o "$T/wide.html"
grid-report monthly --month $M --by community -f csv >"$T/m.csv"
sed '/<\/tbody>/q' "$T/wide.html" |
    sed -n 's/^<tr><td[^>]*>\(.*\)<\/td><\/tr>$/\1/p' |
    sed 's/<\/td><td[^>]*>/|/g' >"$T/html.rows"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "score" ||
	$i == "grade") last[i] = 1; next }
    { out = ""; end = ""
	for (i = 1; i <= NF; i++)
		if (i in last) end = end "|" $i; else out = out (out == "" &&
		    i == 1 ? "" : "|") $i
	print out end }' "$T/m.csv" >"$T/csv.rows"
ok "html --wide: the table has rows" test -s "$T/html.rows"
same "$T/csv.rows" "$T/html.rows" \
    "html: every figure of the csv report, row by row"
run grid-report monthly --month $M --by community -f html -o "$T/m2.html"
is "$(cat "$T/out" "$T/err")" "" "-o: nothing on standard output or error"
ok "html: no script, nothing fetched" sh -c \
    "! grep -Eqi '<script|https?://[a-z]' '$T/m.html' ||
    grep -Eo 'https?://[a-z.]*' '$T/m.html' | grep -qvx \
    'http://www.w3.org'"
run grid-report merge "$T/d1-community.ndjson" "$T/d2-community.ndjson" \
    -f html -o "$T/merged.html"
ok "merge html: well-formed" xmllint --noout "$T/merged.html"
run grid-report annual --year 2026 -f html -o "$T/annual.html"
ok "annual html: well-formed" xmllint --noout "$T/annual.html"
is "$(grep -c '<text x="184" y="[0-9.]*" fill="#666666">无考核数据</text>' \
    "$T/m.html")" 3 "html: 无考核数据 instead of a bar for each idle unit"
is "$(grep -c '<rect' "$T/m.html")" 3 "html: bars for the 3 ranked units only"
ok "html: the idle units noted" grep -q '<p>无考核数据：3 个单元' "$T/m.html"
is "$(grep -c '<text x="184" y="[0-9.]*" fill="#666666">无考核数据</text>' \
    "$T/annual.html")" 3 "annual html: 无考核数据 for the idle units"
ok "annual html: partial said" grep -q '<p>本年度尚未结束' "$T/annual.html"
is "$(grep -o '<tspan[^>]*>无</tspan>' "$T/m.html" | wc -l | tr -d ' ')" \
    10 "html trend: 无考核数据 in the 10 months without a rate (to 2026-03)"

# --- month 'last', formats, usage ------------------------------------------
run grid-report monthly --month last -f csv
is "$(awk -F, 'NR == 2 { print $4 }' "$T/out")" 2026-05 \
    "--month last: the month before GRID_NOW's"
run grid-report monthly --month $M -f table
out_has "察院场社区居委会" "table"
run grid-report monthly --month $M -f md --wide
out_has "| registered_score_sum |" "md --wide: every column"
run grid-report monthly --month 2026-13
status 64 "a bad month"
err_line "grid-report monthly: --month: not YYYY-MM or last: '2026-13'" \
    "a bad month: message"
run grid-report monthly --month $M --by town
status 64 "an unknown level"
run grid-report monthly --month $M -f xml
status 64 "an unknown format"
run grid-report monthly
status 64 "--month is required"
run grid-report
status 64 "no command"
run grid-report monthly --month $M -d "$T/missing.db"
status 69 "no database"
run grid-report monthly --month $M -o "$T/no/such/dir/r.csv"
status 73 "-o into a missing directory"
snapshot "$T/before.sql"
grid-report monthly --month $M -f ndjson >/dev/null
snapshot "$T/after.sql"
same "$T/before.sql" "$T/after.sql" "reports change nothing"

# ---- level names, formats from -o, failures print nothing ----
grid-report monthly --month $M --by dept -f csv >"$T/dept.csv"
run grid-report monthly --month $M --by department -f csv
status 0 "--by department"
same "$T/dept.csv" "$T/out" "--by department is --by dept"
for ext in csv tsv ndjson jsonl md html; do
	run grid-report monthly --month $M -o "$T/r.$ext"
	status 0 "-o r.$ext without -f"
	case $ext in jsonl) f=ndjson ;; *) f=$ext ;; esac
	grid-report monthly --month $M -f $f >"$T/want.$ext"
	same "$T/want.$ext" "$T/r.$ext" "-o r.$ext: the format of its extension"
done
run grid-report monthly --month $M -f csv -o "$T/r2.html"
status 64 "-f csv with -o r2.html"
err_has "-f csv and -o $T/r2.html disagree" "says they disagree"
ok "nothing written" test ! -e "$T/r2.html"
for bad in "monthly --month 2026-13" "monthly --by town --month $M" \
    "monthly" "annual" "annual --year x" "merge" "monthly --month $M -f xml" \
    "monthly --month $M --nope" "nope"; do
	# shellcheck disable=SC2086
	run grid-report $bad
	status 64 "grid-report $bad"
	is "$(wc -c <"$T/out" | tr -d ' ')" 0 "grid-report $bad: nothing on stdout"
done

# ---- --in: one area's units, ranked among themselves ----
grid-report monthly --month $M -f csv >"$T/all.csv"
street=$(sed -n 2p "$T/all.csv" | cut -d, -f2 | cut -c1-9)
run grid-report monthly --month $M -f csv --in "$street"
status 0 "--in a street"
awk -F, -v s="$street" 'NR > 1 && index($2, s) == 1 { print $2 }' \
    "$T/all.csv" | sort >"$T/want.units"
sed 1d "$T/out" | cut -d, -f2 | sort >"$T/got.units"
same "$T/want.units" "$T/got.units" "--in a street: exactly its communities"
ok "--in a street: some communities" test -s "$T/got.units"
# every column but rank the same as in the report of all
score_col=$(head -1 "$T/all.csv" | tr , '\n' | grep -nx score | cut -d: -f1)
rank_col=$(head -1 "$T/all.csv" | tr , '\n' | grep -nx rank | cut -d: -f1)
for u in $(cat "$T/got.units"); do
	is "$(grep "^[a-z]*,$u," "$T/out" | cut -d, -f"$score_col")" \
	    "$(grep "^[a-z]*,$u," "$T/all.csv" | cut -d, -f"$score_col")" \
	    "--in: $u keeps its score"
done
is "$(sed 1d "$T/out" | cut -d, -f"$rank_col" | grep -v '^$' | sort -n | head -1)" \
    1 "--in: ranked among themselves from 1"
run grid-report monthly --month $M -f csv --in "$(echo "$street" | cut -c1-6)" --by street
status 0 "--in a district, by street"
is "$(sed 1d "$T/out" | cut -d, -f1 | sort -u)" street "street rows"
run grid-report annual --year 2026 -f csv --in "$street"
status 0 "annual --in a street"
is "$(sed 1d "$T/out" | cut -d, -f2 | sort)" "$(cat "$T/want.units")" \
    "annual --in: the same communities"
run grid-report monthly --month $M -f html --in "$street" -o "$T/in.html"
status 0 "html --in"
ok "html --in: well-formed" xmllint --noout "$T/in.html"
run grid-report monthly --month $M -f csv --in "${street}599"
status 65 "--in an area the database does not hold"
err_has "unknown area '${street}599'" "names the area"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "unknown area: nothing on stdout"
run grid-report monthly --month $M -f csv --in 3205
status 64 "--in a malformed code"
run grid-report monthly --month $M -f csv --in "$(head -1 "$T/want.units")" --by street
status 64 "--in a community, by street"
err_has "street is above the area" "says the units are larger than the area"
run grid-report monthly --month $M -f csv --in "$street" --by dept
status 64 "--in by dept"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "--in by dept: nothing on stdout"
