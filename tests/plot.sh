#!/bin/sh
# The charts end to end: every chart of the sample day and of a corpus of
# days from three schools, in PNG, SVG and PDF, each file decoded (PNG
# signature and 1600x900, SVG well-formed XML holding its title and group
# names, PDF header and a page); the comparison only for several days;
# hostile text in the log; safe file names; modes; the exit codes for a
# bad format, gnuplot missing or failing and a DIR that cannot be made;
# one script a day for --plot and --html together, and a gnuplot per core
# at most, drawing day after day; one failing or killed mid-run, or ending
# idle every time (the run waits for its ends, not spinning); the progress
# line on a terminal only; and no temporary file left behind.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
ANA="$top_builddir/analyser/shadowlog-analyse"
TZ=Europe/London
SHADOWLOG_PLOTS="$top_srcdir/plots"
export TZ SHADOWLOG_PLOTS
# Every gnuplot run's private directory goes here, to see it removed.
mkdir "$TMP/tmp"
TMPDIR="$TMP/tmp"
export TMPDIR

if ! command -v gnuplot >/dev/null 2>&1 && [ ! -x /usr/bin/gnuplot ]; then
	echo "SKIP: gnuplot is not installed (apt-get install gnuplot-nox)"
	exit 77
fi

log="$TMP/sample.slog"
expect_exit "sample day records" 0 \
    "$REC" --school "Meadowbank Primary" --head HT1 --observer OBS-A \
    --tag phase=primary --tag term=autumn --date 2026-11-16 \
    --input "$DATA/sample-day.txt" "$log"

# A corpus: six timed days from three schools, made up with awk (the same
# days on every run of one awk).
corpus="$TMP/corpus"
mkdir "$corpus"
n=0
for school in "Hillside Primary" "Oakfield Academy" "St Anne's C of E"; do
	for d in 17 18; do
		n=$((n + 1))
		awk -v seed="$n" 'BEGIN {
			srand(seed)
			split("SLT|teachers|support staff|pupils|parents|visitors",
			    g, "|")
			t = 8 * 3600
			printf "%s begin\n", hms(t)
			while (t < 15 * 3600) {
				t += int(rand() * 240) + 20
				k = int(rand() * 6) + 1
				by = rand() < 0.5 ? "head" : "other"
				if (rand() < 0.2)
					printf "%s brief \"%s\" by=%s\n",
					    hms(t), g[k], by
				else {
					printf "%s start \"%s\" by=%s\n",
					    hms(t), g[k], by
					t += int(rand() * rand() * 1500) + 30
					printf "%s end\n", hms(t)
				}
			}
			printf "%s stop\n", hms(t + 60)
		}
		function hms(s) {
			return sprintf("%02d:%02d:%02d", s / 3600, s % 3600 / 60,
			    s % 60)
		}' >"$corpus/day$n.txt"
		"$REC" --school "$school" --head "H$n" --observer OBS-B \
		    --tag term=autumn --date "2026-11-$d" \
		    --input "$corpus/day$n.txt" "$corpus/day$n.slog" ||
		    not_ok "corpus day $n records"
	done
done

# charts_ok DIR FORMAT COUNT TEXT...: DIR holds COUNT files, each a whole
# chart in FORMAT, mode 0600; each SVG holds every TEXT (a TEXT of the
# day's title lines, marked @, only the full-width ones).
charts_ok() {
	"$PYTHON3" - "$@" <<'PY'
import os, re, stat, struct, sys
import xml.etree.ElementTree as ET
d, fmt, count, texts = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
files = sorted(os.listdir(d))
assert len(files) == count, (len(files), files)
for name in files:
    path = os.path.join(d, name)
    assert name.endswith("." + fmt), name
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, name
    b = open(path, "rb").read()
    if fmt == "png":
        assert b[:8] == b"\x89PNG\r\n\x1a\n", name
        assert b[12:16] == b"IHDR", name
        assert struct.unpack(">II", b[16:24]) == (1600, 900), name
    elif fmt == "svg":
        root = ET.fromstring(b)
        assert root.tag.endswith("svg"), name
        # Drawn at the size the report shows it: the four half-width
        # charts 360x230 with their title only and names cut at 12
        # characters; the wide ones 800 across, as low as each allows.
        half = re.search(r"-(groups|initiative|lengths|transitions)\.svg$",
                         name)
        size = ("360", "230") if half else ("800", {"timeline": "380",
            "pattern": "270"}.get(re.sub(r".*-|\.svg$", "", name), "400"))
        assert (root.get("width"), root.get("height")) == size, name
        text = "".join(root.itertext())
        for t in texts:
            # Alone is no interaction: not on these two.
            if t == "alone" and re.search(r"-(lengths|initiative)\.svg$",
                                          name):
                continue
            if t.startswith("@"):
                if half:
                    continue        # the report's heading names the day
                t = t[1:]
            elif half and len(t) > 12:
                t = t[:11] + "\u2026"
            assert t in text, (name, t)
    else:
        assert b[:5] == b"%PDF-", name
        assert re.search(rb"/Type\s*/Page\b", b), name
PY
}

# The sample day in every format: six charts named for what they are, the
# table on stdout unchanged, no comparison for one day.
for fmt in png svg pdf; do
	out="$TMP/one-$fmt"
	expect_exit "sample day, $fmt charts" 0 \
	    "$ANA" --plot="$out" --plot-format=$fmt "$log"
	check "sample day's table unchanged beside the $fmt charts" \
	    cmp -s "$TMP/out" "$DATA/golden/summary.txt"
	check "sample day: six $fmt charts, each whole" charts_ok "$out" $fmt 6 \
	    "@Meadowbank Primary" "@head HT1" "@Monday 16 November 2026" \
	    "@observer OBS-A" SLT teachers "support staff" pupils parents \
	    visitors alone
	for c in timeline groups pattern lengths initiative transitions; do
		f="$out/2026-11-16-Meadowbank_Primary-HT1-$c.$fmt"
		check "sample day $c.$fmt named for what it is" test -s "$f"
	done
	check "no comparison for one day ($fmt)" \
	    test ! -e "$out/compare-by-school.$fmt"
done
check "DIR is made private (0700)" \
    test "$(stat -c %a "$TMP/one-png")" = 700
expect_exit "DIR and its parents made" 0 \
    "$ANA" --plot="$TMP/deep/er/dir" "$log"
check "the parents too are 0700" \
    test "$(stat -c %a "$TMP/deep/er")" = 700
check "charts in the nested DIR" \
    test -s "$TMP/deep/er/dir/2026-11-16-Meadowbank_Primary-HT1-groups.png"

# The corpus in every format: six charts a day and the comparison.
for fmt in png svg pdf; do
	out="$TMP/many-$fmt"
	expect_exit "six days, $fmt charts" 0 \
	    "$ANA" --plot="$out" --plot-format=$fmt "$corpus"/day*.slog
	check "six days: 36 charts and the comparison ($fmt)" \
	    charts_ok "$out" $fmt 37 SLT teachers alone
	check "the comparison by school ($fmt)" \
	    test -s "$out/compare-by-school.$fmt"
done
check "the comparison names each school and its days" "$PYTHON3" -c '
import sys, xml.etree.ElementTree as ET
t = "".join(ET.parse(sys.argv[1]).getroot().itertext())
for s in ("Time with each group, by school", "Hillside Primary",
          "Oakfield Academy", "St Anne'"'"'s C of E", "2 days",
          "6 days from 2026-11-17 to 2026-11-18"):
    assert s in t, s' "$TMP/many-svg/compare-by-school.svg"
# The comparison draws the 95% bootstrap interval of the mean share across
# heads (black) wherever --compare's CSV has one, with the same seed.
"$ANA" --compare --by=school --format=csv "$corpus"/day*.slog \
    >"$TMP/across.csv"
check "the comparison: a black interval for each of --compare's" \
    "$PYTHON3" - "$TMP/across.csv" \
    "$TMP/many-svg/compare-by-school.svg" <<'PY'
import csv, re, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], newline=""))
        if r.get("ci_low")]
svg = open(sys.argv[2]).read()
paths = re.findall(r"<path stroke='rgb\( *17, *17, *17\)'\s+d='([^']*)'", svg)
segments = sum(len(re.findall(r"M[\d.]+,[\d.]+ L", p)) for p in paths)
print(len(rows), "intervals in the CSV,", segments, "drawn")
assert rows and segments == len(rows), (len(rows), segments)
PY
expect_exit "comparison by another field" 0 \
    "$ANA" --plot="$TMP/by-head" --by=head "$corpus/day1.slog" \
    "$corpus/day2.slog" "$log"
check "is named for the field" test -s "$TMP/by-head/compare-by-head.png"
check "and none by school then" test ! -e "$TMP/by-head/compare-by-school.png"

# For slides: a 1600x900 chart shown at 800x450 keeps every text 11 px or
# more: in the PDF (lib.sh's slides_pdf); in the PNG, the footer's ink
# (ascender to descender, about the font's size) at half size.
slides_png() {
	"$PYTHON3" - "$1" "$top_srcdir/tests" <<'PY'
import sys
sys.path.insert(0, sys.argv[2])
import png
w, h, bpp, rows = png.read(sys.argv[1])
# The footer: the bottom 60 rows, right of the middle, dark ink.
ink = [y for y in range(h - 60, h)
       if any(max(rows[y][x:x + 3]) < 160
              for x in range(w * bpp // 2, w * bpp, bpp))]
assert ink, "no footer"
half = (ink[-1] - ink[0] + 1) / 2
print("the footer's ink %d px high at 1600x900, %.1f at half" % (
    ink[-1] - ink[0] + 1, half))
assert half >= 10.5, half
PY
}
check "slides: every PDF chart's text 11 px or more at 800x450" \
    slides_pdf "$TMP"/one-pdf/*.pdf "$TMP"/many-pdf/compare-by-school.pdf
check "slides: the PNG footer 11 px or so at 800x450" slides_png \
    "$TMP/one-png/2026-11-16-Meadowbank_Primary-HT1-timeline.png"

# The heat map outlines the cells whose adjusted residual is beyond 1.96,
# as many as the transitions CSV gives (6 on the sample day).
"$ANA" --transitions --format=csv "$log" >"$TMP/tr.csv"
marked=$(awk -F, 'NR > 1 && ($10 > 1.96 || $10 < -1.96)' "$TMP/tr.csv" |
    wc -l)
outlined=$(grep -o "<path stroke='rgb(214,  39,  40)'" \
    "$TMP/one-svg/2026-11-16-Meadowbank_Primary-HT1-transitions.svg" |
    wc -l)
check "the heat map outlines the $marked cells beyond |z| 1.96" \
    test "$marked" -eq 6 -a "$outlined" -eq "$marked"

# Hostile text in a log: every chart still drawn, nothing run, file names
# safe, the text shown as written.
hostile="St O'Brien's <b>&</b> ]]> \"A\" \\ ../../x '; system(\"touch $TMP/PWNED1\") ;' \`touch $TMP/PWNED2\` \$(touch $TMP/PWNED3) \" set output '$TMP/PWNED4' <b>&</b> ]]> @x ü €"
cat >"$TMP/hostile.scheme" <<EOF
group s "'; system(\\"touch PW5\\") '"
group t "teach\\\\ers \`touch PW6\`"
group p "pupils \$(touch PW7)"
EOF
printf '%s\n' '08:00:00 begin' \
    "08:05:00 start s by=head person=\"P'; system(\\\"touch $TMP/PWNED8\\\") '\"" \
    "08:10:00 note '; system(\"touch $TMP/PWNED9\") \`touch $TMP/PWNED10\` \$(touch x) \" set output 'y'" \
    '08:20:00 start t by=other' '08:25:00 brief p' '08:40:00 end' \
    '09:00:00 stop' >"$TMP/hostile.txt"
expect_exit "a hostile day records" 0 \
    "$REC" --scheme "$TMP/hostile.scheme" --school "$hostile" \
    --head "$(printf 'H\047; system("touch %s/PWNED11")\n\033[2J' "$TMP")" \
    --observer "O\"'\\" --date 2026-11-19 --input "$TMP/hostile.txt" \
    "$TMP/hostile.slog"
for fmt in png svg pdf; do
	expect_exit "hostile day, $fmt charts" 0 \
	    "$ANA" --plot="$TMP/hostile-$fmt" --plot-format=$fmt \
	    "$TMP/hostile.slog"
	check "hostile day: six whole $fmt charts" \
	    charts_ok "$TMP/hostile-$fmt" $fmt 6 \
	    "@St O'Brien's <b>&</b> ]] > \"A\" \\ ../../x" \
	    "@'; system(\"touch PW5\") '" \
	    "teach\\ers \`touch PW6\`" "@observer O\"'\\"
done
check "no marker file made" sh -c "! ls '$TMP'/PWNED* >/dev/null 2>&1"
check "nothing made in the working directory" \
    sh -c "! ls PW5 PW6 PW7 x y >/dev/null 2>&1"
check "file names only of safe characters" sh -c \
    "ls '$TMP/hostile-png' | grep -qvE '^[A-Za-z0-9_.-]+\$' && exit 1 || exit 0"
check "a safe name for a hostile school" test -s "$(echo \
    "$TMP"/hostile-png/2026-11-19-St_O_Brien_s_b_b_A_x_system_touch_*-timeline.png)"

# Long names in a key: a scheme whose groups and a dimension's values run
# to the 24 characters a chart shows (the rest cut with an ellipsis, the
# full name in the tables).  Each key entry of the comparison (by group
# and by a dimension's value) and of the pattern over the day lies within
# the SVG's width and overlaps no other text, each word's width from the
# advance widths of DejaVu Sans, the font "sans" is here (svgfit.py).
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
if [ ! -r "$FONT" ]; then
	echo "SKIP: no $FONT (apt-get install fonts-dejavu-core):" \
	    "long names not measured"
else
	check "svgfit reads DejaVu Sans' widths: a i m and a space, 4470 units" \
	    "$PYTHON3" - "$top_srcdir/tests" "$FONT" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import svgfit
f = svgfit.Font(sys.argv[2])
# Bitstream Vera's (DejaVu's) advances: a 1255, i 569, m 1995, space 651.
assert f.upem == 2048, f.upem
assert f.width("aim ", 2048) == 1255 + 569 + 1995 + 651, f.width("aim ", 2048)
assert abs(f.width("m", 13.5) - 1995 * 13.5 / 2048) < 1e-9
PY
	# fits KEYS SVG...: svgfit passes, each key of KEYS entries or more.
	fits() {
		"$PYTHON3" "$top_srcdir/tests/svgfit.py" "$FONT" "$@"
	}
	# A name past the edge and two entries on one line: both refused.
	svg_with() {
		printf '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 400">%s</svg>\n' "$2" >"$TMP/$1.svg"
	}
	entry() {	# entry X Y NAME: a key entry as gnuplot writes it
		printf '<g id="gnuplot_plot_%s"><title>%s</title><g transform="translate(%s,%s)" font-size="13.50" text-anchor="start"><text>%s</text></g></g>' \
		    "$1$2" "$3" "$1" "$2" "$3"
	}
	svg_with fits "$(entry 600 90 'senior leadership team m…')"
	svg_with past "$(entry 700 90 'senior leadership team m…')"
	svg_with over "$(entry 600 90 'pupils')$(entry 630 95 'parents')"
	check "svgfit passes a key entry that fits" fits 1 "$TMP/fits.svg"
	check "and fails one past the edge" sh -c \
	    "! '$PYTHON3' '$top_srcdir/tests/svgfit.py' '$FONT' 1 '$TMP/past.svg'"
	check "and two entries on each other" sh -c \
	    "! '$PYTHON3' '$top_srcdir/tests/svgfit.py' '$FONT' 1 '$TMP/over.svg'"
	check "and a chart with no key where one is wanted" sh -c \
	    "! '$PYTHON3' '$top_srcdir/tests/svgfit.py' '$FONT' 2 '$TMP/fits.svg'"

	cat >"$TMP/long.scheme" <<'EOF'
group s "senior leadership team members"
group t "teachers and teaching assistants"
group a "unscheduled meeting with external agency"
group p pupils
group r "parents, carers and other family members"
dimension ? purpose for=episodes
value purpose "teaching and learning across the curriculum"
value purpose "unscheduled meeting with external agency"
value purpose safeguarding
value purpose "finance, premises and health and safety"
EOF
	printf '%s\n' '09:00 begin' '09:01 start s by=head purpose=safeguarding' \
	    '09:20 start t purpose="teaching and learning across the curriculum"' \
	    '09:40 start a purpose="unscheduled meeting with external agency"' \
	    '10:10 start p purpose="finance, premises and health and safety"' \
	    '10:30 start r purpose=safeguarding' '10:50 end' '11:00 stop' \
	    >"$TMP/long.txt"
	for d in 16 17; do
		expect_exit "a day of long names by observer O$d records" 0 \
		    "$REC" --scheme "$TMP/long.scheme" --school "School L" \
		    --head H --observer O$d --date 2026-11-$d \
		    --input "$TMP/long.txt" "$TMP/long$d.slog"
	done
	expect_exit "long names: the comparison by group drawn" 0 \
	    "$ANA" --compare --by=observer --plot="$TMP/long-g" \
	    --plot-format=svg "$TMP/long16.slog" "$TMP/long17.slog"
	expect_exit "long names: the comparison by purpose drawn" 0 \
	    "$ANA" --compare --by=observer --dimension=purpose \
	    --plot="$TMP/long-d" --plot-format=svg \
	    "$TMP/long16.slog" "$TMP/long17.slog"
	check "the comparison by group: its 6 names in the key, each within" \
	    fits 6 "$TMP/long-g/compare-by-observer.svg"
	check "the comparison by purpose: its 5 values in the key, each within" \
	    fits 5 "$TMP/long-d/compare-by-observer.svg"
	check "the pattern over the day: its 6 names in the key, each within" \
	    fits 6 "$TMP/long-g/2026-11-16-School_L-H-pattern.svg"
	check "the dimension's chart: every value's name within" \
	    fits 0 "$TMP/long-g/2026-11-16-School_L-H-dimension-purpose.svg"
	expect_exit "long names: the week's charts drawn" 0 \
	    "$ANA" --week --plot="$TMP/long-w" --plot-format=svg \
	    "$TMP/long16.slog" "$TMP/long17.slog"
	check "the week's bars and pattern: 6 names in each key, each within" \
	    fits 6 "$TMP/long-w/2026-11-16-School_L-H-week.svg" \
	    "$TMP/long-w/2026-11-16-School_L-H-week-pattern.svg"
	check "the key shows a long name cut with an ellipsis" grep -q \
	    '<title>unscheduled meeting with…</title>' \
	    "$TMP/long-g/compare-by-observer.svg"
	"$ANA" --html="$TMP/long.html" "$TMP/long16.slog" "$TMP/long17.slog" \
	    >/dev/null 2>&1
	check "the report's tables give the names in full, its charts cut" \
	    "$PYTHON3" - "$TMP/long.html" <<'PY'
import re, sys
doc = open(sys.argv[1], encoding="utf-8").read()
# The words the charts draw (a tooltip's <title> may hold the full name).
drawn = re.findall(r"<text\b[^>]*>(.*?)</text>", doc, re.S)
rest = re.sub(r"<svg\b.*?</svg>", "", doc, flags=re.S)
full = "unscheduled meeting with external agency"
tables = re.findall(r"<table>.*?</table>", rest, re.S)
assert sum(full in t for t in tables) >= 3, "not in the tables in full"
assert drawn and not any(full in t for t in drawn), "a chart draws it whole"
assert "unscheduled meeting with\u2026" in drawn, "not cut"
PY
fi

# The command line and failures.
expect_exit "a bad chart format" 64 \
    "$ANA" --plot="$TMP/bad" --plot-format=bogus "$log"
err_has "says the formats" "--plot-format is png, svg or pdf, not 'bogus'"
check "and makes no DIR" test ! -e "$TMP/bad"
expect_exit "an empty DIR" 64 "$ANA" --plot= "$log"
expect_exit "an empty --by" 64 "$ANA" --plot="$TMP/bad" --by= "$log"
expect_exit "an empty --html" 64 "$ANA" --html= "$log"
expect_exit "gnuplot missing" 69 env PATH=/nonexistent \
    SHADOWLOG_GNUPLOT=/nonexistent/gnuplot "$ANA" --plot="$TMP/nognu" "$log"
err_has "says how to install it" \
    "gnuplot is not installed (apt-get install gnuplot-nox)"
check "the table is still written" \
    cmp -s "$TMP/out" "$DATA/golden/summary.txt"
check "and no chart" test "$(ls "$TMP/nognu" | wc -l)" -eq 0
mkdir "$TMP/broken"
cp "$SHADOWLOG_PLOTS"/*.gp "$TMP/broken"
echo 'plot sin(x) with nonsense' >>"$TMP/broken/groups.gp"
expect_exit "gnuplot failing" 70 env SHADOWLOG_PLOTS="$TMP/broken" \
    "$ANA" --plot="$TMP/fails" "$log" "$log"
err_has "shows gnuplot's own message" "unrecognized plot type"
err_has "names the chart" "gnuplot failed drawing the groups chart"
check "only once for the run" \
    test "$(grep -c 'gnuplot failed' "$TMP/err")" -eq 1
check "no half-drawn chart" \
    test ! -e "$TMP/fails/2026-11-16-Meadowbank_Primary-HT1-groups.png"

# A gnuplot that fails mid-run, having drawn other days: the day it was
# drawing is left out whole, the days before it are drawn, with the same
# message and exit status as a gnuplot that drew only that day; the same
# when it is killed; and no gnuplot is left running either way.
cat >"$TMP/pid-gnuplot" <<EOF
#!/bin/sh
echo \$\$ >>"$TMP/gnuplot-pids"
exec gnuplot "\$@"
EOF
chmod +x "$TMP/pid-gnuplot"
for how in fails killed; do
	mkdir "$TMP/$how-later"
	cp "$SHADOWLOG_PLOTS"/*.gp "$TMP/$how-later"
	if [ $how = fails ]; then
		what="plot sin(x) with nonsense"
	else
		what="system('kill -9 \$PPID')"
	fi
	echo "if (strstrt(who, 'Oakfield') > 0) { $what }" \
	    >>"$TMP/$how-later/groups.gp"
	: >"$TMP/gnuplot-pids"
	expect_exit "gnuplot $how on the third of four days" 70 \
	    env SHADOWLOG_PLOTS="$TMP/$how-later" \
	    SHADOWLOG_GNUPLOT="$TMP/pid-gnuplot" "$ANA" \
	    --plot="$TMP/$how-out" "$corpus/day1.slog" "$corpus/day2.slog" \
	    "$corpus/day3.slog" "$corpus/day4.slog"
	if [ $how = fails ]; then
		err_has "shows gnuplot's own message" "unrecognized plot type"
		err_has "names the chart and the exit status" \
		    "gnuplot failed drawing the groups chart (exit 1):"
	else
		err_has "names the chart and the signal" \
		    "gnuplot was killed by signal 9 drawing the groups chart"
	fi
	check "one message for the run" \
	    test "$(grep -c 'gnuplot [fw]a' "$TMP/err")" -eq 1
	check "the first two days' twelve charts drawn, none of the others" \
	    sh -c 'test "$(ls "$1" | grep -c "^2026-11-1[78]-Hillside_")" \
	    -eq 12 && ! ls "$1" | grep -q Oakfield' sh "$TMP/$how-out"
	check "no gnuplot left running" sh -c 'test -s "$1" &&
	    for p in $(cat "$1"); do ! kill -0 "$p" 2>/dev/null || exit 1
	    done' sh "$TMP/gnuplot-pids"
done

# A gnuplot that ends idle, between days (here each one draws a day and
# ends), may have been fed the next day before its end is seen: that day,
# never begun, goes to a fresh gnuplot, and no day is lost.
cat >"$TMP/one-set-gnuplot" <<EOF
#!/bin/sh
echo run >>"$TMP/one-set-runs"
sed -u '/^set print\$/q' | exec gnuplot "\$@"
EOF
chmod +x "$TMP/one-set-gnuplot"
: >"$TMP/one-set-runs"
expect_exit "gnuplot ending after each day, four days" 0 \
    env SHADOWLOG_GNUPLOT="$TMP/one-set-gnuplot" "$ANA" \
    --plot="$TMP/one-set" "$corpus/day1.slog" "$corpus/day2.slog" \
    "$corpus/day3.slog" "$corpus/day4.slog"
check "all 25 charts drawn" test "$(ls "$TMP/one-set" | wc -l)" -eq 25
check "by a gnuplot a set at least (five)" \
    test "$(wc -l <"$TMP/one-set-runs")" -ge 5

# A gnuplot that ends idle every time (here each one sleeps a moment and
# ends, reading nothing): the day is fed again once a worker, then to a
# gnuplot started for it, whose silence is a failure (70, exit 0, no
# message), so one gnuplot more than the workers is run; and the run waits
# for each end rather than spinning: its CPU time stays under half its
# wall time.
cat >"$TMP/idle-gnuplot" <<EOF
#!/bin/sh
echo \$\$ >>"$TMP/idle-pids"
sleep 0.4
EOF
chmod +x "$TMP/idle-gnuplot"
cat >"$TMP/cpu-time.py" <<'PY'
# cpu-time.py FILE COMMAND...: runs COMMAND, writes the user and system
# CPU seconds it used and its wall seconds to FILE, exits as it did.
import os, subprocess, sys, time
start = time.monotonic()
child = subprocess.Popen(sys.argv[2:])
_, status, use = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as f:
    print(use.ru_utime, use.ru_stime, time.monotonic() - start, file=f)
sys.exit(os.waitstatus_to_exitcode(status))
PY
: >"$TMP/idle-pids"
expect_exit "gnuplot ending idle every time" 70 \
    "$PYTHON3" "$TMP/cpu-time.py" "$TMP/idle-times" \
    env SHADOWLOG_GNUPLOT="$TMP/idle-gnuplot" "$ANA" --plot="$TMP/idle" \
    "$corpus/day1.slog"
err_has "names the first chart and the exit status" \
    "gnuplot failed drawing the timeline chart (exit 0):"
err_has "and says gnuplot said nothing" "    no message"
check "one message for the run" \
    test "$(grep -c 'gnuplot failed' "$TMP/err")" -eq 1
workers=$(getconf _NPROCESSORS_ONLN)
[ "$workers" -gt 16 ] && workers=16
check "the day fed to a gnuplot a worker and one more ($((workers + 1)))" \
    test "$(wc -l <"$TMP/idle-pids")" -eq $((workers + 1))
check "no chart drawn" test "$(ls -A "$TMP/idle" | wc -l)" -eq 0
check "its CPU time under half its wall time: $(cat "$TMP/idle-times")" \
    "$PYTHON3" -c 'import sys; u, s, w = map(float, open(sys.argv[1]).read().split())
assert w > 0.4 and u + s < w / 2, (u, s, w)' "$TMP/idle-times"
check "no gnuplot left running" sh -c 'test -s "$1" &&
    for p in $(cat "$1"); do ! kill -0 "$p" 2>/dev/null || exit 1
    done' sh "$TMP/idle-pids"

expect_exit "chart scripts missing" 69 env SHADOWLOG_PLOTS="$TMP/none" \
    "$ANA" --plot="$TMP/noscripts" "$log"
err_has "says so" "the chart scripts are missing"
err_has "and how to fix it" \
    "(run 'make install', or set SHADOWLOG_PLOTS to the plots folder"

# Run from the build tree, with no SHADOWLOG_PLOTS, the analyser finds
# the source tree's scripts (not an installed copy, nor none); a copy of it
# outside the build tree looks only where it is installed.
expect_exit "from the build tree, no SHADOWLOG_PLOTS: charts drawn" 0 \
    env -u SHADOWLOG_PLOTS "$ANA" --plot="$TMP/buildtree" "$log"
check "all six charts, each a PNG" "$PYTHON3" - "$TMP/buildtree" <<'PY'
import os, sys
names = sorted(os.listdir(sys.argv[1]))
assert len(names) == 6, names
for n in names:
    with open(os.path.join(sys.argv[1], n), "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n", n
PY
cp "$ANA" "$TMP/ana-elsewhere"
if [ ! -e "$(sed -n 's/^pkgdatadir = //p' "$top_builddir/Makefile")/plots" ]
then
	expect_exit "a copy outside the build tree, not installed" 69 \
	    env -u SHADOWLOG_PLOTS "$TMP/ana-elsewhere" \
	    --plot="$TMP/elsewhere" "$log"
	err_has "names the installed place and the fix" "/share/shadowlog/plots: No such file or directory (run 'make install'"
fi

# The footer's durations carry their units: a 17 s pause is "17s
# paused", not "0:00 paused".
printf '%s\n' '08:00:00 begin' '08:01:00 start teachers by=head' \
    '08:05:30 end' '08:07:00 pause' '08:07:17 resume' '09:10:00 stop' \
    >"$TMP/small.txt"
"$REC" --school S --date 2026-11-16 --input "$TMP/small.txt" \
    "$TMP/small.slog" >/dev/null 2>&1
expect_exit "a day with a 17 s pause, as SVG" 0 \
    "$ANA" --plot="$TMP/small" --plot-format=svg "$TMP/small.slog"
check "its footer: observed 1h10m ... 17s paused" grep -qF \
    "observed 1h10m from 08:00 to 09:10 · 17s paused" \
    "$TMP/small/2026-11-16-S-_-timeline.svg"
# (At half width, as the report shows it, the shares are whole percents.)
check "its bars' times with units: 1h05m alone, 5m teachers" "$PYTHON3" - \
    "$TMP/small/2026-11-16-S-_-groups.svg" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
assert re.search(r">\s*94%\s+1h05m\s*<", t), "alone"
assert re.search(r">\s*6%\s+5m\s*<", t), "teachers"
assert not re.search(r"\d:\d\d\s*<", t.split("observed")[0]), "a clock-like time"
PY
check "the half-width lengths chart: the share under 9 minutes" grep -qF \
    "100% under 9 min" "$TMP/small/2026-11-16-S-_-lengths.svg"
expect_exit "the same day, as PDF" 0 \
    "$ANA" --plot="$TMP/small-pdf" --plot-format=pdf "$TMP/small.slog"
if command -v pdftotext >/dev/null; then
	check "one episode is singular on the full lengths chart" sh -c \
	    'pdftotext "$1" - | tr "\n" " " | grep -qF "of the 1 episode was"' \
	    sh "$TMP/small-pdf/2026-11-16-S-_-lengths.pdf"
fi

# Charts that cannot be drawn leave the report without them, not without
# the report: the tables are there, each chart says why it is missing, one
# message, and 69.
expect_exit "--html with the chart scripts missing" 69 \
    env SHADOWLOG_PLOTS="$TMP/none" "$ANA" --html="$TMP/nocharts.html" \
    "$log" "$log"
err_has "says the report has no charts" \
    "nocharts.html: written without its charts: the chart scripts are missing"
check "one message for the run" \
    test "$(grep -c 'chart scripts are missing' "$TMP/err")" -eq 1
check "the report holds the tables and marks the 13 charts missing" \
    "$PYTHON3" - "$TMP/nocharts.html" <<'PY'
import sys
html = open(sys.argv[1]).read()
assert html.rstrip().endswith("</html>"), html[-200:]
assert html.count("<svg") == 0
assert html.count("Chart missing: the chart scripts are missing") == 13, \
    html.count("Chart missing")
assert html.count('class="day"') == 2
assert html.count("</span>teachers</td><td>18</td>") == 2, "group table"
PY
expect_exit "--html with gnuplot missing" 69 env PATH=/nonexistent \
    SHADOWLOG_GNUPLOT=/nonexistent/gnuplot "$ANA" \
    --html="$TMP/nognuplot.html" "$log"
check "the report is written, its charts marked missing" \
    grep -q "Chart missing: gnuplot is not installed" "$TMP/nognuplot.html"
: >"$TMP/afile"
expect_exit "a DIR that cannot be made" 73 "$ANA" --plot="$TMP/afile/sub" "$log"
err_has "says why" "afile: Not a directory"
if [ "$(id -u)" -ne 0 ]; then
	mkdir "$TMP/locked"
	chmod 500 "$TMP/locked"
	expect_exit "a DIR that cannot be written" 73 \
	    "$ANA" --plot="$TMP/locked" "$log"
fi

# The report, plumbed through: written for the days read, or 73.
expect_exit "the report with the charts" 0 \
    "$ANA" --plot="$TMP/both" --html="$TMP/report.html" "$log"
check "the report is written" test -s "$TMP/report.html"
expect_exit "a report that cannot be created" 73 \
    "$ANA" --html="$TMP/afile/report.html" "$log"

# Each chart drawn once: a day's charts (for DIR and the report alike)
# by one script, fed to a gnuplot as one load, and the comparison by one
# more; a gnuplot per core at most (and per set: three here), each
# drawing set after set.
cat >"$TMP/counting-gnuplot" <<EOF
#!/bin/sh
echo run >>"$TMP/gnuplot-runs"
tee -a "$TMP/gnuplot-input" | exec gnuplot "\$@"
EOF
chmod +x "$TMP/counting-gnuplot"
: >"$TMP/gnuplot-runs"
: >"$TMP/gnuplot-input"
expect_exit "two days, --plot and --html" 0 \
    env SHADOWLOG_GNUPLOT="$TMP/counting-gnuplot" "$ANA" \
    --plot="$TMP/once" --html="$TMP/once.html" "$corpus/day1.slog" \
    "$corpus/day2.slog"
check "three scripts: one a day, one for the comparison" \
    test "$(grep -c '^load ' "$TMP/gnuplot-input")" -eq 3
cores=$(getconf _NPROCESSORS_ONLN)
check "from one gnuplot to one a core ($cores), at most three" sh -c \
    'n=$(wc -l <"$1"); test "$n" -ge 1 && test "$n" -le "$2" &&
    test "$n" -le 3' sh "$TMP/gnuplot-runs" "$cores"
check "13 charts for DIR" test "$(ls "$TMP/once" | wc -l)" -eq 13
check "13 charts in the report" \
    test "$(grep -o '<svg' "$TMP/once.html" | wc -l)" -eq 13

# A run of more than two seconds shows its progress on a terminal (days
# drawn of days, time left) and clears the line at the end; with standard
# error in a file it says nothing.  gnuplot is slowed down to make the run
# long: six days and the comparison, each set's commands (one load a set)
# held back a second.
cat >"$TMP/slow-gnuplot" <<EOF
#!/bin/sh
while IFS= read -r line; do
	case "\$line" in load*) sleep 1 ;; esac
	printf '%s\n' "\$line"
done | exec gnuplot "\$@"
EOF
chmod +x "$TMP/slow-gnuplot"
check "on a terminal: a long run's progress, a short run quiet" \
    "$PYTHON3" - "$ANA" "$TMP/slow-gnuplot" "$TMP/tty" "$corpus" <<'PY'
import os, pty, sys
ana, slow, out, corpus = sys.argv[1:5]
days = sorted(os.path.join(corpus, f) for f in os.listdir(corpus)
              if f.endswith(".slog"))
def on_tty(argv, gnuplot):
    """Runs argv on a terminal; returns all it wrote."""
    pid, fd = pty.fork()
    if pid == 0:
        if gnuplot:
            os.environ["SHADOWLOG_GNUPLOT"] = gnuplot
        os.execv(ana, [ana] + argv)
    text = b""
    while True:
        try:
            b = os.read(fd, 4096)
        except OSError:
            break
        if not b:
            break
        text += b
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0, (status, text)
    return text.decode()
t = on_tty(["--plot=" + out] + days, slow)
assert "charts: " in t and " of 6 days drawn" in t, t
assert " s left" in t, t
assert t.rstrip("\r\n").endswith("\r\033[K"), repr(t[-80:])
assert len(os.listdir(out)) == 37, os.listdir(out)
# A short run (one day, gnuplot at full speed) says nothing.
t = on_tty(["--plot=" + out + "-short", days[0]], None)
assert "charts: " not in t and "\033[K" not in t, t
PY
expect_exit "the same run, standard error in a file" 0 \
    env SHADOWLOG_GNUPLOT="$TMP/slow-gnuplot" "$ANA" --plot="$TMP/quiet" \
    "$corpus"/day*.slog
check "says nothing on standard error" test ! -s "$TMP/err"

check "every private directory removed" \
    test "$(ls -A "$TMP/tmp" | wc -l)" -eq 0
check "no temporary chart left beside the charts" \
    sh -c "! ls -A '$TMP'/one-png '$TMP'/many-png | grep -q '^\\.'"

finish
