# Time with each value of a dimension the scheme declares: its share of
# the time the dimension codes (the time in interactions, the time alone
# or the observed day, as base says), one bar per value in the scheme's
# order then those typed beyond it, labelled as the groups chart is.
# Data: dimension.dat (row share-percent minutes), row 1 the first value;
# the values come as gname[] and gcolour[], the dimension's name as
# dimension.
heading = sprintf('Time with each value of %s: share of %s', dimension, base)
short = sprintf('%s: share of %s', dimension, base)
half = 0
datafile = 'dimension.dat'
load plots.'bars.gp'
