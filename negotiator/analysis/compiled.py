"""A scenario with every expression lambdified, and the batch of parameter draws.

:func:`compile_scenario` converts each expression of a validated scenario to
sympy once; :func:`point_batch` gives the batch of one draw at the stated
parameter values, with ``--set`` overrides applied and checked.

Examples
--------
>>> from negotiator.scenario import load_scenario
>>> sc = load_scenario("scenarios/kursk-2025.yaml")
>>> batch = point_batch(sc, {"p_ceasefire_breakdown": 0.2})
>>> batch.n, float(batch.values["p_ceasefire_breakdown"][0])
(1, 0.2)
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from negotiator.analysis.evaluate import Array, CompiledExpression
from negotiator.errors import OverrideError, PathPart
from negotiator.scenario.checks import stage_choices
from negotiator.scenario.expression_tree import Expression
from negotiator.scenario.fields import month_number
from negotiator.scenario.models import Option, Scenario


@dataclass(frozen=True)
class Batch:
    """Parameter draws: each name maps to an array of shape ``(n,)``."""

    n: int
    values: dict[str, Array]


@dataclass
class CompiledChoice:
    """An option or chance outcome with its compiled effects and payoffs."""

    name: str
    label: str
    regime: str | None
    effects: dict[str, CompiledExpression]
    payoff: dict[str, CompiledExpression]
    probability: CompiledExpression | None = None


@dataclass
class CompiledStage:
    """A stage with its month index (0 = the calendar's first month)."""

    id: str
    index: int
    date: str
    month: int
    actor: str
    title: str
    when: CompiledExpression | None
    choices: list[CompiledChoice]
    # simultaneous stages: each mover's options, and extra effects of combinations
    movers: list[str] = field(default_factory=list)
    options: list[list[CompiledChoice]] = field(default_factory=list)
    joint: dict[tuple[int, ...], CompiledChoice] = field(default_factory=dict)

    @property
    def is_chance(self) -> bool:
        """Whether chance, not a party, moves here."""
        return self.actor == "chance"

    @property
    def is_simultaneous(self) -> bool:
        """Whether several parties move here at once."""
        return bool(self.options)


@dataclass
class CompiledScenario:
    """Everything the tree builder needs, lambdified once."""

    scenario: Scenario
    parties: list[str]
    at_table: list[str]
    months: int
    initial_state: dict[str, CompiledExpression]
    flows: dict[str, dict[str, CompiledExpression]]  # party -> regime -> flow
    drift: dict[str, dict[str, CompiledExpression]]  # regime -> state -> next value
    transitions: dict[str, dict[str, CompiledExpression]]  # regime -> regime -> p
    stages: list[CompiledStage]
    issues: list[str]
    issue_bounds: list[tuple[CompiledExpression, CompiledExpression]]
    utility: dict[str, CompiledExpression]
    disagreement: dict[str, CompiledExpression]
    power: dict[str, CompiledExpression]
    _affine: dict[str, bool] = field(default_factory=dict)
    _settlement_state: dict[str, list[str]] = field(default_factory=dict)

    def settlement_state(self, regime: str) -> list[str]:
        """The state variables the settlement depends on in ``regime`` (sorted).

        Leaves that agree on these share one settlement solve.
        """
        if regime not in self._settlement_state:
            expressions = [
                *self.utility.values(),
                *self.disagreement.values(),
                *self.power.values(),
                *(bound for pair in self.issue_bounds for bound in pair),
            ]
            names = {str(s) for e in expressions for s in e.symbolic(regime).free_symbols}
            self._settlement_state[regime] = sorted(names & set(self.scenario.state))
        return self._settlement_state[regime]

    def utilities_affine(self, regime: str) -> bool:
        """Whether every settlement utility is affine in the issues (checked once, with sympy)."""
        if regime not in self._affine:
            import sympy

            issues = [sympy.Symbol(name, real=True) for name in self.issues]
            affine = True
            for utility in self.utility.values():
                try:
                    polynomial = sympy.Poly(utility.symbolic(regime), *issues)
                except sympy.PolynomialError:
                    affine = False
                    break
                if polynomial.total_degree() > 1:
                    affine = False
                    break
            self._affine[regime] = affine
        return self._affine[regime]


def compile_scenario(scenario: Scenario) -> CompiledScenario:
    """Lambdify every expression of a validated scenario."""
    start = month_number(scenario.calendar.start)
    parties = list(scenario.parties)
    flows = {}
    for party_id, party in scenario.parties.items():
        rename = {name: f"{party_id}_{name}" for name in party.parameters}
        flows[party_id] = {
            regime: CompiledExpression(e, path=("parties", party_id, "flow", regime), rename=rename)
            for regime, e in party.flow.items()
        }
    settlement = scenario.settlement
    power = {}
    for party_id in parties:
        party = scenario.parties[party_id]
        if not party.at_table:
            continue
        if party_id in settlement.power:
            power[party_id] = CompiledExpression(
                settlement.power[party_id], path=("settlement", "power", party_id)
            )
        else:
            rename = {name: f"{party_id}_{name}" for name in party.parameters}
            power[party_id] = CompiledExpression(
                party.power, path=("parties", party_id, "power"), rename=rename
            )
    return CompiledScenario(
        scenario=scenario,
        parties=parties,
        at_table=[p for p in parties if scenario.parties[p].at_table],
        months=scenario.calendar.months,
        initial_state={
            name: CompiledExpression(v.initial, path=("state", name, "initial"))
            for name, v in scenario.state.items()
        },
        flows=flows,
        drift={
            rid: {
                s: CompiledExpression(e, path=("regimes", rid, "drift", s))
                for s, e in r.drift.items()
            }
            for rid, r in scenario.regimes.items()
        },
        transitions={
            rid: {
                t: CompiledExpression(e, path=("regimes", rid, "transitions", t))
                for t, e in r.transitions.items()
            }
            for rid, r in scenario.regimes.items()
        },
        stages=[_compile_stage(scenario, i, start) for i in range(len(scenario.stages))],
        issues=list(settlement.issues),
        issue_bounds=[
            (
                CompiledExpression(issue.range[0], path=("settlement", "issues", name, "range", 0)),
                CompiledExpression(issue.range[1], path=("settlement", "issues", name, "range", 1)),
            )
            for name, issue in settlement.issues.items()
        ],
        utility={
            p: CompiledExpression(e, path=("settlement", "utility", p))
            for p, e in settlement.utility.items()
        },
        disagreement={
            p: CompiledExpression(e, path=("settlement", "disagreement", p))
            for p, e in settlement.disagreement.items()
        },
        power=power,
    )


_COMPILED: dict[str, CompiledScenario] = {}
#: Compiled scenarios kept by :func:`compiled_once` (most recent last).
KEEP_COMPILED = 4


def compiled_once(scenario: Scenario) -> CompiledScenario:
    """The scenario compiled, shared by every caller in this process.

    Expressions are lambdified lazily, on first use, by the compiled scenario;
    sharing it means each is converted once however many analyses run. Keyed
    by the scenario's content, so an edited copy compiles anew.
    """
    import hashlib

    key = hashlib.sha256(scenario.model_dump_json().encode()).hexdigest()
    if key not in _COMPILED:
        if len(_COMPILED) >= KEEP_COMPILED:
            del _COMPILED[next(iter(_COMPILED))]
        _COMPILED[key] = compile_scenario(scenario)
    return _COMPILED[key]


def _compile_stage(scenario: Scenario, index: int, start: int) -> CompiledStage:
    stage = scenario.stages[index]
    base: tuple[PathPart, ...] = ("stages", index)
    choices: list[CompiledChoice] = []
    movers: list[str] = []
    options: list[list[CompiledChoice]] = []
    joint: dict[tuple[int, ...], CompiledChoice] = {}
    if stage.simultaneous is not None:
        for party, party_options in stage.simultaneous.items():
            movers.append(party)
            options.append(
                [
                    _compile_choice(name, option, (*base, "simultaneous", party, name))
                    for name, option in party_options.items()
                ]
            )
        for key, option in stage.joint.items():
            names = key.split("+")
            profile = tuple(
                list(stage.simultaneous[m]).index(n) for m, n in zip(movers, names, strict=True)
            )
            joint[profile] = _compile_choice(key, option, (*base, "joint", key))
    elif stage.chance is not None:
        for name, outcome in stage.chance.items():
            choice = _compile_choice(name, outcome, (*base, "chance", name))
            choice.probability = CompiledExpression(outcome.p, path=(*base, "chance", name, "p"))
            choices.append(choice)
    elif stage.options is not None:
        for name, option in stage.options.items():
            choices.append(_compile_choice(name, option, (*base, "options", name)))
    else:
        assert stage.proposal is not None
        proposal = scenario.proposals[stage.proposal]
        accept = Option(label=f"accept {proposal.title or stage.proposal}", effects=proposal.terms)
        for name in stage_choices(scenario, stage):
            option = accept if name == "accept" else Option(label="reject")
            choices.append(_compile_choice(name, option, ("proposals", stage.proposal, "terms")))
    return CompiledStage(
        id=stage.id,
        index=index,
        date=stage.date,
        month=stage.month - start,
        actor=stage.actor,
        title=stage.title,
        when=CompiledExpression(stage.when, path=(*base, "when")) if stage.when else None,
        choices=choices,
        movers=movers,
        options=options,
        joint=joint,
    )


def _compile_choice(name: str, option: Option, base: tuple[PathPart, ...]) -> CompiledChoice:
    effects: dict[str, Expression] = dict(option.effects)
    regime_effect = effects.pop("regime", None)
    return CompiledChoice(
        name=name,
        label=option.label,
        regime=regime_effect.text if regime_effect is not None else None,
        effects={s: CompiledExpression(e, path=(*base, "effects", s)) for s, e in effects.items()},
        payoff={
            p: CompiledExpression(e, path=(*base, "payoff", p)) for p, e in option.payoff.items()
        },
    )


def point_batch(scenario: Scenario, overrides: Mapping[str, float] | None = None) -> Batch:
    """The batch of one draw: every parameter at its value, overrides applied.

    Raises
    ------
    OverrideError
        If an override names no parameter, or lies outside the parameter's range.
    """
    values = {name: np.array([float(p.value)]) for name, p in scenario.all_parameters().items()}
    return with_overrides(scenario, Batch(n=1, values=values), overrides)


def with_overrides(
    scenario: Scenario, batch: Batch, overrides: Mapping[str, float] | None
) -> Batch:
    """The batch with each overridden parameter fixed at its override in every draw.

    Raises
    ------
    OverrideError
        If an override names no parameter, or lies outside the parameter's range.
    """
    parameters = scenario.all_parameters()
    values = dict(batch.values)
    for name, value in (overrides or {}).items():
        if name not in parameters:
            close = difflib.get_close_matches(name, list(parameters), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise OverrideError(
                f"--set {name}: no parameter of that name{hint}", path=("parameters",)
            )
        parameter = parameters[name]
        if not np.isfinite(value):
            raise OverrideError(
                f"--set {name}={value}: not a finite number", path=("parameters", name)
            )
        if parameter.range is not None and not parameter.range[0] <= value <= parameter.range[1]:
            low, high = parameter.range
            raise OverrideError(
                f"--set {name}={value:g} lies outside its range [{low:g}, {high:g}]; "
                "widen the range in the file if you mean it",
                path=("parameters", name, "range"),
            )
        values[name] = np.full(batch.n, float(value))
    return Batch(n=batch.n, values=values)
