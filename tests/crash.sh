#!/bin/sh
# Power cuts, not kills: a seeded sample of the crash states the explorer
# (tests/crash/explore.py, over tests/crash/trace.so's system-call trace)
# builds for a live day (250x60 and 30x8), a timed day creating its log, a
# review appended to a finished day, an append that repairs a torn tail and
# the analyser writing charts and a report over old ones.
# Every state must keep what was confirmed, once, the log clean or torn and
# repaired (never refused), each chart or report old, new or absent.  Then
# the explorer's own test: replayed as if the writers never synced a
# directory, or never synced the log, it must find the loss.  make crash
# checks every state.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_python_msgpack
TRACE=$top_builddir/tests/crash/trace.so
need_preload "$TRACE"
EXPLORE="$PYTHON3 $top_srcdir/tests/crash/explore.py"
scenarios="live live-small timed-new review repair outputs"
if ! command -v gnuplot >/dev/null 2>&1; then
	echo "# no gnuplot: the outputs scenario is left out"
	scenarios="live live-small timed-new review repair"
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

# drops KIND SCENARIO WHAT: replayed as if the writer never made the KIND
# calls, the explorer must fail, saying WHAT (an extended regex).
drops() {
	$EXPLORE --sample 50 --drop "$1" "$top_builddir" "$top_srcdir" \
	    "$2" >"$TMP/drop" 2>&1
	check "no $1 ($2): explorer fails" test $? -eq 1
	check "no $1 ($2): it finds $3" grep -Eq "^FAIL $2 .*: $3" "$TMP/drop"
}
# Without its directory's fsync a new log's name may be lost after the
# screen said saved, and a side file's name after the log was cut back;
# without the log's fsync a confirmed action.
drops dsync live 'log lost with [1-9][0-9]* records confirmed'
drops dsync repair "the torn tail's bytes are lost"
drops fsync review '[0-9]+ records confirmed, [0-9]+ there'
finish
