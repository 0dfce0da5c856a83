#!/bin/sh
# A hurried observer's keys in a real terminal (tmux), at 250x60 and at
# 30x8: the keying the issue saw mis-code a day, each decoded from the log
# to prove that exactly what was meant was written, or nothing.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_python_msgpack
if ! use_tmux hurried; then
	echo "SKIP: tmux is not installed (apt-get install tmux)"
	exit 77
fi

cat >"$TMP/want" <<'WANT'
1 begin
2 start group=teachers by=head
3 set where=6th form block
4 set person=T04
5 set with=pupils
6 pause
7 resume
8 start group=teachers by=head
9 set person=T04
10 end
11 start group=teachers by=head
12 note text=line one line two
13 recode group=pupils target=11
14 end
15 stop
WANT

day() {
	w=$1 h=$2 log="$TMP/hurried $1x$2.slog" at="$1x$2"
	tmux_size hurried "$w" "$h" \
	    "'$REC' --school 'Hurried School' --head HT1 --observer OBS-H '$log'"
	tm pipe-pane -o -t rec "cat >>'$TMP/raw $at'"
	check "$at: begin" wait_records "$log" 1

	# Alone: a refused prompt keeps its text; nothing starts.
	tm send-keys -t rec @ staffroom
	check "$at: @ refused alone, its text shown as not used" \
	    wait_for "not used: staffroom"
	tm send-keys -t rec Enter
	tm send-keys -t rec '#' T04
	check "$at: # refused alone too" wait_for "not used: T04"
	tm send-keys -t rec Enter
	if [ "$w" -ge 80 ]; then
		check "$at: Enter says the text was not used" \
		    wait_for '"T04" not used'
	fi
	tm send-keys -t rec % t
	check "$at: % (regroup) refused alone too" wait_for "not used: t"
	tm send-keys -t rec Enter
	check "$at: @staffroom, #T04 and %t alone wrote nothing" \
	    test "$(records "$log")" -eq 1

	# A place that begins with a digit is a place.
	tm send-keys -t rec t
	check "$at: t starts teachers" wait_records "$log" 2
	tm send-keys -t rec @ '6th form block'
	check "$at: the location typed stays in the prompt" \
	    wait_for "6th form block"
	tm send-keys -t rec Enter
	check "$at: @6th form block sets the place" wait_records "$log" 3
	tm send-keys -t rec '#' T04 Enter
	check "$at: #T04 in an episode sets the person" wait_records "$log" 4
	tm send-keys -t rec '#'
	check "$at: # shows the person to edit" wait_for "person: T04"
	tm send-keys -t rec Left Left
	sleep 0.3
	check "$at: Left Left puts the cursor before 04" \
	    test "$(tm display -p -t rec '#{cursor_x}')" -eq 9
	tm send-keys -t rec Enter
	if [ "$w" -ge 80 ]; then
		check "$at: Enter keeps the person shown, writing nothing" \
		    wait_for "person unchanged"
	fi

	# '+' in a teachers episode does not offer teachers.
	tm send-keys -t rec +
	check "$at: + opens" wait_for "groups present"
	if [ "$w" -ge 80 ]; then
		check "$at: + offers pupils" wait_for "p pupils [ ]"
		check "$at: + does not offer the episode's own group" \
		    no_screen "t teachers ["
	fi
	tm send-keys -t rec t
	if [ "$w" -ge 80 ]; then
		check "$at: its key says so" wait_for "own group"
	fi
	tm send-keys -t rec p Enter
	check "$at: + p sets pupils present" wait_records "$log" 5

	# Paused: '/' and a group key, and a group key, do nothing.
	tm send-keys -t rec Tab
	check "$at: Tab pauses" wait_records "$log" 6
	tm send-keys -t rec / t
	check "$at: / while paused is refused" wait_for "not used: t"
	if [ "$w" -ge 80 ]; then
		# The refused prompt takes Tab too: it must not say "Tab".
		check "$at: ... saying to leave it before Tab" \
		    wait_for "Esc, then Tab resumes"
	fi
	tm send-keys -t rec Enter
	if [ "$w" -ge 80 ]; then
		check "$at: Enter ends the refused prompt" \
		    wait_for '"t" not used'
	fi
	tm send-keys -t rec t
	if [ "$w" -ge 80 ]; then
		check "$at: a group key while paused says paused" \
		    wait_gone '"t" not used'
		check "$at: ... and that Tab resumes" \
		    wait_for "paused: Tab resumes"
	fi
	check "$at: nothing written while paused" \
	    test "$(records "$log")" -eq 6
	tm send-keys -t rec Tab
	check "$at: Tab resumes (alone: the pause ended the episode)" \
	    wait_records "$log" 7

	# q then t: the quit is cancelled and t starts teachers.
	tm send-keys -t rec q
	check "$at: q asks" wait_for "y/n"
	tm send-keys -t rec t
	check "$at: q t starts teachers" wait_records "$log" 8

	# T4 beside the day's T04 is pointed out; Tab takes T04.
	tm send-keys -t rec '#' T4 Enter
	check "$at: T4 is pointed out as near T04" wait_for "did you mean T04"
	tm send-keys -t rec Tab
	check "$at: Tab takes T04" wait_for "person: T04"
	tm send-keys -t rec Enter
	check "$at: T04 is set" wait_records "$log" 9
	tm send-keys -t rec Space
	check "$at: Space ends" wait_records "$log" 10

	# A double tap and key repeat: one episode.
	tm send-keys -t rec t t t
	check "$at: t t t starts one episode" wait_records "$log" 11
	if [ "$w" -ge 80 ]; then
		check "$at: the extra presses are said to be one" \
		    wait_for "taken as one press"
	fi

	# A pasted two-line note, timed when '!' was pressed.
	tm send-keys -t rec '!'
	sleep 2
	printf 'line one\nline two' >"$TMP/paste"
	tm load-buffer -b note "$TMP/paste"
	tm paste-buffer -p -b note -t rec
	check "$at: the paste is one line in the prompt" \
	    wait_for "line one line two"
	tm send-keys -t rec Enter
	check "$at: the note is saved" wait_records "$log" 12

	# A paste with no prompt open (keys, mending keys, Ctrl-R and all),
	# a Linux-console F1 and Alt-p: nothing.
	printf 'tsap %%t <5\n\022 q y' >"$TMP/keys"
	tm load-buffer -b keys "$TMP/keys"
	tm paste-buffer -p -b keys -t rec
	if [ "$w" -ge 80 ]; then
		check "$at: a paste with no prompt is refused in one message" \
		    wait_for "paste not used: 16 bytes"
	fi
	tm send-keys -t rec -H 1b 5b 5b 41
	tm send-keys -t rec M-p
	sleep 0.5

	# q then % cancels the quit and opens the regroup prompt, which
	# keeps through an arrow and Alt; p regroups.
	tm send-keys -t rec q
	check "$at: q asks" wait_for "y/n"
	tm send-keys -t rec %
	tm send-keys -t rec Up
	tm send-keys -t rec M-t
	sleep 0.3
	tm send-keys -t rec p
	check "$at: % Up Alt-t p regroups to pupils" wait_records "$log" 13
	tm send-keys -t rec Space
	check "$at: Space ends" wait_records "$log" 14
	tm send-keys -t rec q
	check "$at: q asks" wait_for "y/n"
	tm send-keys -t rec y
	check "$at: q y leaves" wait_for "EXITED 0"
	check "$at: bracketed paste on while recording, off on leaving" \
	    "$PYTHON3" -c '
import sys
raw = open(sys.argv[1], "rb").read()
on, off = raw.find(b"\x1b[?2004h"), raw.rfind(b"\x1b[?2004l")
sys.exit(0 if 0 <= on < off and raw.rfind(b"\x1b[?2004h") < off else 1)' \
	    "$TMP/raw $at"

	$DECODE actions "$log" >"$TMP/got $at"
	same "$at: the log holds exactly what was meant" "$TMP/want" \
	    "$TMP/got $at"
	# The note's time is the '!' press, 2 s before its Enter.
	check "$at: the note is timed when ! was pressed" "$PYTHON3" -c '
import msgpack, sys
recs = list(msgpack.Unpacker(open(sys.argv[1], "rb"), raw=False))[1:]
start, note = recs[10], recs[11]
assert start["type"] == "start" and note["type"] == "note"
sys.exit(0 if note["t"] - start["t"] < 1500 else 1)' "$log"
}

day 250 60
day 30 8
finish
