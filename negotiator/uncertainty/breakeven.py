"""Break-even thresholds: where a party becomes indifferent between two timelines.

For a parameter ``P`` and a party, the *gap* is ``f(P) = U_B(P) - U_A(P)``:
the party's expected utility in timeline ``B`` minus in ``A``, every other
parameter at its stated value. A threshold is a ``P`` in the parameter's range
where the gap changes sign.

Two methods, and the result says which was used:

``symbolic``
    The equilibrium choices and settlement regime at the stated value are
    held fixed and both timelines' utilities are built as sympy expressions
    in ``P`` (:mod:`negotiator.uncertainty.symbolic`); ``f(P) = 0`` is solved
    by sympy, and the closed form is reported. Each root is then checked with
    the numeric engine (the gap must vanish there) and the roots must match
    the sign changes the numeric scan sees; otherwise the numeric method is
    used instead.
``numeric``
    The gap is evaluated on a grid of ``grid`` points over the range (one
    vectorised solve); every sign change is bracketed and refined with
    :func:`scipy.optimize.brentq`. Because choices can switch, the gap can
    jump: a root where the gap does not vanish is reported as a ``jump`` (the
    preference flips because a choice changes), not a ``crossing``. Two
    sign changes closer together than the grid spacing can be missed; the
    message says so.

"No threshold in range" is reported as such.

Examples
--------
>>> import negotiator as ng
>>> sc = ng.load_scenario("scenarios/kursk-2025.yaml")
>>> b = ng.breakeven(sc, "encirclement_loss", ["retreat-march", "hold-for-swap"], symbolic=False)
>>> b.method, len(b.roots)
('numeric', 0)
>>> b.message
'no threshold in range: hold-for-swap stays worse than retreat-march for ukraine ...'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from negotiator.analysis.backward import DEFAULT_ATOL
from negotiator.analysis.compiled import compiled_once, point_batch
from negotiator.errors import OverrideError
from negotiator.scenario.models import Scenario
from negotiator.uncertainty.outcomes import batch_with_settings, solve_draws

if TYPE_CHECKING:
    import pandas as pd

#: A gap at most this (relative to the gap's scale over the range) counts as zero.
ROOT_RTOL = 1e-9


@dataclass(frozen=True)
class Threshold:
    """A value of the parameter where the preference flips."""

    value: float
    kind: str  # "crossing" (the gap passes through zero) or "jump" (a choice switches)


@dataclass(frozen=True)
class BreakevenResult:
    """The thresholds of one parameter for one party and two timelines."""

    scenario: Scenario
    parameter: str
    unit: str
    party: str
    timelines: tuple[str, str]
    range: tuple[float, float]
    value: float
    method: str
    closed_form: str | None
    roots: list[Threshold]
    message: str

    def summary(self) -> dict[str, Any]:
        """Plain data (one entry of the JSON key ``breakeven``)."""
        return {
            "parameter": self.parameter,
            "unit": self.unit,
            "party": self.party,
            "timelines": list(self.timelines),
            "range": list(self.range),
            "value": self.value,
            "method": self.method,
            "closed_form": self.closed_form,
            "roots": [{"value": r.value, "kind": r.kind} for r in self.roots],
            "message": self.message,
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per threshold: ``parameter``, ``party``, ``value``, ``kind``, ``method``."""
        import pandas as pd

        rows = [
            {
                "parameter": self.parameter,
                "party": self.party,
                "value": r.value,
                "kind": r.kind,
                "method": self.method,
            }
            for r in self.roots
        ]
        return pd.DataFrame(rows, columns=["parameter", "party", "value", "kind", "method"])


class _Gap:
    """The gap ``U_B - U_A`` as a function of the parameter, vectorised."""

    def __init__(
        self,
        scenario: Scenario,
        parameter: str,
        timelines: tuple[str, str],
        party: str,
        overrides: Mapping[str, float] | None,
        atol: float,
    ) -> None:
        self.scenario = scenario
        self.parameter = parameter
        self.timelines = timelines
        self.base = point_batch(scenario, overrides)
        self.compiled = compiled_once(scenario)
        self.party = party
        self.atol = atol

    def __call__(self, values: Sequence[float] | np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        batch = batch_with_settings(self.base, [{self.parameter: float(v)} for v in values])
        outcomes = solve_draws(
            self.scenario,
            batch,
            list(self.timelines),
            compiled=self.compiled,
            atol=self.atol,
            final_state=False,
        )
        utility = outcomes.utility[:, :, outcomes.parties.index(self.party)]
        gap: np.ndarray[Any, np.dtype[np.float64]] = utility[:, 1] - utility[:, 0]
        return gap


def breakeven(
    scenario: Scenario,
    parameter: str,
    timelines: Sequence[str] | None = None,
    *,
    party: str | None = None,
    overrides: Mapping[str, float] | None = None,
    grid: int = 101,
    symbolic: bool = True,
    atol: float = DEFAULT_ATOL,
) -> BreakevenResult:
    """Find the values of ``parameter`` at which ``party`` is indifferent between two timelines.

    Parameters
    ----------
    scenario
        A validated scenario.
    parameter
        A parameter with a range (its scenario-wide name).
    timelines
        Two timeline ids ``A, B`` (default: the scenario's first two).
    party
        Whose utility (default: the scenario's first party).
    overrides
        Other parameters held at these values.
    grid
        Points of the numeric scan.
    symbolic
        Try the symbolic method first.
    atol
        Tie tolerance of the engine.
    """
    from negotiator.analysis.compare import timeline_ids
    from negotiator.uncertainty.sensitivity import resolve_party

    chosen = timeline_ids(scenario, timelines)
    if timelines is None:
        chosen = chosen[:2]
    if len(chosen) != 2:
        raise OverrideError(f"break-even compares exactly two timelines, got {len(chosen)}")
    pair = (chosen[0], chosen[1])
    who = resolve_party(scenario, party)
    low, high = _range(scenario, parameter, overrides)
    gap = _Gap(scenario, parameter, pair, who, overrides, atol)
    xs = np.linspace(low, high, max(grid, 3))
    values = gap(xs)
    scale = float(np.max(np.abs(values)))
    numeric = _numeric_roots(gap, xs, values, scale)
    method, closed_form, roots = "numeric", None, numeric
    note = ""
    if symbolic:
        from negotiator.uncertainty.symbolic import symbolic_gap

        found = symbolic_gap(
            scenario, parameter, pair, who, overrides, (low, high), atol=atol, compiled=gap.compiled
        )
        if found is not None:
            form, candidates, function = found
            checked = [r for r in candidates if abs(float(gap([r])[0])) <= ROOT_RTOL * scale]
            crossings = [r for r in numeric if r.kind == "crossing"]
            # the closed form must be the engine's gap across the whole scan, not only at roots
            replayed = np.broadcast_to(np.asarray(function(xs), dtype=np.float64), xs.shape)
            agrees = bool(np.all(np.abs(replayed - values) <= 1e-7 * max(scale, 1e-300)))
            if (
                agrees
                and len(checked) == len(candidates) == len(crossings)
                and not [r for r in numeric if r.kind == "jump"]
            ):
                method, closed_form = "symbolic", form
                roots = [Threshold(float(r), "crossing") for r in sorted(checked)]
            else:
                note = (
                    " (the symbolic form holds only where the choices are as at the stated value)"
                )
    stated = float(gap.base.values[parameter][0])
    base = float(gap([stated])[0])
    message = _message(roots, pair, who, base, xs.size, method) + note
    return BreakevenResult(
        scenario=scenario,
        parameter=parameter,
        unit=scenario.all_parameters()[parameter].unit,
        party=who,
        timelines=pair,
        range=(low, high),
        value=stated,
        method=method,
        closed_form=closed_form,
        roots=roots,
        message=message,
    )


def _range(
    scenario: Scenario, parameter: str, overrides: Mapping[str, float] | None
) -> tuple[float, float]:
    parameters = scenario.all_parameters()
    if parameter not in parameters:
        raise OverrideError(
            f"--parameter {parameter}: no parameter of that name", path=("parameters",)
        )
    if parameter in (overrides or {}):
        raise OverrideError(f"--parameter {parameter} is also held fixed by --set")
    spec = parameters[parameter]
    if spec.range is None or spec.range[0] >= spec.range[1]:
        raise OverrideError(
            f"--parameter {parameter}: it has no range to search (give it one in the file)",
            path=("parameters", parameter),
        )
    return float(spec.range[0]), float(spec.range[1])


def _numeric_roots(
    gap: _Gap, xs: np.ndarray[Any, Any], values: np.ndarray[Any, Any], scale: float
) -> list[Threshold]:
    """Thresholds from a scan: where the sign of the gap (-, 0 or +) changes for good.

    Between a negative and a positive grid point the root is refined with
    brentq. Where the gap leaves zero (the party is indifferent over part of
    the range, then not), the edge of the zero region is refined by repeated
    finer scans. A zero touched between two points of the same sign (a
    tangent) is not a threshold: the preference does not change there.
    """
    from scipy.optimize import brentq

    tolerance = ROOT_RTOL * scale
    signs = np.where(np.abs(values) <= tolerance, 0, np.sign(values)).astype(int)
    roots: list[Threshold] = []
    width = float(xs[-1] - xs[0])
    k = 0
    while k < len(xs) - 1:
        if signs[k] == signs[k + 1]:
            k += 1
            continue
        if signs[k] != 0 and signs[k + 1] != 0:  # - to + or + to -: narrow, then brentq
            side = signs[k]
            a, b = _narrow(gap, float(xs[k]), float(xs[k + 1]), _other_sign(side), rounds=3)
            if abs(float(gap([b])[0])) <= tolerance:
                root = b
            else:
                root = float(brentq(lambda x: float(gap([x])[0]), a, b, xtol=1e-12 * width + 1e-15))
            kind = "crossing" if abs(float(gap([root])[0])) <= tolerance else "jump"
            roots.append(Threshold(root, kind))
            k += 1
            continue
        # a zero run starts at k + 1 (or k is its last point): find where it ends
        start = k + 1 if signs[k] != 0 else k
        stop = start
        while stop + 1 < len(xs) and signs[stop + 1] == 0:
            stop += 1
        before = signs[start - 1] if start > 0 else 0
        after = signs[stop + 1] if stop + 1 < len(xs) else 0
        if before != 0 and after != 0:
            if before != after:  # passes through zero on the grid, or indifferent in between
                middle = float((xs[start] + xs[stop]) / 2) if start < stop else float(xs[start])
                roots.append(Threshold(middle, "crossing"))
        elif before != 0:  # the gap reaches zero and stays there to the range's end
            roots.append(_edge(gap, float(xs[start - 1]), float(xs[start]), tolerance))
        elif after != 0:  # zero from the range's start, then not
            roots.append(_edge(gap, float(xs[stop + 1]), float(xs[stop]), tolerance))
        k = stop + 1
    return roots


def _edge(gap: _Gap, nonzero: float, zero: float, tolerance: float) -> Threshold:
    """The edge of a region where the gap is zero, between two grid points."""
    nonzero, zero = _narrow(gap, nonzero, zero, lambda v: np.abs(v) <= tolerance, rounds=4)
    step = abs(zero - nonzero)
    near = float(gap([nonzero])[0])
    # a gap that leaves zero continuously is within a few slopes of it near the edge
    kind = "crossing" if abs(near) <= max(tolerance, 1e3 * step * _slope(gap, nonzero)) else "jump"
    return Threshold(zero, kind)


def _narrow(
    gap: _Gap,
    a: float,
    b: float,
    changed: Callable[[np.ndarray[Any, Any]], np.ndarray[Any, Any]],
    *,
    rounds: int,
) -> tuple[float, float]:
    """Shrink ``[a, b]`` around the first place where ``changed`` turns true.

    ``changed`` is false at ``a`` and true at ``b``. Each round solves one batch
    of 65 evenly spaced points (one vectorised solve, where brentq would need a
    solve per point), narrowing the bracket 64-fold.
    """
    for _ in range(rounds):
        probes = np.linspace(a, b, 65)
        first = int(np.argmax(changed(gap(probes))))  # probes[-1] is changed by construction
        first = max(first, 1)
        a, b = float(probes[first - 1]), float(probes[first])
    return a, b


def _other_sign(side: int) -> Callable[[np.ndarray[Any, Any]], np.ndarray[Any, Any]]:
    """The test "the gap no longer has sign ``side``" (zero included), for :func:`_narrow`."""
    return lambda values: np.sign(values) != side


def _slope(gap: _Gap, x: float) -> float:
    h = 1e-6 * max(1.0, abs(x))
    a, b = gap([x - h, x + h])
    return abs(float(b - a)) / (2 * h)


def _message(
    roots: list[Threshold], pair: tuple[str, str], party: str, base: float, points: int, method: str
) -> str:
    a, b = pair
    if not roots:
        if base == 0:
            return (
                f"no threshold in range: {party} is indifferent between {a} and {b} at the "
                f"stated value and the preference does not change sign across the range "
                f"(scanned at {points} points)"
            )
        side = "better" if base > 0 else "worse"
        return (
            f"no threshold in range: {b} stays {side} than {a} for {party} across the range "
            f"(scanned at {points} points; sign changes closer than the grid spacing could be "
            "missed)"
        )
    parts = [f"{r.value:.6g} ({r.kind})" for r in roots]
    how = (
        "solved symbolically"
        if method == "symbolic"
        else "bracketed on a scan and refined (brentq; edges of indifference by finer scans)"
    )
    return f"{party} is indifferent between {a} and {b} at {', '.join(parts)}; {how}"
