"""The scenario unfolded into a game tree agrees with the engine that built it."""

from __future__ import annotations

import numpy as np
import pytest

import negotiator as ng
from negotiator.analysis.export import scenario_game
from negotiator.errors import OverrideError
from negotiator.games.gambit_efg import read_efg, write_efg
from negotiator.solvers import spe

KURSK = "scenarios/kursk-2025.yaml"


@pytest.fixture(scope="module")
def kursk() -> ng.Scenario:
    return ng.load_scenario(KURSK)


@pytest.mark.parametrize(
    "timeline", ["retreat-march", "accept-ceasefire-feb", "hold-for-swap", "equilibrium"]
)
def test_spe_of_the_exported_tree_equals_the_engine(kursk: ng.Scenario, timeline: str) -> None:
    # two independent backward inductions: the vectorised engine over its DAG, and spe over the
    # unfolded tree (outcomes summed along paths, as in Gambit)
    engine = ng.compare(kursk, [timeline]).timelines[0].expected_utility
    tree = spe.solve(scenario_game(kursk, timeline=timeline)).equilibria[0].payoffs
    assert np.allclose(tree, [engine[p] for p in kursk.parties], atol=1e-9)


def test_exported_tree_survives_the_efg_format(kursk: ng.Scenario) -> None:
    game = scenario_game(kursk, timeline="hold-for-swap")
    again = read_efg(write_efg(game))
    assert np.allclose(
        spe.solve(again).equilibria[0].payoffs, spe.solve(game).equilibria[0].payoffs
    )


def test_unknown_timeline_is_an_override_error(kursk: ng.Scenario) -> None:
    with pytest.raises(OverrideError, match="unknown timeline 'nope'"):
        scenario_game(kursk, timeline="nope")
