# The day as an ethogram: one lane per group (alone last), each episode a
# bar in its group's colour against clock time, each brief contact a tick
# at the top of its lane, pauses as a hatched band across every lane.
# Data: episodes.dat (start end row colour), pauses.dat (start end),
# brief.dat (time row colour); times are seconds since midnight.
heading = 'The day: who the head was with, hour by hour'
svgh = 380
load plots.'common.gp'

lane(r) = ngroups - r		# row 1 (the first group) at the top
set lmargin at screen namemargin
set rmargin at screen 0.97
set xdata time
set timefmt '%s'
set format x '%H:%M'
set xrange [xmin:xmax]
# Hours on a long day, half or quarter hours on a short one.
xstep = xmax - xmin <= 7200 ? 900 : (xmax - xmin <= 14400 ? 1800 : 3600)
set xtics xstep
set mxtics xstep == 3600 ? 4 : 3
set yrange [-0.55:ngroups - 0.45]
do for [i=1:ngroups] {
	set object i rectangle from graph 0, first lane(i) - 0.46 \
	    to graph 1, first lane(i) + 0.46 behind \
	    fillcolor rgb '#f2f2f2' fillstyle solid noborder
}
set grid xtics back linetype 1 linecolor rgb '#d8d8d8' linewidth 1
set ytics () scale 0
do for [i=1:ngroups] { set ytics add (gname[i] lane(i)) }
set border 1
set key at screen 0.97, screen 0.965 right top vertical samplen 1.5 \
    font fontsmall textcolor rgb '#444444'
# The last, invisible point keeps gnuplot drawing a day with no data.
plot 'episodes.dat' using (($1 + $2) / 2):(lane($3)):1:2:(lane($3) - 0.3):\
(lane($3) + 0.3):4 with boxxyerror linecolor rgb variable notitle, \
    'brief.dat' using 1:(lane($2) + 0.31):(0):(0.14):3 with vectors \
	nohead linewidth 3 linecolor rgb variable notitle, \
    keyentry with vectors nohead linewidth 3 linecolor rgb '#555555' \
	title 'brief contact', \
    'pauses.dat' using (($1 + $2) / 2):(0):1:2:(-0.55):(ngroups - 0.45) \
	with boxxyerror fillstyle pattern 4 transparent \
	linecolor rgb '#999999' title 'paused', \
    '+' using (xmin):(0) every ::0::0 with dots linecolor rgb '#ffffff' \
	notitle
