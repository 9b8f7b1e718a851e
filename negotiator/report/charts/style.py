"""The chart type and deterministic SVG figures: fixed fonts, fixed ids, no timestamps.

Every chart of the reports is drawn on a :class:`matplotlib.figure.Figure`
attached to the SVG canvas directly (pyplot and its global figure manager are
never used) under a fixed set of ``rcParams``:

- ``svg.fonttype: "none"``: text stays text (selectable, searchable, small),
  laid out with the metrics of DejaVu Sans, which matplotlib ships;
- ``svg.hashsalt``: the ids of clip paths and markers are hashes of this salt
  and their content; the salt is fixed per chart so two charts inlined in one
  HTML page never share an id;
- the ``Date`` metadata is dropped and ``Creator`` names no version, so the
  same data gives byte-identical files.

Examples
--------
>>> def draw(figure):
...     axes = figure.add_subplot()
...     _ = axes.plot([0, 1], [0, 1])
>>> svg = render_svg("demo", 4, 3, draw)
>>> svg.startswith("<svg") and svg == render_svg("demo", 4, 3, draw)
True
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FONT_FAMILY = ["DejaVu Sans", "Bitstream Vera Sans", "Arial", "Helvetica", "sans-serif"]

# colour-blind-safe palette (Okabe and Ito 2008), in a fixed order
PALETTE = [
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#F0E442",
    "#000000",
]
MUTED = "#9a9a9a"
HIGHLIGHT = "#D55E00"

RC_PARAMS: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.image_inline": True,
    "font.family": "sans-serif",
    "font.sans-serif": FONT_FAMILY,
    "font.size": 9.0,
    "axes.titlesize": 10.0,
    "axes.labelsize": 9.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "legend.fontsize": 8.0,
    "legend.frameon": False,
    "figure.dpi": 100.0,
    "savefig.dpi": 100.0,
    "path.simplify": False,
}

METADATA = {"Date": None, "Creator": "negotiator (matplotlib SVG backend)"}


@dataclass(frozen=True)
class Chart:
    """One chart of a report.

    Attributes
    ----------
    id
        A short stable name (``"utility"``, ``"tree-retreat-march"``): file names, anchors.
    title
        The chart's title, also drawn on it.
    caption
        One sentence saying what to see.
    svg
        The SVG text (no XML prolog).
    """

    id: str
    title: str
    caption: str
    svg: str


@contextmanager
def chart_style(salt: str) -> Iterator[None]:
    """Apply the report's ``rcParams`` (and the id salt) while a chart is drawn and saved."""
    import matplotlib

    settings: dict[Any, Any] = {**RC_PARAMS, "svg.hashsalt": f"negotiator-{salt}"}
    with matplotlib.rc_context(settings):
        yield


def render_svg(salt: str, width: float, height: float, draw: Callable[[Figure], None]) -> str:
    """Draw a ``width`` x ``height`` inch figure with ``draw`` and return its SVG text.

    The figure lives on the SVG canvas only (no pyplot); ``draw`` runs under
    :func:`chart_style`, so every artist gets the report's fonts and sizes.
    The XML prolog is dropped so the SVG can be inlined in HTML.
    """
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    buffer = io.StringIO()
    with chart_style(salt):
        figure = Figure(figsize=(width, height), layout="constrained")
        FigureCanvasSVG(figure)
        draw(figure)
        figure.savefig(buffer, format="svg", metadata=METADATA)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def colour(index: int) -> str:
    """The ``index``-th colour of the palette (cycling)."""
    return PALETTE[index % len(PALETTE)]
