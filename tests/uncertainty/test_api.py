"""The public names of the uncertainty analyses (``negotiator.__all__``) and their frames."""

from __future__ import annotations

import pandas as pd
import pytest

import negotiator as ng
from negotiator.uncertainty import breakeven, evpi, montecarlo, sensitivity
from tests.uncertainty import scenarios


def test_public_names_are_the_package_functions():
    assert ng.montecarlo is montecarlo.montecarlo
    assert ng.sensitivity is sensitivity.sensitivity
    assert ng.breakeven is breakeven.breakeven
    assert ng.evpi is evpi.evpi
    assert {"breakeven", "evpi", "montecarlo", "sensitivity"} <= set(ng.__all__)


def test_every_result_has_a_frame(tmp_path):
    sc = scenarios.load(tmp_path, scenarios.gamble())
    results = [
        ng.montecarlo(sc, ["safe", "risky"], samples=20, seed=1),
        ng.sensitivity(sc, ["safe", "risky"]),
        ng.breakeven(sc, "p_win", ["safe", "risky"], symbolic=False),
        ng.evpi(sc, ["safe", "risky"], samples=20, seed=1),
    ]
    frames = [r.to_frame() for r in results]
    assert all(isinstance(f, pd.DataFrame) for f in frames)
    # 2 parties x 2 timelines; 1 assumption; 1 threshold; 2 parties x 1 varying parameter
    assert [len(f) for f in frames] == [4, 1, 1, 2]
    assert frames[2]["value"].item() == pytest.approx(3 / 7, abs=1e-7)
