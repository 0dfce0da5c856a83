#!/bin/sh
# Timed commands end to end: the sample day recorded and decoded, every
# refused input leaves no new or changed log, appending, torn-tail repair,
# and the command line's exit codes.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_python_msgpack

log="$TMP/day.slog"
expect_exit "sample day records" 0 \
    "$REC" --school Meadowbank --head HT1 --observer OBS-A --tag phase=primary \
    --date 2026-11-16 --input "$DATA/sample-day.txt" "$log"
check "log is mode 0600" test "$(stat -c %a "$log")" = 600
check "independent decoder reads it" $DECODE check "$log"
$DECODE actions "$log" >"$TMP/actions"
check "every command is a record" test "$(wc -l <"$TMP/actions")" -eq \
    "$(grep -cv '^#' "$DATA/sample-day.txt")"
check "undo names what it withdraws" grep -q '^[0-9]* undo undoes=[0-9]' "$TMP/actions"
check "quoted group and with list" grep -qF \
    'start group=teachers by=head person=ALL where=staffroom mode=scheduled meeting with=SLT,support staff' \
    "$TMP/actions"
check "no temporary file left" test -z "$(ls "$TMP" | grep tmp-)"
check "same from a pipe" sh -c "'$REC' --date 2026-11-16 '$TMP/pipe.slog' <'$DATA/sample-day.txt' &&
    $DECODE actions '$TMP/pipe.slog' | cmp -s - '$TMP/actions'"

# Each bad input: exit 65, "FILE:LINE: message", and no log created.
bad() {
	name=$1 text=$2 line=$3 msg=$4
	printf '%b' "$text" >"$TMP/bad.txt"
	rm -f "$TMP/new.slog"
	expect_exit "$name" 65 "$REC" --date 2026-11-16 --input "$TMP/bad.txt" "$TMP/new.slog"
	err_has "$name: names file and line" "$TMP/bad.txt:$line: "
	err_has "$name: says what is wrong" "$msg"
	check "$name: no log written" test ! -e "$TMP/new.slog"
}
bad "unknown group" '09:00 begin\n09:01 start dinosaurs\n' 2 "unknown group"
bad "time backwards" '09:00 begin\n09:05 start t\n09:04 end\n' 3 "before the previous"
bad "start while paused" '09:00 begin\n09:01 pause\n09:02 start t\n' 3 "paused"
bad "end with none open" '09:00 begin\n09:01 end\n' 2 "no episode"
bad "bad time" '9:61 begin\n' 1 ""
bad "unknown command" '09:00 begin\n09:01 strat t\n' 2 "unknown command"
bad "nothing to undo" '09:00 begin\n09:01 undo\n' 2 "nothing to undo"
bad "bad by" '09:00 start t by=nobody\n' 1 "by"
bad "error after good lines" '# a comment\n\n09:00 begin\n09:01 start t\n09:02 resume\n' 5 "not paused"

# A refused run leaves an existing log byte for byte as it was.
cp "$log" "$TMP/before.slog"
printf '18:30 begin\n18:31 start nobody\n' >"$TMP/bad.txt"
expect_exit "refused append" 65 "$REC" --input "$TMP/bad.txt" "$log"
check "refused append changes nothing" cmp -s "$log" "$TMP/before.slog"

# Appending continues the day: a stopped day resumes with begin.
printf '18:30 begin\n18:31 start p by=other\n18:40 stop\n' >"$TMP/more.txt"
expect_exit "append to a stopped day" 0 "$REC" --input "$TMP/more.txt" "$log"
n=$(wc -l <"$TMP/actions")
check "appended records continue the seq" sh -c \
    "$DECODE actions '$log' | tail -3 | cut -d' ' -f1,2 | tr '\n' ' ' | grep -qx '$((n+1)) begin $((n+2)) start $((n+3)) stop '"
check "appended log still decodes" $DECODE check "$log"

# A torn tail (a record cut short) is repaired into a side file and reported.
cp "$TMP/before.slog" "$TMP/torn.slog"
size=$(stat -c %s "$TMP/torn.slog")
truncate -s $((size - 3)) "$TMP/torn.slog"
printf '18:30 start p\n18:35 stop\n' >"$TMP/more.txt"
expect_exit "append to a torn log" 0 "$REC" --input "$TMP/more.txt" "$TMP/torn.slog"
err_has "torn tail reported" "torn tail"
check "damaged bytes kept in a side file" test "$(stat -c %s "$TMP/torn.slog.damaged-1")" -gt 0
check "repaired log decodes" $DECODE check "$TMP/torn.slog"

# The command line.
expect_exit "no file" 64 "$REC" --date 2026-11-16
expect_exit "two files" 64 "$REC" a.slog b.slog
expect_exit "bad tag" 64 "$REC" --tag nokey "$TMP/x.slog"
expect_exit "tag on a built-in field" 64 "$REC" --tag school=x "$TMP/x.slog"
expect_exit "bad date" 64 "$REC" --date 2026-02-30 "$TMP/x.slog"
expect_exit "missing input" 66 "$REC" --input "$TMP/nonexistent" "$TMP/x.slog"
expect_exit "missing scheme" 66 "$REC" --scheme "$TMP/nonexistent" --input "$DATA/sample-day.txt" "$TMP/x.slog"
printf 'group q quitters\n' >"$TMP/bad.scheme"
expect_exit "bad scheme" 65 "$REC" --scheme "$TMP/bad.scheme" --input "$DATA/sample-day.txt" "$TMP/x.slog"
err_has "bad scheme names file and line" "$TMP/bad.scheme:1:"
expect_exit "different school for an existing log" 64 "$REC" --school Other --input "$TMP/more.txt" "$log"
mkdir "$TMP/ro" && chmod 500 "$TMP/ro"
if [ "$(id -u)" -ne 0 ]; then
	expect_exit "unwritable directory" 73 "$REC" --input "$DATA/sample-day.txt" "$TMP/ro/x.slog"
else
	echo "# skipped unwritable-directory check: root can write anywhere"
fi
expect_exit "--version" 0 "$REC" --version
check "--version names the program" grep -q '^shadowlog-record [0-9]' "$TMP/out"
expect_exit "--help" 0 "$REC" --help
check "--help shows usage" grep -q '^usage: shadowlog-record' "$TMP/out"

# A custom scheme is stored in the log and its keys work.
expect_exit "custom scheme" 0 "$REC" --scheme "$DATA/example.scheme" --date 2026-11-16 \
    --input /dev/stdin "$TMP/custom.slog" <<'CMDS'
09:00 begin
09:01 start t
09:10 stop
CMDS
check "custom scheme decodes" $DECODE check "$TMP/custom.slog"


# A file saved by Notepad: a byte-order mark and CRLF line ends.
printf '\357\273\27708:00 begin\r\n08:02 Start SLT By=Head person="DH "\r\n08:15 end # he left\r\n08:20 STOP\r\n' >"$TMP/notepad.txt"
expect_exit "Notepad file (BOM, CRLF)" 0 "$REC" --date 2026-11-16 \
    --input "$TMP/notepad.txt" "$TMP/notepad.slog"
check "Notepad file: four records, person trimmed, by= from Head" \
    "$PYTHON3" - "$TMP/notepad.slog" <<'PY'
import sys, msgpack
recs = list(msgpack.Unpacker(open(sys.argv[1], "rb"), raw=False))[1:]
assert [r["type"] for r in recs] == ["begin", "start", "end", "stop"], recs
assert recs[1]["group"] == "SLT" and recs[1]["person"] == "DH", recs[1]
assert recs[1]["by"] == "head", recs[1]
PY

# A transcription with six mistakes: all six in one run, nothing written.
cp "$TMP/notepad.slog" "$TMP/six.slog"
cat >"$TMP/six.txt" <<'EOF'
18:30 begin
18:31 start suport
18:32 start teachers by=boss
18:33 start teachers persn=T04
18:34 strat pupils
18:35 start pupils
18:36 start visitors with=visitors
18:37 end now
18:38 stop
EOF
expect_exit "six mistakes" 65 "$REC" --input "$TMP/six.txt" "$TMP/six.slog"
check "six mistakes: six lines, each FILE:LINE" "$PYTHON3" - "$TMP/err" "$TMP/six.txt" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
want = [2, 3, 4, 5, 7, 8]
got = [int(l.split(sys.argv[2] + ":", 1)[1].split(":")[0]) for l in lines]
assert got == want, (got, lines)
assert 'did you mean "support staff"' in lines[0], lines[0]
assert "did you mean person=" in lines[2], lines[2]
assert 'did you mean "start"' in lines[3], lines[3]
PY
check "six mistakes: the log is byte-identical" cmp -s "$TMP/six.slog" "$TMP/notepad.slog"
i=0; : >"$TMP/many.txt"
while [ $i -lt 25 ]; do echo "09:00 strat t" >>"$TMP/many.txt"; i=$((i + 1)); done
expect_exit "25 mistakes" 65 "$REC" --date 2026-11-16 --input "$TMP/many.txt" "$TMP/many.slog"
check "25 mistakes: 20 listed, then how many more" sh -c "
    test \$(grep -c 'many.txt:[0-9]*: unknown command' '$TMP/err') -eq 20 &&
    grep -q 'many.txt: 5 more errors not shown' '$TMP/err' && test ! -e '$TMP/many.slog'"

# Appended to a finished day, undo is refused and the log is unchanged;
# so is a correction that changes nothing.
printf '18:00 undo\n' >"$TMP/undo.txt"
expect_exit "undo on a finished day" 65 "$REC" --input "$TMP/undo.txt" "$TMP/six.slog"
err_has "undo on a finished day: says why" "undo.txt:1: undo: the day in the log has stopped"
check "undo on a finished day: log byte-identical" cmp -s "$TMP/six.slog" "$TMP/notepad.slog"
printf '18:00 begin\n18:01 undo\n' >"$TMP/undo2.txt"
expect_exit "begin then undo on a finished day" 65 "$REC" --input "$TMP/undo2.txt" "$TMP/six.slog"
check "begin then undo: log byte-identical" cmp -s "$TMP/six.slog" "$TMP/notepad.slog"
printf '18:00 recode #2 slt\n18:01 move 08:15 08:15\n' >"$TMP/noop.txt"
expect_exit "corrections that change nothing" 65 "$REC" --input "$TMP/noop.txt" "$TMP/six.slog"
err_has "recode to its own group" "noop.txt:1: recode: #2 is already SLT: nothing to correct"
err_has "move to its own instant" "noop.txt:2: move: #3 is already at 08:15:00: nothing to correct"
check "no-op corrections: log byte-identical" cmp -s "$TMP/six.slog" "$TMP/notepad.slog"
printf '08:00 begin\n08:01 start t\n08:02 undo\n08:03 stop\n' | \
    "$REC" --date 2026-11-16 "$TMP/undo-own.slog" 2>"$TMP/err"
check "undo within one input still works" sh -c "$DECODE actions '$TMP/undo-own.slog' | grep -q ' undo undoes=2'"

# A time later than now, in a log of today, is refused.
now_s=$(date +%s); today=$(date +%F)
later=$(date -d "@$((now_s + 900))" +%H:%M:%S)
if [ "$(date -d "@$((now_s + 900))" +%F)" = "$today" ] && [ "$(date +%H)" != 00 ]; then
	printf '00:00:01 begin\n%s start t\n' "$later" >"$TMP/future.txt"
	expect_exit "a time later than now" 65 "$REC" --date "$today" \
	    --input "$TMP/future.txt" "$TMP/future.slog"
	err_has "a time later than now: says so" "future.txt:2: $later is later than now ("
	check "a time later than now: no log" test ! -e "$TMP/future.slog"
else
	echo "# skipped the later-than-now check within 15 minutes of midnight"
fi

finish
