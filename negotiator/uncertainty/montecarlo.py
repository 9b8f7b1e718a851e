"""Monte Carlo over the assumptions: how sure the comparison is.

Every parameter with a range is drawn from its distribution (uniform over the
range by default), every timeline is solved in every draw, with choices
re-optimised per draw, and the spread of the results is summarised: each
timeline's expected utility per party, its difference from the first
timeline (the baseline), the probability that each timeline is a party's
best, and the expected final state.

Quantiles are numpy's default (linear interpolation between order statistics,
Hyndman and Fan's type 7). A draw in which several timelines tie for a
party's best (within ``atol``) counts a share ``1/k`` for each.

Examples
--------
>>> import negotiator as ng
>>> sc = ng.load_scenario("scenarios/kursk-2025.yaml")
>>> mc = montecarlo(sc, ["retreat-march", "accept-ceasefire-feb"], samples=200, seed=1)
>>> best = mc.probability_best("ukraine")
>>> round(sum(best.values()), 12)
1.0
>>> list(mc.to_frame().columns)[:4]
['party', 'timeline', 'mean', 'q05']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from negotiator.analysis.backward import DEFAULT_ATOL
from negotiator.scenario.models import Scenario
from negotiator.uncertainty.outcomes import DrawOutcomes, Table, best_shares
from negotiator.uncertainty.runner import DEFAULT_CHUNK, run_chunks

if TYPE_CHECKING:
    import pandas as pd

QUANTILES = (0.05, 0.5, 0.95)
HISTOGRAM_BINS = 40


@dataclass(frozen=True)
class MonteCarloResult:
    """Per-draw utilities of each timeline, and their summaries.

    Attributes
    ----------
    scenario
        The scenario.
    outcomes
        The per-draw table (:class:`~negotiator.uncertainty.outcomes.DrawOutcomes`).
    seed
        The seed of the draws.
    overrides
        Parameters held fixed.
    atol
        Tie tolerance for "best".
    """

    scenario: Scenario
    outcomes: DrawOutcomes
    seed: int
    overrides: dict[str, float]
    atol: float = DEFAULT_ATOL

    @property
    def samples(self) -> int:
        """Number of draws."""
        return self.outcomes.n

    @property
    def timelines(self) -> list[str]:
        """Timeline ids, baseline first."""
        return self.outcomes.timelines

    def utilities(self, party: str) -> Table:
        """``(n, timelines)``: the party's utility in each draw."""
        return self.outcomes.utility[:, :, self.outcomes.parties.index(party)]

    def probability_best(self, party: str) -> dict[str, float]:
        """Share of draws in which each timeline is the party's best (ties shared)."""
        shares = best_shares(self.utilities(party), atol=self.atol).mean(axis=0)
        return {t: float(s) for t, s in zip(self.timelines, shares, strict=True)}

    def utility_summary(self, party: str) -> dict[str, dict[str, float]]:
        """Mean and 5/50/95% quantiles of each timeline's utility for ``party``."""
        return {
            t: _summary(column)
            for t, column in zip(self.timelines, self.utilities(party).T, strict=True)
        }

    def difference_summary(self, party: str) -> dict[str, dict[str, float]]:
        """Each later timeline minus the baseline: mean, quantiles and ``p_positive``."""
        values = self.utilities(party)
        result = {}
        for t, timeline in enumerate(self.timelines[1:], start=1):
            difference = values[:, t] - values[:, 0]
            summary = _summary(difference)
            summary["p_positive"] = float(np.mean(difference > self.atol))
            result[timeline] = summary
        return result

    def difference_histogram(self, party: str) -> dict[str, dict[str, list[float]]]:
        """Histogram (edges, counts) of each later timeline's difference from the baseline."""
        values = self.utilities(party)
        result = {}
        for t, timeline in enumerate(self.timelines[1:], start=1):
            difference = values[:, t] - values[:, 0]
            low, high = float(difference.min()), float(difference.max())
            if high - low < 1e-12:
                low, high = low - 0.5, high + 0.5
            counts, edges = np.histogram(difference, bins=HISTOGRAM_BINS, range=(low, high))
            result[timeline] = {"edges": edges.tolist(), "counts": counts.tolist()}
        return result

    def final_state_mean(self) -> dict[str, dict[str, float]]:
        """Expected final state per timeline, averaged over draws."""
        means = np.nanmean(self.outcomes.final_state, axis=0)
        return {
            t: {s: float(means[k, j]) for j, s in enumerate(self.outcomes.states)}
            for k, t in enumerate(self.timelines)
        }

    def summary(self) -> dict[str, Any]:
        """Everything the reports show, as plain data (the JSON key ``montecarlo``)."""
        parties = self.outcomes.parties
        return {
            "samples": self.samples,
            "seed": self.seed,
            "utility": {p: self.utility_summary(p) for p in parties},
            "difference": {p: self.difference_summary(p) for p in parties},
            "probability_best": {p: self.probability_best(p) for p in parties},
            "final_state": self.final_state_mean(),
            "difference_histogram": {p: self.difference_histogram(p) for p in parties},
        }

    def to_frame(self) -> pd.DataFrame:
        """A tidy table: one row per party and timeline.

        Columns: ``party``, ``timeline``, ``mean``, ``q05``, ``q50``, ``q95``
        (of the expected utility), ``difference_mean`` (against the baseline),
        ``p_best``.
        """
        import pandas as pd

        rows = []
        for party in self.outcomes.parties:
            best = self.probability_best(party)
            differences = self.difference_summary(party)
            for timeline, summary in self.utility_summary(party).items():
                rows.append(
                    {
                        "party": party,
                        "timeline": timeline,
                        **summary,
                        "difference_mean": differences.get(timeline, {"mean": 0.0})["mean"],
                        "p_best": best[timeline],
                    }
                )
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        return (
            f"MonteCarloResult({self.scenario.id!r}, samples={self.samples}, seed={self.seed}, "
            f"timelines={self.timelines})"
        )


def _summary(values: Table) -> dict[str, float]:
    q05, q50, q95 = np.quantile(values, QUANTILES)
    return {"mean": float(np.mean(values)), "q05": float(q05), "q50": float(q50), "q95": float(q95)}


def montecarlo(
    scenario: Scenario,
    timelines: Sequence[str] | None = None,
    *,
    samples: int = 10_000,
    seed: int = 0,
    overrides: Mapping[str, float] | None = None,
    chunk: int = DEFAULT_CHUNK,
    workers: int = 1,
    scheduler: Any = None,
    progress: bool | None = None,
    atol: float = DEFAULT_ATOL,
) -> MonteCarloResult:
    """Draw the assumptions ``samples`` times and solve every timeline in every draw.

    Parameters
    ----------
    scenario
        A validated scenario.
    timelines
        Timeline ids, baseline first (default: all, in file order).
    samples
        Number of draws.
    seed
        Seed of the draws: the same seed gives the same numbers, whatever
        ``chunk``, ``workers`` or ``scheduler``.
    overrides
        Parameters held fixed at these values (``--set``).
    chunk
        Draws solved together; bounds memory.
    workers
        Worker processes.
    scheduler
        Dask scheduler address or client (optional extra ``dask``).
    progress
        Progress bar on standard error (default: when it is a terminal).
    atol
        Tie tolerance.

    Returns
    -------
    MonteCarloResult
    """
    from negotiator.analysis.compare import timeline_ids

    chosen = timeline_ids(scenario, timelines)
    outcomes = run_chunks(
        scenario,
        chosen,
        samples=samples,
        seed=seed,
        overrides=overrides,
        chunk=chunk,
        workers=workers,
        scheduler=scheduler,
        progress=progress,
        atol=atol,
    )
    return MonteCarloResult(scenario, outcomes, seed, dict(overrides or {}), atol)
