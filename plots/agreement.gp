# Two observers' codings of one day, one above the other on one clock:
# A's stretches in the top lane, B's beneath, each in its group's colour,
# and every second they coded differently as a red band at the bottom.
# Data: a.dat, b.dat (start end colour), differ.dat (start end); times
# are seconds since midnight, the middle-of-the-second rule already applied.
heading = 'Where the two observers agree, second by second'
load plots.'common.gp'

set lmargin at screen 0.12
set rmargin at screen 0.80
set xdata time
set timefmt '%s'
set format x '%H:%M'
set xrange [xmin:xmax]
xstep = xmax - xmin <= 7200 ? 900 : (xmax - xmin <= 14400 ? 1800 : 3600)
set xtics xstep
set mxtics xstep == 3600 ? 4 : 3
set yrange [-0.6:2.6]
set ytics ('A' 2, 'B' 1, 'differ' 0) scale 0
set grid xtics back linetype 1 linecolor rgb '#d8d8d8' linewidth 1
set border 1
# Type no smaller than the ticks': printed across an A4 page, the
# report's chart must keep every word at 7 pt or more.
set key at screen 0.82, screen 0.80 left top vertical samplen 1.5 \
    font fontlabel textcolor rgb '#444444'
set label 1003 font fontlabel
# The last, invisible point keeps gnuplot drawing a pair with no data.
plot 'a.dat' using (($1 + $2) / 2):(2):1:2:(1.62):(2.38):3 \
	with boxxyerror linecolor rgb variable notitle, \
    'b.dat' using (($1 + $2) / 2):(1):1:2:(0.62):(1.38):3 \
	with boxxyerror linecolor rgb variable notitle, \
    'differ.dat' using (($1 + $2) / 2):(0):1:2:(-0.3):(0.3) \
	with boxxyerror linecolor rgb '#d0021b' title 'coded differently', \
    for [i=1:ngroups] keyentry with boxes fillstyle solid \
	linecolor rgb gcolour[i] title gname[i], \
    '+' using (xmin):(0) every ::0::0 with dots linecolor rgb '#ffffff' \
	notitle
