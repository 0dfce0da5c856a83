#!/bin/sh
# Clock and calendar.  Timed commands across midnight (23:50 to 24:10) and
# across both changes of the clocks in Europe/London; then the live
# recorder in tmux under Debian's libfaketime, its wall clock set back an
# hour inside one episode and forward an hour inside the next (the
# monotonic clock left true: FAKETIME_DONT_FAKE_MONOTONIC=1), running past
# midnight, and running through 01:00 UTC on both days the clocks change.
# Every duration in the episodes CSV must be real time (from the monotonic
# clock), and the analyser must say the clock was changed.
# CLOCK_EPISODE_S sets how long each live episode lasts (default 4 s).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_python_msgpack
ANA="$top_builddir/analyser/shadowlog-analyse"
EPISODE_S=${CLOCK_EPISODE_S:-4}
HALF_S=$((EPISODE_S / 2))
REST_S=$((EPISODE_S - HALF_S))

# field CSV ROW_PATTERN COLUMN: a column of the first row matching.
field() {
	grep -m1 -- "$2" "$1" | cut -d, -f"$3"
}

# near A B TOLERANCE: |A - B| <= TOLERANCE (decimals).
near() {
	$PYTHON3 -c 'import sys; a,b,t=map(float,sys.argv[1:]); sys.exit(abs(a-b)>t)' "$1" "$2" "$3"
}

# ---- timed commands across midnight ----

cat >"$TMP/midnight.txt" <<'EOF'
23:50 begin
23:52 start teachers by=head
23:59 start SLT by=other
24:05 end
24:10 stop
EOF
expect_exit "timed commands 23:50 to 24:10" 0 "$REC" --school S --head H \
    --date 2026-11-16 --input "$TMP/midnight.txt" "$TMP/midnight.slog"
"$ANA" --episodes --format=csv "$TMP/midnight.slog" >"$TMP/midnight.csv"
check "SLT episode runs 23:59:00 to 24:05:00, 360 s" \
    grep -q ',episode,23:59:00,24:05:00,360.000,SLT,' "$TMP/midnight.csv"
check "alone after it runs to 24:10:00" \
    grep -q ',alone,24:05:00,24:10:00,300.000,' "$TMP/midnight.csv"
"$ANA" "$TMP/midnight.slog" >"$TMP/midnight.txt.out"
check "summary: 20m00s observed from 23:50:00 to 24:10:00" \
    grep -q 'of the 20m00s from 23:50:00 to 24:10:00' "$TMP/midnight.txt.out"
check "exported CSV reads back to the same summary" \
    sh -c '"$1" "$2" | cmp -s - "$3"' sh "$ANA" "$TMP/midnight.csv" \
    "$TMP/midnight.txt.out"

# ---- timed commands across the change of clocks ----

if [ -r /usr/share/zoneinfo/Europe/London ]; then
	cat >"$TMP/dst.txt" <<'EOF'
00:30 begin
00:50 start teachers by=head
01:30 start SLT
02:30 start pupils
03:10 end
03:30 stop
EOF
	# Spring: 01:30 is in the hour the clocks skip: refused, not moved.
	expect_exit "spring: 01:30 on 2026-03-29 is refused" 65 \
	    env TZ=Europe/London "$REC" --school S --head H --date 2026-03-29 \
	    --input "$TMP/dst.txt" "$TMP/dst-refused.slog"
	err_has "... naming the line and why" \
	    "dst.txt:3: 01:30:00 on 2026-03-29 is not a time the clocks showed here"
	check "... and no log is left" test ! -e "$TMP/dst-refused.slog"
	grep -v '^01:30' "$TMP/dst.txt" >"$TMP/dst-2026-03-29.txt"
	cp "$TMP/dst.txt" "$TMP/dst-2026-10-25.txt"
	for d in 2026-03-29 2026-10-25; do
		expect_exit "timed commands 00:30 to 03:30 on $d (London)" 0 \
		    env TZ=Europe/London "$REC" --school S --head H --date $d \
		    --input "$TMP/dst-$d.txt" "$TMP/dst-$d.slog"
		TZ=Europe/London "$ANA" --episodes --format=csv \
		    "$TMP/dst-$d.slog" >"$TMP/dst-$d.csv"
		TZ=UTC "$ANA" --episodes --format=csv "$TMP/dst-$d.slog" |
		    cmp -s - "$TMP/dst-$d.csv"
		check "$d: the analyser's zone changes nothing" test $? -eq 0
	done
	# Spring: 01:00 GMT becomes 02:00 BST.  Real time from 00:30 GMT to
	# 03:30 BST is two hours.  Clock times are shown at the offset at noon
	# (BST): 00:30 GMT shows as 01:30.
	c=$TMP/dst-2026-03-29.csv
	check "spring: teachers 00:50 GMT to 02:30 BST is 40 min (shown 01:50-02:30)" \
	    grep -q ',episode,01:50:00,02:30:00,2400.000,teachers,' "$c"
	check "spring: pupils 02:30 to 03:10 BST is 40 min" \
	    grep -q ',episode,02:30:00,03:10:00,2400.000,pupils,' "$c"
	check "spring: the day is 2 hours of real time" test \
	    "$(awk -F, 'NR>1{s+=$8}END{print s}' "$c")" = 7200
	# Autumn: 02:00 BST becomes 01:00 GMT; 01:30 happens twice and is
	# taken as the first (BST).  00:30 BST to 03:30 GMT is four
	# hours.  Shown at the offset at noon (GMT): 00:30 BST is -00:30.
	c=$TMP/dst-2026-10-25.csv
	check "autumn: teachers 00:50 to 01:30 BST is 40 min (shown -00:10-00:30)" \
	    grep -q ',episode,-00:10:00,00:30:00,2400.000,teachers,' "$c"
	check "autumn: SLT 01:30 BST to 02:30 GMT is 2 hours" \
	    grep -q ',episode,00:30:00,02:30:00,7200.000,SLT,' "$c"
	check "autumn: the day is 4 hours of real time" test \
	    "$(awk -F, 'NR>1{s+=$8}END{print s}' "$c")" = 14400
	"$ANA" "$TMP/dst-2026-10-25.slog" >"$TMP/autumn.txt"
	check "autumn: a CSV with negative clock times reads back to the same summary" \
	    sh -c '"$1" "$2" 2>&1 | cmp -s - "$3"' sh "$ANA" "$c" "$TMP/autumn.txt"
else
	echo "# SKIP the change of clocks: no tzdata (apt-get install tzdata)"
fi

# ---- the live recorder under libfaketime ----

FTLIB=$(ls /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1 2>/dev/null | head -1)
if ! use_tmux clock || [ -z "$FTLIB" ]; then
	echo "# SKIP the live recorder under a moving clock: needs tmux and libfaketime (apt-get install tmux faketime)"
	finish
	exit
fi
ctl="$TMP/faketime"

uptime_s() { cut -d' ' -f1 /proc/uptime; }

# offset_to EPOCH: the faketime offset that makes now EPOCH.
offset_to() {
	$PYTHON3 -c 'import sys,time; print("%+d" % (int(sys.argv[1]) - int(time.time())))' "$1"
}
# epoch TZ "YYYY-MM-DD HH:MM:SS": that local time in seconds.
epoch() {
	TZ=$1 $PYTHON3 -c 'import sys,time; print(int(time.mktime(time.strptime(sys.argv[1], "%Y-%m-%d %H:%M:%S"))))' "$2"
}

# live_start TZ LOG: the recorder in tmux on the clock in $ctl.
live_start() {
	tm kill-session -t rec 2>/dev/null
	tm new-session -d -s rec -x 120 -y 40 \
	    "env TZ='$1' LD_PRELOAD='$FTLIB' FAKETIME_TIMESTAMP_FILE='$ctl' \
	    FAKETIME_NO_CACHE=1 FAKETIME_DONT_FAKE_MONOTONIC=1 \
	    ASAN_OPTIONS='${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0' \
	    '$REC' --school 'Clock School' --head HT1 '$2'; echo EXITED \$?; sleep 60"
}
live_quit() {
	tm send-keys -t rec q
	wait_for "y/n" >/dev/null
	tm send-keys -t rec y
	wait_for "EXITED 0"
}

# log_episode LOG SEQ: "mono_s wall_s session" of the stretch begun by SEQ,
# from the log itself (the next record's clocks less this one's).
log_episode() {
	$PYTHON3 - "$1" "$2" <<'EOF'
import msgpack, sys
recs = list(msgpack.Unpacker(open(sys.argv[1], "rb"), raw=False))[1:]
i = [r["seq"] for r in recs].index(int(sys.argv[2]))
a, b = recs[i], recs[i + 1]
print("%.3f %.3f %d" % ((b["mono"] - a["mono"]) / 1000, (b["t"] - a["t"]) / 1000,
      b["session"] == a["session"]))
EOF
}

# screen_agrees SCREEN SECONDS: the screen's clock less the open stretch's
# "since" is the duration it shows, and that is SECONDS (+-1.5).
screen_agrees() {
	$PYTHON3 - "$1" "$2" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
def sec(hms):
    p = [int(x) for x in hms.split(":")]
    return sum(v * 60 ** (len(p) - 1 - i) for i, v in enumerate(p))
clock = re.search(r"^\s*(\d+:\d\d:\d\d)", text, re.M).group(1)
since, dur = re.search(r"since (\d+:\d\d:\d\d) \S+ (\d+:\d\d(?::\d\d)?)", text).groups()
gap, shown = sec(clock) - sec(since), sec(dur)
print("# clock %s, since %s, shown %s" % (clock, since, dur))
sys.exit(not (abs(gap - shown) <= 1 and abs(shown - float(sys.argv[2])) <= 1.5))
EOF
}

# 1. The wall clock set back an hour inside one episode, forward an hour
# inside the next.
log="$TMP/jumps day.slog"
echo "+0" >"$ctl"
live_start UTC "$log"
check "live: begin saved" saved 1
tm send-keys -t rec t; check "live: t starts teachers" saved 2
t0=$(uptime_s)
sleep $HALF_S
echo "-3600" >"$ctl"
sleep $REST_S
screen >"$TMP/screen-back"
tm send-keys -t rec Space; check "live: the episode ends after the clock went back" saved 3
t1=$(uptime_s)
echo "# the screen after the wall clock went back an hour:"
sed -n '1,6p' "$TMP/screen-back" | sed 's/^/#   /'
check "screen after the jump back: clock, since and duration agree, ~$EPISODE_S s" \
    screen_agrees "$TMP/screen-back" "$EPISODE_S"
tm send-keys -t rec p; check "live: p starts pupils" saved 4
t2=$(uptime_s)
sleep $HALF_S
echo "+0" >"$ctl"
sleep $REST_S
tm send-keys -t rec Space; check "live: the episode ends after the clock went forward" saved 5
t3=$(uptime_s)
check "live: quit" live_quit
"$ANA" --episodes --format=csv "$log" >"$TMP/jumps.csv"
set -- $(log_episode "$log" 2)
check "log: the wall clock went back ~1 h inside #2 (wall $2 s, mono $1 s)" \
    near "$2" "$(($EPISODE_S - 3600))" 1.5
back=$(field "$TMP/jumps.csv" ",teachers," 8)
check "CSV: teachers lasted $back s = the monotonic clock's $1 s" near "$back" "$1" 0.0011
check "CSV: teachers lasted $back s ~ the $EPISODE_S s the keys were apart" \
    near "$back" "$($PYTHON3 -c "print($t1 - $t0)")" 0.5
set -- $(log_episode "$log" 4)
check "log: the wall clock went forward ~1 h inside #4 (wall $2 s, mono $1 s)" \
    near "$2" "$(($EPISODE_S + 3600))" 1.5
fwd=$(field "$TMP/jumps.csv" ",pupils," 8)
check "CSV: pupils lasted $fwd s = the monotonic clock's $1 s" near "$fwd" "$1" 0.0011
check "CSV: pupils lasted $fwd s ~ the $EPISODE_S s the keys were apart" \
    near "$fwd" "$($PYTHON3 -c "print($t3 - $t2)")" 0.5
check "CSV: observed time is the real time, not +-1 h" test \
    "$(awk -F, -v e="$EPISODE_S" 'NR>1{s+=$8}END{print (s > 2*e && s < 2*e + 30)}' "$TMP/jumps.csv")" = 1
"$ANA" "$log" >"$TMP/jumps.txt"
sed -n '/^Clock changes/,/^$/p' "$TMP/jumps.txt" | sed 's/^/#   /'
check "the analyser's summary flags the jumps (2)" \
    grep -q "^Clock changes while recording: 2 " "$TMP/jumps.txt"
check "... the jump back at #3" \
    grep -q "^  #3 at .*: the computer's clock went back 1h00m (it read " "$TMP/jumps.txt"
check "... the jump forward at #5" \
    grep -q "^  #5 at .*: the computer's clock went forward 1h00m (it read " "$TMP/jumps.txt"
if command -v gnuplot >/dev/null 2>&1; then
	"$ANA" --html="$TMP/jumps.html" "$log" >/dev/null 2>"$TMP/err"
	check "the feedback report lists the jumps" \
	    grep -q "the clock went back 1h00m" "$TMP/jumps.html"
fi

# 2. A live day past midnight (UTC): the end of the episode is past 24:00.
log="$TMP/midnight live.slog"
offset_to "$(epoch UTC '2026-11-16 23:59:57')" >"$ctl"
live_start UTC "$log"
check "midnight: begin saved" saved 1
tm send-keys -t rec r; check "midnight: r starts parents before midnight" saved 2
sleep $((EPISODE_S > 4 ? EPISODE_S : 4))
tm send-keys -t rec Space; check "midnight: the episode ends after midnight" saved 3
screen >"$TMP/screen-midnight"
echo "# the screen just after midnight:"
sed -n '1,6p' "$TMP/screen-midnight" | sed 's/^/#   /'
check "midnight: quit" live_quit
"$ANA" --episodes --format=csv "$log" >"$TMP/mid.csv"
check "midnight: the header keeps the day it began (2026-11-16)" \
    grep -q ',2026-11-16,episode,' "$TMP/mid.csv"
check "midnight: parents from 23:59:5x to 24:0x:xx" \
    grep -Eq ',episode,23:59:5[0-9](\.[0-9]+)?,24:0[0-9]:[0-9][0-9](\.[0-9]+)?,[0-9.]+,parents,' "$TMP/mid.csv"
set -- $(log_episode "$log" 2)
check "midnight: its length is the monotonic clock's $1 s" \
    near "$(field "$TMP/mid.csv" ",parents," 8)" "$1" 0.0011

# 3. Live through the change of clocks (Europe/London): 01:00 UTC.
if [ -r /usr/share/zoneinfo/Europe/London ]; then
	for d in 2026-03-29 2026-10-25; do
		log="$TMP/dst live $d.slog"
		offset_to "$(epoch UTC "$d 00:59:57")" >"$ctl"
		live_start Europe/London "$log"
		check "$d live: begin saved" saved 1
		tm send-keys -t rec s; check "$d live: s starts SLT" saved 2
		sleep $((EPISODE_S > 4 ? EPISODE_S : 4))
		tm send-keys -t rec Space
		check "$d live: the episode ends after 01:00 UTC" saved 3
		screen >"$TMP/screen-$d"
		check "$d live: quit" live_quit
		"$ANA" --episodes --format=csv "$log" >"$TMP/dst-live.csv"
		"$ANA" "$log" >"$TMP/dst-live.txt"
		set -- $(log_episode "$log" 2)
		check "$d live: SLT lasted the monotonic clock's $1 s" \
		    near "$(field "$TMP/dst-live.csv" ",SLT," 8)" "$1" 0.0011
		check "$d live: the UTC wall clock agreed ($2 s)" near "$1" "$2" 0.1
		check "$d live: no clock change flagged" \
		    sh -c '! grep -q "Clock changes" "$1"' sh "$TMP/dst-live.txt"
		# Shown at the offset at noon: BST in spring, GMT in autumn.
		case $d in
		*-03-*) want='01:59:5[0-9](\.[0-9]+)?,02:0[0-9]:' ;;
		*) want='00:59:5[0-9](\.[0-9]+)?,01:0[0-9]:' ;;
		esac
		check "$d live: shown at the offset at noon ($want)" \
		    grep -Eq ",episode,$want" "$TMP/dst-live.csv"
	done
fi
finish
