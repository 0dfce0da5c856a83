#!/bin/sh
# The training view of --agreement end to end: the chart (--plot, each
# format checked by its magic, SVG parsed as XML) with the seconds marked
# that the figures count as coded differently (read from the data file
# gnuplot is given, through a gnuplot wrapper that keeps it), and the
# report (--html): 0600, self-contained, captions and a text alternative,
# its list of disagreements the JSON's, printed on A4 with no word under
# 7 pt where Chromium and pdftotext are installed.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
ANA="$top_builddir/analyser/shadowlog-analyse"
: "${CHROMIUM:=/usr/bin/chromium}"
: "${SHADOWLOG_PLOTS:=$top_srcdir/plots}"
TZ=Europe/London
export TZ SHADOWLOG_PLOTS

if ! command -v gnuplot >/dev/null; then
	echo "SKIP: no gnuplot"
	exit 77
fi

# rec FILE OBSERVER COMMANDS: a day at Hillside, head H1, from timed
# commands separated by '|'.
rec() {
	printf '%s\n' "$3" | tr '|' '\n' | "$REC" --school Hillside --head H1 \
	    --observer "$2" --date 2026-11-16 "$TMP/$1" || not_ok "recording $1"
}
# A: teachers 09:00-09:20, pupils to 09:40, alone to 10:00.  B: teachers to
# 09:10, SLT to 09:20, parents to 09:45, alone to 10:00, paused 09:50-09:52
# (those seconds are not compared).  They differ 09:10-09:20 (teachers,
# SLT), 09:20-09:40 (pupils, parents) and 09:40-09:45 (alone, parents).
rec a.slog OA '09:00 begin|09:00 start teachers|09:20 start pupils|09:40 end|10:00 stop'
rec b.slog OB '09:00 begin|09:00 start teachers|09:10 start SLT|09:20 start parents|09:45 end|09:50 pause|09:52 resume|10:00 stop'
rec same.slog OB '09:00 begin|09:00 start teachers|09:20 start pupils|09:40 end|10:00 stop'

# gnuplot run through a wrapper that keeps the data files it was given:
# gnuplot is fed its commands on standard input, and before each set's
# script is loaded (in the set's directory) it is told to copy them.
mkdir "$TMP/kept"
cat >"$TMP/gnuplot" <<EOF
#!/bin/sh
while IFS= read -r line; do
	case "\$line" in
	load*) echo "system 'cp ./*.dat $TMP/kept/ 2>/dev/null'" ;;
	esac
	printf '%s\n' "\$line"
done | exec $(command -v gnuplot) "\$@"
EOF
chmod +x "$TMP/gnuplot"
SHADOWLOG_GNUPLOT="$TMP/gnuplot"
export SHADOWLOG_GNUPLOT

expect_exit "the figures as JSON" 0 "$ANA" --agreement --format=json \
    "$TMP/a.slog" "$TMP/b.slog"
cp "$TMP/out" "$TMP/ab.json"
expect_exit "the figures as text" 0 "$ANA" --agreement \
    "$TMP/a.slog" "$TMP/b.slog"
cp "$TMP/out" "$TMP/ab.txt"

# ---- the chart ----
# magic FILE FORMAT: the file is a whole PNG, PDF or SVG (parsed as XML).
magic() {
	"$PYTHON3" - "$1" "$2" <<'PY'
import sys, xml.etree.ElementTree as ET
path, fmt = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
if fmt == "png":
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[-8:-4] == b"IEND", "PNG"
elif fmt == "pdf":
    assert data[:5] == b"%PDF-" and b"%%EOF" in data[-32:], "PDF"
else:
    root = ET.fromstring(data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
PY
}
for fmt in png svg pdf; do
	rm -f "$TMP/kept/"*
	expect_exit "--plot-format=$fmt" 0 "$ANA" --agreement \
	    --plot="$TMP/$fmt" --plot-format=$fmt "$TMP/a.slog" "$TMP/b.slog"
	check "--plot-format=$fmt: the table is the same bytes" \
	    cmp -s "$TMP/out" "$TMP/ab.txt"
	chart="$TMP/$fmt/2026-11-16-Hillside-H1-agreement.$fmt"
	check "--plot-format=$fmt: one chart file, agreement.$fmt" \
	    test "$(ls "$TMP/$fmt")" = "$(basename "$chart")"
	check "--plot-format=$fmt: a whole $fmt" magic "$chart" $fmt
	check "--plot-format=$fmt: mode 0600" \
	    test "$(stat -c %a "$chart")" = 600
done

# marked FILE JSON: the stretches marked in FILE (gnuplot's differ.dat)
# are the seconds the confusion table counts as coded differently, apart,
# and hold each of the largest disagreements.
marked() {
	"$PYTHON3" - "$1" "$2" <<'PY'
import json, sys
spans = [tuple(int(x) for x in l.split()) for l in open(sys.argv[1])]
d = json.load(open(sys.argv[2]))
differ = sum(c["seconds"] for c in d["confusion"]
             if c["a_group"] != c["b_group"])
marked = sum(e - s for s, e in spans)
assert marked == differ, (marked, differ)
spans.sort()
assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), spans
def secs(t):
    h, m, s = t.split(":")
    return int(h) * 3600 + int(m) * 60 + int(s)
for g in d["disagreements"]:
    assert (secs(g["start"]), secs(g["end"])) in spans, (g, spans)
print("%d seconds marked in %d stretches" % (marked, len(spans)))
PY
}
check "the marked seconds are the seconds coded differently" \
    marked "$TMP/kept/differ.dat" "$TMP/ab.json"
check "by hand: 09:10-09:20, 09:20-09:40, 09:40-09:45 marked" \
    test "$(sort -n "$TMP/kept/differ.dat" | tr '\n' ' ')" = \
    "33000 33600 33600 34800 34800 35100 "
check "the SVG chart marks them in red" \
    grep -q "rgb(208,   2,  27)\|#d0021b\|#D0021B" \
    "$TMP/svg/2026-11-16-Hillside-H1-agreement.svg"

rm -f "$TMP/kept/"*
expect_exit "identical codings: the chart is drawn" 0 "$ANA" --agreement \
    --plot="$TMP/same" "$TMP/a.slog" "$TMP/same.slog"
check "identical codings: nothing marked" test -f "$TMP/kept/differ.dat" -a \
    ! -s "$TMP/kept/differ.dat"

# ---- the report ----
expect_exit "--html" 0 "$ANA" --agreement --html="$TMP/r.html" \
    "$TMP/a.slog" "$TMP/b.slog"
check "--html: the table on standard output is the same bytes" \
    cmp -s "$TMP/out" "$TMP/ab.txt"
check "--html: mode 0600" test "$(stat -c %a "$TMP/r.html")" = 600
# report HTML JSON: self-contained, every table captioned, the chart with
# a title and a one-line description, and the disagreements the JSON's.
report() {
	"$PYTHON3" - "$1" "$2" <<'PY'
import json, re, sys
from html.parser import HTMLParser
doc = open(sys.argv[1], encoding="utf-8").read()
d = json.load(open(sys.argv[2]))
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.tables, self.captions, self.words = [], 0, 0, []
        self.svg_label, self.in_words, self.bad = None, False, []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "iframe", "object", "embed", "link", "img"):
            self.bad.append(tag)
        for k, v in attrs:
            if k.startswith("on") or (v and re.search(r"https?:|javascript:",
                                                      v) and k != "xmlns"
                                      and not k.startswith("xmlns")):
                self.bad.append((tag, k, v))
        if tag == "table":
            self.tables += 1
        if tag == "caption":
            self.captions += 1
        if tag == "svg" and self.svg_label is None:
            self.svg_label = (a.get("role"), a.get("aria-label"))
        if tag == "td" and a.get("class") == "words":
            self.in_words = True
            self.words.append("")
    def handle_endtag(self, tag):
        if tag == "td":
            self.in_words = False
    def handle_data(self, data):
        if self.in_words:
            self.words[-1] += data
p = P()
p.feed(doc)
assert not p.bad, p.bad
assert p.tables == 3 and p.captions == 3, (p.tables, p.captions)
role, label = p.svg_label
assert role == "img" and label.startswith("The two codings") and \
    "red band" in label, p.svg_label
assert "<figcaption>" in doc
want = [g["words"] for g in d["disagreements"]]
assert p.words == want, (p.words, want)
kappa = [v for v in d["variables"] if v["variable"] == "group"][0]["kappa"]
band = ("poor" if kappa < 0 else "slight" if kappa <= 0.2 else "fair"
        if kappa <= 0.4 else "moderate" if kappa <= 0.6 else "substantial"
        if kappa <= 0.8 else "almost perfect")
assert "is %.2f: %s agreement" % (kappa, band) in doc, kappa
print("%d disagreements, as the JSON's" % len(want))
PY
}
check "--html: self-contained, captioned, the JSON's disagreements" \
    report "$TMP/r.html" "$TMP/ab.json"
check "--html: the largest disagreement in plain words" grep -q \
    "09:20:00–09:40:00: A coded pupils, B coded parents" "$TMP/r.html"

expect_exit "--html and --plot together" 0 "$ANA" --agreement \
    --html="$TMP/both.html" --plot="$TMP/both" --plot-format=svg \
    "$TMP/a.slog" "$TMP/b.slog"
check "--html and --plot: the report's chart is the chart file's" \
    grep -q 'aria-label="The two codings' "$TMP/both.html"
check "--html and --plot: one chart file" test "$(ls "$TMP/both" | wc -l)" = 1

expect_exit "identical codings: --html" 0 "$ANA" --agreement \
    --html="$TMP/same.html" "$TMP/a.slog" "$TMP/same.slog"
check "identical codings: no disagreement listed" \
    grep -q "None: every second compared was coded alike" "$TMP/same.html"

# Text from a log is escaped: a school and observers named as markup.
hostile() {
	printf '%s\n' "$3" | tr '|' '\n' | "$REC" \
	    --school '<script>alert(1)</script> "Q" & </style>' \
	    --head '<b>H</b>' --observer "$2" --date 2026-11-16 "$TMP/$1" ||
	    not_ok "recording $1"
}
hostile ha.slog '<img src=x onerror=alert(1)>' \
    '09:00 begin|09:00 start teachers|09:20 start pupils|09:40 end|10:00 stop'
hostile hb.slog 'O&B' \
    '09:00 begin|09:00 start teachers|09:30 start SLT|09:40 end|10:00 stop'
expect_exit "hostile names: the figures as JSON" 0 "$ANA" --agreement \
    --format=json "$TMP/ha.slog" "$TMP/hb.slog"
cp "$TMP/out" "$TMP/hostile.json"
expect_exit "hostile names: --html" 0 "$ANA" --agreement \
    --html="$TMP/hostile.html" "$TMP/ha.slog" "$TMP/hb.slog"
check "hostile names: no markup from the log, the JSON's disagreements" \
    report "$TMP/hostile.html" "$TMP/hostile.json"
check "hostile names: shown escaped" grep -qF \
    '&lt;script&gt;alert(1)&lt;/script&gt; &quot;Q&quot; &amp; &lt;/style&gt;' \
    "$TMP/hostile.html"

# No gnuplot: the report says so in the chart's place, and the exit says so.
expect_exit "no gnuplot: --html still written, exit 69" 69 \
    env PATH=/nonexistent SHADOWLOG_GNUPLOT=/nonexistent/gnuplot "$ANA" \
    --agreement --html="$TMP/nognuplot.html" "$TMP/a.slog" "$TMP/b.slog"
check "no gnuplot: says so once" \
    test "$(grep -c "gnuplot is not installed" "$TMP/err")" = 1
check "no gnuplot: a note in the chart's place" grep -q \
    "Chart missing: gnuplot is not installed" "$TMP/nognuplot.html"
expect_exit "no gnuplot: --plot fails, exit 69" 69 \
    env PATH=/nonexistent SHADOWLOG_GNUPLOT=/nonexistent/gnuplot "$ANA" \
    --agreement --plot="$TMP/nognu" "$TMP/a.slog" "$TMP/b.slog"
check "no gnuplot: the report still lists the 3 disagreements" \
    test "$(grep -c 'class="words"' "$TMP/nognuplot.html")" = 3
expect_exit "no directory for the report: exit 73" 73 "$ANA" --agreement \
    --html="$TMP/no/such/dir/r.html" "$TMP/a.slog" "$TMP/b.slog"
check "no directory for the report: nothing left" test ! -e "$TMP/no"

# ---- usage ----
printf '%s,%s\n' "$TMP/a.slog" "$TMP/b.slog" >"$TMP/pairs.csv"
expect_exit "--pairs with --plot: usage" 64 "$ANA" --agreement \
    --pairs="$TMP/pairs.csv" --plot="$TMP/p"
err_has "--pairs with --plot: says why" "draws no chart"
expect_exit "--pairs with --html: usage" 64 "$ANA" --agreement \
    --pairs="$TMP/pairs.csv" --html="$TMP/p.html"
expect_exit "--agreement with --episodes: still usage" 64 "$ANA" \
    --agreement --episodes "$TMP/a.slog" "$TMP/b.slog"

# ---- printed ----
if [ ! -x "$CHROMIUM" ] || ! command -v pdftotext >/dev/null; then
	echo "SKIP: no $CHROMIUM or pdftotext: the report not printed"
	finish
	exit $?
fi
# printed PDF: A4, and no word under 7 pt (a word's box is as tall as its
# font's ascent and descent: the scale is read off the 16 pt heading).
printed() {
	"$PYTHON3" - "$1" <<'PY'
import re, subprocess, sys
pdf = open(sys.argv[1], "rb").read()
boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)
assert boxes and all(abs(float(w) - 595) < 2 and abs(float(h) - 842) < 2
                     for w, h in boxes), ("not A4", boxes[:2])
out = subprocess.run(["pdftotext", "-bbox", sys.argv[1], "-"],
                     capture_output=True, check=True, text=True).stdout
words = [(float(y1) - float(y0), w) for y0, y1, w in re.findall(
    r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">'
    r'(.*?)</word>', out)]
heading = [h for h, w in words if w == "alike?"]
assert heading, "no heading"
scale = heading[0] / 16.0
small = min(words)
print("%d words; the smallest %.1f pt (%s)" % (len(words), small[0] / scale,
                                               small[1]))
assert small[0] / scale >= 7.0 - 0.05, small
text = subprocess.run(["pdftotext", sys.argv[1], "-"], capture_output=True,
                      check=True, text=True).stdout
assert "A coded pupils, B coded parents" in text
PY
}
if timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --no-pdf-header-footer \
    --user-data-dir="$(mktemp -d "$TMP/chrome.XXXXXX")" \
    --print-to-pdf="$TMP/r.pdf" "file://$TMP/r.html" >"$TMP/chrome.out" 2>&1
then
	check "printed: A4, every word 7 pt or more" printed "$TMP/r.pdf"
else
	not_ok "Chromium could not print the report: $(tail -3 "$TMP/chrome.out")"
fi

finish
