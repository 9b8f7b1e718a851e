"""Simultaneous-move stages: a normal-form game at a node, solved per draw."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import negotiator as ng
from negotiator.errors import ScenarioError

HEADER = """\
schema_version: 1
kind: scenario
id: stage-game
title: a one-shot stage game
question: what do the two sides play?
calendar: {start: 2025-01, end: 2025-01}
parties:
  a:
    name: A
    parameters: {discount: {value: 1, source: definition}}
  b:
    name: B
    parameters: {discount: {value: 1, source: definition}}
initial_regime: war
regimes: {war: {}}
state:
  score_a: {initial: 0}
  score_b: {initial: 0}
settlement:
  issues: {nothing: {range: [0, 0]}}
  utility: {a: score_a, b: score_b}
  disagreement: {a: score_a - 100, b: score_b - 100}
"""


def write(tmp_path: Path, stage: str, timelines: str = "") -> Path:
    path = tmp_path / "stage.yaml"
    path.write_text(HEADER + "stages:\n" + stage + timelines, encoding="utf-8")
    return path


def bimatrix_stage(a: list[list[float]], b: list[list[float]], names=("x", "y")) -> str:
    """A 2x2 stage whose joint outcomes set the scores to the given payoffs."""
    joint = "\n".join(
        f"      {r}+{c}: {{effects: {{score_a: {a[i][j]}, score_b: {b[i][j]}}}}}"
        for i, r in enumerate(names)
        for j, c in enumerate(names)
    )
    return f"""\
  - id: meet
    date: 2025-01
    assumption: a textbook stage game
    simultaneous:
      a: {{{names[0]}: {{}}, {names[1]}: {{}}}}
      b: {{{names[0]}: {{}}, {names[1]}: {{}}}}
    joint:
{joint}
"""


def test_prisoners_dilemma_stage_is_played_at_mutual_defection(tmp_path: Path) -> None:
    # Osborne (2004) §2.2: defect (d) strictly dominates cooperate (c); payoffs (1, 1)
    stage = bimatrix_stage([[2, 0], [3, 1]], [[2, 3], [0, 1]], names=("c", "d"))
    result = ng.compare(ng.load_scenario(write(tmp_path, stage)))
    t = result.timelines[0]
    assert t.expected_utility == pytest.approx({"a": 1.0, "b": 1.0})
    chosen = {(s.actor, s.choice): s.probability for s in t.path}
    assert chosen == pytest.approx({("a", "d"): 1.0, ("b", "d"): 1.0})


def test_matching_pennies_stage_is_mixed_half_half(tmp_path: Path) -> None:
    # no pure equilibrium; the unique equilibrium mixes 1/2-1/2, value (0, 0)
    stage = bimatrix_stage([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    t = ng.compare(ng.load_scenario(write(tmp_path, stage))).timelines[0]
    assert t.expected_utility["a"] == pytest.approx(0.0, abs=1e-9)
    probabilities = {(s.actor, s.choice): s.probability for s in t.path}
    assert probabilities == pytest.approx(
        {("a", "x"): 0.5, ("a", "y"): 0.5, ("b", "x"): 0.5, ("b", "y"): 0.5}
    )


def test_coordination_stage_selects_the_larger_sum_and_flags_multiplicity(tmp_path: Path) -> None:
    # two pure equilibria: (x, x) pays (1, 1), (y, y) pays (3, 3): the rule picks (y, y)
    stage = bimatrix_stage([[1, 0], [0, 3]], [[1, 0], [0, 3]])
    t = ng.compare(ng.load_scenario(write(tmp_path, stage))).timelines[0]
    assert t.expected_utility == pytest.approx({"a": 3.0, "b": 3.0})
    steps = {(s.actor, s.choice): s for s in t.path}
    assert steps[("a", "y")].probability == pytest.approx(1.0)
    assert steps[("a", "y")].tied == pytest.approx(1.0)  # the stage game had several equilibria


def test_pinning_one_mover_lets_the_other_best_respond(tmp_path: Path) -> None:
    # with a pinned to x in the coordination game, b's best reply is x: payoffs (1, 1)
    stage = bimatrix_stage([[1, 0], [0, 3]], [[1, 0], [0, 3]])
    timelines = "timelines:\n  a-x:\n    pin: {a@meet: x}\n"
    t = ng.compare(ng.load_scenario(write(tmp_path, stage, timelines))).timelines[0]
    assert t.expected_utility == pytest.approx({"a": 1.0, "b": 1.0})


def test_joint_keys_must_name_options_in_mover_order(tmp_path: Path) -> None:
    stage = bimatrix_stage([[1, 0], [0, 3]], [[1, 0], [0, 3]]).replace("x+y:", "y+z:")
    with pytest.raises(ScenarioError, match="not a combination of options") as error:
        ng.load_scenario(write(tmp_path, stage))
    assert error.value.path[:3] == ("stages", 0, "joint")


def test_simultaneous_stage_exports_as_one_information_set_per_mover(tmp_path: Path) -> None:
    from negotiator.analysis.export import scenario_game
    from negotiator.solvers import spe

    stage = bimatrix_stage([[2, 0], [3, 1]], [[2, 3], [0, 1]], names=("c", "d"))
    game = scenario_game(ng.load_scenario(write(tmp_path, stage)))
    b_sets = game.player_infosets(1)
    assert len(b_sets) == 1
    assert len(b_sets[0].nodes) == 2  # b cannot see a's choice
    assert not game.is_perfect_information()
    # the tree's subgame-perfect equilibrium agrees with the engine: mutual defection
    assert np.allclose(spe.solve(game).equilibria[0].payoffs, [1.0, 1.0])
