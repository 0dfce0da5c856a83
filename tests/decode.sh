#!/bin/sh
# A log is standard msgpack: Debian's python3-msgpack decodes the sample day
# and finds the header fields and one map per action in order.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_python_msgpack

log="$TMP/sample.slog"
expect_exit "record the sample day" 0 "$REC" --school Meadowbank --head HT1 \
    --observer OBS-A --date 2026-11-16 --input "$DATA/sample-day.txt" "$log"
check "python3-msgpack decodes it" $DECODE check "$log"
"$PYTHON3" - "$log" >"$TMP/py" <<'PY'
import sys, msgpack
objs = list(msgpack.Unpacker(open(sys.argv[1], "rb"), raw=False))
h = objs[0]
print(h["school"], h["head"], h["observer"], h["date"])
print([g["name"] for g in h["scheme"]["groups"]])
print(objs[1]["type"], objs[-1]["type"], len(objs) - 1)
PY
check "header fields" grep -qx 'Meadowbank HT1 OBS-A 2026-11-16' "$TMP/py"
check "scheme stored in the log" grep -qxF "['SLT', 'teachers', 'support staff', 'pupils', 'parents', 'visitors']" "$TMP/py"
check "begins with begin, ends with stop" grep -qx "begin stop $(grep -cv '^#' "$DATA/sample-day.txt")" "$TMP/py"
# Replaying the decoded records as timed commands gives the same actions.
$DECODE timed "$log" >"$TMP/replay.txt"
expect_exit "replay the decoded day" 0 "$REC" --date 2026-11-16 --input "$TMP/replay.txt" "$TMP/replay.slog"
$DECODE actions "$log" >"$TMP/orig.actions"
$DECODE actions "$TMP/replay.slog" >"$TMP/replay.actions"
check "replay decodes to the same actions" cmp "$TMP/orig.actions" "$TMP/replay.actions"
finish
