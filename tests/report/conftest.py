"""Report data for the report tests: the real Kursk comparison, and hand-made uncertainty keys.

The uncertainty keys (``montecarlo``, ``sensitivity``, ``breakeven``, ``evpi``)
follow the shapes of issue 4 but are written by hand here, small and with
round numbers, so the report tests do not depend on the Monte Carlo engine.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

import negotiator as ng
from negotiator.analysis.bargaining_set import settlement_geometry
from negotiator.report.data import comparison_data


def uncertainty_keys(data: dict[str, Any]) -> dict[str, Any]:
    """Hand-made uncertainty results for the parties and timelines of ``data``."""
    ids = [t["id"] for t in data["timelines"]]
    parties = list(data["timelines"][0]["expected_utility"])
    baseline, other = ids[0], ids[1]
    utility = {
        p: {
            t["id"]: {
                "mean": t["expected_utility"][p] + 0.5,
                "q05": t["expected_utility"][p] - 4.0,
                "q50": t["expected_utility"][p],
                "q95": t["expected_utility"][p] + 5.0,
            }
            for t in data["timelines"]
        }
        for p in parties
    }
    difference = {
        p: {
            t: {"mean": 3.0, "q05": -2.0, "q50": 2.5, "q95": 9.0, "p_positive": 0.78}
            for t in ids[1:]
        }
        for p in parties
    }
    best = {p: {t: (0.78 if t == other else 0.22 / (len(ids) - 1)) for t in ids} for p in parties}
    edges = [-10.0 + 0.5 * k for k in range(41)]
    counts = [max(0, 40 - abs(k - 26) * 3) for k in range(40)]
    return {
        "montecarlo": {
            "samples": 2000,
            "seed": 7,
            "utility": utility,
            "difference": difference,
            "probability_best": best,
            "final_state": {t: {"kursk_km2": 100.0 * k} for k, t in enumerate(ids)},
            "difference_histogram": {
                p: {t: {"edges": edges, "counts": counts} for t in ids[1:]} for p in parties
            },
        },
        "sensitivity": {
            "party": parties[0],
            "timelines": [baseline, other],
            "metric": f"expected utility of {other} minus {baseline} for {parties[0]}",
            "base": 14.8,
            "base_best": other,
            "tornado": [
                {
                    "parameter": "p_ceasefire_breakdown",
                    "unit": "1/month",
                    "value": 0.08,
                    "low": 0.02,
                    "high": 0.2,
                    "metric_low": 20.0,
                    "metric_high": -1.5,
                    "swing": 21.5,
                    "best_low": other,
                    "best_high": baseline,
                },
                {
                    "parameter": "ukraine_land_value",
                    "unit": "u per 1000 km2",
                    "value": 2.0,
                    "low": 0.5,
                    "high": 5.0,
                    "metric_low": 8.0,
                    "metric_high": 25.0,
                    "swing": 17.0,
                    "best_low": other,
                    "best_high": other,
                },
                {
                    "parameter": "front_advance_km2",
                    "unit": "km2/month",
                    "value": 400.0,
                    "low": 100.0,
                    "high": 800.0,
                    "metric_low": 9.0,
                    "metric_high": 22.0,
                    "swing": 13.0,
                    "best_low": other,
                    "best_high": other,
                },
                {
                    "parameter": "p_breakthrough",
                    "unit": "probability",
                    "value": 0.6,
                    "low": 0.3,
                    "high": 0.9,
                    "metric_low": 12.0,
                    "metric_high": 17.0,
                    "swing": 5.0,
                    "best_low": other,
                    "best_high": other,
                },
                {
                    "parameter": "ukraine_discount",
                    "unit": "1/month",
                    "value": 0.98,
                    "low": 0.95,
                    "high": 0.995,
                    "metric_low": 13.0,
                    "metric_high": 16.0,
                    "swing": 3.0,
                    "best_low": other,
                    "best_high": other,
                },
                {
                    "parameter": "us_discount",
                    "unit": "1/month",
                    "value": 0.99,
                    "low": 0.97,
                    "high": 0.998,
                    "metric_low": 14.5,
                    "metric_high": 15.0,
                    "swing": 0.5,
                    "best_low": other,
                    "best_high": other,
                },
            ],
            "two_way": None,
        },
        "breakeven": [
            {
                "parameter": "p_ceasefire_breakdown",
                "unit": "1/month",
                "party": parties[0],
                "timelines": [baseline, other],
                "range": [0.02, 0.2],
                "value": 0.08,
                "method": "symbolic",
                "closed_form": "p_ceasefire_breakdown = 0.17",
                "roots": [{"value": 0.17, "kind": "crossing"}],
                "message": f"{other} is better for {parties[0]} iff p_ceasefire_breakdown < 0.17",
            },
            {
                "parameter": "us_discount",
                "unit": "1/month",
                "party": parties[0],
                "timelines": [baseline, other],
                "range": [0.97, 0.998],
                "value": 0.99,
                "method": "numeric",
                "closed_form": None,
                "roots": [],
                "message": "no break-even value in the range",
            },
        ],
        "evpi": {
            "samples": 2000,
            "parties": {
                p: {"evpi": 1.25, "evppi": {"p_ceasefire_breakdown": 0.9, "p_breakthrough": 0.1}}
                for p in parties
            },
        },
    }


@pytest.fixture(scope="session")
def kursk_data() -> dict[str, Any]:
    """The point-estimate comparison of every Kursk timeline, with the settlement geometry."""
    result = ng.compare(ng.load_scenario("scenarios/kursk-2025.yaml"))
    data = comparison_data(result)
    if data.get("settlement_geometry") is None:
        data["settlement_geometry"] = settlement_geometry(result)
    return data


@pytest.fixture
def point_data(kursk_data: dict[str, Any]) -> dict[str, Any]:
    """A copy of the Kursk data without any uncertainty key."""
    data = copy.deepcopy(kursk_data)
    for key in ("montecarlo", "sensitivity", "breakeven", "evpi"):
        data.pop(key, None)
    return data


@pytest.fixture
def full_data(point_data: dict[str, Any]) -> dict[str, Any]:
    """The Kursk data with every hand-made uncertainty key."""
    return {**point_data, **uncertainty_keys(point_data)}
