#!/bin/sh
# Review after the day, end to end: the sample day is recorded, the head's
# corrections (tests/data/review.txt) are appended by the recorder, and the
# analyser applies them (figures that change by exactly what was corrected,
# the list in words, the comment in the episode row) while --as-recorded
# gives the day as first logged, byte for byte.  Refused reviews leave the
# log as it was.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_python_msgpack
ANA="$top_builddir/analyser/shadowlog-analyse"
TZ=Europe/London
export TZ

log="$TMP/day.slog"
expect_exit "sample day records" 0 \
    "$REC" --school "Meadowbank Primary" --head HT1 --observer OBS-A \
    --tag phase=primary --tag term=autumn --date 2026-11-16 \
    --input "$DATA/sample-day.txt" "$log"
"$ANA" --format=csv "$log" >"$TMP/before.csv"
"$ANA" "$log" >"$TMP/before.txt"
"$ANA" --format=json "$log" >"$TMP/before.json"
"$ANA" --episodes --format=csv "$log" >"$TMP/before-episodes.csv"
cp "$log" "$TMP/recorded.slog"

expect_exit "the review is appended" 0 "$REC" --input "$DATA/review.txt" "$log"
check "the records as first logged are untouched" "$PYTHON3" -c "import sys
a = open(sys.argv[1], 'rb').read(); b = open(sys.argv[2], 'rb').read()
assert b.startswith(a) and len(b) > len(a)" "$TMP/recorded.slog" "$log"
check "python3-msgpack decodes the review records" $DECODE check "$log"

# The five review records are plain maps with the documented keys.
"$PYTHON3" - "$log" >"$TMP/py" <<'PY'
import datetime, sys, msgpack
recs = list(msgpack.Unpacker(open(sys.argv[1], "rb"), raw=False))[1:]
for r in recs[-5:]:
    keys = sorted(k for k in r if k not in ("type", "t", "seq"))
    print(r["seq"], r["type"], " ".join("%s=%s" % (k, r[k]) for k in keys))
to = datetime.datetime(2026, 11, 16, 11, 11, tzinfo=datetime.timezone.utc)
print(recs[-4]["to"] == int(to.timestamp() * 1000))
PY
cat >"$TMP/py-want" <<'EOF'
140 recode group=SLT target=23
141 move target=67 to=1794827460000
142 comment target=67 text=the parent had been waiting since the bell
143 recode group=teachers target=13
144 comment target=0 text=A typical Monday; the governors' visit ran long.
True
EOF
check "the review records decode as written" cmp -s "$TMP/py" "$TMP/py-want"

# The summary CSV changes by exactly what was corrected, and nowhere else.
"$ANA" --format=csv "$log" >"$TMP/after.csv"
check "summary CSV: exact differences" "$PYTHON3" - "$TMP/before.csv" \
    "$TMP/after.csv" <<'PY'
import csv, sys
from decimal import Decimal as D
before = {r["group"]: r for r in csv.DictReader(open(sys.argv[1]))}
after = {r["group"]: r for r in csv.DictReader(open(sys.argv[2]))}
assert list(before) == list(after), (list(before), list(after))
def changed(group, **want):
    for col, (old, new) in want.items():
        assert before[group][col] == old, (group, col, before[group][col])
        assert after[group][col] == new, (group, col, after[group][col])
# #23 (visitors LA1, 09:10:36-09:18:22, 466 s) recoded to SLT.
changed("SLT", episodes=("5", "6"), seconds=("2281.000", "2747.000"))
changed("visitors", episodes=("6", "5"), seconds=("3526.000", "3060.000"))
# #67 (parents PA14) started at 11:11:00, not 11:12:09: 69 s from alone.
changed("parents", episodes=("7", "7"), seconds=("3094.000", "3163.000"),
        max_s=("1570.000", "1639.000"))
changed("alone", episodes=("34", "34"), seconds=("8788.000", "8719.000"))
# #13 (a brief contact with pupils) recoded to teachers: its count, and
# the gaps between each group's interactions, move with it.
changed("teachers", brief=("4", "5"))
changed("pupils", brief=("15", "14"))
for g in ("teachers", "pupils"):
    for col in before[g]:
        if col not in ("brief", "gap_mean_s", "gap_sd_s"):
            assert before[g][col] == after[g][col], (g, col)
assert before["support staff"] == after["support staff"]
total = lambda rows: sum(D(r["seconds"]) for r in rows.values())
assert total(before) == total(after) == D("35591.000")
PY

# Decoded and replayed as timed commands, the reviewed day is the same.
$DECODE timed "$log" >"$TMP/replay.txt"
expect_exit "replay the decoded review" 0 "$REC" --date 2026-11-16 \
    --input "$TMP/replay.txt" "$TMP/replay.slog"
$DECODE actions "$log" >"$TMP/orig.actions"
$DECODE actions "$TMP/replay.slog" >"$TMP/replay.actions"
check "replay decodes to the same actions" \
    cmp -s "$TMP/orig.actions" "$TMP/replay.actions"

# --as-recorded: the day as first logged, byte for byte.
for args in "--format=csv" "" "--format=json" "--episodes --format=csv"; do
	"$ANA" --as-recorded $args "$log" >"$TMP/as.out" 2>"$TMP/err"
	"$ANA" $args "$TMP/recorded.slog" >"$TMP/orig.out"
	check "--as-recorded ${args:-(text)} is the day as first logged" \
	    cmp -s "$TMP/as.out" "$TMP/orig.out"
done
check "which is the day before the review" \
    cmp -s "$TMP/orig.out" "$TMP/before-episodes.csv"

# The text summary lists the corrections after the day figures.
"$ANA" "$log" >"$TMP/after.txt"
cat >"$TMP/want.txt" <<'EOF'

Corrected after review
  09:10:36 episode recoded from visitors to SLT
  parents episode start moved from 11:12:09 to 11:11:00
  comment on the 11:11:00 parents episode: the parent had been waiting since the bell
  08:29:28 brief contact recoded from pupils to teachers
  comment on the day: A typical Monday; the governors' visit ran long.

Per person (within each group)
EOF
check "text: corrected after review" "$PYTHON3" -c "import sys
a = open(sys.argv[1]).read(); w = open(sys.argv[2]).read()
assert w in a and a.index(w) > a.index('Interruptions'), a" \
    "$TMP/after.txt" "$TMP/want.txt"
check "text before the review has no such list" \
    sh -c "! grep -q 'Corrected after review' '$TMP/before.txt'"

# JSON: the corrections in words and the comment on the day.
"$ANA" --format=json "$log" >"$TMP/after.json"
check "JSON: corrections and comment" "$PYTHON3" - "$TMP/after.json" \
    "$TMP/before.json" <<'PY'
import json, sys
day = json.load(open(sys.argv[1]))["days"][0]
assert day["corrections"] == [
    "09:10:36 episode recoded from visitors to SLT",
    "parents episode start moved from 11:12:09 to 11:11:00",
    "comment on the 11:11:00 parents episode: the parent had been "
    "waiting since the bell",
    "08:29:28 brief contact recoded from pupils to teachers"], day
assert day["comment"] == \
    "A typical Monday; the governors' visit ran long.", day["comment"]
assert day["observed_s"] == 35591.0
old = json.load(open(sys.argv[2]))["days"][0]
assert old["corrections"] == [] and old["comment"] is None
PY

# The episode row carries the comment, and the episodes CSV reads back
# to the summary of the reviewed day.
"$ANA" --episodes --format=csv "$log" >"$TMP/episodes.csv"
check "episodes CSV: the comment in the note column" grep -qxF \
    'Meadowbank Primary,HT1,OBS-A,2026-11-16,episode,11:11:00,11:38:19,1639.000,parents,head,PA14,office,scheduled meeting,teachers,the parent had been waiting since the bell,phase=primary;term=autumn,,' \
    "$TMP/episodes.csv"
check "episodes CSV: the recoded episode" grep -qxF \
    'Meadowbank Primary,HT1,OBS-A,2026-11-16,episode,09:10:36,09:18:22,466.000,SLT,other,LA1,office,phone,,,phase=primary;term=autumn,,' \
    "$TMP/episodes.csv"
"$ANA" --format=csv "$TMP/episodes.csv" >"$TMP/back.csv"
check "episodes CSV reads back to the reviewed summary" \
    cmp -s "$TMP/back.csv" "$TMP/after.csv"

# Refused reviews: the message names the line and the candidates, and
# the log is left exactly as it was.
cp "$log" "$TMP/reviewed.slog"
printf '18:40 recode 11:04 SLT\n' >"$TMP/ambiguous.txt"
expect_exit "an ambiguous target" 65 "$REC" --input "$TMP/ambiguous.txt" "$log"
err_has "names the candidates" "ambiguous.txt:1: recode: 2 records at 11:04 (#63 brief 11:04:07, #64 start 11:04:48): name one by #SEQ"
printf '18:40 comment #64 fine\n18:41 comment 07:00 early\n' >"$TMP/missing.txt"
expect_exit "a missing target" 65 "$REC" --input "$TMP/missing.txt" "$log"
err_has "says there is none" "missing.txt:2: comment: no start or add at 07:00"
printf '18:40 move #67 11:10:58\n' >"$TMP/order.txt"
expect_exit "a move out of order" 65 "$REC" --input "$TMP/order.txt" "$log"
err_has "names the neighbour" "order.txt:1: move: #67 to 11:10:58 would not be after #66 (end at 11:10:58)"
printf '18:40 recode #11 SLT\n' >"$TMP/type.txt"
expect_exit "a target of the wrong type" 65 "$REC" --input "$TMP/type.txt" "$log"
err_has "says what it is" "type.txt:1: recode: #11 (end) is not a start, brief or add"
printf '18:40 recode #26 SLT\n' >"$TMP/undone.txt"
expect_exit "a withdrawn target" 65 "$REC" --input "$TMP/undone.txt" "$log"
err_has "says it was undone" "undone.txt:1: recode: #26 was withdrawn by an undo"
printf '18:00 comment day early\n' >"$TMP/back.txt"
expect_exit "a review before the last one" 65 "$REC" --input "$TMP/back.txt" "$log"
err_has "times never go backwards" "back.txt:1: time 18:00:00 is before the previous record (18:34:00)"
check "refused reviews leave the log as it was" cmp -s "$log" "$TMP/reviewed.slog"

# A later review without times takes the clock's time (after the day).
if [ "$(date +%s)" -gt 1795300000 ]; then
	printf 'comment day second look\nmove #67 11:10:59\n' >"$TMP/later.txt"
	expect_exit "a later review without times" 0 "$REC" --input "$TMP/later.txt" "$log"
	"$ANA" --format=json "$log" >"$TMP/later.json"
	check "comments accumulate, moves apply in order" "$PYTHON3" -c "
import json, sys
day = json.load(open(sys.argv[1]))['days'][0]
assert day['comment'] == 'A typical Monday; the governors\\' visit ran long. / second look', day['comment']
assert day['corrections'][-1] == 'parents episode start moved from 11:11:00 to 11:10:59', day['corrections']
g = {x['group']: x for x in day['groups']}
assert g['parents']['seconds'] == 3164.0 and g['alone']['seconds'] == 8718.0
" "$TMP/later.json"
fi


# What a feedback session needs beyond recode, move and comment: an episode
# the observer missed, one logged by mistake, details fixed, the day's begin
# and stop moved.  Each is a new record; --as-recorded is the first version.
fb="$TMP/feedback.slog"
cp "$TMP/recorded.slog" "$fb"
cat >"$TMP/feedback.txt" <<'EOF'
18:40 add 09:19 09:25 teachers by=head person=T11 where=staffroom mode=phone  # a call he took
18:41 withdraw 09:10:36          # the visitor was logged by mistake
18:42 FIX 08:11:24 person=T4 where=hall By=Head with="SLT,pupils"
18:43 move begin 07:40
18:44 move stop 17:58:20
EOF
expect_exit "the feedback session's lines" 0 "$REC" --input "$TMP/feedback.txt" "$fb"
check "feedback: the first records are untouched" "$PYTHON3" -c "import sys
a = open(sys.argv[1], 'rb').read(); b = open(sys.argv[2], 'rb').read()
assert b.startswith(a) and len(b) > len(a)" "$TMP/recorded.slog" "$fb"
check "feedback: python3-msgpack decodes the new records" $DECODE check "$fb"
check "feedback: the records as written" "$PYTHON3" - "$fb" <<'PY'
import datetime, sys, msgpack
recs = list(msgpack.Unpacker(open(sys.argv[1], "rb"), raw=False))[1:]
def at(h, m, s=0):
    return int(datetime.datetime(2026, 11, 16, h, m, s,
        tzinfo=datetime.timezone.utc).timestamp() * 1000)
add, wd, fix, mb, ms = recs[-5:]
assert add["type"] == "add" and add["group"] == "teachers", add
assert (add["from"], add["to"]) == (at(9, 19), at(9, 25)), add
assert (add["by"], add["person"], add["where"], add["mode"]) == \
    ("head", "T11", "staffroom", "phone"), add
assert "target" not in add, add
assert wd["type"] == "withdraw" and recs[wd["target"] - 1]["group"] == "visitors", wd
assert fix["type"] == "fix" and fix["person"] == "T4" and fix["by"] == "head", fix
assert fix["with"] == ["SLT", "pupils"] and recs[fix["target"] - 1]["person"] == "T04", fix
assert mb["type"] == "span" and recs[mb["target"] - 1]["type"] == "begin", mb
assert mb["to"] == at(7, 40)
assert ms["type"] == "span" and recs[ms["target"] - 1]["type"] == "stop", ms
assert ms["to"] == at(17, 58, 20)
PY
"$ANA" --episodes --format=csv "$fb" >"$TMP/fb-episodes.csv"
check "feedback: the episodes CSV shows each correction" "$PYTHON3" - \
    "$TMP/fb-episodes.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
st = [r for r in rows if r["kind"] in ("episode", "alone", "pause")]
assert st[0]["start"] == "07:40:00" and st[-1]["end"] == "17:58:20", (st[0], st[-1])
added = [r for r in rows if r["start"] == "09:19:00"]
assert len(added) == 1, added
a = added[0]
assert (a["kind"], a["end"], a["group"], a["by"], a["person"], a["where"], a["mode"]) == \
    ("episode", "09:25:00", "teachers", "head", "T11", "staffroom", "phone"), a
assert not [r for r in rows if r["group"] == "visitors" and r["start"] == "09:10:36"]
alone = [r for r in rows if r["kind"] == "alone" and r["start"] == "09:06:29"]
assert len(alone) == 1 and alone[0]["end"] == "09:19:00", alone
after = [r for r in rows if r["kind"] == "alone" and r["start"] == "09:25:00"]
assert len(after) == 1 and after[0]["end"] == "09:26:19", after
fixed = [r for r in rows if r["kind"] == "episode" and r["start"] == "08:11:24"][0]
assert (fixed["person"], fixed["where"], fixed["by"], fixed["with"]) == \
    ("T4", "hall", "head", "SLT;pupils"), fixed
PY
"$ANA" --format=csv "$fb" >"$TMP/fb.csv"
check "feedback: the summary moves by exactly the corrections" "$PYTHON3" - \
    "$TMP/before.csv" "$TMP/fb.csv" <<'PY'
import csv, sys
from decimal import Decimal as D
b = {r["group"]: r for r in csv.DictReader(open(sys.argv[1]))}
a = {r["group"]: r for r in csv.DictReader(open(sys.argv[2]))}
def d(g, k):
    return D(a[g][k]) - D(b[g][k])
assert d("visitors", "episodes") == -1 and d("visitors", "seconds") == -466, a["visitors"]
assert d("teachers", "episodes") == 1 and d("teachers", "seconds") == 360, a["teachers"]
assert d("teachers", "head_initiated") == 2, (a["teachers"], b["teachers"])
obs_b = sum(D(r["seconds"]) for r in b.values())
obs_a = sum(D(r["seconds"]) for r in a.values())
assert obs_a - obs_b == 120 - 10, (obs_a, obs_b)
PY
"$ANA" --format=csv "$TMP/fb-episodes.csv" >"$TMP/fb-back.csv"
check "feedback: its episodes CSV reads back to the same summary" \
    cmp -s "$TMP/fb-back.csv" "$TMP/fb.csv"
"$ANA" "$fb" >"$TMP/fb.txt"
for words in "09:19:00-09:25:00 teachers episode added" \
    "09:10:36 visitors episode withdrawn: its time counts as alone" \
    "08:11:24 teachers episode: begun by head (was other), person T4 (was T04), where hall (was corridor), with SLT, pupils (was none)" \
    "begin of observation moved from 07:42:00 to 07:40:00" \
    "stop of observation moved from 17:58:30 to 17:58:20"; do
	check "feedback: text lists '$words'" grep -qF -- "$words" "$TMP/fb.txt"
done
"$ANA" --format=json "$fb" >"$TMP/fb.json"
check "feedback: JSON lists the five corrections" "$PYTHON3" -c "
import json, sys
c = json.load(open(sys.argv[1]))['days'][0]['corrections']
assert len(c) == 5 and c[0] == '09:19:00-09:25:00 teachers episode added', c
" "$TMP/fb.json"
"$ANA" --html="$TMP/fb.html" "$fb" >/dev/null 2>&1
check "feedback: the report lists each correction in words" "$PYTHON3" - \
    "$TMP/fb.html" <<'PY'
import sys
html = open(sys.argv[1]).read()
part = html.split("<h2>After review</h2>", 1)[1].split("</ul>", 1)[0]
for words in ("09:19:00-09:25:00 teachers episode added",
              "09:10:36 visitors episode withdrawn: its time counts as alone",
              "08:11:24 teachers episode: begun by head (was other), person T4 (was T04)",
              "begin of observation moved from 07:42:00 to 07:40:00"):
    assert "<li>" + words in part, (words, part)
PY
"$ANA" --as-recorded --format=csv "$fb" >"$TMP/fb-as.csv"
check "feedback: --as-recorded is the day as first logged" cmp -s "$TMP/fb-as.csv" "$TMP/before.csv"
cp "$fb" "$TMP/fb-keep.slog"
printf '18:50 add 09:00 09:05 SLT\n18:51 withdraw 09:10:36\n18:52 fix 08:11:24 person=T4\n18:53 fix 08:29:28 mode=phone\n' >"$TMP/fb-bad.txt"
expect_exit "feedback: refused lines" 65 "$REC" --input "$TMP/fb-bad.txt" "$fb"
err_has "an add must fit in alone time" "fb-bad.txt:1: add: 09:00:00-09:05:00 is not all alone time"
err_has "a withdrawn episode is gone" "fb-bad.txt:2: withdraw: no start, brief or add at 09:10:36"
err_has "a fix that changes nothing" "fb-bad.txt:3: fix: #"
err_has "a brief contact has no mode" "fb-bad.txt:4: fix: #"
err_has "... and says so" "is a brief contact: it has no mode or with="
check "feedback: refused lines leave the log as it was" cmp -s "$fb" "$TMP/fb-keep.slog"


# The README's examples run exactly as written: the transcribed notes and
# the review after the day (on the sample day its targets name).
readme="$top_srcdir/README.md"
mkdir "$TMP/readme"
"$PYTHON3" - "$readme" "$TMP/readme" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def blocks(section):
    body = text.split("\n## " + section, 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(\w*)\n(.*?)```", body, re.S)
(_, notes), (_, sh) = blocks("Transcribing")[:2]
open(sys.argv[2] + "/notes.txt", "w").write(notes)
open(sys.argv[2] + "/notes.sh", "w").write(sh)
(_, review), (_, sh) = blocks("Review after the day")[:2]
open(sys.argv[2] + "/review.txt", "w").write(review)
open(sys.argv[2] + "/review.sh", "w").write(sh)
PY
RPATH="$top_builddir/recorder:$top_builddir/analyser:$PATH"
check "README: the notes transcribe as written" sh -c "cd '$TMP/readme' &&
    PATH='$RPATH' sh -e notes.sh >notes.out 2>&1 && test -s day.slog"
check "README: the transcribed day has every line" sh -c "
    test \$($DECODE actions '$TMP/readme/day.slog' | wc -l) -eq \$(grep -c . '$TMP/readme/notes.txt')"
rm -f "$TMP/readme/day.slog"
"$REC" --school "Meadowbank Primary" --head HT1 --observer OBS-A --date 2026-11-16 \
    --input "$DATA/sample-day.txt" "$TMP/readme/day.slog"
check "README: the review runs as written" sh -c "cd '$TMP/readme' &&
    PATH='$RPATH' sh -e review.sh >review.out 2>review.err"
check "README: every review line is a record" sh -c "
    test \$($DECODE actions '$TMP/readme/day.slog' | grep -c ' \(recode\|move\|comment\|add\|withdraw\|fix\|span\) ') -eq \$(grep -c '^[a-z]' '$TMP/readme/review.txt')"
check "README: the analyser lists the corrections" sh -c "
    grep -qF '09:10:36 episode recoded from visitors to SLT' '$TMP/readme/review.out' &&
    grep -qF '09:19:00-09:25:00 teachers episode added' '$TMP/readme/review.out' &&
    grep -qF '09:26:19 support staff episode withdrawn' '$TMP/readme/review.out' &&
    grep -qF 'stop of observation moved from 17:58:30 to 17:58:20' '$TMP/readme/review.out'"

finish
