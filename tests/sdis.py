#!/usr/bin/python3
"""An SDIS timed-event file read by the grammar the format's authors give
(Bakeman and Quera, Analyzing Interaction: Sequential Analysis with SDIS
and GSEQ, 1995), as far as timed-event data go, with what
BORIS's SDIS export (boris/export_events.py) writes as a second witness:

  file        = declaration { session }
  declaration = "Timed" [ "<" unit ">" ] { code } ";"
  session     = [ "<" label ">" ] [ "," time ] { event } [ "," time ] "/"
  event       = code "," time [ "-" [ time ] ]
  time        = [ [ hours ":" ] minutes ":" ] seconds [ "." digits ]
  code        = letter { letter | digit | "_" }

with '%' starting a comment to the end of the line (BORIS opens its files
with one), tokens apart by white space, and these rules: when the
declaration lists codes, every code used is one of them; an event's
offset comes after its onset; a session's events lie between its start
and end times where it gives them; minutes and seconds of a clock time
are below 60.  The "<unit>" after Timed is accepted because BORIS writes
"Timed <seconds>;".
usage: sdis.py FILE  (prints the sessions and events read; exit 1 with
what is wrong)"""
import re
import sys

CODE = r"[A-Za-z][A-Za-z0-9_]*"
TIME = r"(?:(?:\d+:)?[0-5]?\d:)?\d+(?:\.\d+)?"


def seconds(t):
    parts = t.split(":")
    value = 0.0
    for i, p in enumerate(parts):
        if i > 0 and float(p) >= 60:
            raise ValueError(f"time {t}: {p} is not below 60")
        value = value * 60 + float(p)
    return value


def parse(text):
    text = re.sub(r"%[^\n]*", " ", text)
    m = re.match(r"\s*Timed(?:\s*<[^<>]*>)?((?:\s+%s)*)\s*;" % CODE, text)
    if not m:
        raise ValueError("no Timed declaration ended by ';': "
                         + text[:40].strip())
    declared = set(m.group(1).split())
    rest = text[m.end():]
    if rest.strip() and not rest.rstrip().endswith("/"):
        raise ValueError("the last session is not ended by '/'")
    sessions = []
    for body in rest.split("/")[:-1]:
        body = body.strip()
        label = None
        lm = re.match(r"<([^<>]*)>", body)
        if lm:
            label, body = lm.group(1), body[lm.end():]
        elif "<" in body or ">" in body:
            raise ValueError(f"a label not closed: {body[:40]}")
        tokens = body.split()
        start = end = None
        if tokens and re.fullmatch("," + TIME, tokens[0]):
            start = seconds(tokens.pop(0)[1:])
        if tokens and re.fullmatch("," + TIME, tokens[-1]):
            end = seconds(tokens.pop()[1:])
        events = []
        for tok in tokens:
            e = re.fullmatch(r"(%s),(%s)(?:-(%s)?)?" % (CODE, TIME, TIME),
                             tok)
            if not e:
                raise ValueError(f"not an event: {tok}")
            code, on = e.group(1), seconds(e.group(2))
            off = seconds(e.group(3)) if e.group(3) else None
            if declared and code not in declared:
                raise ValueError(f"{tok}: code {code} is not declared")
            if off is not None and off <= on:
                raise ValueError(f"{tok}: the offset is not after the onset")
            if start is not None and on < start or end is not None and \
                    (off if off is not None else on) > end:
                raise ValueError(f"{tok}: outside the session")
            events.append((code, on, off))
        sessions.append((label, start, end, events))
    return declared, sessions


def main():
    try:
        declared, sessions = parse(open(sys.argv[1], encoding="ascii").read())
    except (ValueError, UnicodeDecodeError) as e:
        print(f"{sys.argv[1]}: {e}")
        sys.exit(1)
    print(f"{len(declared)} codes declared, {len(sessions)} sessions, "
          f"{sum(len(s[3]) for s in sessions)} events")


main()
