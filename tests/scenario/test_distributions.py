"""Tests of parameter distributions (``Distribution`` in negotiator/scenario/parties.py).

Every spec that cannot describe a distribution on the parameter's range must
be refused when the file is loaded, with the file, the line and the field path
(the loader's contract, as in test_loading.py). The sampling itself is tested
in tests/analysis/test_sampling.py.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from negotiator.scenario.loading import load_scenario
from negotiator.scenario.parties import Distribution, Parameter
from tests.scenario.test_loading import (
    SECTIONS,
    assert_located,
    line_of,
    load_error,
    write_scenario,
)

Q = "q: {value: 2, range: [1, 3], source: assumption, why: a guess, distribution: "


def with_q(distribution: str, *, entry: str = Q) -> str:
    """The parameters section with a parameter ``q`` of this distribution."""
    return SECTIONS["parameters"] + f"  {entry}{distribution}}}\n"


# -- valid specs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "distribution",
    [
        "{kind: uniform}",
        "{kind: triangular}",
        "{kind: pert}",
        "{kind: pert, lamb: 8}",
        "{kind: normal, sd: 0.5}",
        "{kind: normal, sd: 0.5, truncate: false}",
        "{kind: lognormal, sigma: 0.3}",
        "{kind: lognormal, sigma: 0.3, truncate: false}",
        "{kind: beta, a: 2, b: 0.5}",
        "{kind: discrete, values: [1, 2.5, 3]}",
        "{kind: discrete, values: [1, 2.5, 3], weights: [0, 1, 2.5]}",
    ],
)
def test_every_kind_loads(tmp_path, distribution):
    scenario = load_scenario(write_scenario(tmp_path, parameters=with_q(distribution)))
    loaded = scenario.parameters["q"].distribution
    assert loaded is not None
    assert distribution.startswith(f"{{kind: {loaded.kind}")


def test_defaults():
    assert Distribution(kind="pert").lamb is None  # the sampler reads None as Vose's 4
    assert Distribution(kind="normal", sd=1).truncate is True
    assert Distribution(kind="discrete", values=[1, 2, 3]).probabilities() == [1 / 3] * 3
    assert Distribution(kind="discrete", values=[1, 2], weights=[1, 3]).probabilities() == [
        0.25,
        0.75,
    ]


def test_a_range_without_a_distribution_has_none():
    # and the sampler reads that as uniform over the range (tests/analysis/test_sampling.py)
    parameter = Parameter(value=1, range=(0, 2), source="assumption", why="x")
    assert parameter.distribution is None


# -- impossible specs, located -----------------------------------------------------------

BASE = ("parameters", "q")
DISTRIBUTION = (*BASE, "distribution")


@pytest.mark.parametrize(
    ("distribution", "message", "field"),
    [
        ("{kind: gamma}", r"Input should be 'uniform', 'triangular', 'pert'", ("kind",)),
        ("{kind: normal}", r"a normal distribution needs sd$", ()),
        ("{kind: lognormal}", r"a lognormal distribution needs sigma$", ()),
        ("{kind: beta, a: 2}", r"a beta distribution needs b$", ()),
        ("{kind: discrete}", r"a discrete distribution needs values$", ()),
        ("{kind: uniform, sd: 1}", r"a uniform distribution takes no sd$", ()),
        ("{kind: triangular, lamb: 4}", r"a triangular distribution takes no lamb$", ()),
        ("{kind: normal, sd: 1, a: 2}", r"a normal distribution takes no a$", ()),
        ("{kind: pert, truncate: false}", r"a pert distribution takes no truncate$", ()),
        ("{kind: beta, a: -1, b: 2}", r"greater than 0", ("a",)),
        ("{kind: beta, a: 1, b: 0}", r"greater than 0", ("b",)),
        ("{kind: normal, sd: -0.5}", r"greater than 0", ("sd",)),
        ("{kind: lognormal, sigma: 0}", r"greater than 0", ("sigma",)),
        ("{kind: pert, lamb: -4}", r"greater than 0", ("lamb",)),
        ("{kind: normal, sd: .inf}", r"finite number", ("sd",)),
        ("{kind: discrete, values: []}", r"at least 1 item", ("values",)),
        (
            "{kind: discrete, values: [1, 2], weights: [1]}",
            r"one weight per value: 2 values, 1 weights",
            (),
        ),
        (
            "{kind: discrete, values: [1, 2], weights: [1, -1]}",
            r"greater than or equal to 0",
            ("weights", 1),
        ),
        ("{kind: discrete, values: [1, 2], weights: [0, 0]}", r"must not all be 0", ()),
    ],
)
def test_an_impossible_distribution_is_a_located_error(tmp_path, distribution, message, field):
    path = write_scenario(tmp_path, parameters=with_q(distribution))
    error = load_error(path, match=message)
    assert_located(error, path, line_of(path.read_text(), "q: {"), (*DISTRIBUTION, *field))


@pytest.mark.parametrize(
    ("entry", "distribution", "message"),
    [
        (Q, "{kind: discrete, values: [1, 2, 3.5]}", r"discrete value 3\.5 lies outside"),
        (Q, "{kind: discrete, values: [0.5]}", r"discrete value 0\.5 lies outside the range \[1"),
        (
            "q: {value: 2, range: [-1, 3], source: assumption, why: a guess, distribution: ",
            "{kind: lognormal, sigma: 0.5}",
            r"a lognormal distribution needs a range that starts at 0 or above, not \[-1, 3\]",
        ),
        (
            "q: {value: 0, range: [0, 3], source: assumption, why: a guess, distribution: ",
            "{kind: lognormal, sigma: 0.5}",
            r"a lognormal distribution needs a positive value, not 0",
        ),
        (
            "q: {value: 4, range: [1, 3], source: assumption, why: a guess, distribution: ",
            "{kind: triangular}",
            r"value 4 lies outside its range \[1, 3\]",
        ),
        (
            "q: {value: 2, source: definition, distribution: ",
            "{kind: uniform}",
            r"a distribution needs a range",
        ),
    ],
    ids=["above", "below", "lognormal-range", "lognormal-value", "value-outside", "no-range"],
)
def test_a_distribution_that_does_not_fit_its_parameter(tmp_path, entry, distribution, message):
    path = write_scenario(tmp_path, parameters=with_q(distribution, entry=entry))
    error = load_error(path, match=message)
    assert_located(error, path, line_of(path.read_text(), "q: {"), BASE)


def test_the_error_names_the_party_parameter_in_a_party(tmp_path):
    parties = SECTIONS["parties"].replace(
        "range: [0.8, 0.95], source: assumption, why: a guess}",
        "range: [0.8, 0.95], source: assumption, why: a guess,\n"
        "                 distribution: {kind: normal}}",
    )
    path = write_scenario(tmp_path, parties=parties)
    error = load_error(path, match=r"a normal distribution needs sd")
    field = ("parties", "b", "parameters", "discount", "distribution")
    assert_located(error, path, line_of(path.read_text(), "kind: normal"), field)


def test_the_model_refuses_directly_too():
    with pytest.raises(ValidationError, match=r"discrete value 7 lies outside the range"):
        Parameter(
            value=1,
            range=(0, 2),
            source="assumption",
            why="x",
            distribution=Distribution(kind="discrete", values=[1, 7]),
        )
