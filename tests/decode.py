#!/usr/bin/python3
"""An independent reader of .slog files, with Debian's python3-msgpack.

It proves the log is standard msgpack that any decoder reads, and gives
the end-to-end tests the actions to compare.

  decode.py check LOG      decode, check the format rules, print a summary
  decode.py actions LOG    one line per record: seq type and its fields
  decode.py timed LOG      the records as timed commands (for replaying)
  decode.py show LOG       a readable listing of the day
"""
import datetime
import sys

import msgpack

TYPES = {"begin", "start", "end", "brief", "note", "pause", "resume",
         "undo", "stop", "set", "recode", "move", "comment", "redo", "add",
         "withdraw", "fix", "span", "alone"}
REVIEW = {"recode": {"start", "brief", "add"},
          "move": {"start", "end", "pause", "resume", "brief"},
          "span": {"begin", "stop"},
          "comment": {"start", "add"},
          "withdraw": {"start", "brief", "add"},
          "fix": {"start", "brief", "add", "begin", "end", "resume",
                  "alone"}}
# A fix of a stretch alone (named by what began it or an alone record)
# gives dimensions and nothing else.
ALONE_TARGETS = {"begin", "end", "resume", "alone"}
DETAILS = ("by", "person", "where", "mode", "with")


def load(path):
    with open(path, "rb") as f:
        objs = list(msgpack.Unpacker(f, raw=False, strict_map_key=True))
    if not objs:
        sys.exit("%s: empty" % path)
    return objs[0], objs[1:]


def check(path):
    hdr, recs = load(path)
    assert isinstance(hdr, dict), "header is not a map"
    assert hdr.get("type") == "header", hdr.get("type")
    assert hdr.get("format") == "shadowlog", hdr.get("format")
    assert hdr.get("version") == 1, hdr.get("version")
    for k in ("school", "head", "observer", "date", "tz", "recorder"):
        assert isinstance(hdr.get(k), str), k
    assert isinstance(hdr.get("utc_offset"), int)
    assert isinstance(hdr.get("scheme"), dict)
    groups = [g["name"] for g in hdr["scheme"]["groups"]]
    dims = [d["name"] for d in hdr["scheme"].get("dimensions", [])]
    last_t = None
    types = {}
    for i, r in enumerate(recs, 1):
        types[i] = r["type"]
        if r["type"] in REVIEW:
            target = r["target"]
            assert isinstance(target, int), "target at seq %d" % i
            assert (target == 0 and r["type"] == "comment") or \
                types.get(target) in REVIEW[r["type"]], \
                "%s of %r at seq %d" % (r["type"], target, i)
            if r["type"] == "fix" and types.get(target) in ALONE_TARGETS:
                assert r.get("dims") and not any(k in r for k in DETAILS), \
                    "fix of time alone at seq %d" % i
            if r["type"] in ("move", "span"):
                assert isinstance(r["to"], int)
            if r["type"] == "comment":
                assert isinstance(r["text"], str) and r["text"].strip()
        if r["type"] == "redo":
            assert types.get(r["target"]) == "undo", "redo at seq %d" % i
        assert isinstance(r, dict), "record %d is not a map" % i
        assert r["type"] in TYPES, r["type"]
        assert r["seq"] == i, "seq %r at record %d" % (r["seq"], i)
        assert isinstance(r["t"], int)
        if r["type"] == "add":
            assert isinstance(r["from"], int) and isinstance(r["to"], int)
            assert r["from"] < r["to"], "add at seq %d" % i
        if r["type"] in ("start", "brief", "recode", "add"):
            assert r["group"] in groups, r["group"]
        for g in r.get("with", []):
            assert g in groups, g
        for name, value in r.get("dims", {}).items():
            assert name in dims, name
            assert isinstance(value, str), name
        if "mono" not in r and last_t is not None:
            assert r["t"] >= last_t, "time goes back at seq %d" % i
        last_t = r["t"]
    kinds = {}
    for r in recs:
        kinds[r["type"]] = kinds.get(r["type"], 0) + 1
    print("%s: standard msgpack: header + %d records (%s)" % (
        path, len(recs), ", ".join("%s %d" % kv for kv in sorted(kinds.items()))))


def fields(r):
    out = [str(r["seq"]), r["type"]]
    for k in ("group", "by", "person", "where", "mode"):
        if k in r:
            out.append("%s=%s" % (k, r[k]))
    if "with" in r:
        out.append("with=" + ",".join(r["with"]))
    for name, value in r.get("dims", {}).items():
        out.append("%s=%s" % (name, value))
    if "text" in r:
        out.append("text=" + r["text"])
    if "undoes" in r:
        out.append("undoes=%d" % r["undoes"])
    if "target" in r:
        out.append("target=%d" % r["target"])
    if "from" in r:
        out.append("from=%d" % r["from"])
    if "to" in r:
        out.append("to=%d" % r["to"])
    return out


def clock(hdr, t):
    d = datetime.date.fromisoformat(hdr["date"])
    midnight = (datetime.datetime(d.year, d.month, d.day,
                                  tzinfo=datetime.timezone.utc).timestamp()
                - hdr["utc_offset"]) * 1000
    ms = int(t - midnight)
    return "%02d:%02d:%02d.%03d" % (ms // 3600000, ms // 60000 % 60,
                                    ms // 1000 % 60, ms % 1000)


def quote(v):
    if v == "" or any(c in v for c in ' \t"\\'):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return v


def timed(path):
    hdr, recs = load(path)
    for r in recs:
        # a span is written as the move of a begin or stop
        words = [clock(hdr, r["t"]),
                 "move" if r["type"] == "span" else r["type"]]
        if r["type"] == "note":
            print(" ".join(words) + " " + r["text"])
            continue
        if r["type"] == "add":
            words += [clock(hdr, r["from"]), clock(hdr, r["to"])]
        elif r["type"] in REVIEW:
            words.append("#%d" % r["target"] if r["target"] else "day")
            if r["type"] == "span":
                words[-1] = recs[r["target"] - 1]["type"]
            if r["type"] in ("move", "span"):
                words.append(clock(hdr, r["to"]))
            if r["type"] == "comment":
                words.append(r["text"])
            elif r["type"] != "fix":
                words += [quote(r["group"])] if "group" in r else []
            if r["type"] != "fix":
                print(" ".join(words))
                continue
        if "group" in r:
            words.append(quote(r["group"]))
        for k in ("by", "person", "where", "mode"):
            if k in r:
                words.append("%s=%s" % (k, quote(r[k])))
        if "with" in r:
            words.append("with=" + quote(",".join(r["with"])))
        for name, value in r.get("dims", {}).items():
            words.append("%s=%s" % (name, quote(value)))
        print(" ".join(words))


def show(path):
    hdr, recs = load(path)
    print("%s  school %s  head %s  observer %s  %s (%s)" % (
        path, hdr["school"] or "-", hdr["head"] or "-",
        hdr["observer"] or "-", hdr["date"], hdr["tz"]))
    for r in recs:
        print("  %s  %s" % (clock(hdr, r["t"])[:8], " ".join(fields(r)[1:])))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    cmd, path = sys.argv[1:]
    if cmd == "check":
        check(path)
    elif cmd == "actions":
        for r in load(path)[1]:
            print(" ".join(fields(r)))
    elif cmd == "timed":
        timed(path)
    elif cmd == "show":
        show(path)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
