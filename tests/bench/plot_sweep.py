# SPDX-License-Identifier: GPL-2.0
"""make bench: the SVG plot of decision time against the number of
exceptions, from the tab-separated columns bench_match --sweep writes
(first column: exceptions; then one column of median ns per series).
Python's standard library only.

    plot_sweep.py build/bench/match_sweep.tsv build/bench/match_sweep.svg
"""
import math
import sys
from xml.sax.saxutils import escape

W, H = 640, 400
LEFT, RIGHT, TOP, BOTTOM = 70, 190, 40, 60
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]


def read(path):
    with open(path) as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    names = rows[0][1:]
    xs = [int(r[0]) for r in rows[1:]]
    series = [[float(r[i + 1]) for r in rows[1:]] for i in range(len(names))]
    return names, xs, series


def nice_step(top):
    """A round y tick step giving 4 to 10 ticks up to @top."""
    step = 10 ** math.floor(math.log10(top))
    for m in (1, 2, 5, 10):
        if top / (step * m / 10) <= 10:
            return step * m / 10
    return step


def plot(names, xs, series):
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM
    lo, hi = math.log10(min(xs)), math.log10(max(xs))
    step = nice_step(max(max(s) for s in series))
    ymax = step * math.ceil(max(max(s) for s in series) / step)

    def px(x):
        return LEFT + (math.log10(x) - lo) / (hi - lo) * pw

    def py(y):
        return TOP + ph - y / ymax * ph

    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">' % (W, H, W, H),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="22" font-size="14" text-anchor="middle">'
           'kvmexc: time of one decision against the number of exceptions</text>'
           % (LEFT + pw / 2)]
    for e in range(math.ceil(lo), math.floor(hi) + 1):
        x = px(10 ** e)
        out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>'
                   % (x, TOP, x, TOP + ph))
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>'
                   % (x, TOP + ph + 18, format(10 ** e, ",")))
    y = 0.0
    while y <= ymax + step / 2:
        out.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>'
                   % (LEFT, py(y), LEFT + pw, py(y)))
        out.append('<text x="%d" y="%.1f" text-anchor="end">%g</text>'
                   % (LEFT - 6, py(y) + 4, y))
        y += step
    out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="black"/>'
               % (LEFT, TOP, pw, ph))
    out.append('<text x="%.1f" y="%d" text-anchor="middle">exceptions (log scale)</text>'
               % (LEFT + pw / 2, H - 15))
    out.append('<text transform="translate(18,%.1f) rotate(-90)" text-anchor="middle">'
               'median ns per decision</text>' % (TOP + ph / 2))
    for i, (name, ys) in enumerate(zip(names, series)):
        c = COLOURS[i % len(COLOURS)]
        pts = " ".join("%.1f,%.1f" % (px(x), py(v)) for x, v in zip(xs, ys))
        out.append('<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>' % (pts, c))
        out += ['<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>' % (px(x), py(v), c)
                for x, v in zip(xs, ys)]
        ly = TOP + 10 + 20 * i
        out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"/>'
                   % (W - RIGHT + 15, ly, W - RIGHT + 40, ly, c))
        out.append('<text x="%d" y="%d">%s</text>' % (W - RIGHT + 46, ly + 4, escape(name)))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    svg = plot(*read(sys.argv[1]))
    with open(sys.argv[2], "w") as f:
        f.write(svg)


if __name__ == "__main__":
    main()
