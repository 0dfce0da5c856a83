#!/bin/sh
# Replays, with the gcc-built runners (tests/fuzz/replay_TARGET), every
# input that once made a fuzz target fail (tests/fuzz/regress/TARGET/) and
# the seeds the fuzzers start from: no crash, leak or sanitizer report, and
# every check of the targets holds.  Under the sanitizer build this is the
# fuzzers' own check without clang.
. "$(dirname "$0")/../lib.sh"
FUZZ="$top_srcdir/tests/fuzz"
BORIS_DIR=${BORIS_DIR:-$top_srcdir/../shared/interop/boris}

# Seed logs: the sample day, a reviewed copy, and the damaged corpus.
export TZ=Europe/London
"$REC" --school "Meadowbank Primary" --head HT1 --observer OBS-A \
    --date 2026-11-16 --input "$DATA/sample-day.txt" "$TMP/sample.slog" \
    >/dev/null 2>&1 </dev/null &&
cp "$TMP/sample.slog" "$TMP/reviewed.slog" &&
"$REC" --input "$DATA/review.txt" "$TMP/reviewed.slog" >/dev/null 2>&1 \
    </dev/null
check "seed logs recorded" test -s "$TMP/reviewed.slog"
# A day coded with dimensions: the scheme's and the records' new fields.
printf '%s\n' '09:00 begin' '09:01 alone task=e-mail' \
    '09:05 start t purpose=behaviour' '09:07 set purpose=strategy' \
    '09:10 end' '09:20 fix 09:05 purpose=staffing' '09:30 stop' |
"$REC" --scheme "$DATA/example.scheme" --date 2026-11-16 --input /dev/stdin \
    "$TMP/dimensions.slog" >/dev/null 2>&1
check "seed log with dimensions recorded" test -s "$TMP/dimensions.slog"
REC="$REC" sh "$DATA/damaged/make.sh" "$TMP/damaged" >/dev/null 2>&1 \
    </dev/null
check "damaged corpus made" test -f "$TMP/damaged/torn-tail.slog"

for t in log episodes boris command scheme unpack boris_project; do
	set --
	[ -d "$FUZZ/regress/$t" ] && set -- "$FUZZ/regress/$t"
	case $t in
	log|unpack) set -- "$@" "$TMP"/*.slog "$TMP"/damaged/*.slog ;;
	episodes) set -- "$@" "$DATA"/golden/*.csv "$TMP"/damaged/*.csv ;;
	boris)
		set -- "$@" "$FUZZ/seeds/boris"
		[ -d "$BORIS_DIR" ] && set -- "$@" "$BORIS_DIR"/*.tsv ;;
	boris_project)
		set -- "$@" "$FUZZ/seeds/boris_project"
		[ -d "$BORIS_DIR" ] && set -- "$@" "$BORIS_DIR"/*.boris ;;
	command) set -- "$@" "$DATA"/*.txt "$FUZZ/seeds/command" ;;
	scheme) set -- "$@" "$DATA/example.scheme" "$FUZZ/seeds/scheme" ;;
	esac
	"$top_builddir/tests/fuzz/replay_$t" "$@" >"$TMP/out" 2>&1 </dev/null
	got=$?
	if [ "$got" -eq 0 ]; then
		ok "replay_$t: $(tail -n 1 "$TMP/out")"
	else
		not_ok "replay_$t: exit $got"
		tail -n 40 "$TMP/out"
	fi
done
finish
