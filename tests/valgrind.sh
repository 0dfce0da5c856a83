#!/bin/sh
# Memory: the CUnit suites and the non-interactive end-to-end runs (the
# recorder on the sample day in timed mode and appending its review, the
# analyser in every output mode, reading its CSV back, several days, two
# observers, damaged logs, --plot and --html) under valgrind's memcheck
# with --leak-check=full --errors-for-leak-kinds=definite,indirect.  A run
# passes when it exits as it should and memcheck found no error and no
# definite or indirect leak in the program's process.  Prints one line per
# run.  Skips (77) without valgrind or on a sanitizer build.
#
# Processes a test forks and ends with _exit (the CUnit suites do this to
# fill a disk or kill a writer) keep what their parent owns: their leak
# reports are not leaks and are left out, but any other error in them
# counts.  --error-exitcode is given to the programs but not to the CUnit
# runner, whose forked children must exit with their own status.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
ANA="$top_builddir/analyser/shadowlog-analyse"
UNIT="${UNIT:-$top_builddir/tests/unit}"
VALGRIND=${VALGRIND:-valgrind}
if ! command -v "$VALGRIND" >/dev/null 2>&1; then
	echo "SKIP: valgrind is not installed (apt-get install valgrind)"
	exit 77
fi
if ldd "$REC" 2>/dev/null | grep -q 'libasan\|libubsan'; then
	echo "SKIP: a sanitizer build; valgrind needs a plain one"
	exit 77
fi
VG_FLAGS="--leak-check=full --errors-for-leak-kinds=definite,indirect"
SHADOWLOG_PLOTS=${SHADOWLOG_PLOTS:-$top_srcdir/plots}
export SHADOWLOG_PLOTS
TZ=Europe/London
export TZ
runs=0

# verdict NAME MAINPID WANT GOT: reads the logs of run MAINPID.
verdict() {
	name=$1 main=$2 want=$3 got=$4
	$PYTHON3 - "$TMP/vg" "$main" "$name" "$want" "$got" <<'EOF'
import glob, os, re, sys
d, main, name, want, got = sys.argv[1:]
errors, lost, allocs, children, why = 0, 0, "?", 0, []
for path in sorted(glob.glob(os.path.join(d, "*.log"))):
    text = open(path, errors="replace").read()
    pid = os.path.basename(path)[:-4]
    if pid == main:
        m = re.search(r"ERROR SUMMARY: ([\d,]+) errors", text)
        errors = int(m.group(1).replace(",", "")) if m else -1
        for kind in ("definitely", "indirectly"):
            m = re.search(kind + r" lost: ([\d,]+) bytes", text)
            lost += int(m.group(1).replace(",", "")) if m else 0
        m = re.search(r"total heap usage: ([\d,]+) allocs", text)
        allocs = m.group(1) if m else "?"
        if errors != 0:
            why.append("memcheck: %s errors (%s)" % (errors, path))
    else:
        children += 1
        # A forked child: errors other than leaks count.
        bad = re.findall(r"== (Invalid \w+|Conditional jump|Use of uninitialised"
                         r"|Syscall param|Mismatched free|Source and destination overlap)", text)
        if bad:
            why.append("a forked child: %s (%s)" % (bad[0], path))
if want != got:
    why.append("exit %s, wanted %s" % (got, want))
line = "%s: exit %s, %d errors, %d bytes lost, %s allocations" % (
    name, got, max(errors, 0), lost, allocs)
if children:
    line += ", %d forked children" % children
print(("not ok - " + line + ": " + "; ".join(why)) if why else "ok - " + line)
sys.exit(1 if why else 0)
EOF
}

# vg NAME WANT COMMAND...: runs COMMAND under memcheck; stdout to $TMP/out.
vg() {
	name=$1 want=$2; shift 2
	rm -rf "$TMP/vg"; mkdir -p "$TMP/vg"
	"$VALGRIND" $VG_FLAGS --error-exitcode=1 --log-file="$TMP/vg/%p.log" \
	    "$@" >"$TMP/out" 2>"$TMP/err" </dev/null &
	pid=$!
	wait $pid
	got=$?
	runs=$((runs + 1))
	if verdict "$name" "$pid" "$want" "$got"; then passed=$((passed + 1))
	else failed=$((failed + 1)); sed 's/^/#   /' "$TMP/err" | head -5; fi
}

# ---- the CUnit suites ----

if [ -x "$UNIT" ]; then
	rm -rf "$TMP/vg"; mkdir -p "$TMP/vg"
	"$VALGRIND" $VG_FLAGS --log-file="$TMP/vg/%p.log" "$UNIT" \
	    >"$TMP/unit.out" 2>&1 </dev/null &
	pid=$!
	wait $pid
	got=$?
	runs=$((runs + 1))
	grep -E '^ +(suites|tests|asserts) ' "$TMP/unit.out" | sed 's/^/#   /'
	# Under valgrind, posix_spawn cannot report a program that is not
	# there (valgrind runs glibc's vfork-like clone as a fork): the child
	# exits 127 instead, so the test of a missing gnuplot sees that.
	fails=$(grep -E '^  Test: .*\.\.\.FAILED' "$TMP/unit.out" |
	    sed 's/^  Test: //; s/ \.\.\.FAILED$//' | grep -vx 'gnuplot missing')
	grep -qE '^  Test: gnuplot missing \.\.\.FAILED' "$TMP/unit.out" &&
	    echo "#   excused under valgrind: gnuplot missing (exit 127, not ENOENT)"
	if [ -n "$fails" ]; then
		echo "$fails" | sed 's/^/#   failed under valgrind: /'
		got=1
	else
		got=0
	fi
	if verdict "CUnit suites" "$pid" 0 "$got"; then passed=$((passed + 1))
	else failed=$((failed + 1)); fi
else
	echo "# SKIP the CUnit suites: $UNIT not built (CUnit missing?)"
fi

# ---- the recorder, timed ----

log="$TMP/sample day.slog"
vg "recorder: the sample day, timed" 0 "$REC" --school "Meadowbank Primary" \
    --head HT1 --observer OBS-A --tag phase=primary --tag term=autumn \
    --date 2026-11-16 --input "$DATA/sample-day.txt" "$log"
cp "$log" "$TMP/recorded.slog"
vg "recorder: the review appended" 0 "$REC" --input "$DATA/review.txt" "$log"
printf '08:00 begin\n08:10 start nobody\n' >"$TMP/bad.txt"
vg "recorder: bad timed commands refused" 65 "$REC" --date 2026-11-16 \
    --input "$TMP/bad.txt" "$TMP/bad.slog"
vg "recorder: --help" 0 "$REC" --help

# ---- the analyser ----

vg "analyser: text summary" 0 "$ANA" "$log"
vg "analyser: --format=csv" 0 "$ANA" --format=csv "$log"
vg "analyser: --format=json" 0 "$ANA" --format=json "$log"
vg "analyser: --as-recorded" 0 "$ANA" --as-recorded "$log"
vg "analyser: --episodes" 0 "$ANA" --episodes "$log"
vg "analyser: --episodes --format=csv" 0 "$ANA" --episodes --format=csv "$log"
cp "$TMP/out" "$TMP/episodes.csv"
vg "analyser: --episodes --format=json" 0 "$ANA" --episodes --format=json "$log"
vg "analyser: --bin=15" 0 "$ANA" --bin=15 "$log"
vg "analyser: --bin=15 --format=csv" 0 "$ANA" --bin=15 --format=csv "$log"
vg "analyser: --transitions" 0 "$ANA" --transitions "$log"
vg "analyser: --transitions --format=json" 0 "$ANA" --transitions --format=json "$log"
vg "analyser: an episodes CSV read back" 0 "$ANA" "$TMP/episodes.csv"
cp "$log" "$TMP/day2.slog"
vg "analyser: --compare --by=school, 3 inputs" 0 "$ANA" --compare --by=school \
    "$log" "$TMP/recorded.slog" "$TMP/episodes.csv"
vg "analyser: --agreement" 0 "$ANA" --agreement "$log" "$TMP/recorded.slog"
head -c 2000 "$log" >"$TMP/torn.slog"
vg "analyser: a torn log (analysed, then 65)" 65 "$ANA" "$TMP/torn.slog"
{ head -c 2000 "$log"; printf '\301\301\301'; tail -c +2004 "$log"; } >"$TMP/corrupt.slog"
vg "analyser: a corrupt log" 65 "$ANA" "$TMP/corrupt.slog"
vg "analyser: a missing file" 66 "$ANA" "$TMP/none.slog"
if command -v gnuplot >/dev/null 2>&1; then
	vg "analyser: --plot" 0 "$ANA" --plot="$TMP/charts" "$log"
	vg "analyser: --plot-format=svg, 2 days" 0 "$ANA" --plot="$TMP/svg" \
	    --plot-format=svg "$log" "$TMP/recorded.slog"
	vg "analyser: --html" 0 "$ANA" --html="$TMP/report.html" "$log"
	vg "analyser: --html, 2 days" 0 "$ANA" --html="$TMP/two.html" "$log" \
	    "$TMP/recorded.slog"
else
	echo "# SKIP --plot and --html: gnuplot is not installed"
fi
echo "# valgrind: $runs runs"
finish
