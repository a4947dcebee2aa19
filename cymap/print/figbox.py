"""A box of a figure that takes the few Axes calls a list or a legend needs, without an Axes.

An Axes costs tens of milliseconds to build (spines, axis and tick machinery) and a page of the
pack had four; lists and legends need none of it. `FigBox` draws straight on the figure with a
transform from the box's unit square (like `Axes.transAxes`), through public matplotlib API.
"""
from __future__ import annotations

from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox, BboxTransformTo, TransformedBbox

from cymap.print.layout import Page


class FigBox:
    """`box` = (x, y, width, height) in millimetres of `page`, drawn on `fig`."""

    def __init__(self, fig, page: Page, box) -> None:
        W, H = page.size_mm
        x, y, w, h = box
        self.figure = fig
        self._position = Bbox.from_bounds(x / W, y / H, w / W, h / H)
        self.transAxes = BboxTransformTo(TransformedBbox(self._position, fig.transFigure))

    def get_position(self) -> Bbox:
        return self._position

    def set_axis_off(self) -> None:
        """Nothing to hide: a box has no axis."""

    def text(self, x, y, s, *, transform=None, **kwargs):
        return self.figure.text(x, y, s, transform=transform or self.transAxes, **kwargs)

    def plot(self, xs, ys, *, transform=None, **kwargs):
        return self.figure.add_artist(Line2D(xs, ys, transform=transform or self.transAxes, **kwargs))

    def add_patch(self, patch):
        patch.set_transform(self.transAxes)
        return self.figure.add_artist(patch)

    def dots(self, xs, ys, colours, size: float) -> None:
        """Round markers of `size` points at (xs, ys) in box units, one line artist per colour."""
        by_colour: dict[str, list[tuple[float, float]]] = {}
        for x, y, colour in zip(xs, ys, colours):
            by_colour.setdefault(colour, []).append((x, y))
        for colour, points in by_colour.items():
            px, py = zip(*points)
            self.plot(px, py, marker="o", linestyle="none", markersize=size, markerfacecolor=colour,
                      markeredgewidth=0, clip_on=False)
