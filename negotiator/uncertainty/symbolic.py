"""Closed-form break-even thresholds: the engine's game, replayed in sympy.

With the equilibrium choices held as they are at the stated parameter values,
a timeline's expected utility is a sum over the reachable histories of
products of chance probabilities, discounted monthly flows, one-off payoffs
and the settlement's payoff, and every one of these is a scenario expression.
:func:`timeline_utility` replays the solved game tree of one draw (the stated
values) and builds that sum as a sympy expression, in which the parameter of
interest stays a symbol. The settlement is replayed too: terms at a bound of
their range become the bound's expression, and terms strictly inside their
range solve the first-order conditions of the Nash product (a Kalai-
Smorodinsky settlement with an interior term, a simultaneous stage played in
mixed strategies or a stage whose condition differs between draws is not
replayed: the caller then falls back to the numeric method).

:func:`symbolic_roots` then solves ``U_B - U_A = 0``. It first keeps every
parameter symbolic and asks sympy for the root in closed form (when the gap
is small and at most quadratic in the parameter); otherwise the other
parameters are replaced by their values (as exact rationals) and the roots of
the resulting equation in the one parameter are found exactly
(:func:`sympy.roots` or :func:`sympy.real_roots` for polynomials,
:func:`sympy.solveset` otherwise). The caller checks every root with the
numeric engine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from negotiator.analysis.backward import DEFAULT_ATOL, Solution, backward_induction
from negotiator.analysis.compiled import (
    CompiledChoice,
    CompiledScenario,
    compiled_once,
    point_batch,
)
from negotiator.analysis.evaluate import CompiledExpression
from negotiator.analysis.tree import build_tree
from negotiator.analysis.tree_nodes import Chance, Decision, Edge, Leaf, Simultaneous
from negotiator.scenario.models import Scenario

#: Histories replayed at most; beyond this the symbolic method gives up.
MAX_HISTORIES = 20_000
#: Gaps with at most this many operations are solved with every parameter symbolic.
MAX_GENERAL_OPS = 400


class NotReplayableError(Exception):
    """The game cannot be replayed symbolically (the numeric method is used)."""


class _Replay:
    def __init__(self, compiled: CompiledScenario, solution: Solution, party: str, env: Any):
        self.compiled = compiled
        self.solution = solution
        self.party = party
        self.env = env  # name -> sympy value of every parameter
        self.discount = env[f"{party}_discount"]
        self.visits = 0
        self.numbers: dict[Any, Any] = {}

    def expr(self, compiled: CompiledExpression, regime: str, state: Mapping[str, Any]) -> Any:
        form = compiled.symbolic(regime)
        values = {**self.env, **state}
        return form.xreplace({s: values[str(s)] for s in form.free_symbols if str(s) in values})

    def edge(self, edge: Edge, regime: str, state: dict[str, Any], reward: Any) -> Any:
        for record in edge.months:
            regime = record.regime
            flows = self.compiled.flows[self.party]
            if regime in flows:
                reward += self.discount**record.month * self.expr(flows[regime], regime, state)
            drift = self.compiled.drift[regime]
            state = {
                name: self.expr(drift[name], regime, state) if name in drift else value
                for name, value in state.items()
            }
        return reward + self.node(edge.node, regime, state)

    def choose(
        self,
        choices: list[CompiledChoice],
        month: int,
        regime: str,
        state: dict[str, Any],
        edge: Edge,
    ) -> Any:
        reward: Any = 0
        new_state = dict(state)
        new_regime = regime
        for choice in choices:
            if self.party in choice.payoff:
                payoff = self.expr(choice.payoff[self.party], regime, state)
                reward += self.discount**month * payoff
            for name, effect in choice.effects.items():
                new_state[name] = self.expr(effect, regime, state)
            new_regime = choice.regime or new_regime
        return self.edge(edge, new_regime, new_state, reward)

    def node(self, node: Any, regime: str, state: dict[str, Any]) -> Any:
        self.visits += 1
        if self.visits > MAX_HISTORIES:
            raise NotReplayableError("too many histories")
        if isinstance(node, Leaf):
            return self.leaf(node, regime, state)
        if isinstance(node, Decision):
            k = int(self.solution.choices.get(id(node), np.zeros(1, dtype=int))[0])
            choice = next(c for c in node.stage.choices if c.name == node.choices[k])
            return self.choose([choice], node.stage.month, regime, state, node.edges[k])
        if isinstance(node, Chance):
            if node.stage is None:  # a monthly regime transition
                targets = self.compiled.transitions[regime]
                moves = {t: self.expr(p, regime, state) for t, p in targets.items()}
                stay = 1 - sum(moves.values())
                probabilities = [stay, *moves.values()]
                return sum(
                    p * self.edge(e, name, dict(state), 0)
                    for p, name, e in zip(probabilities, node.choices, node.edges, strict=True)
                )
            total: Any = 0
            for name, edge in zip(node.choices, node.edges, strict=True):
                choice = next(c for c in node.stage.choices if c.name == name)
                if len(node.choices) == 1:
                    probability: Any = 1
                else:
                    assert choice.probability is not None
                    probability = self.expr(choice.probability, regime, state)
                total += probability * self.choose([choice], node.month, regime, state, edge)
            return total
        if isinstance(node, Simultaneous):
            mixture = self.solution.mixtures[id(node)][0]
            if not np.isclose(mixture.max(), 1.0):
                raise NotReplayableError("a simultaneous stage is played in mixed strategies")
            k = int(np.argmax(mixture))
            profile = node.profiles[k]
            chosen = [node.stage.options[m][i] for m, i in enumerate(profile)]
            if profile in node.stage.joint:
                chosen.append(node.stage.joint[profile])
            return self.choose(chosen, node.stage.month, regime, state, node.edges[k])
        raise NotReplayableError(f"a {type(node).__name__} node")

    def leaf(self, leaf: Leaf, regime: str, state: dict[str, Any]) -> Any:
        import sympy

        compiled = self.compiled
        months = compiled.months
        if not bool(leaf.deal[0]):
            value = self.expr(compiled.disagreement[self.party], regime, state)
            return self.discount**months * value
        terms: dict[str, Any] = {}
        interior = []
        for j, issue in enumerate(compiled.issues):
            low_form, high_form = compiled.issue_bounds[j]
            low = self.expr(low_form, regime, state)
            high = self.expr(high_form, regime, state)
            x = float(leaf.terms[issue][0])
            low_value, high_value = (
                float(low.subs(self._numbers())),
                float(high.subs(self._numbers())),
            )
            scale = max(1.0, abs(high_value - low_value))
            if not np.isfinite(x) or abs(x - low_value) <= 1e-7 * scale:
                terms[issue] = low
            elif abs(x - high_value) <= 1e-7 * scale:
                terms[issue] = high
            else:
                terms[issue] = sympy.Symbol(f"_term_{issue}", real=True)
                interior.append(terms[issue])
        if interior:
            terms = self.interior_terms(terms, interior, regime, state)
        utility = self.expr(compiled.utility[self.party], regime, {**state, **terms})
        return self.discount**months * utility

    def interior_terms(
        self, terms: dict[str, Any], interior: list[Any], regime: str, state: dict[str, Any]
    ) -> dict[str, Any]:
        import sympy

        compiled = self.compiled
        if compiled.scenario.settlement is None or compiled.scenario.settlement.solution != "nash":
            raise NotReplayableError("an interior Kalai-Smorodinsky settlement")
        objective: Any = 0
        for p in compiled.at_table:
            gain = self.expr(compiled.utility[p], regime, {**state, **terms}) - self.expr(
                compiled.disagreement[p], regime, state
            )
            objective += self.expr(compiled.power[p], regime, state) * sympy.log(gain)
        conditions = [sympy.diff(objective, x) for x in interior]
        solutions = sympy.solve(conditions, interior, dict=True)
        if len(solutions) != 1:
            raise NotReplayableError("the settlement's conditions have no unique solution")
        return {
            k: v.xreplace(solutions[0]) if hasattr(v, "xreplace") else v for k, v in terms.items()
        }

    def _numbers(self) -> dict[Any, Any]:
        return self.numbers


def timeline_utility(
    scenario: Scenario,
    timeline: str,
    party: str,
    env: Mapping[str, Any],
    numbers: Mapping[Any, Any],
    *,
    overrides: Mapping[str, float] | None = None,
    compiled: CompiledScenario | None = None,
    atol: float = DEFAULT_ATOL,
) -> Any:
    """The party's expected utility of a timeline as a sympy expression.

    ``env`` maps every parameter name to its sympy value (a symbol to keep it
    free); ``numbers`` maps those symbols to their stated values, to place
    numeric terms at their bounds. Raises :class:`NotReplayableError` when the
    game cannot be replayed.
    """
    from negotiator.analysis.compare import pins_by_stage

    compiled = compiled or compiled_once(scenario)
    found = scenario.timelines.get(timeline)
    pins = pins_by_stage(dict(found.pin) if found else {})
    batch = point_batch(scenario, overrides)
    solution = backward_induction(build_tree(compiled, batch, pins), atol=atol)
    replay = _Replay(compiled, solution, party, dict(env))
    replay.numbers = dict(numbers)
    regime = scenario.initial_regime
    state = {name: replay.expr(expr, regime, {}) for name, expr in compiled.initial_state.items()}
    return replay.edge(solution.tree.root, regime, state, 0)


def symbolic_roots(
    scenario: Scenario,
    parameter: str,
    pair: tuple[str, str],
    party: str,
    overrides: Mapping[str, float] | None,
    bounds: tuple[float, float],
    *,
    atol: float = DEFAULT_ATOL,
) -> tuple[str, list[float]] | None:
    """The closed form and the real roots in ``bounds`` of ``U_B - U_A = 0``, or None.

    None means the symbolic method does not apply (see the module docstring).
    """
    found = symbolic_gap(scenario, parameter, pair, party, overrides, bounds, atol=atol)
    return None if found is None else (found[0], found[1])


def symbolic_gap(
    scenario: Scenario,
    parameter: str,
    pair: tuple[str, str],
    party: str,
    overrides: Mapping[str, float] | None,
    bounds: tuple[float, float],
    *,
    atol: float = DEFAULT_ATOL,
    compiled: CompiledScenario | None = None,
) -> tuple[str, list[float], Callable[[Any], Any]] | None:
    """As :func:`symbolic_roots`, plus the gap as a numpy function of the parameter.

    The function lets the caller check the closed form against the engine
    across the whole range, not only at the roots. ``compiled`` saves
    converting the scenario's expressions again when the caller has them.
    """
    import sympy

    batch = point_batch(scenario, overrides)
    symbols = {name: sympy.Symbol(name, real=True) for name in batch.values}
    numbers = {
        symbols[name]: sympy.Rational(repr(float(values[0])))
        for name, values in batch.values.items()
    }
    compiled = compiled or compiled_once(scenario)
    target = symbols[parameter]
    try:
        general = [
            timeline_utility(
                scenario,
                t,
                party,
                symbols,
                numbers,
                overrides=overrides,
                compiled=compiled,
                atol=atol,
            )
            for t in pair
        ]
    except (NotReplayableError, TypeError, ValueError, ZeroDivisionError):
        return None
    gap = general[1] - general[0]
    others = {s: v for s, v in numbers.items() if s != target}
    closed = _general_solution(gap, target, others, bounds)
    specific = gap.xreplace(others)
    found = _roots_in(specific, target, bounds)
    if found is None:
        return None
    roots, shown = found
    function = sympy.lambdify(target, specific, modules="numpy")
    text = closed or f"gap({target}) = {shown} (other parameters at their values)"
    return text, roots, function


def _general_solution(
    gap: Any, target: Any, others: Mapping[Any, Any], bounds: tuple[float, float]
) -> str | None:
    import sympy

    if sympy.count_ops(gap) > MAX_GENERAL_OPS:
        return None
    numerator = sympy.numer(sympy.together(gap))
    try:
        degree = sympy.Poly(numerator, target).degree()
    except sympy.PolynomialError:
        return None
    if degree < 1 or degree > 2:
        return None
    for solution in sympy.solve(numerator, target):
        value = complex(sympy.N(solution.xreplace(others)))
        if abs(value.imag) < 1e-12 and bounds[0] - 1e-12 <= value.real <= bounds[1] + 1e-12:
            return f"{target} = {sympy.sstr(sympy.simplify(solution))}"
    return None


def _roots_in(
    expression: Any, target: Any, bounds: tuple[float, float]
) -> tuple[list[float], str] | None:
    """Real roots of ``expression`` in ``bounds`` and the expression for people, or None."""
    import sympy

    if expression.free_symbols - {target}:
        return None
    try:
        polynomial = sympy.Poly(expression, target)
        denominator: Any = sympy.Integer(1)
        shown_form = polynomial.as_expr()
    except sympy.PolynomialError:
        rational = sympy.together(expression)
        denominator = sympy.denom(rational)
        try:
            polynomial = sympy.Poly(sympy.numer(rational), target)
            shown_form = rational
        except sympy.PolynomialError:
            polynomial, shown_form = None, rational
    shown = sympy.sstr(sympy.N(shown_form, 6))
    if len(shown) > 240:
        shown = (
            f"a polynomial of degree {polynomial.degree()} in {target}"
            if polynomial is not None
            else f"an expression in {target} of {sympy.count_ops(shown_form)} operations"
        )
    if polynomial is not None:
        if polynomial.is_zero:
            return None  # indifferent everywhere: no threshold to report as a point
        if polynomial.degree() <= 4:
            candidates = [complex(sympy.N(r, 30)) for r in sympy.roots(polynomial, multiple=True)]
        else:  # exact root isolation is slow for large coefficients: mpmath's polyroots
            try:
                candidates = [complex(r) for r in polynomial.nroots(n=30, maxsteps=200)]
            except sympy.polys.polyerrors.PolynomialError:
                return None
    else:
        found = sympy.solveset(expression, target, domain=sympy.Interval(*bounds))
        if not isinstance(found, sympy.FiniteSet):
            return None
        candidates = [complex(sympy.N(r, 30)) for r in found]
    low, high = bounds
    slack = 1e-12 * max(1.0, high - low)
    real = sorted(
        {
            min(max(c.real, low), high)
            for c in candidates
            if abs(c.imag) <= 1e-9 * max(1.0, abs(c.real)) and low - slack <= c.real <= high + slack
        }
    )
    roots = [r for r in real if abs(float(denominator.xreplace({target: r}))) > 1e-300]
    return roots, shown
