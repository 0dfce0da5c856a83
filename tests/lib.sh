# Shared by the shell tests: paths to the built programs, a scratch
# directory removed on exit, and checks that say what they saw.
set -u
: "${top_builddir:=$(pwd)}"
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${PYTHON3:=/usr/bin/python3}"
REC="$top_builddir/recorder/shadowlog-record"
DATA="$top_srcdir/tests/data"
DECODE="$PYTHON3 $top_srcdir/tests/decode.py"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/shadowlog-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }

# check NAME COMMAND...: passes when the command succeeds.
# (Its own variable has a name of its own: a caller's $name stays put.)
check() {
	_check_name=$1; shift
	if "$@"; then ok "$_check_name"; else not_ok "$_check_name"; fi
}

# expect_exit NAME CODE COMMAND...: the command exits with CODE.
expect_exit() {
	name=$1; want=$2; shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$name (exit $got)"
	else not_ok "$name: exit $got, wanted $want; stderr: $(cat "$TMP/err")"; fi
}

# err_has NAME TEXT: the last expect_exit's stderr contains TEXT.
err_has() {
	if grep -qF -- "$2" "$TMP/err"; then ok "$1"
	else not_ok "$1: stderr lacks '$2': $(cat "$TMP/err")"; fi
}

need_python_msgpack() {
	if ! "$PYTHON3" -c 'import msgpack' 2>/dev/null; then
		echo "SKIP: $PYTHON3 has no msgpack module (apt-get install python3-msgpack)"
		exit 77
	fi
}

# need_preload SO: skips the test unless the LD_PRELOAD object SO is built;
# under a sanitizer build, lets it come before the sanitizer's runtime.
need_preload() {
	if [ ! -f "$1" ]; then
		echo "SKIP: $1 is not built (make ${1#"$top_builddir"/})"
		exit 77
	fi
	case ${ASAN_OPTIONS:-} in *verify_asan_link_order*) ;; *)
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
		export ASAN_OPTIONS ;;
	esac
}

# Ends the test with the plain summary line and automake's exit status.
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# ---- the live recorder in a private tmux server ----
# use_tmux NAME: fails when tmux is missing; else names this test's tmux
# server, starts it with a session that outlives the recorder's (a server
# whose last session is killed exits, and a new-session racing that exit
# fails with "server exited unexpectedly"), and kills it on exit (first
# running $CLEANUP, if set).
use_tmux() {
	sock="shadowlog-$1-$$"
	trap 'tm kill-server 2>/dev/null; eval "${CLEANUP:-:}"; rm -rf "$TMP"' EXIT
	TMUX_BIN=${TMUX_BIN:-$(command -v tmux)}
	[ -n "$TMUX_BIN" ] && [ -x "$TMUX_BIN" ] &&
	    tm new-session -d -s keep -x 20 -y 5 "sleep 86400"
}
tm() { "$TMUX_BIN" -L "$sock" -f /dev/null "$@"; }
screen() { tm capture-pane -p -t rec 2>/dev/null; }

# wait_for TEXT [TENTHS]: up to 10 s (or TENTHS/10 s) for TEXT on screen.
wait_for() {
	i=0
	while [ $i -lt "${2:-100}" ]; do
		if screen | grep -qF -- "$1"; then return 0; fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "# screen while waiting for '$1':"
	screen | sed 's/^/#   /'
	return 1
}

# wait_gone TEXT: up to 10 s for TEXT to leave the screen.
wait_gone() {
	i=0
	while [ $i -lt 100 ]; do
		screen | grep -qF -- "$1" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	screen | sed 's/^/#   /'
	return 1
}

# saved SEQ: within 10 s the screen confirms record SEQ as saved (the
# line ends in "saved", so a note that says "saved" cannot pass for it).
saved() {
	i=0
	while [ $i -lt 100 ]; do
		if screen | grep -Eq "#$1 .* saved\$"; then return 0; fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "# screen while waiting for #$1 saved:"
	screen | sed 's/^/#   /'
	return 1
}

# slides_pdf PDF...: a chart for slides, its page shown 800 px across
# (a 1600x900 chart at 800x450), keeps every text 11 px or more.  cairo
# sets each run of text with "1 Tf" and a text matrix whose scale is the
# size in points, on a page 720 points across.
slides_pdf() {
	"$PYTHON3" - "$@" <<'PY'
import math, re, sys, zlib
for path in sys.argv[1:]:
    pdf = open(path, "rb").read()
    width = float(re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+)", pdf).group(1))
    sizes = []
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            text = zlib.decompress(m.group(1))
        except zlib.error:
            continue
        assert set(re.findall(rb" ([\d.]+) Tf", text)) <= {b"1"}, path
        sizes += [math.hypot(float(a), float(b)) for a, b in re.findall(
            rb"([-\d.]+) ([-\d.]+) [-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ Tm", text)]
    assert sizes, ("no text", path)
    px = min(sizes) * 800 / width
    assert px >= 11, ("%.1f px at 800 across" % px, path)
print("the smallest text %.1f px at 800x450" % px)
PY
}

# ---- the log as the live recorder writes it (hurried.sh, live-dims.sh) ----
# records LOG: the number of records in LOG (0 before it is there).
records() {
	$DECODE actions "$1" 2>/dev/null | wc -l
}

# wait_records LOG N: up to 10 s for LOG to hold N records.
wait_records() {
	i=0
	while [ $i -lt 100 ]; do
		[ "$(records "$1")" -ge "$2" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# $1 holds $(records "$1") records, wanted $2; the screen:"
	screen | sed 's/^/#   /'
	return 1
}

# no_screen TEXT: TEXT is not on the screen now.
no_screen() {
	if screen | grep -qF -- "$1"; then
		screen | sed 's/^/#   /'
		return 1
	fi
	return 0
}

# same NAME WANT GOT: passes when the files are the same, else shows how
# GOT differs.
same() {
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1: it differs:"
		diff "$2" "$3" | sed 's/^/#   /'
	fi
}

# tmux_size TEST W H COMMAND: the session rec at WxH runs COMMAND, then
# says "EXITED status", on a tmux server of its own for this size: a new
# session on a server that is just exiting can fail.
tmux_size() {
	tm kill-server 2>/dev/null
	sock="shadowlog-$1-$$-$2x$3"
	tm new-session -d -s rec -x "$2" -y "$3" \
	    "sleep 0.5; $4; echo EXITED \$?; sleep 60"
}
