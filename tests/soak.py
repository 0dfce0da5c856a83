#!/usr/bin/python3
"""A day of many hours on the live recorder, its clocks faked (make soak).

  soak.py BUILDDIR [--hours 24] [--speed 144] [--every 10] [--dir DIR]
          [--size 120x40] [--no-rss]

The recorder runs on a pseudo-terminal under libfaketime, every clock it
reads (wall, CLOCK_MONOTONIC for libuv's timers, CLOCK_BOOTTIME for its
durations) running --speed times fast from 07:00, so 24 simulated hours
pass in 24 h / speed of real time (10 minutes at x144).  The driver runs on
the real clock and presses a key every --every simulated seconds: a mix of
starts by either side, person codes, places, modes, notes, brief contacts,
flips, ends, pauses and an undo now and then.  Each key is waited for as
its "#SEQ ... saved" line.

Every simulated hour: VmRSS and VmHWM (/proc/PID/status), CPU ticks
(utime + stime, /proc/PID/stat) and wake-ups (voluntary context switches)
over that hour.  Fails (exit 1) unless
- resident memory after the first hour grows by no more than the day's
  records can explain (see RSS_PER_ACTION),
- the CPU of the last hour is within 2x that of the second (+ TICK_SLACK),
- the log decodes clean with msgpack, its seqs run 1..N+2 each once, it
  holds exactly the records keyed, by type, every note once,
- the analyser reads it (exit 0) and its day spans the simulated hours.
Prints a table, then "soak: H h simulated, N actions, RSS A -> B MiB, CPU
flat, log clean".
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "bench"))
import recorder as rb   # noqa: E402  (its Pty, status(), saved(), ...)

# The recorder keeps the day in memory for undo: ~211 bytes an action
# (record, its strings, the day's arrays).  Arrays that double as they grow
# can hold up to twice what they use, and malloc keeps freed chunks, so an
# action may cost up to 2 x 211 bytes; 256 KiB more for page granularity
# and malloc's arena top.  Anything beyond that is a leak.
RSS_PER_ACTION = 2 * 211
RSS_SLACK_KIB = 256
# CPU is read in ticks of 10 ms: an hour's figure moves by a few ticks.
TICK_SLACK = 5

GROUPS = b"stapvr"
START = "2026-11-16 07:00:00"


def cycle(i):
    """The 16 actions of cycle i: (bytes to send, record type, note)."""
    g = GROUPS[i % len(GROUPS):i % len(GROUPS) + 1]
    h = GROUPS[(i + 3) % len(GROUPS):(i + 3) % len(GROUPS) + 1]
    note = "note %d: talked about the timetable" % i
    acts = [
        (g, "start", None),
        (b"#%s%02d\r" % (g.upper(), i % 40), "set", None),
        (b"@%d\r" % (1 + i % 3), "set", None),
        (b"!" + note.encode() + b"\r", "note", note),
        (b"/" + h, "brief", None),
        (b"=%d\r" % (1 + i % 4), "set", None),
        (b" ", "end", None),
        (h.upper(), "start", None),
        (b"~", "set", None),
        (b"\x7f" if i % 3 == 0 else b"#X%d\r" % (i % 7), "undo"
         if i % 3 == 0 else "set", None),
        (g, "start", None),
        (b"%" + h, "recode", None),
        (b" ", "end", None),
        (b"\t", "pause", None),
        (b"\t", "resume", None),
        (b"/" + g, "brief", None),
    ]
    return acts


def actions(n):
    out = []
    i = 0
    while len(out) < n:
        out.extend(cycle(i))
        i += 1
    return out[:n]


def fake_env(speed):
    lib = rb.faketime_lib()
    if lib is None:
        return None
    env = dict(os.environ, TZ="UTC", LD_PRELOAD=lib,
               FAKETIME="@%s x%d" % (START, speed))
    env.pop("FAKETIME_DONT_FAKE_MONOTONIC", None)
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + \
        ":verify_asan_link_order=0"
    return env


def check_log(path, acts, hours, every):
    """The problems found in the log, [] if none; and its counts by type."""
    import msgpack
    problems = []
    with open(path, "rb") as f:
        objs = list(msgpack.Unpacker(f, raw=False, strict_map_key=False))
        rest = f.read()
    if rest:
        problems.append("%d bytes after the last record" % len(rest))
    recs = objs[1:]
    seqs = [r.get("seq") for r in recs]
    if seqs != list(range(1, len(acts) + 3)):
        problems.append("seqs are not 1..%d each once" % (len(acts) + 2))
    got = {}
    for r in recs:
        got[r["type"]] = got.get(r["type"], 0) + 1
    want = {"begin": 1, "stop": 1}
    for _, kind, _ in acts:
        want[kind] = want.get(kind, 0) + 1
    if got != want:
        problems.append("records by type %r, keyed %r" % (got, want))
    notes = [r.get("text") for r in recs if r["type"] == "note"]
    for _, kind, text in acts:
        if kind == "note" and notes.count(text) != 1:
            problems.append("note %r is in the log %d times" %
                            (text, notes.count(text)))
            break
    span_wall = (recs[-2]["t"] - recs[0]["t"]) / 3600000.0
    span_mono = (recs[-2]["mono"] - recs[0]["mono"]) / 3600000.0
    want_h = len(acts) * every / 3600.0
    for name, span in (("wall", span_wall), ("boot", span_mono)):
        if abs(span - want_h) > 0.02 * want_h + 0.05:
            problems.append("the %s clock spans %.2f h, wanted %.2f h" %
                            (name, span, want_h))
    return problems, got, span_wall, span_mono


def minutes(text):
    """Minutes in a duration as the analyser writes it: 24h00m, 59m51s."""
    units = {b"h": 60.0, b"m": 1.0, b"s": 1 / 60.0}
    return sum(float(n) * units[u]
               for n, u in re.findall(rb"(\d+)([hms])", text))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("builddir")
    ap.add_argument("--hours", type=float, default=24)
    ap.add_argument("--speed", type=int, default=144)
    ap.add_argument("--every", type=float, default=10)
    ap.add_argument("--dir")
    ap.add_argument("--size", default="120x40",
                    help="the terminal, COLSxROWS")
    ap.add_argument("--no-rss", action="store_true",
                    help="report resident memory, do not bound it")
    args = ap.parse_args()
    rec = os.path.join(args.builddir, "recorder", "shadowlog-record")
    ana = os.path.join(args.builddir, "analyser", "shadowlog-analyse")
    rb.COLS, rb.ROWS = (int(x) for x in args.size.split("x"))
    env = fake_env(args.speed)
    if env is None:
        print("SKIP: no libfaketime (apt-get install faketime)")
        return 77
    per_hour = int(round(3600 / args.every))
    if args.hours < 1:
        ap.error("--hours: one hour at least (memory is read every hour)")
    acts = actions(int(round(args.hours * per_hour)))
    pace = args.every / args.speed
    work = tempfile.mkdtemp(prefix="shadowlog-soak.", dir=args.dir)
    log = os.path.join(work, "soak.slog")

    p = rb.start_recorder(rec, log, env=env)
    pid = p.proc.pid
    hz = os.sysconf("SC_CLK_TCK")
    last = rb.status(pid)
    rows = []
    t0 = time.perf_counter()
    next_at = t0
    for i, (key, _, _) in enumerate(acts):
        now = time.perf_counter()
        if now < next_at:
            p.drain(next_at - now)
        next_at += pace
        p.send(key)
        p.wait_for(rb.saved(i + 2), timeout=30)
        if (i + 1) % per_hour == 0:
            st = rb.status(pid)
            rows.append(((i + 1) // per_hour, st["rss"], st["hwm"],
                         st["ticks"] - last["ticks"], st["vol"] - last["vol"],
                         i + 1, os.path.getsize(log)))
            last = st
    took = time.perf_counter() - t0
    p.send(b"qy")
    try:
        status = p.proc.wait(30)
    except subprocess.TimeoutExpired:
        status = "still running 30 s after q y"
    p.close()

    print("shadowlog-record at %s, %d actions, a key every %g simulated s, "
          "clocks x%d from %s (libfaketime), %.0f s real; log %s" %
          (args.size, len(acts), args.every, args.speed, START, took, log))
    print("%5s %10s %10s %10s %9s %8s %10s" % (
        "hour", "VmRSS KiB", "VmHWM KiB", "CPU ticks", "wake-ups", "actions",
        "log bytes"))
    for r in rows:
        print("%5d %10d %10d %10d %9d %8d %10d" % r)
    print("(CPU ticks of 1/%d s and wake-ups are those of that hour, %.0f s "
          "real)" % (hz, 3600.0 / args.speed))

    ok = True
    if status != 0:
        print("FAIL: the recorder exited %s" % status)
        ok = False
    first, end = rows[0], rows[-1]
    grew = end[1] - first[1]
    bound = (end[5] - first[5]) * RSS_PER_ACTION // 1024 + RSS_SLACK_KIB
    print("RSS after hour 1: %+d KiB over %d actions (%.0f B an action); "
          "bound %d KiB" % (grew, end[5] - first[5],
                            grew * 1024.0 / max(1, end[5] - first[5]), bound))
    if len(rows) >= 2 and grew > bound and not args.no_rss:
        print("FAIL: resident memory grew %d KiB, more than the day's "
              "records explain (%d KiB)" % (grew, bound))
        ok = False
    cpu_ok = True
    if len(rows) >= 2:
        second, final = rows[1][3], rows[-1][3]
        print("CPU: hour 2 %d ticks, hour %d %d ticks (bound 2x + %d)" %
              (second, rows[-1][0], final, TICK_SLACK))
        if final > 2 * second + TICK_SLACK:
            print("FAIL: the last hour took %d ticks, the second %d" %
                  (final, second))
            cpu_ok = ok = False
    problems, got, wall_h, boot_h = check_log(log, acts, args.hours,
                                              args.every)
    print("log: %s; wall clock %.2f h, boot clock %.2f h" % (
        ", ".join("%s %d" % kv for kv in sorted(got.items())), wall_h, boot_h))
    for pr in problems:
        print("FAIL: log: %s" % pr)
        ok = False
    ana_run = subprocess.run([ana, log], env=dict(os.environ, TZ="UTC"),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    m = re.search(rb"of the (\S+) from (\S+) to (\S+)", ana_run.stdout)
    print("analyser: exit %d, %s" % (
        ana_run.returncode, m.group(0).decode() if m else "no span line"))
    if ana_run.returncode != 0 or ana_run.stderr:
        print("FAIL: the analyser: %s" % ana_run.stderr.decode()[-300:])
        ok = False
    if m is None or not m.group(2).startswith(b"07:0") or \
            abs(minutes(m.group(1)) - len(acts) * args.every / 60.0) > 1:
        print("FAIL: the analyser's day is not %g h from 07:0x" %
              args.hours)
        ok = False
    if not ok:
        return 1
    print("soak: %g h simulated, %d actions, RSS %.1f -> %.1f MiB, CPU %s, "
          "log clean" % (args.hours, len(acts), first[1] / 1024.0,
                         end[1] / 1024.0, "flat" if cpu_ok else "NOT flat"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
