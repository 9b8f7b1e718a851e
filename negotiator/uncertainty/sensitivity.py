"""One-way and two-way sensitivity: which assumptions move the comparison most.

The *comparison* is one number: party ``P``'s expected utility in timeline
``B`` minus in timeline ``A`` (by default the second and first timelines
asked for, and the scenario's first party). One-way: each assumption (a
parameter with a range that is not held fixed by ``--set``) is swept over
``points`` evenly spaced values of its range while every other parameter stays
at its stated value; its *swing* is the spread of the comparison over the
sweep, and the tornado ranks assumptions by swing. Two-way: two named
parameters are swept over a grid together; each cell records the comparison
and the party's preferred timeline, so the map shows where the preference
changes. Every sweep point is one draw of a single batch, so the whole
analysis is one vectorised solve.

Examples
--------
>>> import negotiator as ng
>>> sc = ng.load_scenario("scenarios/kursk-2025.yaml")
>>> s = ng.sensitivity(sc, ["retreat-march", "hold-for-swap"], points=3)
>>> s.tornado[0].swing >= s.tornado[-1].swing
True
>>> round(s.base, 2)
-1.54
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from negotiator.analysis.backward import DEFAULT_ATOL
from negotiator.analysis.compiled import point_batch
from negotiator.errors import OverrideError
from negotiator.scenario.models import Scenario
from negotiator.uncertainty.outcomes import Table, batch_with_settings, solve_draws

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class TornadoBar:
    """One assumption's sweep: the comparison at the range's ends and its spread."""

    parameter: str
    unit: str
    value: float
    low: float
    high: float
    metric_low: float
    metric_high: float
    metric_min: float
    metric_max: float
    best_low: str
    best_high: str
    flips: bool

    @property
    def swing(self) -> float:
        """Spread of the comparison over the sweep (the bar's length)."""
        return self.metric_max - self.metric_min


@dataclass(frozen=True)
class TwoWayGrid:
    """The comparison and the preferred timeline on a grid of two parameters."""

    x: str
    y: str
    x_values: list[float]
    y_values: list[float]
    metric: list[list[float]]  # [y][x]
    best: list[list[str]]  # [y][x]

    @property
    def changes(self) -> bool:
        """Whether the preferred timeline differs somewhere on the grid."""
        return len({cell for row in self.best for cell in row}) > 1


@dataclass(frozen=True)
class SensitivityResult:
    """The tornado (largest swing first) and an optional two-way grid."""

    scenario: Scenario
    party: str
    timelines: list[str]
    base: float
    base_best: str
    tornado: list[TornadoBar]
    two_way: TwoWayGrid | None
    overrides: dict[str, float]

    @property
    def metric(self) -> str:
        """What the comparison measures, in words."""
        a, b = self.timelines[0], self.timelines[1]
        return f"expected utility of {b} minus {a} for {self.party}"

    def summary(self) -> dict[str, Any]:
        """Plain data (the JSON key ``sensitivity``)."""
        grid = self.two_way
        return {
            "party": self.party,
            "timelines": self.timelines[:2],
            "compared": self.timelines,
            "metric": self.metric,
            "base": self.base,
            "base_best": self.base_best,
            "tornado": [
                {
                    "parameter": bar.parameter,
                    "unit": bar.unit,
                    "value": bar.value,
                    "low": bar.low,
                    "high": bar.high,
                    "metric_low": bar.metric_low,
                    "metric_high": bar.metric_high,
                    "metric_min": bar.metric_min,
                    "metric_max": bar.metric_max,
                    "swing": bar.swing,
                    "best_low": bar.best_low,
                    "best_high": bar.best_high,
                    "flips": bar.flips,
                }
                for bar in self.tornado
            ],
            "two_way": None
            if grid is None
            else {
                "x": grid.x,
                "y": grid.y,
                "x_values": grid.x_values,
                "y_values": grid.y_values,
                "metric": grid.metric,
                "best": grid.best,
            },
        }

    def to_frame(self) -> pd.DataFrame:
        """The tornado as a table, one row per assumption, largest swing first."""
        import pandas as pd

        rows = [row for row in self.summary()["tornado"]]
        return pd.DataFrame(rows)


def sensitivity(
    scenario: Scenario,
    timelines: Sequence[str] | None = None,
    *,
    party: str | None = None,
    parameters: Sequence[str] = (),
    overrides: Mapping[str, float] | None = None,
    points: int = 5,
    grid: int = 11,
    atol: float = DEFAULT_ATOL,
) -> SensitivityResult:
    """Sweep each assumption over its range; optionally two of them on a grid.

    Parameters
    ----------
    scenario
        A validated scenario.
    timelines
        At least two timeline ids; the comparison is the second minus the
        first; the preferred timeline is chosen among all of them.
    party
        Whose utility (default: the scenario's first party).
    parameters
        Two parameter names for the two-way grid (none: no grid).
    overrides
        Parameters held fixed (they are left out of the tornado).
    points
        Sweep points per assumption (at least 2: the range's ends).
    grid
        Grid points per axis of the two-way grid.
    atol
        Tie tolerance for the preferred timeline (first listed wins a tie).
    """
    who = resolve_party(scenario, party)
    return sensitivities(
        scenario,
        timelines,
        parties=[who],
        parameters=parameters,
        overrides=overrides,
        points=points,
        grid=grid,
        atol=atol,
    )[who]


def sensitivities(
    scenario: Scenario,
    timelines: Sequence[str] | None = None,
    *,
    parties: Sequence[str] | None = None,
    parameters: Sequence[str] = (),
    overrides: Mapping[str, float] | None = None,
    points: int = 5,
    grid: int = 11,
    atol: float = DEFAULT_ATOL,
) -> dict[str, SensitivityResult]:
    """:func:`sensitivity` for several parties (default: all) from one solve of the sweeps."""
    from negotiator.analysis.compare import timeline_ids

    chosen = timeline_ids(scenario, timelines)
    if len(chosen) < 2:
        raise OverrideError("sensitivity compares two timelines: name at least two with -t")
    who = [resolve_party(scenario, p) for p in (parties or list(scenario.parties))]
    if points < 2 or grid < 2:
        raise OverrideError("sweeps need at least 2 points")
    if len(parameters) not in (0, 2):
        raise OverrideError(
            f"a two-way grid needs exactly two --parameter names, got {len(parameters)}"
        )
    base = point_batch(scenario, overrides)
    varying = swept_parameters(scenario, overrides)
    for name in parameters:
        if name not in varying:
            raise OverrideError(
                f"--parameter {name}: not an assumption with a range that can be swept "
                f"(assumptions: {', '.join(varying) or 'none'})",
                path=("parameters",),
            )
    settings: list[dict[str, float]] = [{}]
    sweeps = {name: np.linspace(*varying[name], points) for name in varying}
    for name, values in sweeps.items():
        settings.extend({name: float(v)} for v in values)
    axes = [np.linspace(*varying[name], grid) for name in parameters]
    if parameters:
        xs, ys = axes
        settings.extend({parameters[0]: float(x), parameters[1]: float(y)} for y in ys for x in xs)
    outcomes = solve_draws(
        scenario, batch_with_settings(base, settings), chosen, atol=atol, final_state=False
    )
    return {
        party: _result(
            scenario,
            party,
            chosen,
            outcomes.utility[:, :, outcomes.parties.index(party)],
            base.values,
            varying,
            list(sweeps),
            points,
            parameters,
            axes,
            overrides,
            atol,
        )
        for party in who
    }


def _result(
    scenario: Scenario,
    party: str,
    chosen: list[str],
    utility: Table,
    stated: Mapping[str, Table],
    varying: Mapping[str, tuple[float, float]],
    swept: list[str],
    points: int,
    parameters: Sequence[str],
    axes: list[Table],
    overrides: Mapping[str, float] | None,
    atol: float,
) -> SensitivityResult:
    """One party's tornado and grid from the utilities of the sweep batch (rows in order)."""
    metric = utility[:, 1] - utility[:, 0]
    best = _best(utility, chosen, atol)
    bars = []
    row = 1
    parameters_all = scenario.all_parameters()
    for name in swept:
        sweep = slice(row, row + points)
        values = metric[sweep]
        winners = best[sweep]
        bars.append(
            TornadoBar(
                parameter=name,
                unit=parameters_all[name].unit,
                value=float(stated[name][0]),
                low=varying[name][0],
                high=varying[name][1],
                metric_low=float(values[0]),
                metric_high=float(values[-1]),
                metric_min=float(values.min()),
                metric_max=float(values.max()),
                best_low=winners[0],
                best_high=winners[-1],
                flips=any(w != best[0] for w in winners),
            )
        )
        row += points
    bars.sort(key=lambda bar: (-bar.swing, bar.parameter))
    two_way = None
    if parameters:
        xs, ys = axes
        cells = metric[row:].reshape(len(ys), len(xs))
        names = np.array(best[row:], dtype=object).reshape(len(ys), len(xs))
        two_way = TwoWayGrid(
            x=parameters[0],
            y=parameters[1],
            x_values=xs.tolist(),
            y_values=ys.tolist(),
            metric=cells.tolist(),
            best=[[str(c) for c in line] for line in names],
        )
    return SensitivityResult(
        scenario=scenario,
        party=party,
        timelines=chosen,
        base=float(metric[0]),
        base_best=best[0],
        tornado=bars,
        two_way=two_way,
        overrides=dict(overrides or {}),
    )


def swept_parameters(
    scenario: Scenario, overrides: Mapping[str, float] | None = None
) -> dict[str, tuple[float, float]]:
    """Assumptions with a non-empty range and no override, by name: their ranges."""
    fixed = set(overrides or {})
    return {
        name: (float(p.range[0]), float(p.range[1]))
        for name, p in sorted(scenario.all_parameters().items())
        if p.source == "assumption"
        and p.range is not None
        and p.range[0] < p.range[1]
        and name not in fixed
    }


def resolve_party(scenario: Scenario, party: str | None) -> str:
    """``party``, checked; default: the scenario's first party."""
    if party is None:
        return next(iter(scenario.parties))
    if party not in scenario.parties:
        raise OverrideError(
            f"--party {party}: no such party; parties are {', '.join(scenario.parties)}"
        )
    return party


def _best(utility: Table, timelines: list[str], atol: float) -> list[str]:
    top = utility.max(axis=1, keepdims=True)
    index = np.argmax(utility >= top - atol, axis=1)
    return [timelines[k] for k in index]
