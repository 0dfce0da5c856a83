#!/usr/bin/python3
"""shadowlog charts benchmark (make bench): --plot of 40 generated days by
this build against a build of the starting commit (a13414c: one gnuplot
per chart, one chart after another), side by side in the same run, best
of 3 each, alternating; the charts of both must have the same names, and
with --same be the same bytes as that build's.  Then
the report (--html) of one day, against its target of a second.

  charts.py BUILDDIR SRCDIR [--base BASE_BUILDDIR] [--same SAME_BUILDDIR]
            [--days 40] [--work DIR]

Without --base (or $SHADOWLOG_BENCH_BASE) the base is built here: the
commit's tree from git archive into WORK/base-src, configured and made
(-j2) in WORK/base-build; a later run reuses it.  --same names another
build whose charts this build's must equal instead of the base's (once
the charts themselves have changed since the base, by design: a build of
the commit before a change that should keep them), run once, untimed.
"""
import argparse
import filecmp
import os
import resource
import shutil
import subprocess
import sys
import time

BASE_COMMIT = "a13414c"
SEED = 11
TARGET_RATIO = 3.0          # --plot at least this much faster than base
TARGET_REPORT = 1.0         # seconds for the report of one day


def build_base(src, work):
    """Builds BASE_COMMIT under work; returns its build directory."""
    base_src = os.path.join(work, "base-src")
    base_build = os.path.join(work, "base-build")
    analyser = os.path.join(base_build, "analyser", "shadowlog-analyse")
    if os.access(analyser, os.X_OK):
        return base_build
    print("building %s in %s (once) ..." % (BASE_COMMIT, base_build),
          flush=True)
    shutil.rmtree(base_src, ignore_errors=True)
    shutil.rmtree(base_build, ignore_errors=True)
    os.makedirs(base_src)
    os.makedirs(base_build)
    archive = subprocess.run(["git", "-C", src, "archive", BASE_COMMIT],
                             check=True, stdout=subprocess.PIPE).stdout
    subprocess.run(["tar", "-x", "-C", base_src], input=archive, check=True)
    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run(["autoreconf", "-fi"], cwd=base_src, check=True, **quiet)
    subprocess.run([os.path.join(base_src, "configure"), "-q"],
                   cwd=base_build, check=True, **quiet)
    subprocess.run(["make", "-s", "-j2"], cwd=base_build, check=True,
                   **quiet)
    return base_build


def run(argv, env):
    """Runs argv once; returns (wall seconds, CPU seconds of it and its
    children, gnuplot included).  Fails the bench on an error."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(argv, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit("bench: %s exited %d: %s" % (
            argv[0], p.returncode, p.stderr.decode(errors="replace")[:2000]))
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def plot(build, days, out, env):
    """--plot of the days into a fresh out; returns wall seconds."""
    shutil.rmtree(out, ignore_errors=True)
    analyser = os.path.join(build, "analyser", "shadowlog-analyse")
    return run([analyser, "--plot=" + out] + days, env)


def same_charts(a, b):
    """None when directories a and b hold the same files, byte for byte;
    else what differs."""
    names = sorted(os.listdir(a))
    if names != sorted(os.listdir(b)):
        return "the chart files differ: %d vs %d" % (
            len(names), len(os.listdir(b)))
    _, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    if mismatch or errors:
        return "%d charts differ (%s)" % (len(mismatch) + len(errors),
                                           (mismatch + errors)[0])
    return None


def same_chart_names(a, b):
    """None when directories a and b hold the same chart names and every
    one of b's is a whole PNG (its signature and its IEND chunk at the
    end); else what differs.  The check without --same: the charts' look
    has changed since the base by design, so their bytes cannot match."""
    names = sorted(os.listdir(a))
    if names != sorted(os.listdir(b)):
        return "the chart files differ: %d vs %d" % (
            len(names), len(os.listdir(b)))
    for name in names:
        with open(os.path.join(b, name), "rb") as f:
            data = f.read()
        if not (data.startswith(b"\x89PNG\r\n\x1a\n") and
                data[-8:-4] == b"IEND"):
            return "%s is not a whole PNG" % name
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("src")
    ap.add_argument("--base", default=os.environ.get("SHADOWLOG_BENCH_BASE"))
    ap.add_argument("--same")
    ap.add_argument("--days", type=int, default=40)
    ap.add_argument("--work")
    a = ap.parse_args()
    build, src = os.path.abspath(a.build), os.path.abspath(a.src)
    work = os.path.abspath(a.work or os.path.join(build, "bench-data"))
    os.makedirs(work, exist_ok=True)
    base = os.path.abspath(a.base) if a.base else build_base(src, work)

    corpus = os.path.join(work, "charts-%d" % a.days)
    if not os.path.isdir(corpus):
        tmp = corpus + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        subprocess.run([os.path.join(build, "tests", "bench", "gen"), tmp,
                        str(a.days), str(SEED)], check=True,
                       stdout=subprocess.DEVNULL)
        os.rename(tmp, corpus)
    days = sorted(os.path.join(corpus, f) for f in os.listdir(corpus)
                  if f.endswith(".slog"))
    # Each build finds its own tree's chart scripts (run from its build
    # tree); the base's scripts are not this tree's.
    env = dict(os.environ, TZ="Europe/London")
    env.pop("SHADOWLOG_PLOTS", None)

    print("shadowlog charts benchmark: %d cores, load average %.1f; %d "
          "generated days (seed %d); best of 3, alternating" % (
              os.cpu_count(), os.getloadavg()[0], len(days), SEED))
    print("base = %s (a build of %s: one gnuplot per chart, in turn)" % (
        base, BASE_COMMIT))
    print("new  = %s" % build)
    print()
    out_base = os.path.join(work, "charts-out-base")
    out_new = os.path.join(work, "charts-out-new")
    tb, tn = [], []
    for _ in range(3):
        tb.append(plot(base, days, out_base, env))
        tn.append(plot(build, days, out_new, env))
    same = "the base's names, each a whole PNG"
    if a.same:
        same = os.path.abspath(a.same)
        out_same = os.path.join(work, "charts-out-same")
        plot(same, days, out_same, env)
        problem = same_charts(out_same, out_new)
        shutil.rmtree(out_same, ignore_errors=True)
    else:
        problem = same_chart_names(out_base, out_new)
    (wb, cb), (wn, cn) = min(tb), min(tn)
    ratio = wb / wn
    print("%-34s %9s %9s %9s %8s" % ("", "base", "new", "base/new",
                                      "target"))
    print("%-34s %8.2fs %8.2fs %8.1fx %7s" % (
        "--plot, %d days (%d charts)" % (len(days), len(os.listdir(out_new))),
        wb, wn, ratio, ">=%.0fx" % TARGET_RATIO))
    print("%-34s %8.2fs %8.2fs %8.1fx" % (
        "  CPU of that run, gnuplot included", cb, cn, cb / cn))

    report = os.path.join(work, "charts-report.html")
    analyser = os.path.join(build, "analyser", "shadowlog-analyse")
    tr = min(run([analyser, "--html=" + report, days[0]], env)[0]
             for _ in range(3))
    print("%-34s %9s %8.2fs %9s %7s" % ("--html, one day", "", tr, "",
                                       "<%.0fs" % TARGET_REPORT))
    print()
    ok = True
    if problem is not None:
        print("charts differ from %s: %s" % (same, problem))
        ok = False
    else:
        print("the %d charts are %s%s" % (
            len(os.listdir(out_new)),
            "the same bytes as " if a.same else "", same))
    if ratio < TARGET_RATIO:
        print("--plot: %.1fx faster than base; the target is %.0fx" % (
            ratio, TARGET_RATIO))
        ok = False
    if tr >= TARGET_REPORT:
        print("--html of one day: %.2f s; the target is under %.0f s" % (
            tr, TARGET_REPORT))
        ok = False
    shutil.rmtree(out_base, ignore_errors=True)
    shutil.rmtree(out_new, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
