#!/bin/sh
# The options cannot drift: every long option in each program's option
# table (its main.c) is in its --help and in its man page (SYNOPSIS and
# the options list), and the man page lists no option the table lacks
# (tests/options.py reads the three).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
ANA="$top_builddir/analyser/shadowlog-analyse"

for prog in analyser/shadowlog-analyse recorder/shadowlog-record; do
	dir=${prog%%/*}
	"$top_builddir/$prog" --help >"$TMP/help" 2>&1
	check "$prog --help exits 0" [ $? -eq 0 ]
	if "$PYTHON3" "$top_srcdir/tests/options.py" "$top_srcdir/$dir/main.c" \
	    "$top_srcdir/$prog.1" "$TMP/help" >"$TMP/out" 2>&1; then
		ok "$(tail -n 1 "$TMP/out")"
	else
		not_ok "$prog's options: $(cat "$TMP/out")"
	fi
done

# The checker itself fails on a drift: an option dropped from the help.
"$ANA" --help | sed 's/--seed/--sead/g' >"$TMP/drift"
check "a help without --seed is caught" sh -c '! "$1" "$2" "$3" "$4" "$5" >/dev/null' \
    sh "$PYTHON3" "$top_srcdir/tests/options.py" "$top_srcdir/analyser/main.c" \
    "$top_srcdir/analyser/shadowlog-analyse.1" "$TMP/drift"
finish
