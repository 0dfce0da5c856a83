# What came next: how often a stretch with one group (rows) was followed by
# a stretch with another (columns), alone included, as a heat map with the
# counts in the cells and the cells whose adjusted residual is beyond
# 1.96 outlined; a pause breaks the chain.  Data: transitions.dat (to from
# count marked), every pair, a blank line per row.
heading = 'What came next: from one group to the next'
short = 'What came next'
half = format eq 'svg'
load plots.'common.gp'

set size ratio -1
# Room below for the names written at a slant: the turned column names drop half their length (sin 30°), in the
# canvas's height (9/16 of its width).
set bmargin at screen (0.1 + longest * charw * 8 / 9 > 0.14 ? \
    0.1 + longest * charw * 8 / 9 : 0.14)
set lmargin at screen (namemargin + 0.04 > 0.22 ? namemargin + 0.04 : 0.22)
set rmargin at screen 0.64
set xrange [0.5:ngroups + 0.5]
set yrange [ngroups + 0.5:0.5]
# At half width the columns are named by their first three letters,
# level: a turned word would be smaller than the type around it.
if (half) {
	set bmargin at screen 0.2
	set lmargin at screen namemargin + 0.03
	set rmargin at screen 0.98
	set xtics () scale 0 offset 0, -0.8
} else {
	set xtics () scale 0 rotate by 30 right offset 0, -0.8
}
set ytics () scale 0 offset -1.2, 0
do for [i=1:ngroups] {
	set xtics add ((half ? gname[i][1:3] : gname[i]) i)
	set ytics add (gname[i] i)
}
set border 0
if (!half) { set label 1 "Each row: the group the head was with.\nEach column: the group that came next.\nA cell: how many times that happened\n(a pause breaks the chain)." \
    at screen 0.66, graph 1 left front font fontlabel \
    textcolor rgb '#444444' }
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
# A cell outlined: its adjusted residual |z| > 1.96 (column 4 is 1), the
# sequence happening more or less often than chance would give.
if (half) {
	set label 4 'outlined: |z| > 1.96' at screen 0.98, screen 0.03 right \
	    font fontsmall textcolor rgb '#444444'
} else {
	set label 4 "Outlined: more or less often\nthan chance (|z| > 1.96)." \
	    at screen 0.66, graph 0.12 left font fontlabel \
	    textcolor rgb '#444444'
}
plot 'transitions.dat' using 1:2:3 with image pixels notitle, \
    '' using 1:2:($3 > 0 && !dark($3) ? sprintf('%d', $3) : '') \
	with labels font fontlabel textcolor rgb '#222222' notitle, \
    '' using 1:2:($3 > 0 && dark($3) ? sprintf('%d', $3) : '') \
	with labels font fontlabel textcolor rgb '#ffffff' notitle, \
    '' using 1:($4 > 0 ? $2 : NaN):(0.44):(0.44) with boxxyerror \
	fillstyle empty border linewidth 2.5 linecolor rgb '#d62728' notitle
