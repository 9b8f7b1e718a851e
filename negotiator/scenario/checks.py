"""Whole-scenario checks: every reference resolves and every expression fits its place.

Run by :class:`~negotiator.scenario.models.Scenario` when it is built, so a
scenario that exists is a scenario that can be compiled. The first problem
found is raised as a :class:`~negotiator.errors.ScenarioError` carrying the
field path; the loader adds the file and line.

Name spaces: *parameters* are the scenario's own plus each party's, prefixed
with the party id (``ukraine_discount``); *state* names the state variables;
*issues* the settlement issues; ``regime`` is the regime in force and may only
be compared with a regime name. A party's own expressions (``flow``,
``power``) may also use its parameters unprefixed. Rank correlations between
parameters are checked by :func:`negotiator.scenario.correlation.check_correlations`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from negotiator.errors import PathPart, ScenarioError
from negotiator.scenario.correlation import check_correlations
from negotiator.scenario.expression_tree import Expression, Kind, Name, regime_literals
from negotiator.scenario.expressions import FUNCTIONS

if TYPE_CHECKING:
    from negotiator.scenario.models import Option, Scenario, Stage

Path = tuple[PathPart, ...]


def check_scenario(scenario: Scenario) -> None:
    """Raise :class:`ScenarioError` at the first broken reference or misplaced expression."""
    _Checker(scenario).run()


class _Checker:
    def __init__(self, scenario: Scenario) -> None:
        self.sc = scenario
        self.regimes = set(scenario.regimes)
        self.parties = set(scenario.parties)
        self.parameters = set(scenario.all_parameters())
        self.state = set(scenario.state)
        self.issues = set(scenario.settlement.issues)
        self.facts = scenario.fact_base.ids() if scenario.fact_base else None

    def run(self) -> None:
        self._names()
        self._parties()
        self._state_and_regimes()
        self._proposals()
        self._stages()
        self._settlement()
        self._timelines()
        self._fact_references()
        check_correlations(self.sc)

    # -- name spaces ---------------------------------------------------------
    def _names(self) -> None:
        sc = self.sc
        reserved = {"regime", *FUNCTIONS}
        spaces: list[tuple[str, Iterable[str]]] = [
            ("parameters", sc.parameters),
            ("state", sc.state),
            ("settlement.issues", sc.settlement.issues),
        ]
        owner: dict[str, str] = {}
        for party_id, party in sc.parties.items():
            for name in party.parameters:
                owner[f"{party_id}_{name}"] = f"parties.{party_id}.parameters.{name}"
        for space, names in spaces:
            for name in names:
                path = (*space.split("."), name)
                if name in reserved:
                    raise ScenarioError(f"{name!r} is a reserved word", path=path)
                if name in owner:
                    raise ScenarioError(f"{name!r} is already defined at {owner[name]}", path=path)
                owner[name] = f"{space}.{name}"
        if sc.initial_regime not in self.regimes:
            raise ScenarioError(
                f"unknown regime {sc.initial_regime!r}; regimes are {_listing(self.regimes)}",
                path=("initial_regime",),
            )

    def _expr(
        self,
        expression: Expression,
        path: Path,
        allowed: set[str],
        kind: Kind = "number",
    ) -> None:
        if expression.kind != kind:
            raise ScenarioError(
                f"expected a {kind} here, but {expression.text!r} is a {expression.kind}", path=path
            )
        for name in sorted(expression.names - allowed - {"regime"}):
            raise ScenarioError(_unknown_name(name, allowed), path=path)
        for literal in sorted(regime_literals(expression.tree) - self.regimes):
            raise ScenarioError(
                f"unknown regime {literal!r}; regimes are {_listing(self.regimes)}", path=path
            )

    # -- parts -----------------------------------------------------------------
    def _parties(self) -> None:
        if not any(p.at_table for p in self.sc.parties.values()):
            raise ScenarioError("at least one party must be at the table", path=("parties",))
        for party_id, party in self.sc.parties.items():
            base: Path = ("parties", party_id)
            scope = self.parameters | self.state | set(party.parameters)
            for name, parameter in party.parameters.items():
                self._fact_source(parameter.source, (*base, "parameters", name, "source"))
            for regime, flow in party.flow.items():
                self._regime_name(regime, (*base, "flow", regime))
                self._expr(flow, (*base, "flow", regime), scope)
            self._expr(party.power, (*base, "power"), scope)
        for name, parameter in self.sc.parameters.items():
            self._fact_source(parameter.source, ("parameters", name, "source"))
        for chip_id, chip in self.sc.chips.items():
            if chip.state not in self.state:
                raise ScenarioError(
                    _unknown_name(chip.state, self.state), path=("chips", chip_id, "state")
                )
            self._party(chip.held_by, ("chips", chip_id, "held_by"))

    def _state_and_regimes(self) -> None:
        for name, variable in self.sc.state.items():
            self._expr(variable.initial, ("state", name, "initial"), self.parameters)
        dynamic = self.parameters | self.state
        for regime_id, regime in self.sc.regimes.items():
            for name, expression in regime.drift.items():
                path: Path = ("regimes", regime_id, "drift", name)
                if name not in self.state:
                    raise ScenarioError(_unknown_name(name, self.state), path=path)
                self._expr(expression, path, dynamic)
            for target, probability in regime.transitions.items():
                path = ("regimes", regime_id, "transitions", target)
                self._regime_name(target, path)
                if target == regime_id:
                    raise ScenarioError("a regime cannot transition to itself", path=path)
                self._expr(probability, path, dynamic)

    def _proposals(self) -> None:
        for proposal_id, proposal in self.sc.proposals.items():
            base: Path = ("proposals", proposal_id)
            for index, party in enumerate(proposal.proposed_by):
                self._party(party, (*base, "proposed_by", index))
            for index, party in enumerate(proposal.must_accept):
                self._party(party, (*base, "must_accept", index))
            self._effects(proposal.terms, (*base, "terms"))

    def _stages(self) -> None:
        seen: set[str] = set()
        previous: tuple[str, int] | None = None
        calendar = self.sc.calendar
        for index, stage in enumerate(self.sc.stages):
            base: Path = ("stages", index)
            if stage.id in seen:
                raise ScenarioError(f"duplicate stage id {stage.id!r}", path=(*base, "id"))
            seen.add(stage.id)
            if not calendar.start <= stage.date[:7] <= calendar.end:
                raise ScenarioError(
                    f"date {stage.date} lies outside the calendar "
                    f"{calendar.start} to {calendar.end}",
                    path=(*base, "date"),
                )
            if previous is not None and _sort_key(stage.date) < _sort_key(previous[0]):
                raise ScenarioError(
                    f"stages run in file order; {stage.date} comes before the date "
                    f"{previous[0]} of stages[{previous[1]}]",
                    path=(*base, "date"),
                )
            previous = (stage.date, index)
            self._stage(stage, base)

    def _stage(self, stage: Stage, base: Path) -> None:
        dynamic = self.parameters | self.state
        if stage.when is not None:
            self._expr(stage.when, (*base, "when"), dynamic, kind="bool")
        if stage.decide is not None:
            self._party(stage.decide, (*base, "decide"))
        if stage.proposal is not None:
            proposal = self.sc.proposals.get(stage.proposal)
            if proposal is None:
                raise ScenarioError(
                    f"unknown proposal {stage.proposal!r}; "
                    f"proposals are {_listing(self.sc.proposals)}",
                    path=(*base, "proposal"),
                )
            if stage.decide not in proposal.must_accept:
                raise ScenarioError(
                    f"{stage.decide!r} is not among the parties who must accept {stage.proposal!r}",
                    path=(*base, "decide"),
                )
        groups: list[tuple[Path, Mapping[str, Option]]] = []
        if stage.simultaneous is not None:
            for party, options in stage.simultaneous.items():
                self._party(party, (*base, "simultaneous", party))
                groups.append(((*base, "simultaneous", party), options))
            groups.append(((*base, "joint"), stage.joint))
            self._joint_keys(stage, (*base, "joint"))
        else:
            key = "chance" if stage.chance is not None else "options"
            groups.append(((*base, key), stage.chance or stage.options or {}))
        for where, choices in groups:
            for name, option in choices.items():
                self._effects(option.effects, (*where, name, "effects"))
                for party, payoff in option.payoff.items():
                    self._party(party, (*where, name, "payoff", party))
                    self._expr(payoff, (*where, name, "payoff", party), dynamic)
        if stage.chance is not None:
            for name, outcome in stage.chance.items():
                self._expr(outcome.p, (*base, "chance", name, "p"), dynamic)
            _check_probabilities_sum_to_one(
                [outcome.p for outcome in stage.chance.values()], self.regimes, (*base, "chance")
            )

    def _joint_keys(self, stage: Stage, base: Path) -> None:
        assert stage.simultaneous is not None
        movers = list(stage.simultaneous)
        for key in stage.joint:
            parts = key.split("+")
            if len(parts) != len(movers) or any(
                part not in stage.simultaneous[mover]
                for part, mover in zip(parts, movers, strict=False)
            ):
                example = "+".join(next(iter(stage.simultaneous[m])) for m in movers)
                raise ScenarioError(
                    f"{key!r} is not a combination of options of {', '.join(movers)} "
                    f"in that order (e.g. {example!r})",
                    path=(*base, key),
                )

    def _effects(self, effects: Mapping[str, Expression], base: Path) -> None:
        for name, expression in effects.items():
            path = (*base, name)
            if name == "regime":
                tree = expression.tree
                if not isinstance(tree, Name) or tree.id not in self.regimes:
                    raise ScenarioError(
                        f"regime must be one of {_listing(self.regimes)}, not {expression.text!r}",
                        path=path,
                    )
            elif name not in self.state:
                raise ScenarioError(_unknown_name(name, self.state | {"regime"}), path=path)
            else:
                self._expr(expression, path, self.parameters | self.state)

    def _settlement(self) -> None:
        settlement = self.sc.settlement
        dynamic = self.parameters | self.state
        for name, issue in settlement.issues.items():
            for index, bound in enumerate(issue.range):
                self._expr(bound, ("settlement", "issues", name, "range", index), dynamic)
        for field in ("utility", "disagreement"):
            table: dict[str, Expression] = getattr(settlement, field)
            if missing := self.parties - set(table):
                raise ScenarioError(
                    f"missing for {_listing(missing)}: every party needs a {field}",
                    path=("settlement", field),
                )
            scope = dynamic | self.issues if field == "utility" else dynamic
            for party, expression in table.items():
                self._party(party, ("settlement", field, party))
                self._expr(expression, ("settlement", field, party), scope)
        for party, expression in settlement.power.items():
            path: Path = ("settlement", "power", party)
            self._party(party, path)
            if not self.sc.parties[party].at_table:
                raise ScenarioError(f"{party!r} is not at the table (at_table: false)", path=path)
            self._expr(expression, path, dynamic)

    def _timelines(self) -> None:
        for timeline_id, timeline in self.sc.timelines.items():
            for key, choice in timeline.pin.items():
                check_pin(self.sc, key, choice, ("timelines", timeline_id, "pin", key))

    def _fact_references(self) -> None:
        if self.facts is None:
            return
        for index, stage in enumerate(self.sc.stages):
            self._facts(stage.facts, ("stages", index, "facts"))
        for chip_id, chip in self.sc.chips.items():
            self._facts(chip.facts, ("chips", chip_id, "facts"))
        for proposal_id, proposal in self.sc.proposals.items():
            self._facts(proposal.facts, ("proposals", proposal_id, "facts"))

    # -- small helpers -----------------------------------------------------------
    def _facts(self, ids: Sequence[str], base: Path) -> None:
        for index, fact_id in enumerate(ids):
            if self.facts is not None and fact_id not in self.facts:
                raise ScenarioError(_unknown("fact", fact_id, self.facts), path=(*base, index))

    def _fact_source(self, source: str, path: Path) -> None:
        if source.startswith("fact:") and self.facts is not None:
            fact_id = source.removeprefix("fact:")
            if fact_id not in self.facts:
                raise ScenarioError(_unknown("fact", fact_id, self.facts), path=path)

    def _party(self, name: str, path: Path) -> None:
        if name not in self.parties:
            raise ScenarioError(_unknown("party", name, self.parties), path=path)

    def _regime_name(self, name: str, path: Path) -> None:
        if name not in self.regimes:
            raise ScenarioError(_unknown("regime", name, self.regimes), path=path)


def check_pin(scenario: Scenario, key: str, choice: str, path: Path) -> None:
    """Check one pinned choice ``"actor@stage": choice`` against the scenario.

    Raises
    ------
    ScenarioError
        If the key is malformed, or the stage, actor or choice does not exist.
    """
    actor, at, stage_id = key.partition("@")
    if not at or not actor or not stage_id:
        raise ScenarioError(f"a pin is written 'party@stage', not {key!r}", path=path)
    stage_ids = [s.id for s in scenario.stages]
    if stage_id not in stage_ids:
        raise ScenarioError(_unknown("stage", stage_id, stage_ids), path=path)
    stage = scenario.stage(stage_id)
    movers = stage.movers or ["chance"]
    if actor not in movers:
        raise ScenarioError(
            f"stage {stage_id!r} is decided by {' and '.join(map(repr, movers))}, not {actor!r}",
            path=path,
        )
    choices = stage_choices(scenario, stage, actor)
    if choice not in choices:
        raise ScenarioError(
            f"stage {stage_id!r} has no choice {choice!r}; choices: {_listing(choices)}", path=path
        )


def stage_choices(scenario: Scenario, stage: Stage, party: str | None = None) -> list[str]:
    """The option or outcome names of a stage (of ``party``, at a simultaneous stage)."""
    if stage.simultaneous is not None:
        return list(stage.simultaneous[party or next(iter(stage.simultaneous))])
    if stage.chance is not None:
        return list(stage.chance)
    if stage.options is not None:
        return list(stage.options)
    return ["accept", "reject"]


def _check_probabilities_sum_to_one(
    probabilities: Sequence[Expression], regimes: Iterable[str], path: Path
) -> None:
    import sympy

    from negotiator.scenario.symbolic import to_sympy

    for regime in sorted(regimes):
        total = sympy.Add(*(to_sympy(p, regime=regime) for p in probabilities))
        if total.is_number:  # literals are exact rationals, so 0.3 + 0.7 is exactly 1
            if total != 1:
                shown = f"{float(total):.10g}"
                raise ScenarioError(f"probabilities sum to {shown}, not 1", path=path)
            continue
        difference = sympy.simplify(sympy.expand(total - 1))
        if difference != 0:
            raise ScenarioError(
                "probabilities must sum to 1 for every parameter draw; "
                f"they sum to {sympy.sstr(total)}",
                path=path,
            )


def _sort_key(date: str) -> tuple[str, int]:
    return (date[:7], int(date[8:10]) if len(date) > 7 else 0)


def _unknown(what: str, name: str, known: Iterable[str]) -> str:
    return f"unknown {what} {name!r}; known: {_listing(known)}"


def _unknown_name(name: str, allowed: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(allowed), n=3)
    hint = f"; did you mean {_listing(close)}?" if close else ""
    return f"unknown name {name!r}{hint}"


def _listing(names: Iterable[str]) -> str:
    items = sorted(names)
    return ", ".join(repr(n) for n in items) if items else "(none)"
