#!/bin/sh
# Storage faults, injected with tests/fault/shim.so (LD_PRELOAD) at every
# call site in turn and, where mounting is permitted, on a real full
# tmpfs: timed commands never leave a new, changed or partial log; the live
# recorder says NOT SAVED, keeps the actions and saves them, once each, when
# the disk clears; the analyser never leaves a partial report or chart.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_python_msgpack
SHIM=${SHIM:-$top_builddir/tests/fault/shim.so}
ANA="$top_builddir/analyser/shadowlog-analyse"
need_preload "$SHIM"
# Under the sanitizers each run costs ten times as much: there, ENOSPC and
# short writes only (the plain build tries every errno).
ERRNOS="ENOSPC EIO EINTR short short+full"
if ldd "$REC" 2>/dev/null | grep -q libasan; then
	ERRNOS="ENOSPC short+full"
	echo "# sanitizer build: $ERRNOS only"
fi
FAULTS="$TMP/faults.log"	# one line per fault injected (shim's SHIM_LOG)
: >"$FAULTS"

# shim VAR=VALUE... COMMAND...: runs COMMAND under the shim.
shim() {
	env LD_PRELOAD="$SHIM" SHIM_LOG="$FAULTS" "$@"
}

# count_calls FILE KIND: calls of KIND a counting run saw.
# (child processes, such as gnuplot, add lines of their own)
count_calls() { awk -v k="$2" '$1 == k { n += $2 } END { print n + 0 }' "$1"; }

# ---- 1. timed commands: every call site, every errno ----

D="$TMP/disk"			# the faulted directory (SHIM_PREFIX)
REF="$TMP/ref"
mkdir -p "$D" "$REF"
log="$D/day.slog"
DAY=$DATA/sample-day.txt
grep -v '^#' "$DAY" | head -n 60 >"$REF/part1.txt"
grep -v '^#' "$DAY" | tail -n +61 >"$REF/part2.txt"
rec() { "$REC" --date 2026-11-16 "$@"; }

# The fault-free outcomes each scenario must end in when it succeeds.
rec --input "$DAY" "$REF/new.slog" 2>/dev/null
rec --input "$REF/part1.txt" "$REF/base.slog" 2>/dev/null
cp "$REF/base.slog" "$REF/append.slog"
rec --input "$REF/part2.txt" "$REF/append.slog" 2>/dev/null
cp "$REF/base.slog" "$REF/torn.slog"
printf '\212\244type\245start\243seq' >"$REF/tail"	# a record cut short
cat "$REF/tail" >>"$REF/torn.slog"
for s in new append; do $DECODE actions "$REF/$s.slog" >"$REF/$s.actions"; done
check "reference days recorded" test -s "$REF/new.actions" -a -s "$REF/append.actions"
# A whole outcome is byte for byte the reference after the header (whose
# creation time differs from run to run).
HLEN=$("$PYTHON3" -c '
import sys, msgpack
u = msgpack.Unpacker(open(sys.argv[1], "rb"), raw=False); next(u); print(u.tell())' "$REF/new.slog")
# whole_day SCENARIO: the log is that scenario's whole day.
whole_day() {
	case $1 in new) want=new ;; *) want=append ;; esac
	cmp -s -i "$HLEN" "$log" "$REF/$want.slog"
}

# setup SCENARIO: the log as it is before the run; prints the input.
setup() {
	rm -rf "$D"; mkdir -p "$D"
	case $1 in
	new)	echo "$DAY" ;;
	append)	cp "$REF/base.slog" "$log"; echo "$REF/part2.txt" ;;
	torn)	cp "$REF/torn.slog" "$log"; echo "$REF/part2.txt" ;;
	esac
}

# judge SCENARIO RC ERRFILE: the run ended whole or left nothing changed.
judge() {
	s=$1 rc=$2 err=$3
	if ls "$D" | grep -q 'tmp-'; then
		echo "temporary file left: $(ls "$D")"; return 1
	fi
	if [ "$rc" -eq 0 ]; then
		whole_day $s || { echo "exit 0 but the log is not the whole day"; return 1; }
		if [ "$s" = torn ]; then
			cmp -s "$log.damaged-1" "$REF/tail" ||
			    { echo "torn tail not kept in the side file"; return 1; }
		fi
		return 0
	fi
	if [ "$rc" -ne 74 ] && [ "$rc" -ne 73 ]; then
		echo "exit $rc, wanted 73 or 74"; return 1
	fi
	grep -qF "$log" "$err" || { echo "message does not name $log"; return 1; }
	last=$(tail -n 1 "$FAULTS")
	case $last in
	"open "*".tmp-"*) [ "$rc" -eq 73 ] ||
	    { echo "exit $rc for a temporary file not created, wanted 73"; return 1; } ;;
	*) [ "$rc" -eq 74 ] || { echo "exit $rc, wanted 74"; return 1; } ;;
	esac
	# A fault after the rename: the whole new log is in place, and said.
	if grep -q 'renamed, but its directory was not synced' "$err"; then
		whole_day $s || { echo "renamed, but not the whole day"; return 1; }
		return 0
	fi
	case $s in
	new)	[ ! -e "$log" ] || { echo "a new log was left"; return 1; } ;;
	append)	cmp -s "$log" "$REF/base.slog" || { echo "the log changed"; return 1; } ;;
	torn)	# as it was, or repaired with the torn bytes in the side file
		if ! cmp -s "$log" "$REF/torn.slog"; then
			cmp -s "$log" "$REF/base.slog" || { echo "the log changed"; return 1; }
			cmp -s "$log.damaged-1" "$REF/tail" ||
			    { echo "repaired, but the torn bytes are not kept"; return 1; }
		fi
		for f in "$D"/*.damaged-*; do
			[ -e "$f" ] || continue
			cmp -s "$f" "$REF/tail" || { echo "$f is not the torn tail"; return 1; }
		done ;;
	esac
	return 0
}

timed_runs=0
for s in new append torn; do
	input=$(setup $s)
	shim SHIM_PREFIX="$D" SHIM_COUNT="$TMP/count" "$REC" --date 2026-11-16 \
	    --input "$input" "$log" 2>/dev/null
	mv "$TMP/count" "$TMP/count.$s"
	for kind in write fsync rename open ftruncate close; do
		calls=$(count_calls "$TMP/count.$s" $kind)
		[ "$calls" -gt 0 ] || continue
		# short: one write cut short (written on); short+full: cut
		# short, then ENOSPC from there on
		for e in $ERRNOS; do
			case $e in short*) [ $kind != write ] && continue ;; esac
			from=0
			[ $e = short+full ] && from=1
			bad=0 n=1 exits=""
			while [ $n -le "$calls" ]; do
				input=$(setup $s)
				shim SHIM_PREFIX="$D" SHIM_CALL=$kind SHIM_NTH=$n \
				    SHIM_ERRNO=${e%+full} SHIM_FROM=$from \
				    "$REC" --date 2026-11-16 \
				    --input "$input" "$log" >/dev/null 2>"$TMP/err"
				rc=$?
				timed_runs=$((timed_runs + 1))
				exits="$exits $rc"
				if why=$(judge $s $rc "$TMP/err"); then :; else
					not_ok "timed $s: $kind #$n $e: $why; stderr: $(cat "$TMP/err")"
					bad=1
				fi
				n=$((n + 1))
			done
			[ $bad -eq 0 ] && ok "timed $s: $kind $e at each of $calls calls (exits:$exits)"
		done
	done
done
echo "# timed commands: $timed_runs faulted runs"

# ---- 2. the live recorder in tmux: the disk fails, then clears ----

CLEANUP='umount "$TMP/small" 2>/dev/null'
use_tmux fault || TMUX_BIN=""

# none_saved FIRST LAST SECONDS: sampling the screen for SECONDS, no record
# FIRST..LAST is ever shown as saved, and the warning stays.
none_saved() {
	i=0
	while [ $i -lt $(($3 * 10)) ]; do
		screen >"$TMP/screen"
		ns=$1
		while [ "$ns" -le "$2" ]; do
			if grep -Eq "#$ns .* saved\$" "$TMP/screen"; then
				echo "# #$ns shown as saved while the disk fails:"
				sed 's/^/#   /' "$TMP/screen"
				return 1
			fi
			ns=$((ns + 1))
		done
		grep -q 'NOT SAVED: cannot write the log' "$TMP/screen" || {
			echo "# the warning went while the disk fails:"
			sed 's/^/#   /' "$TMP/screen"; return 1; }
		sleep 0.1
		i=$((i + 1))
	done
	return 0
}

cat >"$REF/live.want" <<'WANT'
1 begin
2 start group=teachers by=head
3 set person=T04
4 end
5 start group=pupils by=other
6 brief group=pupils by=head
7 note text=the disk is full
8 set person=P12
9 start group=SLT by=head
10 stop
WANT

# live NAME DIR ENV...: one live day on DIR/day.slog; the disk (as the
# shim or the caller's fail_disk and clear_disk make it) fails after #3
# and clears after #8.  WORDS: what the warning must say.
live() {
	lname=$1 dir=$2; shift 2
	llog="$dir/day.slog"
	tm kill-session -t rec 2>/dev/null
	tm new-session -d -s rec -x 140 -y 40 \
	    "env $* '$REC' --school 'Fault School' '$llog'; echo EXITED \$?; sleep 60"
	check "$lname: begin saved" saved 1
	tm send-keys -t rec t;			check "$lname: #2 saved" saved 2
	tm send-keys -t rec '#' T04 Enter;	check "$lname: #3 saved" saved 3
	size=$(stat -c %s "$llog")
	fail_disk
	tm send-keys -t rec Space
	check "$lname: the screen says NOT SAVED in plain words" \
	    wait_for "NOT SAVED: cannot write the log ($WORDS)"
	check "$lname: the action is marked NOT SAVED" wait_for "#4 end  NOT SAVED"
	tm send-keys -t rec P;  check "$lname: #5 kept" wait_for "#5 start pupils"
	tm send-keys -t rec / p; check "$lname: #6 kept" wait_for "#6 brief pupils"
	tm send-keys -t rec '!' 'the disk is full' Enter
	check "$lname: #7 kept" wait_for "#7 note: the disk is full"
	tm send-keys -t rec '#' P12 Enter
	check "$lname: #8 kept" wait_for "#8 set"
	check "$lname: the warning counts the kept actions" wait_for "5 actions kept"
	check "$lname: no kept action shown saved over 2 s of retries" none_saved 4 8 2
	tm send-keys -t rec q y
	check "$lname: quitting is refused while actions wait" wait_for "cannot quit yet"
	check "$lname: nothing unconfirmed reached the log" \
	    test "$($DECODE actions "$llog" | wc -l)" -eq 3 -a "$(stat -c %s "$llog")" -eq "$size"
	clear_disk
	check "$lname: once the disk clears the kept actions are saved" saved 8
	check "$lname: the screen says so" wait_for "the 5 actions that waited are now on disk"
	check "$lname: the warning has gone" sh -c "! $TMUX_BIN -L $sock capture-pane -p -t rec | grep -q 'NOT SAVED'"
	tm send-keys -t rec s;	check "$lname: the day goes on" saved 9
	tm send-keys -t rec q y; check "$lname: quits with exit 0" wait_for "EXITED 0"
	$DECODE actions "$llog" >"$TMP/live.got"
	check "$lname: the log decodes" $DECODE check "$llog"
	check "$lname: every action exactly once, in order" cmp "$REF/live.want" "$TMP/live.got"
	tm kill-session -t rec 2>/dev/null
}

if [ -z "$TMUX_BIN" ] || [ ! -x "$TMUX_BIN" ]; then
	echo "# SKIP live parts: tmux is not installed (apt-get install tmux)"
else
	ctl="$TMP/disk-clear"
	fail_disk() { rm -f "$ctl"; }
	clear_disk() { touch "$ctl"; }
	for v in "write ENOSPC No space left on device" \
	    "fsync EIO Input/output error" \
	    "write short No space left on device"; do
		set -- $v
		call=$1 e=$2; shift 2
		WORDS="$*"
		rm -rf "$D"; mkdir -p "$D"; touch "$ctl"
		live "live, $call $e" "$D" LD_PRELOAD="$SHIM" SHIM_LOG="$FAULTS" \
		    SHIM_PREFIX="$D" SHIM_CALL=$call SHIM_NTH=1 SHIM_FROM=1 \
		    SHIM_ERRNO=$e SHIM_CLEAR="$ctl" ASAN_OPTIONS="$ASAN_OPTIONS"
	done

	# A log that cannot be created: 73 naming it, and nothing left, at
	# each call that creates it.
	for v in "open 1" "write 1" "fsync 1" "rename 1" "open 2" "fsync 2"; do
		set -- $v
		rm -rf "$D"; mkdir -p "$D"
		tm kill-session -t rec 2>/dev/null
		tm new-session -d -s rec -x 140 -y 40 \
		    "env LD_PRELOAD='$SHIM' SHIM_LOG='$FAULTS' SHIM_PREFIX='$D' SHIM_CALL=$1 SHIM_NTH=$2 SHIM_ERRNO=EIO ASAN_OPTIONS='$ASAN_OPTIONS' '$REC' '$D/day.slog'; echo EXITED \$?; sleep 60"
		check "live create, $1 #$2 fails: exit 73" wait_for "EXITED 73"
		check "live create, $1 #$2 fails: says which file and why" wait_for "$D/day.slog: Input/output error"
		check "live create, $1 #$2 fails: no log, no temporary file" test -z "$(ls -A "$D")"
	done
	tm kill-session -t rec 2>/dev/null
fi

# ---- 3. the analyser's output files: --html and --plot ----

O="$TMP/outdir"		# the faulted directory for the analyser
SHADOWLOG_PLOTS=${SHADOWLOG_PLOTS:-$top_srcdir/plots}
export SHADOWLOG_PLOTS
ana() { "$ANA" "$@" "$REF/new.slog" >/dev/null; }
html="$O/report.html"
charts="$O/charts"

if ! command -v gnuplot >/dev/null 2>&1; then
	echo "# SKIP analyser parts: gnuplot is not installed (apt-get install gnuplot-nox)"
else
	rm -rf "$O"; mkdir -p "$O"
	ana --html="$REF/report.html" --plot="$REF/charts" --plot-format=svg
	check "reference report and charts written" test -s "$REF/report.html" -a -s "$REF/charts/$(ls "$REF/charts" | head -n 1)"

	# ajudge WHAT RC ERRFILE: the output is whole or as it was, never
	# partial, and no temporary file is left.
	ajudge() {
		what=$1 rc=$2 err=$3
		if [ -n "$(ls -A "$O" "$charts" 2>/dev/null | grep -e 'tmp-' -e '^\.')" ]; then
			echo "temporary file left: $(ls -A "$O" "$charts" 2>/dev/null | tr '\n' ' ')"; return 1
		fi
		case $what in
		html*)	out=$html ;;
		plot)	out=$charts ;;
		esac
		if [ "$rc" -eq 0 ]; then
			case $what in
			html*)	cmp -s "$html" "$REF/report.html" ;;
			plot)	diff -r "$charts" "$REF/charts" >/dev/null ;;
			esac || { echo "exit 0 but the output is not whole"; return 1; }
			return 0
		fi
		[ "$rc" -eq 73 ] || [ "$rc" -eq 74 ] || { echo "exit $rc, wanted 73 or 74"; return 1; }
		grep -qF "$out" "$err" || { echo "the message does not name $out"; return 1; }
		case $what in
		html)	[ ! -e "$html" ] || cmp -s "$html" "$REF/report.html" ||
			    { echo "a partial report was left"; return 1; } ;;
		html-old) cmp -s "$html" "$REF/old.html" || cmp -s "$html" "$REF/report.html" ||
			    { echo "the old report was changed but not replaced whole"; return 1; } ;;
		plot)	for f in "$charts"/*; do
				[ -e "$f" ] || continue
				cmp -s "$f" "$REF/charts/${f##*/}" ||
				    { echo "partial chart $f"; return 1; }
			done ;;
		esac
		return 0
	}

	printf '<html>an older report</html>\n' >"$REF/old.html"
	asetup() {
		rm -rf "$O"; mkdir -p "$O"
		[ "$1" = html-old ] && cp "$REF/old.html" "$html"
		case $1 in
		html*)	echo "--html=$html" ;;
		plot)	echo "--plot=$charts" ;;
		esac
	}
	ana_runs=0
	for what in html html-old plot; do
		opt=$(asetup $what)
		shim SHIM_PREFIX="$O" SHIM_COUNT="$TMP/count" "$ANA" "$opt" \
		    --plot-format=svg "$REF/new.slog" >/dev/null 2>&1
		mv "$TMP/count" "$TMP/count.$what"
		for kind in write fsync rename open close; do
			calls=$(count_calls "$TMP/count.$what" $kind)
			[ "$calls" -gt 0 ] || continue
			# charts take longer: EIO only where it differs (fsync)
			errnos=$(echo "$ERRNOS" | sed 's/EINTR//; s/short //')
			[ $what = plot ] && errnos=ENOSPC
			[ $what = plot ] && [ $kind = fsync ] && errnos="ENOSPC EIO"
			for e in $errnos; do
				[ $e = short+full ] && [ $kind != write ] && continue
				from=0
				[ $e = short+full ] && from=1
				# every chart is installed by the same calls:
				# the first chart's and the last's
				sites=$(seq 1 "$calls")
				[ $what = plot ] && sites=$(printf '1\n%s\n' "$calls" | uniq)
				bad=0 exits=""
				for n in $sites; do
					opt=$(asetup $what)
					shim SHIM_PREFIX="$O" SHIM_CALL=$kind SHIM_NTH=$n \
					    SHIM_ERRNO=${e%+full} SHIM_FROM=$from "$ANA" "$opt" \
					    --plot-format=svg "$REF/new.slog" >/dev/null 2>"$TMP/err"
					rc=$?
					ana_runs=$((ana_runs + 1))
					exits="$exits $rc"
					if why=$(ajudge $what $rc "$TMP/err"); then :; else
						not_ok "analyser $what: $kind #$n $e: $why; stderr: $(cat "$TMP/err")"
						bad=1
					fi
				done
				[ $bad -eq 0 ] && ok "analyser $what: $kind $e at calls" $sites "of $calls (exits:$exits)"
			done
		done
	done
	echo "# analyser: $ana_runs faulted runs"
fi

# ---- 4. a real small file system, filled up ----

# whole LOG: the log is whole msgpack objects to its last byte.
whole() {
	"$PYTHON3" -c '
import os, sys, msgpack
f = open(sys.argv[1], "rb"); u = msgpack.Unpacker(f, raw=False)
n = sum(1 for _ in u)
sys.exit(0 if u.tell() == os.path.getsize(sys.argv[1]) else 1)' "$1"
}

# fill DIR [LEAVE]: fills the file system at DIR, then frees LEAVE bytes.
fill() {
	dd if=/dev/zero of="$1/filler" bs=4096 2>/dev/null
	[ -n "${2:-}" ] && truncate -s "-$2" "$1/filler"
	return 0
}

S="$TMP/small"
mkdir -p "$S"
if ! mount -t tmpfs -o size=256k,mode=0700 tmpfs "$S" 2>"$TMP/mount.err"; then
	echo "SKIP: cannot mount a tmpfs here: $(head -n 1 "$TMP/mount.err")"
else
	echo "# a 256 KiB tmpfs at $S"
	slog="$S/day.slog"
	# A new log on a full disk: 74 naming it, nothing left behind.
	fill "$S"
	expect_exit "full tmpfs: new log refused" 74 rec --input "$DAY" "$slog"
	err_has "full tmpfs: says why in plain words" "No space left on device"
	err_has "full tmpfs: names the log" "$slog"
	check "full tmpfs: no log and no temporary file" test "$(ls "$S")" = filler
	# Room for part of the log only: the write is short, then refused.
	rm -f "$S/filler"; fill "$S" 8K
	expect_exit "nearly full tmpfs: new log refused" 74 rec --input "$DAY" "$slog"
	check "nearly full tmpfs: no log and no temporary file" test "$(ls "$S")" = filler
	rm -f "$S/filler"
	expect_exit "tmpfs with room: the day is written" 0 rec --input "$DAY" "$slog"
	check "tmpfs with room: the whole day" sh -c "$DECODE actions '$slog' | cmp -s - '$REF/new.actions'"
	# Appending to a log on a full disk leaves it byte for byte.  An
	# append in place needs room for the new records only: the free room
	# is the slack of the log's last page, so part of them is written
	# before the disk is full, and must be cut back.
	cp "$REF/base.slog" "$slog"
	fill "$S"
	expect_exit "full tmpfs: append refused" 74 rec --input "$REF/part2.txt" "$slog"
	check "full tmpfs: the log is as it was" cmp -s "$slog" "$REF/base.slog"
	check "full tmpfs: no temporary file" test -z "$(ls "$S" | grep tmp-)"
	rm -f "$S/filler"
	expect_exit "tmpfs with room: append written" 0 rec --input "$REF/part2.txt" "$slog"
	check "tmpfs with room: the appended day" sh -c "$DECODE actions '$slog' | cmp -s - '$REF/append.actions'"
	# The analyser's report on a full disk: 73, no partial file.
	if command -v gnuplot >/dev/null 2>&1; then
		rm -f "$S"/*; fill "$S"
		expect_exit "full tmpfs: report refused" 73 "$ANA" --html="$S/report.html" "$REF/new.slog"
		err_has "full tmpfs: report names the file" "$S/report.html"
		check "full tmpfs: no partial report" test "$(ls -A "$S")" = filler
		rm -f "$S/filler"
		expect_exit "tmpfs with room: report written" 0 "$ANA" --html="$S/report.html" "$REF/new.slog"
		check "tmpfs with room: the whole report" cmp -s "$S/report.html" "$REF/report.html"
	fi

	# Live: the disk fills mid-day.  Writes go on into the log's last
	# page, so long notes are typed until one is refused.
	if [ -n "$TMUX_BIN" ] && [ -x "$TMUX_BIN" ]; then
		rm -f "$S"/*
		tm kill-session -t rec 2>/dev/null
		tm new-session -d -s rec -x 140 -y 40 \
		    "'$REC' --school 'Full School' '$slog'; echo EXITED \$?; sleep 60"
		check "real full disk: begin saved" saved 1
		tm send-keys -t rec t;			check "real full disk: #2 saved" saved 2
		tm send-keys -t rec '#' T04 Enter;	check "real full disk: #3 saved" saved 3
		printf '1 begin\n2 start group=teachers by=head\n3 set person=T04\n' >"$TMP/real.want"
		fill "$S"
		long=$(printf '%01500d' 0 | tr 0 x)
		seq=4 first=0
		while [ $seq -le 12 ]; do
			tm send-keys -t rec '!' && tm send-keys -t rec -l "$long$seq" &&
			    tm send-keys -t rec Enter
			echo "$seq note text=$long$seq" >>"$TMP/real.want"
			wait_for "#$seq note: " >/dev/null || break
			if screen | grep -q 'NOT SAVED: cannot write the log (No space left on device)'; then
				first=$seq; break
			fi
			seq=$((seq + 1))
		done
		check "real full disk: a write is refused and the screen says why" test $first -gt 0
		tm send-keys -t rec Space;	echo "$((seq + 1)) end" >>"$TMP/real.want"
		tm send-keys -t rec P;		echo "$((seq + 2)) start group=pupils by=other" >>"$TMP/real.want"
		check "real full disk: later actions kept" wait_for "#$((seq + 2)) start pupils"
		check "real full disk: nothing refused shown saved over 2 s" none_saved $first $((seq + 2)) 2
		check "real full disk: the log holds the saved actions only" \
		    test "$($DECODE actions "$slog" | wc -l)" -eq $((first - 1))
		check "real full disk: no partial record on disk" whole "$slog"
		rm -f "$S/filler"
		check "real full disk: space freed, the kept actions saved" saved $((seq + 2))
		tm send-keys -t rec q y; check "real full disk: quits with exit 0" wait_for "EXITED 0"
		echo "$((seq + 3)) stop" >>"$TMP/real.want"
		$DECODE actions "$slog" >"$TMP/real.got"
		check "real full disk: every action exactly once, in order" cmp "$TMP/real.want" "$TMP/real.got"
		tm kill-session -t rec 2>/dev/null
	fi
	umount "$S"
fi

# ---- the figures ----
awk '{ n++; k[$1]++; ke[$1, $3]++ } END {
	split("write fsync rename open ftruncate close", kinds, " ")
	split("ENOSPC EIO EINTR short", errs, " ")
	out = ""
	for (i = 1; i <= 6; i++) {
		if (!k[kinds[i]]) continue
		part = ""
		for (j = 1; j <= 4; j++) if (ke[kinds[i], errs[j]])
			part = part (part == "" ? "" : ", ") errs[j] " " ke[kinds[i], errs[j]]
		out = out (out == "" ? "" : "; ") kinds[i] " " k[kinds[i]] " (" part ")"
	}
	printf "# faults injected: %d: %s\n", n, out }' "$FAULTS"
finish
