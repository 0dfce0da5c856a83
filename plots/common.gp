# Loaded by every chart script: the terminal of the format asked for, fonts
# sized for where the chart is shown, and the title block.  The analyser
# sets format, out (the file to draw), who and note (strings quoted for
# gnuplot, never commands); each script sets heading, and half = 1 first
# when the report shows it at half the page's width (svgh: the height of
# a full-width SVG).  No text is enhanced:
# a name is shown as written.
set encoding utf8
if (!exists('half')) { half = 0 }
if (format eq 'svg') {
	# Drawn at the size the report shows it, so that no word is under
	# 7 pt on A4 (182 mm across, 88 mm for a half) nor under 11 px on a
	# screen 1200 px wide (688 px across, 334 px for a half).
	if (half) {
		set terminal svg size 360,230 fixed font 'sans,12' \
		    noenhanced background '#ffffff'
		fheading = 13.5; fwho = 12; flabel = 12; fsmall = 12
	} else {
		# As low as the chart allows (svgh), so a day's page holds it.
		set terminal svg size 800,(exists('svgh') ? svgh : 400) fixed \
		    font 'sans,13.5' noenhanced background '#ffffff'
		fheading = 17; fwho = 14; flabel = 13.5; fsmall = 13
	}
} else {
	# For slides: shown at 800x450, half its size, the smallest type is
	# still 11 px (cairo draws a point as 4/3 px: 17 pt is 22.7 px).
	if (format eq 'pdf') {
		# The PNG's sizes scaled to 720 points across.
		set terminal pdfcairo size 10in,5.625in font 'sans,8.55' \
		    fontscale 1 noenhanced background '#ffffff'
		fheading = 12.6; fwho = 9.45; flabel = 8.55; fsmall = 7.65
	} else {
		set terminal pngcairo size 1600,900 font 'sans,19' \
		    noenhanced background '#ffffff'
		fheading = 28; fwho = 21; flabel = 19; fsmall = 17
	}
}
font(size) = sprintf('sans,%g', size)
fontheading = font(fheading); fontwho = font(fwho)
fontlabel = font(flabel); fontsmall = font(fsmall)
set output out

# At half width the report's own heading names the day: the chart keeps
# its title only, its names cut short so the plot keeps its width.
if (half) {
	set label 1001 (exists('short') ? short : heading) \
	    at screen 0.02, screen 0.935 left font fontheading \
	    textcolor rgb '#111111'
	set tmargin at screen 0.84
	set bmargin at screen 0.2
	if (exists('gname')) {
		do for [i=1:|gname|] {
			if (strlen(gname[i]) > 12) {
				gname[i] = gname[i][1:11] . '…'
			}
		}
	}
} else {
	# The title block a fixed height in px on a low SVG, in a share of
	# the canvas otherwise.
	px = format eq 'svg' ? 1.0 / (exists('svgh') ? svgh : 400) : 0
	set label 1001 heading at screen 0.03, \
	    screen (px > 0 ? 1 - 22 * px : 0.94) left \
	    font fontheading textcolor rgb '#111111'
	set label 1002 who at screen 0.03, \
	    screen (px > 0 ? 1 - 44 * px : 0.885) left font fontwho \
	    textcolor rgb '#333333'
	set label 1003 note at screen 0.97, \
	    screen (px > 0 ? 11 * px : 0.025) right \
	    font fontsmall textcolor rgb '#666666'
	set tmargin at screen (px > 0 ? 1 - 74 * px : 0.82)
	set bmargin at screen (px > 0 ? 62 * px : 0.14)
}
set border 3 linecolor rgb '#555555'
set tics nomirror out textcolor rgb '#222222' font fontlabel
set key noenhanced font fontlabel textcolor rgb '#222222'
set style fill solid 1.0 noborder

# Room on the left for the longest group name (a character about 0.56 of
# the label's size in px, over the canvas's width), so no name is cut off.
longest = 0
if (exists('gname')) {
	do for [i=1:|gname|] {
		longest = strlen(gname[i]) > longest ? strlen(gname[i]) : longest
	}
}
canvas = format eq 'svg' ? (half ? 360 : 800) : (format eq 'pdf' ? 720 : 1600)
charw = flabel * (format eq 'svg' ? 1 : 4.0 / 3) * 0.56 / canvas
namemargin = 0.03 + longest * charw
namemargin = namemargin < 0.1 ? 0.1 : namemargin
# A key right of the plot starts at keyat(at), the chart's own place for
# it unless its longest name would then run off the canvas: the swatch
# and gaps take 3.2 em, a name the sum of its characters' widths, each
# taken at least as wide as in DejaVu Sans ("sans" where no report names
# a font; the report's Liberation Sans is narrower), so the name ends
# inside the edge.  The plot ends 0.02 before the key.
charem(c) = strstrt("ijlftr.,;:!|'() -", c) > 0 ? 0.4 : \
    strstrt("mwMW%@…", c) > 0 ? 1.0 : \
    strstrt("ABCDEFGHIJKLNOPQRSTUVXYZ#+=<>~&", c) > 0 ? 0.8 : 0.66
nameem(s) = sum [i=1:strlen(s)] charem(s[i:i])
keyem = 0
if (exists('gname')) {
	do for [i=1:|gname|] {
		keyem = nameem(gname[i]) > keyem ? nameem(gname[i]) : keyem
	}
}
em = flabel * (format eq 'svg' ? 1 : 4.0 / 3) / canvas
keyfits = 1 - (3.2 + keyem) * em
keyat(at) = keyfits < at ? keyfits : at
