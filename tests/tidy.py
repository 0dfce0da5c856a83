#!/usr/bin/python3
"""Runs the README's pandas block (between its tidy-pandas markers) in
the current directory, where episodes.csv and summary.csv are, and checks
its tidy table against the summary CSV read with the csv module, row by
row, and against the figures of the hand-made day (school "NA").
usage: tidy.py README.md"""
import contextlib
import csv
import io
import re
import sys

readme = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"<!-- tidy-pandas-begin -->\n```python\n(.*?)```\n"
              r"<!-- tidy-pandas-end -->", readme, re.S)
if not m:
    sys.exit("README.md: no pandas block between the tidy-pandas markers")
scope = {}
with contextlib.redirect_stdout(io.StringIO()):
    exec(compile(m.group(1), "README.md (pandas block)", "exec"), scope)
tidy = scope["tidy"]

bad = 0


def fail(what):
    global bad
    bad += 1
    print("not ok - " + what)


with open("summary.csv", newline="", encoding="utf-8") as f:
    summary = list(csv.DictReader(f))
if len(tidy) != len(summary):
    fail(f"tidy has {len(tidy)} rows, the summary {len(summary)}")
keys = ["school", "head", "observer", "date", "group"]
for i, (row, want) in enumerate(zip(tidy.to_dict("records"), summary)):
    if [row[k] for k in keys] != [want[k] for k in keys]:
        fail(f"row {i}: {[row[k] for k in keys]} is not {want}")
    if f"{row['seconds']:.3f}" != want["seconds"]:
        fail(f"row {i}: seconds {row['seconds']:.3f}, summary "
             f"{want['seconds']}")
    if f"{row['share']:.6f}" != want["share"]:
        fail(f"row {i}: share {row['share']:.6f}, summary {want['share']}")

# The hand-made day: teachers 08:00-08:30, alone 08:30-08:40 and
# 08:50-09:00 around a pause; observed 3000 s.
hand = {r["group"]: (r["seconds"], r["share"])
        for r in tidy.to_dict("records") if r["school"] == "NA"}
want = {"teachers": (1800.0, 0.6), "alone": (1200.0, 0.4), "SLT": (0.0, 0.0),
        "pupils": (0.0, 0.0)}
for group, (sec, share) in want.items():
    got = hand.get(group)
    if got is None or abs(got[0] - sec) > 1e-9 or abs(got[1] - share) > 1e-9:
        fail(f"the hand-made day's {group}: {got}, wanted {(sec, share)}")
print(f"{len(tidy)} rows of the tidy table checked: {bad} wrong")
sys.exit(1 if bad else 0)
