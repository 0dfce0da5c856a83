"""A second implementation of the agreement figures, for tests/team.sh.

Reads the two days as episodes CSVs (shadowlog-analyse --episodes) and the
analyser's --agreement CSV, works out kappa per variable second by second
and the alignment of episode starts within the window by its own dynamic
programme, and says what differs.  Usage:
    agreement.py A_EPISODES.csv B_EPISODES.csv AGREEMENT.csv WINDOW_S
"""
import csv
import sys

VARIABLES = ["by", "person", "where", "mode"]


def ms(hms):
    h, m, s = hms.split(":")
    return round((int(h) * 3600 + int(m) * 60 + float(s)) * 1000)


def stretches(path):
    rows = list(csv.DictReader(open(path, newline="")))
    return [r | {"s": ms(r["start"]), "e": ms(r["end"])}
            for r in rows if r["kind"] in ("episode", "alone", "pause")]


def at(day, t):
    for r in day:
        if r["s"] <= t < r["e"]:
            return r
    return None


def kappa(pairs):
    """Cohen's kappa of a list of (a, b) codes: (kappa, observed, expected,
    n), None for what is undefined."""
    n = len(pairs)
    if n == 0:
        return None, None, None, 0
    codes = sorted({c for p in pairs for c in p}, key=repr)
    pa = {c: sum(1 for a, _ in pairs if a == c) for c in codes}
    pb = {c: sum(1 for _, b in pairs if b == c) for c in codes}
    po = sum(1 for a, b in pairs if a == b) / n
    pe = sum(pa[c] * pb[c] for c in codes) / (n * n)
    if any(pa[c] == n and pb[c] == n for c in codes):
        return 1.0, po, 1.0, n
    return (po - pe) / (1 - pe), po, pe, n


def per_second(a, b):
    lo = min(r["s"] for r in a + b) // 1000
    hi = max(r["e"] for r in a + b) // 1000 + 1
    coded = {v: [] for v in ["group"] + VARIABLES}
    for k in range(lo, hi):
        ra, rb = at(a, k * 1000 + 500), at(b, k * 1000 + 500)
        if ra is None or rb is None or "pause" in (ra["kind"], rb["kind"]):
            continue
        ga = ra["group"] if ra["kind"] == "episode" else "alone"
        gb = rb["group"] if rb["kind"] == "episode" else "alone"
        coded["group"].append((ga, gb))
        if ra["kind"] == rb["kind"] == "episode":
            for v in VARIABLES:
                coded[v].append((ra[v] or None, rb[v] or None))
    return {v: kappa(p) for v, p in coded.items()}


def starts(day, other):
    out = []
    for r in day:
        if r["kind"] != "episode":
            continue
        o = at(other, r["s"])
        if o is not None and o["kind"] != "pause":
            out.append((r["s"], r["group"]))
    return out


def align(a, b, window):
    """Least-cost alignment: a pair within the window costs 0 (same group)
    or 1, an unmatched event 1; ties go to the pair, then to A's event
    unmatched, walking back from the end.  Returns the (a, b) groups, None
    for no event."""
    inf = float("inf")
    na, nb = len(a), len(b)
    d = [[0] * (nb + 1) for _ in range(na + 1)]

    def pair(i, j):
        if abs(a[i - 1][0] - b[j - 1][0]) > window:
            return inf
        return 0 if a[i - 1][1] == b[j - 1][1] else 1
    for i in range(na + 1):
        for j in range(nb + 1):
            if i == 0 or j == 0:
                d[i][j] = i + j
            else:
                d[i][j] = min(d[i - 1][j - 1] + pair(i, j),
                              d[i - 1][j] + 1, d[i][j - 1] + 1)
    steps, i, j = [], na, nb
    while i > 0 or j > 0:
        if i > 0 and j > 0 and d[i - 1][j - 1] + pair(i, j) == d[i][j]:
            steps.append((a[i - 1][1], b[j - 1][1]))
            i, j = i - 1, j - 1
        elif i > 0 and d[i - 1][j] + 1 == d[i][j]:
            steps.append((a[i - 1][1], None))
            i -= 1
        else:
            steps.append((None, b[j - 1][1]))
            j -= 1
    return steps


def tables(path):
    """The analyser's CSV as a list of tables, each a list of dicts."""
    out = []
    for block in open(path, newline="").read().split("\n\n"):
        out.append(list(csv.DictReader(block.strip("\n").split("\n"))))
    return out


def same(what, mine, theirs, bad):
    fmt = "" if mine is None else "%.6f" % mine
    if fmt == "-0.000000":
        fmt = "0.000000"
    if fmt != theirs:
        bad.append("%s: %s here, %s from the analyser" % (what, fmt, theirs))


def main():
    a, b = stretches(sys.argv[1]), stretches(sys.argv[2])
    t = tables(sys.argv[3])
    window = int(sys.argv[4]) * 1000
    bad = []
    variables = {r["variable"]: r for r in t[4]}
    for v, (k, po, pe, n) in per_second(a, b).items():
        r = variables[v]
        same(v + " kappa", k, r["kappa"], bad)
        same(v + " observed", po, r["observed"], bad)
        same(v + " expected", pe, r["expected"], bad)
        if "%.3f" % n != r["seconds"]:
            bad.append("%s seconds: %d here, %s" % (v, n, r["seconds"]))
    steps = align(starts(a, b), starts(b, a), window)
    events = {}
    for s in steps:
        events[s] = events.get(s, 0) + 1
    theirs = {(r["a_group"] or None, r["b_group"] or None): int(r["events"])
              for r in t[5]}
    if events != theirs:
        bad.append("events aligned: %s here, %s" % (events, theirs))
    r = t[6][0]
    k, po, pe, _ = kappa(steps)
    same("event kappa", k, r["kappa"], bad)
    same("event observed", po, r["observed"], bad)
    counts = (sum(1 for x, y in steps if x and y),
              sum(1 for x, y in steps if x and x == y),
              sum(1 for x, y in steps if y is None),
              sum(1 for x, y in steps if x is None))
    got = tuple(int(r[c]) for c in ("pairs", "same_group", "unmatched_a",
                                     "unmatched_b"))
    if counts != got:
        bad.append("pairs, same, unmatched: %s here, %s" % (counts, got))
    print("\n".join(bad) if bad else "agree: %s seconds, %d steps" %
          (variables["group"]["seconds"], len(steps)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
