#!/bin/sh
# -f geojson of the rows that have a point (issue 15: "cases and
# registers as points"): grid-assign's fills (houses, orgs, people: the
# row's point, else its house's), grid-assign check (findings at their
# point; --load's units as their grids' polygons) and grid-case
# attachments (where each was taken).  Each output read back by ogrinfo
# with one feature per row of the ndjson, the Point's coordinates the
# row's x and y, a row without a point a feature with a null geometry;
# a dry run still writes nothing.  Every row output with a place accepts
# geojson, one without (grid-case log) refuses it (64) with nothing
# written.
. "$(dirname "$0")/lib.sh"

if ! command -v ogrinfo >/dev/null 2>&1; then
	echo "not ok 1 - ogrinfo missing: tools/deps.sh installs gdal-bin"
	exit 0
fi

cd "$FIX/district" || exit 1
ok "the district loads" load_district
cd "$T" || exit 1
run grid-assign boundaries -q "$FIX/district/grids.geojson"
status 0 "its grid polygons load"

# features FILE: the features ogrinfo reads in FILE.
features() {
	ogrinfo -ro -so -al "$1" 2>/dev/null |
	    sed -n 's/^Feature Count: //p'
}
# points FILE: each feature's point as "x y" (ogrinfo's WKT), "null"
# for none, one a line in feature order.
points() {
	ogrinfo -ro -al -q "$1" 2>/dev/null | awk '
	/^OGRFeature/ { if (f) print p; f = 1; p = "null" }
	/^  POINT \(/ { p = $2 " " $3; gsub(/[()]/, "", p) }
	END { if (f) print p }'
}
# xy FILE: each ndjson row's x and y as "x y", "null" without them.
xy() {
	jq -r 'if .x == null then "null" else "\(.x) \(.y)" end' "$1"
}

# --- grid-assign: the registers' rows as points ---
# Five houses, every org and three people lose their grid: the fills
# have rows to write, orgs without a point placed by their house's.
sql "UPDATE houses SET grid_code = NULL WHERE rowid <= 5;
     UPDATE orgs SET grid_code = NULL;
     UPDATE people SET grid_code = NULL WHERE rowid <= 3"
snapshot before.sql
for t in houses orgs people; do
	run grid-assign "$t" -n -f geojson -o "$t.geojson"
	status 0 "$t -n -f geojson"
	grid-assign "$t" -n -q -f ndjson >"$t.ndjson"
	is "$(features "$t.geojson")" "$(wc -l <"$t.ndjson" | tr -d ' ')" \
	    "$t: ogrinfo reads one feature per changed row"
	ok "$t: rows to write" test -s "$t.ndjson"
	points "$t.geojson" >"$t.points"
	xy "$t.ndjson" >"$t.xy"
	same "$t.xy" "$t.points" "$t: each Point is the row's x and y"
	is "$(jq -c '[.features[].properties.key]' "$t.geojson")" \
	    "$(jq -sc '[.[].key]' "$t.ndjson")" \
	    "$t: the rows' columns as properties, in order"
done
is "$(jq -r '[.features[].properties.source] | unique | join(",")' \
    houses.geojson)" point "houses are placed by their own point"
is "$(jq -r '[.features[] | select(.properties.source == "house") |
    .geometry.type] | unique | join(",")' people.geojson)" Point \
    "people are placed by their house: its point"
# a person's house point: the same as the house's
key=$(jq -r '.features[0].properties.key' people.geojson)
is "$(jq -r '.features[0].geometry.coordinates | "\(.[0]) \(.[1])"' \
    people.geojson)" "$(sql "SELECT h.x || ' ' || h.y FROM people p
    JOIN houses h ON h.id = p.house_id WHERE p.id_number LIKE
    '$(echo "$key" | cut -c1-6)%' AND p.grid_code IS NULL
    ORDER BY p.rowid LIMIT 1")" "a person's point is their house's"
ok "people's ID numbers are masked in the properties" \
    grep -q '"key":"[0-9]\{6\}\*\*\*\*\*\*\*\*' people.geojson
snapshot after.sql
same before.sql after.sql "a dry run writes nothing, in geojson too"
# a row without a point and a house: no such row here; a house whose
# point is removed is left out (no grid), not a feature
sql "UPDATE houses SET x = NULL, y = NULL WHERE rowid = 1"
grid-assign houses -n -q -f geojson >nopoint.geojson
is "$(features nopoint.geojson)" 4 "a house without a point is no row"
run grid-assign houses -q -f geojson
status 0 "houses -f geojson writes, and prints the rows after the commit"
is "$(printf '%s' "$(cat "$T/out")" | jq '.features | length')" 4 \
    "the rows written are the features"
is "$(sql "SELECT count(*) FROM houses WHERE grid_code IS NULL")" 1 \
    "the houses with a point are placed"

# --- grid-assign check: findings at their point, the load's units ---
run grid-assign check -f geojson -o check.geojson
status 65 "check -f geojson: a finding (exit 65)"
grid-assign check -q -f ndjson >check.ndjson
is "$(features check.geojson)" "$(wc -l <check.ndjson | tr -d ' ')" \
    "check: one feature per finding"
points check.geojson >check.points
xy check.ndjson >check.xy
same check.xy check.points "check: each finding's point"
run grid-assign check --load -f geojson -o load.geojson
status 0 "check --load -f geojson"
grid-assign check --load -q -f ndjson >load.ndjson
is "$(features load.geojson)" "$(wc -l <load.ndjson | tr -d ' ')" \
    "check --load: one feature per unit"
is "$(jq '[.features[] | select(.properties.level == "grid" and
    .geometry == null)] | length' load.geojson)" 0 \
    "check --load: every grid drawn by its polygon"
g=$(jq -r '[.features[] | select(.properties.level == "grid")][0] |
    .properties.unit' load.geojson)
is "$(jq -c --arg g "$g" '.features[] | select(.properties.unit == $g) |
    .geometry' load.geojson)" "$(sql "SELECT geometry FROM grids
    WHERE code = '$g'" | jq -c '.')" "check --load: a grid's stored polygon"
is "$(jq -r '[.features[] | select(.properties.level == "community") |
    .geometry.type] | unique | join(",")' load.geojson)" MultiPolygon \
    "check --load: a community the MultiPolygon of its grids"

# --- grid-case attachments: where each was taken ---
id=$(grid-case report -f id --source hotline --category C0101 \
    --x 120.619 --y 31.3119 --description "井盖破损")
printf 'before' >before.jpg
printf 'after' >after.jpg
grid-case attach "$id" before.jpg --x 120.6191 --y 31.3118 -q >/dev/null
grid-case attach "$id" after.jpg --after -q >/dev/null
run grid-case attachments "$id" -f geojson -o att.geojson
status 0 "attachments -f geojson"
grid-case attachments "$id" -f ndjson >att.ndjson
is "$(features att.geojson)" 2 "attachments: one feature per attachment"
points att.geojson >att.points
xy att.ndjson >att.xy
same att.xy att.points "attachments: the point taken at, null without"
is "$(points att.geojson | head -1)" "120.6191 31.3118" \
    "the before-photo's point"
ok "the uri masked in the properties" \
    grep -q '"uri":"\*\*\*\.jpg"' att.geojson

# --- rows without a place refuse geojson ---
run grid-case log "$id" -f geojson
status 64 "grid-case log -f geojson: no place (64)"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "nothing written"
run grid-assign workers -f geojson
status 64 "grid-assign workers -f geojson: no place (64)"

echo "1..$n"
