"""The assumptions table says how each assumption is drawn."""

from __future__ import annotations

import negotiator as ng
from negotiator.report.data import comparison_data
from negotiator.scenario.parties import Distribution


def _with(scenario, name, distribution):
    parameters = dict(scenario.parameters)
    parameters[name] = parameters[name].model_copy(update={"distribution": distribution})
    return scenario.model_copy(update={"parameters": parameters})


def test_distribution_words_in_the_report_data():
    sc = ng.load_scenario("scenarios/kursk-2025.yaml")
    sc = _with(sc, "p_encircle", Distribution(kind="beta", a=2, b=5))
    sc = _with(sc, "kursk_erosion", Distribution(kind="normal", sd=0.05))
    rows = {
        row["name"]: row["distribution"]
        for row in comparison_data(ng.compare(sc, ["retreat-march"]))["assumptions"]
    }
    assert rows["p_encircle"] == "beta(a=2, b=5)"
    assert rows["kursk_erosion"] == "normal(mean at the value, sd=0.05, truncated to the range)"
    assert rows["p_breakthrough"] == "uniform"  # a range and no distribution: the default
