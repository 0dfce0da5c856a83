#!/bin/sh
# Builds the libFuzzer targets with clang (against common/*.c directly, not
# through automake: the project is built with gcc), seeds each corpus from
# the test data, and fuzzes:
#
#     sh tests/fuzz/run.sh SECONDS [TARGET...]   fuzz each target SECONDS
#     sh tests/fuzz/run.sh replay [TARGET...]    only replay the seeds and
#                                                tests/fuzz/regress/TARGET/*
#     sh tests/fuzz/run.sh cover [TARGET...]     line and branch coverage of
#                                                each reader's source by the
#                                                corpus so far (llvm-cov)
#
# Targets: log episodes boris command scheme unpack boris_project (all when
# none given);
# they run one after another, never in parallel.  Every run first replays
# the seeds and tests/fuzz/regress/TARGET/* (inputs that once failed), one
# by one.  Then it prints a line per target with the executions, the
# coverage libFuzzer reached (cov: edges, ft: features) and the result,
# and exits 1 if any input crashed, leaked, hung (10 s) or drew a sanitizer
# report or a failed check; the input is kept under $FUZZ_BUILD/artifacts
# and the report in $FUZZ_BUILD/logs.
#
# Environment: FUZZ_BUILD (build, corpus and logs; default ./fuzz), CLANG
# (default clang), REC (a built shadowlog-record, to record seed logs;
# default $top_builddir/recorder/shadowlog-record), BORIS_DIR (BORIS
# exports and projects to seed from; default ../shared/interop/boris beside
# the tree).
# Corpora grow in $FUZZ_BUILD/corpus between runs.  Exits 77 (skipped) when
# clang or its libFuzzer runtime is missing.
set -u
LC_ALL=C
export LC_ALL

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${FUZZ_BUILD:-$PWD/fuzz}
: "${top_builddir:=$PWD}"
REC=${REC:-$top_builddir/recorder/shadowlog-record}
BORIS_DIR=${BORIS_DIR:-$top/../shared/interop/boris}
ALL="log episodes boris command scheme unpack boris_project"

usage() {
	echo "usage: run.sh SECONDS|replay|cover [TARGET...]" \
	    "(targets: $ALL)" >&2
	exit 64
}

[ $# -ge 1 ] || usage
mode=$1; shift
case $mode in
replay|cover) ;;
''|*[!0-9]*) usage ;;
esac
targets=${*:-$ALL}
for t in $targets; do
	case " $ALL " in *" $t "*) ;; *) usage ;; esac
done

# ---- the compiler ----

if [ -z "${CLANG:-}" ]; then
	for c in clang clang-14; do
		command -v "$c" >/dev/null 2>&1 && { CLANG=$c; break; }
	done
fi
if [ -z "${CLANG:-}" ]; then
	echo "SKIP: no clang (apt-get install clang libclang-rt-14-dev)"
	exit 77
fi
mkdir -p "$out/obj" "$out/logs" "$out/artifacts" "$out/corpus" \
    "$out/seeds" || exit 1
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\n'`
    `'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)'`
    `' { return 0; }\n' >"$out/obj/probe.c"
if ! "$CLANG" -fsanitize=fuzzer,address,undefined -o "$out/obj/probe" \
    "$out/obj/probe.c" >"$out/obj/probe.log" 2>&1; then
	echo "SKIP: $CLANG cannot build a libFuzzer target" \
	    "(apt-get install libclang-rt-14-dev):"
	cat "$out/obj/probe.log"
	exit 77
fi

MSGPACK_CFLAGS=$(pkg-config --cflags msgpack-c 2>/dev/null ||
    pkg-config --cflags msgpack)
MSGPACK_LIBS=$(pkg-config --libs msgpack-c 2>/dev/null ||
    pkg-config --libs msgpack)
SODIUM_LIBS=$(pkg-config --libs libsodium)
JSON_CFLAGS=$(pkg-config --cflags jansson zlib)
JSON_LIBS=$(pkg-config --libs jansson zlib)
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-std=c11 -g -O1 -fno-omit-frame-pointer -D_GNU_SOURCE $SAN
-I$top/common $MSGPACK_CFLAGS $JSON_CFLAGS"
CFLAGS=$(echo $CFLAGS)

# Rebuilds an object when its source, a header or the flags changed.
stale() {	# stale OBJ SRC
	[ -f "$1" ] || return 0
	for f in "$2" "$top"/common/*.h "$here/fuzz.h" "$out/obj/flags"; do
		[ "$f" -nt "$1" ] && return 0
	done
	return 1
}

build() {
	[ "$(cat "$out/obj/flags" 2>/dev/null)" = "$CLANG $CFLAGS" ] ||
	    echo "$CLANG $CFLAGS" >"$out/obj/flags"
	objs=""
	for src in "$top"/common/*.c; do
		o="$out/obj/$(basename "$src" .c).o"
		objs="$objs $o"
		stale "$o" "$src" || continue
		"$CLANG" $CFLAGS -fsanitize=fuzzer-no-link -c -o "$o" \
		    "$src" || return 1
	done
	for t in $targets; do
		o="$out/obj/fuzz_$t.o"
		if stale "$o" "$here/fuzz_$t.c"; then
			"$CLANG" $CFLAGS -fsanitize=fuzzer -c -o "$o" \
			    "$here/fuzz_$t.c" || return 1
		fi
		"$CLANG" $CFLAGS -fsanitize=fuzzer -o "$out/fuzz_$t" "$o" \
		    $objs $MSGPACK_LIBS $SODIUM_LIBS $JSON_LIBS -lm || return 1
	done
}

echo "== building the fuzz targets with $CLANG in $out"
build || { echo "run.sh: build failed"; exit 1; }

# ---- seeds ----

# Logs recorded with the built recorder, and the damaged-files corpus.
make_logs() {
	d="$out/seeds/logs"
	rm -rf "$d"
	mkdir -p "$d"
	if [ ! -x "$REC" ]; then
		echo "note: no recorder at $REC: seeding logs from" \
		    "tests/fuzz/regress only (set REC)"
		return 0
	fi
	(
	cd "$d" || exit 1
	export TZ=Europe/London
	"$REC" --school "Meadowbank Primary" --head HT1 --observer OBS-A \
	    --date 2026-11-16 --input "$top/tests/data/sample-day.txt" \
	    sample-day.slog >/dev/null 2>&1 </dev/null &&
	cp sample-day.slog reviewed.slog &&
	"$REC" --input "$top/tests/data/review.txt" reviewed.slog \
	    >/dev/null 2>&1 </dev/null
	printf '%s\n' '09:00 begin' '09:01 start g by=head person=G1' \
	    '09:02 start 1 by=other where="the \\ annexe" mode=e-mail' \
	    '09:03 end' '09:04 pause' '09:05 resume' '09:06 stop' >custom.txt
	"$REC" --scheme "$here/seeds/scheme/custom.scheme" --tag visit=2 \
	    --tag term=autumn --date 2026-03-29 --input custom.txt \
	    custom.slog >/dev/null 2>&1 </dev/null
	rm -f custom.txt
	printf '%s\n' '09:00 begin' '09:01 alone task=e-mail' \
	    '09:05 start t purpose=behaviour' '09:07 set purpose=strategy' \
	    '09:10 end' '09:20 fix 09:05 purpose=staffing' '09:30 stop' |
	"$REC" --scheme "$top/tests/data/example.scheme" --date 2026-11-16 \
	    --input /dev/stdin dimensions.slog >/dev/null 2>&1
	REC="$REC" sh "$top/tests/data/damaged/make.sh" damaged \
	    >/dev/null 2>&1 </dev/null
	) || echo "note: recording the seed logs failed in part"
	return 0
}

seed() {	# seed TARGET: fills $out/seeds/TARGET
	s="$out/seeds/$1"
	rm -rf "$s"
	mkdir -p "$s"
	case $1 in
	log|unpack)
		for f in "$out"/seeds/logs/*.slog "$out"/seeds/logs/damaged/*.slog \
		    "$out"/seeds/logs/damaged/empty; do
			[ -f "$f" ] && cp "$f" "$s/"
		done ;;
	episodes)
		for f in "$top"/tests/data/golden/*.csv \
		    "$out"/seeds/logs/damaged/*.csv; do
			[ -f "$f" ] && cp "$f" "$s/"
		done ;;
	boris)
		for f in "$here"/seeds/boris/* "$BORIS_DIR"/*.tsv; do
			[ -f "$f" ] && cp "$f" "$s/"
		done ;;
	boris_project)
		for f in "$here"/seeds/boris_project/* "$BORIS_DIR"/*.boris; do
			[ -f "$f" ] && cp "$f" "$s/"
		done
		for f in "$s"/*.boris; do
			[ -f "$f" ] && gzip -c "$f" >"$f.gz"
		done ;;
	command)
		for f in "$top"/tests/data/*.txt "$here"/seeds/command/*; do
			[ -f "$f" ] && cp "$f" "$s/"
		done ;;
	scheme)
		for f in "$top"/tests/data/example.scheme \
		    "$here"/seeds/scheme/*; do
			[ -f "$f" ] && cp "$f" "$s/"
		done ;;
	esac
	if [ -d "$here/regress/$1" ]; then
		for f in "$here/regress/$1"/*; do
			[ -f "$f" ] && cp "$f" "$s/regress-$(basename "$f")"
		done
	fi
	return 0
}

make_logs

# ---- running ----

max_len() {
	case $1 in
	log|unpack) echo 65536 ;;
	*) echo 16384 ;;
	esac
}

dict() {
	case $1 in
	log|unpack) echo "$here/msgpack.dict" ;;
	episodes|boris) echo "$here/csv.dict" ;;
	boris_project) echo "$here/json.dict" ;;
	*) echo "$here/$1.dict" ;;
	esac
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
FUZZ_OPTS="-timeout=10 -rss_limit_mb=2048"

# Replays the seeds and regressions one file at a time; prints a line.
replay() {	# replay TARGET
	n=0
	for f in "$out/seeds/$1"/*; do
		[ -f "$f" ] || continue
		if ! "$out/fuzz_$1" $FUZZ_OPTS "$f" \
		    >"$out/logs/$1-replay.log" 2>&1; then
			echo "fuzz_$1: FAILED on $f (replay):"
			tail -n 40 "$out/logs/$1-replay.log"
			return 1
		fi
		n=$((n + 1))
	done
	echo "fuzz_$1: replayed $n inputs (seeds and regressions), ok"
}

# Fuzzes one target; prints its summary line.
fuzz() {	# fuzz TARGET SECONDS
	t=$1 secs=$2 log="$out/logs/$1.log"
	mkdir -p "$out/corpus/$t"
	: >"$out/obj/stamp-$t"
	"$out/fuzz_$t" $FUZZ_OPTS -max_total_time="$secs" \
	    -max_len="$(max_len "$t")" -dict="$(dict "$t")" \
	    -print_final_stats=1 -artifact_prefix="$out/artifacts/$t-" \
	    "$out/corpus/$t" "$out/seeds/$t" >"$log" 2>&1 </dev/null
	status=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1)
	corp=$(grep -o 'corp: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	kept=$(find "$out/artifacts" -name "$t-*" -newer "$out/obj/stamp-$t" \
	    2>/dev/null | head -n 1)
	if [ "$status" -eq 0 ] && [ -z "$kept" ] &&
	    ! grep -qE 'ERROR: (Address|Leak|UndefinedBehavior)Sanitizer|runtime error:|ALARM: working|ERROR: libFuzzer' "$log"; then
		result=ok
	else
		result="FAILED (exit $status), input kept: ${kept:-none}, report: $log"
	fi
	echo "fuzz_$t: ${runs:-0} executions in ${secs} s (${rate:-0}/s)," \
	    "${cov:-cov: ? ft: ?}, corpus ${corp:-?}, $result"
	[ "$result" = ok ] && return 0
	grep -E -A 30 'ERROR:|runtime error:|ALARM:|fuzz check failed' "$log" |
	    head -n 60
	return 1
}

# The code each target reads through, for its coverage report: FILE:REGEX,
# the functions of common/FILE whose names match (writers and packers,
# which no target calls on its own, are left out).
R_LOG='^(log_reader|log_scan|scan_|decode_whole|pread_all)'
R_REC='(unpack|^check_|find_keys|object_is_key|arena_copy|^header_)'
R_CSV='^csv_(reader|line|getc|peek|fail|count|append|new_field|crlf|quoted|field|read)'
R_SCHEME='(parse|word|_end$|_name$|_key$|_colour$|rest|blank|show|valid_|fill_)'
R_UNPACK='(unpack|is_word|check_name|same_name|show|valid_|fill_|_list$)'
sources() {
	case $1 in
	log) echo "logfile.c:$R_LOG record.c:$R_REC day.c:." ;;
	episodes) echo "episodes.c:. csv.c:$R_CSV" ;;
	boris) echo "boris.c:." ;;
	boris_project) echo "boris-project.c:. boris.c:." ;;
	command) echo "command.c:. day.c:." ;;
	scheme) echo "scheme.c:$R_SCHEME" ;;
	unpack) echo "record.c:$R_REC scheme.c:$R_UNPACK" ;;
	esac
}

# Builds the targets again with clang's source coverage (no sanitizers),
# runs each over its corpus and seeds once, and prints the line and branch
# coverage of the sources it reads through.
cover() {
	for tool in llvm-profdata llvm-cov; do
		command -v "$tool" >/dev/null 2>&1 ||
		    command -v "$tool-14" >/dev/null 2>&1 || {
			echo "SKIP: no $tool (apt-get install llvm)"
			exit 77
		}
	done
	PROFDATA=llvm-profdata COV=llvm-cov
	command -v llvm-profdata >/dev/null 2>&1 || PROFDATA=llvm-profdata-14
	command -v llvm-cov >/dev/null 2>&1 || COV=llvm-cov-14
	c="$out/cover"
	rm -rf "$c"
	mkdir -p "$c"
	CF="-std=c11 -g -O1 -D_GNU_SOURCE -fprofile-instr-generate
	    -fcoverage-mapping -I$top/common $MSGPACK_CFLAGS $JSON_CFLAGS"
	CF=$(echo $CF)
	objs=""
	for src in "$top"/common/*.c; do
		o="$c/$(basename "$src" .c).o"
		objs="$objs $o"
		"$CLANG" $CF -fsanitize=fuzzer-no-link -c -o "$o" "$src" ||
		    return 1
	done
	for t in $targets; do
		"$CLANG" $CF -fsanitize=fuzzer -o "$c/fuzz_$t" \
		    "$here/fuzz_$t.c" $objs $MSGPACK_LIBS $SODIUM_LIBS $JSON_LIBS -lm ||
		    return 1
		mkdir -p "$out/corpus/$t"
		LLVM_PROFILE_FILE="$c/$t.profraw" "$c/fuzz_$t" -runs=0 \
		    -max_len="$(max_len "$t")" "$out/corpus/$t" \
		    "$out/seeds/$t" >"$c/$t.log" 2>&1 </dev/null || return 1
		"$PROFDATA" merge -sparse -o "$c/$t.profdata" \
		    "$c/$t.profraw" || return 1
		n=$(find "$out/corpus/$t" "$out/seeds/$t" -type f | wc -l)
		printf 'fuzz_%s: coverage by its %s inputs:' "$t" $n
		sep=""
		for spec in $(sources "$t"); do
			f=${spec%%:*} re=${spec#*:}
			"$COV" report "$c/fuzz_$t" -instr-profile="$c/$t.profdata" \
			    -show-functions "$top/common/$f" 2>/dev/null |
			    awk -v f="$f" -v re="$re" -v sep="$sep" '
				NF == 10 && $2 ~ /^[0-9]+$/ && $1 != "TOTAL" {
					name = $1; sub(/^.*:/, "", name)
					if (name !~ re) next
					l += $5; lm += $6; b += $8; bm += $9
				}
				END {
					printf "%s %s%s %.1f%% of %d lines, " \
					    "%.1f%% of %d branches", sep, f,
					    re == "." ? "" : " (reading)",
					    l ? 100 * (l - lm) / l : 0, l,
					    b ? 100 * (b - bm) / b : 0, b
				}'
			sep=";"
		done
		echo
	done
}

failed=0
if [ "$mode" = cover ]; then
	for t in $targets; do
		seed "$t"
	done
	cover || { echo "run.sh: coverage build failed"; exit 1; }
	exit 0
fi
for t in $targets; do
	seed "$t"
	replay "$t" || { failed=1; continue; }
	[ "$mode" = replay ] && continue
	fuzz "$t" "$mode" || failed=1
done
if [ "$failed" -ne 0 ]; then
	echo "== fuzzing found a failure: fix it, then add the kept input as" \
	    "tests/fuzz/regress/TARGET/NAME"
	exit 1
fi
echo "== fuzzing: every target ok"
exit 0
