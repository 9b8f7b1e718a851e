"""Settlement geometry: the bargaining set at each timeline's most likely leaf."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import numpy as np
import pytest

import negotiator as ng
from negotiator.analysis.bargaining_set import _drop_collinear, _polygon, settlement_geometry
from negotiator.solvers.bargaining import nash_bargaining


@pytest.fixture(scope="module")
def geometry() -> dict[str, Any]:
    scenario = ng.load_scenario("scenarios/kursk-2025.yaml")
    result = settlement_geometry(ng.compare(scenario, ["retreat-march", "accept-ceasefire-feb"]))
    assert result is not None
    return result


def test_shape_and_json_ready(geometry: dict[str, Any]) -> None:
    assert json.loads(json.dumps(geometry)) == geometry
    assert (geometry["party_x"], geometry["party_y"]) == ("ukraine", "russia")
    assert geometry["solution"] == "nash"
    assert [t["timeline"] for t in geometry["timelines"]] == [
        "retreat-march",
        "accept-ceasefire-feb",
    ]


def test_lost_chip_shrinks_the_set_to_a_segment(geometry: dict[str, Any]) -> None:
    retreat, accept = geometry["timelines"]
    assert retreat["state"]["kursk_km2"] == 0.0
    assert len(retreat["frontier"]) == 2  # kursk_returned is worth nothing to either side
    assert accept["state"]["kursk_km2"] == 600.0
    assert len(accept["frontier"]) == 4  # a parallelogram: the image of the issue box


def test_parallelogram_matches_the_utilities_at_the_corners(geometry: dict[str, Any]) -> None:
    # kursk-2025.yaml settlement utilities at kursk_km2 = 600, swap_pool_km2 = 3000:
    # u_ukraine = 2 land / 1000 + 0.2 (1 - k) 0.6, u_russia = -2 land / 1000 - 3 (1 - k) 0.6
    corners = sorted(
        (2 * land / 1000 + 0.12 * (1 - k), -2 * land / 1000 - 1.8 * (1 - k))
        for k in (0, 1)
        for land in (0, 3000)
    )
    frontier = sorted(tuple(p) for p in geometry["timelines"][1]["frontier"])
    assert np.allclose(corners, frontier, atol=1e-9)


def test_solution_points_lie_in_the_set_and_beat_disagreement(geometry: dict[str, Any]) -> None:
    for entry in geometry["timelines"]:
        d = entry["disagreement"]
        for key in ("nash", "kalai_smorodinsky"):
            point = entry[key]
            assert point is not None
            assert point[0] >= d[0]
            assert point[1] >= d[1]
            assert _inside(point, entry["frontier"])


def test_nash_point_is_the_engines_terms(geometry: dict[str, Any]) -> None:
    # the engine hands back all of Kursk and no land at the leaf: both sides get 0 from the terms
    assert geometry["timelines"][1]["nash"] == pytest.approx([0.0, 0.0], abs=1e-6)


def test_most_likely_leaf_probability(geometry: dict[str, Any]) -> None:
    retreat, accept = geometry["timelines"]
    assert retreat["leaf_probability"] == 1.0
    assert accept["regime"] == "ceasefire"
    assert accept["leaf_probability"] == pytest.approx(0.434388454)  # the truce survives


def test_none_unless_two_issues_and_two_parties() -> None:
    scenario = ng.load_scenario("scenarios/kursk-2025.yaml")
    result = ng.compare(scenario, ["retreat-march"])
    issues = dict(scenario.settlement.issues)
    issues["third"] = issues["kursk_returned"]
    settlement = scenario.settlement.model_copy(update={"issues": issues})
    three_issues = scenario.model_copy(update={"settlement": settlement})
    assert settlement_geometry(dataclasses.replace(result, scenario=three_issues)) is None
    parties = dict(scenario.parties)
    parties["us"] = parties["us"].model_copy(update={"at_table": True})
    three_parties = scenario.model_copy(update={"parties": parties})
    assert settlement_geometry(dataclasses.replace(result, scenario=three_parties)) is None


def test_polygon_of_a_known_box() -> None:
    # u = (x0 + x1, x0 - x1) on the unit square: a square rotated by 45 degrees
    square = _polygon(lambda x: np.array([x[0] + x[1], x[0] - x[1]]), [(0, 1), (0, 1)])
    assert sorted(map(tuple, square)) == [(0.0, 0.0), (1.0, -1.0), (1.0, 1.0), (2.0, 0.0)]
    segment = _polygon(lambda x: np.array([x[0], -x[0]]), [(0, 1), (0, 1)])
    assert sorted(map(tuple, segment)) == [(0.0, 0.0), (1.0, -1.0)]


def test_collinear_vertices_dropped() -> None:
    points = np.array([[0, 0], [1, 0], [2, 0], [2, 2], [0, 2]], dtype=float)
    assert [p.tolist() for p in _drop_collinear(points)] == [[0, 0], [2, 0], [2, 2], [0, 2]]


def test_nash_point_agrees_with_the_solver_on_a_split() -> None:
    # Nash (1950): splitting a unit surplus from (0, 0) gives (1/2, 1/2)
    result = nash_bargaining(lambda x: np.array([x[0], 1 - x[0]]), [0, 0], bounds=[(0, 1)])
    assert result.payoffs == pytest.approx([0.5, 0.5])


def _inside(point: list[float], polygon: list[list[float]], atol: float = 1e-6) -> bool:
    if len(polygon) == 2:
        (ax, ay), (bx, by) = polygon
        cross = (bx - ax) * (point[1] - ay) - (by - ay) * (point[0] - ax)
        return abs(cross) <= atol * max(1.0, abs(bx - ax) + abs(by - ay))
    for (ax, ay), (bx, by) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (bx - ax) * (point[1] - ay) - (by - ay) * (point[0] - ax) < -atol:
            return False
    return True
