#!/bin/sh
# Dimensions a team declares (issue 15), end to end: coded with timed
# commands and live keys (in tmux at 80x24 and 40x12, with a team's scheme
# of 12 groups and 3 dimensions), read by a decoder that does not know
# them, analysed per value, and carried by the episodes CSV byte for byte.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
need_python_msgpack
ANALYSE="$top_builddir/analyser/shadowlog-analyse"
EX="$DATA/example.scheme"

expect_exit "a day coded with purpose and task" 0 "$REC" --scheme "$EX" \
    --date 2026-11-16 --input /dev/stdin "$TMP/day.slog" <<'CMDS'
09:00 begin
09:01 alone task=E-mail
09:05 start t purpose=behaviour
09:07 set purpose="teaching and learning"
09:10 end
09:11 alone task="desk work"
09:15 brief s purpose=safeguarding
09:20 start s by=head purpose=strategy
09:30 fix 09:05 purpose=staffing
09:40 stop
CMDS

# The format's independent decoder checks the new fields; a reader that
# knows nothing of dimensions (below, one that knows the types of v1
# before them, as an older shadowlog does) reads the day, skipping them:
# the alone record is a type of its own for that.
check "the independent decoder checks the log" $DECODE check "$TMP/day.slog"
check "a reader older than dimensions reads the day without them" \
    "$PYTHON3" - "$TMP/day.slog" <<'PY'
import sys, msgpack
OLD = {"begin", "start", "end", "brief", "note", "pause", "resume", "undo",
       "stop", "set", "recode", "move", "comment", "redo", "add",
       "withdraw", "fix", "span"}
objs = list(msgpack.Unpacker(open(sys.argv[1], "rb"), raw=False))
assert {"groups", "locations", "modes"} <= set(objs[0]["scheme"])
kept = [r["type"] for r in objs[1:] if r["type"] in OLD]
assert kept == ["begin", "start", "set", "end", "brief", "start", "fix",
    "stop"], kept
PY
$DECODE timed "$TMP/day.slog" >"$TMP/replay.txt"
expect_exit "the decoder's timed commands replay" 0 "$REC" --scheme "$EX" \
    --date 2026-11-16 --input "$TMP/replay.txt" "$TMP/replayed.slog"
"$ANALYSE" --scheme "$EX" --episodes --format csv "$TMP/replayed.slog" \
    >"$TMP/replayed.csv" 2>&1
check "the log holds each value as given, in the scheme's spelling" \
    "$PYTHON3" - "$TMP/day.slog" <<'PY'
import sys, msgpack
objs = list(msgpack.Unpacker(open(sys.argv[1], "rb"), raw=False))
dims = [d["name"] for d in objs[0]["scheme"]["dimensions"]]
assert dims == ["purpose", "task"], dims
got = [(r["seq"], r["dims"]) for r in objs[1:] if "dims" in r]
assert got == [(2, {"task": "e-mail"}), (3, {"purpose": "behaviour"}),
    (4, {"purpose": "teaching and learning"}), (6, {"task": "desk work"}),
    (7, {"purpose": "safeguarding"}), (8, {"purpose": "strategy"}),
    (9, {"purpose": "staffing"})], got
PY

# The analyser's own skip path: a field it does not know, even a map (as
# dims is to an older reader), changes nothing.
"$PYTHON3" - "$TMP/day.slog" "$TMP/future.slog" <<'PY'
import sys, msgpack
objs = list(msgpack.Unpacker(open(sys.argv[1], "rb"), raw=False))
with open(sys.argv[2], "wb") as f:
    for o in objs:
        if o.get("type") == "start":
            seq = o.pop("seq")
            o["future"] = {"a": "b", "c": ["d"]}
            o["seq"] = seq
        f.write(msgpack.packb(o))
PY
"$ANALYSE" --scheme "$EX" --episodes --format csv "$TMP/day.slog" \
    >"$TMP/day.csv" 2>"$TMP/err"
check "episodes CSV of the day" test -s "$TMP/day.csv"
"$ANALYSE" --scheme "$EX" --episodes --format csv "$TMP/future.slog" \
    >"$TMP/future.csv" 2>&1
check "an unknown map field is skipped" cmp -s "$TMP/day.csv" "$TMP/future.csv"
check "the replayed day is the same day" cmp -s "$TMP/day.csv" "$TMP/replayed.csv"

cat >"$TMP/want.csv" <<'WANT'
school,head,observer,date,kind,start,end,duration_s,group,by,person,where,mode,with,note,tags,day_comment,corrections,purpose,task
,,,2026-11-16,alone,09:00:00,09:05:00,300.000,alone,,,,,,,,,09:05:00 teachers episode: purpose staffing (was teaching and learning),,e-mail
,,,2026-11-16,episode,09:05:00,09:10:00,300.000,teachers,,,,,,,,,,staffing,
,,,2026-11-16,alone,09:10:00,09:20:00,600.000,alone,,,,,,,,,,,desk work
,,,2026-11-16,brief,09:15:00,09:15:00,0.000,SLT,,,,,,,,,,safeguarding,
,,,2026-11-16,episode,09:20:00,09:40:00,1200.000,SLT,head,,,,,,,,,strategy,
WANT
check "episodes CSV: a column per dimension after today's" \
    cmp -s "$TMP/want.csv" "$TMP/day.csv"
"$ANALYSE" --scheme "$EX" --episodes --format csv "$TMP/day.csv" \
    >"$TMP/again.csv" 2>"$TMP/err"
check "the episodes CSV reads back byte for byte" \
    cmp -s "$TMP/day.csv" "$TMP/again.csv"
"$ANALYSE" --episodes --format csv "$TMP/day.slog" >"$TMP/plain.csv"
check "a run of a scheme without dimensions has today's 18 columns" \
    sh -c "head -1 '$TMP/plain.csv' | grep -qx '.*,corrections'"

cat >"$TMP/want.txt" <<'WANT'
2026-11-16

dimension  value      group     episodes    time  share
purpose    staffing   all              1   5m00s  12.5%
purpose    staffing   teachers         1   5m00s  12.5%
purpose    strategy   all              1  20m00s  50.0%
purpose    strategy   SLT              1  20m00s  50.0%
task       e-mail     all              1   5m00s  12.5%
task       e-mail     alone            1   5m00s  12.5%
task       desk work  all              1  10m00s  25.0%
task       desk work  alone            1  10m00s  25.0%
WANT
"$ANALYSE" --dimensions "$TMP/day.slog" >"$TMP/dims.txt"
check "--dimensions: per value, then per value and group" \
    cmp -s "$TMP/want.txt" "$TMP/dims.txt"
"$ANALYSE" --scheme "$EX" --dimensions --format csv "$TMP/day.csv" \
    >"$TMP/dims-csv.csv"
"$ANALYSE" --dimensions --format csv "$TMP/day.slog" >"$TMP/dims-log.csv"
check "--dimensions: the same from the log and from its episodes CSV" \
    cmp -s "$TMP/dims-log.csv" "$TMP/dims-csv.csv"

# --bin --dimension: the value in the group's place.  Worked by hand from
# the commands above: staffing (fixed from teaching and learning) holds
# 09:05-09:10, strategy 09:20-09:40; e-mail is alone 09:00-09:05, desk work
# 09:10-09:20 (the brief at 09:15 has no time).
cat >"$TMP/want.csv" <<'WANT'
school,head,observer,date,bin_start,purpose,seconds
,,,2026-11-16,09:00,teaching and learning,0.000
,,,2026-11-16,09:00,behaviour,0.000
,,,2026-11-16,09:00,staffing,300.000
,,,2026-11-16,09:00,finance and premises,0.000
,,,2026-11-16,09:00,parents and community,0.000
,,,2026-11-16,09:00,safeguarding,0.000
,,,2026-11-16,09:00,strategy,0.000
,,,2026-11-16,09:15,teaching and learning,0.000
,,,2026-11-16,09:15,behaviour,0.000
,,,2026-11-16,09:15,staffing,0.000
,,,2026-11-16,09:15,finance and premises,0.000
,,,2026-11-16,09:15,parents and community,0.000
,,,2026-11-16,09:15,safeguarding,0.000
,,,2026-11-16,09:15,strategy,600.000
,,,2026-11-16,09:30,teaching and learning,0.000
,,,2026-11-16,09:30,behaviour,0.000
,,,2026-11-16,09:30,staffing,0.000
,,,2026-11-16,09:30,finance and premises,0.000
,,,2026-11-16,09:30,parents and community,0.000
,,,2026-11-16,09:30,safeguarding,0.000
,,,2026-11-16,09:30,strategy,600.000
WANT
"$ANALYSE" --bin=15 --dimension=purpose --format csv "$TMP/day.slog" \
    >"$TMP/bins.csv"
check "--bin --dimension: time per value in each bin" \
    cmp -s "$TMP/want.csv" "$TMP/bins.csv"
cat >"$TMP/want.txt" <<'WANT'
2026-11-16

Time with each value of task in 10-minute bins (a bin starts at the time shown)
bin    e-mail  desk work  walking  teaching
09:00   5m00s         0s       0s        0s
09:10      0s     10m00s       0s        0s
09:20      0s         0s       0s        0s
09:30      0s         0s       0s        0s
WANT
"$ANALYSE" --bin=10 --dimension=TASK "$TMP/day.slog" >"$TMP/bins.txt"
check "--bin --dimension in text: a column per value (name in any case)" \
    cmp -s "$TMP/want.txt" "$TMP/bins.txt"
"$ANALYSE" --scheme "$EX" --bin=15 --dimension=task --format csv \
    "$TMP/day.csv" >"$TMP/bins-csv.csv"
"$ANALYSE" --bin=15 --dimension=task --format csv "$TMP/day.slog" \
    >"$TMP/bins-log.csv"
check "--bin --dimension: the same from the log and its episodes CSV" \
    cmp -s "$TMP/bins-log.csv" "$TMP/bins-csv.csv"
expect_exit "--dimension of a name the scheme lacks" 65 "$ANALYSE" \
    --bin=15 --dimension=urgency "$TMP/day.slog"
err_has "says which" \
    "2026-11-16: the day's scheme has no dimension urgency: left out"
expect_exit "--dimension without --bin" 64 "$ANALYSE" --dimension=task \
    "$TMP/day.slog"

# A dimension of several values, with a value typed beyond the scheme's:
# a stretch counts in each value it holds, typed values follow the
# scheme's in byte order, time with no value is in no row.
cat >"$TMP/several.scheme" <<'SCHEME'
group s SLT
group t teachers
dimension ? focus for=both several
value focus pupils
value focus staff
SCHEME
expect_exit "a day coded with several values" 0 "$REC" \
    --scheme "$TMP/several.scheme" --date 2026-11-17 --input /dev/stdin \
    "$TMP/several.slog" <<'CMDS'
09:00 begin
09:00 alone focus=staff
09:06 start t focus="pupils;staff"
09:14 end
09:14 alone focus=zebra;pupils
09:20 start s
09:25 stop
CMDS
"$ANALYSE" --bin=10 --dimension=focus --format csv "$TMP/several.slog" \
    >"$TMP/several.csv"
# By hand: staff is alone 09:00-09:06 and the episode 09:06-09:14; pupils
# the episode and alone 09:14-09:20, zebra that alone too.  Per bin:
# [09:00,09:10) pupils 240, staff 360 + 240; [09:10,09:20) pupils
# 240 + 360, staff 240, zebra 360; [09:20,09:30) none (SLT has no value).
cat >"$TMP/want.csv" <<'WANT'
school,head,observer,date,bin_start,focus,seconds
,,,2026-11-17,09:00,pupils,240.000
,,,2026-11-17,09:00,staff,600.000
,,,2026-11-17,09:00,zebra,0.000
,,,2026-11-17,09:10,pupils,600.000
,,,2026-11-17,09:10,staff,240.000
,,,2026-11-17,09:10,zebra,360.000
,,,2026-11-17,09:20,pupils,0.000
,,,2026-11-17,09:20,staff,0.000
,,,2026-11-17,09:20,zebra,0.000
WANT
check "--bin --dimension: several values, and one typed" \
    cmp -s "$TMP/want.csv" "$TMP/several.csv"
"$ANALYSE" --dimensions --format csv "$TMP/several.slog" >"$TMP/sev-dims.csv"
check "--bin --dimension: a value's bins add up to its --dimensions time" \
    "$PYTHON3" - "$TMP/several.csv" "$TMP/sev-dims.csv" <<'PY'
import csv, sys
bins, tot = {}, {}
for r in csv.DictReader(open(sys.argv[1])):
    bins[r["focus"]] = bins.get(r["focus"], 0) + float(r["seconds"])
for r in csv.DictReader(open(sys.argv[2])):
    if r["group"] == "":
        tot[r["value"]] = float(r["seconds"])
assert bins == tot, (bins, tot)
PY

# --sample: each dimension's value at the point, in columns at the end
# named after it (only for a scheme with dimensions).  By hand, every 10
# minutes from 09:00: alone e-mail, alone desk work (09:10), SLT strategy
# (09:20, 09:30).
cat >"$TMP/want.csv" <<'WANT'
school,head,observer,date,time,group,by,person,where,mode,purpose,task
,,,2026-11-16,09:00:00,alone,,,,,,e-mail
,,,2026-11-16,09:10:00,alone,,,,,,desk work
,,,2026-11-16,09:20:00,SLT,head,,,,strategy,
,,,2026-11-16,09:30:00,SLT,head,,,,strategy,
WANT
"$ANALYSE" --scheme "$EX" --sample=10 --format csv "$TMP/day.slog" \
    >"$TMP/sample.csv"
check "--sample: a column per dimension at the end" \
    cmp -s "$TMP/want.csv" "$TMP/sample.csv"
"$ANALYSE" --scheme "$EX" --sample=10 --format json "$TMP/day.slog" \
    >"$TMP/sample.json"
check "--sample in JSON: the values, null for none" \
    "$PYTHON3" - "$TMP/sample.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))["days"][0]["points"]
got = [(x["time"], x["purpose"], x["task"]) for x in p]
assert got == [("09:00:00", None, "e-mail"), ("09:10:00", None, "desk work"),
    ("09:20:00", "strategy", None), ("09:30:00", "strategy", None)], got
PY
"$ANALYSE" --sample=10 --format csv "$TMP/day.slog" >"$TMP/sample-plain.csv"
check "--sample without a scheme of dimensions: the ten columns" \
    sh -c "head -1 '$TMP/sample-plain.csv' | grep -qx '.*,where,mode'"

# --agreement: a kappa per declared dimension after the five variables.
# A and B code one day; by hand, purpose over the 1200 s both spent in an
# episode (09:10-09:30): (behaviour, behaviour) 300, (behaviour, staffing)
# 300, (strategy, strategy) 600: observed 0.75, expected 0.5 x 0.25 +
# 0.5 x 0.5 = 0.375, kappa 0.375 / 0.625 = 0.6.  task over the 1080 s both
# spent alone: (e-mail, e-mail) 480, (desk work, walking) 600: observed
# 480/1080, expected (480/1080)^2, kappa 4/13.
expect_exit "observer A codes purpose and task" 0 "$REC" --scheme "$EX" \
    --date 2026-11-18 --input /dev/stdin "$TMP/a.slog" <<'CMDS'
09:00 begin
09:00 alone task=e-mail
09:10 start t purpose=behaviour
09:20 end
09:20 start s purpose=strategy
09:30 end
09:30 alone task="desk work"
09:40 stop
CMDS
expect_exit "observer B codes them too" 0 "$REC" --scheme "$EX" \
    --date 2026-11-18 --input /dev/stdin "$TMP/b.slog" <<'CMDS'
09:00 begin
09:00 alone task=e-mail
09:08 start t purpose=behaviour
09:15 end
09:15 start t purpose=staffing
09:20 end
09:20 start s purpose=strategy
09:30 end
09:30 alone task=walking
09:40 stop
CMDS
"$ANALYSE" --agreement --format csv "$TMP/a.slog" "$TMP/b.slog" \
    >"$TMP/ag.csv"
cat >"$TMP/want.csv" <<'WANT'
variable,kappa,observed,expected,seconds
group,0.921569,0.950000,0.362500,2400.000
by,1.000000,1.000000,1.000000,1200.000
person,1.000000,1.000000,1.000000,1200.000
where,1.000000,1.000000,1.000000,1200.000
mode,1.000000,1.000000,1.000000,1200.000
purpose,0.600000,0.750000,0.375000,1200.000
task,0.307692,0.444444,0.197531,1080.000
WANT
sed -n '/^variable,/,/^$/p' "$TMP/ag.csv" | sed '/^$/d' >"$TMP/ag-vars.csv"
check "--agreement: a kappa per dimension, worked by hand" \
    cmp -s "$TMP/want.csv" "$TMP/ag-vars.csv"
# A second implementation: second by second from the two episodes CSVs.
"$ANALYSE" --scheme "$EX" --episodes --format csv "$TMP/a.slog" >"$TMP/a.csv"
"$ANALYSE" --scheme "$EX" --episodes --format csv "$TMP/b.slog" >"$TMP/b.csv"
check "--agreement: the dimensions' kappa computed again in Python" \
    "$PYTHON3" - "$TMP/a.csv" "$TMP/b.csv" "$TMP/ag-vars.csv" <<'PY'
import csv, sys
from collections import Counter
def secs(t):
    h, m, s = t.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)
def coded(path, dim, kind):
    out = {}
    for r in csv.DictReader(open(path)):
        if r["kind"] != kind:
            continue
        for s in range(int(secs(r["start"])), int(secs(r["end"]))):
            out[s] = r[dim]
    return out
want = {r["variable"]: r for r in csv.DictReader(open(sys.argv[3]))}
for dim, kind in (("purpose", "episode"), ("task", "alone")):
    a, b = coded(sys.argv[1], dim, kind), coded(sys.argv[2], dim, kind)
    pairs = Counter((a[s], b[s]) for s in a if s in b)
    n = sum(pairs.values())
    po = sum(c for (x, y), c in pairs.items() if x == y) / n
    pa, pb = Counter(), Counter()
    for (x, y), c in pairs.items():
        pa[x] += c
        pb[y] += c
    pe = sum(pa[v] * pb[v] for v in pa) / n / n
    k = (po - pe) / (1 - pe)
    w = want[dim]
    assert n == float(w["seconds"]), (dim, n)
    assert abs(k - float(w["kappa"])) < 1e-6, (dim, k, w)
    assert abs(po - float(w["observed"])) < 1e-6, (dim, po)
    assert abs(pe - float(w["expected"])) < 1e-6, (dim, pe)
PY
"$ANALYSE" --agreement --format json "$TMP/a.slog" "$TMP/b.slog" \
    >"$TMP/ag.json"
check "--agreement in JSON: the dimensions follow the five" \
    "$PYTHON3" - "$TMP/ag.json" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))["variables"]
assert [x["variable"] for x in v] == ["group", "by", "person", "where",
    "mode", "purpose", "task"], v
assert abs(v[5]["kappa"] - 0.6) < 1e-6 and abs(v[6]["kappa"] - 4 / 13) < 1e-6
PY
"$ANALYSE" --agreement "$TMP/a.slog" "$TMP/b.slog" >"$TMP/ag.txt"
check "--agreement in text: purpose's row" \
    grep -q "^  purpose   *0\.60  *75\.0%  *37\.5%  *1200$" "$TMP/ag.txt"

# --anonymise leaves the dimensions' values as they are (scheme values,
# not persons: see SHARING DATA), while it codes the names.
printf 'k3y-for-the-dims-test-0123456789abcdef\n' >"$TMP/key"
chmod 600 "$TMP/key"
expect_exit "a named day coded with purpose" 0 "$REC" --scheme "$EX" \
    --school Meadowbank --head HT1 --date 2026-11-19 --input /dev/stdin \
    "$TMP/named.slog" <<'CMDS'
09:00 begin
09:00 alone task="desk work"
09:10 start t person=DH purpose=safeguarding
09:20 stop
CMDS
"$ANALYSE" --scheme "$EX" --episodes --format csv "$TMP/named.slog" \
    >"$TMP/named.csv"
"$ANALYSE" --scheme "$EX" --anonymise="$TMP/key" --episodes --format csv \
    "$TMP/named.slog" >"$TMP/anon.csv"
check "--anonymise: names coded, dimension values as they are" \
    "$PYTHON3" - "$TMP/named.csv" "$TMP/anon.csv" <<'PY'
import csv, sys
plain = list(csv.DictReader(open(sys.argv[1])))
anon = list(csv.DictReader(open(sys.argv[2])))
assert [r["school"] for r in plain] == ["Meadowbank"] * 2
assert all(r["school"].startswith("S-") and r["head"].startswith("H-")
    for r in anon), anon
assert anon[1]["person"].startswith("P-") and plain[1]["person"] == "DH"
for d in ("purpose", "task"):
    assert [r[d] for r in anon] == [r[d] for r in plain], d
assert [r["task"] for r in anon] == ["desk work", ""]
assert [r["purpose"] for r in anon] == ["", "safeguarding"]
PY

# --compare --by --dimension: the shares per value of a dimension.  Two
# North days of 40 minutes: purpose behaviour 20 and strategy 10 minutes,
# then behaviour 10 and a typed value (zoo) 20; a South day of 20 minutes
# of staffing.  By hand, North: behaviour (0.5 + 0.25) / 2 = 0.375, sd
# |0.5 - 0.25| / sqrt 2 = 0.176777; strategy 0.125; the others (zoo) 0.25;
# South: staffing 1.  In 20-minute bins, North's mean behaviour is
# (10 + 10) / 2 minutes from 09:00 and (10 + 0) / 2 from 09:20, strategy
# 5 minutes and the others 10 from 09:20.
expect_exit "a North day" 0 "$REC" --scheme "$EX" --school North --head H1 \
    --date 2026-11-16 --input /dev/stdin "$TMP/c1.slog" <<'CMDS'
09:00 begin
09:00 alone task=e-mail
09:10 start t purpose=behaviour
09:30 end
09:30 start s purpose=strategy
09:40 stop
CMDS
expect_exit "another North day" 0 "$REC" --scheme "$EX" --school North \
    --head H2 --date 2026-11-17 --input /dev/stdin "$TMP/c2.slog" <<'CMDS'
09:00 begin
09:00 start t purpose=behaviour
09:10 end
09:10 alone task=walking
09:20 start p purpose=zoo
09:40 stop
CMDS
expect_exit "a South day" 0 "$REC" --scheme "$EX" --school South --head H3 \
    --date 2026-11-17 --input /dev/stdin "$TMP/c3.slog" <<'CMDS'
09:00 begin
09:00 start t purpose=staffing
09:20 stop
CMDS
"$ANALYSE" --compare --by=school --dimension=purpose --format csv \
    "$TMP/c1.slog" "$TMP/c2.slog" "$TMP/c3.slog" >"$TMP/cmp.csv"
"$ANALYSE" --compare --by=school --dimension=purpose --bin=20 --format csv \
    "$TMP/c1.slog" "$TMP/c2.slog" "$TMP/c3.slog" >"$TMP/cmp-bins.csv"
check "--compare --dimension: shares and bins per value, worked by hand" \
    "$PYTHON3" - "$TMP/cmp.csv" "$TMP/cmp-bins.csv" <<'PY'
import csv, sys
shares = {(r["value"], r["group"]): r for r in csv.DictReader(
    open(sys.argv[1]))}
want_groups = ["teaching and learning", "behaviour", "staffing",
    "finance and premises", "parents and community", "safeguarding",
    "strategy", "(other)"]
assert [g for v, g in shares if v == "North"] == want_groups, shares.keys()
def near(r, k, x):
    assert abs(float(r[k]) - x) < 1e-6, (r, k, x)
b = shares[("North", "behaviour")]
near(b, "mean_share", 0.375); near(b, "sd_share", 0.176777)
near(b, "min_share", 0.25); near(b, "max_share", 0.5)
assert b["days"] == "2" and b["heads"] == "2"
near(shares[("North", "strategy")], "mean_share", 0.125)
near(shares[("North", "(other)")], "mean_share", 0.25)
near(shares[("North", "staffing")], "mean_share", 0)
near(shares[("South", "staffing")], "mean_share", 1)
assert shares[("South", "staffing")]["sd_share"] == ""
bins = {(r["value"], r["bin_start"], r["group"]): float(r["mean_seconds"])
    for r in csv.DictReader(open(sys.argv[2]))}
assert bins[("North", "09:00", "behaviour")] == 600
assert bins[("North", "09:20", "behaviour")] == 300
assert bins[("North", "09:20", "strategy")] == 300
assert bins[("North", "09:20", "(other)")] == 600
assert bins[("South", "09:00", "staffing")] == 1200
assert sum(v for (s, t, g), v in bins.items() if s == "North") == 1800
PY
"$ANALYSE" --compare --by=school --format csv "$TMP/c1.slog" \
    "$TMP/c2.slog" "$TMP/c3.slog" >"$TMP/cmp-groups.csv"
check "--compare without --dimension: per group, as before" \
    grep -q "^school,North,teachers,2,0.375000," "$TMP/cmp-groups.csv"
expect_exit "--compare --dimension of a name the scheme lacks" 65 \
    "$ANALYSE" --compare --by=school --dimension=urgency "$TMP/c1.slog"
err_has "says which" \
    "2026-11-16: the day's scheme has no dimension urgency: left out"

# --html: a section per dimension, each value's time and its share of the
# time the dimension codes.  By hand: the episodes hold 5 + 20 minutes, so
# staffing 20.0% and strategy 80.0%; the time alone is 5 + 10 minutes, so
# e-mail 33.3% and desk work 66.7%.
SHADOWLOG_PLOTS="$top_srcdir/plots" "$ANALYSE" --html="$TMP/report.html" \
    "$TMP/day.slog" >/dev/null 2>&1
check "--html: a table per dimension, shares worked by hand" \
    "$PYTHON3" - "$TMP/report.html" <<'PY'
import re, sys
html = open(sys.argv[1]).read()
def rows(dim):
    part = html.split("<h2>%s</h2>" % dim, 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr><td><span class="swatch" style="background:'
        r'(#[0-9A-Fa-f]{6})"></span>([^<]*)</td><td>([^<]*)</td><td>'
        r'([0-9.]+)%</td><td[^>]*><span style="[^"]*width:([0-9.]+)%;'
        r'background:(#[0-9A-Fa-f]{6})"></span></td><td>([0-9]+)</td>'
        r'</tr>', part), part
got, part = rows("purpose")
assert "your time in interactions" in part, part
assert [(v, t, sh, w, n) for c, v, t, sh, w, c2, n in got] == [
    ("staffing", "5 min", "20.0", "20.0", "1"),
    ("strategy", "20 min", "80.0", "80.0", "1")], got
assert all(c == c2 for c, v, t, sh, w, c2, n in got)
got, part = rows("task")
assert "your time alone" in part, part
assert [(v, sh) for c, v, t, sh, w, c2, n in got] == [
    ("e-mail", "33.3"), ("desk work", "66.7")], got
PY
expect_exit "a day without dimensions" 0 "$REC" --date 2026-11-20 \
    --input /dev/stdin "$TMP/plain.slog" <<'CMDS'
09:00 begin
09:05 start t
09:10 stop
CMDS
SHADOWLOG_PLOTS="$top_srcdir/plots" "$ANALYSE" --html="$TMP/plain.html" \
    "$TMP/plain.slog" >/dev/null 2>&1
check "--html: no dimension section for a scheme without dimensions" \
    sh -c "! grep -q 'Each value of' '$TMP/plain.html'"

# Review corrects a dimension of the time alone: fix names the stretch
# alone by what began it (the end at 09:10) or the alone record that coded
# it (09:01), by clock time or #SEQ; a dimension of episodes there, or a
# detail of an episode, is refused.
cp "$TMP/day.slog" "$TMP/rev.slog"
expect_exit "fix the task of two stretches alone" 0 "$REC" \
    --input /dev/stdin "$TMP/rev.slog" <<'CMDS'
fix 09:01 task=walking
fix 09:10 task="teaching"
CMDS
"$ANALYSE" --scheme "$EX" --episodes --format csv "$TMP/rev.slog" \
    >"$TMP/rev.csv"
check "the fixed tasks, and the corrections in words" \
    "$PYTHON3" - "$TMP/rev.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert [(r["kind"], r["start"], r["task"]) for r in rows
    if r["kind"] == "alone"] == [("alone", "09:00:00", "walking"),
    ("alone", "09:10:00", "teaching")], rows
assert rows[0]["corrections"].split("\n")[1:] == [
    "09:00:00 time alone: task walking (was e-mail)",
    "09:10:00 time alone: task teaching (was desk work)"], rows[0]
PY
"$ANALYSE" --scheme "$EX" --as-recorded --episodes --format csv \
    "$TMP/rev.slog" >"$TMP/rev-as.csv"
"$ANALYSE" --scheme "$EX" --as-recorded --episodes --format csv \
    "$TMP/day.slog" >"$TMP/day-as.csv"
check "--as-recorded: the tasks as first coded" cmp -s "$TMP/day-as.csv" \
    "$TMP/rev-as.csv"
"$ANALYSE" --dimensions --format csv "$TMP/rev.slog" >"$TMP/rev-dims.csv"
check "--dimensions counts the fixed values" \
    grep -q "^,,,2026-11-16,task,teaching,,1,600.000,0.250000$" \
    "$TMP/rev-dims.csv"
check "the independent decoder accepts the fixes" $DECODE check \
    "$TMP/rev.slog"
cp "$TMP/day.slog" "$TMP/rev2.slog"
expect_exit "fix by #SEQ of the begin, clearing the task" 0 "$REC" \
    --input /dev/stdin "$TMP/rev2.slog" <<'CMDS'
fix #1 task=
CMDS
"$ANALYSE" --scheme "$EX" --episodes --format csv "$TMP/rev2.slog" \
    >"$TMP/rev2.csv"
check "the first stretch alone has no task now" \
    "$PYTHON3" - "$TMP/rev2.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert [r["task"] for r in rows if r["kind"] == "alone"] == ["",
    "desk work"], rows
assert rows[0]["corrections"].endswith(
    "09:00:00 time alone: task none (was e-mail)"), rows[0]
PY
expect_exit "a task fixed on an episode's start" 65 "$REC" \
    --input /dev/stdin "$TMP/rev2.slog" <<'CMDS'
fix #3 task=walking
CMDS
err_has "says the task does not code episodes" "fix: task does not code episodes"
expect_exit "a person fixed on time alone" 65 "$REC" \
    --input /dev/stdin "$TMP/rev2.slog" <<'CMDS'
fix #2 person=DH
CMDS
err_has "says only a dimension of the time alone" \
    "fix: #2 (alone) names time alone: only a dimension of the time alone can be fixed there"
expect_exit "a task fixed at a time with no stretch alone begun" 65 "$REC" \
    --input /dev/stdin "$TMP/rev2.slog" <<'CMDS'
fix 09:05 task=walking
CMDS
err_has "says what it looked for" "fix: no begin, end, resume or alone"

# --plot: a chart per dimension, the share of the time it codes with each
# value (by hand, as in the report: staffing 20.0%, strategy 80.0% of the
# episodes' 25 minutes; e-mail 33.3%, desk work 66.7% of the 15 alone).
if command -v gnuplot >/dev/null 2>&1; then
	SHADOWLOG_PLOTS="$top_srcdir/plots" "$ANALYSE" --plot="$TMP/plots" \
	    --plot-format=svg "$TMP/day.slog" >/dev/null 2>"$TMP/err"
	check "--plot: a chart per dimension" \
	    test -s "$TMP/plots/2026-11-16-_-_-dimension-purpose.svg" -a \
	    -s "$TMP/plots/2026-11-16-_-_-dimension-task.svg"
	check "--plot: the task chart's bars, worked by hand" \
	    "$PYTHON3" - "$TMP/plots/2026-11-16-_-_-dimension-task.svg" \
	    "$TMP/plots/2026-11-16-_-_-dimension-purpose.svg" <<'PY'
import re, sys
def labels(path):
    return re.findall(r">\s*([0-9.]+%\s+[0-9hm]+)\s*<", open(path).read())
task = " ".join(open(sys.argv[1]).read().split())
assert "Time with each value of task: share of the time alone" in task
got = [" ".join(l.split()) for l in labels(sys.argv[1])]
assert got == ["33.3% 5m", "66.7% 10m", "0.0% 0m", "0.0% 0m"], got
got = [" ".join(l.split()) for l in labels(sys.argv[2])]
assert got == ["0.0% 0m", "0.0% 0m", "20.0% 5m", "0.0% 0m", "0.0% 0m",
    "0.0% 0m", "80.0% 20m"], got
PY
	SHADOWLOG_PLOTS="$top_srcdir/plots" "$ANALYSE" --plot="$TMP/plain" \
	    --plot-format=svg "$TMP/plain.slog" >/dev/null 2>&1
	check "--plot: no dimension chart for a scheme without dimensions" \
	    sh -c "! ls '$TMP/plain' | grep -q dimension"
else
	echo "# skipped the dimension charts: gnuplot is not installed"
fi

expect_exit "time alone's dimension on a start" 65 "$REC" --scheme "$EX" \
    --date 2026-11-16 --input /dev/stdin "$TMP/bad.slog" <<'CMDS'
09:00 begin
09:05 start t task=e-mail
CMDS
err_has "says how to code the time alone" \
    "start: task codes time alone (give it with alone when no episode is open)"

if ! use_tmux dims; then
	echo "# skipped the live screen: tmux is not installed"
	finish
	exit
fi
TEAM="$DATA/team-dimensions.scheme"

# live COLS ROWS LOG: the recorder in tmux at that size.
live() {
	tm kill-session -t rec 2>/dev/null
	tm new-session -d -s rec -x "$1" -y "$2" \
	    "$REC --scheme '$TEAM' '$3'; sleep 60"
	wait_for "saved"
}

live 80 24 "$TMP/live80.slog"
check "80x24: the legend names all three dimensions" \
    wait_for "? purpose  * task"
check "80x24: ... on the screen at once" wait_for "& urgency"
check "80x24: and every group" wait_for "m/M mental health team"
tm send-keys -t rec '*'
check "80x24: the task prompt offers its values" wait_for "2 desk work"
tm send-keys -t rec 2 Enter
check "80x24: alone, task coded" wait_for "#2 alone task=desk work"
tm send-keys -t rec t '*'
check "80x24: task refused in an episode, saying why" \
    wait_for "task codes the time alone: end the episode first"
tm send-keys -t rec 3 Enter '?' 6 Enter
check "80x24: the refused prompt's keys were not used; purpose set" \
    wait_for "#4 set purpose=safeguarding"
tm send-keys -t rec '&'
tm send-keys -t rec -l 'urg'
tm send-keys -t rec BSpace BSpace BSpace Escape
check "80x24: Esc cancels the prompt" wait_gone "urgency:"
tm send-keys -t rec '&' 2 Enter
check "80x24: the episode shows its values" \
    wait_for "purpose safeguarding  urgency urgent"
check "80x24: the screen is 24 lines" \
    test "$(screen | wc -l)" -le 24
"$PYTHON3" - "$TMP/live80.slog" >"$TMP/live80.txt" <<'PY'
import sys, msgpack
for r in list(msgpack.Unpacker(open(sys.argv[1], "rb"), raw=False))[1:]:
    print(r["seq"], r["type"], r.get("dims", ""))
PY
cat >"$TMP/want80.txt" <<'WANT'
1 begin 
2 alone {'task': 'desk work'}
3 start 
4 set {'purpose': 'safeguarding'}
5 set {'urgency': 'urgent'}
WANT
check "80x24: the log holds exactly what was meant" \
    cmp -s "$TMP/want80.txt" "$TMP/live80.txt"

live 40 12 "$TMP/live40.slog"
tm send-keys -t rec '&'
check "40x12: the prompt is in view" wait_for "urgency:"
tm send-keys -t rec 1 Enter
check "40x12: the value is set" wait_for "urgency routine"
tm kill-session -t rec
check "40x12: and logged" sh -c "$DECODE actions '$TMP/live40.slog' |
    grep -qx '2 alone urgency=routine'"
finish
