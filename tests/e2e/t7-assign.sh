#!/bin/sh
# grid-assign boundaries, locate, and grid_code filled from points and
# houses, on a small layout with a shared edge, a hole and a multipolygon.
. "$(dirname "$0")/lib.sh"

load_district || exit 1
# 01 and 02 of community 320508018014 share the edge x = 10; 02 has a
# hole (12..14, 2..4); 03 is two squares; everything else has no polygon.
cat >layout.geojson <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"code": "32050801801401"},
  "geometry": {"type": "Polygon",
   "coordinates": [[[0,0],[10,0],[10,10],[0,10],[0,0]]]}},
 {"type": "Feature", "properties": {"code": "32050801801402"},
  "geometry": {"type": "Polygon",
   "coordinates": [[[10,0],[20,0],[20,10],[10,10],[10,0]],
                   [[12,2],[12,4],[14,4],[14,2],[12,2]]]}},
 {"type": "Feature", "properties": {"code": "32050801801403"},
  "geometry": {"type": "MultiPolygon",
   "coordinates": [[[[20,0],[30,0],[30,10],[20,10],[20,0]]],
                   [[[40,0],[50,0],[50,10],[40,10],[40,0]]]]}}
]}
JSON

# --- boundaries ---------------------------------------------------------
snapshot before.sql
run grid-assign boundaries --dry-run layout.geojson
status 0 "boundaries --dry-run"
err_has "3 features, 3 loaded, 0 unchanged, 0 rejected (dry run" \
    "dry run summary"
snapshot after.sql
same before.sql after.sql "dry run writes nothing"

run grid-assign boundaries layout.geojson
status 0 "boundaries load"
is "$(sql "SELECT count(*) FROM grids WHERE geometry IS NOT NULL")" 3 \
    "three grids have polygons"
is "$(sql "SELECT min_x, max_x, min_y, max_y FROM grid_rtree r JOIN grids g
    ON g.rowid = r.id WHERE g.code = '32050801801403'")" "20.0|50.0|0.0|10.0" \
    "multipolygon indexed by its whole box"
run grid-assign boundaries layout.geojson
status 0 "loading the same file again"
err_has "3 features, 0 loaded, 3 unchanged, 0 rejected" "nothing changes"
gzip -c layout.geojson >layout.geojson.gz
run sh -c 'grid-assign boundaries - <layout.geojson.gz'
status 0 "gzip on standard input"

# Bad features: the good ones go in, each bad one is named.
cat >bad.geojson <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"code": "32050801801901"},
  "geometry": {"type": "Polygon",
   "coordinates": [[[0,20],[10,20],[10,30],[0,30],[0,20]]]}},
 {"type": "Feature", "properties": {"code": "99999999999999"},
  "geometry": {"type": "Polygon",
   "coordinates": [[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
 {"type": "Feature", "properties": {"code": "32050801801902"},
  "geometry": {"type": "Polygon",
   "coordinates": [[[0,0],[10,10],[10,0],[0,10],[0,0]]]}},
 {"type": "Feature", "properties": {"code": "32050801801903"},
  "geometry": {"type": "Polygon",
   "coordinates": [[[0,0],[10,0],[10,10],[0,10]]]}},
 {"type": "Feature", "properties": {"name": "no code"},
  "geometry": {"type": "Polygon",
   "coordinates": [[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
 {"type": "Feature", "properties": {"code": "32050801801901"},
  "geometry": {"type": "Polygon",
   "coordinates": [[[0,20],[10,20],[10,30],[0,30],[0,20]]]}},
 {"type": "Feature", "properties": {"code": "32050801902301"},
  "geometry": null}
]}
JSON
run grid-assign boundaries bad.geojson
status 65 "bad features rejected"
err_has "bad.geojson: features[1] (code '99999999999999'): no such grid" \
    "unknown code named with the feature's index"
err_has "features[2] (code '32050801801902')" "bow tie named"
err_has "crosses itself" "self-intersection explained"
err_has "features[3] (code '32050801801903')" "unclosed ring named"
err_has "features[4]" "feature without a code named"
err_has "features[5] (code '32050801801901'): a second feature" \
    "repeated code named"
err_has "features[6]" "feature without geometry named"
err_has "7 features, 1 loaded, 0 unchanged, 6 rejected" "summary"
is "$(sql "SELECT count(*) FROM grids WHERE geometry IS NOT NULL")" 4 \
    "the good feature is loaded"

snapshot before.sql
run grid-assign boundaries --strict bad.geojson
status 65 "--strict: a bad feature aborts"
err_has "nothing was written" "--strict says nothing was written"
snapshot after.sql
same before.sql after.sql "--strict leaves the database unchanged"

printf '{"type": "FeatureCollection", "features": [' >trunc.geojson
run grid-assign boundaries trunc.geojson
status 65 "truncated JSON"
run grid-assign boundaries nosuch.geojson
status 66 "missing file"
run grid-assign boundaries -d nosuch.db layout.geojson
status 69 "missing database"
is "$(ls nosuch.db 2>/dev/null)" "" "no database created"

# --- locate ---------------------------------------------------------------
cat >points.csv <<'CSV'
id,name,x,y
1,inside 01,5,5
2,shared edge,10,5
3,shared vertex,10,10
4,inside 02,15,5
5,in the hole,13,3
6,on the hole's edge,12,3
7,second part of 03,45,5
8,outside,60,60
9,no x,,5
10,"not a number",abc,1
CSV
run grid-assign locate points.csv
status 65 "locate: records without coordinates give 65"
cat >expected.csv <<'CSV'
id,name,x,y,grid_code,community_code,street_code
1,inside 01,5,5,32050801801401,320508018014,320508018
2,shared edge,10,5,32050801801401,320508018014,320508018
3,shared vertex,10,10,32050801801401,320508018014,320508018
4,inside 02,15,5,32050801801402,320508018014,320508018
5,in the hole,13,3,,,
6,on the hole's edge,12,3,32050801801402,320508018014,320508018
7,second part of 03,45,5,32050801801403,320508018014,320508018
8,outside,60,60,,,
9,no x,,5,,,
10,"not a number",abc,1,,,
CSV
same expected.csv out "every point placed by the rules, rows as they were read"
err_has "points.csv:10: x: no coordinate" "missing x reported with its line"
err_has "points.csv:11: x: not a number 'abc'" "bad x reported"
err_has "10 records, 6 in a grid, 2 in none, 2 without usable coordinates" \
    "locate summary"

printf 'lon\tlat\n5\t5\n' >tab.tsv
run grid-assign locate --x lon --y lat tab.tsv
status 0 "--x/--y name other columns; TSV stays TSV"
is "$(sed -n 2p out)" "$(printf '5\t5\t32050801801401\t320508018014\t320508018')" \
    "TSV row"
run grid-assign locate --x lon --y latitude tab.tsv
status 65 "a missing coordinate column"
err_has "latitude: no such column (name it with --y)" "the missing column named"

printf '%s\n' '{"id":1,"x":5,"y":5}' '{"id":2,"x":"15","y":5.0}' \
    '{"id":3,"x":45,"y":5,"grid_code":"stale"}' 'not json' \
    | gzip >points.ndjson.gz
run sh -c 'grid-assign locate - <points.ndjson.gz'
status 65 "NDJSON through gzip on standard input"
is "$(sed -n 1p out)" \
    '{"id":1,"x":5,"y":5,"grid_code":"32050801801401","community_code":"320508018014","street_code":"320508018"}' \
    "NDJSON record written back unchanged with the codes added"
is "$(sed -n 2p out)" \
    '{"id":2,"x":"15","y":5.0,"grid_code":"32050801801402","community_code":"320508018014","street_code":"320508018"}' \
    "numbers as strings accepted, text kept as written"
is "$(sed -n 3p out | grep -c stale)" 0 "a stale grid_code replaced"
err_has "<stdin>:4: bad JSON" "a malformed line reported"

printf '%s\n' '{"x":5,"y":5}' '{bad json' '[1,2]' '{"x":1e400,"y":2}' \
    '{"x":31.311876,"y":5,"grid_code":"old"}' >odd.ndjson
run grid-assign locate odd.ndjson
status 65 "odd NDJSON lines"
is "$(sed -n 2p out)" '{bad json' "a line that is not JSON is written back as it was"
is "$(sed -n 3p out)" '[1,2]' "a JSON line that is not an object is written back"
err_has "odd.ndjson:2: bad JSON" "the bad line is reported with its line"
err_has "odd.ndjson:3: not a JSON object" "the non-object is reported"
is "$(sed -n 4p out)" '{"x":1e400,"y":2}' "an out-of-range number: the line as it was"
out_has '"x":31.311876,' "a re-encoded record keeps its numbers as written"

printf 'id,x,y\n1,5,5,extra\n' >wide.csv
run grid-assign locate wide.csv
status 0 "a row with an extra field"
err_has "wide.csv:2: 4 fields where the header has 3" "extra field reported"

run grid-assign locate --point 10,5
status 0 "--point on a shared edge"
is "$(cat out)" 32050801801401 "--point: the lowest code, through the R*Tree"
run grid-assign locate --point 13,3
is "$(cat out)" "" "--point in a hole: no grid"
run grid-assign locate --point 45.0,5
is "$(cat out)" 32050801801403 "--point in the second part of a multipolygon"
run grid-assign locate --point 5
status 64 "--point without y"

# A professional grid over everything takes no point: it overlays.
sql "INSERT INTO grids (code, community_code, name, kind) VALUES
    ('32050801801490', '320508018014', 'professional', 'professional')"
cat >pro.geojson <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"code": "32050801801490"},
  "geometry": {"type": "Polygon",
   "coordinates": [[[-100,-100],[100,-100],[100,100],[-100,100],[-100,-100]]]}}
]}
JSON
run grid-assign boundaries pro.geojson
status 0 "a professional grid's polygon"
run grid-assign locate --point 5,5
is "$(cat out)" 32050801801401 "--point ignores professional grids"
run grid-assign locate points.csv
same expected.csv out "locate ignores professional grids"

run grid-assign locate -o located.csv points.csv
status 65 "locate -o"
same expected.csv located.csv "-o writes the same"
is "$(stat -c %a located.csv)" 600 "output file mode 0600"

# --- filling grid_code ----------------------------------------------------
sql "UPDATE houses SET x = 5, y = 5, grid_code = '32050801801402'
     WHERE id = 'H0001'; UPDATE houses SET x = 45, y = 5 WHERE id = 'H0002';
     UPDATE houses SET x = 60, y = 60 WHERE id = 'H0003';
     UPDATE houses SET x = 6, y = 6 WHERE id = 'H0010'"
old3=$(sql "SELECT grid_code FROM houses WHERE id = 'H0003'")
snapshot before.sql
run grid-assign houses --dry-run -f csv
status 0 "houses --dry-run"
out_has "houses,H0001,32050801801402,32050801801401,point" "change listed"
out_has "houses,H0002," "second change listed"
snapshot after.sql
same before.sql after.sql "--dry-run writes nothing"
run grid-assign houses -f ndjson
status 0 "houses"
is "$(sql "SELECT grid_code FROM houses WHERE id = 'H0001'")" \
    32050801801401 "house moved to the grid of its point"
is "$(sql "SELECT grid_code FROM houses WHERE id = 'H0003'")" "$old3" \
    "a point in no grid leaves the house as it was"
out_has '"key":"H0002"' "ndjson change line"
run grid-assign houses -f csv
status 0 "houses again"
is "$(wc -l <out)" 1 "nothing changes the second time (header only)"

house=H0010	# its people are in grid 03: their house is now in 01
before=$(sql "SELECT count(*) FROM people WHERE house_id = '$house'")
run grid-assign people -f csv
status 0 "people from their house"
is "$(sql "SELECT DISTINCT updated_at FROM people WHERE house_id = '$house'")" \
    2026-06-15T10:00:00+08:00 "changed people get updated_at"
is "$(sql "SELECT count(*) FROM people WHERE house_id = '$house' AND
    grid_code = '32050801801401'")" "$before" "people follow their house"
out_has "people,$(sql "SELECT substr(id_number, 1, 6) FROM people
    WHERE house_id = '$house' LIMIT 1")********" "ID numbers masked"
out_has ",32050801801403,32050801801401,house" "people's change listed"
run grid-assign people -f csv --reveal
status 0 "people again"
is "$(wc -l <out)" 1 "nothing left to change"
run grid-assign orgs -f csv
status 0 "orgs from their house"
run grid-assign nosuch
status 64 "unknown command"

# -o to a device writes in place: /dev/null stays a device.
run grid-assign locate -o /dev/null points.csv
status 65 "locate -o /dev/null"
ok "/dev/null is still a character device" test -c /dev/null
