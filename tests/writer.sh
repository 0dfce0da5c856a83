#!/bin/sh
# One writer at a time, and restarts.  Two live recorders on one log in two
# tmux sessions: the second is refused, names the first's pid and writes
# nothing.  A timed-command run on a log held live is refused with the log
# unchanged, and the live recorder's later actions still land in the log
# (a rename over it once sent them to a deleted file).  A log that two old
# recorders interleaved is read with a warning, not refused.  A kill and a
# restart: the screen says how long the recorder was down, and the
# analyser's text and JSON list the restart.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_python_msgpack
ANA="$top_builddir/analyser/shadowlog-analyse"

# ---- a log two recorders wrote at once (before the lock) ----

printf '08:00 begin\n' >"$TMP/one.txt"
"$REC" --school S --date 2026-11-16 --input "$TMP/one.txt" "$TMP/base.slog" 2>/dev/null
# craft BASE OUT SCENARIO: the base log's header, then records of two live
# sessions at once, each numbering from its own view.
craft() {
	$PYTHON3 - "$1" "$2" "$3" <<'EOF'
import msgpack, sys
u = msgpack.Unpacker(open(sys.argv[1], "rb"), raw=False)
hdr = next(u)
t0 = next(u)["t"]
def rec(seq, typ, s, dt, **kw):
    r = {"type": typ, "t": t0 + dt * 1000, "mono": 5000000 + dt * 1000, "session": s}
    r.update(kw)
    r["seq"] = seq
    return r
# Session 1 began the day and started an episode; session 2 opened the log
# after seq 2 and wrote beside it.
recs = [rec(1, "begin", 1, 0), rec(2, "start", 1, 60, group="teachers", by="head")]
if sys.argv[3] == "fits":
    recs += [rec(3, "note", 1, 120, text="window one"),
             rec(3, "start", 2, 180, group="pupils", by="other"),
             rec(4, "note", 1, 240, text="window one again"),
             rec(4, "end", 2, 300),
             rec(5, "stop", 1, 360)]
else:
    recs += [rec(3, "note", 1, 120, text="window one"),
             rec(3, "start", 2, 180, group="pupils", by="other"),
             rec(4, "end", 1, 240),
             rec(4, "set", 2, 300, person="P7"),
             rec(5, "end", 2, 330),
             rec(5, "stop", 1, 360)]
with open(sys.argv[2], "wb") as f:
    f.write(msgpack.packb(hdr))
    for r in recs:
        f.write(msgpack.packb(r))
EOF
}
craft "$TMP/base.slog" "$TMP/fits.slog" fits
craft "$TMP/base.slog" "$TMP/clash.slog" clash
cp "$TMP/fits.slog" "$TMP/fits.before"
expect_exit "interleaved: read with exit 0 when every record fits the day" 0 \
    "$ANA" --episodes --format=csv "$TMP/fits.slog"
err_has "interleaved: the warning names the records, bytes and sessions" \
    "records #4..#7 (bytes "
err_has "interleaved: ... written by two recorders at once" \
    ") were written by two recorders at once (sessions 1 and 2); 4 were out of sequence and are read in file order, numbered on"
check "interleaved: every action is in the analysis, in file order" sh -c "
    cut -d, -f5,6,9 '$TMP/out' | tr '\n' ' ' |
    grep -qx 'kind,start,group alone,08:00:00,alone episode,08:01:00,teachers note,08:02:00, episode,08:03:00,pupils note,08:04:00, alone,08:05:00,alone '"
check "interleaved: reading changed nothing" cmp -s "$TMP/fits.slog" "$TMP/fits.before"
expect_exit "interleaved: clashing views are read, exit 65, the day there" 65 \
    "$ANA" --episodes --format=csv "$TMP/clash.slog"
err_has "interleaved: the records the day cannot hold are named" \
    "2 of them left out, as the day could not hold both recorders' views (#6 set (byte "
check "interleaved: the rest of the day is analysed" sh -c "
    cut -d, -f5,6,9 '$TMP/out' | tr '\n' ' ' |
    grep -qx 'kind,start,group alone,08:00:00,alone episode,08:01:00,teachers note,08:02:00, episode,08:03:00,pupils alone,08:04:00,alone '"
# A timed run appends after it, numbering on from the file order.
printf '08:07 begin\n08:08 start SLT\n' >"$TMP/more.txt"
expect_exit "interleaved: a timed run appends to it" 0 \
    "$REC" --input "$TMP/more.txt" "$TMP/fits.slog"
check "interleaved: the new records are numbered on, after the 7 read" sh -c \
    "$PYTHON3 -c 'import msgpack,sys; print([r.get(\"seq\") for r in msgpack.Unpacker(open(sys.argv[1],\"rb\"),raw=False)][-2:])' '$TMP/fits.slog' | grep -qx '\[8, 9\]'"
expect_exit "interleaved: and it reads back, with the warning still" 0 \
    "$ANA" "$TMP/fits.slog"

# ---- the live recorder, in tmux ----

if ! use_tmux writer; then
	echo "# SKIP the live parts: tmux is not installed (apt-get install tmux)"
	finish
	exit
fi

# start_rec SESSION COLS ROWS LOG: a live recorder in tmux session SESSION;
# its pid goes to $TMP/SESSION.pid (exec keeps it).
start_rec() {
	tm kill-session -t "$1" 2>/dev/null
	rm -f "$TMP/$1.pid"
	tm new-session -d -s "$1" -x "$2" -y "$3" \
	    "sh -c 'echo \$\$ >\"$TMP/$1.pid\"; exec \"$REC\" --school S \"$4\"'; echo EXITED \$?; sleep 60"
}
# pane SESSION: the screen of that session.
pane() { tm capture-pane -p -t "$1" 2>/dev/null; }
# pane_has SESSION TEXT: within 10 s.
pane_has() {
	i=0
	while [ $i -lt 100 ]; do
		pane "$1" | grep -qF -- "$2" && return 0
		sleep 0.1; i=$((i + 1))
	done
	echo "# $1 while waiting for '$2':"; pane "$1" | sed 's/^/#   /'
	return 1
}

# open_day WHAT LOG: a recorder in session rec on LOG saves its begin and
# an episode; the recorder's pid goes to $pid, the log to $TMP/before.
open_day() {
	start_rec rec 120 40 "$2"
	check "$1: the first recorder saves its begin" saved 1
	tm send-keys -t rec t
	check "$1: and an episode" saved 2
	pid=$(cat "$TMP/rec.pid")
	cp "$2" "$TMP/before"
}

# ---- two live recorders on one log ----

for size in 250x60 30x8; do
	cols=${size%x*} rows=${size#*x}
	log="$TMP/two-$size.slog"
	open_day "$size" "$log"
	start_rec rec2 "$cols" "$rows" "$log"
	check "$size: a second recorder on the log is refused with exit 75" \
	    pane_has rec2 "EXITED 75"
	# At 30 columns the message wraps: join the screen's lines.
	check "$size: it names the first one's pid and says what to do" sh -c \
	    "$TMUX_BIN -L $sock capture-pane -p -J -t rec2 | tr -d '\n' |
	    grep -qF 'is open in another shadowlog-record (pid $pid); close that one first'"
	check "$size: the second wrote nothing" cmp -s "$log" "$TMP/before"
	tm send-keys -t rec Space
	check "$size: the first goes on" saved 3
	tm send-keys -t rec q y
	check "$size: and quits" wait_for "EXITED 0"
	check "$size: the log holds the first recorder's day, once" sh -c \
	    "$DECODE actions '$log' | tr '\n' ' ' | grep -qx '1 begin 2 start group=teachers by=head 3 end 4 stop '"
	tm kill-session -t rec2
done

# ---- a timed run on a log held live ----

log="$TMP/held.slog"
open_day held "$log"
ino=$(stat -c %i "$log")
printf '%s start pupils\n' "$(date +%H:%M:%S)" >"$TMP/late.txt"
expect_exit "held: a timed run on the live log is refused" 75 \
    "$REC" --input "$TMP/late.txt" "$log"
err_has "held: it names the live recorder's pid" \
    "$log is open in another shadowlog-record (pid $pid); close that one first"
check "held: not a byte of the log changed" cmp -s "$log" "$TMP/before"
check "held: no temporary file left" sh -c "! ls '$TMP' | grep -q 'held.slog.tmp'"
tm send-keys -t rec s
check "held: the live recorder goes on" saved 3
tm send-keys -t rec Space
check "held: and on" saved 4
tm send-keys -t rec q y
check "held: and quits" wait_for "EXITED 0"
check "held: the log is the same file" test "$(stat -c %i "$log")" = "$ino"
$DECODE actions "$log" >"$TMP/held.got"
printf '1 begin\n2 start group=teachers by=head\n3 start group=SLT by=head\n4 end\n5 stop\n' >"$TMP/held.want"
check "held: the live actions after the refused run are all in the log" \
    cmp "$TMP/held.want" "$TMP/held.got"
# Once the recorder has closed, the same run appends in place.
printf 'note after the day\n' >"$TMP/after.txt"
expect_exit "held: once closed, a timed run appends" 0 \
    "$REC" --input "$TMP/after.txt" "$log"
check "held: in place, to the same inode" test "$(stat -c %i "$log")" = "$ino"
check "held: the note follows the live day" sh -c \
    "$DECODE actions '$log' | tail -n 1 | grep -qx '6 note text=after the day'"
tm kill-session -t rec

# ---- a kill and a restart ----

# restarts_json LOG: "seq down_s agrees" for each restart in the analyser's
# JSON, "agrees" when down_s is the gap between the record and the one
# before it in the log (within 5 ms: the one before is placed by the boot
# clock, which the wall clock drifts from by a millisecond or so).
restarts_json() {
	"$ANA" --format=json "$1" | $PYTHON3 -c '
import json, sys, msgpack
day = json.load(sys.stdin)
if isinstance(day, dict) and "days" in day:
    day = day["days"]
day = day[0] if isinstance(day, list) else day
recs = {r["seq"]: r for r in list(msgpack.Unpacker(open(sys.argv[1], "rb"), raw=False))[1:]}
for r in day.get("restarts", []):
    gap = (recs[r["seq"]]["t"] - recs[r["seq"] - 1]["t"]) / 1000
    print(r["seq"], r["down_s"], "agrees" if abs(r["down_s"] - gap) < 0.005 else "gap %.3f" % gap)
' "$1"
}

for size in 250x60 30x8; do
	cols=${size%x*} rows=${size#*x}
	log="$TMP/kill-$size.slog"
	start_rec rec "$cols" "$rows" "$log"
	check "$size kill: begin saved" pane_has rec "#1 begin"
	tm send-keys -t rec t
	check "$size kill: an episode" pane_has rec "#2 start tea"
	sleep 0.3
	kill -9 "$(cat "$TMP/rec.pid")"
	check "$size kill: killed" pane_has rec "EXITED 137"
	sleep 3
	start_rec rec "$cols" "$rows" "$log"
	# The message wraps on a narrow screen: join the lines to read it.  A
	# 30x8 screen keeps the state line (WITH teachers) before the rest of
	# the message.
	want='recovered: closed for up to 0m0[3-5]s \(last record [0-9:]{8}\);'
	[ "$size" = 250x60 ] && want="$want the episode with teachers is still open"
	check "$size kill: the screen says for how long it was closed" sh -c "
	    i=0; while [ \$i -lt 100 ]; do
		$TMUX_BIN -L $sock capture-pane -p -J -t rec | tr '\n' ' ' | tr -s ' ' |
		grep -Eq '$want' && exit 0
		sleep 0.1; i=\$((i + 1)); done
	    $TMUX_BIN -L $sock capture-pane -p -t rec | sed 's/^/#   /'; exit 1"
	tm send-keys -t rec Space
	check "$size kill: the day goes on" pane_has rec "#3 end"
	tm send-keys -t rec q y
	check "$size kill: and quits" pane_has rec "EXITED 0"
	"$ANA" "$log" >"$TMP/kill.txt"
	check "$size kill: the text summary lists the restart" sh -c "
	    grep -q '^Recorder restarts: 1 (not watched: at most [3-5]s' '$TMP/kill.txt' &&
	    grep -Eq '^  #3 at [0-9:]{8}: no record for [3-5]s before it \(since [0-9:]{8}\)' '$TMP/kill.txt' ||
	    { sed 's/^/#   /' '$TMP/kill.txt'; exit 1; }"
	if [ "$size" = 250x60 ]; then
		"$ANA" --html="$TMP/kill.html" "$log" 2>"$TMP/html.err"
		check "$size kill: the report says the recorder was restarted" sh -c "
		    grep -Eq '<p>The recorder was restarted once; at most [3-5]s was not watched\.' '$TMP/kill.html' &&
		    grep -Eq '<li>[0-9:]{8}: restarted; no record for [3-5]s before it \(since [0-9:]{8}\)</li>' '$TMP/kill.html' ||
		    { cat '$TMP/html.err'; grep -A4 'Recorder restarts' '$TMP/kill.html'; exit 1; }"
	fi
	restarts_json "$log" >"$TMP/kill.json"
	check "$size kill: the JSON lists it, down_s the gap between the records" \
	    sh -c "grep -Eq '^3 [3-5]\.[0-9]+ agrees\$' '$TMP/kill.json' && test \$(wc -l <'$TMP/kill.json') -eq 1 ||
	    { cat '$TMP/kill.json'; exit 1; }"
	"$ANA" --format=json "$log" >"$TMP/kill-day.json"
	check "$size kill: the day's JSON, restarts and all, is as the man page's schema says" \
	    "$PYTHON3" "$top_srcdir/tests/schema.py" --partial \
	    "$top_srcdir/analyser/shadowlog-analyse.1" summary "$TMP/kill-day.json"
	tm kill-session -t rec
done

# A day ended with a stop and re-opened is no restart.
check "a stopped day re-opened lists no restart" sh -c \
    "! '$ANA' '$TMP/held.slog' | grep -q 'Recorder restarts'"

# ---- a restart with the wall clock set back ----

FTLIB=$(ls /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1 2>/dev/null | head -1)
if [ -z "$FTLIB" ]; then
	echo "# SKIP the clock set back across a restart: needs libfaketime (apt-get install faketime)"
	finish
	exit
fi
ctl="$TMP/faketime"
echo "+0" >"$ctl"
# start_fake SESSION LOG: a recorder on the wall clock in $ctl.
start_fake() {
	tm kill-session -t "$1" 2>/dev/null
	tm new-session -d -s "$1" -x 250 -y 60 \
	    "sh -c 'echo \$\$ >\"$TMP/$1.pid\"; exec env LD_PRELOAD=\"$FTLIB\" FAKETIME_TIMESTAMP_FILE=\"$ctl\" \
	    FAKETIME_NO_CACHE=1 FAKETIME_DONT_FAKE_MONOTONIC=1 \
	    ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0\" \
	    \"$REC\" --school S \"$2\"'; echo EXITED \$?; sleep 60"
}
log="$TMP/back.slog"
start_fake rec "$log"
check "set back: begin saved" saved 1
tm send-keys -t rec t
check "set back: an episode" saved 2
sleep 2
kill -9 "$(cat "$TMP/rec.pid")"
check "set back: killed" wait_for "EXITED 137"
echo "-3600" >"$ctl"
start_fake rec "$log"
check "set back: the screen says the clock was set back" sh -c "
    i=0; while [ \$i -lt 100 ]; do
	$TMUX_BIN -L $sock capture-pane -p -J -t rec | tr '\n' ' ' | tr -s ' ' |
	grep -Eq \"recovered: the computer's clock reads [0-9:]{8}, 59m5[0-9]s before the last record \([0-9:]{8}\): it was set back; the episode with teachers is still open\" && exit 0
	sleep 0.1; i=\$((i + 1)); done
    $TMUX_BIN -L $sock capture-pane -p -t rec | sed 's/^/#   /'; exit 1"
sleep 2
tm send-keys -t rec Space
check "set back: the episode ends" saved 3
tm send-keys -t rec q y
check "set back: quits" wait_for "EXITED 0"
"$ANA" --episodes --format=csv "$log" >"$TMP/back.csv"
# The episode lasted from #2 to #3 by the boot clock (the same boot).
check "set back: the episode keeps its time (about 4 s, as the boot clock)" \
    $PYTHON3 - "$log" "$TMP/back.csv" <<'EOF'
import csv, msgpack, sys
recs = list(msgpack.Unpacker(open(sys.argv[1], "rb"), raw=False))[1:]
rows = [r for r in csv.DictReader(open(sys.argv[2])) if r["kind"] == "episode"]
mono = (recs[2]["mono"] - recs[1]["mono"]) / 1000
print("# episodes:", [(r["group"], r["duration_s"]) for r in rows], "boot clock %.3f s" % mono)
assert recs[2]["t"] < recs[1]["t"], "the wall clock was not behind"
assert len(rows) == 1 and rows[0]["group"] == "teachers"
assert abs(float(rows[0]["duration_s"]) - mono) < 0.0015 and 3 < mono < 8
EOF
"$ANA" "$log" >"$TMP/back.txt"
check "set back: the text lists the clock change and the restart" sh -c "
    grep -q '^Clock changes while recording: 1' '$TMP/back.txt' &&
    grep -Eq '^  #3 at [0-9:]{8}: the computer.s clock went back (59m5[0-9]s|1h00m)' '$TMP/back.txt' &&
    grep -q '^Recorder restarts: 1' '$TMP/back.txt' || { sed 's/^/#   /' '$TMP/back.txt'; exit 1; }"

finish
