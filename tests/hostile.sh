#!/bin/sh
# Hostile text.  Terminal escapes and control characters (ESC [ 2 J, OSC 52
# clipboard writes, BEL, the C1 control CSI as U+009B and as a raw 0x9b
# byte) in notes, person codes, places, modes, school, head, observer, tag
# and scheme group names never reach a terminal raw: the recorder refuses
# them as input with a safe message, and a log crafted to hold them is
# shown safely by the analyser (every text table, every message) and by
# the live recorder (its raw output through tmux's pipe-pane holds only its
# own escapes; tmux sees no clipboard write, no bell).  Over-long lines and
# fields are refused with a bounded message.  Paths with spaces, quotes and
# non-ASCII names work for the recorder, the analyser, --plot and --html.
# No system() or popen() in the programs.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_python_msgpack
ANA="$top_builddir/analyser/shadowlog-analyse"

CSI=$(printf '\033[2J')
OSC=$(printf '\033]52;c;aGVsbG8=\007')
BEL=$(printf '\007')
C1=$(printf '\302\233')		# U+009B, CSI as one UTF-8 character

# clean FILE WHAT: FILE holds no ESC, BEL, other C0 control but TAB, LF
# and CR, no C1 control (U+0080..U+009F) and no stray 0x80..0x9f byte.
clean() {
	$PYTHON3 - "$1" "$2" <<'EOF'
import re, sys
data = open(sys.argv[1], "rb").read()
text = data.decode("utf-8", "surrogateescape")
m = re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\udc80-\udc9f]", text)
if m:
    i = m.start()
    print("# %s: control at char %d: %r" % (sys.argv[2], i, text[max(0, i - 20):i + 20]))
    sys.exit(1)
EOF
}

# own_escapes FILE: every escape in FILE is one the recorder writes itself
# (CSI with digits, ';' or '?' and a final H J K m h l), and no BEL or C1.
own_escapes() {
	$PYTHON3 - "$1" <<'EOF'
import re, sys
data = open(sys.argv[1], "rb").read()
own = re.compile(rb"\x1b\[[0-9;?]*[HJKmhl]")
rest = own.sub(b"", data)
text = rest.decode("utf-8", "surrogateescape")
m = re.search("[\x00-\x07\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\udc80-\udc9f]", text)
print("# %d bytes from the recorder, %d escapes of its own" % (len(data), len(own.findall(data))))
if m:
    i = m.start()
    print("# foreign control at %d: %r" % (i, text[max(0, i - 30):i + 30]))
    sys.exit(1)
EOF
}

# refused NAME CODE COMMAND...: exits CODE, says why in a message that is
# itself clean and short, and leaves no log.
refused() {
	what=$1 want=$2; shift 2
	rm -f "$TMP/refused.slog"
	expect_exit "$what" "$want" "$@"
	check "$what: the message is clean" clean "$TMP/err" "$what"
	check "$what: the message is short ($(wc -c <"$TMP/err") bytes)" \
	    test "$(wc -c <"$TMP/err")" -lt 1024
	check "$what: no log left" test ! -e "$TMP/refused.slog"
	echo "#   $(head -1 "$TMP/err" | cut -c1-160)"
}

printf '08:00 begin\n08:30 stop\n' >"$TMP/plain.txt"

# ---- hostile text given to the recorder ----

# The header's names are data: kept as given (UTF-8 only), shown safely.
expect_exit "recorder: school, head, observer, tag with escapes are kept" 0 \
    "$REC" --school "SCHOOL${CSI}SCHOOL" --head "HEAD${OSC}HEAD" \
    --observer "OBS${BEL}OBS" --tag "phase=PHASE${C1}PHASE" --date 2026-11-16 \
    --input "$TMP/plain.txt" "$TMP/names.slog"
for opt in "" --episodes --bin=15 --transitions; do
	expect_exit "analyser $opt: those names" 0 "$ANA" $opt "$TMP/names.slog"
	cat "$TMP/out" "$TMP/err" >"$TMP/both"
	check "analyser $opt: those names are shown clean" clean "$TMP/both" "names $opt"
done
check "analyser: the school shown with its escape replaced" \
    grep -q 'SCHOOL.*\[2JSCHOOL' "$TMP/out"
refused "--school with a raw 0x9b byte (not UTF-8)" 64 "$REC" \
    --school "$(printf 'x\233y')" --date 2026-11-16 --input "$TMP/plain.txt" \
    "$TMP/refused.slog"
refused "--tag with an escape in the key" 64 "$REC" --tag "k${CSI}=v" \
    --date 2026-11-16 --input "$TMP/plain.txt" "$TMP/refused.slog"

# Timed commands and scheme files refuse control characters in values.
for s in "$CSI" "$OSC" "$BEL" "$C1"; do
	q=$($PYTHON3 -c 'import sys; print(ascii(sys.argv[1]))' "x${s}y")
	for field in 'note x%sy' 'start SLT person="x%sy"' \
	    'start SLT where="x%sy"' 'start SLT mode="x%sy"'; do
		# shellcheck disable=SC2059
		printf "08:00 begin\n08:10 $field\n08:30 stop\n" "$s" >"$TMP/in.txt"
		refused "timed: ${field%%=*} with $q" 65 "$REC" \
		    --date 2026-11-16 --input "$TMP/in.txt" "$TMP/refused.slog"
	done
	printf 'group s "x%sy"\n' "$s" >"$TMP/bad.scheme"
	refused "scheme group name $q" 65 "$REC" --scheme "$TMP/bad.scheme" \
	    --date 2026-11-16 --input "$TMP/plain.txt" "$TMP/refused.slog"
done
printf 'group s x\233y\n' >"$TMP/bad.scheme"
refused "scheme group name with a raw 0x9b byte" 65 "$REC" \
    --scheme "$TMP/bad.scheme" --date 2026-11-16 --input "$TMP/plain.txt" \
    "$TMP/refused.slog"

# ---- over-long lines and fields ----

$PYTHON3 -c 'print("08:00 begin\n08:01 note " + "x" * 102400 + "\n08:30 stop")' >"$TMP/long.txt"
refused "timed: a 100 KiB note line" 65 "$REC" --date 2026-11-16 \
    --input "$TMP/long.txt" "$TMP/refused.slog"
err_has "... says the line is too long" "longer than"
$PYTHON3 -c 'print("08:00 begin\n08:01 note " + "x" * 5000 + "\n08:30 stop")' >"$TMP/long.txt"
refused "timed: a 5000-byte note (over 4096)" 65 "$REC" --date 2026-11-16 \
    --input "$TMP/long.txt" "$TMP/refused.slog"
head -c 20000000 /dev/zero | tr '\0' x >"$TMP/huge.txt"
refused "timed: one 20 MB line without a newline" 65 "$REC" \
    --date 2026-11-16 --input "$TMP/huge.txt" "$TMP/refused.slog"
refused "--school of 100 000 bytes" 64 "$REC" \
    --school "$($PYTHON3 -c 'print("s" * 100000)')" --date 2026-11-16 \
    --input "$TMP/plain.txt" "$TMP/refused.slog"
$PYTHON3 -c 'print("group s " + "n" * 1048576)' >"$TMP/long.scheme"
refused "scheme: a 1 MiB line" 65 "$REC" --scheme "$TMP/long.scheme" \
    --date 2026-11-16 --input "$TMP/plain.txt" "$TMP/refused.slog"
printf '08:00 begin\n08:10 start SLT person=DH\n08:20 end\n08:30 stop\n' >"$TMP/day.txt"
"$REC" --school S --head H --date 2026-11-16 --input "$TMP/day.txt" "$TMP/day.slog"
"$ANA" --episodes --format=csv "$TMP/day.slog" >"$TMP/day.csv"
$PYTHON3 - "$TMP/day.csv" "$TMP/big.csv" <<'EOF'
import sys
rows = open(sys.argv[1]).read().splitlines()
cols = rows[1].split(",")
cols[-1] = '"' + "y" * 1048576 + '"'
open(sys.argv[2], "w").write(rows[0] + "\n" + ",".join(cols) + "\n" + "\n".join(rows[2:]) + "\n")
EOF
expect_exit "episodes CSV: a 1 MiB field" 65 "$ANA" "$TMP/big.csv"
check "... the message is short and clean" sh -c \
    'test "$(wc -c <"$1")" -lt 1024' sh "$TMP/err"
echo "#   $(head -1 "$TMP/err" | cut -c1-160)"

# ---- a log crafted to hold hostile text everywhere ----

# The writers refuse such text, so the log is made here, byte by byte:
# the plain day above with each free-text field replaced.
$PYTHON3 - "$TMP/day.slog" "$TMP/hostile.slog" "$TMP/hostile-groups.slog" <<'EOF'
import msgpack, sys
objs = list(msgpack.Unpacker(open(sys.argv[1], "rb"), raw=False))
bad = ["\x1b[2J", "\x1b]52;c;aGVsbG8=\x07", "\x07", "\u009b2J", "\x1bP1$r\x1b\\",
       "\x08\x08\x0d", "\x1b[?1049l"]
def h(label, i):
    return label + bad[i % len(bad)] + label
hdr = objs[0]
hdr["school"] = h("SCHOOL", 0)
hdr["head"] = h("HEAD", 1)
hdr["observer"] = h("OBS", 2)
hdr["tags"] = {"phase": h("PHASE", 3)}
recs = objs[1:]
recs[1]["person"] = h("PERSON", 0)
recs[1]["where"] = h("WHERE", 1)
recs[1]["mode"] = h("MODE", 5)
note = {"type": "note", "t": recs[1]["t"] + 60000, "text": h("NOTE", 0) + h("", 1) + h("", 2) + h("", 3) + h("", 4) + h("", 6)}
recs = recs[:2] + [note] + recs[2:]
for i, r in enumerate(recs):
    r.pop("seq", None)
    r["seq"] = i + 1
def write(path, header):
    with open(path, "wb") as f:
        f.write(msgpack.packb(header, use_bin_type=False))
        for r in recs:
            f.write(msgpack.packb(r, use_bin_type=False))
write(sys.argv[2], hdr)
# A raw 0x9b byte (not UTF-8) in the school, and hostile group names.
raw = dict(hdr)
raw["school"] = b"RAW\x9bRAW"
g = dict(hdr)
g["scheme"] = dict(hdr["scheme"])
g["scheme"]["groups"] = [dict(x) for x in hdr["scheme"]["groups"]]
g["scheme"]["groups"][0]["name"] = "SLT\x1b[2J"
write(sys.argv[3], g)
write(sys.argv[3] + ".raw", raw)
EOF
expect_exit "analyser: the hostile log is read" 0 "$ANA" "$TMP/hostile.slog"
check "analyser: the summary is clean" clean "$TMP/out" "summary"
check "analyser: the school is shown with its controls replaced" \
    grep -q 'SCHOOL.*\[2JSCHOOL' "$TMP/out"
for opt in --episodes --bin=15 --transitions --as-recorded; do
	expect_exit "analyser $opt" 0 "$ANA" $opt "$TMP/hostile.slog"
	cat "$TMP/out" "$TMP/err" >"$TMP/both"
	check "analyser $opt: stdout and stderr are clean" clean "$TMP/both" "$opt"
done
check "analyser --episodes shows the note, made safe" \
    sh -c '"$1" --episodes "$2" | grep -q "NOTE.*NOTE"' sh "$ANA" "$TMP/hostile.slog"
expect_exit "analyser --format=json" 0 "$ANA" --format=json --episodes "$TMP/hostile.slog"
check "JSON: no raw control character" clean "$TMP/out" "json"
check "JSON: parses and keeps the note exactly" $PYTHON3 -c '
import json, sys
days = json.load(open(sys.argv[1]))
text = json.dumps(days)
assert "\\u001b[2J" in text and "\\u009b2J" in text, text[:300]' "$TMP/out"
expect_exit "analyser --format=csv" 0 "$ANA" --format=csv --episodes "$TMP/hostile.slog"
if clean "$TMP/out" csv >/dev/null; then ok "CSV: no raw control character"
else echo "# CSV keeps the note's bytes as data (quoted): not for a terminal"; fi
cp "$TMP/out" "$TMP/hostile.csv"
# (The title line differs: the episodes CSV has no column for tags.)
check "CSV: reads back to the same summary (but the title)" sh -c \
    '"$1" "$2" | tail -n +2 >"$2.txt" && "$1" "$3" | tail -n +2 | cmp -s - "$2.txt"' \
    sh "$ANA" "$TMP/hostile.csv" "$TMP/hostile.slog"
expect_exit "analyser: hostile group names are refused" 65 "$ANA" "$TMP/hostile-groups.slog"
check "... with a clean message" clean "$TMP/err" "groups"
echo "#   $(head -1 "$TMP/err" | cut -c1-160)"
expect_exit "analyser: a school that is not UTF-8" 0 "$ANA" "$TMP/hostile-groups.slog.raw"
check "... is shown clean" clean "$TMP/out" "raw"
if command -v gnuplot >/dev/null 2>&1; then
	expect_exit "analyser --html of the hostile log" 0 "$ANA" \
	    --html="$TMP/hostile.html" "$TMP/hostile.slog"
	check "HTML: no raw control character" clean "$TMP/hostile.html" html
	check "HTML: the school is there, escaped" grep -q "SCHOOL" "$TMP/hostile.html"
	expect_exit "analyser --plot of the hostile log" 0 "$ANA" \
	    --plot="$TMP/plots" "$TMP/hostile.slog"
	check "--plot: messages clean" clean "$TMP/err" plot
	check "--plot: charts drawn" sh -c 'ls "$1"/*.png >/dev/null' sh "$TMP/plots"
fi

# ---- the live recorder shows the hostile log safely ----

if use_tmux hostile; then
	cp "$TMP/hostile.slog" "$TMP/live hostile.slog"
	tm new-session -d -s rec -x 160 -y 40 "sleep 0.5; '$REC' '$TMP/live hostile.slog'; echo EXITED \$?; sleep 60"
	tm set-option -g set-clipboard on
	tm pipe-pane -o -t rec "cat >>'$TMP/raw'"
	check "live: the hostile day is continued" wait_for "continuing the day"
	# Keys: a note typed with a BEL (C-g), a C1 character and an escape
	# sequence's tail; a person code likewise.
	tm send-keys -t rec '!' 'typed' C-g
	tm send-keys -t rec -l "$C1"
	tm send-keys -t rec -l '[2Jnote'
	tm send-keys -t rec Enter
	check "live: the typed note is saved" wait_for "typed[2Jnote"
	tm send-keys -t rec t '#' 'P' C-g
	tm send-keys -t rec -l "$C1"
	tm send-keys -t rec 'Q' Enter
	check "live: the typed person code is saved" wait_for "PQ"
	tm send-keys -t rec '!'
	tm send-keys -t rec -l "$($PYTHON3 -c 'print("z" * 5000)')"
	tm send-keys -t rec Enter
	sleep 1
	tm send-keys -t rec C-l
	sleep 0.5
	tm capture-pane -e -p -t rec >"$TMP/screen-e"
	screen | sed -n '1,12p' | sed 's/^/#   /'
	tm send-keys -t rec q
	wait_for "y/n" >/dev/null
	tm send-keys -t rec y
	check "live: quits" wait_for "EXITED 0"
	sleep 0.3
	check "live: every escape on the terminal is the recorder's own" own_escapes "$TMP/raw"
	check "live: capture-pane -e shows only SGR attributes" $PYTHON3 -c '
import re, sys
s = open(sys.argv[1], "rb").read()
sgr = len(re.findall(rb"\x1b\[[0-9;:]*m", s))
print("# capture-pane -e: %d SGR sequences, %d escapes in all" % (sgr, s.count(b"\x1b")))
sys.exit(sgr != s.count(b"\x1b"))' "$TMP/screen-e"
	check "live: the screen shows the school made safe" grep -q "SCHOOL?\[2JSCHOOL" "$TMP/screen-e"
	check "live: no clipboard write reached tmux (OSC 52)" \
	    test -z "$(tm list-buffers 2>/dev/null)"
	$DECODE actions "$TMP/live hostile.slog" >"$TMP/live.actions"
	check "live: the typed note holds no control character" \
	    grep -qx '[0-9]* note text=typed\[2Jnote' "$TMP/live.actions"
	check "live: the person code holds no control character" \
	    grep -qx '[0-9]* set person=PQ' "$TMP/live.actions"
	check "live: a 5000-key note is bounded to 4096 bytes" $PYTHON3 -c '
import msgpack, sys
recs = list(msgpack.Unpacker(open(sys.argv[1], "rb"), raw=False))
notes = [r["text"] for r in recs if r.get("type") == "note" and r["text"].startswith("zz")]
print("# the long note kept %s bytes" % [len(n) for n in notes])
sys.exit(not notes or max(map(len, notes)) > 4096)' "$TMP/live hostile.slog"
	tm kill-server 2>/dev/null
else
	echo "# SKIP the live screen: tmux is not installed"
fi

# ---- paths with spaces, quotes and non-ASCII names ----

dir="$TMP/école d'été/日本 \"x\""
mkdir -p "$dir"
log="$dir/jour d'école ü.slog"
expect_exit "recorder: timed into a non-ASCII path with quotes" 0 "$REC" \
    --school "École Saint-Éloi" --head "Mme Ngọc" --date 2026-11-16 \
    --input "$TMP/day.txt" "$log"
check "... mode 0600" test "$(stat -c %a "$log")" = 600
expect_exit "analyser: that path" 0 "$ANA" "$log"
check "... shows the UTF-8 school" grep -q "École Saint-Éloi" "$TMP/out"
expect_exit "analyser: episodes CSV into such a path, read back" 0 sh -c \
    '"$1" --episodes --format=csv "$2" >"$3" && "$1" "$3"' sh "$ANA" "$log" \
    "$dir/épisodes ü.csv"
if command -v gnuplot >/dev/null 2>&1; then
	expect_exit "--plot into '$dir/graphiques ü'" 0 "$ANA" \
	    --plot="$dir/graphiques ü" "$log"
	check "... charts drawn" sh -c 'test "$(ls "$1"/*.png | wc -l)" -ge 3' \
	    sh "$dir/graphiques ü"
	expect_exit "--html into '$dir/rapport d'été.html'" 0 "$ANA" \
	    --html="$dir/rapport d'été.html" "$log"
	check "... the report names the school" \
	    grep -q "École Saint-Éloi" "$dir/rapport d'été.html"
fi
if [ -n "$TMUX_BIN" ] && [ -x "$TMUX_BIN" ]; then
	sock="shadowlog-hostile-p-$$"
	cp "$log" "$dir/live ü.slog"
	printf '%s' "$dir/live ü.slog" >"$TMP/path"
	tm new-session -d -s rec -x 120 -y 40 "'$REC' \"\$(cat '$TMP/path')\"; echo EXITED \$?; sleep 60"
	check "live: records into a non-ASCII path with quotes" wait_for "continuing the day"
	tm send-keys -t rec v
	check "live: v saved" wait_for "saved"
	tm send-keys -t rec q
	wait_for "y/n" >/dev/null
	tm send-keys -t rec y
	check "live: quits" wait_for "EXITED 0"
	check "live: the log grew and decodes" $DECODE check "$dir/live ü.slog"
	tm kill-server 2>/dev/null
fi

# ---- no shell anywhere ----

check "no system() or popen() in common, recorder, analyser" sh -c \
    '! grep -rn "system(\|popen(" "$1/common" "$1/recorder" "$1/analyser"' \
    sh "$top_srcdir"
finish
