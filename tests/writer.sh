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
if ! use_tmux writer; then
	echo "SKIP: tmux is not installed (apt-get install tmux)"
	exit 77
fi
tm new-session -d -s keep "sleep 3600"

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

# ---- two live recorders on one log ----

for size in 250x60 30x8; do
	cols=${size%x*} rows=${size#*x}
	log="$TMP/two-$size.slog"
	start_rec rec 120 40 "$log"
	check "$size: the first recorder saves its begin" saved 1
	tm send-keys -t rec t
	check "$size: and an episode" saved 2
	pid=$(cat "$TMP/rec.pid")
	cp "$log" "$TMP/before"
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
start_rec rec 120 40 "$log"
check "held: begin saved" saved 1
tm send-keys -t rec t
check "held: an episode saved" saved 2
pid=$(cat "$TMP/rec.pid")
cp "$log" "$TMP/before"
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

finish
