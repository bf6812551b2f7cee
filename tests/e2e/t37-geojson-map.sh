#!/bin/sh
# -f geojson and the maps of the html pages, on the sample district and
# its grid polygons: every GeoJSON output read back by ogrinfo (GDAL,
# tools/deps.sh) with one feature per row; grid rows' polygons equal to
# the stored ones; a community's MultiPolygon covering each of its grids
# (GDAL's SQLite dialect, ST_Covers) with their area; cases as points;
# a database in another coordinate system; the maps of grid-report and
# grid-stats (one path per unit with a polygon, the units without one
# listed, the legend, well-formed); grid-assign locate's records as
# points; --map-by, and rows without a place, refused (64) with nothing
# written.
. "$(dirname "$0")/lib.sh"

if ! command -v ogrinfo >/dev/null 2>&1; then
	echo "not ok 1 - ogrinfo missing: tools/deps.sh installs gdal-bin"
	exit 0
fi

ok "the district loads" load_district
run grid-assign boundaries -q "$DISTRICT/grids.geojson"
status 0 "its grid polygons load"

# features FILE: the features ogrinfo reads in FILE.
features() {
	ogrinfo -ro -so -al "$1" 2>/dev/null |
	    sed -n 's/^Feature Count: //p'
}
# rows FILE: the lines of an ndjson file.
rows() {
	wc -l <"$1" | tr -d ' '
}

# --- grid-stats: every level ---
for by in grid community street district; do
	run grid-stats population --by $by -f geojson -o "pop-$by.geojson"
	status 0 "population --by $by -f geojson"
	grid-stats population --by $by -f ndjson >"pop-$by.ndjson"
	is "$(features "pop-$by.geojson")" "$(rows "pop-$by.ndjson")" \
	    "--by $by: ogrinfo reads one feature per row"
	is "$(jq -c '[.features[].properties]' "pop-$by.geojson")" \
	    "$(jq -sc . "pop-$by.ndjson")" \
	    "--by $by: the properties are the ndjson rows, numbers as numbers"
done
is "$(jq '[.features[] | select(.geometry == null)] | length' \
    pop-grid.geojson)" 0 "every grid has its polygon"
is "$(jq -r '[.features[].geometry.type] | unique | join(" ")' \
    pop-community.geojson)" "MultiPolygon" "communities: MultiPolygons"

# grid rows: the polygons as stored
jq -r '.features[] | [.properties.unit, (.geometry | tojson)] | @tsv' \
    pop-grid.geojson | sort >got-polygons.tsv
sql "SELECT code, geometry FROM grids WHERE geometry IS NOT NULL
    ORDER BY code" | tr '|' '\t' |
    while IFS='	' read -r code geometry; do
	printf '%s\t%s\n' "$code" "$(printf '%s' "$geometry" | jq -c .)"
    done | sort >want-polygons.tsv
same want-polygons.tsv got-polygons.tsv "each grid's polygon is the stored one"

# a community covers each of its grids, and has their area
jq -c '{type: "FeatureCollection", features: ([.features[] |
    .properties = {kind: "grid", unit: .properties.unit}] +
    [input.features[] | .properties = {kind: "community",
    unit: .properties.unit}])}' pop-grid.geojson pop-community.geojson \
    >both.geojson
ogrinfo -ro -q -dialect sqlite -sql "SELECT count(*) AS n FROM both g
    JOIN both c ON substr(g.unit, 1, 12) = c.unit WHERE g.kind = 'grid'
    AND c.kind = 'community' AND ST_Covers(c.geometry, g.geometry)" \
    both.geojson >covers.out 2>&1
is "$(sed -n 's/.*n (Integer) = //p' covers.out)" \
    "$(sql "SELECT count(*) FROM grids WHERE geometry IS NOT NULL")" \
    "each community's MultiPolygon covers every one of its grids"
ogrinfo -ro -q -dialect sqlite -sql "SELECT c.unit,
    abs(ST_Area(c.geometry) - sum(ST_Area(g.geometry))) < 1e-12 AS same
    FROM both c JOIN both g ON substr(g.unit, 1, 12) = c.unit
    WHERE g.kind = 'grid' AND c.kind = 'community' GROUP BY c.unit" \
    both.geojson >area.out 2>&1
is "$(grep -c 'same (Integer) = 1' area.out)" \
    "$(features pop-community.geojson)" \
    "each community's area is its grids' together"

# a geojson of a level without places, and rows without any
run grid-stats cases --by category -f geojson -o cat.geojson
status 64 "cases --by category -f geojson: no place"
err_has "no place" "says the rows have no place"
ok "no file left" test ! -e cat.geojson

# --- grid-report ---
run grid-case report --source hotline --category E0102 --x 120.6200 \
    --y 31.3110 --description 'a point' --at 2026-06-01T09:00:00+08:00 -f id
status 0 "a case with a point"
id=$(cat "$T/out")
run grid-case report --source hotline --category E0102 \
    --grid 32050801801401 --description 'no point' -f id
status 0 "a case without a point"
run grid-report monthly --month 2026-06 --by street -f geojson
status 0 "monthly --by street -f geojson"
cp "$T/out" rep-street.geojson
grid-report monthly --month 2026-06 --by street -f ndjson >rep-street.ndjson
is "$(features rep-street.geojson)" "$(rows rep-street.ndjson)" \
    "report by street: one feature per row"
run grid-report monthly --month 2026-06 --by dept -f geojson
status 64 "report by department -f geojson: no place"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "nothing on stdout"

# --- grid-case: points ---
run grid-case list -f geojson -o cases.geojson
status 0 "list -f geojson"
is "$(features cases.geojson)" "$(grid-case list -f id | wc -l |
    tr -d ' ')" "list: one feature per case"
is "$(jq -c ".features[] | select(.properties.id == \"$id\") |
    .geometry" cases.geojson)" \
    '{"type":"Point","coordinates":[120.62,31.311]}' \
    "a case's point, longitude first"
is "$(jq -c '[.features[] | select(.properties.description == "no point")
    | .geometry]' cases.geojson)" '[null]' "a case without one: null"
run grid-case show "$id" -f geojson
status 0 "show -f geojson"
cp "$T/out" show.geojson
is "$(features show.geojson)" 1 "show: one feature"
run grid-case log "$id" -f geojson
status 64 "log -f geojson is refused"
run grid-case similar "$id" -f geojson
status 64 "similar -f geojson is refused"

# --- grid-assign locate: points of the records ---
printf 'name,经度,纬度\na,120.619017,31.311876\nb,,\n' >points.csv
run grid-assign locate -q points.csv -f geojson -o points.geojson
status 65 "locate -f geojson (a record without coordinates: 65)"
is "$(features points.geojson)" 2 "locate: one feature per record"
is "$(jq -c '[.features[] | [.geometry.coordinates,
    .properties.grid_code, .properties["经度"]]]' points.geojson)" \
    '[[[120.619017,31.311876],"32050801801401",120.619017],[null,"",""]]' \
    "each record at its point, its grid found, the coordinates as numbers"
printf '{"x":1,"y":2}\n' >points.ndjson
run grid-assign locate -q points.ndjson -f geojson
status 64 "locate of NDJSON input: no geojson"

# --- html maps ---
communities=$(sql "SELECT count(DISTINCT community_code) FROM grids
    WHERE geometry IS NOT NULL")
run grid-stats population --by community -f html -o pop.html
status 0 "population --by community -f html"
ok "well-formed (xmllint)" xmllint --noout pop.html
is "$(grep -o '<path class="unit"' pop.html | wc -l | tr -d ' ')" \
    "$communities" "one path per community with a polygon"
ok "a legend" grep -q 'class="legend"' pop.html
ok "coloured by aged_60_share by default" \
    grep -q '地图 Map: .*aged_60_share' pop.html
run grid-stats population --by grid -f html --map-by people -o popg.html
status 0 "--by grid --map-by people"
is "$(grep -o '<path class="unit"' popg.html | wc -l | tr -d ' ')" \
    "$(sql "SELECT count(*) FROM grids WHERE geometry IS NOT NULL")" \
    "one path per grid"
ok "coloured by people" grep -q '地图 Map: .*people' popg.html
run grid-report monthly --month 2026-06 --by community -f html -o rep.html
status 0 "report by community -f html"
is "$(grep -o '<path class="unit"' rep.html | wc -l | tr -d ' ')" \
    "$communities" "report: one path per community"
ok "report coloured by score" grep -q '地图 Map: .*score' rep.html
run grid-report monthly --month 2026-06 --by dept -f html -o dept.html
status 0 "report by department -f html"
ok "departments: no map" sh -c '! grep -q "class=\"unit\"" dept.html'

# a community without polygons: listed under the map
c=$(sql "SELECT community_code FROM grids WHERE geometry IS NOT NULL
    ORDER BY 1 LIMIT 1")
sql "UPDATE grids SET geometry = NULL WHERE community_code = '$c'"
run grid-stats population --by community -f html -o pop2.html
status 0 "a community without polygons"
is "$(grep -o '<path class="unit"' pop2.html | wc -l | tr -d ' ')" \
    "$((communities - 1))" "one path fewer"
ok "it is listed under the map" \
    grep -q "units without a polygon, not on the map): .*($c)" pop2.html
run grid-stats population --by community -f geojson
status 0 "geojson with a community without polygons"
is "$(printf '%s' "$(cat "$T/out")" | jq -c ".features[] |
    select(.properties.unit == \"$c\") | .geometry")" null \
    "its feature has a null geometry"

# --- bad values ---
run grid-stats population --by community -f html --map-by nope -o bad.html
status 64 "--map-by a column the rows do not have"
err_has "--map-by: no column 'nope'" "names it"
ok "no file made" test ! -e bad.html
run grid-report monthly --month 2026-06 -f html --map-by reported_x
status 64 "report --map-by an unknown column"
is "$(wc -c <"$T/out" | tr -d ' ')" 0 "nothing on stdout"
run grid-report monthly --month 2026-06 -f geojson -o x.html
status 64 "-f geojson and -o .html disagree"
run grid-report monthly --month 2026-06 --map-by
status 64 "--map-by without a value"

# --- another coordinate system ---
sql "UPDATE settings SET value = 'epsg:4547'
    WHERE key = 'coordinate_system'"
run grid-stats population --by street -f geojson
status 0 "projected: written"
err_has "not WGS84 degrees" "a note says the coordinates are not degrees"
cp "$T/out" proj.geojson
is "$(jq -r .coordinate_system proj.geojson)" "epsg:4547" \
    "the collection names the coordinate system"
is "$(features proj.geojson)" "$(grid-stats population --by street \
    -f ndjson | wc -l | tr -d ' ')" "still read by ogrinfo"
run grid-stats population --by street -f geojson -q
is "$(wc -c <"$T/err" | tr -d ' ')" 0 "-q: no note"

# --- a row of no unit (a person without a grid) on a map page ---------------
sql "UPDATE people SET grid_code = NULL, house_id = NULL WHERE rowid =
    (SELECT min(rowid) FROM people)"
run grid-stats population --by community -f html -o nounit.html
status 0 "a person without a grid: the page is made"
ok "the row of no unit listed under the map" grep -q '无所属单位' nounit.html
