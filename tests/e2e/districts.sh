# districts.sh - sourced after lib.sh by the tests of several districts
# (t47, t52, t54): the sample district of tests/fixtures/district made
# into another, and a city database of several.
#
# district_registers K CODE DIR: the sample district's registers as
# district CODE, its ID numbers' 15th digit K (so that no two districts
# share a person), every check character computed again (checks.awk),
# houses H0nnn -> HKnnn, households HH0nnn -> HHKnnn, workers W0nn -> WKnn.
district_registers() {
	k=$1 code=$2 dir=$3
	mkdir -p "$dir"
	for f in regions grids workers worker_grids houses households \
	    people person_tags orgs departments; do
		sed -e "s/320508/$code/g" \
		    -e "s/\\<HH0\\([0-9][0-9][0-9]\\)\\>/HH$k\\1/g" \
		    -e "s/\\<H0\\([0-9][0-9][0-9]\\)\\>/H$k\\1/g" \
		    -e "s/\\<W0\\([0-9][0-9]\\)\\>/W$k\\1/g" \
		    "$DISTRICT/$f.csv" |
		    awk -v k="$k" -f "$GRID_TOP/tests/e2e/checks.awk" \
		    >"$dir/$f.csv"
	done
}

# city_database OUT DB...: a city database (jurisdiction 320500) built from
# the districts' databases by grid-import --districts.
city_database() {
	out=$1
	shift
	grid-import -q -d "$out" --division 320500 &&
	    grid-import -q -d "$out" --districts "$@"
}
