#!/bin/sh
# Sequences and sampled studies end to end, each against a second
# implementation in Python written from the contract's words: the lag-1
# statistics of --transitions (per day, and pooled in JSON) and the points
# and shares of --sample, from the days' episodes CSV, on the sample day
# and generated days (tests/bench/gen); and the --sdis file against the
# SDIS timed-event grammar (written out below) and against the days.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
ANA="$top_builddir/analyser/shadowlog-analyse"
GEN="$top_builddir/tests/bench/gen"
TZ=Europe/London
export TZ

log="$TMP/sample.slog"
expect_exit "sample day records" 0 \
    "$REC" --school "Meadowbank Primary" --head HT1 --observer OBS-A \
    --date 2026-11-16 --input "$DATA/sample-day.txt" "$log"
[ -x "$GEN" ] || (cd "$top_builddir" && make -s tests/bench/gen) ||
    not_ok "tests/bench/gen builds"
mkdir -p "$TMP/gen"
expect_exit "generated days" 0 "$GEN" "$TMP/gen" 6 16
set -- "$log" "$TMP"/gen/*.slog

# episodes FILE...: the days' episodes CSV, which the checks read.
episodes() {
	"$ANA" --episodes --format=csv "$@" >"$TMP/episodes.csv"
}

# The reading of an episodes CSV both checks share: the days in order,
# each a list of (kind, start ms, end ms, row).
cat >"$TMP/days.py" <<'PY'
import csv

def ms(t):
    h, m, s = t.split(":")
    return round((int(h) * 3600 + int(m) * 60 + float(s)) * 1000)

def days(path):
    out = {}
    for r in csv.DictReader(open(path, newline="")):
        key = (r["school"], r["head"], r["observer"], r["date"])
        out.setdefault(key, [])
        if r["kind"] in ("episode", "alone", "pause"):
            out[key].append((r["kind"], ms(r["start"]), ms(r["end"]), r))
    return out

def f6(v):
    return "" if v is None else "%.6f" % v
PY

# --transitions: links, counts and the four statistics as the contract's
# second round defines them, cell by cell; pooled = counts summed.
transitions_agree() {
	episodes "$@" &&
	"$ANA" --transitions --format=csv "$@" >"$TMP/tr.csv" &&
	"$ANA" --transitions --format=json "$@" >"$TMP/tr.json" &&
	"$PYTHON3" - "$TMP" "$#" <<'PY'
import csv, json, math, sys
sys.path.insert(0, sys.argv[1])
from days import days, f6

def table(counts):
    n = sum(counts.values())
    rows, cols = {}, {}
    for (a, b), x in counts.items():
        rows[a] = rows.get(a, 0) + x
        cols[b] = cols.get(b, 0) + x
    out = {}
    for (a, b), x in counts.items():
        r, c = rows[a], cols[b]
        e = r * c / n
        root = e * (1 - r / n) * (1 - c / n)
        z = (x - e) / math.sqrt(root) if root > 0 else None
        qa, qb, qc, qd = x, r - x, c - x, n - r - c + x
        den = qa * qd + qb * qc
        q = (qa * qd - qb * qc) / den if den != 0 else None
        out[(a, b)] = (x, e, x / r, z, q)
    return out

d = days(sys.argv[1] + "/episodes.csv")
assert len(d) == int(sys.argv[2]), (len(d), sys.argv[2])
want, pooled = {}, {}
for key, items in d.items():
    counts, prev = {}, None
    for kind, start, end, r in items:
        if kind == "pause":
            prev = None
            continue
        g = r["group"]
        if prev is not None:
            counts[(prev, g)] = counts.get((prev, g), 0) + 1
            pooled[(prev, g)] = pooled.get((prev, g), 0) + 1
        prev = g
    for pair, v in table(counts).items():
        want[key + pair] = v
got = list(csv.DictReader(open(sys.argv[1] + "/tr.csv", newline="")))
assert len(got) == len(want), (len(got), len(want))
marked = 0
for r in got:
    key = (r["school"], r["head"], r["observer"], r["date"], r["from"],
        r["to"])
    x, e, p, z, q = want[key]
    assert (int(r["count"]), r["expected"], r["probability"], r["z"],
        r["yule_q"]) == (x, f6(e), f6(p), f6(z), f6(q)), (r, want[key])
    marked += z is not None and abs(z) > 1.96
doc = json.load(open(sys.argv[1] + "/tr.json"))
assert sum(r["marked"] for r in doc["rows"]) == marked
assert marked > 0, "no cell marked: the check checks nothing"
assert doc["pooled"]["days"] == len(d)
pw = table(pooled)
assert len(doc["pooled"]["rows"]) == len(pw)
for r in doc["pooled"]["rows"]:
    x, e, p, z, q = pw[(r["from"], r["to"])]
    assert r["count"] == x, r
    for k, v in (("expected", e), ("probability", p), ("z", z),
            ("yule_q", q)):
        assert (r[k] is None and v is None) or abs(r[k] - v) < 5e-7, (k, r, v)
    assert r["marked"] == (z is not None and abs(z) > 1.96), r
PY
}
check "transitions: the sample day against Python" transitions_agree "$log"
check "transitions: six generated days and the sample day, pooled too" \
    transitions_agree "$@"

# --sample: every point begin + k*MINUTES before the end, in observed
# time, in the stretch that starts at or before it and ends after it (so
# a start belongs to what starts, an end to what follows); and the shares.
sample_agrees() {
	minutes=$1; shift
	episodes "$@" &&
	"$ANA" --sample="$minutes" --format=csv "$@" >"$TMP/sample.csv" &&
	"$ANA" --sample="$minutes" --format=json "$@" >"$TMP/sample.json" &&
	"$PYTHON3" - "$TMP" "$minutes" <<'PY'
import csv, json, sys
sys.path.insert(0, sys.argv[1])
from days import days, f6
step = int(sys.argv[2]) * 60000

def clock(t):
    s, m = divmod(t, 1000)
    out = "%02d:%02d:%02d" % (s // 3600, s // 60 % 60, s % 60)
    return out + (".%03d" % m if m else "")

d = days(sys.argv[1] + "/episodes.csv")
want, shares, skipped = [], [], 0
for key, items in d.items():
    begin, end = items[0][1], items[-1][2]
    npoints, count, time = 0, {}, {}
    for kind, start, stop, r in items:
        if kind != "pause":
            time[r["group"]] = time.get(r["group"], 0) + stop - start
    t = begin
    while t < end:
        hit = [i for i in items if i[1] <= t < i[2]]
        assert len(hit) == 1, (key, t, hit)
        kind, start, stop, r = hit[0]
        if kind == "pause":
            skipped += 1
        else:
            want.append(list(key) + [clock(t), r["group"], r["by"],
                r["person"], r["where"], r["mode"]])
            count[r["group"]] = count.get(r["group"], 0) + 1
            npoints += 1
        t += step
    observed = sum(time.values())
    shares.append({g: (count.get(g, 0), count.get(g, 0) / npoints,
        time.get(g, 0) / observed) for g in time})
rows = list(csv.reader(open(sys.argv[1] + "/sample.csv", newline="")))
assert rows[0] == ["school", "head", "observer", "date", "time", "group",
    "by", "person", "where", "mode"], rows[0]
assert rows[1:] == want, [(a, b) for a, b in zip(rows[1:], want) if a != b][:3]
doc = json.load(open(sys.argv[1] + "/sample.json"))
assert len(doc["days"]) == len(shares)
for day, sh in zip(doc["days"], shares):
    for r in day["shares"]:
        n, ps, ts = sh.get(r["group"], (0, 0.0, 0.0))
        assert r["points"] == n, (r, n)
        assert abs(r["point_share"] - ps) < 5e-7, (r, ps)
        assert abs(r["time_share"] - ts) < 5e-7, (r, ts)
        assert abs(r["difference"] - (ps - ts)) < 2e-6, r
print("points", len(want), "in pauses", skipped)
PY
}
check "sample: every 5 minutes, the sample day against Python" \
    sample_agrees 5 "$log"
check "sample: every 7 minutes, generated days against Python" \
    sample_agrees 7 "$@"
check "sample: every 15 minutes, generated days against Python" \
    sample_agrees 15 "$@"
expect_exit "--sample=0 is a usage error" 64 "$ANA" --sample=0 "$log"
err_has "and says what it wants" "--sample wants whole minutes from 1 to 1440"
expect_exit "--sample with --bin is a usage error" 64 \
    "$ANA" --bin=5 --sample=5 "$log"

# --sdis: the file against the SDIS timed-event grammar as Bakeman and
# Quera give it, with BORIS's SDIS export as a second witness (tests/sdis.py
# reads it by that grammar); then against the subset shadowlog writes:
#   file        = declaration session+
#   declaration = "Timed" code+ ";"
#   code        = letter { letter | digit | "_" }
#   session     = [ "<" label ">" ] "," time { event } "," time "/"
#   event       = code "," time "-" time
#   time        = hh ":" mm ":" ss     (mm, ss below 60)
# tokens separated by white space; every code used is declared; within a
# session onsets do not go back, each event ends after it starts and no
# later than the next one starts, and all lie within the session's start
# and end times.  Then each session is its day: its stretches (time alone
# as alone), pauses in no event, times rounded to the second.
sdis_agrees() {
	episodes "$@" &&
	"$ANA" --sdis="$TMP/days.sds" --format=csv "$@" >/dev/null &&
	[ "$(stat -c %a "$TMP/days.sds")" = 600 ] &&
	"$PYTHON3" "$top_srcdir/tests/sdis.py" "$TMP/days.sds" >/dev/null &&
	"$PYTHON3" - "$TMP" <<'PY'
import re, sys
sys.path.insert(0, sys.argv[1])
from days import days
text = open(sys.argv[1] + "/days.sds").read()
CODE = r"[A-Za-z][A-Za-z0-9_]*"
TIME = r"(\d+):([0-5]\d):([0-5]\d)"
m = re.match(r"\s*Timed((?:\s+%s)+)\s*;" % CODE, text)
assert m, text[:80]
codes = m.group(1).split()
assert len(codes) == len(set(codes)), codes
rest = text[m.end():]
sessions = rest.split("/")
assert sessions[-1].strip() == "", "text after the last session"
sessions = sessions[:-1]

def secs(h, mi, s):
    return int(h) * 3600 + int(mi) * 60 + int(s)

d = days(sys.argv[1] + "/episodes.csv")
assert len(sessions) == len(d), (len(sessions), len(d))
for body, (key, items) in zip(sessions, d.items()):
    body = body.strip()
    label = re.match(r"<([^<>]*)>\s*", body)
    if label:
        assert label.group(1).split()[0] == key[3], label.group(1)
        body = body[label.end():]
    tokens = body.split()
    start = re.fullmatch("," + TIME, tokens[0])
    stop = re.fullmatch("," + TIME, tokens[-1])
    assert start and stop, (tokens[0], tokens[-1])
    t0, t1 = secs(*start.groups()), secs(*stop.groups())
    events, last = [], t0
    for tok in tokens[1:-1]:
        e = re.fullmatch(r"(%s),%s-%s" % (CODE, TIME, TIME), tok)
        assert e, tok
        on, off = secs(*e.group(2, 3, 4)), secs(*e.group(5, 6, 7))
        assert e.group(1) in codes, e.group(1)
        assert last <= on < off <= t1, (tok, last, t1)
        last = off
        events.append((e.group(1), on, off))
    r = lambda ms: (ms + 500) // 1000
    assert (t0, t1) == (r(items[0][1]), r(items[-1][2])), key
    code = lambda g: re.sub(r"_+", "_", re.sub(r"[^a-z0-9]", "_", g.lower()))
    want = [(code(row["group"]), r(a), r(b)) for kind, a, b, row in items
        if kind != "pause" and r(b) > r(a)]
    assert events == want, (key, events[:3], want[:3])
PY
}
check "sdis: the sample day is grammatical SDIS and is the day" \
    sdis_agrees "$log"
check "sdis: seven days, a session each" sdis_agrees "$@"
# The grammar's reader itself: a file as BORIS's export writes it (a
# comment, "Timed <seconds>;", no code list, no session times, decimal
# seconds) is read; files that break a rule are refused.
sdis_reads() {
	printf '%b' "$2" >"$TMP/g.sds"
	"$PYTHON3" "$top_srcdir/tests/sdis.py" "$TMP/g.sds" >"$TMP/g.out" 2>&1
	_rc=$?
	case $1 in
	read) [ $_rc -eq 0 ] ;;
	refused) [ $_rc -eq 1 ] ;;
	esac || { cat "$TMP/g.out"; return 1; }
}
check "sdis grammar: BORIS's form is read" sdis_reads read \
    '%% SDIS file created by BORIS\nTimed <seconds>;\n\n<obs 1>\na_b,10.000-25.500 c,25.500-40.000 /\n\n'
check "sdis grammar: no ';' after the declaration" sdis_reads refused \
    'Timed a b\n,0:00 a,0:00-0:05 ,1:00/\n'
check "sdis grammar: a session not ended by '/'" sdis_reads refused \
    'Timed a ;\n,0:00 a,0:00-0:05 ,1:00\n'
check "sdis grammar: an offset before its onset" sdis_reads refused \
    'Timed a ;\n,0:00 a,0:05-0:03 ,1:00/\n'
check "sdis grammar: a code not declared" sdis_reads refused \
    'Timed a ;\n,0:00 b,0:00-0:05 ,1:00/\n'
check "sdis grammar: an event after the session's end" sdis_reads refused \
    'Timed a ;\n,0:00 a,0:50-1:05 ,1:00/\n'
check "sdis grammar: 61 seconds in a clock time" sdis_reads refused \
    'Timed a ;\n,0:00 a,0:00-0:61 ,1:00/\n'
check "sdis grammar: a code with a space or a hyphen" sdis_reads refused \
    'Timed a-b ;\n,0:00 a-b,0:00-0:05 ,1:00/\n'
expect_exit "sdis: an unwritable FILE exits 73" 73 \
    "$ANA" --sdis="$TMP/no/such/dir/x.sds" "$log"
err_has "and names the file" "$TMP/no/such/dir/x.sds"
check "sdis: nothing left behind" test ! -e "$TMP/no/such/dir"

finish
