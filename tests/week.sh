#!/bin/sh
# A head's week end to end: three hand-written days of one head recorded
# from timed commands, their --week figures in text, CSV and JSON checked
# against values worked by hand; days of two heads, or --week with a table
# of a day, refused; the report of the three days opening with the week,
# and the reports of one day and of two heads without it; the workshop of
# three heads worked by hand, its key list 0600 and no name in the pack
# anonymised; the pattern over the day (worked by hand, and again by a
# second implementation in Python on days off the half hours) and who and
# where on most days, in the tables, the report and the pack; the charts
# for slides with --plot, decoded; then, where Chromium and poppler are
# installed, the week
# report printed to A4 with each day named on the first page and no word
# of that page under 7 pt, and the pack printed with no word under 7 pt.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
ANA="$top_builddir/analyser/shadowlog-analyse"
: "${CHROMIUM:=/usr/bin/chromium}"
: "${SHADOWLOG_PLOTS:=$top_srcdir/plots}"
TZ=Europe/London
export TZ SHADOWLOG_PLOTS

# Monday 2026-11-16, 4 h: teachers 1 h (begun by the head), pupils 1 h
# (by another), alone 2 h.  Tuesday, 2 h: teachers 30 min (by another),
# alone 1 h 30.  Wednesday, 2 h: teachers 1 h and SLT 30 min (both by the
# head), alone 30 min.
cat >"$TMP/mon.txt" <<'E'
08:00:00 begin
08:00:00 start teachers by=head person=T1 where=office
09:00:00 end
10:00:00 start pupils by=other person=P1 where=hall
11:00:00 end
12:00:00 stop
E
cat >"$TMP/tue.txt" <<'E'
08:00:00 begin
08:30:00 start teachers by=other person=T1 where=office
09:00:00 end
10:00:00 stop
E
cat >"$TMP/wed.txt" <<'E'
08:00:00 begin
08:00:00 start teachers by=head person=T2 where=office
09:00:00 start SLT by=head person=DH where=office
09:30:00 end
10:00:00 stop
E
day=16
for d in mon tue wed; do
	expect_exit "$d records" 0 "$REC" --observer O1 --school "Oak School" \
	    --head "Ann Head" --date 2026-11-$day --input "$TMP/$d.txt" \
	    "$TMP/$d.slog"
	day=$((day + 1))
done
expect_exit "another head's day records" 0 "$REC" --observer O1 \
    --school "Oak School" --head "Bob Head" --date 2026-11-19 \
    --input "$TMP/tue.txt" "$TMP/other.slog"
days="$TMP/mon.slog $TMP/tue.slog $TMP/wed.slog"

# The week, 8 h: teachers 2 h 30 = .3125, SLT 30 min = .0625, pupils 1 h =
# .125, alone 4 h = .5; 5 episodes in 8 h = .625 an hour; 3 of 5 begun by
# the head = .6.  Teachers the most, 31%, from 25% on Monday to 50% on
# Wednesday.
headline="Across your three days you spent 31% of your time with teachers, \
from 25% on Monday to 50% on Wednesday."
expect_exit "--week text" 0 "$ANA" --week $days
check "text: the headline, and the week's row worked by hand" \
    grep -qF -- "$headline" "$TMP/out"
check "text: the week's row" grep -qE \
    '^week +8h00m +0\.62 +60\.0% +6\.2% +31\.2% +0\.0% +12\.5% +0\.0% +0\.0% +50\.0%$' \
    "$TMP/out"
cat >"$TMP/want-regulars.csv" <<'E'
kind,name,group,days,seconds
person,T1,teachers,2,5400.000
place,office,,3,10800.000
E
expect_exit "--week CSV" 0 "$ANA" --week --format=csv $days
cat >"$TMP/want.csv" <<'E'
date,weekday,observed_seconds,episodes_per_hour,head_share,share_SLT,share_teachers,share_support staff,share_pupils,share_parents,share_visitors,share_alone
2026-11-16,Monday,14400.000,0.500000,0.500000,0.000000,0.250000,0.000000,0.250000,0.000000,0.000000,0.500000
2026-11-17,Tuesday,7200.000,0.500000,0.000000,0.000000,0.250000,0.000000,0.000000,0.000000,0.000000,0.750000
2026-11-18,Wednesday,7200.000,1.000000,1.000000,0.250000,0.500000,0.000000,0.000000,0.000000,0.000000,0.250000
week,,28800.000,0.625000,0.600000,0.062500,0.312500,0.000000,0.125000,0.000000,0.000000,0.500000
E
# The days' table as it was, then an empty line and the pattern's and the
# regulars' tables: T1 as teachers on Monday and Tuesday, 1 h + 30 min;
# the office on all three, 1 h + 30 min + 1 h + 30 min; P1, T2, DH and
# the hall on one day only.
check "CSV: the days' table, every figure as worked by hand" sh -c \
    "head -5 '$TMP/out' | cmp -s '$TMP/want.csv' -"
cp "$TMP/out" "$TMP/week.csv"
check "CSV: the persons and places seen on most days, by hand" sh -c \
    "tail -3 '$TMP/out' | cmp -s - '$TMP/want-regulars.csv'"
# The pattern's week rows by hand: 08:00 Monday and Wednesday teachers,
# Tuesday alone: 2/3; 08:30 teachers on all three; 09:00 SLT (Wednesday)
# 1/3, alone 2/3; 09:30 alone; 10:00 to 11:30 Monday's alone.
check "CSV: the week's pattern, by hand" "$PYTHON3" - "$TMP/out" <<'PY'
import csv, io, sys
parts = open(sys.argv[1]).read().split("\n\n")
assert len(parts) == 3, len(parts)
rows = list(csv.DictReader(io.StringIO(parts[1])))
week = {r["bin_start"]: r for r in rows if r["date"] == "week"}
assert sorted(week) == ["08:00", "08:30", "09:00", "09:30", "10:00",
                        "10:30", "11:00", "11:30"], sorted(week)
want = {"08:00": (3, 5400, "teachers", 2 / 3), "08:30": (3, 5400,
        "teachers", 1), "09:00": (3, 5400, "SLT", 1 / 3), "09:30": (3, 5400,
        "alone", 1), "10:00": (1, 1800, "pupils", 1), "11:30": (1, 1800,
        "alone", 1)}
for b, (days, seconds, group, share) in want.items():
    r = week[b]
    assert int(r["days"]) == days and float(r["observed_seconds"]) == seconds, r
    assert abs(float(r["share_" + group]) - share) < 1e-6, (b, r)
tue = [r for r in rows if r["date"] == "2026-11-17" and r["bin_start"] == "10:00"]
assert tue[0]["days"] == "0" and tue[0]["share_alone"] == "", tue
PY
expect_exit "--week JSON" 0 "$ANA" --week --format=json $days
check "JSON: the same figures and headline" "$PYTHON3" - "$TMP/out" \
    "$headline" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["head"] == "Ann Head" and doc["school"] == "Oak School", doc
assert doc["headline"] == sys.argv[2], doc["headline"]
assert [d["weekday"] for d in doc["days"]] == \
    ["Monday", "Tuesday", "Wednesday"], doc["days"]
w = doc["week"]
want = {"observed_seconds": 28800, "episodes_per_hour": 0.625,
        "head_share": 0.6, "share_teachers": 0.3125, "share_SLT": 0.0625,
        "share_pupils": 0.125, "share_alone": 0.5}
for k, v in want.items():
    assert abs(w[k] - v) < 1e-9, (k, w[k], v)
PY

# Two more days of Ann Head, off the half hours, one with a pause:
# Thursday 07:50 pupils, 08:05 teachers, 08:20 paused, 08:35 alone, 09:10
# stop; Friday 09:20 teachers, 09:45 alone, 10:05 stop.  The pattern of
# Monday, Thursday and Friday worked out again in Python from the
# episodes CSV, stretch by stretch cut at the half hours; and the five
# days' headline in the issue's words.
cat >"$TMP/thu.txt" <<'E'
07:50:00 begin
07:50:00 start pupils by=head person=P1 where=hall
08:05:00 start teachers by=other person=T1 where=office
08:20:00 pause
08:35:00 resume
09:10:00 stop
E
cat >"$TMP/fri.txt" <<'E'
09:20:00 begin
09:20:00 start teachers by=other person=T1 where=office
09:45:00 end
10:05:00 stop
E
day=19
for d in thu fri; do
	expect_exit "$d records" 0 "$REC" --observer O1 --school "Oak School" \
	    --head "Ann Head" --date 2026-11-$day --input "$TMP/$d.txt" \
	    "$TMP/$d.slog"
	day=$((day + 1))
done
odd="$TMP/mon.slog $TMP/thu.slog $TMP/fri.slog"
expect_exit "--week off the half hours" 0 "$ANA" --week --format=csv $odd
cp "$TMP/out" "$TMP/odd.csv"
expect_exit "their episodes" 0 "$ANA" --episodes --format=csv $odd
check "the pattern as a second implementation works it out" "$PYTHON3" - \
    "$TMP/odd.csv" "$TMP/out" <<'PY'
import csv, io, sys
from collections import defaultdict
parts = open(sys.argv[1]).read().split("\n\n")
got = list(csv.DictReader(io.StringIO(parts[1])))
groups = [k[6:] for k in got[0] if k.startswith("share_")]
def sec(t):
    h, m, s = t.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)
ms = defaultdict(float)         # (date, bin, group) -> seconds
spans = {}
for r in csv.DictReader(open(sys.argv[2])):
    if r["kind"] not in ("episode", "alone"):
        continue
    a, b = sec(r["start"]), sec(r["end"])
    lo, hi = spans.get(r["date"], (a, b))
    spans[r["date"]] = (min(lo, a), max(hi, b))
    while a < b:
        edge = min(b, (a // 1800 + 1) * 1800)
        ms[r["date"], int(a // 1800) * 1800, r["group"]] += edge - a
        a = edge
first = min(int(lo // 1800) * 1800 for lo, hi in spans.values())
last = max(int(-(-hi // 1800)) * 1800 for lo, hi in spans.values())
dates = sorted(spans)
want = []
for d in dates + ["week"]:
    for b in range(first, last, 1800):
        days = dates if d == "week" else [d]
        per = {g: sum(ms[x, b, g] for x in days) for g in groups}
        obs = sum(per.values())
        seen = sum(1 for x in days if sum(ms[x, b, g] for g in groups) > 0)
        want.append((d, "%02d:%02d" % (b // 3600, b % 3600 // 60), seen,
                     obs, {g: per[g] / obs if obs else None for g in groups}))
assert len(got) == len(want), (len(got), len(want))
for r, (d, b, seen, obs, share) in zip(got, want):
    assert (r["date"], r["bin_start"], int(r["days"])) == (d, b, seen), (r, d, b)
    assert abs(float(r["observed_seconds"]) - obs) < 1e-3, (r, obs)
    for g in groups:
        v = r["share_" + g]
        if share[g] is None:
            assert v == "", (r, g)
        else:
            assert abs(float(v) - share[g]) < 1e-6, (r, g, share[g])
# Thursday 08:00 was paused from 08:20: 20 of its 30 minutes observed.
thu = [r for r in got if r["date"] == "2026-11-19" and r["bin_start"] == "08:00"]
assert float(thu[0]["observed_seconds"]) == 1200, thu
print("%d pattern rows agree" % len(got))
PY
expect_exit "--week of five days" 0 "$ANA" --week $days "$TMP/thu.slog" \
    "$TMP/fri.slog"
check "the five days' headline in the issue's form" grep -qE \
    "^Across your five days you spent [0-9]+% of your time with teachers, from [0-9]+% on [A-Z][a-z]+day to [0-9]+% on [A-Z][a-z]+day\.$" \
    "$TMP/out"

expect_exit "--week of two heads is refused" 65 "$ANA" --week $days \
    "$TMP/other.slog"
err_has "and says why" "--week: the days are not 2 to 7 days of one head"
expect_exit "--week of one day is refused" 65 "$ANA" --week "$TMP/mon.slog"
expect_exit "--week with a day's table is a usage error" 64 \
    "$ANA" --week --episodes $days
err_has "and says so" "--week makes its own table"

# The reports: the week first for the three days, and not otherwise.
expect_exit "--html of the week" 0 "$ANA" --html="$TMP/week.html" $days
check "the report opens with the week and its headline" "$PYTHON3" - \
    "$TMP/week.html" "$headline" <<'PY'
import sys
doc = open(sys.argv[1]).read()
week = doc.find("<section class=\"week\">")
assert week != -1 and week < doc.find("<section", doc.find("</section>", week))
assert week < doc.find("Comparing 3 days"), "the week comes first"
assert sys.argv[2] in doc
for want in ("<th scope=\"row\">The week</th><td>8 h 00 min</td><td>6%</td>"
             "<td>31%</td>", "<caption>", "role=\"img\"", "<desc "):
    assert want in doc, want
# The pattern: the week's row and each day's, on one clock from 08:00 to
# 12:00; Wednesday's 09:00 all SLT, the week's a third; then who and
# where on most days.
fig = doc[doc.index('<svg', doc.index('id="weekday-t"') - 200):]
fig = fig[:fig.index("</figure>")]
for want in (">The week</text>", ">Monday</text>", ">Tuesday</text>",
             ">Wednesday</text>", ">08:00</text>", ">12:00</text>",
             "<title>Wednesday 09:00 SLT 100%</title>",
             "<title>The week 09:00 SLT 33%</title>",
             "<title>The week 08:00 teachers 67%</title>"):
    assert want in fig, want
assert "<title>Tuesday 10:00" not in fig, "Tuesday was over by 10:00"
for want in ("<th scope=\"row\">T1</th><td>teachers</td><td>2</td>"
             "<td>1 h 30 min</td>",
             "<th scope=\"row\">office</th><td>a place</td><td>3</td>"
             "<td>3 h 00 min</td>"):
    assert want in doc, want
assert "<th scope=\"row\">P1</th>" not in doc
PY
expect_exit "--html of one day" 0 "$ANA" --html="$TMP/one.html" \
    "$TMP/mon.slog"
check "one day: no week" sh -c "! grep -q 'class=\"week\"' '$TMP/one.html'"
expect_exit "--html of two heads" 0 "$ANA" --html="$TMP/two.html" \
    "$TMP/mon.slog" "$TMP/other.slog"
check "two heads: no week" sh -c "! grep -q 'class=\"week\"' '$TMP/two.html'"

# The workshop: the three days of Ann Head, Tuesday's day for Bob Head
# and a day for Cat Head, 2 h: pupils 1 h (by the head), teachers 5 min
# (by another), alone 55 min: teachers 5/120 = .041667, pupils .5, alone
# .458333; 2 episodes in 2 h, 1 an hour; 1 of 2 under 9 minutes; 1 of 2
# begun.  Teachers: Ann .3125 > Bob .25 > Cat .0417; pupils: Cat .5 > Ann
# .125 > Bob 0; episodes an hour: Cat 1 > Ann .625 > Bob .5.
cat >"$TMP/cat.txt" <<'E'
08:00:00 begin
08:00:00 start pupils by=head person=P2 where=hall
09:00:00 start teachers by=other person=T3 where=hall
09:05:00 end
10:00:00 stop
E
expect_exit "Cat Head's day records" 0 "$REC" --observer O2 \
    --school "Ash School" --head "Cat Head" --date 2026-11-18 \
    --input "$TMP/cat.txt" "$TMP/cat.slog"
heads="$days $TMP/other.slog $TMP/cat.slog"
printf 'k3y-for-the-workshop-test-0123456789abc\n' >"$TMP/key"
chmod 600 "$TMP/key"
expect_exit "--workshop with names" 0 "$ANA" --workshop="$TMP/ws.html" $heads
check "no key list without --anonymise" test ! -e "$TMP/ws.html.key.txt"
check "the heads' figures and standing, worked by hand" "$PYTHON3" - \
    "$TMP/ws.html" <<'PY'
import re, sys
doc = open(sys.argv[1]).read()
text = " ".join(re.sub(r"<[^>]*>", " ", doc).split())
for want in (
        "Ann Head 3 6% 31% 0% 13% 0% 0% 50% 0.6 0% 60%",
        "Bob Head 1 0% 25% 0% 0% 0% 0% 75% 0.5 0% 0%",
        "Cat Head 1 0% 4% 0% 50% 0% 0% 46% 1.0 50% 50%"):
    assert want in text, (want, text)
def stands(head):
    part = doc[doc.index("<h3>%s</h3>" % head):]
    return re.sub(r"<[^>]*>", " ", part[:part.index("</ul>")])
assert "more time with teachers than 2 of the 3 heads" in stands("Ann Head")
assert "more time with teachers than 1 of the 3 heads" in stands("Bob Head")
assert "more time with pupils than 2 of the 3 heads" in stands("Cat Head")
assert "more episodes an hour than 2 of the 3 heads" in stands("Cat Head")
assert "fewer episodes an hour than 2 of the 3 heads" in stands("Bob Head")
assert "less time with teachers than 2 of the 3 heads" in stands("Cat Head")
assert "less time with SLT than 1 of the 3 heads" in stands("Bob Head")
assert "than 0 of" not in doc, "a head with the least says less, not more than 0"
assert "support staff than" not in doc, "a group no head was with"
# Each head's pattern on one clock, 08:00 to 12:00: Cat's 09:00 teachers
# 5 of 30 minutes, Bob's 08:00 alone (Tuesday's), Ann's 11:30 alone.
fig = doc[doc.index('id="headday-t"'):]
fig = fig[:fig.index("</figure>")]
for want in ("<title>Cat Head 09:00 teachers 17%</title>",
             "<title>Bob Head 08:00 alone 100%</title>",
             "<title>Ann Head 11:30 alone 100%</title>", ">12:00</text>"):
    assert want in fig, want
assert "<title>Bob Head 10:00" not in fig
PY
expect_exit "--workshop anonymised" 0 "$ANA" --workshop="$TMP/wsa.html" \
    --anonymise="$TMP/key" $heads
check "the key list is 0600" test "$(stat -c %a "$TMP/wsa.html.key.txt")" = 600
check "the key list: a line per head, code and name" "$PYTHON3" - \
    "$TMP/wsa.html.key.txt" "$TMP/wsa.html" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
names = [l.split(" ", 1)[1] for l in lines]
codes = [l.split(" ", 1)[0] for l in lines]
assert names == ["Ann Head", "Bob Head", "Cat Head"], lines
assert all(re.fullmatch(r"H-[A-Z2-7]{8}", c) for c in codes), codes
doc = open(sys.argv[2]).read()
for c in codes:
    assert doc.count(c) >= 3, c
for name in ("Ann", "Bob", "Cat", "Oak", "Elm", "Ash", "School", "Head",
             "O1", "O2", "T1", "T2", "T3", "P1", "P2", "DH"):
    assert name not in doc, ("a name in the pack", name)
PY
expect_exit "--workshop of one head is refused" 65 "$ANA" \
    --workshop="$TMP/one-ws.html" $days
err_has "and says why" "--workshop: the days are of one head"
expect_exit "--workshop with --html is a usage error" 64 "$ANA" \
    --workshop="$TMP/x.html" --html="$TMP/y.html" $heads

# The charts for slides: with --plot the week's two beside the days'
# (none for days that are no week), and the workshop's two alone.
if command -v gnuplot >/dev/null 2>&1 || [ -x /usr/bin/gnuplot ]; then
	for fmt in png svg pdf; do
		expect_exit "--week --plot, $fmt" 0 "$ANA" --week \
		    --plot="$TMP/plot-$fmt" --plot-format=$fmt $days
		for c in week week-pattern; do
			check "the week's $c.$fmt is drawn" test -s \
			    "$TMP/plot-$fmt/2026-11-16-Oak_School-Ann_Head-$c.$fmt"
		done
	done
	check "every week chart's text 11 px or more at 800x450" slides_pdf \
	    "$TMP"/plot-pdf/*-week*.pdf
	check "the week's bars decoded: Monday 1:1:2, Wednesday 1:2:1" \
	    "$PYTHON3" - "$top_srcdir/tests" \
	    "$TMP/plot-png/2026-11-16-Oak_School-Ann_Head-week.png" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import png
w, h, bpp, rows = png.read(sys.argv[2])
assert (w, h) == (1600, 900), (w, h)
SLT, TEACHERS, PUPILS, ALONE = (0, 114, 178), (230, 159, 0), \
    (204, 121, 167), (187, 187, 187)
PLOT = int(w * 0.78) * bpp     # the plot, left of the key
def count(y, c):
    r = rows[y]
    return sum(1 for x in range(0, PLOT, bpp) if tuple(r[x:x + 3]) == c)
def middle(c):
    ys = [y for y in range(h) if count(y, c) > 100]
    assert ys, c
    return ys[len(ys) // 2]
mon, wed = middle(PUPILS), middle(SLT)      # only Monday has pupils
assert mon < wed, "Monday above Wednesday"
t, p, a = count(mon, TEACHERS), count(mon, PUPILS), count(mon, ALONE)
assert abs(t - p) <= 6 and abs(a - (t + p)) <= 8, (t, p, a)
s, t, a = count(wed, SLT), count(wed, TEACHERS), count(wed, ALONE)
assert abs(s - a) <= 6 and abs(t - (s + a)) <= 8, (s, t, a)
print("Monday %d %d %d px, Wednesday %d %d %d px" % (
    count(mon, TEACHERS), p, count(mon, ALONE), s, t, a))
PY
	check "the week's pattern decoded: its SLT a strip high, at 09:00" \
	    "$PYTHON3" - "$top_srcdir/tests" \
	    "$TMP/plot-png/2026-11-16-Oak_School-Ann_Head-week-pattern.png" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import png
w, h, bpp, rows = png.read(sys.argv[2])
SLT = (0, 114, 178)
xs = [x // bpp for x in range(0, int(w * 0.78) * bpp, bpp)
      if any(tuple(rows[y][x:x + 3]) == SLT for y in range(0, h, 4))]
x = xs[len(xs) // 2]
runs, y = [], 0
while y < h:
    if tuple(rows[y][x * bpp:x * bpp + 3]) == SLT:
        top = y
        while y < h and tuple(rows[y][x * bpp:x * bpp + 3]) == SLT:
            y += 1
        runs.append((top, y - top))
    y += 1
# The week's row is three strips high, its SLT a third of it: as high as
# Wednesday's strip, all SLT; one bin wide, in the third half hour.
assert len(runs) == 2, runs
assert abs(runs[0][1] - runs[1][1]) <= 3, runs
assert max(xs) - min(xs) < 1600 / 8, (min(xs), max(xs))
print("SLT at x %d-%d, runs %s" % (min(xs), max(xs), runs))
PY
	check "the week's SVG names the days and the groups" "$PYTHON3" - \
	    "$TMP/plot-svg/2026-11-16-Oak_School-Ann_Head-week-pattern.svg" <<'PY'
import sys
import xml.etree.ElementTree as ET
text = "".join(ET.parse(sys.argv[1]).getroot().itertext())
for want in ("the week", "Monday", "Tuesday", "Wednesday", "teachers",
             "alone", "08:00", "12:00", "Ann Head"):
    assert want in text, want
PY
	expect_exit "--plot of two heads' days" 0 "$ANA" \
	    --plot="$TMP/plot-two" "$TMP/mon.slog" "$TMP/other.slog"
	check "no week chart for days of two heads" sh -c \
	    "! ls '$TMP/plot-two' | grep -q week"
	for fmt in svg pdf; do
		expect_exit "--workshop --plot, $fmt, anonymised" 0 "$ANA" \
		    --workshop="$TMP/wsp-$fmt.html" --anonymise="$TMP/key" \
		    --plot="$TMP/wsplot-$fmt" --plot-format=$fmt $heads
		check "the workshop's two charts only ($fmt)" test \
		    "$(ls "$TMP/wsplot-$fmt" | tr '\n' ' ')" = \
		    "workshop-heads.$fmt workshop-pattern.$fmt "
	done
	check "the workshop's charts 11 px or more at 800x450" slides_pdf \
	    "$TMP"/wsplot-pdf/*.pdf
	check "the workshop's charts: the codes, no name" "$PYTHON3" - \
	    "$TMP/wsp-svg.html.key.txt" "$TMP"/wsplot-svg/*.svg <<'PY'
import sys
import xml.etree.ElementTree as ET
codes = [l.split(" ", 1)[0] for l in open(sys.argv[1]).read().splitlines()]
for path in sys.argv[2:]:
    text = "".join(ET.parse(path).getroot().itertext())
    for c in codes:
        assert c in text, (path, c)
    for name in ("Ann", "Bob", "Cat", "Oak", "Ash", "School", "Head"):
        assert name not in text, (path, name)
PY
else
	echo "SKIP: gnuplot is not installed: the charts not drawn"
fi

if [ ! -x "$CHROMIUM" ] || ! command -v pdftotext >/dev/null; then
	echo "SKIP: no $CHROMIUM or pdftotext: the week not printed"
	finish
	exit $?
fi
# print NAME: $TMP/NAME.html printed to $TMP/NAME.pdf.
print() {
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --disable-component-update \
	    --disable-sync --no-first-run --no-pdf-header-footer \
	    --user-data-dir="$(mktemp -d "$TMP/chrome.XXXXXX")" \
	    --print-to-pdf="$TMP/$1.pdf" "file://$TMP/$1.html" \
	    >"$TMP/chrome.out" 2>&1
}
# A word's box in Liberation Sans is 1.117 of its size high (ascent .905,
# descent .212): the words of a -bbox page under 7 pt, none wanted.
no_small_words() {
	"$PYTHON3" - "$1" <<'PY'
import re, sys
words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<',
                   open(sys.argv[1]).read())
assert len(words) > 50, len(words)
small = [(w, (float(b) - float(a)) / 1.117) for a, b, w in words
         if (float(b) - float(a)) / 1.117 < 6.95]
assert not small, small[:10]
PY
}
if print week; then
	pdftotext -f 1 -l 1 "$TMP/week.pdf" "$TMP/page1.txt"
	for d in Monday Tuesday Wednesday; do
		check "the first page names $d" grep -q "$d" "$TMP/page1.txt"
	done
	pdftotext -f 1 -l 1 -bbox "$TMP/week.pdf" "$TMP/page1.html"
	check "no word of the first page under 7 pt" \
	    no_small_words "$TMP/page1.html"
else
	not_ok "Chromium could not print the week: $(tail -3 "$TMP/chrome.out")"
fi
if print wsa; then
	check "the workshop pack is on A4" "$PYTHON3" - "$TMP/wsa.pdf" <<'PY'
import re, sys
pdf = open(sys.argv[1], "rb").read()
boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)
assert boxes and all(abs(float(w) - 595) < 2 and abs(float(h) - 842) < 2
                     for w, h in boxes), boxes
PY
	pdftotext -bbox "$TMP/wsa.pdf" "$TMP/wsa-words.html"
	check "the workshop pack: no word under 7 pt" \
	    no_small_words "$TMP/wsa-words.html"
	# The sections are 182 mm wide, centred on A4 (595 pt): a word past
	# either edge was cut off by the page (the heads' table once was).
	check "the workshop pack: every word inside the 182 mm" "$PYTHON3" - \
	    "$TMP/wsa-words.html" <<'PY'
import re, sys
words = re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<',
                   open(sys.argv[1]).read())
left = (595.28 - 182 / 25.4 * 72) / 2
out = [(w, a, b) for a, b, w in words
       if float(a) < left - 0.5 or float(b) > 595.28 - left + 0.5]
assert not out, out[:10]
PY
else
	not_ok "Chromium could not print the pack: $(tail -3 "$TMP/chrome.out")"
fi
finish
