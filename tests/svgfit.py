"""Whether a chart's words fit: each text element of a gnuplot SVG lies
within the SVG's width, and no legend entry overlaps another text.  A
word's width comes from the advance widths of a TrueType font read here
(DejaVu Sans, what "sans" is on Debian: wider than the report's Liberation
Sans, so a chart that fits here fits there), not from gnuplot's estimate.

    svgfit.py FONT.ttf KEYS FILE.svg...
        prints each file's rightmost text and fails naming what does not
        fit, or when a file's key holds fewer than KEYS entries
"""
import math
import re
import struct
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


class Font:
    """A TrueType font's advance widths by character, in em."""

    def __init__(self, path):
        data = open(path, "rb").read()
        ntables = struct.unpack(">H", data[4:6])[0]
        tables = {}
        for i in range(ntables):
            tag, _, off, length = struct.unpack(
                ">4sIII", data[12 + 16 * i:28 + 16 * i])
            tables[tag.decode("latin-1")] = data[off:off + length]
        self.upem = struct.unpack(">H", tables["head"][18:20])[0]
        nmetrics = struct.unpack(">H", tables["hhea"][34:36])[0]
        hmtx = tables["hmtx"]
        self.adv = [struct.unpack(">H", hmtx[4 * i:4 * i + 2])[0]
                    for i in range(nmetrics)]
        self.glyph = self._cmap(tables["cmap"])

    @staticmethod
    def _cmap(cmap):
        n = struct.unpack(">H", cmap[2:4])[0]
        for i in range(n):
            pid, eid, off = struct.unpack(">HHI", cmap[4 + 8 * i:12 + 8 * i])
            if (pid, eid) == (3, 1) and \
                    struct.unpack(">H", cmap[off:off + 2])[0] == 4:
                return Font._format4(cmap[off:])
        raise ValueError("no Unicode BMP cmap")

    @staticmethod
    def _format4(t):
        segs = struct.unpack(">H", t[6:8])[0] // 2
        arr = lambda at: struct.unpack(">%dH" % segs, t[at:at + 2 * segs])
        ends = arr(14)
        starts = arr(16 + 2 * segs)
        deltas = arr(16 + 4 * segs)
        roff_at = 16 + 6 * segs
        roffs = arr(roff_at)
        glyph = {}
        for s in range(segs):
            for c in range(starts[s], ends[s] + 1):
                if c == 0xFFFF:
                    continue
                if roffs[s] == 0:
                    g = (c + deltas[s]) & 0xFFFF
                else:
                    at = roff_at + 2 * s + roffs[s] + 2 * (c - starts[s])
                    g = struct.unpack(">H", t[at:at + 2])[0]
                    g = (g + deltas[s]) & 0xFFFF if g else 0
                glyph[c] = g
        return glyph

    def width(self, text, size):
        """text's advance at size px."""
        total = 0
        for ch in text:
            g = self.glyph.get(ord(ch), 0)
            total += self.adv[min(g, len(self.adv) - 1)]
        return total * size / self.upem


def texts(root):
    """(text, x, y, size, anchor, angle, in_key) of each text element."""
    out = []

    def walk(el, ctx, key):
        tag = el.tag.replace(SVG, "")
        if tag == "g":
            ctx = dict(ctx)
            if el.get("font-size"):
                ctx["size"] = float(el.get("font-size"))
            if el.get("text-anchor"):
                ctx["anchor"] = el.get("text-anchor")
            tr = el.get("transform") or ""
            m = re.search(r"translate\(([-\d.]+),\s*([-\d.]+)\)", tr)
            if m:
                ctx["x"], ctx["y"] = float(m.group(1)), float(m.group(2))
            m = re.search(r"rotate\(([-\d.]+)", tr)
            ctx["angle"] = float(m.group(1)) if m else 0.0
            # A plot's own group, named by its <title>, holds its key
            # entry: the text that is that title.
            title = el.find(SVG + "title")
            if (el.get("id") or "").startswith("gnuplot_plot_") and \
                    title is not None:
                key = title.text or ""
        if tag == "text":
            words = "".join(el.itertext())
            if words.strip():
                out.append((words, ctx.get("x", 0.0), ctx.get("y", 0.0),
                            ctx.get("size", 12.0), ctx.get("anchor", "start"),
                            ctx.get("angle", 0.0), key == words))
            return
        for child in el:
            walk(child, ctx, key)

    walk(root, {}, None)
    return out


def boxes(font, root):
    """Each text's box (x0, y0, x1, y1, text, in_key) in the SVG's units."""
    out = []
    for words, x, y, size, anchor, angle, key in texts(root):
        w = font.width(words, size)
        lead = {"start": 0.0, "middle": w / 2, "end": w}[anchor]
        a = math.radians(angle)
        # The baseline from -lead to w - lead, turned by angle about (x, y).
        xs = [x + d * math.cos(a) for d in (-lead, w - lead)]
        ys = [y + d * math.sin(a) for d in (-lead, w - lead)]
        out.append((min(xs), min(ys) - 0.8 * size, max(xs),
                    max(ys) + 0.2 * size, words, key))
    return out


def check(font, path):
    root = ET.parse(path).getroot()
    width = float(root.get("viewBox").split()[2])
    found = boxes(font, root)
    assert found, (path, "no text")
    bad = [b for b in found if b[0] < -0.5 or b[2] > width + 0.5]
    assert not bad, (path, "beyond the width %g" % width,
                     [(round(b[0]), round(b[2]), b[4]) for b in bad])
    keys = [b for b in found if b[5]]
    for i, k in enumerate(keys):
        for o in found:
            if o is k or (o in keys and keys.index(o) < i):
                continue
            if k[0] < o[2] and o[0] < k[2] and k[1] < o[3] and o[1] < k[3]:
                raise AssertionError((path, "overlap", k[4], o[4]))
    right = max(found, key=lambda b: b[2])
    print("%s: %d texts, %d in the key, the rightmost ends at %.0f of %g "
          "(%s)" % (path.rsplit("/", 1)[-1], len(found), len(keys),
                    right[2], width, right[4]))
    return len(keys)


if __name__ == "__main__":
    f = Font(sys.argv[1])
    for p in sys.argv[3:]:
        n = check(f, p)
        assert n >= int(sys.argv[2]), (p, "%d in the key" % n)
