"""Subgame-perfect equilibrium: hand-solved trees, properties, and the scenario cross-check."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiator.games.extensive_form import ExtensiveFormGame, chance, decision, terminal
from negotiator.solvers import spe

ATOL = 1e-9


def entry_game() -> ExtensiveFormGame:
    # Osborne (2004), An Introduction to Game Theory, Example 154.1 (entry game)
    return ExtensiveFormGame.build(
        ["challenger", "incumbent"],
        decision(
            0,
            {
                "in": decision(1, {"acquiesce": terminal([2, 1]), "fight": terminal([0, 0])}),
                "out": terminal([1, 2]),
            },
        ),
    )


def test_entry_game_incumbent_acquiesces_and_challenger_enters() -> None:
    # backward induction: incumbent 1 > 0 so acquiesce; challenger 2 > 1 so in
    result = spe.solve(entry_game())
    eq = result.equilibria[0]
    assert eq.payoffs.tolist() == [2.0, 1.0]
    assert eq.behavior == {
        "challenger": {"/": {"in": 1.0, "out": 0.0}},
        "incumbent": {"/in": {"acquiesce": 1.0, "fight": 0.0}},
    }
    assert result.status == "complete"


def centipede(rounds: int) -> ExtensiveFormGame:
    # Rosenthal (1981) centipede: at round k the mover may take (k+2, k) for itself or pass
    node = terminal([rounds + 1, rounds + 1])
    for k in reversed(range(rounds)):
        mover = k % 2
        take = [k + 2, k] if mover == 0 else [k, k + 2]
        node = decision(mover, {"take": terminal(take), "pass": node})
    return ExtensiveFormGame.build(["1", "2"], node)


@pytest.mark.parametrize("rounds", [1, 2, 5, 10])
def test_centipede_unravels_to_taking_at_once(rounds: int) -> None:
    # every mover prefers taking now (k+2) to what passing leads to (k+1 at best): take at round 0
    eq = spe.solve(centipede(rounds)).equilibria[0]
    assert eq.payoffs.tolist() == [2.0, 0.0]
    assert all(actions["take"] == 1.0 for sets in eq.behavior.values() for actions in sets.values())


def test_chance_is_averaged_and_outcomes_on_the_path_add_up() -> None:
    # the root outcome (1, 1) is received on every play; chance: 1/4 * (4, 0) + 3/4 * best
    # of player 0 at the lower node: (0, 8) gives 0 < 2 from (2, 2) -> 1/4*(4,0) + 3/4*(2,2)
    game = ExtensiveFormGame.build(
        ["a", "b"],
        chance(
            {
                "rare": (0.25, terminal([4, 0])),
                "common": (0.75, decision(0, {"x": terminal([0, 8]), "y": terminal([2, 2])})),
            },
            payoffs=[1, 1],
        ),
    )
    eq = spe.solve(game).equilibria[0]
    expected = np.array([1, 1]) + 0.25 * np.array([4, 0]) + 0.75 * np.array([2, 2])
    assert np.allclose(eq.payoffs, expected, atol=ATOL)


def test_a_tie_takes_the_first_listed_action_and_is_reported() -> None:
    game = ExtensiveFormGame.build(
        ["solo"], decision(0, {"left": terminal([1]), "right": terminal([1])}, infoset="choice")
    )
    result = spe.solve(game)
    assert result.equilibria[0].behavior == {"solo": {"choice": {"left": 1.0, "right": 0.0}}}
    assert result.details["ties"] == {"choice": ["left", "right"]}


@st.composite
def perfect_information_trees(draw: st.DrawFn) -> ExtensiveFormGame:
    def node(depth: int) -> object:
        if depth == 0 or draw(st.integers(0, 3)) == 0:
            return terminal(draw(st.lists(st.integers(-9, 9), min_size=2, max_size=2)))
        count = draw(st.integers(1, 3))
        children = {f"a{k}": node(depth - 1) for k in range(count)}
        if draw(st.integers(0, 4)) == 0:
            weights = draw(st.lists(st.integers(1, 4), min_size=count, max_size=count))
            total = sum(weights)
            return chance(
                {a: (w / total, c) for (a, c), w in zip(children.items(), weights, strict=True)}
            )
        return decision(draw(st.integers(0, 1)), children)

    return ExtensiveFormGame.build(["p", "q"], node(4))  # type: ignore[arg-type]


def _brute_force_value(node: object) -> np.ndarray:
    """Recursive backward induction written independently of the solver."""
    from negotiator.games.extensive_form import Node

    assert isinstance(node, Node)
    own = node.outcome.payoffs if node.outcome is not None else np.zeros(2)
    if node.is_terminal:
        return own
    values = [_brute_force_value(child) for child in node.children]
    assert node.infoset is not None
    if node.infoset.is_chance:
        probabilities = node.infoset.probabilities or ()
        return own + sum(p * v for p, v in zip(probabilities, values, strict=True))
    player = node.infoset.player
    best = max(v[player] for v in values)
    first = next(v for v in values if v[player] >= best - 1e-9)
    return own + first


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(game=perfect_information_trees())
def test_matches_an_independent_recursive_backward_induction(game: ExtensiveFormGame) -> None:
    eq = spe.solve(game).equilibria[0]
    assert np.allclose(eq.payoffs, _brute_force_value(game.root), atol=1e-9)


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(game=perfect_information_trees())
def test_no_player_gains_by_a_one_shot_deviation_anywhere(game: ExtensiveFormGame) -> None:
    # the behaviour strategies must be optimal at every decision node, on and off the path
    eq = spe.solve(game).equilibria[0]
    from negotiator.solvers.spe import infoset_names

    names = infoset_names(game)

    def value(node: object) -> np.ndarray:
        from negotiator.games.extensive_form import Node

        assert isinstance(node, Node)
        own = node.outcome.payoffs if node.outcome is not None else np.zeros(2)
        if node.is_terminal:
            return own
        assert node.infoset is not None
        children = [value(c) for c in node.children]
        if node.infoset.is_chance:
            return own + sum(
                p * v for p, v in zip(node.infoset.probabilities or (), children, strict=True)
            )
        player = node.infoset.player
        plan = eq.behavior[game.players[player]][names[id(node.infoset)]]
        played = sum(plan[a] * v for a, v in zip(node.infoset.actions, children, strict=True))
        assert all(v[player] <= played[player] + 1e-9 for v in children)
        return own + played

    value(game.root)
