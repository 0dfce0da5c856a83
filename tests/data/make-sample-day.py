#!/usr/bin/python3
# Generates tests/data/sample-day.txt: a realistic primary head's day, shaped by hand
# (briefing, gate duty, assembly, learning walk, parents, lunch pause, teaching,
# governors, staff meeting) with seeded lengths.  Run: /usr/bin/python3 tests/data/make-sample-day.py
import random
rnd = random.Random(20261122)
out = []
t = 7*3600 + 42*60
def hms(s):
    return "%02d:%02d:%02d" % (s//3600, s%3600//60, s%60)
def emit(cmd):
    out.append("%s %s" % (hms(t), cmd))
def adv(lo, hi):
    global t
    t += rnd.randint(lo, hi)
def q(v):
    return '"%s"' % v if ' ' in v else v

out.append("# Sample day: Meadowbank Primary (pseudonym), head HT1, shadowed by OBS-A.")
out.append("# Transcribed as timed commands; every person code is a pseudonym.")
emit("begin"); adv(300, 420)
emit('note arrives, checks e-mail and the day\'s cover list'); adv(200, 300)
def ep(group, by, lo, hi, **kw):
    parts = ["start", q(group) if group in ("support staff",) else group]
    if by: parts.append("by=" + by)
    for k in ("person", "where", "mode", "with"):
        if k in kw: parts.append("%s=%s" % (k, q(kw[k]) if k != "with" else kw[k]))
    emit(" ".join(parts)); adv(lo, hi)
    global is_open
    is_open = True
is_open = False
def end(lo, hi):
    # Ends the open episode; the head may already be alone.
    global is_open
    if is_open:
        emit("end")
    is_open = False
    adv(lo, hi)
def brief(group, by, where=None, person=None):
    parts = ["brief", q(group), "by=" + by]
    if person: parts.append("person=" + person)
    if where: parts.append("where=" + q(where))
    emit(" ".join(parts)); adv(20, 90)

# Morning briefing and early contacts
ep("SLT", "head", 500, 700, person="DH", where="office", mode="scheduled meeting")
ep("support staff", "other", 150, 260, person="BM1", where="office", mode="unscheduled meeting")
end(240, 400)
ep("teachers", "other", 120, 200, person="T04", where="corridor", mode="unscheduled meeting")
ep("teachers", "other", 90, 150, person="T09", where="corridor", mode="unscheduled meeting")
end(60, 120)
emit("note cover for Y4 sorted with DH"); adv(30, 60)
ep("teachers", "head", 420, 540, person="ALL", where="staffroom", mode="scheduled meeting", **{"with": "\"SLT,support staff\""})
end(60, 120)
# Gate duty: parents and pupils
ep("parents", "other", 100, 160, person="PA03", where="playground", mode="unscheduled meeting")
brief("pupils", "head", "playground")
brief("pupils", "other", "playground")
ep("parents", "other", 150, 260, person="PA07", where="playground", mode="unscheduled meeting")
brief("parents", "head", "playground")
ep("pupils", "head", 40, 80, where="playground")
ep("parents", "other", 200, 300, person="PA11", where="playground", mode="unscheduled meeting")
brief("support staff", "other", "playground", "TA02")
end(120, 240)
# Assembly
ep("pupils", "head", 1200, 1320, person="KS2", where="hall", mode="teaching", **{"with": "teachers"})
end(180, 300)
# Office: phone, admin, interruptions
ep("visitors", "other", 400, 600, person="LA1", where="office", mode="phone")
end(300, 500)
ep("support staff", "other", 100, 200, person="BM1", where="office", mode="unscheduled meeting")
# A wrong key, taken back
ep("parents", "other", 5, 10, where="office")
emit("undo"); adv(2, 5)
ep("SLT", "other", 300, 420, person="AHT", where="office", mode="unscheduled meeting")
end(200, 400)
# Learning walk
for i in range(9):
    ep("teachers", "head", 150, 330, person="T%02d" % rnd.randint(1, 14), where="classroom", mode="tour")
    if rnd.random() < 0.7:
        brief("pupils", rnd.choice(["head", "other"]), "classroom")
    ep("pupils", "head", 90, 240, where="classroom", mode="tour")
    if rnd.random() < 0.5:
        end(30, 90)
brief("support staff", "head", "corridor", "TA05")
end(60, 120)
emit("note learning walk: focus on Y5 reading; two classes not visited"); adv(100, 200)
# Break time
ep("pupils", "other", 60, 120, where="playground")
brief("pupils", "other", "playground")
brief("pupils", "other", "playground")
ep("support staff", "head", 120, 200, person="MS1", where="playground")
ep("teachers", "other", 180, 300, person="T02", where="staffroom", mode="unscheduled meeting")
end(60, 120)
# Parent meeting (scheduled)
ep("parents", "head", 1500, 1800, person="PA14", where="office", mode="scheduled meeting", **{"with": "teachers"})
end(120, 200)
# Pupil behaviour incident
ep("pupils", "other", 300, 480, person="P117", where="office", mode="unscheduled meeting")
ep("teachers", "other", 120, 240, person="T06", where="office", mode="unscheduled meeting")
emit("set person=T06 where=corridor"); adv(60, 120)
ep("pupils", "head", 200, 300, person="P117", where="office")
end(120, 300)
ep("visitors", "head", 240, 400, person="SUP1", where="reception")
end(200, 400)
# Lunch: duty then the head's own break (paused)
ep("pupils", "head", 300, 420, where="hall", mode="tour")
brief("support staff", "other", "hall", "MS2")
ep("support staff", "other", 180, 300, person="MS2", where="hall")
brief("pupils", "other", "hall")
ep("pupils", "other", 120, 180, where="playground")
brief("pupils", "other", "playground")
brief("parents", "other", "reception")
end(60, 120)
emit("pause"); adv(1200, 1500); is_open = False
emit("resume"); adv(120, 200)
emit("note back from lunch; head asked that the break not be observed"); adv(20, 60)
# Afternoon: teaching
ep("pupils", "head", 2400, 2700, person="Y6", where="classroom", mode="teaching", **{"with": "\"support staff\""})
brief("teachers", "other", "classroom", "T11")
end(120, 240)
# Calls and admin
ep("visitors", "head", 300, 500, person="LA2", where="office", mode="phone")
ep("SLT", "other", 400, 600, person="DH", where="office", mode="unscheduled meeting")
end(600, 900)
ep("support staff", "other", 200, 300, person="SBM", where="office", mode="scheduled meeting")
emit("set mode=\"unscheduled meeting\""); adv(200, 300)
ep("teachers", "other", 150, 240, person="T13", where="office", mode="unscheduled meeting")
end(300, 500)
# Office afternoon: a run of short interruptions
for i in range(10):
    g, who, per = rnd.choice([("teachers", "other", "T%02d" % rnd.randint(1, 14)),
                              ("support staff", "other", "TA%02d" % rnd.randint(1, 6)),
                              ("SLT", "other", rnd.choice(["DH", "AHT"])),
                              ("pupils", "other", "P%03d" % rnd.randint(100, 199)),
                              ("visitors", "head", "LA3")])
    ep(g, rnd.choice([who, "head"]), 60, 420, person=per, where="office",
       mode=rnd.choice(["unscheduled meeting", "phone"]) if g == "visitors" else "unscheduled meeting")
    if rnd.random() < 0.6:
        end(60, 400)
    if rnd.random() < 0.3:
        brief(rnd.choice(["pupils", "teachers"]), "other", "corridor")
# Governor visit
ep("visitors", "head", 1200, 1500, person="GOV1", where="office", mode="scheduled meeting", **{"with": "SLT"})
ep("visitors", "head", 400, 600, person="GOV1", where="corridor", mode="tour")
end(100, 200)
brief("pupils", "head", "corridor")
brief("teachers", "head", "corridor", "T03")
# End of day: gate, then staff
ep("parents", "other", 120, 240, person="PA02", where="playground", mode="unscheduled meeting")
ep("parents", "other", 200, 300, person="PA21", where="playground", mode="unscheduled meeting")
brief("pupils", "other", "playground")
ep("pupils", "other", 60, 100, where="playground")
ep("parents", "head", 150, 250, person="PA09", where="playground")
end(200, 400)
ep("SLT", "head", 600, 800, person="AHT", where="office", mode="scheduled meeting")
ep("teachers", "head", 2400, 2700, person="ALL", where="staffroom", mode="scheduled meeting", **{"with": "SLT"})
brief("support staff", "other", "staffroom", "TA02")
ep("teachers", "other", 200, 300, person="T08", where="staffroom", mode="unscheduled meeting")
ep("teachers", "other", 5, 10, person="T08", where="staffroom")
emit("undo"); adv(2, 4)
ep("support staff", "other", 150, 300, person="CT1", where="corridor")
end(500, 800)
emit("note finishes e-mail and leaves the building"); adv(10, 30)
emit("stop")
print("\n".join(out))
