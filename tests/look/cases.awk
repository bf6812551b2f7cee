# tests/look/cases.awk - cases for a generated district (bench's
# gendistrict), for the pages of make look and tests/e2e/t36-pages.sh:
# reads grid codes one a line; writes grid-import's cases CSV.  Each grid
# gets 1 to 5 cases in May 2026 (some closed on time, some a day late,
# some open; two departments, two categories) and, for every 4th grid,
# one in each of January to March 2026: April stays empty (a gap the
# charts must show).  Hours vary with the grid, so weekday x hour has
# more than one cell.
function put(id, g, d, hour, closed, late, cat,   at, st, dept, h) {
	at = d "T16:00:00+08:00"
	if (late)
		at = sprintf("%s-%02dT10:00:00+08:00", substr(d, 1, 7), \
		    substr(d, 9, 2) + 1)
	st = "dispatched"
	h = ""
	if (closed) {
		st = "closed"
		h = at
	}
	dept = "SW01"
	if (NR % 2)
		dept = "CG01"
	printf "%s,worker,%s,井盖,%s,community,%s,%s,", id, cat, g, st, dept
	printf "%sT%02d:00:00+08:00,%sT%02d:10:00+08:00,", d, hour, d, hour
	printf "%sT%02d:20:00+08:00,%s,%s,%s,", d, hour, h, h, h
	printf "%sT17:30:00+08:00,%s\n", d, (closed ? "A" : "")
}
BEGIN {
	print "id,source,category_code,description,grid_code,level," \
	    "status,dept_code,reported_at,registered_at,dispatched_at," \
	    "handled_at,verified_at,closed_at,deadline,rating"
}
{
	n = NR % 5 + 1
	for (k = 0; k < n; k++)
		put(sprintf("G%04d%d", NR, k), $1,
		    sprintf("2026-05-%02d", (NR + k) % 27 + 1), 8 + NR % 4,
		    k < NR % 4, NR % 3 == 0, k % 2 ? "C0102" : "C0101")
	if (NR % 4 == 1)
		for (m = 1; m <= 3; m++)
			put(sprintf("M%04d%d", NR, m), $1,
			    sprintf("2026-%02d-10", m), 9, 1, 0, "C0101")
}
