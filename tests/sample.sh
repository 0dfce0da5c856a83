#!/bin/sh
# The main job on the bundled sample day: record it from its timed commands,
# then analyse it, leaving the summary on screen and the exports, the charts
# and the feedback report on disk.
# Usage: sample.sh BUILDDIR SRCDIR
set -eu
build=$1 src=$2
out="$build/sample"
rec="$build/recorder/shadowlog-record"
ana="$build/analyser/shadowlog-analyse"
# The chart scripts of this source tree, not an older installed copy.
SHADOWLOG_PLOTS="$src/plots"
export SHADOWLOG_PLOTS
mkdir -p "$out"
rm -rf "$out/sample-day.slog" "$out"/sample-day.slog.* "$out/charts"
rm -f "$out/report.html"
"$rec" --school "Meadowbank Primary" --head HT1 --observer OBS-A \
    --tag phase=primary --tag term=autumn --date 2026-11-16 \
    --input "$src/tests/data/sample-day.txt" "$out/sample-day.slog"
"$ana" --format=csv "$out/sample-day.slog" >"$out/summary.csv"
"$ana" --episodes --format=csv "$out/sample-day.slog" >"$out/episodes.csv"
"$ana" --bin=15 --format=csv "$out/sample-day.slog" >"$out/bins-15min.csv"
"$ana" --transitions --format=csv "$out/sample-day.slog" >"$out/transitions.csv"
"$ana" --plot="$out/charts" --html="$out/report.html" "$out/sample-day.slog"
echo
echo "The sample day's log and exports are in $out:"
ls -l "$out" | sed 1d | awk '{ print "  " $NF }'
echo "Charts (PNG, for slides) in $out/charts:"
ls "$out/charts" | sed 's/^/  /'
echo "The feedback report, to open in a browser: $out/report.html"
