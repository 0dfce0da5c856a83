#!/usr/bin/python3
"""The crash-state explorer: what a power cut could leave on disk.

Each scenario runs a writer (the recorder or the analyser) under the trace
shim (tests/crash/trace.c), which lists every create, write (with its
bytes), truncate, fsync, rename and unlink under one directory.  Replaying
that list, at every point of it the explorer builds the states a power cut
could leave:

  - a file's content is what its last fsync made durable plus any prefix
    of the writes since, the last of them cut at each 512-byte sector
    boundary, at arbitrary bytes, or whole in size but zero-filled from a
    sector on; or a later write kept without the one before it (the disk
    may reorder unsynced writes);
  - a directory's names are those its last fsync made durable plus any
    prefix of the creates, renames and unlinks since (a rename without its
    directory's fsync either done or not).

Each distinct state is written to a temporary directory and checked:

  log scenarios: the log is read by the analyser (clean, or torn: exit 65
  naming the torn tail, never another refusal), re-opened by the recorder
  as an append does (exit 0, a torn tail moved into a side file, the bytes
  kept), and then holds a prefix of the run's final records, at least every
  one confirmed before that point (the run exited 0, or the screen said
  saved), each once;
  output scenarios: every chart and report is the old file, the new file
  or absent, never a mixture.

  explore.py [--sample N] [--seed S] [--keep DIR] [--drop KIND]
             BUILDDIR SRCDIR [SCENARIO...]

With --sample N, N states are checked, drawn with the seed from all of
them.  It ends with "crash states: N checked, M passed" and exits 1 if
any failed (their states copied under --keep DIR).
"""
import argparse
import fcntl
import hashlib
import os
import pty
import re
import select
import struct
import termios
import time
import random
import shutil
import subprocess
import sys
import tempfile

import msgpack

SECTOR = 512
RANDOM_CUTS = 3     # arbitrary bytes in a longer write
EVERY_BYTE = 1024   # a write this short is cut at every byte


# ---- the trace ----

def parse_trace(path):
    events = []
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split(" ")
            kind = parts[0]
            if kind == "write":
                events.append(("write", parts[1], int(parts[2]),
                               bytes.fromhex(parts[3])))
            elif kind == "trunc":
                events.append(("trunc", parts[1], int(parts[2])))
            elif kind in ("rename", "link"):
                events.append((kind, parts[1], parts[2]))
            elif kind == "mark":
                events.append(("mark", parts[1], int(parts[2])))
            else:
                events.append((kind, parts[1]))
    return events


# ---- the file-system model ----

def apply_op(content, op):
    if op[0] == "w":
        _, off, data = op
        if off > len(content):
            content.extend(bytes(off - len(content)))
        content[off:off + len(data)] = data
    else:
        n = op[1]
        if n < len(content):
            del content[n:]
        else:
            content.extend(bytes(n - len(content)))


def content_variants(durable, ops, rng):
    """Every content a power cut could leave for one file."""
    out = []

    def with_ops(seq):
        c = bytearray(durable)
        for op in seq:
            apply_op(c, op)
        return bytes(c)

    for k in range(len(ops) + 1):
        out.append(with_ops(ops[:k]))
        if k == len(ops):
            break
        op = ops[k]
        if op[0] != "w":
            continue
        _, off, data = op
        cuts = {c for c in range(1, len(data)) if (off + c) % SECTOR == 0}
        if len(data) <= EVERY_BYTE:
            cuts.update(range(1, len(data)))
        for _ in range(RANDOM_CUTS):
            if len(data) > 1:
                cuts.add(rng.randrange(1, len(data)))
        old_len = len(with_ops(ops[:k]))
        for c in sorted(cuts):
            out.append(with_ops(ops[:k] + [("w", off, data[:c])]))
            # the file's new size made durable, the data it grew by from
            # this byte on not (bytes it already had stay as they were)
            z = max(c, old_len - off)
            if z < len(data):
                out.append(with_ops(ops[:k] + [("w", off, data[:c]),
                                               ("t", off + len(data))]))
        # a later write kept without this one (unsynced writes reordered)
        if k + 1 < len(ops) and ops[k + 1][0] == "w":
            out.append(with_ops(ops[:k] + [ops[k + 1]]))
    return out


class Model:
    def __init__(self, root, init):
        self.root = root
        self.next_id = 0
        self.inodes = {}     # id -> [durable bytes, pending ops]
        self.cur = {}        # path -> id, as the running program sees it
        self.durable = {}    # path -> id, as the disk holds it
        self.dirs_pending = {}   # directory -> [name ops since its fsync]
        self.confirmed = {}
        for rel, data in init.items():
            i = self.new_inode(data)
            p = os.path.join(root, rel)
            self.cur[p] = i
            self.durable[p] = i

    def new_inode(self, data=b""):
        self.next_id += 1
        self.inodes[self.next_id] = [bytes(data), []]
        return self.next_id

    def name_op(self, path, op):
        self.dirs_pending.setdefault(os.path.dirname(path), []).append(op)

    def step(self, ev):
        kind = ev[0]
        if kind == "creat":
            if ev[1] not in self.cur:
                i = self.new_inode()
                self.cur[ev[1]] = i
                self.name_op(ev[1], ("set", ev[1], i))
        elif kind == "mkdir":
            pass    # directories are made in every state
        elif kind == "write":
            self.inodes[self.cur[ev[1]]][1].append(("w", ev[2], ev[3]))
        elif kind == "trunc":
            self.inodes[self.cur[ev[1]]][1].append(("t", ev[2]))
        elif kind == "fsync":
            ino = self.inodes[self.cur[ev[1]]]
            c = bytearray(ino[0])
            for op in ino[1]:
                apply_op(c, op)
            ino[0], ino[1] = bytes(c), []
        elif kind == "dsync":
            for op in self.dirs_pending.pop(ev[1], []):
                self.apply_name(self.durable, op)
        elif kind in ("rename", "link"):
            i = self.cur[ev[1]]
            self.cur[ev[2]] = i
            if kind == "rename":
                del self.cur[ev[1]]
            # one name op in each directory touched, in order
            self.name_op(ev[2], ("set", ev[2], i))
            if kind == "rename":
                self.name_op(ev[1], ("del", ev[1]))
        elif kind == "unlink":
            del self.cur[ev[1]]
            self.name_op(ev[1], ("del", ev[1]))
        elif kind == "mark":
            self.confirmed[ev[1]] = ev[2]

    @staticmethod
    def apply_name(names, op):
        if op[0] == "set":
            names[op[1]] = op[2]
        else:
            names.pop(op[1], None)

    def name_variants(self):
        """Durable names plus a prefix of each directory's pending ops."""
        states = [dict(self.durable)]
        for ops in self.dirs_pending.values():
            more = []
            for base in states:
                names = dict(base)
                more.append(dict(names))
                for op in ops:
                    self.apply_name(names, op)
                    more.append(dict(names))
            states = more
        return states

    def states(self, rng):
        """(files: rel path -> bytes) for every crash state at this point."""
        variants = {}
        out = []
        for names in self.name_variants():
            ids = sorted(set(names.values()))
            base_none = {i: self.inodes[i][0] for i in ids}
            moving = [i for i in ids if self.inodes[i][1]]
            choices = [base_none]
            if moving:
                for i in moving:
                    if i not in variants:
                        variants[i] = content_variants(
                            self.inodes[i][0], self.inodes[i][1], rng)
                base_all = dict(base_none)
                for i in moving:
                    base_all[i] = variants[i][-1]
                for i in moving:
                    for v in variants[i]:
                        for base in (base_none, base_all):
                            c = dict(base)
                            c[i] = v
                            choices.append(c)
            for c in choices:
                out.append({os.path.relpath(p, self.root): c[i]
                            for p, i in names.items()})
        return out


# ---- checking a state ----

def decode(data):
    u = msgpack.Unpacker(raw=False, strict_map_key=False)
    u.feed(data)
    return list(u)


def decode_ends(data):
    """The objects in data and the offset each ends at."""
    u = msgpack.Unpacker(raw=False, strict_map_key=False)
    u.feed(data)
    objs, ends = [], []
    for o in u:
        objs.append(o)
        ends.append(u.tell())
    return objs, ends


def build(files, dirs, where):
    os.makedirs(where, exist_ok=True)
    for d in dirs:
        os.makedirs(os.path.join(where, d), exist_ok=True)
    for rel, data in files.items():
        p = os.path.join(where, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
        os.chmod(p, 0o600)


class LogCheck:
    """A log written by the recorder: never lost, never refused."""

    def __init__(self, sc, final_objs, tail=None):
        self.tail = tail    # (offset, bytes) of a torn tail to keep
        self.log = sc["log"]
        self.final = final_objs
        self.rec = sc["rec"]
        self.ana = sc["ana"]
        self.note = os.path.join(os.path.dirname(sc["work"]), "note.txt")
        with open(self.note, "w") as f:
            f.write("note crash check\n")

    @staticmethod
    def sides(path):
        d, base = os.path.dirname(path), os.path.basename(path)
        return [os.path.join(d, n) for n in os.listdir(d)
                if n.startswith(base + ".damaged-")]

    def tail_kept(self, files):
        """Whether the torn tail the run began with is still somewhere:
        in the log, or whole in a side file."""
        good, tail = self.tail
        if files[self.log][good:good + len(tail)] == tail:
            return True
        return any(data == tail for rel, data in files.items()
                   if rel.startswith(self.log + ".damaged-"))

    def check(self, where, files, confirmed):
        if self.log not in files:
            if confirmed > 0:
                return "log lost with %d records confirmed" % confirmed
            return None
        path = os.path.join(where, self.log)
        before = files[self.log]
        a = subprocess.run([self.ana, path], capture_output=True,
                           stdin=subprocess.DEVNULL)
        if a.returncode not in (0, 65) or (
                a.returncode == 65 and b"torn" not in a.stderr):
            return "analyser refused the log (exit %d): %s" % (
                a.returncode, a.stderr.decode(errors="replace").strip())
        # An append is how the recorder re-opens a log: one note, which
        # any day (running, paused or stopped) takes.
        if self.tail and not self.tail_kept(files):
            return "the torn tail's bytes are lost"
        side_before = set(self.sides(path))
        r = subprocess.run([self.rec, "--input", self.note, path],
                           capture_output=True, stdin=subprocess.DEVNULL)
        if r.returncode != 0:
            return "recorder refused to re-open (exit %d): %s" % (
                r.returncode, r.stderr.decode(errors="replace").strip())
        with open(path, "rb") as f:
            whole = f.read()
        objs, ends = decode_ends(whole)
        after = whole[:ends[-2]] if len(ends) > 1 else b""
        if after != before:
            if not before.startswith(after):
                return "re-open changed the kept bytes"
            side = sorted(set(self.sides(path)) - side_before)
            kept = b"".join(open(n, "rb").read() for n in side)
            if kept != before[len(after):]:
                return "torn tail not kept in a side file"
        if not objs or objs[0] != self.final[0]:
            return "header lost or changed"
        last = objs[-1] if len(objs) > 1 else {}
        if last.get("type") != "note" or last.get("text") != "crash check":
            return "the re-opening note is not the last record"
        recs = objs[1:-1]
        if recs != self.final[1:1 + len(recs)]:
            return "records are not the run's records in order, once each"
        if len(recs) < confirmed:
            return "%d records confirmed, %d there" % (confirmed, len(recs))
        return None


class OutputCheck:
    """Charts and report: the old file, the new file or absent."""

    def __init__(self, sc, old, new):
        self.old, self.new = old, new
        self.names = [n for n in set(old) | set(new)
                      if n.endswith((".png", ".svg", ".pdf", ".html"))]

    def check(self, where, files, confirmed):
        for n in self.names:
            got = files.get(n)
            if got is not None and got != self.old.get(n) and \
                    got != self.new.get(n):
                return "%s is neither the old nor the new file" % n
            if confirmed and got != self.new.get(n):
                return "%s not the new file after the run exited" % n
        return None


# ---- scenarios ----

def snapshot(root):
    out = {}
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            with open(p, "rb") as f:
                out[os.path.relpath(p, root)] = f.read()
    return out


def traced(env, shim, work, trace, argv):
    e = dict(env, LD_PRELOAD=shim, TRACE_PREFIX=work, TRACE_FILE=trace)
    r = subprocess.run(argv, env=e, capture_output=True,
                       stdin=subprocess.DEVNULL)
    if r.returncode != 0:
        sys.exit("%s: exit %d: %s" % (argv[0], r.returncode, r.stderr))


def mark(trace, what, n):
    with open(trace, "a") as f:
        f.write("mark %s %d\n" % (what, n))


def scenario_timed_new(sc):
    """A timed-command day creating a new log."""
    log = os.path.join(sc["work"], "day.slog")
    traced(sc["env"], sc["shim"], sc["work"], sc["trace"],
           [sc["rec"], "--date", "2026-11-16", "--input",
            os.path.join(sc["data"], "sample-day.txt"), log])
    sc["log"] = "day.slog"
    objs = decode(open(log, "rb").read())
    mark(sc["trace"], "confirmed", len(objs) - 1)
    return LogCheck(sc, objs)


def scenario_review(sc):
    """A timed review appended to a finished day."""
    log = os.path.join(sc["work"], "day.slog")
    subprocess.run([sc["rec"], "--date", "2026-11-16", "--input",
                    os.path.join(sc["data"], "sample-day.txt"), log],
                   check=True, capture_output=True)
    sc["init"] = snapshot(sc["work"])
    first = decode(sc["init"]["day.slog"])
    mark(sc["trace"], "confirmed", len(first) - 1)
    traced(sc["env"], sc["shim"], sc["work"], sc["trace"],
           [sc["rec"], "--input", os.path.join(sc["data"], "review.txt"),
            log])
    sc["log"] = "day.slog"
    objs = decode(open(log, "rb").read())
    mark(sc["trace"], "confirmed", len(objs) - 1)
    return LogCheck(sc, objs)


def scenario_outputs(sc):
    """The analyser writing --html and --plot over existing files."""
    w = sc["work"]
    a, b = os.path.join(w, "a.slog"), os.path.join(w, "b.slog")
    day = os.path.join(sc["data"], "sample-day.txt")
    subprocess.run([sc["rec"], "--date", "2026-11-16", "--input", day, a],
                   check=True, capture_output=True)
    subprocess.run([sc["rec"], "--date", "2026-11-17", "--input", day, b],
                   check=True, capture_output=True)
    subprocess.run([sc["rec"], "--input",
                    os.path.join(sc["data"], "review.txt"), b],
                   check=True, capture_output=True)
    argv = [sc["ana"], "--plot", os.path.join(w, "plots"), "--html",
            os.path.join(w, "report.html")]
    subprocess.run(argv + [a], check=True, capture_output=True,
                   env=sc["env"])
    sc["init"] = snapshot(w)
    traced(sc["env"], sc["shim"], w, sc["trace"], argv + [b])
    mark(sc["trace"], "confirmed", 1)
    return OutputCheck(sc, sc["init"], snapshot(w))


def scenario_repair(sc):
    """A note appended to a day whose last record was cut: the torn tail
    is moved into a side file, then the log cut back and appended to."""
    log = os.path.join(sc["work"], "day.slog")
    subprocess.run([sc["rec"], "--date", "2026-11-16", "--input",
                    os.path.join(sc["data"], "sample-day.txt"), log],
                   check=True, capture_output=True)
    whole = open(log, "rb").read()
    objs, ends = decode_ends(whole)
    good = ends[-2]
    with open(log, "r+b") as f:
        f.truncate(len(whole) - 3)
    tail = whole[good:len(whole) - 3]
    sc["init"] = snapshot(sc["work"])
    mark(sc["trace"], "confirmed", len(objs) - 2)
    note = os.path.join(os.path.dirname(sc["work"]), "repair.txt")
    with open(note, "w") as f:
        f.write("note after the repair\n")
    traced(sc["env"], sc["shim"], sc["work"], sc["trace"],
           [sc["rec"], "--input", note, log])
    sc["log"] = "day.slog"
    objs = decode(open(log, "rb").read())
    mark(sc["trace"], "confirmed", len(objs) - 1)
    return LogCheck(sc, objs, (good, tail))


# Keys for the live day, each with the seq the screen then says is saved.
LIVE_KEYS = [(b"t", 2), (b"#T04\r", 3), (b" ", 4), (b"P", 5), (b"/p", 6),
             (b"!met in the corridor\r", 7), (b"\t", 8), (b"\t", 9),
             (b"s", 10), (b"\x7f", 11), (b"v", 12)]


class Pty:
    """The live recorder in a pseudo-terminal of cols x rows."""

    def __init__(self, argv, env, cols, rows):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(argv[0], argv, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ,
                    struct.pack("HHHH", rows, cols, 0, 0))
        self.out = b""

    def wait_saved(self, seq, since):
        """Whether the screen says record seq is saved within 10 s."""
        # up to "saved", not into another record's line ("#11 undo #10 ...")
        pat = re.compile(rb"#%d (?:[^#]|#(?!\d+ [a-z])){0,100}?saved" % seq)
        end = time.time() + 10
        while time.time() < end:
            if pat.search(self.out, since):
                return True
            r, _, _ = select.select([self.fd], [], [], 0.05)
            if r:
                try:
                    self.out += os.read(self.fd, 65536)
                except OSError:
                    return bool(pat.search(self.out, since))
        return False

    def send(self, keys):
        since = len(self.out)
        os.write(self.fd, keys)
        return since

    def finish(self):
        while True:
            try:
                if not os.read(self.fd, 65536):
                    break
            except OSError:
                break
        return os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])


def scenario_live(sc, cols=250, rows=60):
    """The live recorder creating a new log, with a dozen keys."""
    log = os.path.join(sc["work"], "live.slog")
    env = dict(sc["env"], LD_PRELOAD=sc["shim"], TRACE_PREFIX=sc["work"],
               TRACE_FILE=sc["trace"], TERM="xterm")
    term = Pty([sc["rec"], "--school", "Crash School", log], env, cols, rows)
    if not term.wait_saved(1, 0):
        sys.exit("live: the screen never said #1 saved")
    mark(sc["trace"], "confirmed", 1)
    for keys, seq in LIVE_KEYS:
        since = term.send(keys)
        if not term.wait_saved(seq, since):
            sys.exit("live: the screen never said #%d saved" % seq)
        # only now may the day count on it: the mark follows the fsync
        mark(sc["trace"], "confirmed", seq)
    # q asks, y writes stop and exits: exit 0 confirms the stop
    term.send(b"q")
    time.sleep(0.3)
    term.send(b"y")
    if term.finish() != 0:
        sys.exit("live: the recorder did not exit 0")
    n = LIVE_KEYS[-1][1] + 1
    mark(sc["trace"], "confirmed", n)
    sc["log"] = "live.slog"
    objs = decode(open(log, "rb").read())
    if len(objs) - 1 != n or objs[-1].get("type") != "stop":
        sys.exit("live: %d records, not %d ending in stop" % (
            len(objs) - 1, n))
    return LogCheck(sc, objs)


SCENARIOS = {
    "live": scenario_live,
    # the same day on a phone-sized terminal: "saved" must still be shown
    "live-small": lambda sc: scenario_live(sc, 30, 8),
    "timed-new": scenario_timed_new,
    "review": scenario_review,
    "repair": scenario_repair,
    "outputs": scenario_outputs,
}


# ---- driving ----

def all_states(sc, events, rng):
    """Distinct (files, confirmed) states over every point of the trace."""
    model = Model(sc["work"], sc.get("init", {}))
    seen = {}
    for k in range(len(events) + 1):
        if k > 0:
            model.step(events[k - 1])
        if k < len(events) and events[k][0] == "mark":
            continue
        confirmed = model.confirmed.get("confirmed", 0)
        for files in model.states(rng):
            h = hashlib.sha1()
            for rel in sorted(files):
                h.update(rel.encode() + b"\0" +
                         hashlib.sha1(files[rel]).digest())
            key = (h.hexdigest(), confirmed)
            if key not in seen:
                seen[key] = files
    return seen


def run_scenario(name, args, tmp, rng, keep):
    sc = {"rec": os.path.join(args.build, "recorder", "shadowlog-record"),
          "ana": os.path.join(args.build, "analyser", "shadowlog-analyse"),
          "shim": os.path.join(args.build, "tests", "crash", "trace.so"),
          "data": os.path.join(args.src, "tests", "data"),
          "env": dict(os.environ)}
    base = os.path.join(tmp, name)
    sc["work"] = os.path.join(base, "w")
    sc["trace"] = os.path.join(base, "trace")
    os.makedirs(sc["work"])
    checker = SCENARIOS[name](sc)
    events = [e for e in parse_trace(sc["trace"]) if e[0] not in args.drop]
    dirs = {os.path.relpath(e[1], sc["work"]) for e in events
            if e[0] == "mkdir"}
    states = all_states(sc, events, rng)
    keys = sorted(states)
    if args.sample and args.sample < len(keys):
        keys = rng.sample(keys, args.sample)
    passed = 0
    for n, key in enumerate(keys):
        where = os.path.join(base, "s%d" % n)
        build(states[key], dirs, where)
        why = checker.check(where, states[key], key[1])
        if why is None:
            passed += 1
            shutil.rmtree(where)
            continue
        print("FAIL %s state %d (%d confirmed): %s" % (name, n, key[1], why))
        if keep:
            dest = os.path.join(keep, "%s-%d" % (name, n))
            shutil.rmtree(dest, ignore_errors=True)
            build(states[key], dirs, dest)
            with open(os.path.join(dest, "CONFIRMED"), "w") as f:
                f.write("%d\n" % key[1])
    print("%s: %d writes, %d syncs, %d renames traced; %d states checked, "
          "%d passed" % (name, sum(e[0] == "write" for e in events),
                         sum(e[0] in ("fsync", "dsync") for e in events),
                         sum(e[0] == "rename" for e in events),
                         len(keys), passed))
    sys.stdout.flush()
    return len(keys), passed


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sample", type=int, default=0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--keep")
    p.add_argument("--drop", action="append", default=[],
                   help="replay as if the writer never made these calls "
                   "(fsync, dsync): the explorer's own test")
    p.add_argument("build")
    p.add_argument("src")
    p.add_argument("scenarios", nargs="*")
    args = p.parse_args()
    names = args.scenarios or list(SCENARIOS)
    checked = passed = 0
    tmp = tempfile.mkdtemp(prefix="shadowlog-crash.")
    try:
        for name in names:
            rng = random.Random(args.seed)
            c, ok = run_scenario(name, args, tmp, rng, args.keep)
            checked += c
            passed += ok
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("crash states: %d checked, %d passed" % (checked, passed))
    return 0 if checked == passed and checked > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
