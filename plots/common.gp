# Loaded by every chart script: the terminal of the format asked for, fonts
# sized for a projector, and the title block.  The analyser sets format,
# out (the file to draw), who and note (strings quoted for gnuplot, never
# commands); each script sets heading.  No text is enhanced: a name is
# shown as written.
set encoding utf8
if (format eq 'svg') {
	# A small canvas with large type: SVG scales, and in the report a
	# chart printed at half an A4 width must still be readable.
	set terminal svg size 800,450 fixed font 'sans,11.5' noenhanced \
	    background '#ffffff'
	fheading = 16; fwho = 12.5; flabel = 11.5; fsmall = 9.5
} else {
	if (format eq 'pdf') {
		# pdfcairo halves fonts unless told; sizes are the PNG's
		# scaled to 720 points across.
		set terminal pdfcairo size 10in,5.625in font 'sans,7.6' \
		    fontscale 1 noenhanced background '#ffffff'
		fheading = 11.7; fwho = 8.6; flabel = 7.6; fsmall = 6.3
	} else {
		set terminal pngcairo size 1600,900 font 'sans,17' \
		    noenhanced background '#ffffff'
		fheading = 26; fwho = 19; flabel = 17; fsmall = 14
	}
}
font(size) = sprintf('sans,%g', size)
fontheading = font(fheading); fontwho = font(fwho)
fontlabel = font(flabel); fontsmall = font(fsmall)
set output out

set label 1001 heading at screen 0.03, screen 0.94 left font fontheading \
    textcolor rgb '#111111'
set label 1002 who at screen 0.03, screen 0.885 left font fontwho \
    textcolor rgb '#333333'
set label 1003 note at screen 0.97, screen 0.025 right font fontsmall \
    textcolor rgb '#666666'
set tmargin at screen 0.82
# SVG's type is larger for its canvas: leave the axis label more room.
set bmargin at screen (format eq 'svg' ? 0.17 : 0.13)
set border 3 linecolor rgb '#555555'
set tics nomirror out textcolor rgb '#222222' font fontlabel
set key noenhanced font fontlabel textcolor rgb '#222222'
set style fill solid 1.0 noborder

# Room on the left for the longest group name (a character takes about
# 0.0075 of the width at these font sizes), so no name is cut off.
longest = 0
if (exists('gname')) {
	do for [i=1:|gname|] {
		longest = strlen(gname[i]) > longest ? strlen(gname[i]) : longest
	}
}
namemargin = 0.035 + longest * 0.0075
namemargin = namemargin < 0.1 ? 0.1 : namemargin
