"""The plain-language summary: calibrated words, rounding, ties, flips, uncertainty or not."""

from __future__ import annotations

from typing import Any

import pytest

from negotiator.report.summary import SCALE_NOTE, likelihood, summarise


@pytest.mark.parametrize(
    ("probability", "word"),
    [
        # IPCC AR5 likelihood scale (Mastrandrea et al. 2010, table 1)
        (1.0, "virtually certain"),
        (0.99, "virtually certain"),
        (0.95, "very likely"),
        (0.90, "very likely"),
        (0.78, "likely"),
        (0.66, "likely"),
        (0.5, "about as likely as not"),
        (0.33, "about as likely as not"),
        (0.2, "unlikely"),
        (0.05, "very unlikely"),
        (0.005, "exceptionally unlikely"),
        (0.0, "exceptionally unlikely"),
    ],
)
def test_likelihood_scale(probability: float, word: str) -> None:
    assert word == likelihood(probability)


def _two_timelines(**extra: Any) -> dict[str, Any]:
    return {
        "baseline": "war",
        "samples": 1,
        "assumptions": [{"kind": "parameter", "name": "p"}, {"kind": "stage", "name": "s"}],
        "timelines": [
            {"id": "war", "expected_utility": {"kyiv": -22.4158947, "moscow": -2.0}},
            {"id": "truce", "expected_utility": {"kyiv": -7.58136792, "moscow": -5.0}},
        ],
        **extra,
    }


def test_point_estimate_summary_rounds_to_two_significant_figures() -> None:
    summary = summarise(_two_timelines())
    assert summary.headline == (
        "For kyiv, truce comes out best of the 2 timelines compared, ahead of war by 15 in its "
        "own utility units. This is a point estimate with every assumption at its stated value; "
        "how robust it is was not analysed."
    )
    assert (
        summary.findings[1]
        == "moscow does best under war, 3.0 ahead of truce in its own utility units."
    )
    assert summary.scale == SCALE_NOTE
    assert "1 assumed numbers and 1 assumed stages" in " ".join(summary.caveats)


def test_probability_best_gives_calibrated_words() -> None:
    montecarlo = {
        "samples": 500,
        "seed": 3,
        "probability_best": {
            "kyiv": {"war": 0.22, "truce": 0.78},
            "moscow": {"war": 0.95, "truce": 0.05},
        },
    }
    summary = summarise(_two_timelines(montecarlo=montecarlo))
    assert "That is likely (78% of 500 draws of the assumptions)." in summary.headline
    assert "that it is best is very likely (95% of 500 draws)" in summary.findings[1]


def test_breakeven_root_gives_the_flip_threshold() -> None:
    breakeven = [
        {
            "parameter": "p_break",
            "unit": "1/month",
            "party": "kyiv",
            "timelines": ["war", "truce"],
            "range": [0.0, 0.5],
            "value": 0.08,
            "method": "symbolic",
            "closed_form": "p = 0.1734",
            "roots": [{"value": 0.1734, "kind": "crossing"}],
            "message": "",
        },
        {
            "parameter": "q",
            "unit": "",
            "party": "kyiv",
            "timelines": ["war", "truce"],
            "range": [0, 1],
            "value": 0.5,
            "method": "numeric",
            "closed_form": None,
            "roots": [],
            "message": "",
        },
    ]
    summary = summarise(_two_timelines(breakeven=breakeven))
    assert summary.headline.endswith(
        "the preference flips at p_break = 0.17 1/month (stated value 0.08)."
    )
    assert "q =" not in summary.headline


def test_sensitivity_party_leads_and_tornado_names_the_assumptions() -> None:
    sensitivity = {
        "party": "moscow",
        "timelines": ["war", "truce"],
        "metric": "m",
        "base": 1.0,
        "base_best": "war",
        "two_way": None,
        "tornado": [{"parameter": name, "swing": 1.0} for name in ("a", "b", "c", "d")],
    }
    summary = summarise(_two_timelines(sensitivity=sensitivity))
    assert summary.headline.startswith("For moscow, war comes out best")
    assert "The comparison leans most on a, b, c (" in " ".join(summary.caveats)


def test_ties_are_reported_as_ties() -> None:
    data = _two_timelines()
    data["timelines"].append(
        {"id": "same", "expected_utility": {"kyiv": -7.58136792, "moscow": -6.0}}
    )
    summary = summarise(data)
    assert summary.headline.startswith("For kyiv, truce and same come out equally best of 3")
    assert summary.findings[0].startswith("kyiv does equally well under truce and same, 15 ahead")


def test_evpi_caveat() -> None:
    evpi = {"samples": 100, "parties": {"kyiv": {"evpi": 1.234, "evppi": {"x": 0.1, "y": 0.9}}}}
    caveats = " ".join(summarise(_two_timelines(evpi=evpi)).caveats)
    assert "Perfect information would be worth up to 1.2 to kyiv, most of it about y." in caveats


def test_summary_of_the_real_comparison(
    kursk_data: dict[str, Any], full_data: dict[str, Any]
) -> None:
    plain = summarise(kursk_data)
    assert plain.headline.startswith("For ukraine, accept-ceasefire-feb comes out best")
    assert plain.headline.count(". ") == 1  # two sentences
    rich = summarise(full_data)
    assert "likely (78% of 2000 draws" in rich.headline
    assert rich.to_text().endswith(SCALE_NOTE + "\n")
