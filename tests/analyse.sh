#!/bin/sh
# The analyser end to end: the sample day against the golden files (text,
# CSV, JSON, episodes, bins, transitions), the episodes CSV read back to
# the same summary, outputs that parse (the comparison and the agreement
# too), bins that add up, one header for many files, the damaged-files
# corpus with its messages and exit codes, and the command line's exit
# codes; golden files for the comparison, the agreement and the report's
# text.  The team side in detail is tests/team.sh.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
ANA="$top_builddir/analyser/shadowlog-analyse"
GOLDEN="$DATA/golden"
TZ=Europe/London
export TZ

log="$TMP/sample.slog"
expect_exit "sample day records" 0 \
    "$REC" --school "Meadowbank Primary" --head HT1 --observer OBS-A \
    --tag phase=primary --tag term=autumn --date 2026-11-16 \
    --input "$DATA/sample-day.txt" "$log"

# golden NAME ARGS...: the analyser's output on the sample day is the
# golden file NAME, byte for byte.
golden() {
	name=$1; shift
	"$ANA" "$@" "$log" >"$TMP/$name" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -eq 0 ] && cmp -s "$TMP/$name" "$GOLDEN/$name"; then
		ok "golden $name"
	else
		not_ok "golden $name (exit $rc): $(cat "$TMP/err")"
		diff "$GOLDEN/$name" "$TMP/$name" | head -20
	fi
}
golden summary.txt
golden summary.csv --format=csv
golden summary.json --format=json
golden episodes.csv --episodes --format=csv
golden bin15.csv --bin=15 --format=csv
golden transitions.csv --transitions --format=csv

# gives WANT ARGS...: the analyser's output with ARGS is the file WANT.
gives() {
	want=$1; shift
	"$ANA" "$@" >"$TMP/gives" 2>/dev/null && cmp -s "$TMP/gives" "$want"
}

# The day as an episodes CSV reads back to the same summary and timeline.
E="$GOLDEN/episodes.csv"
check "episodes CSV reads back to the same summary" \
    gives "$GOLDEN/summary.csv" --format=csv "$E"
check "episodes CSV reads back to the same timeline" \
    gives "$E" --episodes --format=csv "$E"
check "and to the same bins" \
    gives "$GOLDEN/bin15.csv" --bin=15 --format=csv "$E"
tr -d '\r' <"$E" | sed 's/$/\r/' >"$TMP/crlf.csv"
check "with CRLF line ends too" \
    gives "$GOLDEN/summary.csv" --format=csv "$TMP/crlf.csv"

# A tagged, reviewed day and a second tagged day: the tags, the head's
# comments and the corrections ride in the CSV's last three columns, so
# the CSV reads back to the same summary (text, CSV, JSON) and compares by
# a tag as the logs do.
rlog="$TMP/reviewed.slog"
cp "$log" "$rlog"
expect_exit "the sample day reviewed" 0 \
    "$REC" --input "$DATA/review.txt" "$rlog"
log2="$TMP/second.slog"
expect_exit "a second, secondary day records" 0 \
    "$REC" --school "Hillside Academy" --head HT9 --observer OBS-A \
    --tag phase=secondary --date 2026-11-17 --input "$DATA/sample-day.txt" \
    "$log2"
"$ANA" --episodes --format=csv "$rlog" "$log2" >"$TMP/reviewed.csv"
check "the reviewed day's tags, comment and corrections in columns" \
    "$PYTHON3" - "$TMP/reviewed.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
day = [r for r in rows if r["head"] == "HT1"]
assert len(day) > 100, len(day)
assert all(r["tags"] == "phase=primary;term=autumn" for r in day), day[0]
assert day[0]["day_comment"] == \
    "A typical Monday; the governors' visit ran long.", day[0]
assert day[0]["corrections"].split("\n") == [
    "09:10:36 episode recoded from visitors to SLT",
    "parents episode start moved from 11:12:09 to 11:11:00",
    "comment on the 11:11:00 parents episode: the parent "
    "had been waiting since the bell",
    "08:29:28 brief contact recoded from pupils to teachers",
], day[0]["corrections"]
assert all(r["day_comment"] == r["corrections"] == "" for r in day[1:])
other = [r for r in rows if r["head"] == "HT9"]
assert other and all(r["tags"] == "phase=secondary" and
    r["day_comment"] == r["corrections"] == "" for r in other), other[0]
PY
check "every row is of a contract kind; the stretches tile each day" \
    "$PYTHON3" - "$ANA" "$TMP/reviewed.csv" "$rlog" "$log2" <<'PY'
import csv, json, subprocess, sys
ana = sys.argv.pop(1)
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) > 200, len(rows)
kinds = {"episode", "alone", "pause", "brief", "note"}
assert {r["kind"] for r in rows} <= kinds, {r["kind"] for r in rows}
for log in sys.argv[2:]:
    day = json.loads(subprocess.run([ana, "--format=json", log],
        check=True, capture_output=True, text=True).stdout)["days"][0]
    st = [r for r in rows if r["head"] == day["head"]
          and r["kind"] in ("episode", "alone", "pause")]
    assert st[0]["start"] == day["begin"], (st[0], day["begin"])
    assert st[-1]["end"] == day["end"], (st[-1], day["end"])
    for a, b in zip(st, st[1:]):
        assert a["end"] == b["start"], (a, b)
    for r in rows:
        assert len(r["start"]) == 8 and r["start"][2] == ":", r
PY
for fmt in text csv json; do
	"$ANA" --format=$fmt "$rlog" "$log2" >"$TMP/from-logs.$fmt"
	check "reviewed, tagged days: the $fmt summary from the CSV is the \
logs' byte for byte" gives "$TMP/from-logs.$fmt" --format=$fmt \
	    "$TMP/reviewed.csv"
done
check "the text summary from the CSV lists the corrections" grep -qxF \
    "  comment on the day: A typical Monday; the governors' visit ran long." \
    "$TMP/from-logs.text"
for fmt in text csv; do
	"$ANA" --compare --by=phase --format=$fmt "$rlog" "$log2" \
	    >"$TMP/cmp-logs.$fmt"
	check "--compare --by=phase ($fmt) from the CSV is the logs'" \
	    gives "$TMP/cmp-logs.$fmt" --compare --by=phase --format=$fmt \
	    "$TMP/reviewed.csv"
done
check "and it compares primary with secondary" "$PYTHON3" - \
    "$TMP/cmp-logs.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert {(r["value"], r["days"]) for r in rows} == \
    {("primary", "1"), ("secondary", "1")}, rows
PY
check "the CSV of the CSV is the CSV" \
    gives "$TMP/reviewed.csv" --episodes --format=csv "$TMP/reviewed.csv"

# Every kind of correction rides in the corrections column: the README's
# review (add, withdraw, fix, move stop too) on the sample day.
alog="$TMP/all-kinds.slog"
cp "$log" "$alog"
sed -n '/^# review.txt/,/^```$/p' "$top_srcdir/README.md" | grep -v '^```' \
    >"$TMP/readme-review.txt"
expect_exit "the README's review on the sample day" 0 \
    "$REC" --input "$TMP/readme-review.txt" "$alog"
"$ANA" --episodes --format=csv "$alog" >"$TMP/all-kinds.csv"
check "every kind of correction in the first row's corrections" \
    "$PYTHON3" - "$TMP/all-kinds.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
c = rows[0]["corrections"].split("\n")
assert len(c) == 7, c
for want in ("recoded", "moved", "comment on", "added", "withdrawn",
             "person T4 (was T04)", "stop of observation moved"):
    assert any(want in x for x in c), (want, c)
assert all(r["corrections"] == "" for r in rows[1:])
PY
for fmt in text json; do
	"$ANA" --format=$fmt "$alog" >"$TMP/all-kinds.$fmt"
	check "and the $fmt summary from that CSV is the log's byte for byte" \
	    gives "$TMP/all-kinds.$fmt" --format=$fmt "$TMP/all-kinds.csv"
done

# Text tables: durations carry their units (never read as clock times)
# and counts of one are singular.
printf '%s\n' '08:00:00 begin' '08:01:00 start teachers by=head' \
    '08:05:30 end' '08:06:00 brief pupils by=other' '08:07:00 pause' \
    '08:07:17 resume' '09:10:00 stop' >"$TMP/small.txt"
expect_exit "a small day records" 0 "$REC" --school S --date 2026-11-16 \
    --input "$TMP/small.txt" "$TMP/small.slog"
"$ANA" "$TMP/small.slog" >"$TMP/small.out"
check "durations with units in the group table" grep -qE \
    '^teachers +1 +4m30s +6\.5% +4m30s +4m30s +- +4m30s +100\.0% +0 +-$' \
    "$TMP/small.out"
check "an hour and more to the minute, under a minute in seconds" \
    grep -qF 'of the 1h10m from 08:00:00 to 09:10:00 (17s paused)' \
    "$TMP/small.out"
check "one of each is singular" \
    grep -qF '1 of 2 interactions (1 episode, 1 brief contact)' \
    "$TMP/small.out"
check "and an episode a line" \
    grep -qF '1 interaction episode in the observed time' "$TMP/small.out"
"$ANA" --format=csv "$TMP/small.slog" >"$TMP/small.csv"
check "CSV keeps seconds with three decimals" \
    grep -q '^S,,,2026-11-16,teachers,1,270\.000,' "$TMP/small.csv"

# Cells a spreadsheet would run (=, +, -, @, tab, CR first) are written
# as text, a ' before them inside quotes, in every CSV; a cell that begins
# with ' gets one more; reading the CSV back takes it off again.
"$PYTHON3" - "$TMP/formula-in.csv" <<'PY'
import csv, sys
w = csv.writer(open(sys.argv[1], "w", newline=""), lineterminator="\n")
w.writerow("school,head,observer,date,kind,start,end,duration_s,group,by,"
           "person,where,mode,with,note,tags,day_comment,corrections"
           .split(","))
d = ["@SUM(1+1)", "HT1", "-O", "2026-11-16"]
t = "@k\\;1=a\\=b;phase=-1"
w.writerow(d + ["episode", "09:00:00", "09:10:00", "", "teachers", "head",
                '=HYPERLINK("http://x.invalid","y")', "'staff room", "+1",
                "", "", t, "=cmd|' /C calc'!A0", "+1 recoded\n-2 moved"])
w.writerow(d + ["note", "09:05:00", "09:05:00", "", "", "", "", "", "",
                "", "@T04 asked\tabout cover", "", "", ""])
w.writerow(d + ["alone", "09:10:00", "09:20:00", "", "alone", "", "", "",
                "", "", "", t, "", ""])
PY
"$ANA" --episodes --format=csv "$TMP/formula-in.csv" >"$TMP/formula.csv"
check "episodes CSV: formulas written as text inside quotes" \
    "$PYTHON3" - "$TMP/formula.csv" <<'PY'
import csv, sys
text = open(sys.argv[1], newline="").read()
for cell in ('"\'@SUM(1+1)"', '"\'-O"', '"\'=HYPERLINK(""http://x.invalid""',
             '"\'\'staff room"', '"\'+1"', '"\'@T04 asked\tabout cover"',
             '"\'@k\\;1=a\\=b;phase=-1"', '"\'=cmd|\' /C calc\'!A0"',
             '"\'+1 recoded\n-2 moved"'):
    assert cell in text, cell
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == 3 and all(r["tags"] == "'@k\\;1=a\\=b;phase=-1"
                              for r in rows), rows
ep = [r for r in rows if r["kind"] == "episode"][0]
assert ep["person"] == "'=HYPERLINK(\"http://x.invalid\",\"y\")", ep
assert (ep["where"], ep["mode"]) == ("''staff room", "'+1"), ep
for r in rows:
    assert r["school"] == "'@SUM(1+1)" and r["observer"] == "'-O", r
    if r["duration_s"]:
        float(r["duration_s"])	# numbers stay numbers
PY
# gives_rows WANT ARGS...: gives, and WANT has a header and three rows.
gives_rows() {
	[ "$(wc -l <"$1")" -ge 4 ] && gives "$@"
}
check "and it reads back to itself exactly" gives_rows "$TMP/formula.csv" \
    --episodes --format=csv "$TMP/formula.csv"
"$ANA" --episodes "$TMP/formula-in.csv" >"$TMP/formula-in.txt"
check "the text table shows the values as typed" \
    gives_rows "$TMP/formula-in.txt" --episodes "$TMP/formula.csv"
check "with no quote added" grep -qF "'staff room  +1" "$TMP/formula-in.txt"
"$ANA" --format=csv "$TMP/formula.csv" >"$TMP/formula-summary.csv"
"$ANA" --compare --by=phase --format=csv "$TMP/formula.csv" \
    >"$TMP/formula-compare.csv"
check "summary and compare CSV: formulas written as text too" \
    "$PYTHON3" - "$TMP/formula-summary.csv" "$TMP/formula-compare.csv" <<'PY'
import csv, sys
s = list(csv.DictReader(open(sys.argv[1], newline="")))
assert s and all(r["school"] == "'@SUM(1+1)" and r["observer"] == "'-O"
                 for r in s), s
c = list(csv.DictReader(open(sys.argv[2], newline="")))
assert c and all(r["value"] == "'-1" for r in c), c
PY

# Every JSON output is one document that parses; every CSV output parses
# and has exactly the contract's header.
json_parses() {
	"$ANA" --format=json "$@" >"$TMP/json" &&
	"$PYTHON3" -c 'import json, sys; json.load(open(sys.argv[1]))' \
	    "$TMP/json"
}
for t in "" --episodes --bin=15 --transitions --sample=15; do
	check "JSON ${t:-summary} parses" json_parses $t "$log" "$log"
done
header_is() {
	"$PYTHON3" - "$1" "$2" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0] == sys.argv[2].split(","), rows[0]
assert all(len(r) == len(rows[0]) for r in rows), "ragged rows"
assert len(rows) > 1, "no rows"
PY
}
S='school,head,observer,date'
G='group,episodes,seconds,share,mean_s,median_s,sd_s,max_s'
check "summary CSV header" header_is "$GOLDEN/summary.csv" \
    "$S,$G,head_initiated,brief,gap_mean_s,gap_sd_s"
check "episodes CSV header" header_is "$GOLDEN/episodes.csv" \
    "$S,kind,start,end,duration_s,group,by,person,where,mode,with,note,tags,day_comment,corrections"
check "bins CSV header" header_is "$GOLDEN/bin15.csv" \
    "$S,bin_start,group,seconds"
check "transitions CSV header" header_is "$GOLDEN/transitions.csv" \
    "$S,from,to,count,expected,probability,z,yule_q"

# The team tables: one JSON document each, the contract's CSV headers.
check "JSON --compare parses" json_parses --compare --by=school "$log" "$log"
check "JSON --compare --bin parses" \
    json_parses --compare --by=phase --bin=60 "$log" "$E"
"$ANA" --compare --by=term --format=csv "$log" "$log" >"$TMP/compare.csv"
check "compare CSV header" header_is "$TMP/compare.csv" \
    "by,value,group,days,mean_share,sd_share,min_share,max_share,heads,"\
"ci_low,ci_high,var_between,var_within,icc1,p_value,mean_diff,hedges_g"
check "the sample day twice: sd 0, min = max = mean" "$PYTHON3" - \
    "$TMP/compare.csv" "$GOLDEN/summary.csv" <<'PY'
import csv, sys
share = {r["group"]: r["share"] for r in csv.DictReader(open(sys.argv[2]))}
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == len(share), rows
for r in rows:
    assert (r["by"], r["value"], r["days"]) == ("term", "autumn", "2"), r
    assert r["mean_share"] == r["min_share"] == r["max_share"] == \
        share[r["group"]], r
    assert r["sd_share"] == "0.000000", r
PY

# --agreement: the sample day against itself (kappa 1), and against a
# second observer who came at 08:00, is 7 s late on everything and coded
# the visitors as parents.
expect_exit "agreement of a day with itself" 0 \
    "$ANA" --agreement --format=csv "$log" "$log"
check "kappa 1 on the same day" \
    grep -qx '1.000000,1.000000,0.186804,35591.000' "$TMP/out"
sed -e 's/^07:42:00 begin/08:00:00 begin/' -e '/^07:/d' \
    -e 's/start visitors/start parents/' "$DATA/sample-day.txt" |
"$PYTHON3" -c '
import sys
for l in sys.stdin:
    if l[:1].isdigit() and not l.startswith("08:00:00 begin"):
        h, m, s = map(int, l[:8].split(":")); t = h * 3600 + m * 60 + s + 7
        l = "%02d:%02d:%02d%s" % (t // 3600, t // 60 % 60, t % 60, l[8:])
    sys.stdout.write(l)' >"$TMP/obs-b.txt"
logb="$TMP/obs-b.slog"
expect_exit "second observer records" 0 \
    "$REC" --school "Meadowbank Primary" --head HT1 --observer OBS-B \
    --date 2026-11-16 --input "$TMP/obs-b.txt" "$logb"
expect_exit "agreement of two observers" 0 \
    "$ANA" --agreement --format=csv "$log" "$logb"
check "their kappa" \
    grep -qx '0.848382,0.876797,0.187413,34504.000' "$TMP/out"
check "their starts, 7 s apart, within 30 s" \
    grep -qx '30.000,66,66,60,6,6,0.833333' "$TMP/out"
check "agreement CSV: nine tables, a header each" "$PYTHON3" - "$TMP/out" <<'PY'
import sys
t = open(sys.argv[1]).read().split("\n\n")
assert [x.split("\n")[0] for x in t] == [
    "kappa,observed,expected,seconds", "a_group,b_group,seconds",
    "group,a_seconds,b_seconds,both_seconds,agreement",
    "window_s,a_starts,b_starts,matched,missed_a,missed_b,agreement",
    "variable,kappa,observed,expected,seconds", "a_group,b_group,events",
    "window_s,pairs,same_group,unmatched_a,unmatched_b,kappa,observed,"
    "expected",
    "steps,identical,identity,matched,duration_ccc,start_median_s",
    "start,end,seconds,a_group,b_group"], t
PY
expect_exit "not within 5 s" 0 \
    "$ANA" --agreement --window=5 --format=csv "$log" "$logb"
check "no start matched" grep -qx '5.000,66,66,0,66,66,0.000000' "$TMP/out"
check "JSON --agreement parses" json_parses --agreement "$log" "$logb"

# Bins of any width add up to the summary's seconds, group by group.
bins_add_up() {
	"$ANA" --format=csv --bin="$1" "$log" >"$TMP/bins.csv" &&
	"$PYTHON3" - "$TMP/bins.csv" "$GOLDEN/summary.csv" <<'PY'
import csv, sys
from decimal import Decimal
bins, summary = {}, {}
for r in csv.DictReader(open(sys.argv[1])):
    bins[r["group"]] = bins.get(r["group"], 0) + Decimal(r["seconds"])
for r in csv.DictReader(open(sys.argv[2])):
    summary[r["group"]] = Decimal(r["seconds"])
assert bins == summary, (bins, summary)
PY
}
for m in 1 7 15 60 1440; do
	check "bins of $m minutes add up to the summary" bins_add_up $m
done

# Several files in one run: one header, every day's rows, in order.
"$ANA" --format=csv "$log" "$GOLDEN/episodes.csv" "$log" >"$TMP/three.csv"
check "three days, one header" \
    test "$(grep -c '^school,' "$TMP/three.csv")" -eq 1
check "three days, all rows" test "$(wc -l <"$TMP/three.csv")" -eq 22

# The damaged-files corpus: each file's exit status and message, figures
# only where the file still has them.
REC="$REC" sh "$DATA/damaged/make.sh" "$TMP/damaged" ||
    not_ok "make.sh could not make the corpus"
tab=$(printf '\t')
grep -v '^#' "$DATA/damaged/EXPECTED" >"$TMP/expected"
while IFS=$tab read -r file code figures msg; do
	[ -n "$file" ] || continue
	expect_exit "damaged $file" "$code" \
	    "$ANA" --format=csv "$TMP/damaged/$file"
	[ -z "$msg" ] || err_has "damaged $file says what is wrong" "$msg"
	rows=$(($(wc -l <"$TMP/out") - 1))
	if [ "$figures" = yes ]; then
		check "damaged $file gives figures" test "$rows" -gt 0
	else
		check "damaged $file gives no figures" test "$rows" -eq 0
	fi
done <"$TMP/expected"

D="$TMP/damaged"
size=$(stat -c %s "$D/good.slog")
expect_exit "torn tail" 65 "$ANA" "$D/torn-tail.slog"
err_has "torn tail names the byte offset" \
    "torn tail at byte $size (6 bytes)"

# Many files in one run are read by every thread but handed on in file
# order: with no pool worker, one, or several (UV_THREADPOOL_SIZE, the
# workers beside the caller's thread), the rows and the messages are
# those of the files read one at a time, in turn.  Damaged files among
# them land in batches read by any thread.
GEN="$top_builddir/tests/bench/gen"
[ -x "$GEN" ] || (cd "$top_builddir" && make -s tests/bench/gen) ||
    not_ok "tests/bench/gen builds"
mkdir -p "$TMP/many"
"$GEN" "$TMP/many" 90 7 >/dev/null 2>&1 || not_ok "generated days"
set --
i=0
for f in "$TMP"/many/*.slog; do
	i=$((i + 1))
	set -- "$@" "$f"
	case $i in
	13) set -- "$@" "$D/corrupt-middle.slog" ;;
	40) set -- "$@" "$D/torn-tail.slog" "$D/good.csv" ;;
	77) set -- "$@" "$TMP/nonexistent" ;;
	esac
done
: >"$TMP/one-rows"
: >"$TMP/one-err"
for f in "$@"; do
	"$ANA" --format=csv "$f" 2>>"$TMP/one-err" | sed 1d >>"$TMP/one-rows"
done
for t in 0 1 3; do
	if [ $t -eq 0 ]; then		# one core: the caller's thread only
		env -u UV_THREADPOOL_SIZE taskset -c 0 "$ANA" --format=csv \
		    "$@" >"$TMP/many.csv" 2>"$TMP/many.err"
	else
		env UV_THREADPOOL_SIZE=$t "$ANA" --format=csv "$@" \
		    >"$TMP/many.csv" 2>"$TMP/many.err"
	fi
	rc=$?
	check "$# files, $t worker(s): exit 65, the first problem's" \
	    test "$rc" -eq 65
	check "$# files, $t worker(s): every row in file order" sh -c \
	    "sed 1d '$TMP/many.csv' | cmp -s - '$TMP/one-rows'"
	check "$# files, $t worker(s): every message in file order" \
	    cmp -s "$TMP/many.err" "$TMP/one-err"
done
# A count libuv reads as 1 (0, or not a number) is one worker here too.
for t in 0 x; do
	env UV_THREADPOOL_SIZE=$t "$ANA" --format=csv "$@" \
	    >"$TMP/many.csv" 2>"$TMP/many.err"
	rc=$?
	check "UV_THREADPOOL_SIZE=$t: exit 65, every row in file order" sh -c \
	    "test $rc -eq 65 && sed 1d '$TMP/many.csv' | cmp -s - '$TMP/one-rows'"
done

# Several days in one episodes CSV read back to their summaries.
"$ANA" --episodes --format=csv "$log" "$D/good.slog" "$log" >"$TMP/multi.csv"
"$ANA" --format=csv "$log" "$D/good.slog" "$log" >"$TMP/multi-want.csv"
check "a CSV of three days reads back to their summaries" sh -c \
    "'$ANA' --format=csv '$TMP/multi.csv' | cmp -s - '$TMP/multi-want.csv'"

# A good file after bad ones is still read; the first failure's code wins.
expect_exit "bad files, then a good one" 66 \
    "$ANA" --format=csv "$TMP/nonexistent" "$D/unknown-group.csv" \
    "$D/corrupt-middle.slog" "$D/good.csv"
err_has "each bad file named" "unknown-group.csv:3:"
err_has "each bad file named (2)" "corrupt-middle.slog: byte"
check "the good file's rows appear" test "$(wc -l <"$TMP/out")" -eq 8
expect_exit "a torn tail among good files" 65 \
    "$ANA" --format=json "$D/good.slog" "$D/torn-tail.slog" "$D/good.csv"
check "JSON still one document with three days" "$PYTHON3" -c \
    "import json; assert len(json.load(open('$TMP/out'))['days']) == 3"
# A bad CSV day after good ones: nothing of the file is written.
cat "$D/good.csv" >"$TMP/late.csv"
sed 1d "$D/unknown-group.csv" | sed 's/^S,H,/S,H2,/' >>"$TMP/late.csv"
expect_exit "a bad day late in a CSV" 65 "$ANA" --format=csv "$TMP/late.csv"
check "gives no rows at all" test "$(wc -l <"$TMP/out")" -eq 1

# Text from a file never reaches the terminal raw.
printf '%s\n%s\n' "$(head -1 "$D/good.csv")" \
    "$(printf 'S\033[2J,H,O,2026-11-16,alone,09:00,09:05,,alone,,,,,,')" \
    >"$TMP/esc.csv"
printf 'S\033[2J,H,O,2026-11-16,note,09:01,09:01,,,,,,,,%s\n' \
    "$(printf '"bell\007 \302\233x"')" >>"$TMP/esc.csv"
expect_exit "control characters" 0 "$ANA" --episodes "$TMP/esc.csv"
check "are shown escaped" grep -qF 'S\x1b[2J' "$TMP/out"
check "C0 and C1 alike" grep -qF 'bell\x07 \xc2\x9bx' "$TMP/out"
check "and never raw" "$PYTHON3" -c "import sys
b = open(sys.argv[1], 'rb').read()
assert not any(c < 32 and c != 10 or c == 127 for c in b)
assert b'\\xc2\\x9b' not in b" "$TMP/out"

# --scheme names the groups of an episodes CSV.
printf 'group g governors\ngroup t teachers\n' >"$TMP/gov.scheme"
printf '%s\n%s\n' "$(head -1 "$D/good.csv")" \
    'S,H,O,2026-11-16,episode,09:00,09:30,,governors,head,,,,teachers,' \
    >"$TMP/gov.csv"
expect_exit "a group of another scheme" 65 "$ANA" "$TMP/gov.csv"
err_has "is unknown to the built-in one" "unknown group 'governors'"
expect_exit "read with its scheme" 0 "$ANA" --format=csv \
    --scheme "$TMP/gov.scheme" "$TMP/gov.csv"
check "gives its groups" \
    grep -q '^S,H,O,2026-11-16,governors,1,1800.000,1.000000,' "$TMP/out"
expect_exit "missing scheme" 66 "$ANA" --scheme "$TMP/none" "$TMP/gov.csv"
printf 'group q quitters\n' >"$TMP/bad.scheme"
expect_exit "bad scheme" 65 "$ANA" --scheme "$TMP/bad.scheme" "$TMP/gov.csv"

# The command line.
expect_exit "no file" 64 "$ANA"
expect_exit "no file, with options" 64 "$ANA" --format=csv
expect_exit "two tables" 64 "$ANA" --episodes --transitions "$log"
expect_exit "two tables (bins)" 64 "$ANA" --bin=5 --episodes "$log"
expect_exit "bins twice" 64 "$ANA" --bin=5 --bin=10 "$log"
expect_exit "bins of 0" 64 "$ANA" --bin=0 "$log"
expect_exit "bins over a day" 64 "$ANA" --bin=1441 "$log"
expect_exit "bins not a number" 64 "$ANA" --bin=5m "$log"
expect_exit "bins empty" 64 "$ANA" --bin= "$log"
expect_exit "unknown format" 64 "$ANA" --format=xml "$log"
expect_exit "unknown option" 64 "$ANA" --plot "$log"
expect_exit "help" 0 "$ANA" --help
check "help shows the synopsis" grep -q '^usage: shadowlog-analyse' "$TMP/out"
expect_exit "version" 0 "$ANA" --version
check "version names the program" grep -q '^shadowlog-analyse [0-9]' "$TMP/out"
expect_exit "missing file" 66 "$ANA" "$TMP/nonexistent"
expect_exit "a directory" 74 "$ANA" "$TMP"
if [ "$(id -u)" -ne 0 ]; then
	cp "$log" "$TMP/locked.slog"
	chmod 000 "$TMP/locked.slog"
	expect_exit "an unreadable file" 74 "$ANA" "$TMP/locked.slog"
fi
if [ -w /dev/full ]; then
	expect_exit "output that cannot be written" 74 sh -c \
	    "'$ANA' '$log' >/dev/full"
fi

# An exact half millisecond (mean and median of 1.000 and 2.001 s are
# 1.5005 s) is written as printf writes the double: 1.500, not 1.501.
printf '08:00:00 begin\n08:00:00 start t\n08:00:01 end\n08:00:10 start t\n08:00:12.001 end\n08:01:04 stop\n' >"$TMP/tie.txt"
"$REC" --date 2024-03-11 --input "$TMP/tie.txt" "$TMP/tie.slog" >/dev/null 2>&1 </dev/null
check "a half millisecond is rounded as printf rounds the double" sh -c \
    '"$1" --format=csv "$2" | grep -q ",teachers,2,3.001,0.046891,1.500,1.500,0.708,2.001,"' \
    sh "$ANA" "$TMP/tie.slog"

# A brief contact logged after its group's episode ended, at that instant,
# by an episode of no length: a gap of 0, as when a listed one ended it;
# and the episodes CSV reads back to the same summary.
for end in "10:10 start r|10:10 brief p|10:10 end" "10:10 start t|10:10 brief p"; do
	printf '10:00 begin\n10:00 start p\n%s\n10:20 brief p\n10:30 stop\n' \
	    "$(echo "$end" | tr '|' '\n')" >"$TMP/zero.txt"
	rm -f "$TMP/zero.slog"
	"$REC" --date 2024-03-11 --input "$TMP/zero.txt" "$TMP/zero.slog" >/dev/null 2>&1 </dev/null
	check "brief after '$end': gaps 0 and 600 s" sh -c \
	    '"$1" --format=csv "$2" | grep -q ",pupils,1,600.000,0.333333,600.000,600.000,,600.000,0,2,300.000,424.264\$"' \
	    sh "$ANA" "$TMP/zero.slog"
	"$ANA" --episodes --format=csv "$TMP/zero.slog" >"$TMP/zero.csv"
	check "... and its episodes CSV reads back to the same summary" sh -c \
	    '"$1" --format=csv "$2" | cmp -s - "$3"' sh "$ANA" "$TMP/zero.csv" \
	    "$("$ANA" --format=csv "$TMP/zero.slog" >"$TMP/zero.sum"; echo "$TMP/zero.sum")"
done

# ---- golden files beyond the one day: the comparison, the agreement and
# the report's text (what a head reads: every text node outside <style>,
# one per line), so a refactor that changes any of them is caught.
# golden_of NAME ARGS...: like golden, with the files given in ARGS.
golden_of() {
	name=$1; shift
	"$ANA" "$@" >"$TMP/$name" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -eq 0 ] && cmp -s "$TMP/$name" "$GOLDEN/$name"; then
		ok "golden $name"
	else
		not_ok "golden $name (exit $rc): $(cat "$TMP/err")"
		diff "$GOLDEN/$name" "$TMP/$name" | head -20
	fi
}
golden_of compare.txt --compare --by=school "$log" "$rlog" "$log2"
golden_of compare.csv --compare --by=school --format=csv "$log" "$rlog" "$log2"
golden_of compare.json --compare --by=phase --format=json "$log" "$rlog" "$log2"
golden_of agreement.txt --agreement "$log" "$rlog"
golden_of agreement.csv --agreement --format=csv "$log" "$rlog"
golden_of agreement.json --agreement --window=5 --format=json "$log" "$rlog"
if "$ANA" --html="$TMP/report.html" "$rlog" >/dev/null 2>"$TMP/err"; then
	"$PYTHON3" - "$TMP/report.html" >"$TMP/report.txt" <<'PY'
import html.parser, sys
class Text(html.parser.HTMLParser):
    skip = 0
    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self.skip += 1
    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self.skip -= 1
    def handle_data(self, data):
        words = " ".join(data.split())
        if words and not self.skip:
            print(words)
p = Text(convert_charrefs=True)
p.feed(open(sys.argv[1], encoding="utf-8").read())
PY
	if cmp -s "$TMP/report.txt" "$GOLDEN/report.txt"; then
		ok "golden report.txt (the report's text)"
	else
		not_ok "golden report.txt (the report's text)"
		diff "$GOLDEN/report.txt" "$TMP/report.txt" | head -20
	fi
else
	not_ok "the reviewed day's report: $(cat "$TMP/err")"
fi
finish
