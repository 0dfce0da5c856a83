#!/usr/bin/python3
"""The named alternative for the comparison: shadowlog-analyse --compare
--by=FIELD computed with pandas from an episodes CSV (shadowlog-analyse
--episodes --format=csv), written in the analyser's comparison CSV form
(by,value,group,days,mean_share,sd_share,min_share,max_share).  Used by
bench.py for timing and as an independent cross-check.

  pandas_compare.py EPISODES.csv FIELD [GROUP ...]   (FIELD: school, head,
      observer or date; groups in scheme order; default: the built-in scheme)
"""
import os
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pandas_summary import DEFAULT_GROUPS, KEYS, quote, seconds  # noqa: E402


def fmt(x):
    return "" if x is None or np.isnan(x) else "%.6f" % x


def main():
    path, field = sys.argv[1], sys.argv[2]
    groups = sys.argv[3:] or DEFAULT_GROUPS
    df = pd.read_csv(path, dtype=str, keep_default_na=False,
                     usecols=KEYS + ["kind", "start", "end", "group"])
    df["day"] = (df[KEYS].shift() != df[KEYS]).any(axis=1).cumsum()
    st = df[df["kind"].isin(["episode", "alone"])].copy()
    st["d"] = seconds(st["end"]) - seconds(st["start"])

    # Each day's share per group, a group with no time being 0.
    per = st.pivot_table(index="day", columns="group", values="d",
                         aggfunc="sum", fill_value=0.0)
    per = per.reindex(columns=groups + ["alone"], fill_value=0.0)
    observed = per.sum(axis=1)
    share = per.div(observed.where(observed > 0), axis=0).fillna(0.0)
    value = df.groupby("day")[field].first()
    share[field] = value.reindex(share.index)

    stats = share.groupby(field, sort=False).agg(["count", "mean", "std",
                                                  "min", "max"])
    order = pd.unique(value)
    out = ["by,value,group,days,mean_share,sd_share,min_share,max_share"]
    for v in order:
        if v not in stats.index:
            continue
        row = stats.loc[v]
        for g in groups + ["alone"]:
            n = int(row[(g, "count")])
            out.append(",".join([field, quote(v), quote(g), str(n),
                                 fmt(row[(g, "mean")]),
                                 fmt(row[(g, "std")] if n > 1 else None),
                                 fmt(row[(g, "min")]),
                                 fmt(row[(g, "max")])]))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
