#!/bin/sh
# The main job on the bundled sample day: record it from its timed commands
# and show what was logged.  Usage: sample.sh BUILDDIR SRCDIR
set -eu
build=$1 src=$2
out="$build/sample"
mkdir -p "$out"
rm -f "$out/sample-day.slog" "$out"/sample-day.slog.*
"$build/recorder/shadowlog-record" --school "Meadowbank Primary" --head HT1 \
    --observer OBS-A --tag phase=primary --tag term=autumn --date 2026-11-16 \
    --input "$src/tests/data/sample-day.txt" "$out/sample-day.slog"
echo "Recorded the sample day into $out/sample-day.slog"
/usr/bin/python3 "$src/tests/decode.py" show "$out/sample-day.slog"
/usr/bin/python3 "$src/tests/decode.py" check "$out/sample-day.slog"
