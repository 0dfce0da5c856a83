#!/usr/bin/python3
"""The live recorder driven through a pseudo-terminal (make bench).

  recorder.py BUILDDIR [--keys 1000] [--idle 60] [--soak 10000]
              [--soak-speed 1000] [--only latency,idle,soak] [--dir DIR]

latency  Keys alternate 't' (start an episode with teachers) and Space (end
         it); each makes one record.  The time from writing a key to the
         pty until its line "#SEQ ... saved" is read back from the pty: the
         recorder draws that only after write(2) and fsync(2) returned, so
         it bounds the key-to-durable time from above.  The log must end
         with exactly one record per key.  Against it, in the same run and
         on the same filesystem: tests/bench/floor (one byte read from the
         pty, write(2) + fsync(2) of a 70-byte record, "#N saved" written
         back) and write(2) + fsync(2) alone in this process.
idle     The recorder left alone for --idle seconds: wake-ups (voluntary
         context switches of all its threads, /proc/PID/task/*/status),
         CPU (utime + stime, /proc/PID/stat) and resident memory.  The
         target is one wake-up a second, for the clock.
soak     A 24-hour day of --soak actions (ten kinds in turn: start, person
         code, brief contact, note, start begun by the other, flip, undo,
         end, pause, resume), under libfaketime running the clocks
         --soak-speed times fast so the day's clocks cover 24 hours; VmRSS
         every 1 000 actions.  Fails if resident memory grows by more than
         the day's records account for (1 KiB an action) plus 1 MiB.

Exit status 0, or 1 when a check fails.  Prints the figures.
"""
import argparse
import fcntl
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
import tty

COLS, ROWS = 120, 40


class Pty:
    """A program on a new pseudo-terminal, its output drained as it comes."""

    def __init__(self, argv, env=None, raw=False):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ,
                    struct.pack("HHHH", ROWS, COLS, 0, 0))
        if raw:
            tty.setraw(slave)
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave,
                                     stderr=slave, env=env,
                                     start_new_session=True)
        os.close(slave)
        self.buf = b""
        self.total = 0

    def pump(self, timeout):
        """Reads what the program wrote within timeout seconds."""
        r, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not r:
            return False
        try:
            data = os.read(self.master, 65536)
        except OSError:
            return False
        self.total += len(data)
        self.buf = (self.buf + data)[-65536:]
        return True

    def wait_for(self, pattern, timeout=10.0):
        """Seconds until pattern (compiled bytes regex) is in the output
        read from now on; raises on timeout."""
        self.buf = b""
        end = time.perf_counter() + timeout
        while True:
            if pattern.search(self.buf):
                return time.perf_counter()
            left = end - time.perf_counter()
            if left <= 0 or self.proc.poll() is not None:
                raise RuntimeError("waited for %r; screen tail %r" %
                                   (pattern.pattern, self.buf[-300:]))
            self.pump(left)

    def send(self, data):
        os.write(self.master, data)

    def drain(self, seconds):
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self.pump(end - time.perf_counter())

    def close(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                while self.proc.poll() is None:
                    self.pump(0.1)
                    self.proc.wait(0.01)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc.wait()
        os.close(self.master)


def saved(seq):
    return re.compile(rb"#%d [^\r\n\x1b]*saved" % seq)


def status(pid):
    """VmRSS, VmHWM (KiB) and voluntary + involuntary switches of all
    threads, and CPU ticks."""
    out = {"rss": 0, "hwm": 0, "vol": 0, "invol": 0}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            if k == "VmRSS":
                out["rss"] = int(v.split()[0])
            elif k == "VmHWM":
                out["hwm"] = int(v.split()[0])
    for task in os.listdir("/proc/%d/task" % pid):
        with open("/proc/%d/task/%s/status" % (pid, task)) as f:
            for line in f:
                k, _, v = line.partition(":")
                if k == "voluntary_ctxt_switches":
                    out["vol"] += int(v)
                elif k == "nonvoluntary_ctxt_switches":
                    out["invol"] += int(v)
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    out["ticks"] = int(fields[11]) + int(fields[12])   # utime + stime
    out["threads"] = len(os.listdir("/proc/%d/task" % pid))
    return out


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def ms(x):
    return "%.2f ms" % (x * 1000)


def records(path):
    """Whole records after the header, counted with python3-msgpack if
    there is one, else None."""
    try:
        import msgpack
    except ImportError:
        return None
    with open(path, "rb") as f:
        return sum(1 for _ in msgpack.Unpacker(f, raw=False)) - 1


def start_recorder(rec, log, env=None):
    p = Pty([rec, "--school", "Bench School", "--head", "B1", log], env=env)
    p.wait_for(saved(1))
    return p


def latency(rec, floor, work, nkeys):
    ok = True
    log = os.path.join(work, "latency.slog")
    p = start_recorder(rec, log)
    times = []
    for i in range(nkeys):
        key = b"t" if i % 2 == 0 else b" "
        t0 = time.perf_counter()
        p.send(key)
        times.append(p.wait_for(saved(i + 2)) - t0)
    st = status(p.proc.pid)
    p.send(b"qy")
    p.wait_for(re.compile(rb"\x1b\[\?1049l"))
    p.close()
    n = records(log)
    if n is not None and n != nkeys + 2:
        print("FAIL: the log holds %d records, wanted %d" % (n, nkeys + 2))
        ok = False

    ftimes = []
    if floor is not None:
        flog = os.path.join(work, "floor.log")
        f = Pty([floor, flog], raw=True)
        for i in range(nkeys):
            t0 = time.perf_counter()
            f.send(b"k")
            ftimes.append(f.wait_for(re.compile(rb"#%d key saved" % (i + 1))) - t0)
        fst = status(f.proc.pid)
        f.send(b"q")
        f.proc.wait(5)
        f.close()
        if os.path.getsize(flog) != 70 * nkeys:
            print("FAIL: the floor's file is %d bytes" % os.path.getsize(flog))
            ok = False

    fd = os.open(os.path.join(work, "fsync.bin"),
                 os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_TRUNC, 0o600)
    stimes = []
    for _ in range(nkeys):
        t0 = time.perf_counter()
        os.write(fd, b"x" * 70)
        os.fsync(fd)
        stimes.append(time.perf_counter() - t0)
    os.close(fd)

    print("Key to durable, %d keys (read back as the 'saved' line on the pty):"
          % nkeys)
    print("  %-44s %10s %10s %10s %10s" % ("", "p50", "p99", "max", "RSS"))
    print("  %-44s %10s %10s %10s %7.1f MiB" % (
        "shadowlog-record", ms(pct(times, 50)), ms(pct(times, 99)),
        ms(max(times)), st["rss"] / 1024.0))
    if ftimes:
        print("  %-44s %10s %10s %10s %7.1f MiB" % (
            "floor: pty read, write+fsync, pty write (C)", ms(pct(ftimes, 50)),
            ms(pct(ftimes, 99)), ms(max(ftimes)), fst["rss"] / 1024.0))
    print("  %-44s %10s %10s %10s" % (
        "write+fsync alone, same filesystem", ms(pct(stimes, 50)),
        ms(pct(stimes, 99)), ms(max(stimes))))
    if ftimes:
        print("  the recorder over the floor: p50 %+.2f ms, p99 %+.2f ms" % (
            (pct(times, 50) - pct(ftimes, 50)) * 1000,
            (pct(times, 99) - pct(ftimes, 99)) * 1000))
    return ok


def idle(rec, work, seconds):
    log = os.path.join(work, "idle.slog")
    p = start_recorder(rec, log)
    p.drain(1.5)
    a = status(p.proc.pid)
    t0 = time.perf_counter()
    p.drain(seconds)
    b = status(p.proc.pid)
    took = time.perf_counter() - t0
    p.close()
    hz = os.sysconf("SC_CLK_TCK")
    wake = b["vol"] - a["vol"]
    print("Idle for %.0f s (%d thread%s):" % (took, b["threads"],
                                             "" if b["threads"] == 1 else "s"))
    print("  wake-ups         %d (%.2f a second; the clock needs 1.00), "
          "%d beyond the clock" % (wake, wake / took, wake - round(took)))
    print("  involuntary      %d" % (b["invol"] - a["invol"]))
    print("  CPU              %d ticks of 1/%d s (%.3f%% of one core)" % (
        b["ticks"] - a["ticks"], hz, 100.0 * (b["ticks"] - a["ticks"]) / hz / took))
    print("  resident         %.1f MiB (peak %.1f MiB)" % (b["rss"] / 1024.0,
                                                          b["hwm"] / 1024.0))
    return wake <= round(took) * 1.1 + 3


SOAK_CYCLE = [b"t", b"#DH\r", b"/p", None, b"R", b"~", b"\x7f", b" ",
              b"\t", b"\t"]


def faketime_lib():
    """Debian's libfaketime, or None."""
    lib = None
    for d in ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
              "/usr/lib"):
        cand = os.path.join(d, "faketime", "libfaketime.so.1")
        if os.path.exists(cand):
            lib = cand
    return lib


def soak(rec, work, nactions, speed):
    lib = faketime_lib()
    env = dict(os.environ, TZ="UTC")
    if lib is not None and speed > 1:
        env.update(LD_PRELOAD=lib, FAKETIME="@2026-11-16 00:00:00 x%d" % speed)
        env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + \
            ":verify_asan_link_order=0"
        pace = 86400.0 / nactions / speed
        clocks = "libfaketime x%d from 00:00" % speed
    else:
        pace = 0.0
        clocks = "real time (no libfaketime)"
    log = os.path.join(work, "soak.slog")
    p = start_recorder(rec, log, env=env)
    pid = p.proc.pid
    first = status(pid)
    rows = [(0, first["rss"], os.path.getsize(log), 0.0, 0.0)]
    block = []
    t_start = time.perf_counter()
    next_at = t_start
    for i in range(nactions):
        key = SOAK_CYCLE[i % len(SOAK_CYCLE)]
        if key is None:
            key = b"!note %d of the day\r" % i
        now = time.perf_counter()
        if now < next_at:
            p.drain(next_at - now)
        next_at += pace
        t0 = time.perf_counter()
        p.send(key)
        block.append(p.wait_for(saved(i + 2), timeout=30) - t0)
        if (i + 1) % 1000 == 0:
            st = status(pid)
            rows.append((i + 1, st["rss"], os.path.getsize(log),
                         pct(block, 50), pct(block, 99)))
            block = []
    screen_clock = p.buf
    st = status(pid)
    p.send(b"qy")
    p.wait_for(re.compile(rb"\x1b\[\?1049l"), timeout=30)
    p.close()
    took = time.perf_counter() - t_start
    n = records(log)
    print("A day of %d actions through the pty, clocks: %s, %.0f s:" % (
        nactions, clocks, took))
    print("  %8s %10s %10s %10s %10s" % ("actions", "VmRSS KiB", "log bytes",
                                         "p50", "p99"))
    for a, rss, size, p50, p99 in rows:
        print("  %8d %10d %10d %10s %10s" % (a, rss, size,
                                               ms(p50) if a else "",
                                               ms(p99) if a else ""))
    base = rows[1] if len(rows) > 2 else rows[0]
    grow = rows[-1][1] - base[1]
    per = grow * 1024.0 / max(1, rows[-1][0] - base[0])
    print("  growth from %d actions on: %d KiB, %.0f bytes an action; "
          "peak %d KiB" % (base[0], grow, per, st["hwm"]))
    m = re.findall(rb"(\d+:\d\d:\d\d)  #%d " % (nactions + 1), screen_clock)
    if m:
        print("  the last action is at %s on the day's clock" % m[-1].decode())
    ok = True
    if n is not None and n != nactions + 2:
        print("FAIL: the log holds %d records, wanted %d" % (n, nactions + 2))
        ok = False
    if rows[-1][1] - rows[0][1] > nactions + 1024:
        print("FAIL: resident memory grew %d KiB" % (rows[-1][1] - rows[0][1]))
        ok = False
    return ok


def fstype(path):
    """The type of the filesystem holding path, from /proc/self/mounts."""
    best, kind = "", "?"
    with open("/proc/self/mounts") as f:
        for line in f:
            dev, mnt, typ = line.split()[:3]
            if (path + "/").startswith(mnt.rstrip("/") + "/") and \
                    len(mnt) >= len(best):
                best, kind = mnt, "%s on %s" % (typ, dev)
    return kind


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("builddir")
    ap.add_argument("srcdir", nargs="?")
    ap.add_argument("--keys", type=int, default=1000)
    ap.add_argument("--idle", type=float, default=60)
    ap.add_argument("--soak", type=int, default=10000)
    ap.add_argument("--soak-speed", type=int, default=1000)
    ap.add_argument("--only", default="latency,idle")
    ap.add_argument("--dir")
    args = ap.parse_args()
    rec = os.path.join(args.builddir, "recorder", "shadowlog-record")
    floor = os.path.join(args.builddir, "tests", "bench", "floor")
    if not os.access(floor, os.X_OK):
        print("(tests/bench/floor is not built: no floor to compare with)")
        floor = None
    work = tempfile.mkdtemp(prefix="shadowlog-recbench.", dir=args.dir)
    ok = True
    try:
        print("shadowlog-record through a pseudo-terminal; files in %s (%s)"
              % (work, fstype(work)))
        only = args.only.split(",")
        if "latency" in only:
            ok &= latency(rec, floor, work, args.keys)
        if "idle" in only:
            ok &= idle(rec, work, args.idle)
        if "soak" in only:
            ok &= soak(rec, work, args.soak, args.soak_speed)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
