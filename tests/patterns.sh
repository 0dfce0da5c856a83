#!/bin/sh
# --patterns end to end: three kinds of day, clearly apart (with pupils,
# many short teacher meetings begun by the head, SLT and alone), are found
# as three patterns by the silhouette, each day labelled with its kind and
# each pattern said in words; and the same again in Python (numpy): the
# figures from the day summaries, z-scored, k-means from many starts and
# the silhouette for K = 2..8, and each day's silhouette.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
ANA="$top_builddir/analyser/shadowlog-analyse"
TZ=Europe/London
export TZ

# day FILE SCHOOL HEAD DATE COMMANDS
day() {
	printf '%s\n' "$5" | tr '|' '\n' | "$REC" --school "$2" --head "$3" \
	    --observer O1 --date "$4" "$TMP/$1" || not_ok "recording $1"
}
F=""
for d in 1 2 3 4; do
	day p$d.slog Ashby H1 2026-11-1$d \
	    "09:00 begin|09:00 start pupils|09:4$d end|10:00 stop"
	day t$d.slog Birch H2 2026-11-1$d "09:00 begin|09:00 start teachers by=head|09:0$d end|09:10 start teachers by=head|09:12 end|09:20 start teachers by=head|09:2$d end|09:30 start teachers|09:3$d end|10:00 stop"
	day s$d.slog Cedar H3 2026-11-1$d \
	    "09:00 begin|09:00 start SLT|09:0$d end|10:00 stop"
	F="$F $TMP/p$d.slog $TMP/t$d.slog $TMP/s$d.slog"
done

# shellcheck disable=SC2086
expect_exit "patterns, K by silhouette" 0 "$ANA" --patterns --format=csv $F
cp "$TMP/out" "$TMP/patterns.csv"
check "CSV: a row per day, its pattern numbered by first met" "$PYTHON3" - \
    "$TMP/patterns.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert list(rows[0]) == ["school", "head", "date", "days", "pattern",
                         "silhouette", "description"], list(rows[0])
assert len(rows) == 12
kinds = {r["school"]: set() for r in rows}
for r in rows:
    kinds[r["school"]].add(r["pattern"])
assert kinds == {"Ashby": {"1"}, "Birch": {"2"}, "Cedar": {"3"}}, kinds
d = {r["school"]: r["description"] for r in rows}
assert "more time with pupils" in d["Ashby"], d
assert "more episodes per hour" in d["Birch"], d
assert d["Cedar"].endswith(" than the average"), d
PY
# shellcheck disable=SC2086
"$ANA" --format=json $F >"$TMP/days.json"
check "the same in Python: K, labels and silhouettes" "$PYTHON3" - \
    "$TMP/days.json" "$TMP/patterns.csv" <<'PY'
import csv, json, sys
import numpy as np
days = json.load(open(sys.argv[1]))["days"]
rows = list(csv.DictReader(open(sys.argv[2])))
f = lambda d, k: np.nan if d["figures"].get(k) is None else d["figures"][k]
x = np.array([[g["share"] for g in d["groups"]] +
              [f(d, "episodes_per_hour"), f(d, "under5"), f(d, "head_share")]
              for d in days], float)
mean = np.nanmean(x, axis=0)
x = np.where(np.isnan(x), mean, x)
sd = x.std(axis=0)
z = np.where(sd > 0, (x - x.mean(axis=0)) / np.where(sd > 0, sd, 1), 0)
dist = np.sqrt(((z[:, None, :] - z[None, :, :]) ** 2).sum(axis=2))
def silhouettes(lab):
    s = np.zeros(len(lab))
    for i in range(len(lab)):
        own = (lab == lab[i]); own[i] = False
        if own.sum() == 0: continue
        a = dist[i, own].mean()
        b = min(dist[i, lab == c].mean() for c in set(lab) if c != lab[i])
        s[i] = (b - a) / max(a, b)
    return s
rng = np.random.default_rng(0)
def kmeans(k):
    best = None
    for _ in range(50):
        c = z[rng.choice(len(z), k, replace=False)]
        for _ in range(100):
            lab = ((z[:, None, :] - c[None]) ** 2).sum(axis=2).argmin(axis=1)
            new = np.array([z[lab == j].mean(axis=0) if (lab == j).any()
                            else c[j] for j in range(k)])
            if np.allclose(new, c): break
            c = new
        inertia = ((z - c[lab]) ** 2).sum()
        if best is None or inertia < best[0] - 1e-12: best = (inertia, lab)
    return best[1]
sil = {k: silhouettes(kmeans(k)).mean() for k in range(2, 9)}
k = max(sil, key=lambda k: (sil[k], -k))
assert k == 3 == len({r["pattern"] for r in rows}), sil
lab = np.array([int(r["pattern"]) for r in rows])
py = kmeans(3)
same = {(a, b) for a, b in zip(lab, py)}
assert len(same) == 3, same      # the same partition, named apart
for r, s in zip(rows, silhouettes(lab)):
    assert abs(float(r["silhouette"]) - s) < 1e-4, (r, s)
PY
# shellcheck disable=SC2086
expect_exit "patterns in text" 0 "$ANA" --patterns=3 --seed=5 $F
check "text: K and the seed" grep -q \
    '^Patterns among 12 days: k-means on the z-scores of their figures, K = 3, mean silhouette [0-9.]*, seed 5$' \
    "$TMP/out"
check "text: the pattern with pupils" grep -q \
    '^ *1  *4  .*more time with pupils' "$TMP/out"
check "text: a day labelled" grep -q \
    '^Cedar  *H3  *2026-11-13  *1  *3  *[0-9.]*$' "$TMP/out"
# shellcheck disable=SC2086
expect_exit "patterns in JSON" 0 "$ANA" --patterns --format=json $F
check "JSON: the patterns with their centres, the days labelled" \
    "$PYTHON3" - "$TMP/out" "$TMP/patterns.csv" <<'PY'
import csv, json, sys
d = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
assert (d["of"], d["k"], d["chosen"], d["seed"]) == ("days", 3, True, 1), d
p = d["patterns"][0]
assert p["size"] == 4 and p["centre"]["pupils"] > 0.6, p
assert [str(i["pattern"]) for i in d["items"]] == [r["pattern"] for r in rows]
PY
# shellcheck disable=SC2086
"$ANA" --patterns --format=csv $F >"$TMP/again.csv"
check "the same days, the same patterns" cmp -s "$TMP/again.csv" \
    "$TMP/patterns.csv"
# By head: three heads, too few to choose K (2 only), each its own mean.
# shellcheck disable=SC2086
expect_exit "patterns of heads" 0 \
    "$ANA" --patterns=2 --by=head --format=csv $F
check "by head: a row per head with its days" "$PYTHON3" - "$TMP/out" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert [(r["head"], r["days"], r["date"]) for r in rows] == \
    [("H1", "4", ""), ("H2", "4", ""), ("H3", "4", "")], rows
PY

# What cannot be done.
expect_exit "too few days" 65 "$ANA" --patterns "$TMP/p1.slog" "$TMP/p2.slog"
err_has "says so" '--patterns needs at least 3 days, not 2'
expect_exit "K not below the days" 65 \
    "$ANA" --patterns=3 "$TMP/p1.slog" "$TMP/p2.slog" "$TMP/p3.slog"
err_has "says so" '--patterns=3 needs more than 3 days, not 3'
expect_exit "K out of range" 64 "$ANA" --patterns=9 "$TMP/p1.slog"
err_has "says what K may be" '--patterns wants K, a whole number from 2 to 8'
expect_exit "not with --compare" 64 \
    "$ANA" --patterns --compare --by=school "$TMP/p1.slog"
err_has "says why" '--patterns makes its own tables'
printf 'group g governors\ngroup t teachers\n' >"$TMP/gov.scheme"
printf '09:00 begin\n09:00 start governors\n10:00 stop\n' | "$REC" \
    --school Elm --head H9 --observer O1 --date 2026-11-20 \
    --scheme "$TMP/gov.scheme" "$TMP/gov.slog" || not_ok "recording gov"
# shellcheck disable=SC2086
expect_exit "a day of another scheme" 65 "$ANA" --patterns $F "$TMP/gov.slog"
err_has "is named, with why" \
    '2026-11-20 (head "H9"): not the coding scheme of the first day'
check "the other days are still grouped" grep -q '^Patterns among 12 days' \
    "$TMP/out"
expect_exit "--seed alone" 64 "$ANA" --seed=2 "$TMP/p1.slog"
err_has "says with what" '--seed goes with --compare or --patterns'
finish
