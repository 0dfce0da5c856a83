#!/bin/sh
# A head's week end to end: three hand-written days of one head recorded
# from timed commands, their --week figures in text, CSV and JSON checked
# against values worked by hand; days of two heads, or --week with a table
# of a day, refused; the report of the three days opening with the week,
# and the reports of one day and of two heads without it; the workshop of
# three heads worked by hand, its key list 0600 and no name in the pack
# anonymised; then, where Chromium and poppler are installed, the week
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
expect_exit "--week CSV" 0 "$ANA" --week --format=csv $days
cat >"$TMP/want.csv" <<'E'
date,weekday,observed_seconds,episodes_per_hour,head_share,share_SLT,share_teachers,share_support staff,share_pupils,share_parents,share_visitors,share_alone
2026-11-16,Monday,14400.000,0.500000,0.500000,0.000000,0.250000,0.000000,0.250000,0.000000,0.000000,0.500000
2026-11-17,Tuesday,7200.000,0.500000,0.000000,0.000000,0.250000,0.000000,0.000000,0.000000,0.000000,0.750000
2026-11-18,Wednesday,7200.000,1.000000,1.000000,0.250000,0.500000,0.000000,0.000000,0.000000,0.000000,0.250000
week,,28800.000,0.625000,0.600000,0.062500,0.312500,0.000000,0.125000,0.000000,0.000000,0.500000
E
check "CSV: every figure as worked by hand" cmp -s "$TMP/want.csv" "$TMP/out"
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
assert "more episodes an hour than 0 of the 3 heads" in stands("Bob Head")
assert "support staff than" not in doc, "a group no head was with"
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
else
	not_ok "Chromium could not print the pack: $(tail -3 "$TMP/chrome.out")"
fi
finish
