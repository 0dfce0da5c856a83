#!/bin/sh
# The README's pandas example, run as the README has it: the sample day
# and a hand-made day (school "NA", a pause, groups with no time) exported
# as the episodes CSV and the summary CSV, the block between the README's
# tidy-pandas markers run on them, and its tidy table checked against the
# summary and the hand-made day's figures (tests/tidy.py).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
ANA="$top_builddir/analyser/shadowlog-analyse"
TZ=Europe/London
export TZ

if ! "$PYTHON3" -c 'import pandas' 2>/dev/null; then
	echo "SKIP: $PYTHON3 has no pandas (apt-get install python3-pandas)"
	exit 77
fi

"$REC" --school "Meadowbank Primary" --head HT1 --observer OBS-A \
    --date 2026-11-16 --input "$DATA/sample-day.txt" "$TMP/sample.slog"
check "the sample day is recorded" [ $? -eq 0 ]
cat >"$TMP/hand.txt" <<'E'
08:00:00 begin
08:00:00 start teachers by=head
08:30:00 end
08:40:00 pause
08:50:00 resume
09:00:00 stop
E
"$REC" --school NA --head H2 --observer O2 --date 2026-11-17 \
    --input "$TMP/hand.txt" "$TMP/hand.slog"
check "the hand-made day is recorded" [ $? -eq 0 ]

cd "$TMP" || exit 1
"$ANA" --episodes --format=csv sample.slog hand.slog >episodes.csv
check "the episodes CSV is written" [ $? -eq 0 ]
"$ANA" --format=csv sample.slog hand.slog >summary.csv
check "the summary CSV is written" [ $? -eq 0 ]
if "$PYTHON3" "$top_srcdir/tests/tidy.py" "$top_srcdir/README.md" \
    >out 2>&1; then
	ok "$(tail -n 1 out)"
else
	not_ok "the README's pandas block: $(cat out)"
fi
finish
