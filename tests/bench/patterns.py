#!/usr/bin/python3
"""--patterns' cost (make bench): on seeded corpora of 300 and 3000
generated days, the analyser's --patterns (K chosen by the silhouette,
2 to 8, so eight k-means fits and eight silhouettes) and --patterns=3,
each against the plain summary of the same days in the same run
(shadowlog-analyse --format=csv): that run reads and summarises the same
days, so what --patterns costs beyond it is its own.  The silhouette is
O(n^2) in the days; the growth from 300 to 3000 days says how far that
shows (10x is linear, 100x quadratic).

  patterns.py BUILDDIR [WORKDIR]
"""
import glob
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import SEED, best  # noqa: E402  the one timer of make bench

SIZES = (300, 3000)


def corpus(gen, work, n):
    d = os.path.join(work, "corpus-%d" % n)
    files = sorted(glob.glob(os.path.join(d, "*.slog")))
    if len(files) != n:
        subprocess.run(["rm", "-rf", d], check=True)
        subprocess.run([gen, d, str(n), str(SEED)], check=True,
                       stdout=subprocess.DEVNULL)
        files = sorted(glob.glob(os.path.join(d, "*.slog")))
    return files


def main():
    build = sys.argv[1]
    work = sys.argv[2] if len(sys.argv) > 2 else os.path.join(build,
                                                               "bench-data")
    ana = os.path.join(build, "analyser", "shadowlog-analyse")
    gen = os.path.join(build, "tests", "bench", "gen")
    os.makedirs(work, exist_ok=True)
    print("--patterns against the plain summary of the same days "
          "(best of 3; seed %d)" % SEED)
    print("%6s | %9s | %9s %8s | %9s %8s | %12s" % (
        "days", "summary", "patterns", "/summary", "K=3", "/summary",
        "own part"))
    own = {}
    for n in SIZES:
        files = corpus(gen, work, n)
        ts, _ = best([ana, "--format=csv"] + files, 3)
        tp, _ = best([ana, "--patterns"] + files, 3)
        t3, _ = best([ana, "--patterns=3"] + files, 3)
        own[n] = max(tp - ts, 1e-3)
        print("%6d | %8.3fs | %8.3fs %7.1fx | %8.3fs %7.1fx | %11.3fs" % (
            n, ts, tp, tp / ts, t3, t3 / ts, tp - ts))
    a, b = SIZES
    print("growth of --patterns' own part from %d to %d days: %.0fx "
          "(linear %dx, quadratic %dx)" % (a, b, own[b] / own[a], b // a,
                                          (b // a) ** 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
