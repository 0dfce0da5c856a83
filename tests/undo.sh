#!/bin/sh
# Undo and redo in a real terminal (tmux), at 250x60 and 30x8: a held
# Backspace undoes three actions and then asks for y; Ctrl-R redoes what
# was undone as redo records; undo never reaches back over a stop into an
# earlier sitting; opening a stopped log and leaving it (q, Ctrl-C,
# SIGTERM) leaves it byte for byte; leaving prints one line saying what
# was saved.  Logs decoded with python3-msgpack and read by the analyser.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_python_msgpack
if ! use_tmux undo; then
	echo "SKIP: tmux is not installed (apt-get install tmux)"
	exit 77
fi
ANA="$top_builddir/analyser/shadowlog-analyse"

# The screen with wrapped lines joined, so a message is found whole at 30
# columns too.
joined() { tm capture-pane -p -J -t rec 2>/dev/null | tr -s ' \n' '  '; }
# seen TEXT: within 10 s TEXT is on the (joined) screen.
seen() {
	i=0
	while [ $i -lt 100 ]; do
		if joined | grep -qF -- "$1"; then return 0; fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "# screen while waiting for '$1':"
	tm capture-pane -p -t rec | sed 's/^/#   /'
	return 1
}
# records N: within 10 s the log holds exactly N records.
records() {
	i=0
	while [ $i -lt 100 ]; do
		n=$($DECODE actions "$log" 2>/dev/null | wc -l)
		[ "$n" -eq "$1" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# the log holds $n records, not $1"
	return 1
}
# rec_is SEQ LINE: record SEQ decodes to LINE.
rec_is() {
	got=$($DECODE actions "$log" | sed -n "$1p")
	[ "$got" = "$2" ] || { echo "# #$1 is '$got', wanted '$2'"; return 1; }
}
# open_rec COLS ROWS [ARGS]: the recorder on $log in a fresh session.
open_rec() {
	tm kill-session -t rec 2>/dev/null
	tm new-session -d -s rec -x "$1" -y "$2" \
	    "'$REC' --school 'Undo School' --head HT --observer OB '$log'; echo EXITED \$?; sleep 60"
}
rec_pid() { pgrep -P "$(tm display -p -t rec '#{pane_pid}')" shadowlog-reco; }

for size in 250x60 30x8; do
	cols=${size%x*}; rows=${size#*x}
	log="$TMP/day $size.slog"
	open_rec "$cols" "$rows"
	check "$size: a new log begins" records 1
	for k in t Space p Space s Space v Space T Space; do
		tm send-keys -t rec "$k"
		sleep 0.1	# episodes of some length, as typed by hand
	done
	check "$size: ten actions" records 11

	# A held Backspace: sixteen quick repeats in one write.
	tm send-keys -t rec BSpace BSpace BSpace BSpace BSpace BSpace BSpace \
	    BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
	check "$size: held Backspace: three undone" records 14
	check "$size: ... then it asks for y, naming the action" \
	    seen "undo a 4th action in a row (#8 start visitors"
	sleep 0.5
	check "$size: ... and nothing more is undone while it asks" records 14
	check "$size: ... the last three actions withdrawn, newest first" \
	    rec_is 14 "14 undo undoes=9"
	tm send-keys -t rec y
	check "$size: y undoes the 4th" records 15
	check "$size: ... the visitors start" rec_is 15 "15 undo undoes=8"
	tm send-keys -t rec BSpace
	check "$size: a 5th asks again" seen "undo a 5th action in a row"
	tm send-keys -t rec Escape
	check "$size: any other key cancels" seen "undo cancelled"
	check "$size: ... writing nothing" records 15

	# Redo, most recent first, as new records.
	tm send-keys -t rec C-r
	check "$size: Ctrl-R redoes" records 16
	check "$size: ... the last undo taken back" rec_is 16 "16 redo target=15"
	check "$size: ... and says what came back" seen "redone: #8 start visitors"
	tm send-keys -t rec C-r C-r C-r
	check "$size: three more redos" records 19
	check "$size: ... in order" rec_is 19 "19 redo target=12"
	tm send-keys -t rec C-r
	check "$size: a fifth redo has nothing to redo" seen "nothing to redo"
	check "$size: ... writing nothing" records 19
	"$ANA" --episodes --format=csv "$log" >"$TMP/eps.csv"
	check "$size: the analyser has all five episodes back" test \
	    "$($PYTHON3 -c "
import csv,sys
rows=[r for r in csv.DictReader(open(sys.argv[1])) if r['kind']=='episode']
print(' '.join(r['group'] + ':' + r['by'] for r in rows))" "$TMP/eps.csv")" = \
	    "teachers:head pupils:head SLT:head visitors:head teachers:other"

	# Something new ends the redo chain.
	tm send-keys -t rec BSpace
	check "$size: undo after redo" rec_is 20 "20 undo undoes=11"
	tm send-keys -t rec a
	check "$size: a new action" records 21
	tm send-keys -t rec C-r
	check "$size: no redo past a new action" seen "nothing to redo"
	check "$size: ... writing nothing" records 21

	tm send-keys -t rec q y
	check "$size: q y stops" seen "EXITED 0"
	check "$size: leaving says what was saved" \
	    seen "$log: saved, 22 actions (22 this sitting), observed"
	check "$size: ... with the analyser's observed time" test -n \
	    "$(joined | grep -E "observed [0-9]+s EXITED")"

	# Re-opened: nothing is written until the first action.
	cp "$log" "$TMP/before"
	open_rec "$cols" "$rows"
	check "$size: re-opened: it says the day stopped" \
	    seen "your first key resumes it"
	tm send-keys -t rec BSpace
	check "$size: undo does not reach over the stop" \
	    seen "earlier actions are corrected in the review (man shadowlog-record)"
	tm send-keys -t rec C-r
	check "$size: nor does redo" seen "nothing to redo"
	tm send-keys -t rec q y
	check "$size: q y on a stopped day leaves" seen "EXITED 0"
	check "$size: ... saying it is unchanged" seen "$log: unchanged, 22 actions"
	check "$size: ... byte for byte" cmp "$log" "$TMP/before"
	open_rec "$cols" "$rows"
	seen "your first key resumes it" >/dev/null
	tm send-keys -t rec C-c
	seen "EXITED 0" >/dev/null
	check "$size: Ctrl-C leaves it byte for byte" cmp "$log" "$TMP/before"
	open_rec "$cols" "$rows"
	seen "your first key resumes it" >/dev/null
	kill -TERM "$(rec_pid)"
	seen "EXITED 0" >/dev/null
	check "$size: SIGTERM leaves it byte for byte" cmp "$log" "$TMP/before"

	# The first key resumes; undo then stops at this sitting's first action.
	open_rec "$cols" "$rows"
	seen "your first key resumes it" >/dev/null
	tm send-keys -t rec p
	check "$size: the first key writes begin, then its action" records 24
	check "$size: ... begin" rec_is 23 "23 begin"
	check "$size: ... start" rec_is 24 "24 start group=pupils by=head"
	tm send-keys -t rec BSpace
	check "$size: undo of this sitting's start" rec_is 25 "25 undo undoes=24"
	tm send-keys -t rec BSpace
	check "$size: then no further" seen "undo stops here"
	check "$size: ... the stop stays in force" records 25
	tm send-keys -t rec C-c
	seen "EXITED 0" >/dev/null
	check "$size: log decodes" $DECODE check "$log"
done

# Mending the open episode: regroup (%) keeps its start; began-ago (<)
# moves its start back, never before the previous action.
for size in 250x60 30x8; do
	cols=${size%x*}; rows=${size#*x}
	log="$TMP/mend $size.slog"
	printf '%s begin\n' "$(date -d '-30 min' +%H:%M)" >"$TMP/begin.txt"
	"$REC" --school 'Undo School' --head HT --observer OB \
	    --date "$(date +%F)" --input "$TMP/begin.txt" "$log" >/dev/null
	open_rec "$cols" "$rows"
	seen "recovered" >/dev/null
	tm send-keys -t rec t
	check "$size: mend: a teachers episode" records 2
	tm send-keys -t rec %
	check "$size: % asks for a group" seen "Regroup the open teachers episode"
	tm send-keys -t rec 7 x
	check "$size: ... only a group key answers" seen "Regroup the open teachers"
	check "$size: ... writing nothing" records 2
	tm send-keys -t rec r
	check "$size: ... r: a recode of its start" \
	    rec_is 3 "3 recode group=parents target=2"
	check "$size: ... said on the screen" seen "now with parents (was teachers)"
	tm send-keys -t rec %
	seen "Regroup the open parents episode" >/dev/null
	tm send-keys -t rec r
	check "$size: ... to its own group: nothing changed" \
	    seen "with parents already: nothing changed"
	check "$size: ... and nothing written" records 3
	tm send-keys -t rec '<' 4 5 Enter
	check "$size: began 45 minutes ago: before the begin, refused" \
	    seen "would not be after #1 (begin at"
	check "$size: ... writing nothing" records 3
	tm send-keys -t rec '<' 1 5 Enter
	check "$size: began 15 minutes ago: a move of its start" records 4
	check "$size: ... said on the screen" seen "(15 minutes ago)"
	check "$size: ... the state line follows" seen "WITH parents (head began) since"
	tm send-keys -t rec BSpace
	check "$size: Backspace after a mend does not reach past it" \
	    seen "mend it again with % or <"
	check "$size: ... writing nothing" records 4
	tm send-keys -t rec q y
	seen "EXITED 0" >/dev/null
	"$ANA" --episodes --format=csv "$log" >"$TMP/mend.csv"
	check "$size: the analyser: the episode with parents from its new start" \
	    "$PYTHON3" - "$log" "$TMP/mend.csv" <<'PY'
import csv, datetime, sys, msgpack
objs = list(msgpack.Unpacker(open(sys.argv[1], "rb"), raw=False))
hdr, recs = objs[0], objs[1:]
move = [r for r in recs if r["type"] == "move"][0]
start = [r for r in recs if r["type"] == "start"][0]
d = datetime.date.fromisoformat(hdr["date"])
mid = (datetime.datetime(d.year, d.month, d.day,
       tzinfo=datetime.timezone.utc).timestamp() - hdr["utc_offset"]) * 1000
ms = int(move["to"] - mid)
want = "%02d:%02d:%02d.%03d" % (ms // 3600000, ms // 60000 % 60,
                                ms // 1000 % 60, ms % 1000)
eps = [r for r in csv.DictReader(open(sys.argv[2])) if r["kind"] == "episode"]
assert len(eps) == 1, eps
assert eps[0]["group"] == "parents", eps[0]
assert eps[0]["start"] == want, (eps[0]["start"], want)
# 15 minutes before the move was keyed, within a second.
assert 899000 <= move["t"] - move["to"] <= 901000, move["t"] - move["to"]
assert move["target"] == start["seq"]
PY
	# Mends made while recording are the day as meant, not corrections
	# after review: the head's summary does not list them as such.
	"$ANA" "$log" >"$TMP/mend.txt"
	check "$size: ... and does not list the mends as review corrections" \
	    sh -c '! grep -q "Corrected after review" "$1"' - "$TMP/mend.txt"
done
finish
