#!/bin/sh
# make install DESTDIR=... puts the programs, man pages, chart scripts,
# sample day, example scheme and documents where they belong, the
# installed analyser reads the installed sample day, and make uninstall
# then leaves no file behind (only empty directories may stay).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
dest="$TMP/dest"
# A private make: the outer make check's flags (its TESTS=, -j) stay out.
imake() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$top_builddir" "$@" DESTDIR="$dest"; }

# make_ok NAME TARGET: the private make of TARGET succeeds.
make_ok() {
	if imake "$2" >"$TMP/make.out" 2>&1; then ok "$1"
	else not_ok "$1: $(cat "$TMP/make.out")"; fi
}
make_ok "make install DESTDIR succeeds" install
(cd "$dest" && find . -type f -o -type l) | sed 's,^\./,,' | sort >"$TMP/files"
echo "# installed:"; sed 's/^/#   /' "$TMP/files"
rec=$(grep '/bin/shadowlog-record$' "$TMP/files")
prefix=${rec%/bin/shadowlog-record}
[ -n "$prefix" ] || prefix=none
# has PATH: the tree holds PATH under the prefix.
has() { check "installs $1" grep -qxF "$prefix/$1" "$TMP/files"; }
has bin/shadowlog-record
has bin/shadowlog-analyse
has share/man/man1/shadowlog-record.1
has share/man/man1/shadowlog-analyse.1
has share/shadowlog/sample-day.txt
has share/shadowlog/example.scheme
has share/shadowlog/references.tsv
has share/doc/shadowlog/README.md
has share/doc/shadowlog/log-format.md
for gp in "$top_srcdir"/plots/*.gp; do
	has "share/shadowlog/plots/${gp##*/}"
done
check "nothing else installed" test "$(wc -l <"$TMP/files")" -eq \
    $((9 + $(ls "$top_srcdir"/plots/*.gp | wc -l)))

# The installed programs on the installed sample day give the summary the
# build tree gives (tests/analyse.sh holds that one to the golden file).
root="$dest/$prefix"
log="$TMP/day.slog"
TZ=Europe/London
export TZ
expect_exit "installed recorder records the installed sample day" 0 \
    "$root/bin/shadowlog-record" --school "Meadowbank Primary" --head HT1 \
    --observer OBS-A --tag phase=primary --tag term=autumn \
    --date 2026-11-16 --input "$root/share/shadowlog/sample-day.txt" "$log"
"$root/bin/shadowlog-analyse" "$log" >"$TMP/summary.txt" 2>"$TMP/err"
check "installed analyser: the golden summary" \
    cmp "$TMP/summary.txt" "$DATA/golden/summary.txt"
SHADOWLOG_REFERENCES="$root/share/shadowlog/references.tsv" \
    "$root/bin/shadowlog-analyse" --references "$log" >"$TMP/refs.txt" \
    2>"$TMP/err"
check "installed references: the golden block" sh -c \
    'tail -c +$(($(wc -c <"$2") + 1)) "$1" | cmp -s - "$3"' sh \
    "$TMP/refs.txt" "$DATA/golden/summary.txt" "$DATA/golden/references.txt"

make_ok "make uninstall DESTDIR succeeds" uninstall
(cd "$dest" && find . ! -type d) | sed 's,^\./,,' >"$TMP/left"
check "uninstall leaves no file behind" test ! -s "$TMP/left"
sed 's/^/#   left: /' "$TMP/left"
finish
