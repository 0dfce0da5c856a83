# Patterns over the day one above the other on one clock: for each row (the
# week's, tall, then each day's as a strip; or each head's) and each bin,
# the share of the observed time in it with each group, stacked top down
# in scheme order, alone last; a bin not observed is left blank.  The
# analyser sets heading, who, the rows (rname, rpos, ybottom), the groups
# (gname, gcolour), the clock (xmin, xmax, seconds) and binminutes.
# Data: rows.dat (bin start, bin end, box bottom, box top, colour).
load plots.'common.gp'

rlongest = 0
do for [i=1:nrows] {
	rlongest = strlen(rname[i]) > rlongest ? strlen(rname[i]) : rlongest
}
rowmargin = 0.03 + rlongest * charw
set lmargin at screen (rowmargin < 0.1 ? 0.1 : rowmargin)
set rmargin at screen keyat(0.80) - 0.02
set xdata time
set timefmt '%s'
set format x '%H:%M'
set xrange [xmin:xmax]
# Hours on a long day, half hours on a short one.
xstep = xmax - xmin <= 14400 ? 1800 : (xmax - xmin <= 36000 ? 3600 : 7200)
set xtics xstep
set yrange [ybottom - 0.1:0.25]
set ytics () scale 0
do for [i=1:nrows] { set ytics add (rname[i] rpos[i]) }
set grid xtics back linecolor rgb '#d8d8d8'
set border 1
set key at screen keyat(0.80), graph 1 left top vertical reverse Left \
    samplen 1.5 font fontlabel textcolor rgb '#222222'
gap = binminutes * 60 * 0.03
# The last, invisible point keeps gnuplot drawing rows with no data.
plot 'rows.dat' using (($1 + $2) / 2):(($3 + $4) / 2):($1 + gap):\
($2 - gap):3:4:5 with boxxyerror linecolor rgb variable notitle, \
    for [i=1:ngroups] keyentry with boxes fillstyle solid \
	linecolor rgb gcolour[i] title gname[i], \
    '+' using (xmin):(0) every ::0::0 with dots linecolor rgb '#ffffff' \
	notitle
