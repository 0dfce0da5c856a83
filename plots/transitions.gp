# What came next: how often a stretch with one group (rows) was followed by
# a stretch with another (columns), alone included, as a heat map with the
# counts in the cells; a pause breaks the chain.
# Data: transitions.dat (to from count), every pair, a blank line per row.
heading = 'What came next: from one group to the next'
load plots.'common.gp'

set size ratio -1
# Room below for the names written at a slant.
set bmargin at screen (0.07 + longest * 0.0062 > 0.13 ? \
    0.07 + longest * 0.0062 : 0.13)
set lmargin at screen (namemargin + 0.04 > 0.22 ? namemargin + 0.04 : 0.22)
set rmargin at screen 0.64
set xrange [0.5:ngroups + 0.5]
set yrange [ngroups + 0.5:0.5]
set xtics () scale 0 rotate by 30 right offset 0, -0.8
set ytics () scale 0 offset -1.2, 0
do for [i=1:ngroups] {
	set xtics add (gname[i] i)
	set ytics add (gname[i] i)
}
set border 0
set label 1 "Each row: the group the head was with.\nEach column: the group that came next.\nA cell: how many times that happened\n(a pause breaks the chain)." \
    at screen 0.66, graph 1 left front font fontlabel \
    textcolor rgb '#444444'
set label 2 'from' at graph -0.04, graph 1.03 right font fontsmall \
    textcolor rgb '#666666'
set label 3 'next' at graph 1.01, graph -0.02 left font fontsmall \
    textcolor rgb '#666666'
set palette defined (0 '#f3f3f3', 1 '#c6dbef', 2 '#6baed6', \
    3 '#2171b5', 4 '#08306b')
set cbrange [0:maxcount > 0 ? maxcount : 1]
unset colorbox
# A strip of each group's colour beside its name, on both axes.
do for [i=1:ngroups] {
	set object 100 + i rectangle from graph -0.03, first i - 0.45 \
	    to graph -0.008, first i + 0.45 fillcolor rgb gcolour[i] \
	    fillstyle solid noborder front noclip
	set object 200 + i rectangle from first i - 0.45, graph -0.008 \
	    to first i + 0.45, graph -0.03 fillcolor rgb gcolour[i] \
	    fillstyle solid noborder front noclip
}
dark(n) = n > 0.55 * maxcount
plot 'transitions.dat' using 1:2:3 with image pixels notitle, \
    '' using 1:2:($3 > 0 && !dark($3) ? sprintf('%d', $3) : '') \
	with labels font fontlabel textcolor rgb '#222222' notitle, \
    '' using 1:2:($3 > 0 && dark($3) ? sprintf('%d', $3) : '') \
	with labels font fontlabel textcolor rgb '#ffffff' notitle
