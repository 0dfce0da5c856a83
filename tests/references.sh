#!/bin/sh
# The reference profiles end to end (--references): the sample day's text
# summary is the golden summary unchanged, then the studies' block (golden
# references.txt: the phone calls' mean of 6.7 min is (466 + 478 + 265) s
# / 3; desk work withheld, time alone being more than desk work); the
# report gains the same section; the share of time by mode withheld for
# the built-in scheme, whose "teaching" is none of the studies' media; and
# the errors: a malformed file names its line, a missing one its path,
# and --references outside the text summary or --html is refused.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
ANA="$top_builddir/analyser/shadowlog-analyse"
GOLDEN="$DATA/golden"
TZ=Europe/London
SHADOWLOG_REFERENCES="$top_srcdir/common/references.tsv"
export TZ SHADOWLOG_REFERENCES

log="$TMP/sample.slog"
expect_exit "sample day records" 0 \
    "$REC" --school "Meadowbank Primary" --head HT1 --observer OBS-A \
    --tag phase=primary --tag term=autumn --date 2026-11-16 \
    --input "$DATA/sample-day.txt" "$log"

expect_exit "text summary with --references" 0 "$ANA" --references "$log"
cp "$TMP/out" "$TMP/with.txt"
n=$(wc -c <"$GOLDEN/summary.txt")
if head -c "$n" "$TMP/with.txt" | cmp -s - "$GOLDEN/summary.txt"; then
	ok "the summary above the block is the golden summary"
else
	not_ok "the summary above the block differs from summary.txt"
fi
tail -c +"$((n + 1))" "$TMP/with.txt" >"$TMP/references.txt"
if cmp -s "$TMP/references.txt" "$GOLDEN/references.txt"; then
	ok "golden references.txt"
else
	not_ok "golden references.txt"
	diff "$GOLDEN/references.txt" "$TMP/references.txt" | head -20
fi

# A share of time by mode: withheld for the built-in scheme (teaching).
cat >"$TMP/share.tsv" <<'TSV'
study	s1	A, B.	2000	A title	A journal	five heads
figure	s1	share	telephone	activities	6	p. 1
TSV
SHADOWLOG_REFERENCES="$TMP/share.tsv" expect_exit "a share of time" 0 \
    "$ANA" --references "$log"
if grep -q "share of time: telephone  *6%  *-  *not compared: not every mode of the scheme" \
    "$TMP/out"; then
	ok "the share of time by mode withheld: teaching maps to no medium"
else
	not_ok "the share of time by mode not withheld: $(tail -3 "$TMP/out")"
fi

# The report: the same section, only when asked.
expect_exit "report with --references" 0 \
    "$ANA" --references --html="$TMP/with.html" "$log"
expect_exit "report without" 0 "$ANA" --html="$TMP/without.html" "$log"
if grep -q "Beside the published studies" "$TMP/with.html" &&
    grep -q "Mintzberg, H. (1973). The Nature of Managerial Work" \
    "$TMP/with.html" && grep -q "<td>6.7 min</td>" "$TMP/with.html"; then
	ok "the report sets the studies beside the day"
else
	not_ok "the report lacks the studies' section"
fi
if grep -q -e "published studies" -e "\.references" "$TMP/without.html"; then
	not_ok "the report has the studies' section unasked"
else
	ok "the report without --references has no studies' section"
fi

# Errors.
printf 'study\ts1\tA\t2000\tT\tP\tM\nfigure\ts1\tmean\tall\tepisodes\tsix\tp. 1\n' \
    >"$TMP/bad.tsv"
SHADOWLOG_REFERENCES="$TMP/bad.tsv" expect_exit "a malformed file" 65 \
    "$ANA" --references "$log"
err_has "its line named" "$TMP/bad.tsv:2: 'six' is not a figure"
SHADOWLOG_REFERENCES="$TMP/none.tsv" expect_exit "a missing file" 66 \
    "$ANA" --references "$log"
err_has "its path named" "$TMP/none.tsv: the reference profiles:"
expect_exit "not with CSV" 64 "$ANA" --references --format=csv "$log"
err_has "refused in words" "--references goes with the text summary or --html"
expect_exit "not with --episodes" 64 "$ANA" --references --episodes "$log"

finish
