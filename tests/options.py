#!/usr/bin/python3
"""Every long option of a program's getopt_long table (read from its
main.c) must be in its --help and in its man page, both in the SYNOPSIS
and as an item of the options list, and every option the list documents
must be in the table: so the three cannot drift apart.
usage: options.py MAIN.C MANPAGE HELPFILE"""
import re
import sys

main_c, manpage, helpfile = sys.argv[1:4]

src = open(main_c, encoding="utf-8").read()
m = re.search(r"longopts\[\]\s*=\s*\{(.*?)\n\s*\};", src, re.S)
if not m:
    sys.exit(f"{main_c}: no longopts[] table found")
table = re.findall(r'\{\s*"([a-z][a-z-]*)"\s*,', m.group(1))
if len(table) < 5:
    sys.exit(f"{main_c}: only {len(table)} options read: {table}")

help_text = open(helpfile, encoding="utf-8").read()
man = open(manpage, encoding="utf-8").read()
sections = re.split(r"^\.Sh ", man, flags=re.M)
synopsis = next(s for s in sections if s.startswith("SYNOPSIS"))
description = next(s for s in sections if s.startswith("DESCRIPTION"))
items = set()
for line in description.splitlines():
    if line.startswith(".It "):
        items.update(re.findall(r"Fl \\-([a-z][a-z-]*)", line))


def has(text, pattern, name):
    return re.search(pattern % re.escape(name) + r"(?![a-z-])", text)


bad = 0
for name in table:
    for where, text, pattern in (("--help", help_text, r"--%s"),
                                 ("SYNOPSIS", synopsis, r"\\-%s")):
        if not has(text, pattern, name):
            print(f"not ok - --{name} is not in {where}")
            bad += 1
    if name not in items:
        print(f"not ok - --{name} has no .It in the man page's options")
        bad += 1
for name in sorted(items - set(table)):
    print(f"not ok - the man page documents --{name}, not in {main_c}")
    bad += 1
print(f"{len(table)} options of {main_c.split('/')[-2]}: {bad} missing")
sys.exit(1 if bad else 0)
