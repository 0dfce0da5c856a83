#!/bin/sh
# Same bytes: runs two builds of the analyser (BASE, e.g. a build of the
# commit before a refactor, and NEW) over one matrix of inputs and
# options and says which outputs differ.  Standard output and the exit
# code must match byte for byte; standard error is compared and listed
# apart (messages may be reworded; figures may not change).  The HTML
# report is compared whole.  For refactors: the golden files cover one
# day, this covers generated days, damaged files, BORIS exports, episodes
# CSVs, reviewed logs, comparisons and agreement.
#
#   tests/bench/same.sh BASE_BUILDDIR NEW_BUILDDIR [WORKDIR]
#
# Exit 0 when every stdout and exit code matches, 1 otherwise.
set -u
base=$1 new=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
work=${3:-$(mktemp -d "${TMPDIR:-/tmp}/shadowlog-same.XXXXXX")}
mkdir -p "$work"
TZ=Europe/London
export TZ
REC="$new/recorder/shadowlog-record"
GEN="$new/tests/bench/gen"
[ -x "$GEN" ] || (cd "$new" && make -s tests/bench/gen) || exit 2
DATA="$src/tests/data"
BORIS="$src/../shared/interop/boris"

# ---- the inputs (made once, with NEW's recorder and generator) ----
in="$work/in"
if [ ! -f "$in/done" ]; then
	rm -rf "$in"; mkdir -p "$in/gen"
	"$GEN" "$in/gen" 24 7 >/dev/null
	"$REC" --school "Meadowbank Primary" --head HT1 --observer OBS-A \
	    --tag phase=primary --tag term=autumn --date 2026-11-16 \
	    --input "$DATA/sample-day.txt" "$in/sample.slog" >/dev/null
	cp "$in/sample.slog" "$in/reviewed.slog"
	"$REC" --input "$DATA/review.txt" "$in/reviewed.slog" >/dev/null
	"$new/analyser/shadowlog-analyse" --episodes --format=csv \
	    "$in/reviewed.slog" >"$in/reviewed.csv"
	"$new/analyser/shadowlog-analyse" --episodes --format=csv \
	    "$in"/gen/*.slog >"$in/gen.csv"
	printf 'k3y-for-the-same-bytes-check-0123456789\n' >"$in/key"
	chmod 600 "$in/key"
	REC="$REC" sh "$DATA/damaged/make.sh" "$in/damaged" >/dev/null
	touch "$in/done"
fi
gen=$(ls "$in"/gen/*.slog | head -12)
damaged=$(ls "$in"/damaged/*)
borisf=""
if [ -d "$BORIS" ]; then
	borisf=$(ls "$BORIS"/*.tsv)
fi

# ---- the matrix ----
n=0 differ=0 errdiff=0
mkdir -p "$work/base" "$work/new"
# same NAME ARGS...: both builds' analysers with ARGS.
same() {
	name=$1; shift
	n=$((n + 1))
	for b in base new; do
		eval "dir=\$$b"
		(cd "$work" && "$dir/analyser/shadowlog-analyse" "$@") \
		    >"$work/$b/$n.out" 2>"$work/$b/$n.err"
		echo $? >"$work/$b/$n.rc"
	done
	if ! cmp -s "$work/base/$n.out" "$work/new/$n.out" ||
	    ! cmp -s "$work/base/$n.rc" "$work/new/$n.rc"; then
		differ=$((differ + 1))
		echo "DIFFERS: $name (#$n; exit $(cat "$work/base/$n.rc") vs $(cat "$work/new/$n.rc"))"
		diff "$work/base/$n.out" "$work/new/$n.out" | head -8 | sed 's/^/    /'
	elif ! cmp -s "$work/base/$n.err" "$work/new/$n.err"; then
		errdiff=$((errdiff + 1))
		echo "stderr only: $name (#$n)"
		diff "$work/base/$n.err" "$work/new/$n.err" | head -6 | sed 's/^/    /'
	fi
}

for f in text csv json; do
	same "sample $f" --format=$f "$in/sample.slog"
	same "reviewed $f" --format=$f "$in/reviewed.slog"
	same "as recorded $f" --format=$f --as-recorded "$in/reviewed.slog"
	same "episodes $f" --episodes --format=$f "$in/reviewed.slog"
	same "bins $f" --bin=15 --format=$f "$in/reviewed.slog"
	same "bins 60 $f" --bin=60 --format=$f $gen
	same "transitions $f" --transitions --format=$f "$in/reviewed.slog"
	same "gen summary $f" --format=$f $gen
	same "gen by school $f" --by=school --format=$f $gen
	same "gen episodes $f" --episodes --format=$f $gen
	same "gen transitions $f" --transitions --format=$f $gen
	same "compare school $f" --compare --by=school --format=$f "$in"/gen/*.slog
	same "compare date $f" --compare --by=date --format=$f $gen
	same "compare head $f" --compare --by=head --format=$f $gen
	same "csv input $f" --format=$f "$in/reviewed.csv"
	same "csv input episodes $f" --episodes --format=$f "$in/gen.csv"
	same "csv input compare $f" --compare --by=school --format=$f "$in/gen.csv"
	same "anonymised $f" --anonymise="$in/key" --format=$f "$in/reviewed.slog"
	same "anonymised episodes $f" --anonymise="$in/key" --episodes \
	    --format=$f "$in/reviewed.slog"
	same "agreement $f" --agreement --format=$f "$in/sample.slog" \
	    "$in/reviewed.slog"
	same "agreement window $f" --agreement --window=5 --format=$f \
	    "$in/reviewed.slog" "$in/reviewed.csv"
	same "agreement as recorded $f" --agreement --as-recorded --format=$f \
	    "$in/sample.slog" "$in/reviewed.slog"
	for bf in $borisf; do
		same "BORIS $(basename "$bf") $f" --format=$f "$bf"
		same "BORIS $(basename "$bf") episodes $f" --episodes --format=$f "$bf"
		same "BORIS $(basename "$bf") subject1 $f" --subject=subject1 \
		    --format=$f "$bf"
	done
done
[ -n "$borisf" ] && same "BORIS agreement" --agreement --subject=subject1 \
    "$BORIS/tabular_obs1.tsv" "$BORIS/tabular_obs1.tsv"
for d in $damaged; do
	same "damaged $(basename "$d")" "$d"
	same "damaged $(basename "$d") episodes csv" --episodes --format=csv "$d"
done
same "usage" --bogus
same "no files"
same "missing file" "$work/nowhere.slog"

# The report, whole (its charts inline), for one day and for several.
for b in base new; do
	eval "dir=\$$b"
	(cd "$work" && "$dir/analyser/shadowlog-analyse" \
	    --html="$work/$b/report1.html" "$in/reviewed.slog" >/dev/null 2>&1)
	(cd "$work" && "$dir/analyser/shadowlog-analyse" \
	    --html="$work/$b/report3.html" $(echo $gen | cut -d' ' -f1-3) \
	    >/dev/null 2>&1)
done
for r in report1 report3; do
	n=$((n + 1))
	if ! cmp -s "$work/base/$r.html" "$work/new/$r.html"; then
		differ=$((differ + 1))
		echo "DIFFERS: $r.html"
		diff "$work/base/$r.html" "$work/new/$r.html" | head -8 | sed 's/^/    /'
	fi
done

echo "same bytes: $n outputs compared, $differ differ, $errdiff differ on stderr only ($work)"
[ "$differ" -eq 0 ]
