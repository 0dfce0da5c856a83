#!/bin/sh
# Kill torture: tests/fault/torture drives the live recorder through a
# pseudo-terminal with a seeded day and SIGKILLs it hundreds of times (by
# timer, and from inside write and fsync through tests/fault/shim.so),
# checking after each kill that every action the screen confirmed is in the
# log and the day goes on.  Then an independent decoder and the analyser read
# the day the kills left.  TORTURE_KILLS, TORTURE_SECONDS and TORTURE_SEED
# change the run.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_python_msgpack
TORTURE="$top_builddir/tests/fault/torture"
SHIM=${SHIM:-$top_builddir/tests/fault/shim.so}
ANA="$top_builddir/analyser/shadowlog-analyse"
for f in "$TORTURE" "$SHIM"; do
	if [ ! -f "$f" ]; then
		echo "SKIP: $f is not built (make check builds it)"
		exit 77
	fi
done
kills=${TORTURE_KILLS:-300}
# Under AddressSanitizer each start costs ten times as much: fewer kills.
if [ -z "${TORTURE_KILLS:-}" ] && ldd "$REC" 2>/dev/null | grep -q libasan; then
	kills=100
fi
seconds=${TORTURE_SECONDS:-120}
seed=${TORTURE_SEED:-20261116}
log="$TMP/torture day.slog"	# a space on purpose

echo "# $kills kills, at most $seconds s, seed $seed"
"$TORTURE" "$REC" "$SHIM" "$log" "$kills" "$seconds" "$seed" </dev/null >"$TMP/torture.out" 2>&1
rc=$?
cat "$TMP/torture.out"
check "every confirmed action survived every kill (torture exit $rc)" test "$rc" -eq 0
check "no failure reported" sh -c "! grep -q '^not ok' '$TMP/torture.out'"
check "the day the kills left decodes (python3-msgpack)" $DECODE check "$log"
$DECODE actions "$log" >"$TMP/got" 2>&1
check "the log holds exactly the actions keyed, once each, in order" cmp "$TMP/got" "$log.expected"
check "the day ended cleanly after the last kill" sh -c "tail -n 1 '$TMP/got' | grep -q '^[0-9]* stop'"
expect_exit "the analyser reads the day" 0 "$ANA" "$log"
check "torn tails were repaired into side files" sh -c "ls '$TMP' | grep -q 'damaged-1\$'"
finish
