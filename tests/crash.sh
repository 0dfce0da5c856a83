#!/bin/sh
# Power cuts, not kills: a seeded sample of the crash states the explorer
# (tests/crash/explore.py, over tests/crash/trace.so's system-call trace)
# builds for a live day, a timed day creating its log, a review appended to
# a finished day and the analyser writing charts and a report over old ones.
# Every state must keep what was confirmed, once, the log clean or torn and
# repaired (never refused), each chart or report old, new or absent.  Then
# the explorer's own test: replayed as if the writers never synced a
# directory, or never synced the log, it must find the loss.  make crash
# checks every state.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_python_msgpack
TRACE=$top_builddir/tests/crash/trace.so
if [ ! -f "$TRACE" ]; then
	echo "SKIP: $TRACE is not built (make tests/crash/trace.so)"
	exit 77
fi
# A sanitizer build wants its runtime first; the shim comes before it.
case ${ASAN_OPTIONS:-} in *verify_asan_link_order*) ;; *)
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
	export ASAN_OPTIONS ;;
esac
EXPLORE="$PYTHON3 $top_srcdir/tests/crash/explore.py"
scenarios="live timed-new review outputs"
if ! command -v gnuplot >/dev/null 2>&1; then
	echo "# no gnuplot: the outputs scenario is left out"
	scenarios="live timed-new review"
fi

# 50 states a scenario, the same 50 on every run (seed 1).
$EXPLORE --sample 50 --seed 1 --keep "$TMP/failed" \
    "$top_builddir" "$top_srcdir" $scenarios >"$TMP/sample" 2>&1
rc=$?
sed 's/^/# /' "$TMP/sample"
check "sampled crash states all pass" test "$rc" -eq 0
for s in $scenarios; do
	check "$s: states checked, all passed" grep -Eq \
	    "^$s: .* ([1-9][0-9]*) states checked, \\1 passed\$" "$TMP/sample"
done
check "last line counts every state" sh -c "tail -1 '$TMP/sample' |
    grep -Eqx 'crash states: ([1-9][0-9]+) checked, \\1 passed'"
check "no failing state kept" test ! -e "$TMP/failed"

# Without its directory's fsync a new log's name may be lost after the
# screen said saved: the explorer must say so.
$EXPLORE --sample 50 --drop dsync "$top_builddir" "$top_srcdir" \
    live >"$TMP/nodsync" 2>&1
check "no directory fsync: explorer fails" test $? -eq 1
check "no directory fsync: confirmed log lost" \
    grep -q '^FAIL live .*: log lost with [1-9][0-9]* records confirmed' \
    "$TMP/nodsync"

# Without the log's fsync a confirmed action may be lost.
$EXPLORE --sample 50 --drop fsync "$top_builddir" "$top_srcdir" \
    review >"$TMP/nofsync" 2>&1
check "no fsync: explorer fails" test $? -eq 1
check "no fsync: confirmed records missing" \
    grep -Eq '^FAIL review .*: [0-9]+ records confirmed, [0-9]+ there' \
    "$TMP/nofsync"
finish
