#!/bin/sh
# A team's scheme of 12 groups and 3 dimensions (tests/data/team-live.scheme)
# on the live screen in a real terminal (tmux) at 80x24, 40x12, 250x60 and
# 30x8: every key in view where the screen has room for it, and a hurried
# observer's dimension keys, each decoded from the log to prove that exactly
# what was meant was written, or nothing.  Then a review corrects an
# episode's values and the time alone's task, seen in --dimensions.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_python_msgpack
ANALYSE="$top_builddir/analyser/shadowlog-analyse"
TEAM="$DATA/team-live.scheme"

# ---- review: a correction of the values, checked in --dimensions ----
# Worked by hand: 09:00-09:10 alone (task e-mail, priority reading),
# 09:10-09:30 teachers (purpose behaviour, priority attendance), 09:30-
# 09:40 alone and uncoded: 40 minutes observed, 10 are 25.0%, 20 50.0%.
log="$TMP/review.slog"
expect_exit "a day coded with the team's scheme" 0 "$REC" --scheme "$TEAM" \
    --date 2026-11-16 --input /dev/stdin "$log" <<'CMDS'
09:00 begin
09:00 alone task=e-mail priority=reading
09:10 start t purpose=behaviour priority=attendance
09:30 end
09:40 stop
CMDS
cp "$log" "$TMP/before.slog"
expect_exit "the review fixes the episode's purpose and priorities" 0 \
    "$REC" --input /dev/stdin "$log" <<'CMDS'
09:50 fix 09:10 purpose=safeguarding priority="attendance;SEND"
CMDS
cat >"$TMP/want.txt" <<'WANT'
2026-11-16

dimension  value         group     episodes    time  share
purpose    safeguarding  all              1  20m00s  50.0%
purpose    safeguarding  teachers         1  20m00s  50.0%
task       e-mail        all              1  10m00s  25.0%
task       e-mail        alone            1  10m00s  25.0%
priority   reading       all              1  10m00s  25.0%
priority   reading       alone            1  10m00s  25.0%
priority   attendance    all              1  20m00s  50.0%
priority   attendance    teachers         1  20m00s  50.0%
priority   SEND          all              1  20m00s  50.0%
priority   SEND          teachers         1  20m00s  50.0%
WANT
"$ANALYSE" --dimensions "$log" >"$TMP/dims.txt" 2>&1
same "--dimensions: the episode as corrected, each of its priorities" \
    "$TMP/want.txt" "$TMP/dims.txt"
"$ANALYSE" --dimensions --as-recorded "$log" >"$TMP/recorded.txt" 2>&1
"$ANALYSE" --dimensions "$TMP/before.slog" >"$TMP/before.txt" 2>&1
check "--as-recorded: the values as first logged" \
    cmp -s "$TMP/before.txt" "$TMP/recorded.txt"
check "... which were behaviour, and attendance alone" sh -c "
    grep -q '^purpose    behaviour   teachers         1  20m00s  50.0%\$' \
    '$TMP/before.txt' && ! grep -q SEND '$TMP/before.txt'"
# The time alone's task is fixed on its stretch, named by the alone record
# #2 that coded it (09:00 holds the begin too): the 10 minutes alone become
# walking, nothing else.
expect_exit "the review fixes the time alone's task" 0 "$REC" \
    --input /dev/stdin "$log" <<'CMDS'
09:55 fix #2 task=walking
CMDS
"$ANALYSE" --dimensions "$log" >"$TMP/alone.txt" 2>&1
check "... --dimensions: walking alone, 10 minutes of 40" grep -Eq \
    '^task +walking +alone +1 +10m00s +25.0%$' "$TMP/alone.txt"
check "... and no e-mail any more" sh -c "! grep -q e-mail '$TMP/alone.txt'"
check "... the episode's values as corrected before" sh -c \
    "grep -Eq '^priority +SEND +teachers +1 +20m00s +50.0%\$' '$TMP/alone.txt'"

if ! use_tmux live-dims; then
	echo "# skipped the live screen: tmux is not installed"
	finish
	exit
fi

# The legend of the team's scheme, whole: what the observer needs at 80x24.
LEGEND='s/S SLT|t/T teachers|a/A support staff|p/P pupils|r/R parents|v/V visitors|g/G governors|o/O other professionals|l/L local authority|c/C contractors|n/N nurse|m/M mental health team|UPPER CASE: other began it|? purpose|* task|^ priority|Tab pause|BkSp undo|q quit|% regroup  < began ago'
PURPOSES='1 teaching and learning|2 behaviour|3 staffing|4 finance and premises|5 parents and community|6 safeguarding|7 strategy|8 pupil welfare|9 administration'

# on_screen AT LIST: each item of the '|'-separated LIST is on the screen.
on_screen() {
	_at=$1
	_old=$IFS
	IFS='|'
	for _item in $2; do
		check "$_at: on screen: $_item" wait_for "$_item" 30
	done
	IFS=$_old
}

# shot AT WHAT: keeps the screen for the log of the run (make check's .log).
shot() {
	echo "# $1 $2:"
	screen | sed 's/^/#   |/'
}

cat >"$TMP/want" <<'WANT'
1 begin
2 alone task=desk work
3 alone priority=reading;SEND
4 start group=teachers by=head
5 set purpose=safeguarding
6 set purpose=behaviour
7 pause
8 resume
9 start group=teachers by=head
10 set purpose=strategy
11 set priority=wellbeing
12 end
13 stop
WANT

day() {
	w=$1 h=$2 log="$TMP/dims $1x$2.slog" at="$1x$2"
	tmux_size live-dims "$w" "$h" \
	    "'$REC' --scheme '$TEAM' --school 'Dims School' --head HT2 --observer OBS-D '$log'"
	check "$at: begin" wait_records "$log" 1
	check "$at: the state" wait_for "ALONE since"
	if [ "$w" -ge 80 ]; then
		on_screen "$at" "$LEGEND"
	else
		check "$at: the legend's first line" wait_for "s/S SLT"
	fi
	shot "$at" "alone"

	# purpose codes episodes: refused alone, its text not used.
	tm send-keys -t rec '?' behaviour
	check "$at: ? alone is refused" wait_for "not used: behaviour"
	tm send-keys -t rec Enter
	if [ "$w" -ge 80 ]; then
		check "$at: Enter says the text was not used" \
		    wait_for '"behaviour" not used'
	fi

	# task: a wrong number is refused, the prompt kept; Backspace held
	# past the text, then the number meant.
	tm send-keys -t rec '*'
	check "$at: * opens the task prompt" wait_for "task:"
	if [ "$w" -ge 40 ]; then
		on_screen "$at" "1 e-mail|2 desk work|3 walking|4 teaching|5 phone"
	fi
	tm send-keys -t rec 7 Enter
	if [ "$w" -ge 40 ]; then
		check "$at: 7 of 5 values is refused" \
		    wait_for "task has no value 7"
	fi
	check "$at: ... the prompt still open on it" wait_for "task: 7"
	tm send-keys -t rec BSpace BSpace BSpace BSpace BSpace BSpace
	tm send-keys -t rec 2 Enter
	check "$at: * 2 codes desk work" wait_records "$log" 2
	check "$at: ... shown under the state" wait_for "task desk work"

	# Esc cancels, with text typed.
	tm send-keys -t rec '*' 3
	check "$at: * again" wait_for "task: 3"
	tm send-keys -t rec Escape
	check "$at: Esc cancels" wait_gone "task: 3"

	# Several priorities by their numbers (tmux reads a bare ; itself).
	tm send-keys -t rec '^' 1 '\;' 3 Enter
	check "$at: ^ 1;3 codes reading and SEND" wait_records "$log" 3
	check "$at: ... shown" wait_for "priority reading;SEND"

	# An episode: task (alone only) is refused, its keys not used.
	tm send-keys -t rec t
	check "$at: t starts teachers" wait_records "$log" 4
	tm send-keys -t rec '*' 2 Enter
	if [ "$w" -ge 80 ]; then
		check "$at: * in an episode is refused, saying why" \
		    wait_for "task codes the time alone: end the episode first"
	fi
	tm send-keys -t rec '?'
	check "$at: ? opens the purpose prompt" wait_for "purpose:"
	if [ "$w" -ge 40 ]; then
		on_screen "$at" "$PURPOSES"
	fi
	shot "$at" "the purpose prompt"
	tm send-keys -t rec 6 Enter
	check "$at: ? 6 codes safeguarding" wait_records "$log" 5
	check "$at: ... shown in the episode" wait_for "purpose safeguarding"
	if [ "$w" -lt 40 ]; then
		check "$at: the last action, without its clock time" \
		    wait_for "#5 set purpose=safegua"
	fi
	tm send-keys -t rec '?' 9 BSpace BSpace BSpace 2 Enter
	check "$at: ? 9, Backspace held, 2: behaviour" wait_records "$log" 6
	check "$at: ... shown" wait_for "purpose behaviour"
	tm send-keys -t rec '?'
	check "$at: ? shows the value to edit" wait_for "purpose: behaviour"
	tm send-keys -t rec Escape
	check "$at: Esc leaves it" wait_gone "purpose: behaviour"

	# Paused: every dimension key is refused; nothing is written.
	tm send-keys -t rec Tab
	check "$at: Tab pauses" wait_records "$log" 7
	tm send-keys -t rec '?' 3 Enter
	tm send-keys -t rec '^' 1 Enter
	tm send-keys -t rec '*' 1 Enter
	if [ "$w" -ge 80 ]; then
		check "$at: ... saying paused" wait_for "paused"
	fi
	sleep 0.5
	check "$at: dimension keys while paused wrote nothing" \
	    test "$(records "$log")" -eq 7
	tm send-keys -t rec Tab
	check "$at: Tab resumes" wait_records "$log" 8

	# Quitting by mistake: q n, q Esc carry on; q t acts as t, q ? as ?.
	tm send-keys -t rec q
	check "$at: q asks" wait_for "y/n"
	tm send-keys -t rec n
	check "$at: n carries on" wait_gone "y/n"
	tm send-keys -t rec q
	check "$at: q asks again" wait_for "y/n"
	tm send-keys -t rec Escape
	check "$at: Esc carries on" wait_gone "y/n"
	tm send-keys -t rec q t
	check "$at: q t starts teachers" wait_records "$log" 9
	tm send-keys -t rec q
	check "$at: q asks" wait_for "y/n"
	tm send-keys -t rec '?'
	check "$at: q ? opens purpose" wait_for "purpose:"
	tm send-keys -t rec 7 Enter
	check "$at: ... and 7 codes strategy" wait_records "$log" 10
	tm send-keys -t rec '^' 4 Enter
	check "$at: ^ 4 in the episode: wellbeing" wait_records "$log" 11
	check "$at: both values shown" wait_for "priority wellbeing"
	check "$at: ... with the purpose" wait_for "purpose strategy"
	shot "$at" "the episode coded"
	tm send-keys -t rec Space
	check "$at: Space ends" wait_records "$log" 12
	tm send-keys -t rec q
	check "$at: q asks" wait_for "y/n"
	tm send-keys -t rec y
	check "$at: q y leaves" wait_for "EXITED 0"

	$DECODE actions "$log" >"$TMP/got $at"
	same "$at: the log holds exactly what was meant" "$TMP/want" \
	    "$TMP/got $at"
}

day 80 24
day 40 12
day 250 60
day 30 8
finish
