#!/bin/sh
# The Debian package, end to end (make check-package; never in make check,
# as it runs a whole package build with its own make check):
# - a clean tree from make dist builds shadowlog_*.deb with
#   dpkg-buildpackage -us -uc -b, and lintian finds no error or warning
#   in the source or the binary package (overrides say why in debian/);
# - the package holds the programs, man pages (man -l renders them with no
#   warning), the chart scripts, the sample day and the example scheme;
# - extracted with dpkg-deb -x into a fresh root, its programs run the main
#   job from the installed paths only: record the installed sample day,
#   summary (the golden one), charts from the installed scripts, report;
# - installed with dpkg --root into a fresh root with a dpkg database of
#   its own, then removed: nothing of it is left;
# - as root with CI=true, installed for real with dpkg -i (where it is not
#   installed already): the analyser then finds /usr/share/shadowlog/plots
#   by itself; removed with dpkg --purge, nothing is left.
# Usage: package.sh (top_builddir and top_srcdir in the environment).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
for tool in dpkg-buildpackage dh lintian dpkg-deb man; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "FAIL: no $tool (apt-get install dpkg-dev debhelper lintian man-db)"
		exit 1
	fi
done
TZ=Europe/London
export TZ
# make's test environment points at the source tree's chart scripts: here
# only the package's own may be used.
unset SHADOWLOG_PLOTS
version=$(sed -n 's/^shadowlog (\([^)]*\)).*/\1/p;q' "$top_srcdir/debian/changelog")
arch=$(dpkg --print-architecture)
deb="$TMP/shadowlog_${version}_$arch.deb"

# ---- a clean tree, the source package, the binary package ----
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$top_builddir" dist \
    >"$TMP/dist.out" 2>&1 &&
    mv "$top_builddir/shadowlog-$version.tar.gz" "$TMP/"
check "make dist makes the clean tree" test -f "$TMP/shadowlog-$version.tar.gz" ||
    cat "$TMP/dist.out"
tar -C "$TMP" -xzf "$TMP/shadowlog-$version.tar.gz"
tree="$TMP/shadowlog-$version"
check "the tree's version is the changelog's" \
    grep -q "AC_INIT(\[shadowlog\], \[$version\]" "$tree/configure.ac"
(cd "$TMP" && dpkg-source -b "shadowlog-$version" >"$TMP/source.out" 2>&1)
check "dpkg-source builds the source package" test -f "$TMP/shadowlog_$version.dsc" ||
    cat "$TMP/source.out"
start=$(date +%s)
(cd "$tree" && DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS:-parallel=2} \
    dpkg-buildpackage -us -uc -b >"$TMP/build.out" 2>&1)
rc=$?
echo "# dpkg-buildpackage: exit $rc after $(( $(date +%s) - start )) s"
grep -E '^(PASS|FAIL|SKIP|XFAIL|ERROR|# (TOTAL|PASS|SKIP|FAIL)):' "$TMP/build.out" | sed 's/^/#   /'
if [ "$rc" -eq 0 ] && [ -f "$deb" ]; then
	ok "dpkg-buildpackage -us -uc -b builds ${deb##*/}"
else
	not_ok "dpkg-buildpackage (exit $rc):"
	tail -60 "$TMP/build.out"
	finish
	exit 1
fi
case " ${DEB_BUILD_OPTIONS:-} " in
*" nocheck "*)
	echo "# SKIP the build's make check: DEB_BUILD_OPTIONS has nocheck" ;;
*)
	check "the build ran make check, and it passed" \
	    grep -q '^# PASS: *[1-9]' "$TMP/build.out" ;;
esac

lintian --fail-on error,warning --display-info \
    "$TMP/shadowlog_$version.dsc" "$TMP/shadowlog_${version}_$arch.changes" \
    >"$TMP/lintian.out" 2>&1
rc=$?
sed 's/^/#   lintian: /' "$TMP/lintian.out"
check "lintian: no error or warning (exit $rc)" test "$rc" -eq 0

# ---- what the package holds ----
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's,^\./,/,' >"$TMP/contents"
# holds PATH: the package has PATH.
holds() { check "the package holds $1" grep -qxF "$1" "$TMP/contents"; }
holds /usr/bin/shadowlog-record
holds /usr/bin/shadowlog-analyse
holds /usr/share/man/man1/shadowlog-record.1.gz
holds /usr/share/man/man1/shadowlog-analyse.1.gz
holds /usr/share/shadowlog/sample-day.txt
holds /usr/share/shadowlog/example.scheme
holds /usr/share/doc/shadowlog/copyright
for gp in "$top_srcdir"/plots/*.gp; do
	holds "/usr/share/shadowlog/plots/${gp##*/}"
done
dpkg-deb -f "$deb" Depends >"$TMP/depends"
check "it depends on gnuplot: $(cat "$TMP/depends")" grep -q 'gnuplot' "$TMP/depends"
check "and on the libraries it links" grep -q 'libuv1.*libmsgpack\|libmsgpack.*libuv1' "$TMP/depends"

root="$TMP/root"
mkdir "$root"
dpkg-deb -x "$deb" "$root"
for page in shadowlog-record shadowlog-analyse; do
	LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l \
	    "$root/usr/share/man/man1/$page.1.gz" >"$TMP/man.out" 2>"$TMP/man.err"
	check "man -l $page renders" grep -q '^NAME' "$TMP/man.out"
	check "man -l $page: no warning" test ! -s "$TMP/man.err"
	sed 's/^/#   /' "$TMP/man.err"
done

# main_job ROOT WHAT: the main job, from ROOT's programs and data only.
main_job() {
	r=$1 what=$2 out="$TMP/job-$2"
	mkdir -p "$out"
	expect_exit "$what: the recorder records the installed sample day" 0 \
	    "$r/usr/bin/shadowlog-record" --school "Meadowbank Primary" \
	    --head HT1 --observer OBS-A --tag phase=primary --tag term=autumn \
	    --date 2026-11-16 --input "$r/usr/share/shadowlog/sample-day.txt" \
	    "$out/day.slog"
	"$r/usr/bin/shadowlog-analyse" "$out/day.slog" >"$out/summary.txt" 2>"$TMP/err"
	check "$what: the summary is the golden one" \
	    cmp "$out/summary.txt" "$DATA/golden/summary.txt"
	expect_exit "$what: charts and the report" 0 \
	    "$r/usr/bin/shadowlog-analyse" --plot="$out/charts" \
	    --html="$out/report.html" "$out/day.slog"
	n=0
	for png in "$out"/charts/*.png; do
		[ -f "$png" ] && [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] &&
		    [ "$(wc -c <"$png")" -gt 2000 ] && n=$((n + 1))
	done
	check "$what: $n charts, each a PNG" test "$n" -ge 5
	check "$what: the report names the school" \
	    grep -q 'Meadowbank Primary' "$out/report.html"
	# The report draws its six charts inline, through the same scripts.
	check "$what: the report has its six charts" \
	    test "$(grep -o '<svg' "$out/report.html" | wc -l)" -eq 6
}

# ---- extracted, not installed: the chart scripts from the extracted tree ----
# The analyser's compiled-in /usr/share/shadowlog/plots is not in ROOT, so
# SHADOWLOG_PLOTS (the analyser's own override) points into ROOT: this
# proves the scripts are in the package and work from there.  That the
# compiled-in path is the packaged one is checked just below.
SHADOWLOG_PLOTS="$root/usr/share/shadowlog/plots"
export SHADOWLOG_PLOTS
main_job "$root" extracted
unset SHADOWLOG_PLOTS
if [ ! -e /usr/share/shadowlog/plots ]; then
	expect_exit "extracted: with no SHADOWLOG_PLOTS, the analyser looks in /usr/share/shadowlog/plots" \
	    69 "$root/usr/bin/shadowlog-analyse" --plot="$TMP/nowhere" "$TMP/job-extracted/day.slog"
	err_has "and says so" "/usr/share/shadowlog/plots"
fi

# ---- installed with dpkg --root into a root with a database of its own ----
droot="$TMP/dpkg-root"
mkdir -p "$droot/var/lib/dpkg/info" "$droot/var/lib/dpkg/updates"
: >"$droot/var/lib/dpkg/status"
: >"$droot/var/lib/dpkg/available"
DPKG_ROOT="--root=$droot --log=$TMP/dpkg.log --force-depends --force-script-chrootless"
# shellcheck disable=SC2086
if dpkg $DPKG_ROOT --force-not-root -i "$deb" >"$TMP/dpkg.out" 2>&1; then
	ok "dpkg --root -i installs it"
else
	not_ok "dpkg --root -i: $(cat "$TMP/dpkg.out")"
fi
dpkg --root="$droot" -L shadowlog | sort >"$TMP/listed"
check "dpkg --root lists its files" grep -qxF /usr/bin/shadowlog-analyse "$TMP/listed"
SHADOWLOG_PLOTS="$droot/usr/share/shadowlog/plots"
export SHADOWLOG_PLOTS
main_job "$droot" dpkg-root
unset SHADOWLOG_PLOTS
# shellcheck disable=SC2086
if dpkg $DPKG_ROOT --force-not-root --purge shadowlog >"$TMP/dpkg.out" 2>&1; then
	ok "dpkg --root --purge removes it"
else
	not_ok "dpkg --root --purge: $(cat "$TMP/dpkg.out")"
fi
(cd "$droot" && find . ! -type d ! -path './var/lib/dpkg/*' ! -path './var/log/*') >"$TMP/left"
check "nothing of it is left in the root" test ! -s "$TMP/left"
sed 's/^/#   left: /' "$TMP/left"
check "its directory under /usr/share is gone" test ! -e "$droot/usr/share/shadowlog"

# ---- installed for real (CI only, as root, where it is not installed) ----
if [ "${CI:-}" = true ] && [ "$(id -u)" -eq 0 ] &&
    ! dpkg-query -W shadowlog >/dev/null 2>&1; then
	if dpkg -i "$deb" >"$TMP/dpkg.out" 2>&1; then
		ok "dpkg -i installs it"
	else
		not_ok "dpkg -i: $(cat "$TMP/dpkg.out")"
	fi
	dpkg -L shadowlog >"$TMP/listed-real"
	check "dpkg -L lists the chart scripts" \
	    grep -qxF /usr/share/shadowlog/plots/groups.gp "$TMP/listed-real"
	# No SHADOWLOG_PLOTS: the analyser finds its scripts where installed.
	main_job "" installed
	if dpkg --purge shadowlog >"$TMP/dpkg.out" 2>&1; then
		ok "dpkg --purge removes it"
	else
		not_ok "dpkg --purge: $(cat "$TMP/dpkg.out")"
	fi
	left=""
	while read -r f; do
		[ -d "$f" ] || { [ -e "$f" ] && left="$left $f"; }
	done <"$TMP/listed-real"
	check "none of its files is left:$left" test -z "$left"
	check "/usr/share/shadowlog is gone" test ! -e /usr/share/shadowlog
else
	echo "# SKIP the real dpkg -i: only as root with CI=true, where shadowlog is not installed"
fi
finish
