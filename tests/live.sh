#!/bin/sh
# The live recorder in a real terminal (tmux): keys become records, each is
# shown as saved only once durable; SIGKILL mid-day loses nothing the
# screen confirmed; re-opening continues the day; and the same day typed as
# timed commands decodes to the same actions.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_python_msgpack
if ! use_tmux live; then
	echo "SKIP: tmux is not installed (apt-get install tmux)"
	exit 77
fi
log="$TMP/live day.slog"	# a path with a space on purpose

start_recorder() {
	tm new-session -d -s rec -x 120 -y 40 \
	    "'$REC' --school 'Live School' --head HT9 --observer OBS-L '$log'; echo EXITED \$?; sleep 60"
}

start_recorder
check "first start writes begin" saved 1
tm send-keys -t rec t;			check "t starts teachers" saved 2
tm send-keys -t rec '#' T04 Enter;	check "person code" saved 3
tm send-keys -t rec Space;		check "space ends the episode" saved 4
tm send-keys -t rec P;			check "P: pupils, begun by them" saved 5
tm send-keys -t rec / p;		check "brief contact" saved 6
tm send-keys -t rec '!' 'met in the corridor' Enter; check "note" saved 7
tm send-keys -t rec Tab;		check "pause" saved 8
tm send-keys -t rec Tab;		check "resume" saved 9
tm send-keys -t rec s;			check "s starts SLT" saved 10
tm send-keys -t rec BSpace;		check "backspace undoes" saved 11
check "screen shows the open episode" wait_for "pupils"

# SIGKILL: everything confirmed so far must be in the log.
pid=$(pgrep -f "shadowlog-record --school Live School" | head -1)
check "recorder is running" test -n "$pid"
kill -KILL "$pid"
check "killed" wait_for "EXITED 137"
$DECODE actions "$log" >"$TMP/after-kill"
check "all 11 confirmed actions survived the kill" test "$(wc -l <"$TMP/after-kill")" -eq 11
check "undo withdrew the SLT start" grep -qx '11 undo undoes=10' "$TMP/after-kill"

tm kill-session -t rec
start_recorder
check "re-open says it recovered" wait_for "recovered"
tm send-keys -t rec v;			check "after re-open: v starts visitors" saved 12
tm send-keys -t rec q;			check "q asks before quitting" wait_for "y/n"
tm send-keys -t rec y;			check "y writes stop and exits" wait_for "EXITED 0"
$DECODE actions "$log" >"$TMP/live.actions"
check "log decodes" $DECODE check "$log"
cat >"$TMP/want" <<'WANT'
1 begin
2 start group=teachers by=head
3 set person=T04
4 end
5 start group=pupils by=other
6 brief group=pupils by=head
7 note text=met in the corridor
8 pause
9 resume
10 start group=SLT by=head
11 undo undoes=10
12 start group=visitors by=head
13 stop
WANT
check "the day as keyed" cmp "$TMP/want" "$TMP/live.actions"
check "the terminal was restored (no raw mode left)" wait_for "EXITED 0"

# The same day typed as timed commands decodes to the same actions.
$DECODE timed "$log" >"$TMP/typed.txt"
expect_exit "same day as timed commands" 0 "$REC" --school 'Live School' \
    --head HT9 --observer OBS-L --date "$($PYTHON3 -c "
import msgpack,sys; print(next(iter(msgpack.Unpacker(open(sys.argv[1],'rb'),raw=False)))['date'])" "$log")" \
    --input "$TMP/typed.txt" "$TMP/typed.slog"
$DECODE actions "$TMP/typed.slog" >"$TMP/typed.actions"
check "live and typed days decode to the same actions" cmp "$TMP/live.actions" "$TMP/typed.actions"

# An old day re-opened by mistake: it goes on (the contract), the screen
# says how old it is at once, and Ctrl-C leaves it as it was.
old="$TMP/old day.slog"
printf '08:00 begin\n08:10 start t\n' >"$TMP/old.txt"
"$REC" --date "$($PYTHON3 -c 'import datetime; print(datetime.date.today() - datetime.timedelta(days=3))')" \
    --input "$TMP/old.txt" "$old" >/dev/null 2>&1 </dev/null
cp "$old" "$TMP/old.before"
tm kill-session -t rec 2>/dev/null
tm new-session -d -s rec -x 120 -y 40 "'$REC' '$old'; echo EXITED \$?; sleep 60"
check "an old log: the screen says how old it is" wait_for "hours old (the day of"
check "... and how to start a new day instead" wait_for "Ctrl-C"
tm send-keys -t rec C-c
check "... Ctrl-C quits" wait_for "EXITED 0"
check "... leaving the old day as it was" cmp "$old" "$TMP/old.before"
finish
