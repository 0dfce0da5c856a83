# How long the interactions lasted: each interaction episode a dot on its
# group's row against its length on a log scale, the group's median as a
# bar, and the 9-minute line (the classic measure of fragmentation).
# Data: lengths.dat (minutes row jitter colour), medians.dat (row minutes);
# rows are the scheme's groups (alone is not an interaction).
heading = 'How long the interactions lasted'
half = format eq 'svg'
load plots.'common.gp'

nrows = ngroups - 1
lane(r) = nrows - r
set lmargin at screen namemargin
set rmargin at screen 0.95
set logscale x
set xrange [0.1:180]
set xtics ('6 s' 0.1, '15 s' 0.25, '30 s' 0.5, '1 min' 1, '2 min' 2, \
    '5 min' 5, '9 min' 9, '15 min' 15, '30 min' 30, '1 h' 60, '2 h' 120) \
    scale 0.5
# At half width: fewer ticks, the 9 minutes line's own label aside.
if (half) {
	set xtics ('30 s' 0.5, '2 min' 2, '9' 9, '30 min' 30, '2 h' 120)
}
set yrange [-0.6:nrows - 0.4]
set ytics () scale 0
do for [i=1:nrows] { set ytics add (gname[i] lane(i)) }
do for [i=1:nrows] {
	set object i rectangle from graph 0, first lane(i) - 0.46 \
	    to graph 1, first lane(i) + 0.46 behind \
	    fillcolor rgb '#f4f4f4' fillstyle solid noborder
}
set grid xtics back linetype 1 linecolor rgb '#dddddd'
set border 1
# At half width the ticks name their units, the caption the scale.
if (!half) {
	set xlabel 'length of the episode (log scale)' \
	    font fontsmall textcolor rgb '#555555' offset 0, 0.3
}
set arrow 1 from 9, graph 0 to 9, graph 1 nohead front \
    linewidth 2 dashtype 2 linecolor rgb '#333333'
if (half) {
	set label 1 nepisodes > 0 ? sprintf('%.0f%% under 9 min', \
	    100 * under9) : 'no interaction episodes' at 9, graph 1.05 \
	    center front font fontlabel textcolor rgb '#333333'
	set key at screen 0.98, screen 0.935 right top vertical samplen 1 \
	    font fontsmall textcolor rgb '#444444'
	set tmargin at screen 0.78
} else {
	set label 1 nepisodes > 0 ? sprintf('9 minutes: %.0f%% of the %d ' . \
	    'episode%s shorter', 100 * under9, nepisodes, \
	    nepisodes == 1 ? ' was' : 's were') : \
	    '9 minutes (no interaction episodes)' at 9, graph 1.035 center \
	    front font fontlabel textcolor rgb '#333333'
	set key at screen 0.97, screen 0.965 right top vertical samplen 1.5 \
	    font fontsmall textcolor rgb '#444444'
}
# Clamp to the axis so an episode under 6 s or over 3 h still shows.
clamp(m) = m < 0.1 ? 0.1 : (m > 180 ? 180 : m)
# The last, invisible point keeps gnuplot drawing a day with no data.
plot 'lengths.dat' using (clamp($1)):(lane($2) + 0.55 * $3):4 \
	with points pointtype 7 pointsize 1.6 linecolor rgb variable \
	notitle, \
    'medians.dat' using (clamp($2)):(lane($1) - 0.4):(0):(0.8) with vectors \
	nohead linewidth 5 linecolor rgb '#222222' \
	title (half ? 'median' : 'median of the group'), \
    '+' using (0.1):(0) every ::0::0 with dots linecolor rgb '#ffffff' \
	notitle
