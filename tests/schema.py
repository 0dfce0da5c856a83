#!/usr/bin/python3
"""Checks JSON documents against a schema of shadowlog-analyse(1), read
from the man page itself: the list after the comment line
'.\\" schema: NAME' (JSON schemas, under OUTPUT COLUMNS), one member a
line, '.It Li PATH Ta TYPE Ta UNIT'.  Every member written must be in the
list with its type (null only where it says "or null"), every member it
lists must be written unless its unit says "optional" (or it lies under
one that does) by one of the documents at least (unless --partial),
and units that can be checked are: count, s, 0..1, -1 to 1, HH:MM:SS,
HH:MM and YYYY-MM-DD.
usage: schema.py [--partial] MANPAGE NAME FILE.json..."""
import fnmatch
import json
import re
import sys

TYPES = {"object": dict, "array": list, "string": str, "boolean": bool}


def unescape(s):
    return s.replace("\\(mi", "-").replace("\\&", "").strip()


def read_schema(manpage, name):
    lines = open(manpage, encoding="utf-8").read().split("\n")
    try:
        at = lines.index('.\\" schema: ' + name)
    except ValueError:
        sys.exit(f"{manpage}: no schema named {name}")
    schema = {}
    for line in lines[at + 1:]:
        if line == ".El":
            break
        if not line.startswith(".It Li "):
            continue
        cells = [unescape(c) for c in
                 re.split(r"\s+Ta(?:\s+|$)", line[len(".It Li "):])]
        path, typ = cells[0], cells[1]
        unit = cells[2] if len(cells) > 2 else ""
        m = re.fullmatch(r"(object|array|string|number|boolean|null)"
                         r"( or null)?", typ)
        if not m:
            sys.exit(f"{manpage}: schema {name}: {path}: type '{typ}'")
        optional = unit.startswith("optional")
        if optional:
            unit = unit[len("optional"):].lstrip("; ")
        schema[path] = {"type": m.group(1), "null": bool(m.group(2)) or
                        m.group(1) == "null", "optional": optional,
                        "unit": unit}
    if len(schema) < 5:
        sys.exit(f"{manpage}: schema {name}: {len(schema)} members read")
    return schema


def children(schema, spath):
    """The named and the wildcard members of the object at spath."""
    pre = spath + "." if spath else ""
    named, globs = {}, []
    for p in schema:
        if p.startswith(pre) and "." not in p[len(pre):] \
                and not p[len(pre):].endswith("[]"):
            key = p[len(pre):]
            if "*" in key:
                globs.append((key, p))
            else:
                named[key] = p
    return named, globs


CLOCK = re.compile(r"\d{2,}:\d{2}:\d{2}(\.\d{3})?")
UNITS = {
    "HH:MM:SS": lambda v: isinstance(v, str) and CLOCK.fullmatch(v),
    "HH:MM": lambda v: isinstance(v, str) and
    re.fullmatch(r"\d{2,}:\d{2}", v),
    "YYYY-MM-DD": lambda v: isinstance(v, str) and
    re.fullmatch(r"\d{4}-\d{2}-\d{2}", v),
    "count": lambda v: isinstance(v, int) and v >= 0,
    "s": lambda v: isinstance(v, (int, float)),
    "0..1": lambda v: 0 <= v <= 1,
    "-1 to 1": lambda v: -1 <= v <= 1,
}


class Checker:
    def __init__(self, schema, where):
        self.schema, self.where = schema, where
        self.seen = set()
        self.bad = 0
        self.members = 0

    def fail(self, concrete, what):
        self.bad += 1
        if self.bad <= 20:
            print(f"not ok - {self.where}: {concrete or '(top)'}: {what}")

    def value(self, v, spath, concrete):
        self.members += 1
        self.seen.add(spath)
        if spath:
            s = self.schema[spath]
            if v is None:
                if not s["null"]:
                    self.fail(concrete, f"null, the man page says "
                              f"{s['type']}")
                return
            if s["type"] == "number":
                ok = isinstance(v, (int, float)) and not isinstance(v, bool)
            elif s["type"] == "null":
                ok = False
            else:
                ok = isinstance(v, TYPES[s["type"]])
            if not ok:
                self.fail(concrete, f"{json.dumps(v)[:40]} is not "
                          f"{s['type']}")
                return
            for unit, test in UNITS.items():
                if (s["unit"] == unit or s["unit"].startswith(unit + ",")
                        or s["unit"].startswith(unit + " ")) \
                        and not test(v):
                    self.fail(concrete, f"{v!r} is not in {unit}")
        if isinstance(v, dict):
            self.object(v, spath, concrete)
        elif isinstance(v, list):
            for i, x in enumerate(v):
                sp = spath + "[]"
                if sp not in self.schema:
                    self.fail(concrete, "an array the man page lacks")
                    return
                self.value(x, sp, f"{concrete}[{i}]")

    def object(self, obj, spath, concrete):
        named, globs = children(self.schema, spath)
        for key, x in obj.items():
            c = f"{concrete}.{key}" if concrete else key
            if key in named:
                self.value(x, named[key], c)
                continue
            sp = next((p for g, p in globs if fnmatch.fnmatchcase(key, g)),
                      None)
            if sp is None:
                self.fail(c, "not in the man page")
            else:
                self.value(x, sp, c)
        for key, p in named.items():
            if key not in obj and not self.schema[p]["optional"]:
                self.fail(f"{concrete}.{key}" if concrete else key,
                          "missing, the man page lists it")


def under_optional(schema, path):
    while path:
        if schema.get(path, {}).get("optional"):
            return True
        if path.endswith("[]"):
            path = path[:-2]
        else:
            path = path.rpartition(".")[0]
    return False


def main():
    args = sys.argv[1:]
    partial = args[:1] == ["--partial"]
    if partial:
        args = args[1:]
    manpage, name, files = args[0], args[1], args[2:]
    schema = read_schema(manpage, name)
    total = Checker(schema, name)
    for f in files:
        c = Checker(schema, f"{name} {f.split('/')[-1]}")
        try:
            doc = json.load(open(f, encoding="utf-8"))
        except ValueError as e:
            c.fail("", f"not JSON: {e}")
            doc = None
        if doc is not None:
            c.value(doc, "", "")
        total.bad += c.bad
        total.members += c.members
        total.seen |= c.seen
    for p in schema:
        if not partial and p not in total.seen and \
                not under_optional(schema, p):
            total.fail(p, "never written by the outputs checked")
    print(f"{name}: {len(files)} documents, {total.members} values "
          f"against {len(schema)} members: {total.bad} wrong")
    sys.exit(1 if total.bad else 0)


main()
