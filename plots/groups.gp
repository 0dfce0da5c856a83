# Time with each group: the share of the observed day, one bar per group in
# scheme order then alone, labelled with the percentage and the time, with
# its units so it is not read as a clock time ("45m", "1h57m").
# Data: groups.dat (row share-percent minutes), row 1 the first group.
heading = 'Time with each group: share of the observed day'
short = 'Share of the observed day'
half = format eq 'svg'
datafile = 'groups.dat'
load plots.'bars.gp'
