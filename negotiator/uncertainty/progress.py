"""A progress bar on standard error, for runs long enough to need one.

The bar appears only when the stream is a terminal and the run has lasted
more than a second; otherwise nothing is written, so logs, pipes and tests
stay clean.

Examples
--------
>>> import io
>>> bar = ProgressBar(100, "draws", stream=io.StringIO())
>>> bar.advance(60); bar.advance(40); bar.close()
>>> bar.done
100
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

#: Seconds a run must last before the bar shows.
DELAY = 1.0
WIDTH = 30


class ProgressBar:
    """Count work done out of ``total`` and draw a bar when it is worth it.

    Parameters
    ----------
    total
        Units of work in the whole run.
    unit
        What a unit is, for the label ("draws").
    stream
        Where to draw (default: standard error).
    enabled
        Force the bar on or off; default: on when ``stream`` is a terminal.
    """

    def __init__(
        self, total: int, unit: str, *, stream: TextIO | None = None, enabled: bool | None = None
    ) -> None:
        self.total = max(total, 1)
        self.unit = unit
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = enabled if enabled is not None else bool(isatty and isatty())
        self.started = time.monotonic()
        self.done = 0
        self.drawn = False

    def advance(self, units: int) -> None:
        """Record ``units`` more done, and redraw if the bar is showing."""
        self.done += units
        if self.enabled and time.monotonic() - self.started > DELAY:
            filled = round(WIDTH * self.done / self.total)
            percent = 100 * self.done / self.total
            self.stream.write(
                f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] "
                f"{self.done:,}/{self.total:,} {self.unit} ({percent:3.0f}%)"
            )
            self.stream.flush()
            self.drawn = True

    def close(self) -> None:
        """End the bar's line, if one was drawn."""
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
