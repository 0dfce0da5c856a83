#!/usr/bin/python3
"""shadowlog benchmark (make bench): the analyser against pandas and
against a bare msgpack-c decode of the same files, on seeded corpora of
1, 100, 300, 3000 and 10 000 generated days (the targets are read at
3000 and 300); then the comparison across the days
(--compare --by=school) against pandas on the same corpora.  Prints times,
peak memory and ratios, and cross-checks the figures.

  bench.py BUILDDIR SRCDIR [WORKDIR] [--sizes 1,100,300,3000,10000]
"""
import csv
import glob
import io
import os
import subprocess
import sys
import time

SEED = 42
REPEAT = 5      # runs of the analyser and of the decode, the best kept:
                # a 50 ms run on a shared machine varies by 20%


def run(argv, stdout=subprocess.DEVNULL):
    """Runs argv once; returns (wall seconds, peak RSS in MiB).  The peak
    comes from GNU time, which forks from a small process: a child forked
    from this Python would count Python's own pages before its exec."""
    rss_file = os.path.join(os.environ.get("TMPDIR", "/tmp"),
                            "shadowlog-bench-rss.%d" % os.getpid())
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file] + argv,
                       stdout=stdout, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit("bench: %s exited %d: %s" % (argv[0], p.returncode,
                                               p.stderr.decode(errors="replace")[:2000]))
    with open(rss_file) as f:
        rss_kib = int(f.read().split()[-1])
    os.unlink(rss_file)
    return wall, rss_kib / 1024.0


def best(argv, repeat, stdout=subprocess.DEVNULL):
    runs = [run(argv, stdout) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs)


def best_alternating(a, b, repeat):
    """best() of a and of b, their runs taken in turn, so that a burst of
    load on the machine falls on both rather than on one."""
    ra, rb = [], []
    for _ in range(repeat):
        ra.append(run(a))
        rb.append(run(b))
    return ((min(r[0] for r in ra), max(r[1] for r in ra)),
            (min(r[0] for r in rb), max(r[1] for r in rb)))


def cross_check(ana_csv, pd_csv, shares=("share",)):
    """The analyser's and pandas' tables agree: shares (the columns named
    in shares) to 2e-6, seconds to the millisecond."""
    a = list(csv.reader(io.StringIO(ana_csv)))
    b = list(csv.reader(io.StringIO(pd_csv)))
    # The comparison's statistics across heads (ci_low ... hedges_g) come
    # after the contract's eight columns; pandas checks those eight.
    if a and b and len(a[0]) > len(b[0]) and a[0][:len(b[0])] == b[0]:
        a = [row[:len(b[0])] for row in a]
    if a[0] != b[0] or len(a) != len(b):
        return "header or row count differs (%d vs %d rows)" % (len(a), len(b))
    for i, (ra, rb) in enumerate(zip(a[1:], b[1:]), 2):
        for col, x, y in zip(a[0], ra, rb):
            if x == y:
                continue
            try:
                tol = 2e-6 if col in shares else 0.0015
                if abs(float(x) - float(y)) <= tol:
                    continue
            except ValueError:
                pass
            return "row %d column %s: analyser %r, pandas %r" % (i, col, x, y)
    return None


def targets(rows):
    """The issue's targets for the summary, in words: at 3000 days, peak
    memory against 300 days (or, without those sizes, the largest corpus
    against the smallest)."""
    by_n = {r[0]: r for r in rows}
    small = by_n.get(300, rows[0])
    large = by_n.get(3000, rows[-1])
    n, _, ta, ma, tp, _, td, _, _ = large
    lines = ["targets at %d days (the summary):" % n]

    def line(what, value, target, met):
        lines.append("  %-22s %-10s (target %s)%s" % (
            what, value, target, "" if met else "  NOT MET"))
    line("ana/decode", "%.2fx" % (ta / td), "<= 1.0x", ta <= td)
    line("pandas/ana", "%.1fx" % (tp / ta), ">= 10x", tp >= 10 * ta)
    if small is not large:
        growth = ma / small[3]
        line("peak %d vs %d days" % (n, small[0]), "%.2fx" % growth,
             "<= 1.5x", growth <= 1.5)
    line("peak memory", "%.1f MiB" % ma, "< 64 MB", ma * 2**20 < 64e6)
    return "\n".join(lines)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    sizes = [1, 100, 300, 3000, 10000]
    if "--sizes" in sys.argv:
        sizes = [int(s) for s in sys.argv[sys.argv.index("--sizes") + 1].split(",")]
        args = [a for a in args if a != sys.argv[sys.argv.index("--sizes") + 1]]
    build, src = args[0], args[1]
    work = args[2] if len(args) > 2 else os.path.join(build, "bench-data")
    ana = os.path.join(build, "analyser", "shadowlog-analyse")
    gen = os.path.join(build, "tests", "bench", "gen")
    dec = os.path.join(build, "tests", "bench", "decode")
    pds = os.path.join(src, "tests", "bench", "pandas_summary.py")
    pdc = os.path.join(src, "tests", "bench", "pandas_compare.py")
    os.makedirs(work, exist_ok=True)

    print("shadowlog benchmark: %d cores; seed %d; best of %d runs (pandas: best of 3, 1 at 10 000 days)"
          % (os.cpu_count(), SEED, REPEAT))
    print("analyser = shadowlog-analyse --format=csv on the .slog files")
    print("pandas   = tests/bench/pandas_summary.py (Debian python3-pandas) on the episodes CSV of the same days")
    print("decode   = tests/bench/decode: msgpack-c only, decoding every object of the same files")
    print("compare  = shadowlog-analyse --compare --by=school --format=csv on the .slog files,")
    print("           against tests/bench/pandas_compare.py on the episodes CSV of the same days")
    print()
    rows = []
    compares = []
    for n in sizes:
        d = os.path.join(work, "corpus-%d" % n)
        files = sorted(glob.glob(os.path.join(d, "*.slog")))
        if len(files) != n:
            subprocess.run(["rm", "-rf", d], check=True)
            subprocess.run([gen, d, str(n), str(SEED)], check=True)
            files = sorted(glob.glob(os.path.join(d, "*.slog")))
        mib = sum(os.path.getsize(f) for f in files) / 2**20
        episodes = os.path.join(d, "episodes.csv")
        with open(episodes, "w") as f:
            subprocess.run([ana, "--episodes", "--format=csv"] + files,
                           stdout=f, check=True)
        repeat = 3
        (ta, ma), (td, md) = best_alternating([ana, "--format=csv"] + files,
                                              [dec] + files, REPEAT)
        tp, mp = best(["/usr/bin/python3", pds, episodes], 1 if n >= 10000 else repeat)
        ana_out = subprocess.run([ana, "--format=csv"] + files, check=True,
                                 capture_output=True, text=True).stdout
        pd_out = subprocess.run(["/usr/bin/python3", pds, episodes], check=True,
                                capture_output=True, text=True).stdout
        problem = cross_check(ana_out, pd_out)
        rows.append((n, mib, ta, ma, tp, mp, td, md, problem))

        compare = [ana, "--compare", "--by=school", "--format=csv"] + files
        pd_compare = ["/usr/bin/python3", pdc, episodes, "school"]
        tc, mc = best(compare, repeat)
        tq, mq = best(pd_compare, 1 if n >= 10000 else repeat)
        ana_out = subprocess.run(compare, check=True, capture_output=True,
                                 text=True).stdout
        pd_out = subprocess.run(pd_compare, check=True, capture_output=True,
                                text=True).stdout
        problem = cross_check(ana_out, pd_out, ("mean_share", "sd_share",
                                                "min_share", "max_share"))
        compares.append((n, mib, tc, mc, tq, mq, problem))

    print("%7s %8s | %9s %8s | %9s %8s | %9s %8s | %11s %11s" % (
        "days", "MiB", "analyser", "peak", "pandas", "peak", "decode", "peak",
        "pandas/ana", "ana/decode"))
    for n, mib, ta, ma, tp, mp, td, md, _ in rows:
        print("%7d %8.1f | %8.3fs %6.1fM | %8.3fs %6.1fM | %8.3fs %6.1fM | %10.1fx %10.2fx" % (
            n, mib, ta, ma, tp, mp, td, md, tp / ta, ta / td))
    print()
    print("%7s %8s | %9s %8s | %9s %8s | %11s" % (
        "days", "MiB", "compare", "peak", "pandas", "peak", "pandas/ana"))
    for n, mib, tc, mc, tq, mq, _ in compares:
        print("%7d %8.1f | %8.3fs %6.1fM | %8.3fs %6.1fM | %10.1fx" % (
            n, mib, tc, mc, tq, mq, tq / tc))
    print()
    ok = True
    for table, differ, agree in (
            (rows, "figures differ", "figures agree at %d days: analyser "
             "and pandas summaries match to the millisecond"),
            (compares, "comparison differs", "comparison agrees at %d days: "
             "analyser and pandas mean, sd, min and max shares match to "
             "2e-6")):
        for n, *_, problem in table:
            if problem:
                ok = False
                print("%s at %d days: %s" % (differ, n, problem))
            else:
                print(agree % n)
    for name, table in (("analyser", rows), ("--compare", compares)):
        print("%s peak memory across corpus sizes: %s MiB" % (
            name, ", ".join("%.1f" % r[3] for r in table)))
    print()
    print(targets(rows))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
