#!/bin/sh
# The soak, short: tests/soak.py runs the live recorder on a pseudo-terminal
# for SOAK_HOURS (2) simulated hours under libfaketime (x288: 25 s), at
# 250x60 and at 30x8, a key every 10 simulated seconds, and checks memory,
# CPU and the log.  Here the same log is read again by the independent decoder and the
# analyser.  make soak runs the 24 hours.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_python_msgpack
hours=${SOAK_HOURS:-2}
actions=$((hours * 360))
opts=
# AddressSanitizer keeps freed memory in quarantine: resident memory then
# says nothing about the recorder's own growth.
if ldd "$REC" 2>/dev/null | grep -q libasan; then
	opts=--no-rss
	echo "# AddressSanitizer build: the memory bound is not checked"
fi
# Two terminals: a big one (the most to draw each second) and a small one.
for size in ${SOAK_SIZES:-250x60 30x8}; do
	echo "# $size"
	mkdir "$TMP/$size"
	"$PYTHON3" "$top_srcdir/tests/soak.py" "$top_builddir" --hours "$hours" \
	    --dir "$TMP/$size" --size "$size" --speed 288 $opts >"$TMP/soak.out" 2>&1
	rc=$?
	if [ $rc -eq 77 ]; then
		cat "$TMP/soak.out"
		exit 77
	fi
	sed 's/^/# /' "$TMP/soak.out"
	check "$size: soak.py passes (exit $rc)" test $rc -eq 0
	check "$size: it says: $hours h simulated, $actions actions, CPU flat, log clean" \
	    grep -Eq "^soak: $hours h simulated, $actions actions, RSS [0-9.]+ -> [0-9.]+ MiB, CPU flat, log clean\$" "$TMP/soak.out"
	check "$size: it sampled every one of the $hours hours" test \
	    "$(grep -cE '^ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+$' "$TMP/soak.out")" -eq "$hours"
	log=$(ls "$TMP/$size"/shadowlog-soak.*/soak.slog)
	check "$size: python3-msgpack decodes the log by the format's rules" \
	    $DECODE check "$log"
	$DECODE actions "$log" >"$TMP/actions"
	check "$size: the decoder lists $actions actions between begin and stop" test \
	    "$(grep -cvE '^[0-9]+ (begin|stop)' "$TMP/actions")" -eq "$actions"
	"$top_builddir/analyser/shadowlog-analyse" --episodes --format=csv "$log" \
	    >"$TMP/episodes.csv" 2>"$TMP/err"
	arc=$?
	check "$size: the analyser exports the episodes (exit $arc, no message)" \
	    test "$arc" -eq 0 -a ! -s "$TMP/err"
	# soak.py keys cycles of 16: starts at keys 1, 8 and 11, a note at key 4.
	full=$((actions / 16)); rem=$((actions % 16))
	want_starts=$((3 * full + (rem > 0) + (rem > 7) + (rem > 10)))
	want_notes=$((full + (rem > 3)))
	starts=$(grep -cE '^[0-9]+ start ' "$TMP/actions")
	notes=$(grep -cE '^[0-9]+ note ' "$TMP/actions")
	"$PYTHON3" -c 'import pandas, sys; d = pandas.read_csv(sys.argv[1]); \
print(int((d["kind"] == "episode").sum()), int((d["kind"] == "note").sum()))' \
	    "$TMP/episodes.csv" >"$TMP/kinds"
	read -r episodes csvnotes <"$TMP/kinds"
	check "$size: the CSV holds one episode for each of the $starts starts keyed (got $episodes)" \
	    test "$episodes" -eq "$starts" -a "$starts" -eq "$want_starts"
	check "$size: the CSV holds the $notes notes keyed (got $csvnotes)" \
	    test "$csvnotes" -eq "$notes" -a "$notes" -eq "$want_notes"
done
finish
