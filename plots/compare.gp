# The comparison across days, by the --by field (school, head, ...): for
# each value a cluster of bars, one per group in its colour, each the mean
# share of observed time over that value's days, with grey whiskers from
# the lowest day to the highest and a black bar for the 95% bootstrap
# interval of the mean share across heads (none below two days).
# Data: compare.dat (x mean min max colour low high), shares in percent;
# the values' names and day counts come as vname[] and vdays[]; what the
# bars are as what ("group", or "value of purpose" with --dimension).
heading = sprintf('Time with each %s, by %s', what, field)
load plots.'common.gp'

set lmargin at screen 0.08
set rmargin at screen keyat(0.84) - 0.02
step = ngroups + 1
set xrange [0.2:nvalues * step - 0.2]
stats 'compare.dat' using 4 nooutput
set yrange [0:STATS_max > 0 ? STATS_max * 1.08 : 1]
set format y '%g%%'
set ytics scale 0.5
set grid ytics linecolor rgb '#e6e6e6'
set border 3
set xtics () scale 0
days(n) = n == 1 ? '1 day' : sprintf('%d days', n)
do for [v=1:nvalues] {
	set xtics add (vname[v] . "\n" . days(vdays[v]) (v - 1) * step + \
	    (ngroups + 1) / 2.0)
}
if (nvalues > 6) { set xtics rotate by 30 right }
# The axis named level, above it: a turned word is read sideways.
set label 5 'share of the observed time' at graph 0, graph 1.03 left \
    font fontlabel textcolor rgb '#444444'
set key at screen keyat(0.84), graph 1 left top vertical reverse Left \
    samplen 1.5 spacing 1.3 font fontlabel
set style fill solid 1.0 noborder
set boxwidth 0.8
set style arrow 1 heads size screen 0.006, 90 linewidth 2 \
    linecolor rgb '#888888'
plot 'compare.dat' using 1:2:5 with boxes linecolor rgb variable notitle, \
    '' using 1:3:(0):($4 - $3) with vectors arrowstyle 1 notitle, \
    '' using 1:6:(0):($7 - $6) with vectors nohead linewidth 5 \
	linecolor rgb '#111111' notitle, \
    for [i=1:ngroups] keyentry with boxes linecolor rgb gcolour[i] \
	title gname[i]
