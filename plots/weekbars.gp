# Days (or heads) side by side: one stacked bar a row, top down, each
# group's share of the row's observed time left to right in scheme order,
# alone last.  The analyser sets heading, who, the rows' names and places
# (rname, rpos; ybottom the lowest edge) and the groups (gname, gcolour).
# Data: rows.dat (share-from share-to row-bottom row-top colour), shares
# in percent.
load plots.'common.gp'

# Room on the left for the longest row name, as common.gp's namemargin.
rlongest = 0
do for [i=1:nrows] {
	rlongest = strlen(rname[i]) > rlongest ? strlen(rname[i]) : rlongest
}
rowmargin = 0.03 + rlongest * charw
set lmargin at screen (rowmargin < 0.1 ? 0.1 : rowmargin)
set rmargin at screen keyat(0.80) - 0.02
set xrange [0:100]
set yrange [ybottom - 0.1:0.25]
set ytics () scale 0
do for [i=1:nrows] { set ytics add (rname[i] rpos[i]) }
set format x '%g%%'
set xtics 0, 25, 100 scale 0.5
set grid xtics front linecolor rgb '#ffffff'
set border 1
set key at screen keyat(0.80), graph 1 left top vertical reverse Left \
    samplen 1.5 font fontlabel textcolor rgb '#222222'
# The last, invisible point keeps gnuplot drawing rows with no data.
plot 'rows.dat' using (($1 + $2) / 2):(($3 + $4) / 2):1:2:3:4:5 \
	with boxxyerror linecolor rgb variable notitle, \
    for [i=1:ngroups] keyentry with boxes fillstyle solid \
	linecolor rgb gcolour[i] title gname[i], \
    '+' using (0):(0) every ::0::0 with dots linecolor rgb '#ffffff' \
	notitle
