"""Rank correlation between parameters, and the checks that make it drawable.

Parameters are drawn independently unless the scenario lists
``correlations``: pairs of scenario-wide parameter names (``p_encircle``,
``ukraine_war_cost``) with a Spearman rank correlation ``rank`` in (-1, 1).
Sampling joins the parameters' own distributions with a Gaussian copula: a
standard normal vector with correlation matrix ``R`` is drawn, each component
is turned into a uniform by the normal CDF and then into the parameter by its
inverse CDF. Monotone transforms keep ranks, so the parameters' Spearman
correlation is the normal vector's, which for a Pearson correlation ``r`` is
``(6 / pi) asin(r / 2)``; hence each asked rank ``rho`` becomes
``r = 2 sin(pi rho / 6)`` (Kruskal 1958). Pairs not listed are uncorrelated.

Not every table of pairwise ranks is possible: ``R`` must be positive
definite (p = 0.9 with q, 0.9 with s and -0.9 between q and s cannot all
hold). :func:`check_correlations` rejects such tables when the scenario is
built, with the field path ``correlations``.

References
----------
W. Kruskal, "Ordinal measures of association", *Journal of the American
Statistical Association* 53 (1958), 814-861.
R. L. Iman and W. J. Conover, "A distribution-free approach to inducing rank
correlation among input variables", *Communications in Statistics -
Simulation and Computation* 11 (1982), 311-334.

Examples
--------
>>> pair = Correlation(parameters=("p", "q"), rank=0.5)
>>> matrix = pearson_matrix(["p", "q", "s"], [pair])
>>> matrix.round(4).tolist()
[[1.0, 0.5176, 0.0], [0.5176, 1.0, 0.0], [0.0, 0.0, 1.0]]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel, Field, model_validator

from negotiator.errors import ScenarioError
from negotiator.scenario.fields import STRICT, Identifier

if TYPE_CHECKING:
    from negotiator.scenario.models import Scenario


class Correlation(BaseModel):
    """A Spearman rank correlation between two parameters (scenario-wide names)."""

    model_config = STRICT

    parameters: tuple[Identifier, Identifier] = Field(
        description="Two parameter names as the scenario sees them (a party's: <party>_<name>)."
    )
    rank: float = Field(gt=-1, lt=1, description="Spearman rank correlation, in (-1, 1).")

    @model_validator(mode="after")
    def _two_names(self) -> Correlation:
        if self.parameters[0] == self.parameters[1]:
            raise ValueError(f"a parameter cannot be correlated with itself ({self.parameters[0]})")
        return self


def pearson_matrix(names: Sequence[str], correlations: Sequence[Correlation]) -> np.ndarray:
    """The normal copula's correlation matrix over ``names``, in that order.

    Entry ``(i, j)`` is ``2 sin(pi rho / 6)`` for a listed pair with rank
    ``rho``, 1 on the diagonal and 0 elsewhere. Pairs naming a parameter not
    in ``names`` are ignored.
    """
    index = {name: i for i, name in enumerate(names)}
    matrix = np.eye(len(names))
    for pair in correlations:
        first, second = pair.parameters
        if first in index and second in index:
            r = 2 * math.sin(math.pi * pair.rank / 6)
            matrix[index[first], index[second]] = matrix[index[second], index[first]] = r
    return matrix


def check_correlations(scenario: Scenario) -> None:
    """Raise a located :class:`ScenarioError` if the scenario's correlations cannot be drawn.

    Each name must be a parameter that varies (a range with low < high), no
    pair may be listed twice, and the implied correlation matrix must be
    positive definite.

    Examples
    --------
    >>> from negotiator.scenario.loading import load_scenario
    >>> sc = load_scenario("scenarios/kursk-2025.yaml")
    >>> pairs = [Correlation(parameters=("p_encircle", "ukraine_war_cost"), rank=0.3)]
    >>> variant = sc.model_copy(update={"correlations": pairs})  # model_copy does not check
    >>> check_correlations(variant)
    Traceback (most recent call last):
    ...
    negotiator.errors.ScenarioError: at correlations[0].parameters[1]: 'ukraine_war_cost' ...
    """
    parameters = scenario.all_parameters()
    seen: dict[frozenset[str], int] = {}
    for index, pair in enumerate(scenario.correlations):
        for position, name in enumerate(pair.parameters):
            path = ("correlations", index, "parameters", position)
            if name not in parameters:
                raise ScenarioError(_unknown_parameter(name, parameters), path=path)
            bounds = parameters[name].range
            if bounds is None or not bounds[0] < bounds[1]:
                raise ScenarioError(
                    f"{name!r} does not vary (it needs a range with low < high) "
                    "so it cannot be correlated",
                    path=path,
                )
        key = frozenset(pair.parameters)
        if key in seen:
            first, second = pair.parameters
            raise ScenarioError(
                f"the pair {first}, {second} is already listed at correlations[{seen[key]}]",
                path=("correlations", index),
            )
        seen[key] = index
    names = sorted({name for pair in scenario.correlations for name in pair.parameters})
    if names:
        smallest = float(np.linalg.eigvalsh(pearson_matrix(names, scenario.correlations))[0])
        if not smallest > 1e-10:
            raise ScenarioError(
                "these rank correlations cannot hold together: the implied correlation "
                f"matrix is not positive definite (smallest eigenvalue {smallest:.3g})",
                path=("correlations",),
            )


def _unknown_parameter(name: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=3)
    hint = f"; did you mean {', '.join(repr(c) for c in sorted(close))}?" if close else ""
    return f"unknown parameter {name!r}{hint}"
