# The body of a chart of bars, one per row of datafile (row share-percent
# minutes): the groups chart (groups.gp) and a dimension's (dimension.gp).
# The rows' names and colours are gname[] and gcolour[], their count
# ngroups; heading, short and half are set by the chart loading this.
load plots.'common.gp'

lane(r) = ngroups - r
hm(m) = int(m) < 60 ? sprintf('%dm', int(m)) : \
    sprintf('%dh%02dm', int(m) / 60, int(m) % 60)
stats datafile using 2 nooutput
top = STATS_max > 0 ? STATS_max : 1
set lmargin at screen namemargin
set rmargin at screen 0.95
set xrange [0:top * (half ? 1.75 : 1.22)]
set yrange [-0.6:ngroups - 0.4]
set ytics () scale 0
do for [i=1:ngroups] { set ytics add (gname[i] lane(i)) }
set format x '%g%%'
set xtics scale 0.5
set grid xtics linecolor rgb '#e6e6e6'
# At half width each bar's own figure is its scale.
if (half) { unset xtics; unset grid; set bmargin at screen 0.04 }
set border 1
# The last, invisible point keeps gnuplot drawing a day with no data.
plot datafile using ($2 / 2):(lane($1)):(0):($2):(lane($1) - 0.34):\
(lane($1) + 0.34):(gcolour[int($1)]) with boxxyerror \
	linecolor rgb variable notitle, \
    '' using ($2):(lane($1)):(sprintf(half ? ' %.0f%% %s' : '  %.1f%%   %s', $2, hm($3))) \
	with labels left font fontlabel textcolor rgb '#222222' notitle, \
    '+' using (0):(0) every ::0::0 with dots linecolor rgb '#ffffff' \
	notitle
