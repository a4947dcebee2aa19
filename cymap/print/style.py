"""Colours, line styles and text effects of printed pages."""
from matplotlib import patheffects

INK = "#222222"
DISTRICT_EDGE = "#6b6b6b"
CONTEXT_FACE = "#efefef"
LAND_FACE = "#fbfaf6"
SEA_FACE = "#ffffff"
# The derived (Voronoi) stretch of the division's boundaries: dark, dashed, a little heavier than the
# district edges, on a land-coloured underlay so its gaps show even over the highlighted outline.
APPROXIMATE_EDGE = "#333333"
APPROXIMATE_WIDTH = 1.2  # x scale, points
APPROXIMATE_DASHES = (0, (3.0, 2.0))
HALO = [patheffects.withStroke(linewidth=2.2, foreground="white")]
# The font has one weight; bold is drawn as the glyph outline stroked in the text's own colour.
BOLD = [patheffects.Stroke(linewidth=0.45), patheffects.Normal()]
HALO_BOLD = [patheffects.Stroke(linewidth=2.4, foreground="white"), patheffects.Stroke(linewidth=0.45),
             patheffects.Normal()]
