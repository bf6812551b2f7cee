#!/bin/sh
# grid-assign check: overlaps, gaps, grids without or with a bad polygon,
# orphans, and the load report, on the sample district with the crafted
# layout tests/fixtures/geo/check-layout.geojson:
# - 320508018014: three grids tiling a block, nothing wrong;
# - 320508018019: 01 reaches 0.001 into 02 over a height of 0.02, an
#   overlap of exactly 2e-05 around (120.6305, 31.31);
# - 320508018023: 02 lacks a 0.002 x 0.002 corner that 01 and 03 close,
#   a gap of 4e-06 around (120.651, 31.309);
# - 320508021019: 01 has a 0.001 x 0.001 courtyard nobody covers (a gap
#   of 1e-06); 02 has no polygon;
# - 320508021034: a frame (03 is a MultiPolygon) around 32050802101702 of
#   community 320508021017: a hole in the union, but covered, so no gap.
. "$(dirname "$0")/lib.sh"

LAYOUT=$FIX/geo/check-layout.geojson

# load_layout FILE: each feature's geometry into its grid, and the grid's
# box into grid_rtree, with SQL alone (what grid-assign boundaries does).
load_layout() {
	sql "UPDATE grids SET geometry = (SELECT json_extract(f.value,
	    '\$.geometry') FROM json_each(readfile('$1'), '\$.features') f
	    WHERE json_extract(f.value, '\$.properties.code') = grids.code);
	DELETE FROM grid_rtree;
	INSERT INTO grid_rtree (id, min_x, max_x, min_y, max_y)
	SELECT g.rowid, min(CASE WHEN t.key = 0 THEN t.value END),
	    max(CASE WHEN t.key = 0 THEN t.value END),
	    min(CASE WHEN t.key = 1 THEN t.value END),
	    max(CASE WHEN t.key = 1 THEN t.value END)
	FROM grids g, json_tree(g.geometry, '\$.coordinates') t
	WHERE g.geometry IS NOT NULL AND t.type IN ('integer', 'real')
	GROUP BY g.rowid;"
}

run load_district
status 0 "the sample district loads"

# ---- before any polygon ----
run grid-assign check --only no_polygon -f csv
status 65 "no polygon anywhere: something found"
is "$(grep -c '^no_polygon,' out)" 15 "every grid reported without polygon"
err_line "grid-assign check: 15 grids: 15 no_polygon" "summary"
run grid-assign check --only orphan
status 0 "no orphan in the sample district"
is "$(wc -c <out | tr -d ' ')" 0 "nothing found: no output"

# ---- the crafted layout ----
load_layout "$LAYOUT"
is "$(sql "SELECT count(*) FROM grids WHERE geometry IS NOT NULL")" 14 \
    "14 grids get a polygon"
is "$(sql "SELECT count(*) FROM grid_rtree")" 14 "and a box"
snapshot before.sql

cat >expect.csv <<'EOF'
check,community_code,grid_code,other_grid_code,area,x,y,detail
no_polygon,320508021019,32050802101902,,,,,no geometry
overlap,320508018019,32050801801901,32050801801902,2e-05,120.6305,31.31,in community 320508018019
gap,320508018023,,,4e-06,120.651,31.309,"bordered by 32050801802301, 32050801802302, 32050801802303"
gap,320508021019,,,1e-06,120.6055,31.3305,bordered by 32050802101901
EOF
run grid-assign check -f csv
status 65 "an overlap, gaps, a grid without polygon: exit 65"
same expect.csv out "csv: the known overlap, gaps and missing polygon"
err_line "grid-assign check: 15 grids, 14 polygons: 0 orphan, 1 no_polygon, 0 bad_polygon, 1 overlap, 2 gap" \
    "summary on standard error"
err_lines 1 "nothing else on standard error"

cat >expect.ndjson <<'EOF'
{"check":"no_polygon","community_code":"320508021019","grid_code":"32050802101902","other_grid_code":null,"area":null,"x":null,"y":null,"detail":"no geometry"}
{"check":"overlap","community_code":"320508018019","grid_code":"32050801801901","other_grid_code":"32050801801902","area":2e-05,"x":120.6305,"y":31.31,"detail":"in community 320508018019"}
{"check":"gap","community_code":"320508018023","grid_code":null,"other_grid_code":null,"area":4e-06,"x":120.651,"y":31.309,"detail":"bordered by 32050801802301, 32050801802302, 32050801802303"}
{"check":"gap","community_code":"320508021019","grid_code":null,"other_grid_code":null,"area":1e-06,"x":120.6055,"y":31.3305,"detail":"bordered by 32050802101901"}
EOF
run grid-assign check
status 65 "ndjson when piped"
same expect.ndjson out "ndjson: keys, numbers and nulls"

run grid-assign check -q -f tsv
status 65 "-q"
is "$(wc -c <err | tr -d ' ')" 0 "-q: nothing on standard error"
is "$(head -1 out)" "$(printf 'check\tcommunity_code\tgrid_code\tother_grid_code\tarea\tx\ty\tdetail')" \
    "tsv header"
run grid-assign check -f table --only overlap
is "$(head -1 out)" \
    "check    community_code  grid_code       other_grid_code   area         x      y  detail" \
    "table header"
run grid-assign check -f md --only overlap
status 65 "md"
out_has "| overlap | 320508018019   | 32050801801901 | 32050801801902  | 2e-05 | 120.6305 | 31.31 |" \
    "md row"

run grid-assign check -q -o report.csv -f csv
status 65 "-o FILE: exit 65 still"
is "$(wc -c <out | tr -d ' ')" 0 "-o FILE: nothing on standard output"
same expect.csv report.csv "-o FILE: the report"
is "$(ls report.csv* | wc -l | tr -d ' ')" 1 "-o FILE: no temporary file left"

# --only and --tolerance
run grid-assign check -f csv --only overlap,gap
status 65 "--only overlap,gap"
grep -v '^no_polygon' expect.csv >expect2.csv
same expect2.csv out "--only overlap,gap: no no_polygon row"
err_line "grid-assign check: 15 grids, 14 polygons: 0 bad_polygon, 1 overlap, 2 gap" \
    "--only: summary of the checks run (bad polygons come with overlap)"
run grid-assign check -f csv --tolerance 2e-6
grep -v '^gap,320508021019' expect.csv >expect3.csv
same expect3.csv out "--tolerance 2e-6: the 1e-06 gap is left out"
run grid-assign check -f csv --tolerance 1e-4 --only overlap,gap
status 0 "--tolerance 1e-4: nothing over it, exit 0"
is "$(cat out)" "check,community_code,grid_code,other_grid_code,area,x,y,detail" \
    "csv: the header even without rows"

snapshot after.sql
same before.sql after.sql "check writes nothing"

# The same layout loaded by grid-assign boundaries gives the same report.
sql "UPDATE grids SET geometry = NULL; DELETE FROM grid_rtree"
run grid-assign boundaries "$LAYOUT"
status 0 "the layout through grid-assign boundaries"
run grid-assign check -f csv
same expect.csv out "boundaries: the same findings"

# A professional grid over everything is no overlap, and no load.
sql "INSERT INTO grids (code, community_code, name, kind, geometry)
    VALUES ('32050801801499', '320508018014', 'prof', 'professional',
    '{\"type\":\"Polygon\",\"coordinates\":[[[120.5,31.2],[120.7,31.2],[120.7,31.4],[120.5,31.4],[120.5,31.2]]]}')"
run grid-assign check -f csv
same expect.csv out "a professional grid overlays unit grids: no finding"

# ---- all well: silent, exit 0 ----
cp "$GRID_DB" fixed.db
GRID_DB=$T/fixed.db
export GRID_DB
sql "UPDATE grids SET geometry = '{\"type\":\"Polygon\",\"coordinates\":[[[120.62,31.3],[120.63,31.3],[120.63,31.32],[120.62,31.32],[120.62,31.3]]]}'
    WHERE code = '32050801801901';
UPDATE grids SET geometry = '{\"type\":\"Polygon\",\"coordinates\":[[[120.65,31.3],[120.66,31.3],[120.66,31.31],[120.65,31.31],[120.65,31.3]]]}'
    WHERE code = '32050801802302';
UPDATE grids SET geometry = '{\"type\":\"Polygon\",\"coordinates\":[[[120.6,31.32],[120.61,31.32],[120.61,31.35],[120.6,31.35],[120.6,31.32]]]}'
    WHERE code = '32050802101901';
UPDATE grids SET geometry = '{\"type\":\"Polygon\",\"coordinates\":[[[120.61,31.32],[120.62,31.32],[120.62,31.35],[120.61,31.35],[120.61,31.32]]]}'
    WHERE code = '32050802101902'"
run grid-assign check -q
status 0 "all well: exit 0"
is "$(cat out err)" "" "all well with -q: no output at all (cron)"
GRID_DB=$T/grid.db
export GRID_DB

# ---- bad polygons: named, reported, left out; the rest goes on ----
cp "$GRID_DB" bad.db
GRID_DB=$T/bad.db
export GRID_DB
sql "UPDATE grids SET geometry = 'POLYGON ((120.63 31.3, 120.64 31.3, 120.64 31.32, 120.63 31.3))'
    WHERE code = '32050801801902';
UPDATE grids SET geometry = '{\"type\":\"Polygon\",\"coordinates\":[[[120.6,31.3],[120.61,31.31],[120.61,31.3],[120.6,31.31],[120.6,31.3]]]}'
    WHERE code = '32050801801401';
UPDATE grids SET geometry = '{\"type\":\"MultiPolygon\",\"coordinates\":[[[[120.64,31.3],[120.65,31.3],[120.65,31.32],[120.64,31.32],[120.64,31.3]]],[[[120.645,31.3],[120.65,31.3],[120.65,31.31],[120.645,31.31],[120.645,31.3]]]]}'
    WHERE code = '32050801802301'"
snapshot bad-before.sql
run grid-assign check -f csv
status 65 "bad polygons: exit 65"
err_line "grid-assign check: grid '32050801801902': geometry: not JSON: column 7: '[' or '{' expected near 'POLYGON'" \
    "text that is not JSON: message naming the grid"
err_line "grid-assign check: grid '32050801801401': geometry: outer ring: crosses itself near (120.605, 31.305)" \
    "a ring crossing itself: message naming the grid"
# GEOS's reason names a point, which may differ between GEOS versions.
err_has "grid-assign check: grid '32050801802301': geometry: invalid polygon: Self-intersection[" \
    "overlapping parts of a MultiPolygon (GEOS): message naming the grid"
err_line "grid-assign check: 16 grids, 12 polygons: 0 orphan, 1 no_polygon, 3 bad_polygon, 0 overlap, 1 gap" \
    "summary"
cat >expect-bad.csv <<'EOF'
check,community_code,grid_code,other_grid_code,area,x,y,detail
no_polygon,320508021019,32050802101902,,,,,no geometry
bad_polygon,320508018014,32050801801401,,,,,"outer ring: crosses itself near (120.605, 31.305)"
bad_polygon,320508018019,32050801801902,,,,,not JSON: column 7: '[' or '{' expected near 'POLYGON'
bad_polygon,320508018023,32050801802301,,,,,invalid polygon: Self-intersection[X Y]
gap,320508021019,,,1e-06,120.6055,31.3305,bordered by 32050802101901
EOF
sed 's/Self-intersection\[[^]]*\]/Self-intersection[X Y]/' out >got-bad.csv
same expect-bad.csv got-bad.csv "bad polygons: rows; their overlap and gap are gone"
snapshot bad-after.sql
same bad-before.sql bad-after.sql "database unchanged"
run grid-assign check -f csv --only bad_polygon
status 65 "--only bad_polygon"
is "$(grep -c '^bad_polygon,' out)" 3 "--only bad_polygon: the three"
GRID_DB=$T/grid.db
export GRID_DB

# ---- orphans ----
sql "INSERT INTO grids (code, community_code, name, kind)
    VALUES ('32050802199901', '320508021999', 'lost', 'unit')"
run grid-assign check -f csv --only orphan,no_polygon
status 65 "an orphan"
cat >expect-orphan.csv <<'EOF'
check,community_code,grid_code,other_grid_code,area,x,y,detail
orphan,320508021999,32050802199901,,,,,community 320508021999 not in regions
no_polygon,320508021019,32050802101902,,,,,no geometry
no_polygon,320508021999,32050802199901,,,,,no geometry
EOF
same expect-orphan.csv out "orphan first, then grids without polygon, by code"
sql "DELETE FROM grids WHERE code = '32050802199901'"

# ---- the load report ----
snapshot before.sql
run grid-assign check --load -f csv
status 0 "--load: exit 0"
is "$(head -1 out)" \
    "level,unit,unit_name,community_code,grid_code,grids,people,houses,orgs,components,people_min,people_max,people_mean,people_cv" \
    "--load: csv header: level, unit, unit_name first"
is "$(wc -l <out | tr -d ' ')" 22 "--load: 15 grid rows, 6 community rows"
# Per grid, counted from the fixture files themselves.
awk -F, '
FILENAME ~ /grids.csv$/ { if (FNR > 1 && $4 == "unit") comm[$1] = $2; next }
FNR == 1 { next }
FILENAME ~ /people.csv$/ { p[$8]++ }
FILENAME ~ /houses.csv$/ { h[$3]++ }
FILENAME ~ /orgs.csv$/ { o[$5]++ }
FILENAME ~ /components.csv$/ { c[$5]++ }
END { for (g in comm) printf "%s,%s,%d,%d,%d,%d\n", comm[g], g, p[g], h[g],
    o[g], c[g] }' grids.csv people.csv houses.csv orgs.csv components.csv |
    sort >expect-grids.csv
grep '^grid,' out | cut -d, -f4,5,7-10 >got-grids.csv
same expect-grids.csv got-grids.csv "--load: people, houses, orgs, components per grid"
# Per community, from the grid rows: min, max, mean, population CV.
grep '^grid,' out | cut -d, -f1,4- | awk -F, '
function flush() {
	if (n == 0) return
	mean = sp / n; v = 0
	for (i = 1; i <= n; i++) v += (x[i] - mean) ^ 2
	cv = mean > 0 ? sprintf("%.6g", sqrt(v / n) / mean) : ""
	printf "community,%s,,%d,%d,%d,%d,%d,%d,%d,%.6g,%s\n", cc, n, sp, sh,
	    so, sc, mn, mx, mean, cv
}
$2 != cc { flush(); cc = $2; n = sp = sh = so = sc = 0 }
{ x[++n] = $5; sp += $5; sh += $6; so += $7; sc += $8
  if (n == 1 || $5 < mn) mn = $5; if (n == 1 || $5 > mx) mx = $5 }
END { flush() }' >expect-communities.csv
grep '^community,' out | cut -d, -f1,4- >got-communities.csv
same expect-communities.csv got-communities.csv \
    "--load: min, max, mean and CV per community"
# By hand: 320508021017 has 14 and 6 people: mean 10, deviations 4 and
# -4, population standard deviation 4, CV 0.4; 320508018019 has 16 and
# 8: mean 12, deviation 4, CV 1/3.
out_has ",320508021017,,2,20,8,0,0,6,14,10,0.4" "CV by hand: 0.4"
out_has ",320508018019,,2,24,8,1,2,8,16,12,0.333333" "CV by hand: 1/3"
out_has ",320508018014,32050801801401,,7,4,1,2,,,," \
    "a grid row leaves the community columns empty"
# unit and unit_name: the row's grid or community, as the registers name it
awk -F, 'FNR > 1 && $4 == "unit" { print "grid," $1 "," $3 }' grids.csv |
    sort >expect-units.csv
awk -F, 'FNR > 1 && $2 == "community" { print "community," $1 "," $3 }' \
    regions.csv >>expect-units.csv
sort -o expect-units.csv expect-units.csv
tail -n +2 out | cut -d, -f1-3 | sort >got-units.csv
same expect-units.csv got-units.csv "--load: unit and unit_name of every row"
ok "--load: a community row's unit is its community_code" \
    awk -F, '$1 == "community" && $2 != $4 { exit 1 }' out
ok "--load: a grid row's unit is its grid_code" \
    awk -F, '$1 == "grid" && $2 != $5 { exit 1 }' out
snapshot after.sql
same before.sql after.sql "--load writes nothing"

# Nobody in a community: CV undefined, null.
sql "INSERT INTO regions (code, level, name, parent_code)
    VALUES ('320508021099', 'community', 'empty', '320508021');
INSERT INTO grids (code, community_code, kind)
    VALUES ('32050802109901', '320508021099', 'unit'),
           ('32050802109902', '320508021099', 'unit')"
run grid-assign check --load
status 0 "--load with an empty community"
out_has '{"level":"community","unit":"320508021099","unit_name":"empty","community_code":"320508021099","grid_code":null,"grids":2,"people":0,"houses":0,"orgs":0,"components":0,"people_min":0,"people_max":0,"people_mean":0,"people_cv":null}' \
    "no people: mean 0, CV null"
out_has '{"level":"grid","unit":"32050801801401","unit_name":"察院场社区第1网格","community_code":"320508018014","grid_code":"32050801801401","grids":null,"people":7,"houses":4,"orgs":1,"components":2,"people_min":null,"people_max":null,"people_mean":null,"people_cv":null}' \
    "--load: ndjson keys"

# ---- bad usage and missing database ----
run grid-assign check --only overlap,foo
status 64 "--only with an unknown check"
err_line "grid-assign check: --only: 'foo' is not a check (overlap, gap, no_polygon, bad_polygon, orphan)" \
    "--only: message"
run grid-assign check --tolerance abc
status 64 "--tolerance not a number"
err_line "grid-assign check: --tolerance: expected an area >= 0, not 'abc'" \
    "--tolerance: message"
run grid-assign check --load --only gap
status 64 "--load with --only"
run grid-assign check -f xml
status 64 "unknown format"
run grid-assign check extra
status 64 "an argument"
run grid-assign check --bogus
status 64 "unknown option"
err_line "Try 'grid-assign check --help'." "unknown option: help hint"
run grid-assign check -d "$T/none.db"
status 69 "missing database"
err_has "none.db: no database here" "missing database: message"
is "$(ls "$T"/none.db* 2>/dev/null | wc -l | tr -d ' ')" 0 \
    "missing database: not created"
run grid-assign check --help
status 0 "--help"
out_has "--tolerance AREA" "--help lists --tolerance"
