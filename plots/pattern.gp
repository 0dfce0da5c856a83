# The pattern over the day: time with each group in clock-aligned bins,
# piled up in scheme order with alone on top; paused time is in no bin.
# Data: pattern.dat (bin start, bin end, then the minutes piled up: 0, the
# first group, the first two, ... every group), times in seconds.
heading = sprintf('The pattern over the day: minutes per %d-minute period', \
    binminutes)
svgh = 270
load plots.'common.gp'

set lmargin at screen 0.09
set rmargin at screen keyat(0.82) - 0.02
set xdata time
set timefmt '%s'
set format x '%H:%M'
set xrange [xmin:xmax]
# Hours on a long day, half hours on a short one.
xstep = xmax - xmin <= 14400 ? 1800 : 3600
set xtics xstep
set mxtics xstep == 3600 ? 2 : 1
set yrange [0:binminutes]
set ytics binminutes / 3 > 5 ? 10 : 5
# The axis named level, above it: a turned word is read sideways.
set label 5 'minutes' at graph 0, graph 1.03 left font fontlabel \
    textcolor rgb '#444444'
set grid ytics linecolor rgb '#e6e6e6'
set border 3
# On a low SVG the key starts higher, every group in it.
keytop = format eq 'svg' ? 0.97 : 0.82
set key at screen keyat(0.82), screen keytop left top \
    vertical reverse Left samplen 1.5 spacing (format eq 'svg' ? 0.75 : 1.3) \
    maxrows (ngroups + 1) title 'with' font fontlabel
gap = binminutes * 60 * 0.04
# The last, invisible point keeps gnuplot drawing a day with no data.
plot for [i=ngroups:1:-1] 'pattern.dat' using (($1 + $2) / 2):(0):\
($1 + gap):($2 - gap):(column(i + 2)):(column(i + 3)) with boxxyerror \
	linecolor rgb gcolour[i] title gname[i], \
    '+' using (xmin):(0) every ::0::0 with dots linecolor rgb '#ffffff' \
	notitle
