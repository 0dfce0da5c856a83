#!/bin/sh
# The team side of the analyser end to end: comparisons worked out by hand
# on small recorded corpora (--compare --by, with --bin, by a tag, days
# left out), two observers' agreement on hand-made pairs (kappa, the
# confusion table, the event figures, the errors), BORIS's own exports
# against BORIS's own numbers, anonymisation (stable, keyed, nothing left
# over, notes dropped or kept), and the command line's usage errors.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
ANA="$top_builddir/analyser/shadowlog-analyse"
TZ=Europe/London
export TZ

# rec FILE SCHOOL HEAD OBSERVER DATE COMMANDS [RECORDER OPTIONS...]: a day
# recorded from timed commands, one after each '|'.
rec() {
	file=$1 school=$2 head=$3 observer=$4 date=$5 commands=$6
	shift 6
	printf '%s\n' "$commands" | tr '|' '\n' | "$REC" --school "$school" \
	    --head "$head" --observer "$observer" --date "$date" "$@" \
	    "$TMP/$file" || not_ok "recording $file"
}

# same NAME FILE: the last command's output is FILE, byte for byte.
same() {
	if cmp -s "$2" "$TMP/out"; then ok "$1"
	else not_ok "$1"; diff "$2" "$TMP/out" | head -20; fi
}

# same_contract NAME FILE: the contract's eight columns of the last
# comparison CSV are FILE's (the figures across heads follow them).
same_contract() {
	cut -d, -f1-8 "$TMP/out" >"$TMP/out8"
	if cmp -s "$2" "$TMP/out8"; then ok "$1"
	else not_ok "$1"; diff "$2" "$TMP/out8" | head -20; fi
}

json_parses() {
	"$PYTHON3" -c 'import json, sys; json.load(open(sys.argv[1]))' "$1"
}

# ---- comparisons worked out by hand ----
# Hillside, two days of an hour: teachers 30 min then alone (shares 0.5,
# 0.5); teachers 15, pupils 30, alone 15 (0.25, 0.5, 0.25).  Oakfield, one
# day: SLT 48 min, alone 12 (0.8, 0.2).  A fourth day has no phase tag.
rec d1.slog Hillside H1 O1 2026-11-16 \
    '09:00 begin|09:00 start teachers by=head|09:30 end|10:00 stop' \
    --tag phase=primary
rec d2.slog Hillside H1 O1 2026-11-17 \
    '09:00 begin|09:00 start teachers|09:15 start pupils|09:45 end|10:00 stop' \
    --tag phase=primary
rec d3.slog Oakfield H2 O2 2026-11-16 \
    '09:00 begin|09:00 start SLT|09:48 end|10:00 stop' \
    --tag phase=secondary
rec d4.slog Oakfield H2 O2 2026-11-17 \
    '09:00 begin|09:00 start visitors|10:00 stop'
D="$TMP/d1.slog $TMP/d2.slog $TMP/d3.slog"

# Hillside's teachers: mean (0.5 + 0.25) / 2, sd sqrt(2 * 0.125^2 / 1).
cat >"$TMP/by-school.csv" <<'EOF'
by,value,group,days,mean_share,sd_share,min_share,max_share
school,Hillside,SLT,2,0.000000,0.000000,0.000000,0.000000
school,Hillside,teachers,2,0.375000,0.176777,0.250000,0.500000
school,Hillside,support staff,2,0.000000,0.000000,0.000000,0.000000
school,Hillside,pupils,2,0.250000,0.353553,0.000000,0.500000
school,Hillside,parents,2,0.000000,0.000000,0.000000,0.000000
school,Hillside,visitors,2,0.000000,0.000000,0.000000,0.000000
school,Hillside,alone,2,0.375000,0.176777,0.250000,0.500000
school,Oakfield,SLT,1,0.800000,,0.800000,0.800000
school,Oakfield,teachers,1,0.000000,,0.000000,0.000000
school,Oakfield,support staff,1,0.000000,,0.000000,0.000000
school,Oakfield,pupils,1,0.000000,,0.000000,0.000000
school,Oakfield,parents,1,0.000000,,0.000000,0.000000
school,Oakfield,visitors,1,0.000000,,0.000000,0.000000
school,Oakfield,alone,1,0.200000,,0.200000,0.200000
EOF
# shellcheck disable=SC2086
expect_exit "compare three days by school" 0 \
    "$ANA" --compare --by=school --format=csv $D
same_contract "the comparison's CSV, worked out by hand" "$TMP/by-school.csv"
# shellcheck disable=SC2086
expect_exit "compare the same days by a tag" 0 \
    "$ANA" --compare --by=phase --format=csv $D
sed -e 's/^school,Hillside,/phase,primary,/' \
    -e 's/^school,Oakfield,/phase,secondary,/' "$TMP/by-school.csv" \
    >"$TMP/by-phase.csv"
same_contract "by phase: the same figures under the tag's values" "$TMP/by-phase.csv"
# shellcheck disable=SC2086
expect_exit "a day without the tag" 0 \
    "$ANA" --compare --by=phase --format=csv $D "$TMP/d4.slog"
same_contract "is left out of the table" "$TMP/by-phase.csv"
# shellcheck disable=SC2086
expect_exit "and said in text" 0 "$ANA" --compare --by=phase $D "$TMP/d4.slog"
check "text: 3 days, 1 left out" grep -qx \
    'Comparison by phase: 3 days (1 day without phase left out)' "$TMP/out"
check "text: a table per value" grep -qx 'phase = primary: 2 days' "$TMP/out"
check "text: the day figures" \
    grep -q '^Episodes per hour  *2  *1.50  *0.71  *1.00  *2.00$' "$TMP/out"
# shellcheck disable=SC2086
expect_exit "and in JSON" 0 \
    "$ANA" --compare --by=phase --format=json $D "$TMP/d4.slog"
check "JSON: one document, days and skipped, the day figures" \
    "$PYTHON3" - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert (d["by"], d["days"], d["skipped"], d["bin_minutes"]) == \
    ("phase", 3, 1, None), d
p = d["values"][0]
assert (p["value"], p["days"]) == ("primary", 2), p
t = [g for g in p["groups"] if g["group"] == "teachers"][0]
assert (t["mean_share"], t["sd_share"]) == (0.375, 0.176777), t
f = p["figures"]
assert f["episodes_per_hour"] == {"days": 2, "mean": 1.5, "sd": 0.707107,
                                  "min": 1.0, "max": 2.0}, f
assert (f["head_share"]["mean"], f["head_share"]["max"]) == (0.5, 1.0), f
s = d["values"][1]["groups"][0]
assert (s["group"], s["sd_share"]) == ("SLT", None), s
PY
# shellcheck disable=SC2086
expect_exit "by date" 0 "$ANA" --compare --by=date --format=csv $D
check "by date: a value per date, in order first met" sh -c \
    "cut -d, -f2 '$TMP/out' | uniq | tr '\n' ' ' |
    grep -qx 'value 2026-11-16 2026-11-17 '"

# With --bin: the mean seconds per bin, a day without time there as 0.
# Hillside 09:00: teachers (1800 + 900) / 2, pupils 900 / 2.
# shellcheck disable=SC2086
expect_exit "compare with --bin" 0 \
    "$ANA" --compare --by=school --bin=30 --format=csv $D
check "the pattern's header" \
    grep -qx 'by,value,bin_start,group,mean_seconds' "$TMP/out"
for row in 'Hillside,09:00,teachers,1350.000' 'Hillside,09:00,pupils,450.000' \
    'Hillside,09:30,pupils,450.000' 'Hillside,09:30,alone,1350.000' \
    'Hillside,09:30,teachers,0.000' 'Oakfield,09:30,SLT,1080.000' \
    'Oakfield,09:30,alone,720.000'; do
	check "bin row school,$row" grep -qx "school,$row" "$TMP/out"
done
check "two bins of seven groups per school, one header" \
    test "$(wc -l <"$TMP/out")" -eq 29
# shellcheck disable=SC2086
expect_exit "compare with --bin in text" 0 \
    "$ANA" --compare --by=school --bin=30 $D
check "text has the mean pattern" grep -q '^09:00  *0s  *22m30s' "$TMP/out"
# shellcheck disable=SC2086
expect_exit "compare with --bin in JSON" 0 \
    "$ANA" --compare --by=school --bin=30 --format=json $D
check "JSON with bins parses" json_parses "$TMP/out"

# A day of another scheme cannot be compared: said, left out, 65.
printf 'group g governors\ngroup t teachers\n' >"$TMP/gov.scheme"
rec gov.slog Elmtree H3 O3 2026-11-18 \
    '09:00 begin|09:00 start governors|10:00 stop' \
    --scheme "$TMP/gov.scheme"
# shellcheck disable=SC2086
expect_exit "a day of another scheme" 65 \
    "$ANA" --compare --by=school --format=csv $D "$TMP/gov.slog"
err_has "is named, with why" 'Elmtree'
err_has "the scheme differs" 'not the coding scheme of the first day compared'
same_contract "the other days are still compared" "$TMP/by-school.csv"

# The chart and the report use the same rule.
if command -v gnuplot >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	expect_exit "compare with a chart" 0 "$ANA" --compare --by=phase \
	    --plot="$TMP/cmp" --plot-format=svg --format=csv $D "$TMP/d4.slog"
	same_contract "the table beside the chart" "$TMP/by-phase.csv"
	check "the chart says who was left out" "$PYTHON3" -c '
import sys, xml.etree.ElementTree as ET
t = "".join(ET.parse(sys.argv[1]).getroot().itertext())
for s in ("Time with each group, by phase", "primary", "secondary",
          "3 days from 2026-11-16 to 2026-11-17",
          "1 day without phase left out"):
    assert s in t, s
assert "(none)" not in t' "$TMP/cmp/compare-by-phase.svg"
	# shellcheck disable=SC2086
	expect_exit "the report by a tag" 0 \
	    "$ANA" --by=phase --html="$TMP/cmp.html" $D "$TMP/d4.slog"
	check "the report's comparison leaves the day out, and says so" \
	    "$PYTHON3" -c '
import sys
h = open(sys.argv[1]).read()
for s in ("<h1>Comparing 3 days by phase</h1>",
          "1 day without phase is left out of the comparison.",
          "<tr><td>primary</td><td>2</td>"):
    assert s in h, s
assert "(not given)" not in h' "$TMP/cmp.html"
	# shellcheck disable=SC2086
	expect_exit "the report with a day of another scheme" 65 \
	    "$ANA" --html="$TMP/gov.html" $D "$TMP/gov.slog"
	check "has that day's page, and leaves it out of the comparison" \
	    "$PYTHON3" -c '
import sys
h = open(sys.argv[1]).read()
for s in ("<h1>Comparing 3 days by school</h1>", "Elmtree",
          "1 day with another coding scheme than the first is left out"):
    assert s in h, s' "$TMP/gov.html"
else
	echo "# gnuplot not installed: the comparison chart and report skipped"
fi

# ---- statistics across heads, worked by hand and again in Python ----
# Days of an hour; teachers' shares: Ashby H1 0.5, 0.25 and H2 0.75, 0.5;
# Birch H3 0.25, 0, H4 0.5, 0.25 and H5 0 (one day).  Ashby's teachers:
# head means 0.375 and 0.625 about 0.5, so SSB = 2 * 2 * 0.125^2 =
# 0.0625 = MSB (1 df); SSW = 4 * 0.125^2 = 0.0625 over 2 df, MSW =
# 0.03125; n0 = (4 - 8 / 4) / 1 = 2; between (MSB - MSW) / n0 = 0.015625;
# ICC(1) = (MSB - MSW) / (MSB + (n0 - 1) MSW) = 1/3.  Ashby's heads {0.375,
# 0.625} against Birch's {0.125, 0.375, 0}: difference 1/2 - 1/6; of the
# C(5, 2) = 10 relabellings, 3 are as far apart (Ashby's own, {0.625,
# 0.375}, {0.125, 0}): p = 0.3.  Hedges' g: pooled variance (0.03125 +
# 2 * 0.0364583) / 3, d = 1.788854, J = 1 - 3 / 11, g = 1.300985.
tday() {	# tday FILE SCHOOL HEAD DATE MINUTES-WITH-TEACHERS
	if [ "$5" -eq 0 ]; then
		rec "$1" "$2" "$3" O1 "$4" \
		    '09:00 begin|09:00 start pupils|09:30 end|10:00 stop'
	else
		rec "$1" "$2" "$3" O1 "$4" \
		    "09:00 begin|09:00 start teachers|09:$5 end|10:00 stop"
	fi
}
tday s1.slog Ashby H1 2026-11-16 30
tday s2.slog Ashby H1 2026-11-17 15
tday s3.slog Ashby H2 2026-11-16 45
tday s4.slog Ashby H2 2026-11-17 30
tday s5.slog Birch H3 2026-11-16 15
tday s6.slog Birch H3 2026-11-17 0
tday s7.slog Birch H4 2026-11-16 30
tday s8.slog Birch H4 2026-11-17 15
tday s9.slog Birch H5 2026-11-16 0
S=""
for i in 1 2 3 4 5 6 7 8 9; do S="$S $TMP/s$i.slog"; done
# shellcheck disable=SC2086
expect_exit "compare across heads" 0 \
    "$ANA" --compare --by=school --seed=7 --format=csv $S
cp "$TMP/out" "$TMP/across.csv"
check "across heads: the new columns follow the contract's" \
    grep -qx 'by,value,group,days,mean_share,sd_share,min_share,max_share,heads,ci_low,ci_high,var_between,var_within,icc1,p_value,mean_diff,hedges_g' \
    "$TMP/across.csv"
check "Ashby's teachers: variance components, ICC(1), p and g by hand" \
    grep -qx 'school,Ashby,teachers,4,0.500000,0.204124,0.250000,0.750000,2,[0-9.]*,[0-9.]*,0.015625,0.031250,0.333333,0.300000,0.333333,1.300985' \
    "$TMP/across.csv"
# The second implementation: the variance components, ICC(1), the exact
# permutation test and Hedges' g from the days' shares with numpy, and the
# bootstrap redrawn with the same generator and streams.
check "across heads: every figure again in Python" "$PYTHON3" - \
    "$TMP/across.csv" 7 <<'PY'
import csv, itertools, math, sys
import numpy as np
M = (1 << 64) - 1
def splitmix(state):
    state = (state + 0x9e3779b97f4a7c15) & M
    z = state
    z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M
    z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M
    return state, z ^ (z >> 31)
class Rng:
    def __init__(self, seed): self.s = seed
    def next(self):
        self.s, z = splitmix(self.s); return z
    def uniform(self): return (self.next() >> 11) * 2.0 ** -53
    def below(self, n): return min(int(self.uniform() * n), n - 1)
    def normal(self):
        u1 = 1.0 - self.uniform(); u2 = self.uniform()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)
def stream(seed, key):
    return Rng((seed ^ (key * 0xd1b54a32d192ed03)) & M).next()
def bootstrap(heads, seed):
    r, reps = Rng(seed), []
    for _ in range(1999):
        s = d = 0.0
        for _ in heads:
            x = heads[r.below(len(heads))]
            m = float(np.mean(x))
            if len(x) > 1:
                m += r.normal() * math.sqrt(((x - np.mean(x)) ** 2).sum()) / len(x)
            s += len(x) * m; d += len(x)
        reps.append(s / d)
    reps.sort()
    return reps[49], reps[1949]
def f6(x): return "" if x is None or math.isnan(x) else "%.6f" % x
groups = ["SLT", "teachers", "support staff", "pupils", "parents",
          "visitors", "alone"]
t = {"H1": [.5, .25], "H2": [.75, .5], "H3": [.25, 0], "H4": [.5, .25],
     "H5": [0]}
p = {"H1": [0, 0], "H2": [0, 0], "H3": [0, .5], "H4": [0, 0], "H5": [.5]}
schools = [("Ashby", ["H1", "H2"]), ("Birch", ["H3", "H4", "H5"])]
def shares(g, h):
    if g == "teachers": return np.array(t[h], float)
    if g == "pupils": return np.array(p[h], float)
    if g == "alone": return 1 - np.array(t[h], float) - np.array(p[h], float)
    return np.zeros(len(t[h]))
rows = {(r["value"], r["group"]): r for r in csv.DictReader(open(sys.argv[1]))}
seed = int(sys.argv[2])
for v, (school, hs) in enumerate(schools):
    for gi, g in enumerate(groups):
        r, x = rows[(school, g)], [shares(g, h) for h in hs]
        N, k = sum(len(a) for a in x), len(x)
        grand = np.concatenate(x).mean()
        ssw = sum(((a - a.mean()) ** 2).sum() for a in x)
        msw = ssw / (N - k)
        msb = sum(len(a) * (a.mean() - grand) ** 2 for a in x) / (k - 1)
        n0 = (N - sum(len(a) ** 2 for a in x) / N) / (k - 1)
        icc = (msb - msw) / (msb + (n0 - 1) * msw) if msb + (n0 - 1) * msw > 0 else None
        assert r["var_within"] == f6(msw), (r, msw)
        assert r["var_between"] == f6((msb - msw) / n0), (r, msb, msw)
        assert r["icc1"] == f6(icc), (r, icc)
        a = [m.mean() for m in x]
        b = [shares(g, h).mean() for s2, h2 in schools if s2 != school for h in h2]
        obs = abs(np.mean(a) - np.mean(b)); pool = a + b; n = 0; ext = 0
        for c in itertools.combinations(range(len(pool)), len(a)):
            sa = [pool[i] for i in c]
            sb = [pool[i] for i in range(len(pool)) if i not in c]
            n += 1; ext += abs(np.mean(sa) - np.mean(sb)) >= obs - 1e-12
        assert r["p_value"] == f6(ext / n), (r, ext, n)
        assert r["mean_diff"] == f6(np.mean(a) - np.mean(b)), r
        sp = math.sqrt(((len(a) - 1) * np.var(a, ddof=1) +
                        (len(b) - 1) * np.var(b, ddof=1)) / (len(a) + len(b) - 2))
        gg = (np.mean(a) - np.mean(b)) / sp * (1 - 3 / (4 * (len(a) + len(b)) - 9)) if sp > 0 else None
        assert r["hedges_g"] == f6(gg), (r, gg)
        lo, hi = bootstrap(x, stream(seed, 2 * (v * len(groups) + gi)))
        assert (r["ci_low"], r["ci_high"]) == (f6(lo), f6(hi)), (r, lo, hi)
        assert float(r["ci_low"]) <= float(r["mean_share"]) <= float(r["ci_high"]), r
PY
# shellcheck disable=SC2086
"$ANA" --compare --by=school --seed=7 --format=csv $S >"$TMP/again.csv"
check "the same seed gives the same figures" cmp -s "$TMP/across.csv" \
    "$TMP/again.csv"
# shellcheck disable=SC2086
"$ANA" --compare --by=school --format=csv $S >"$TMP/seed1.csv"
check "another seed, another interval, the same test" "$PYTHON3" - \
    "$TMP/across.csv" "$TMP/seed1.csv" <<'PY'
import csv, sys
a, b = (list(csv.DictReader(open(f))) for f in sys.argv[1:])
assert any(x["ci_low"] != y["ci_low"] for x, y in zip(a, b))
for x, y in zip(a, b):
    assert x["p_value"] == y["p_value"] and x["icc1"] == y["icc1"], (x, y)
PY
# shellcheck disable=SC2086
expect_exit "across heads in text" 0 "$ANA" --compare --by=school --seed=7 $S
cp "$TMP/out" "$TMP/across.txt"
check "text: the section after the values' tables" grep -q \
    '^Across heads (seed 7): ' "$TMP/out"
check "text: Ashby's teachers" grep -q \
    '^Ashby  *teachers  *2  *50.0%  *[0-9.]*%  *[0-9.]*%  *0.0156[23]  *0.03125  *0.33  *0.3000  *33.3%  *1.30$' \
    "$TMP/out"
# shellcheck disable=SC2086
expect_exit "across heads in JSON" 0 \
    "$ANA" --compare --by=school --seed=7 --format=json $S
check "JSON: the seed and a row per value and group, as the CSV's" \
    "$PYTHON3" - "$TMP/out" "$TMP/across.csv" <<'PY'
import csv, json, sys
d = json.load(open(sys.argv[1]))
assert d["seed"] == 7, d["seed"]
rows = list(csv.DictReader(open(sys.argv[2])))
assert len(d["across_heads"]) == len(rows)
for j, r in zip(d["across_heads"], rows):
    assert (j["value"], j["group"]) == (r["value"], r["group"]), (j, r)
    for k in ("ci_low", "ci_high", "var_between", "var_within", "icc1",
              "p_value", "mean_diff", "hedges_g"):
        want = None if r[k] == "" else float(r[k])
        assert j[k] == want, (k, j, r)
    assert j["heads"] == int(r["heads"]) and j["relabellings"] == 10, j
# Between the schools, each day a unit: teachers' Ashby {.5 .25 .75 .5},
# Birch {.25 0 .5 .25 0}: SSW .125 + .175 over 7 df; SSB 4 (1/6)^2 +
# 5 (2/15)^2 = .2; n0 = 9 - 41/9; between (.2 - .3/7) / n0 = .035357;
# ICC(1) = (.2 - .3/7) / (.2 + (n0 - 1) .3/7) = .452055.
t = [b for b in d["between_values"] if b["group"] == "teachers"][0]
assert t == {"group": "teachers", "values": 2, "days": 9,
             "var_between": 0.035357, "var_within": 0.042857,
             "icc1": 0.452055}, t
PY
check "text: between the schools" grep -q \
    '^teachers  *2  *9  *0.03536  *0.04286  *0.45$' "$TMP/across.txt"
expect_exit "--seed without --compare" 64 "$ANA" --seed=3 "$TMP/s1.slog"
err_has "says --seed goes with --compare" '--seed goes with --compare'
expect_exit "--seed not a number" 64 \
    "$ANA" --compare --by=school --seed=x "$TMP/s1.slog"
err_has "says what --seed wants" "--seed wants a whole number"

# ---- agreement between two observers ----
# A: teachers 09:00-09:20, pupils 09:20-09:40, alone to 10:00.  B the same,
# but coded the pupils as parents.  Observed 2/3; expected 1/3 * 1/3 for
# teachers and for alone, 2/9; kappa (2/3 - 2/9) / (1 - 2/9) = 4/7.
P='09:00 begin|09:00 start teachers|09:20 start pupils|09:40 end|10:00 stop'
rec a.slog Hillside H1 OA 2026-11-16 "$P"
rec same.slog Hillside H1 OB 2026-11-16 "$P"
rec recoded.slog Hillside H1 OB 2026-11-16 \
    '09:00 begin|09:00 start teachers|09:20 start parents|09:40 end|10:00 stop'
# agrees NAME B LINES...: A and B's agreement CSV holds each line.
agrees() {
	agrees_name=$1 agrees_b=$2
	shift 2
	expect_exit "$agrees_name" 0 \
	    "$ANA" --agreement --format=csv "$TMP/a.slog" "$agrees_b"
	for line; do
		check "$agrees_name: $line" grep -qx -- "$line" "$TMP/out"
	done
}
agrees "identical days" "$TMP/same.slog" \
    '1.000000,1.000000,0.333333,3600.000' '30.000,2,2,2,0,0,1.000000'
cat >"$TMP/recoded.csv" <<'EOF'
kappa,observed,expected,seconds
0.571429,0.666667,0.222222,3600.000

a_group,b_group,seconds
teachers,teachers,1200.000
pupils,parents,1200.000
alone,alone,1200.000

group,a_seconds,b_seconds,both_seconds,agreement
SLT,0.000,0.000,0.000,
teachers,1200.000,1200.000,1200.000,1.000000
support staff,0.000,0.000,0.000,
pupils,1200.000,0.000,0.000,0.000000
parents,0.000,1200.000,0.000,0.000000
visitors,0.000,0.000,0.000,
alone,1200.000,1200.000,1200.000,1.000000

window_s,a_starts,b_starts,matched,missed_a,missed_b,agreement
30.000,2,2,1,1,1,0.333333

variable,kappa,observed,expected,seconds
group,0.571429,0.666667,0.222222,3600.000
by,1.000000,1.000000,1.000000,2400.000
person,1.000000,1.000000,1.000000,2400.000
where,1.000000,1.000000,1.000000,2400.000
mode,1.000000,1.000000,1.000000,2400.000

a_group,b_group,events
teachers,teachers,1
pupils,parents,1

window_s,pairs,same_group,unmatched_a,unmatched_b,kappa,observed,expected
30.000,2,1,0,0,0.333333,0.500000,0.250000

steps,identical,identity,matched,duration_ccc,start_median_s
2,1,0.500000,1,,0.000

start,end,seconds,a_group,b_group
09:20:00,09:40:00,1200.000,pupils,parents
EOF
# Beyond the group: by, person, where and mode over the 2400 s both spent
# in an episode (none given: one missing code, kappa 1); the starts
# aligned: teachers with teachers, pupils with parents, observed 1/2,
# expected 1/4 (teachers), event kappa 1/3; the sequence 1 of 2 alike; one
# same-group pair: no concordance (it needs two), starts 0 s apart.
expect_exit "one recoded episode" 0 \
    "$ANA" --agreement --format=csv "$TMP/a.slog" "$TMP/recoded.slog"
same "kappa 4/7, the confusion table, per group, the starts" \
    "$TMP/recoded.csv"
expect_exit "the same in text" 0 \
    "$ANA" --agreement "$TMP/a.slog" "$TMP/recoded.slog"
check "text: kappa and its band" \
    grep -qx "Cohen's kappa   0.571  moderate (Landis & Koch)" "$TMP/out"
check "text: the grid" grep -q '^  pupils  *0  *0  *1200  *0$' "$TMP/out"
check "text: the largest disagreement in words" grep -qx \
    '  09:20:00–09:40:00: A coded pupils, B coded parents (20m00s)' "$TMP/out"
check "text: the event kappa" grep -qx '  event kappa  *0.333' "$TMP/out"
expect_exit "the same in JSON" 0 \
    "$ANA" --agreement --format=json "$TMP/a.slog" "$TMP/recoded.slog"
check "JSON: one document with the same figures" "$PYTHON3" - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert (d["kappa"], d["seconds"]) == (0.571429, 3600.0), d
assert {"a_group": "pupils", "b_group": "parents", "seconds": 1200.0} \
    in d["confusion"], d["confusion"]
assert d["events"]["matched"] == 1 and d["events"]["window_s"] == 30, d
assert [v["variable"] for v in d["variables"]] == \
    ["group", "by", "person", "where", "mode"], d["variables"]
assert d["alignment"]["kappa"] == 0.333333, d["alignment"]
assert d["sequence"]["identity"] == 0.5, d["sequence"]
assert d["disagreements"][0]["words"] == \
    "09:20:00–09:40:00: A coded pupils, B coded parents", d["disagreements"]
PY

# The window: B's starts 10 s late match within 30 s, not within 5.
L='09:00 begin|09:00:10 start teachers|09:20:10 start pupils'
rec late.slog Hillside H1 OB 2026-11-16 "$L|09:40:10 end|10:00 stop"
agrees "starts 10 s apart match within 30 s" "$TMP/late.slog" \
    '30.000,2,2,2,0,0,1.000000'
expect_exit "--window=5" 0 "$ANA" --agreement --window=5 --format=csv \
    "$TMP/a.slog" "$TMP/late.slog"
check "within 5 s they do not" grep -qx '5.000,2,2,0,2,2,0.000000' "$TMP/out"
# A start made while the other was not observing does not count.
rec lateb.slog Hillside H1 OB 2026-11-16 \
    '09:10 begin|09:10 start teachers|09:20 start pupils|09:40 end|10:00 stop'
# A's 09:00 start is not counted, B's 09:10 one is; 3000 s compared, of
# which A coded teachers 600, pupils 1200, alone 1200: expected 0.36.
agrees "B came at 09:10" "$TMP/lateb.slog" '30.000,1,2,1,0,1,0.500000' \
    '1.000000,1.000000,0.360000,3000.000'

# What cannot be compared.
rec pm.slog Hillside H1 OB 2026-11-16 \
    '13:00 begin|13:10 start SLT|14:00 stop'
expect_exit "no overlap" 65 \
    "$ANA" --agreement "$TMP/a.slog" "$TMP/pm.slog"
err_has "says so, with the times" 'A and B do not overlap in time: A runs'
err_has "when A ran, and when B" '09:00:00-10:00:00, B 13:00:00-14:00:00'
check "and writes no table" test ! -s "$TMP/out"
rec gov-b.slog Hillside H1 OB 2026-11-16 \
    '09:00 begin|09:00 start teachers|10:00 stop' --scheme "$TMP/gov.scheme"
expect_exit "different schemes" 65 \
    "$ANA" --agreement "$TMP/a.slog" "$TMP/gov-b.slog"
err_has "says so" 'A and B use different coding schemes'
rec h2.slog Hillside H2 OB 2026-11-16 "$P"
expect_exit "another head" 65 "$ANA" --agreement "$TMP/a.slog" "$TMP/h2.slog"
err_has "says which field" 'the head is "H1" in A, "H2" in B'
expect_exit "--agreement with one FILE" 64 "$ANA" --agreement "$TMP/a.slog"
expect_exit "--agreement with three FILEs" 64 \
    "$ANA" --agreement "$TMP/a.slog" "$TMP/same.slog" "$TMP/a.slog"
"$ANA" --episodes --format=csv "$TMP/a.slog" "$TMP/same.slog" >"$TMP/two.csv"
expect_exit "--agreement with a FILE of two days" 65 \
    "$ANA" --agreement "$TMP/two.csv" "$TMP/a.slog"
err_has "says so" 'holds more than one day'
"$ANA" --episodes --format=csv "$TMP/recoded.slog" >"$TMP/recoded-ep.csv"
expect_exit "an episodes CSV as B" 0 \
    "$ANA" --agreement --format=csv "$TMP/a.slog" "$TMP/recoded-ep.csv"
same "gives the same agreement" "$TMP/recoded.csv"

# A second implementation (tests/agreement.py: second by second, and its
# own alignment) against the analyser: the sample day and another
# observer's, who coded by, where, mode and some starts otherwise and
# missed one episode, at several windows.
sed -e 's/by=head person=DH where=office/by=other person=DH where=hall/' \
    -e 's/where=corridor/where=hall/g' -e 's/mode=phone/mode=e-mail/' \
    -e 's/^08:14:42 start teachers/08:14:58 start teachers/' \
    -e 's/^09:10:36 start visitors/09:10:50 start SLT/' \
    -e 's/^08:36:20 start pupils by=head/08:36:20 start pupils/' \
    -e '/^08:31:24/d' "$DATA/sample-day.txt" >"$TMP/b-day.txt"
for o in A B; do
	day=$DATA/sample-day.txt
	[ "$o" = B ] && day=$TMP/b-day.txt
	"$REC" --school "Meadowbank Primary" --head HT1 --observer "OBS-$o" \
	    --date 2026-11-16 --input "$day" "$TMP/sample-$o.slog" \
	    >/dev/null 2>&1 || not_ok "recording sample-$o.slog"
	"$ANA" --episodes --format=csv "$TMP/sample-$o.slog" >"$TMP/e$o.csv"
done
for w in 0 5 30 300; do
	expect_exit "two observers of the sample day, window $w" 0 \
	    "$ANA" --agreement --window=$w --format=csv "$TMP/sample-A.slog" \
	    "$TMP/sample-B.slog"
	check "window $w: kappa per variable and the alignment, worked again" \
	    "$PYTHON3" "$top_srcdir/tests/agreement.py" "$TMP/eA.csv" \
	    "$TMP/eB.csv" "$TMP/out" "$w"
done
check "they disagree on where" grep -q '^where,0\.9' "$TMP/out"

# Many pairs: the identical and the recoded one.  Pooled over the summed
# table of seconds: teachers 2400 and alone 2400 alike, pupils 1200 alike
# and 1200 against parents; observed 5/6, expected (2400^2 + 2400 * 1200 +
# 2400^2) / 7200^2 = 5/18, kappa 10/13.  Events: 3 of 4 alike, expected
# (2 * 2 + 2 * 1) / 16, kappa 0.6; identity 3 of 4 steps.
printf 'a,b\na.slog,same.slog\n%s,recoded.slog\n' "$TMP/a.slog" \
    >"$TMP/pairs.csv"
cat >"$TMP/pairs-want.csv" <<EOF
a,b,kappa,observed,expected,seconds,event_kappa,identity
$TMP/a.slog,$TMP/same.slog,1.000000,1.000000,0.333333,3600.000,1.000000,1.000000
$TMP/a.slog,$TMP/recoded.slog,0.571429,0.666667,0.222222,3600.000,0.333333,0.500000

pairs,kappa,observed,expected,seconds,event_kappa,identity
2,0.769231,0.833333,0.277778,7200.000,0.600000,0.750000
EOF
expect_exit "--pairs: two pairs from a list" 0 \
    "$ANA" --agreement --pairs="$TMP/pairs.csv" --format=csv
same "a row each (paths from the list's directory) and pooled" \
    "$TMP/pairs-want.csv"
expect_exit "--pairs in JSON" 0 \
    "$ANA" --agreement --pairs="$TMP/pairs.csv" --format=json
check "JSON: the pooled figures" "$PYTHON3" - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["pairs"]) == 2 and d["pooled"]["kappa"] == 0.769231, d
PY
printf 'a.slog,nowhere.slog\na.slog,h2.slog\n' >"$TMP/pairs-bad.csv"
expect_exit "--pairs: pairs that cannot be compared" 66 \
    "$ANA" --agreement --pairs="$TMP/pairs-bad.csv" --format=csv
err_has "names the missing file" 'nowhere.slog: No such file'
err_has "says which head differs" 'the head is "H1" in A, "H2" in B'
check "and pools none of them" grep -qx '0,,,,0.000,,' "$TMP/out"
printf 'a,b\na.slog\n' >"$TMP/pairs-short.csv"
expect_exit "--pairs: a row of one FILE" 65 \
    "$ANA" --agreement --pairs="$TMP/pairs-short.csv"
err_has "says where" 'pairs-short.csv:2: a pair is two FILEs, A and B'
expect_exit "--pairs without --agreement" 64 "$ANA" --pairs="$TMP/pairs.csv"
expect_exit "--pairs with FILEs" 64 \
    "$ANA" --agreement --pairs="$TMP/pairs.csv" "$TMP/a.slog"
printf 'a.slog,same.slog\ngov-b.slog,gov-b.slog\n' >"$TMP/pairs-gov.csv"
expect_exit "--pairs: a pair of another scheme" 65 \
    "$ANA" --agreement --pairs="$TMP/pairs-gov.csv" --format=csv
err_has "is not pooled" \
    'pairs-gov.csv:2: not the coding scheme of the first pair'
check "the first is" grep -q '^1,1.000000,' "$TMP/out"

# ---- BORIS's exports against BORIS's numbers ----
SHARED=${SHADOWLOG_SHARED:-$top_srcdir/../shared}
BORIS="$SHARED/interop/boris"
if [ -r "$BORIS/README.md" ] && [ -r "$BORIS/tabular_obs1.tsv" ]; then
	# boris_numbers OBSERVATION CSV: each README row of that observation
	# is the analyser's row of that subject and behaviour.
	boris_numbers() {
		"$PYTHON3" - "$BORIS/README.md" "$1" "$2" <<'PY'
import csv, sys
readme, obs, out = sys.argv[1], sys.argv[2], sys.argv[3]
rows = {(r["head"], r["group"]): r for r in csv.DictReader(open(out))}
want = 0
for line in open(readme):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) != 9 or cells[0] != "#" + obs:
        continue
    want += 1
    _, subject, behaviour, number, total, mean, sd, gmean, gsd = cells
    code, kind = behaviour.split()[0], behaviour.split()[1]
    r = rows[(subject, code)]
    got = r["brief"] if kind == "(point)" else r["episodes"]
    assert int(got) == int(number), (subject, code, got, number)
    for name, col, tol in (("total", "seconds", 0.0005),
                           ("mean", "mean_s", 0.0011), ("sd", "sd_s", 0.0005),
                           ("gap mean", "gap_mean_s", 0.0005),
                           ("gap sd", "gap_sd_s", 0.0005)):
        w = {"total": total, "mean": mean, "sd": sd, "gap mean": gmean,
             "gap sd": gsd}[name]
        g = r[col]
        if w == "NA":
            assert g == "" or (col == "seconds" and float(g) == 0), \
                (subject, code, name, g)
        else:
            assert g != "" and abs(float(g) - float(w)) <= tol, \
                (subject, code, name, g, w)
assert want > 0, "no rows of observation #%s in the README" % obs
PY
	}
	expect_exit "BORIS tabular export, observation #1" 0 \
	    "$ANA" --format=csv "$BORIS/tabular_obs1.tsv"
	check "gives BORIS's time budget (#1: subject1, subject2)" \
	    boris_numbers 1 "$TMP/out"
	check "a day per subject, from 0" test "$(grep -c ',alone,' "$TMP/out")" -eq 2
	expect_exit "BORIS tabular export, observation #2" 0 "$ANA" \
	    --format=csv --subject="No focal subject" "$BORIS/tabular_obs2.tsv"
	check "gives BORIS's time budget (#2: No focal subject, s and p)" \
	    boris_numbers 2 "$TMP/out"
	check "--subject picks the rows with no subject" \
	    test "$(grep -vc '^school,\|^,No focal subject,' "$TMP/out")" -eq 0
	for f in aggregated_obs2_full aggregated_obs2_2023layout; do
		expect_exit "BORIS $f" 0 "$ANA" --format=csv \
		    --subject="No focal subject" "$BORIS/$f.tsv"
		check "$f gives BORIS's numbers" boris_numbers 2 "$TMP/out"
	done
	expect_exit "--subject=subject1" 0 \
	    "$ANA" --format=csv --subject=subject1 "$BORIS/tabular_obs1.tsv"
	check "gives that subject only" sh -c "test \"\$(grep -c '^,subject1,' \
	    '$TMP/out')\" -eq 2 && ! grep -q subject2 '$TMP/out'"
	expect_exit "a subject BORIS's file does not have" 65 \
	    "$ANA" --subject=nobody "$BORIS/tabular_obs1.tsv"
	err_has "names the subjects there are" 'subject1'
	expect_exit "BORIS episodes" 0 \
	    "$ANA" --episodes --format=csv "$BORIS/tabular_obs1.tsv"
	printf 'group a s\n' >"$TMP/boris.scheme"
	check "read back with its scheme, the same summary" sh -c "'$ANA' \
	    --format=csv '$BORIS/tabular_obs1.tsv' >'$TMP/b1.csv' && '$ANA' \
	    --format=csv --scheme '$TMP/boris.scheme' '$TMP/out' |
	    cmp -s - '$TMP/b1.csv'"
	expect_exit "BORIS compared by head (the subject)" 0 \
	    "$ANA" --compare --by=head --format=csv "$BORIS/tabular_obs1.tsv"
	check "a value per subject" test "$(cut -d, -f2 "$TMP/out" | sort -u |
	    tr '\n' ' ')" = "subject1 subject2 value "
	expect_exit "agreement of two BORIS subjects needs one each" 65 \
	    "$ANA" --agreement "$BORIS/tabular_obs1.tsv" "$BORIS/tabular_obs1.tsv"
	err_has "and says to pick one" '--subject'
	expect_exit "agreement of a BORIS subject with itself" 0 "$ANA" \
	    --agreement --subject=subject1 --format=csv \
	    "$BORIS/tabular_obs1.tsv" "$BORIS/tabular_obs1.tsv"
	check "is 1" grep -q '^1.000000,1.000000,' "$TMP/out"
	# BORIS's README has no kappa of two codings of one observation: what
	# can be checked is that its 3 bouts of s (subject1, #1) align to
	# themselves, identity and concordance 1 (its IRR slices time; see
	# the man page).
	check "BORIS's 3 bouts aligned to themselves" grep -qx \
	    '30.000,3,3,0,0,1.000000,1.000000,1.000000' "$TMP/out"
	check "identity and concordance 1" grep -qx '3,3,1.000000,3,1.000000,0.000' \
	    "$TMP/out"
	# Golden files (made with the analyser before the readers were
	# rewritten): the summary and the episodes of three exports.
	GOLDEN="$top_srcdir/tests/data/golden"
	for f in tabular_obs1 tabular_obs2 aggregated_obs2_full; do
		expect_exit "BORIS $f summary" 0 "$ANA" --format=csv \
		    "$BORIS/$f.tsv"
		same "is golden boris-$f.summary.csv" \
		    "$GOLDEN/boris-$f.summary.csv"
		expect_exit "BORIS $f episodes" 0 "$ANA" --episodes \
		    --format=csv "$BORIS/$f.tsv"
		same "is golden boris-$f.episodes.csv" \
		    "$GOLDEN/boris-$f.episodes.csv"
	done

	# ---- a BORIS project read directly, as its exports ----
	P="$BORIS/test2.boris"
	expect_exit "BORIS project test2.boris" 0 "$ANA" --format=csv \
	    --subject="No focal subject" "$P"
	err_has "the observation whose states do not pair is named" \
	    "test2.boris: observation 'live not paired': the events of state 's' of subject 'No focal subject' do not pair (BORIS: UNPAIRED); the observation is left out"
	check "once" test "$(wc -l <"$TMP/err")" -eq 1
	sed -n '1p;/^,No focal subject,,2016-12-01,/p' "$TMP/out" >"$TMP/p2.csv"
	check "observation #2 gives BORIS's time budget" \
	    boris_numbers 2 "$TMP/p2.csv"
	# project_rows PROJECT-CSV EXPORT-CSV DATE: the export's rows are the
	# project's rows of its observation's date (groups the export does not
	# have left out; the episodes' tags, which add the project's
	# variables, cut off).
	project_rows() {
		"$PYTHON3" - "$@" <<'PY'
import csv, sys
proj, exp, date = sys.argv[1:4]
def rows(path, groups=None):
    out = []
    for r in csv.DictReader(open(path)):
        if r["date"] != date or (groups and r["group"] not in groups):
            continue
        r.pop("tags", None)
        out.append(r)
    return out
e = rows(exp)
p = rows(proj, {r["group"] for r in e})
key = lambda r: (r["head"], r.get("start", ""), r["group"])
assert e and sorted(e, key=key) == sorted(p, key=key), (len(e), len(p))
PY
	}
	for n in 1 2; do
		"$ANA" --format=csv "$P" >"$TMP/ps.csv" 2>/dev/null
		"$ANA" --format=csv "$BORIS/tabular_obs$n.tsv" >"$TMP/es.csv"
		"$ANA" --episodes --format=csv "$P" >"$TMP/pe.csv" 2>/dev/null
		"$ANA" --episodes --format=csv "$BORIS/tabular_obs$n.tsv" \
		    >"$TMP/ee.csv"
		d=$(sed -n '2s/^[^,]*,[^,]*,[^,]*,\([^,]*\),.*/\1/p' "$TMP/es.csv")
		check "observation #$n: the summary of its export" \
		    project_rows "$TMP/ps.csv" "$TMP/es.csv" "$d"
		check "observation #$n: the episodes of its export" \
		    project_rows "$TMP/pe.csv" "$TMP/ee.csv" "$d"
	done
	check "the project's variables are tags" grep -q \
	    ',observation=observation #2;a=123;b=some text;c=333,' "$TMP/pe.csv"
	gzip -c "$P" >"$TMP/test2.boris.gz"
	for t in "" --episodes; do
		"$ANA" $t --format=csv "$P" >"$TMP/plain.csv" 2>/dev/null
		expect_exit "gzipped ${t:-summary}" 0 \
		    "$ANA" $t --format=csv "$TMP/test2.boris.gz"
		same "reads as the plain project" "$TMP/plain.csv"
	done
	head -c 900 "$TMP/test2.boris.gz" >"$TMP/short.boris.gz"
	expect_exit "a gzipped project cut short" 65 \
	    "$ANA" "$TMP/short.boris.gz"
	err_has "says so" "short.boris.gz: gzip data ends early"
	expect_exit "a subject the project does not have" 65 \
	    "$ANA" --subject=nobody "$P"
	err_has "names the subjects there are" "'subject1', 'subject2'"
	# What BORIS's loader reads of a project, as test2.boris has it: a
	# written project has every key test2.boris has (top level, per
	# behaviour, per live observation), events BORIS can split.
	boris_shape() {
		"$PYTHON3" - "$P" "$1" <<'PY'
import json, sys
ref, got = (json.load(open(p)) for p in sys.argv[1:3])
assert set(ref) <= set(got), set(ref) - set(got)
rb = next(iter(ref["behaviors_conf"].values()))
subjects = {s["name"] for s in got["subjects_conf"].values()}
codes = {}
for b in got["behaviors_conf"].values():
    assert set(rb) <= set(b), set(rb) - set(b)
    assert b["type"] in ("State event", "Point event")
    codes[b["code"]] = b
labels = {v["label"] for v in got["independent_variables"].values()}
ro = ref["observations"]["live"]
assert got["observations"]
for o in got["observations"].values():
    assert set(ro) <= set(o), set(ro) - set(o)
    assert o["type"] == "LIVE" and set(o["independent_variables"]) <= labels
    t = [e[0] for e in o["events"]]
    assert t == sorted(t)
    for e in o["events"]:
        assert len(e) == 5 and isinstance(e[0], (int, float))
        assert e[1] in subjects and e[2] in codes
        mods = codes[e[2]]["modifiers"]
        assert len(e[3].split("|")) == len(mods) or (e[3], mods) == ("", {})
PY
	}
else
	echo "# BORIS's exports not found under $BORIS: set SHADOWLOG_SHARED; skipped (their golden files too)"
	boris_shape() { true; }
fi

# ---- a team's days written as a BORIS project, and read back ----
# The sample day has every detail, brief contacts, notes and a pause.
"$REC" --school "Meadowbank Primary" --head HT1 --observer OBS-A \
    --date 2026-11-16 --tag phase=primary --tag term=autumn \
    --input "$top_srcdir/tests/data/sample-day.txt" "$TMP/rt.slog" \
    </dev/null >/dev/null || not_ok "recording rt.slog"
DAYS="$TMP/rt.slog $TMP/d1.slog $TMP/d2.slog $TMP/d3.slog $TMP/d4.slog"
expect_exit "--boris writes the days as a project" 0 \
    "$ANA" --format=csv --boris="$TMP/team.boris" $DAYS
cp "$TMP/out" "$TMP/logs.csv"
check "readable by its owner only" \
    test "$(stat -c %a "$TMP/team.boris")" = 600
check "shaped as BORIS's own projects" boris_shape "$TMP/team.boris"
expect_exit "the project read back" 0 "$ANA" --format=csv "$TMP/team.boris"
same "the same summary" "$TMP/logs.csv"
check "with no warning" test ! -s "$TMP/err"
"$ANA" --episodes --format=csv $DAYS >"$TMP/logs-ep.csv"
expect_exit "its episodes" 0 "$ANA" --episodes --format=csv "$TMP/team.boris"
same "are the logs' episodes" "$TMP/logs-ep.csv"
expect_exit "--boris where it cannot be written" 73 \
    "$ANA" --format=csv --boris="$TMP/no/such.boris" "$TMP/d1.slog"
err_has "says where" "$TMP/no/such.boris: "
expect_exit "--boris with --agreement" 64 \
    "$ANA" --agreement --boris="$TMP/x.boris" "$TMP/d1.slog" "$TMP/d1.slog"

# ---- each input opened once ----
# An episodes CSV of two days (held till its end), one of many days over
# the size whose days are held (read again on the same descriptor) and a
# BORIS export of two observations: each file is opened once (the fault
# shim counts the opens under a directory).
SHIM="$top_builddir/tests/fault/shim.so"
if [ -f "$SHIM" ]; then
	O="$TMP/once"
	mkdir "$O"
	"$ANA" --episodes --format=csv "$TMP/d1.slog" "$TMP/d2.slog" >"$O/two.csv"
	"$PYTHON3" - "$O/two.csv" "$O/big.csv" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines(True)
with open(sys.argv[2], "w") as out:
    out.write(lines[0])
    for i in range(6000):	# about 5 MiB: more than the 4 that are held
        out.writelines("S%d%s" % (i, l[l.index(","):]) for l in lines[1:])
PY
	printf 'Observation id\tSubject\tBehavior\tBehavior type\tTime\n%s\n%s\n%s\n%s\n' \
	    'o1	A	x	START	1' 'o1	A	x	STOP	5' 'o2	A	y	POINT	2' \
	    'o2	A	x	START	3' >"$O/obs.tsv"
	printf 'o2\tA\tx\tSTOP\t4\n' >>"$O/obs.tsv"
	for f in two.csv big.csv obs.tsv; do
		rm -f "$TMP/count"
		expect_exit "$f read" 0 env LD_PRELOAD="$SHIM" SHIM_PREFIX="$O" \
		    SHIM_COUNT="$TMP/count" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		    "$ANA" --format=csv "$O/$f"
		cp "$TMP/out" "$TMP/once.$f"
		check "$f opened once" test "$(awk '$1 == "open" { n += $2 }
		    END { print n + 0 }' "$TMP/count")" -eq 1
		"$ANA" --format=csv "$O/$f" >"$TMP/out" 2>/dev/null
		same "$f gives the figures it gives unshimmed" "$TMP/once.$f"
	done
	check "big.csv: every day" \
	    test "$(grep -c ',alone,' "$TMP/once.big.csv")" -eq 12000
	check "obs.tsv: both observations, both behaviours in each" \
	    test "$(grep -c '^,A,,1970-01-01,[xy],' "$TMP/once.obs.tsv")" -eq 4
else
	echo "# $SHIM not built (make tests/fault/shim.so): opening once not checked"
fi

# ---- anonymisation ----
"$PYTHON3" -c 'import sys; open(sys.argv[1], "wb").write(bytes(range(1, 33)))' \
    "$TMP/team.key"
"$PYTHON3" -c 'import sys; open(sys.argv[1], "wb").write(bytes(range(2, 34)))' \
    "$TMP/other.key"
chmod 600 "$TMP/team.key" "$TMP/other.key"
N='09:00 begin|09:00 start teachers person=JSMITH where=office'
N="$N|09:10 note Mrs Quince phoned about JSMITH"
N="$N|09:20 brief pupils person=KBLOGGS|09:30 end|10:00 stop"
rec r1.slog Ravenswood HT-Ravel Obs-Quill 2026-11-16 "$N" --tag phase=primary
rec r2.slog Ravenswood HT-Ravel Obs-Wren 2026-11-17 "$N" --tag phase=primary
rec r3.slog Ravenswood HT-Ravel Obs-Wren 2026-11-16 "$N" --tag phase=primary
K="--anonymise=$TMP/team.key"
expect_exit "anonymised episodes" 0 "$ANA" "$K" --episodes --format=csv \
    "$TMP/r1.slog" "$TMP/r2.slog"
cp "$TMP/out" "$TMP/anon1.csv"
check "codes for school, head, observer and person" "$PYTHON3" - \
    "$TMP/anon1.csv" <<'PY'
import csv, re, sys
rows = list(csv.DictReader(open(sys.argv[1])))
for r in rows:
    assert re.fullmatch(r"S-[A-Z2-7]{8}", r["school"]), r
    assert re.fullmatch(r"H-[A-Z2-7]{8}", r["head"]), r
    assert re.fullmatch(r"O-[A-Z2-7]{8}", r["observer"]), r
    assert r["person"] == "" or re.fullmatch(r"P-[A-Z2-7]{8}", r["person"]), r
assert len({r["school"] for r in rows}) == 1, "school differs between files"
assert len({r["observer"] for r in rows}) == 2, "observers merged"
assert {r["where"] for r in rows} >= {"office"}, "where was changed"
PY
check "the same name, the same code in both files" sh -c \
    "test \"\$(cut -d, -f11 '$TMP/anon1.csv' | grep '^P-' | sort -u |
    wc -l)\" -eq 2"
check "notes dropped" sh -c "tail -n +2 '$TMP/anon1.csv' | grep -q ,episode, &&
    ! tail -n +2 '$TMP/anon1.csv' | grep -q ',note,'"
expect_exit "anonymised again" 0 "$ANA" "$K" --episodes --format=csv \
    "$TMP/r1.slog" "$TMP/r2.slog"
same "stable across runs" "$TMP/anon1.csv"
expect_exit "one file alone" 0 "$ANA" "$K" --episodes --format=csv \
    "$TMP/r2.slog"
check "stable across files: r2's rows as in the run of both" sh -c \
    "grep -F \"\$(sed -n 2p '$TMP/out')\" '$TMP/anon1.csv' >/dev/null"
expect_exit "another key" 0 "$ANA" --anonymise="$TMP/other.key" \
    --episodes --format=csv "$TMP/r1.slog"
check "gives other codes" sh -c "! grep -qF \"\$(sed -n 2p '$TMP/out' |
    cut -d, -f1)\" '$TMP/anon1.csv'"
expect_exit "--keep-notes" 0 "$ANA" "$K" --keep-notes --episodes \
    --format=csv "$TMP/r1.slog"
check "keeps the note, word for word" \
    grep -q ',note,.*Mrs Quince phoned about JSMITH,phase=primary,,$' \
    "$TMP/out"
check "and still codes the names" sh -c "! grep -q 'Ravenswood\|HT-Ravel' \
    '$TMP/out'"

# No name left anywhere in any output, charts and report included.
OUT="$TMP/shared"
mkdir "$OUT"
n=0
for args in "" "--format=csv" "--format=json" "--episodes" \
    "--episodes --format=json" "--bin=15 --format=csv" "--transitions" \
    "--compare --by=school" "--compare --by=observer --format=json" \
    "--compare --by=head --bin=30 --format=csv"; do
	n=$((n + 1))
	# shellcheck disable=SC2086
	"$ANA" "$K" $args "$TMP/r1.slog" "$TMP/r2.slog" >"$OUT/table$n" ||
	    not_ok "anonymised $args"
done
if command -v gnuplot >/dev/null 2>&1; then
	expect_exit "anonymised charts and report" 0 "$ANA" "$K" \
	    --plot="$OUT/charts" --plot-format=svg --by=head \
	    --html="$OUT/report.html" "$TMP/r1.slog" "$TMP/r2.slog"
	check "the report is private (0600)" \
	    test "$(stat -c %a "$OUT/report.html")" = 600
	check "chart file names are coded" sh -c "ls '$OUT/charts' |
	    grep -q '^2026-11-16-S-[A-Z2-7]*-H-[A-Z2-7]*-timeline.svg$'"
	check "the comparison chart by head" test -s "$OUT/charts/compare-by-head.svg"
fi
expect_exit "anonymised agreement" 0 \
    "$ANA" "$K" --agreement "$TMP/r1.slog" "$TMP/r3.slog"
cp "$TMP/out" "$OUT/agreement"
check "agreement: the two observers' codes" sh -c "grep -c '^[AB]  O-' \
    '$OUT/agreement' | grep -qx 2"
NAMES='Ravenswood\|HT-Ravel\|Obs-Quill\|Obs-Wren\|JSMITH\|KBLOGGS\|Quince'
check "no school, head, observer, person or note in any output" sh -c \
    "! grep -rl '$NAMES' '$OUT'"
check "nor in any file name" sh -c \
    "! find '$OUT' | grep 'Ravenswood\|HT-Ravel'"
check "outputs there were" test "$(find "$OUT" -type f | wc -l)" -ge 11

# The key.
expect_exit "a missing key file" 66 \
    "$ANA" --anonymise="$TMP/nokey" "$TMP/r1.slog"
printf 'short' >"$TMP/short.key"
chmod 600 "$TMP/short.key"
expect_exit "a short key" 65 "$ANA" --anonymise="$TMP/short.key" "$TMP/r1.slog"
err_has "says how to make one" 'head -c 32 /dev/urandom'
cp "$TMP/team.key" "$TMP/open.key"
chmod 644 "$TMP/open.key"
expect_exit "a key others may read" 0 \
    "$ANA" --anonymise="$TMP/open.key" --format=csv "$TMP/r1.slog"
err_has "is used, with a warning" 'the key file is open to others'
expect_exit "--keep-notes alone" 64 "$ANA" --keep-notes "$TMP/r1.slog"
expect_exit "--anonymise with no KEYFILE" 64 "$ANA" --anonymise= "$TMP/r1.slog"

# ---- usage errors ----
expect_exit "--compare without --by" 64 "$ANA" --compare "$TMP/d1.slog"
err_has "says --by is needed" '--compare needs --by=FIELD'
expect_exit "--compare with --episodes" 64 \
    "$ANA" --compare --by=school --episodes "$TMP/d1.slog"
expect_exit "--compare with --transitions" 64 \
    "$ANA" --compare --by=school --transitions "$TMP/d1.slog"
expect_exit "--window without --agreement" 64 \
    "$ANA" --window=10 "$TMP/d1.slog"
expect_exit "--window not a number" 64 \
    "$ANA" --agreement --window=10s "$TMP/a.slog" "$TMP/same.slog"
expect_exit "--window over an hour" 64 \
    "$ANA" --agreement --window=3601 "$TMP/a.slog" "$TMP/same.slog"
# --agreement A B takes --plot and --html (tests/training.sh); --pairs not.
printf '%s,%s\n' "$TMP/a.slog" "$TMP/same.slog" >"$TMP/plot-pairs.csv"
expect_exit "--agreement --pairs with --plot" 64 \
    "$ANA" --agreement --pairs="$TMP/plot-pairs.csv" --plot="$TMP/x"
expect_exit "--agreement with --compare" 64 \
    "$ANA" --agreement --compare --by=school "$TMP/a.slog" "$TMP/same.slog"
expect_exit "--agreement with --bin" 64 \
    "$ANA" --agreement --bin=5 "$TMP/a.slog" "$TMP/same.slog"
expect_exit "--subject with no NAME" 64 "$ANA" --subject= "$TMP/d1.slog"
expect_exit "help names the new options" 0 "$ANA" --help
for opt in --compare --agreement --window --subject --anonymise --keep-notes; do
	check "help shows $opt" grep -q -- "$opt" "$TMP/out"
done

finish
