"""Tests of the progress bar (negotiator/uncertainty/progress.py).

No real time passes: the clock the bar reads
(``negotiator.uncertainty.progress.time.monotonic``) is replaced by a list of
readings. Expected lines are written out by hand from the format: 30 cells,
``round(30 * done / total)`` of them filled.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

import pytest

import negotiator as ng
from negotiator.uncertainty import progress
from negotiator.uncertainty.progress import ProgressBar
from tests.uncertainty import scenarios


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def clock(monkeypatch) -> Callable[[Iterable[float]], None]:
    """Set the readings the bar's clock will give, in order (the last one repeats)."""

    def set_readings(readings: Iterable[float]) -> None:
        values = list(readings)

        def monotonic() -> float:
            return values.pop(0) if len(values) > 1 else values[0]

        monkeypatch.setattr(progress.time, "monotonic", monotonic)

    return set_readings


def test_silent_when_the_stream_is_not_a_terminal(clock):
    clock([0.0, 5.0, 10.0])
    stream = io.StringIO()
    bar = ProgressBar(100, "draws", stream=stream)
    assert not bar.enabled
    bar.advance(50)
    bar.advance(50)
    bar.close()
    assert stream.getvalue() == ""
    assert bar.done == 100


def test_silent_in_the_first_second_on_a_terminal(clock):
    clock([100.0, 100.4, 101.0])  # 0.4 s, then exactly 1 s (the bar needs more than 1 s)
    stream = Terminal()
    bar = ProgressBar(100, "draws", stream=stream)
    assert bar.enabled
    bar.advance(30)
    bar.advance(70)
    bar.close()
    assert stream.getvalue() == ""


def test_drawn_on_a_terminal_after_a_second(clock):
    clock([0.0, 0.5, 1.5, 2.0])
    stream = Terminal()
    bar = ProgressBar(100, "draws", stream=stream)
    bar.advance(25)  # at 0.5 s: nothing yet
    bar.advance(25)  # at 1.5 s: 50/100, 15 of 30 cells
    bar.advance(50)  # at 2.0 s: 100/100
    bar.close()
    expected = (
        "\r[" + "#" * 15 + "." * 15 + "] 50/100 draws ( 50%)"
        "\r[" + "#" * 30 + "] 100/100 draws (100%)"
        "\n"
    )
    assert stream.getvalue() == expected


def test_large_totals_have_thousands_separators(clock):
    clock([0.0, 3.0])
    stream = Terminal()
    bar = ProgressBar(12_000, "draws", stream=stream)
    bar.advance(3_000)  # a quarter: round(7.5) = 8 cells (round half to even)
    assert stream.getvalue() == "\r[" + "#" * 8 + "." * 22 + "] 3,000/12,000 draws ( 25%)"


@pytest.mark.parametrize(
    ("stream", "enabled", "drawn"),
    [(io.StringIO(), True, True), (Terminal(), False, False)],
    ids=["forced-on", "forced-off"],
)
def test_enabled_overrides_the_terminal_test(clock, stream, enabled, drawn):
    clock([0.0, 2.0])
    bar = ProgressBar(10, "draws", stream=stream, enabled=enabled)
    bar.advance(10)
    bar.close()
    assert (stream.getvalue() != "") == drawn
    if drawn:
        assert stream.getvalue().endswith("10/10 draws (100%)\n")


def test_montecarlo_draws_its_bar_on_standard_error(tmp_path, clock, capsys):
    sc = scenarios.load(tmp_path, scenarios.gamble())
    clock([0.0, 5.0])
    ng.montecarlo(sc, samples=30, seed=1, chunk=10, progress=True)
    err = capsys.readouterr().err
    assert err.endswith("\r[" + "#" * 30 + "] 30/30 draws (100%)\n")
    assert err.count("\r") == 3  # one redraw per chunk


def test_montecarlo_is_silent_by_default_off_a_terminal(tmp_path, clock, capsys):
    sc = scenarios.load(tmp_path, scenarios.gamble())
    clock([0.0, 5.0])
    ng.montecarlo(sc, samples=30, seed=1, chunk=10)
    assert capsys.readouterr().err == ""
