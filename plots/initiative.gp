# Who began the interactions, per group: episodes and brief contacts
# counted together, in one bar per group: begun by the head (full
# colour), by the other person (pale) and not recorded (white, outlined).
# Data: initiative.dat (row head other unknown), rows the scheme's groups.
heading = 'Who began the interactions'
half = format eq 'svg'
load plots.'common.gp'

nrows = ngroups - 1
lane(r) = nrows - r
set lmargin at screen namemargin
set rmargin at screen (half ? 0.8 : 0.86)
stats 'initiative.dat' using ($2 + $3 + $4) nooutput
top = STATS_max > 0 ? STATS_max : 1
set xrange [0:top * 1.05]
set yrange [-0.6:nrows - 0.4]
set ytics () scale 0
do for [i=1:nrows] { set ytics add (gname[i] lane(i)) }
set xtics scale 0.5
set grid xtics linecolor rgb '#e6e6e6'
set border 1
# At half width the key and the caption say what is counted.
if (!half) {
	set xlabel 'interactions (episodes and brief contacts)' \
	    font fontsmall textcolor rgb '#555555' offset 0, 0.3
}
# At half width the key is in shorter words.
if (half) {
	set tmargin at screen 0.72
	set xtics 10
	set key at screen 0.98, screen 0.98 right top vertical samplen 1 \
	    font fontsmall textcolor rgb '#444444'
} else {
	set key at screen 0.97, screen 0.965 right top vertical samplen 1.5 \
	    font fontsmall textcolor rgb '#444444'
}
# A count inside its part of the bar when there is room for it.
count(n, w) = n > 0 && w > top / 40.0 ? sprintf('%d', n) : ''
share(h, t) = t > 0 ? sprintf(half ? '%.0f%%' : '%.0f%% by the head', \
    100.0 * h / t) : ''
h = 0.34
# Dark text on a light colour, white on a dark one.
luma(c) = 0.299 * ((int(c) >> 16) & 255) + 0.587 * ((int(c) >> 8) & 255) + \
    0.114 * (int(c) & 255)
ink(c) = luma(c) > 140 ? 0x222222 : 0xffffff
# The last, invisible point keeps gnuplot drawing a day with no data.
plot 'initiative.dat' using ($2 / 2):(lane($1)):(0):($2):\
(lane($1) - h):(lane($1) + h):(gcolour[int($1)]) with boxxyerror \
	linecolor rgb variable notitle, \
    '' using ($2 + $3 / 2):(lane($1)):($2):($2 + $3):(lane($1) - h):\
(lane($1) + h):(gpale[int($1)]) with boxxyerror \
	linecolor rgb variable notitle, \
    '' using ($2 + $3 + $4 / 2):($4 > 0 ? lane($1) : NaN):($2 + $3):\
($2 + $3 + $4):(lane($1) - h):(lane($1) + h) with boxxyerror \
	fillstyle empty border \
	linecolor rgb '#999999' notitle, \
    '' using ($2 / 2):(lane($1)):(count($2, $2)):(ink(gcolour[int($1)])) \
	with labels font fontlabel textcolor rgb variable notitle, \
    '' using ($2 + $3 / 2):(lane($1)):(count($3, $3)) with labels \
	font fontlabel textcolor rgb '#222222' notitle, \
    '' using ($2 + $3 + $4 / 2):(lane($1)):(count($4, $4)) with labels \
	font fontlabel textcolor rgb '#555555' notitle, \
    '' using ($2 + $3 + $4):(lane($1)):('  ' . share($2, $2 + $3 + $4)) \
	with labels left font fontlabel textcolor rgb '#222222' notitle, \
    keyentry with boxes fillstyle solid linecolor rgb '#555555' \
	title (half ? 'you began' : 'the head began it (full colour)'), \
    keyentry with boxes fillstyle solid linecolor rgb '#c8c8c8' \
	title (half ? 'they began' : 'the other person began it (pale)'), \
    keyentry with boxes fillstyle empty border linecolor rgb '#999999' \
	title 'not recorded', \
    '+' using (0):(0) every ::0::0 with dots linecolor rgb '#ffffff' \
	notitle
