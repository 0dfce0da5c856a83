#!/usr/bin/python3
"""The named alternative: the day summary computed with pandas from an
episodes CSV (shadowlog-analyse --episodes --format=csv), written in the
analyser's summary CSV form.  Used by bench.py for timing and as an
independent cross-check of the analyser's figures.

  pandas_summary.py EPISODES.csv [GROUP ...]   (groups in scheme order;
                                                default: the built-in scheme)
"""
import sys

import numpy as np
import pandas as pd

DEFAULT_GROUPS = ["SLT", "teachers", "support staff", "pupils", "parents",
                  "visitors"]
KEYS = ["school", "head", "observer", "date"]


def seconds(col):
    parts = col.str.split(":", expand=True)
    return (parts[0].astype(int) * 3600 + parts[1].astype(int) * 60
            + parts[2].astype(float))


def gaps(day):
    """Gap lists per group for one day's rows (in timeline order)."""
    out = {}
    last_end = {}
    paused = 0.0
    last_stretch = None
    for kind, grp, s, e in zip(day["kind"], day["group"], day["s"], day["e"]):
        if kind == "pause":
            paused += e - s
            last_stretch = ("pause", "")
            continue
        if kind == "note":
            continue
        if kind == "brief":
            if last_stretch == ("episode", grp):
                continue
        else:
            last_stretch = (kind, grp)
        start, end = s - paused, e - paused
        if grp in last_end:
            out.setdefault(grp, []).append(start - last_end[grp])
        last_end[grp] = end
    return out


def fmt(x, places=3):
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return ""
    return "%.*f" % (places, x)


def quote(v):
    if any(c in v for c in ',"\r\n'):
        return '"' + v.replace('"', '""') + '"'
    return v


def main():
    path = sys.argv[1]
    groups = sys.argv[2:] or DEFAULT_GROUPS
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df["s"] = seconds(df["start"])
    df["e"] = seconds(df["end"])
    df["d"] = df["e"] - df["s"]
    df["day"] = (df[KEYS].shift() != df[KEYS]).any(axis=1).cumsum()

    stretches = df[df["kind"].isin(["episode", "alone"])]
    observed = stretches.groupby("day")["d"].sum()
    agg = stretches.groupby(["day", "group"])["d"].agg(
        ["count", "sum", "mean", "median", "std", "max"])
    head = (stretches["by"] == "head").groupby(
        [stretches["day"], stretches["group"]]).sum()
    brief = df[df["kind"] == "brief"].groupby(["day", "group"]).size()
    meta = df.groupby("day")[KEYS].first()
    gap_lists = df.groupby("day").apply(gaps)

    out = [",".join(KEYS + ["group", "episodes", "seconds", "share", "mean_s",
                            "median_s", "sd_s", "max_s", "head_initiated",
                            "brief", "gap_mean_s", "gap_sd_s"])]
    for day in meta.index:
        m = [quote(v) for v in meta.loc[day]]
        obs = observed.get(day, 0.0)
        for g in groups + ["alone"]:
            if (day, g) in agg.index:
                a = agg.loc[(day, g)]
                n, tot = int(a["count"]), a["sum"]
                cols = [str(n), fmt(tot), fmt(tot / obs if obs else 0.0, 6),
                        fmt(a["mean"]), fmt(a["median"]),
                        fmt(a["std"] if n > 1 else None), fmt(a["max"])]
            else:
                cols = ["0", fmt(0.0), fmt(0.0, 6), "", "", "", ""]
            cols.append(str(int(head.get((day, g), 0))))
            cols.append(str(int(brief.get((day, g), 0))))
            gl = gap_lists[day].get(g, [])
            cols.append(fmt(float(np.mean(gl))) if gl else "")
            cols.append(fmt(float(np.std(gl, ddof=1))) if len(gl) > 1 else "")
            out.append(",".join(m + [quote(g)] + cols))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
