"""Compare counterfactual timelines of a scenario.

:func:`compare` compiles the scenario once, then for each timeline builds the
game with that timeline's pinned choices, solves it by backward induction and
traces the equilibrium forward. The result holds, per timeline, each party's
discounted expected utility, the expected final state, regime probabilities
by month, the equilibrium path and the settlement terms.

Examples
--------
>>> import negotiator as ng
>>> sc = ng.load_scenario("scenarios/kursk-2025.yaml")
>>> result = ng.compare(sc, ["retreat-march", "accept-ceasefire-feb"])
>>> [t.id for t in result.timelines]
['retreat-march', 'accept-ceasefire-feb']
>>> result.timelines[0].final_state["kursk_km2"]
0.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from negotiator.analysis.backward import DEFAULT_ATOL, backward_induction
from negotiator.analysis.compiled import compiled_once, point_batch, with_overrides
from negotiator.analysis.forward import Trajectory, trace
from negotiator.analysis.sampling import sample_parameters
from negotiator.analysis.tree import build_tree
from negotiator.analysis.tree_nodes import TreeCache
from negotiator.errors import OverrideError
from negotiator.scenario.fields import month_label, month_number
from negotiator.scenario.models import Scenario

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Step:
    """One branch of a timeline's equilibrium path (probabilities are expectations over draws)."""

    stage: str
    date: str
    actor: str
    choice: str
    probability: float
    tied: float


@dataclass(frozen=True)
class TimelineResult:
    """One timeline's equilibrium: utilities, final state, path and settlement."""

    id: str
    description: str
    pins: dict[str, str]
    expected_utility: dict[str, float]
    final_state: dict[str, float]
    final_regime: dict[str, float]
    regime_by_month: dict[str, dict[str, float]]
    state_by_month: dict[str, dict[str, float]]
    path: list[Step]
    deal_probability: float
    terms: dict[str, float]
    trajectory: Trajectory

    def __repr__(self) -> str:
        utilities = ", ".join(f"{p}={v:.3f}" for p, v in self.expected_utility.items())
        return f"TimelineResult({self.id!r}: {utilities})"


@dataclass(frozen=True)
class ComparisonResult:
    """Timelines compared; the first is the baseline for differences.

    Attributes
    ----------
    scenario
        The scenario compared.
    timelines
        One result per timeline, in the order asked for.
    overrides
        Parameter values set for this run (``--set``).
    samples
        Number of parameter draws averaged over (1: a point estimate).
    """

    scenario: Scenario
    timelines: list[TimelineResult]
    overrides: dict[str, float]
    samples: int = 1

    @property
    def baseline(self) -> TimelineResult:
        """The first timeline, against which differences are reported."""
        return self.timelines[0]

    def difference(self, timeline: TimelineResult, party: str) -> float:
        """Expected utility of ``party`` in ``timeline`` minus in the baseline."""
        return timeline.expected_utility[party] - self.baseline.expected_utility[party]

    def best_timeline(self, party: str) -> str:
        """The timeline with the highest expected utility for ``party`` (first on ties)."""
        return max(self.timelines, key=lambda t: t.expected_utility[party]).id

    def to_frame(self) -> pd.DataFrame:
        """A tidy table: one row per timeline and party.

        Columns: ``timeline``, ``party``, ``expected_utility`` (discounted, in
        the party's own units), ``difference`` (against the first timeline),
        ``best`` (whether this timeline is the party's best of those compared).

        Examples
        --------
        >>> import negotiator as ng
        >>> sc = ng.load_scenario("scenarios/kursk-2025.yaml")
        >>> frame = ng.compare(sc, ["retreat-march", "accept-ceasefire-feb"]).to_frame()
        >>> list(frame.columns)
        ['timeline', 'party', 'expected_utility', 'difference', 'best']
        >>> len(frame)
        6
        """
        import pandas as pd

        rows = [
            {
                "timeline": t.id,
                "party": party,
                "expected_utility": value,
                "difference": self.difference(t, party),
                "best": self.best_timeline(party) == t.id,
            }
            for t in self.timelines
            for party, value in t.expected_utility.items()
        ]
        return pd.DataFrame(
            rows, columns=["timeline", "party", "expected_utility", "difference", "best"]
        )

    def to_markdown(self) -> str:
        """The Markdown report (the point comparison; no charts, no uncertainty sections)."""
        from negotiator.report.markdown import comparison_markdown

        return comparison_markdown(self)

    def to_html(self) -> str:
        """The self-contained HTML report, with its charts (no uncertainty sections).

        Examples
        --------
        >>> import negotiator as ng
        >>> sc = ng.load_scenario("scenarios/kursk-2025.yaml")
        >>> ng.compare(sc, ["retreat-march"]).to_html().startswith("<!DOCTYPE html>")
        True
        """
        from negotiator.analysis.bargaining_set import settlement_geometry
        from negotiator.report.data import comparison_data, rounded
        from negotiator.report.html import comparison_html

        data = comparison_data(self)
        data["settlement_geometry"] = rounded(settlement_geometry(self))
        return comparison_html(data)

    def _repr_html_(self) -> str:
        """Rich display in a notebook: the HTML report."""
        return self.to_html()

    def __repr__(self) -> str:
        names = ", ".join(t.id for t in self.timelines)
        return f"ComparisonResult({self.scenario.id!r}, timelines=[{names}])"


def compare(
    scenario: Scenario,
    timelines: Sequence[str] | None = None,
    *,
    overrides: Mapping[str, float] | None = None,
    samples: int | None = None,
    rng: np.random.Generator | int | None = None,
    atol: float = DEFAULT_ATOL,
) -> ComparisonResult:
    """Solve each timeline of a scenario and compare them.

    Parameters
    ----------
    scenario
        A validated scenario.
    timelines
        Timeline ids, baseline first; default: every timeline in file order
        (the equilibrium, with nothing pinned, if the file defines none).
    overrides
        Parameter values to use instead of the file's (a what-if).
    samples
        If given, draw this many parameter sets from their ranges and
        distributions (:func:`negotiator.analysis.sampling.sample_parameters`)
        and report expectations over them; overridden parameters stay fixed.
        By default the comparison is a point estimate at the stated values.
    rng
        Seed or generator for the draws.
    atol
        Utility differences at or below this count as ties.

    Returns
    -------
    ComparisonResult

    Raises
    ------
    OverrideError
        For an unknown timeline or parameter, or an override outside its range.
    ScenarioError
        If an expression cannot be evaluated (e.g. a probability above one).
    """
    chosen = timeline_ids(scenario, timelines)
    if samples is None:
        batch = point_batch(scenario, overrides)
    else:
        batch = with_overrides(scenario, sample_parameters(scenario, samples, rng=rng), overrides)
    compiled = compiled_once(scenario)
    results = []
    cache = TreeCache()  # shared: settlements and common subtrees built once
    for timeline_id in chosen:
        timeline = scenario.timelines.get(timeline_id)
        pins = dict(timeline.pin) if timeline else {}
        stage_pins = pins_by_stage(pins)
        tree = build_tree(compiled, batch, stage_pins, cache=cache)
        trajectory = trace(backward_induction(tree, atol=atol))
        results.append(
            _summarise(
                scenario, timeline_id, timeline.description if timeline else "", pins, trajectory
            )
        )
    return ComparisonResult(
        scenario=scenario, timelines=results, overrides=dict(overrides or {}), samples=batch.n
    )


def pins_by_stage(pins: Mapping[str, str]) -> dict[tuple[str, str], str]:
    """``{"party@stage": choice}`` as ``{(stage, party): choice}``."""
    return {(key.partition("@")[2], key.partition("@")[0]): choice for key, choice in pins.items()}


def timeline_ids(scenario: Scenario, timelines: Sequence[str] | None) -> list[str]:
    """The timelines asked for, checked; default: all in file order (or ``equilibrium``).

    Raises
    ------
    OverrideError
        For an unknown timeline or one named twice.
    """
    if timelines is None or len(timelines) == 0:
        return list(scenario.timelines) or ["equilibrium"]
    for name in timelines:
        if name not in scenario.timelines and name != "equilibrium":
            known = ", ".join(scenario.timelines) or "(none)"
            raise OverrideError(
                f"unknown timeline {name!r}; timelines are {known}", path=("timelines",)
            )
    if len(set(timelines)) != len(timelines):
        raise OverrideError("a timeline is named twice", path=("timelines",))
    return list(timelines)


def _mean(values: np.ndarray[Any, Any]) -> float:
    return float(np.mean(values))


def _summarise(
    scenario: Scenario,
    timeline_id: str,
    description: str,
    pins: dict[str, str],
    trajectory: Trajectory,
) -> TimelineResult:
    start = month_number(scenario.calendar.start)
    return TimelineResult(
        id=timeline_id,
        description=description,
        pins=pins,
        expected_utility={p: _mean(v) for p, v in trajectory.expected_utility.items()},
        final_state={s: _mean(v) for s, v in trajectory.final_state.items()},
        final_regime={r: _mean(v) for r, v in trajectory.final_regime.items()},
        regime_by_month={
            month_label(start + m): {r: _mean(v) for r, v in by_regime.items()}
            for m, by_regime in enumerate(trajectory.regime_by_month)
        },
        state_by_month={
            month_label(start + m): {s: _mean(v) for s, v in by_state.items()}
            for m, by_state in enumerate(trajectory.state_by_month)
        },
        path=[
            Step(s.stage, s.date, s.actor, s.choice, _mean(s.probability), _mean(s.tied))
            for s in trajectory.path
            if np.any(s.probability > 0)
        ],
        deal_probability=_mean(trajectory.deal_probability),
        terms={
            issue: float(np.nanmean(v)) if np.any(np.isfinite(v)) else float("nan")
            for issue, v in trajectory.terms.items()
        },
        trajectory=trajectory,
    )
