#!/bin/sh
# The feedback report end to end: --html for the sample day, for three days
# (the comparison first) and for a day full of hostile text; each file
# parsed as HTML (tags closed in order, one <html>, the expected figures),
# with no script and nothing fetched; then, where Debian's chromium is
# installed, rendered headless to a PNG that is not blank and printed to a
# PDF whose days each start an A4 page.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
ANA="$top_builddir/analyser/shadowlog-analyse"
: "${CHROMIUM:=/usr/bin/chromium}"
: "${SHADOWLOG_PLOTS:=$top_srcdir/plots}"
TZ=Europe/London
export TZ SHADOWLOG_PLOTS

if ! "$ANA" --help 2>&1 | grep -q -- '--html'; then
	echo "SKIP: shadowlog-analyse has no --html yet"
	exit 77
fi

# The sample day, and three days: the sample day again the next day, and
# a morning at another school with another head.
record() {
	"$REC" --observer OBS-A --tag phase=primary --tag term=autumn \
	    --input "$@"
}
log="$TMP/sample.slog"
expect_exit "sample day records" 0 record "$DATA/sample-day.txt" \
    --school "Meadowbank Primary" --head HT1 --date 2026-11-16 "$log"
expect_exit "second day records" 0 record "$DATA/sample-day.txt" \
    --school "Meadowbank Primary" --head HT1 --date 2026-11-17 \
    "$TMP/day2.slog"
awk '$1 < "11:00:00" { print } END { print "11:00:00 stop" }' \
    "$DATA/sample-day.txt" >"$TMP/morning.txt"
expect_exit "a morning records" 0 record "$TMP/morning.txt" \
    --school "Hillside Primary" --head HT2 --date 2026-11-18 \
    "$TMP/day3.slog"

# A day whose every text is hostile, as an episodes CSV.
"$ANA" --episodes --format=csv "$log" >"$TMP/episodes.csv"
"$PYTHON3" - "$TMP/episodes.csv" "$TMP/hostile.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
out = csv.writer(open(sys.argv[2], "w", newline=""))
out.writerow(rows[0])
for r in rows[1:]:
    r[0] = "<script>alert(1)</script> \"Q\" 'S' </style>"
    r[1] = "HT&1 <b>"
    r[2] = "O\x1b[2Jbs"
    if r[4] == "note":
        r[14] = "</style><SCRIPT src=http://x.invalid/a.js></script>" \
            "\x1b]0;t\x07 \u00c9lodie \u2603"
    if r[4] == "episode" and r[10]:
        r[10] = "<img src=x onerror=alert(1)>"
    out.writerow(r)
PY

html() {
	name=$1; shift
	"$ANA" --html="$TMP/$name.html" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -eq 0 ] && [ -s "$TMP/$name.html" ]; then
		ok "--html $name"
	else
		not_ok "--html $name (exit $rc): $(cat "$TMP/err")"
	fi
}
html sample "$log"
html three "$log" "$TMP/day2.slog" "$TMP/day3.slog"
html hostile "$TMP/hostile.csv"

# A reviewed day's report is the same from its episodes CSV as from its
# log: the comment on the day and the corrections ride in the CSV's
# day_comment and corrections columns, the comments on episodes in note.
cp "$log" "$TMP/reviewed.slog"
expect_exit "the sample day reviewed" 0 \
    "$REC" --input "$DATA/review.txt" "$TMP/reviewed.slog"
html reviewed "$TMP/reviewed.slog"
"$ANA" --episodes --format=csv "$TMP/reviewed.slog" >"$TMP/reviewed.csv"
check "the CSV holds them in columns, its rows of the contract's kinds" \
    "$PYTHON3" - "$TMP/reviewed.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) > 100, len(rows)
assert {r["kind"] for r in rows} <= {"episode", "alone", "pause", "brief",
                                     "note"}, {r["kind"] for r in rows}
assert rows[0]["day_comment"].startswith("A typical Monday"), rows[0]
assert len(rows[0]["corrections"].split("\n")) == 4, rows[0]
PY
html reviewed-csv "$TMP/reviewed.csv"
check "the reviewed day's report from the CSV is the log's, byte for byte" \
    cmp -s "$TMP/reviewed.html" "$TMP/reviewed-csv.html"
check "and it holds the corrections and the comments" "$PYTHON3" - \
    "$TMP/reviewed-csv.html" <<'PY'
import sys
html = open(sys.argv[1]).read()
for want in ("A typical Monday; the governors&#39; visit ran long.",
             "09:10:36 episode recoded from visitors to SLT",
             "the parent had been waiting since the bell"):
    assert want in html, want
PY

check "the report is 0600" test "$(stat -c %a "$TMP/sample.html")" = 600
check "no temporary file left" test "$(ls "$TMP" | grep -c 'tmp')" -eq 0

# parses NAME ARGS...: the report parses as HTML with every tag closed in
# order and one <html>, has no script, no attribute with a URL (but the SVG
# namespaces) and contains each ARG as text.
parses() {
	"$PYTHON3" - "$TMP/$1.html" "$@" <<'PY'
import re, sys
from html.parser import HTMLParser

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col"}

class Check(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.count, self.text = [], {}, []
    def handle_starttag(self, tag, attrs):
        self.count[tag] = self.count.get(tag, 0) + 1
        for k, v in attrs:
            assert not k.startswith("on"), ("event handler", tag, k)
            v = (v or "").lower()
            assert k.startswith("xmlns") or \
                not re.search(r"https?:|//|javascript:", v), \
                ("a URL", tag, k, v)
            assert "url(" not in v.replace("url(#", ""), ("a URL", tag, k, v)
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        self.count[tag] = self.count.get(tag, 0) + 1
    def handle_endtag(self, tag):
        assert self.stack, ("stray end tag", tag, self.getpos())
        top = self.stack.pop()
        assert top == tag, ("</%s> closes <%s>" % (tag, top), self.getpos())
    def handle_data(self, data):
        self.text.append(data)

raw = open(sys.argv[1], "rb").read()
doc = raw.decode("utf-8")            # UTF-8, or this raises
assert doc.startswith("<!DOCTYPE html>"), doc[:40]
assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]", doc), \
    "a control character"
p = Check()
p.feed(doc)
p.close()
assert not p.stack, ("unclosed", p.stack)
assert p.count.get("html") == 1, p.count.get("html")
assert p.count.get("title") >= 1 and p.count.get("body") == 1
for bad in ("script", "iframe", "object", "embed", "link", "img",
            "foreignobject", "image", "a", "b"):
    assert bad not in p.count, ("element", bad)
text = " ".join(" ".join(p.text).split())
for want in sys.argv[3:]:
    assert want in text, ("missing", want)
PY
}
check "sample report parses, with its figures" parses sample \
    "Meadowbank Primary · HT1 · Monday 16 November 2026" \
    "You spent 25% of your observed day with pupils; half of your \
interactions lasted under 5 minutes; you began 50% of them." \
    "You were observed for 9 hours 53 minutes, from 07:42 to 17:58, \
with 23 minutes paused." \
    "teachers 18 1 h 57 min 19.7%" \
    "07:48 arrives, checks e-mail and the day's cover list" \
    "How to read this."
# no_url NAME: "http" nowhere but in the SVG namespaces.
no_url() {
	"$PYTHON3" - "$TMP/$1.html" <<'PY'
import re, sys
doc = open(sys.argv[1], encoding="utf-8").read()
for m in re.finditer(r"https?:|//", doc):
    before = doc[max(0, m.start() - 13):m.start()]
    assert re.search(r'xmlns(:xlink)?="$', before) and \
        doc.startswith("http://www.w3.org/", m.start()) or \
        doc[m.start() - 5:m.start()] == "http:", \
        ("a URL", doc[m.start() - 20:m.start() + 40])
PY
}
check "sample report fetches nothing" no_url sample
check "three days fetch nothing" no_url three
check "sample report's title" grep -q \
    '<title>Shadowing report: Meadowbank Primary · HT1 · 2026-11-16</title>' \
    "$TMP/sample.html"
check "sample report has six charts inline" \
    test "$(grep -o '<svg' "$TMP/sample.html" | wc -l)" -eq 6
check "three days parse, comparison first" parses three \
    "Comparing 3 days by school" "Meadowbank Primary 2 " \
    "Hillside Primary 1 " \
    "Meadowbank Primary · HT1 · Tuesday 17 November 2026" \
    "Hillside Primary · HT2 · Wednesday 18 November 2026"
count() { grep -o "$1" "$2" | wc -l; }
check "three days: 19 charts" test "$(count '<svg' "$TMP/three.html")" -eq 19
check "three days: three sections" \
    test "$(count '<section class="day"' "$TMP/three.html")" -eq 3
# A text alternative for every chart: role="img", named by its heading
# and described by its caption, which says what kind of chart it is; a
# caption for every table; one column on a phone.
alternatives() {
	"$PYTHON3" - "$TMP/$1.html" <<'PY'
import re, sys
doc = open(sys.argv[1], encoding="utf-8").read()
def text_of(i):
    m = re.search(r'<(\w+)[^>]* id="%s"[^>]*>(.*?)</\1>' % re.escape(i),
                  doc, re.S)
    assert m, ("no element", i)
    return " ".join(re.sub(r"<[^>]*>", "", m.group(2)).split())
svgs = re.findall(r"<svg\b[^>]*>", doc)
assert svgs, "no chart"
kinds = ("Timeline:", "Bar chart:", "Stacked bar chart:", "Dot plot:",
         "Heat map:")
for tag in svgs:
    assert 'role="img"' in tag, tag
    t = re.search(r'aria-labelledby="([^"]+)"', tag)
    d = re.search(r'aria-describedby="([^"]+)"', tag)
    assert t and d, ("no title or description", tag[:120])
    assert len(text_of(t.group(1))) >= 5, t.group(1)
    assert text_of(d.group(1)).startswith(kinds), text_of(d.group(1))[:40]
tables = re.findall(r"<table>\s*(<caption>.*?</caption>)?", doc, re.S)
assert tables and all(len(c) > 20 for c in tables), tables
assert "@media screen and (max-width:600px){" in doc and \
    ".charts{display:block}" in doc, "no phone layout"
print(len(svgs), "charts and", len(tables), "tables with their text")
PY
}
check "sample: every chart a title and description, every table a caption" \
    alternatives sample
check "three days: the same, the comparison too" alternatives three
check "hostile text parses" parses hostile \
    "<script>alert(1)</script> \"Q\" 'S' </style> · HT&1 <b>" \
    "Observed by O�[2Jbs" \
    "</style><SCRIPT src=http://x.invalid/a.js></script>�]0;t� Élodie ☃"
check "hostile text escaped" grep -qF \
    '&lt;script&gt;alert(1)&lt;/script&gt; &quot;Q&quot; &#39;S&#39;' \
    "$TMP/hostile.html"

# A report that cannot be written leaves nothing behind.
# fails NAME FILE: --html=FILE fails and says so naming FILE.
fails() {
	"$ANA" --html="$2" "$log" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -ne 0 ] && grep -qF -- "$2" "$TMP/err"; then
		ok "$1 (exit $rc)"
	else
		not_ok "$1: exit $rc, stderr: $(cat "$TMP/err")"
	fi
}
mkdir "$TMP/taken.html"
fails "a report over a directory fails" "$TMP/taken.html"
check "and leaves no temporary file" \
    test "$(ls "$TMP" | grep -c 'taken.html.tmp')" -eq 0
fails "a report in no directory fails" "$TMP/no/such/r.html"

# In a real browser: a screenshot that is not blank, and a PDF of one or
# PDF whose days each start a new A4 page.
if [ ! -x "$CHROMIUM" ]; then
	echo "SKIP: no $CHROMIUM (apt-get install chromium): not rendered"
	finish
	exit $?
fi
chrome() {
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --disable-component-update \
	    --disable-sync --no-first-run --no-pdf-header-footer \
	    --user-data-dir="$(mktemp -d "$TMP/chrome.XXXXXX")" "$@" \
	    >"$TMP/chrome.out" 2>&1
}
not_blank() {
	"$PYTHON3" - "$1" "$top_srcdir/tests" <<'PY'
import sys
sys.path.insert(0, sys.argv[2])
import png
w, h, bpp, rows = png.read(sys.argv[1])
stride = w * bpp
ink = sum(1 for r in rows for x in range(0, stride, bpp)
          if min(r[x:x + 3]) < 200)
share = ink / (w * h)
print("ink %.1f%% of %dx%d" % (share * 100, w, h))
assert share > 0.02, "blank"
PY
}
# The layout a reader needs, not a page count a long note may rightly
# change: A4 pages; each day's heading at the top of a new page, in the
# order given; an ordinary day on two pages; every word in the font the
# report names and the set-up installs (Liberation Sans, Arial's metrics).
layout() {	# layout PDF HTML ORDINARY: ORDINARY=1 if each day is ordinary
	"$PYTHON3" - "$1" "$2" "$3" <<'PY'
import html, re, subprocess, sys
pdf_path, html_path, ordinary = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
pdf = open(pdf_path, "rb").read()
assert pdf.startswith(b"%PDF-"), "not a PDF"
boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)
assert boxes and all(abs(float(w) - 595) < 2 and abs(float(h) - 842) < 2
                     for w, h in boxes), ("not A4", boxes[:2])
doc = open(html_path, encoding="utf-8").read()
days = [m.group(1) for m in re.finditer(
    r'<section class="day"[^>]*>.*?<h1>(.*?)</h1>', doc, re.S)]
assert days, "no day in the report"
text = subprocess.run(["pdftotext", "-layout", pdf_path, "-"],
                      capture_output=True, check=True, text=True).stdout
pages = text.split("\f")
if pages and not pages[-1].strip():
    pages.pop()
def words(s):
    return re.sub(r"\s+", " ", s).strip()
tops = [words(" ".join(l for l in p.splitlines() if l.strip())[:400])
        for p in pages]
starts, at = [], 0
for d in days:
    head = words(html.unescape(d))
    date = head.split(" \u00b7 ")[-1]
    while at < len(tops) and not (tops[at][:20] == head[:20] and
                                  date in tops[at][:300]):
        at += 1
    assert at < len(tops), "day %r does not start a page" % head
    starts.append(at)
    at += 1
ends = starts[1:] + [len(pages)]
lengths = [e - s for s, e in zip(starts, ends)]
print("%d pages; days start on pages %s, taking %s" % (
    len(pages), [s + 1 for s in starts], lengths))
if ordinary:
    assert all(n == 2 for n in lengths), ("an ordinary day is not two pages",
                                          lengths)
fonts = subprocess.run(["pdffonts", pdf_path], capture_output=True,
                       check=True, text=True).stdout.splitlines()[2:]
names = sorted({f.split()[0].split("+")[-1] for f in fonts if f.strip()})
print("fonts:", " ".join(names))
if ordinary:
    assert names and all(n.startswith("LiberationSans") for n in names), names
PY
}
if ! command -v pdftotext >/dev/null || ! command -v pdffonts >/dev/null; then
	echo "SKIP: no pdftotext (apt-get install poppler-utils): pages not read"
	finish
	exit $?
fi
for spec in "sample 1" "three 1" "hostile 0"; do
	set -- $spec
	if chrome --print-to-pdf="$TMP/$1.pdf" "file://$TMP/$1.html"; then
		check "$1: each day starts a page$([ $2 = 1 ] &&
		    echo ', takes two, in the report font')" \
		    layout "$TMP/$1.pdf" "$TMP/$1.html" $2
	else
		not_ok "Chromium could not print $1:" \
		    "$(tail -3 "$TMP/chrome.out")"
	fi
done
# Legible on paper: every word printed at 7 pt or more.  pdftotext gives
# each word's box, as high as the font's ascent and descent: 1.117 em for
# Liberation Sans, the one font the layout check above finds (a word set
# at a slant has a taller box, so it is never wrongly failed).
legible_print() {
	"$PYTHON3" - "$1" <<'PY'
import re, subprocess, sys
out = subprocess.run(["pdftotext", "-bbox", sys.argv[1], "-"],
                     capture_output=True, check=True, text=True).stdout
words = [((float(b) - float(a)) / 1.117, w) for a, b, w in re.findall(
    r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" '
    r'yMax="([\d.]+)">(.*?)</word>', out)]
assert len(words) > 300, len(words)
small = sorted(w for w in words if w[0] < 7)
print("%d words, the smallest %.1f pt (%s)" % (len(words), min(words)[0],
                                               min(words)[1]))
assert not small, ("%d words under 7 pt" % len(small), small[:5])
PY
}
for name in sample three; do
	check "$name: every word printed at 7 pt or more" \
	    legible_print "$TMP/$name.pdf"
done
# Legible on screen: a copy of a report with a script that measures, in
# the page Chromium lays out at a viewport's width, each text's computed
# font size (an SVG's text scaled as its chart is shown), how many
# columns of figures a row of charts takes and whether the page overflows
# sideways; the figures come back in the DOM Chromium dumps.
# measure NAME: $TMP/measure-NAME.html, the report NAME with that script.
measure() {
	cat "$TMP/$1.html" - >"$TMP/measure-$1.html" <<'EOF'
<script>
addEventListener("load", function () {
	var small = 1e9, cols = 0, pre = document.createElement("pre");
	document.querySelectorAll("body *").forEach(function (el) {
		var own = false, px, svg, box, vb;
		el.childNodes.forEach(function (n) {
			if (n.nodeType == 3 && n.data.trim() != "")
				own = true;
		});
		if (!own)
			return;
		px = parseFloat(getComputedStyle(el).fontSize);
		if ((svg = el.closest("svg")) != null) {
			box = svg.getBoundingClientRect();
			vb = svg.viewBox.baseVal;
			px *= Math.min(box.width / vb.width,
			    box.height / vb.height);
		}
		small = Math.min(small, px);
	});
	document.querySelectorAll(".charts").forEach(function (c) {
		var left = {};
		c.querySelectorAll(":scope>figure").forEach(function (f) {
			left[Math.round(f.getBoundingClientRect().left)] = 1;
		});
		cols = Math.max(cols, Object.keys(left).length);
	});
	pre.textContent = "MEASURED " + small.toFixed(2) + " " + cols + " " +
	    (document.documentElement.scrollWidth >
	    document.documentElement.clientWidth ? 1 : 0);
	document.body.appendChild(pre);
});
</script>
EOF
}
# on_screen WIDTH NAME: "SMALLEST COLUMNS OVERFLOW" for the report NAME at
# a viewport WIDTH px wide.
on_screen() {
	chrome --window-size="$1",900 --virtual-time-budget=5000 --dump-dom \
	    "file://$TMP/measure-$2.html" &&
	    sed -n 's/.*MEASURED \([0-9.]* [0-9]* [01]\).*/\1/p' \
	    "$TMP/chrome.out" | tail -1
}
measure sample
measure three
# The agreement report's chart is full-width too (its own style sheet,
# the same rule for a phone): two observers of one short morning.
for o in A B; do
	printf '%s\n' '09:00 begin' '09:00 start teachers' \
	    "09:$([ $o = A ] && echo 20 || echo 10) start pupils" \
	    '09:40 end' '10:00 stop' | "$REC" --school Hillside --head H1 \
	    --observer O$o --date 2026-11-16 "$TMP/obs$o.slog" >/dev/null ||
	    not_ok "recording observer $o"
done
html agreement --agreement "$TMP/obsA.slog" "$TMP/obsB.slog"
measure agreement
set -- $(on_screen 1200 sample)
if [ $# -eq 3 ]; then
	check "1200 px: the smallest text $1 px, at least 11" \
	    awk "BEGIN { exit !($1 >= 11) }"
	check "1200 px: the half-width charts two abreast" test "$2" -eq 2
else
	not_ok "Chromium measured nothing at 1200 px:" \
	    "$(tail -3 "$TMP/chrome.out")"
fi
# On a phone a full-width chart keeps a drawn width and scrolls inside
# its figure (the man page, REPORT): its text at least 9 px, about the
# 7 pt (9.3 px) the printed page holds, as a phone's CSS pixel is sized
# to look as large at the distance a phone is read as a desktop's does.
for name in sample three; do
	set -- $(on_screen 400 $name)
	if [ $# -eq 3 ]; then
		check "400 px, $name: the smallest text, charts' too, $1 px, \
at least 9" awk "BEGIN { exit !($1 >= 9) }"
		check "400 px, $name: one column" test "$2" -eq 1
		check "400 px, $name: nothing wider than the screen" \
		    test "$3" -eq 0
	else
		not_ok "Chromium measured nothing at 400 px, $name:" \
		    "$(tail -3 "$TMP/chrome.out")"
	fi
done
set -- $(on_screen 400 agreement)
if [ $# -eq 3 ]; then
	check "400 px, agreement: the smallest text, its chart's too, $1 px, \
at least 9" awk "BEGIN { exit !($1 >= 9) }"
	check "400 px, agreement: nothing wider than the screen" test "$3" -eq 0
else
	not_ok "Chromium measured nothing at 400 px, agreement:" \
	    "$(tail -3 "$TMP/chrome.out")"
fi
if [ -n "${REPORT_KEEP:-}" ]; then
	mkdir -p "$REPORT_KEEP"
	for name in sample three hostile; do
		cp "$TMP/$name".html "$TMP/$name".png "$TMP/$name".pdf \
		    "$REPORT_KEEP"/ 2>/dev/null
	done
	echo "kept in $REPORT_KEEP"
fi

finish
