# checks.awk - give the ID numbers and USCCs of a CSV file their check
# characters again (tests/e2e/districts.sh): an ID number's (GB 11643, its
# 15th digit set to k, awk -v k=K) and a USCC's (GB 32100).  Fields
# without quotes or commas inside.
BEGIN {
	FS = OFS = ","
	split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
	split("1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28", u, " ")
	cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
}
function digits(s, n,   i) {
	for (i = 1; i <= n; i++)
		if (index("0123456789", substr(s, i, 1)) == 0)
			return 0
	return 1
}
function idno(s,   i, sum) {
	s = substr(s, 1, 14) k substr(s, 16, 2)
	for (i = 1; i <= 17; i++)
		sum += substr(s, i, 1) * w[i]
	return s substr("10X98765432", sum % 11 + 1, 1)
}
function uscc(s,   i, sum, c) {
	for (i = 1; i <= 17; i++)
		sum += (index(cs, substr(s, i, 1)) - 1) * u[i]
	c = 31 - sum % 31
	if (c == 31)
		c = 0
	return substr(s, 1, 17) substr(cs, c + 1, 1)
}
{
	for (f = 1; f <= NF; f++) {
		if (length($f) != 18)
			continue
		if (digits($f, 17) && index("0123456789X", substr($f, 18)) &&
		    index(" 18 19 20 ", " " substr($f, 7, 2) " "))
			$f = idno($f)
		else if (digits(substr($f, 1, 8), 8) && $f ~ /^[0-9A-Z]+$/)
			$f = uscc($f)
	}
	print
}
