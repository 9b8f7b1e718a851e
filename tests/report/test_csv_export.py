"""CSV export: tidy tables that round-trip, deterministic text, atomic folder writes."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

import pytest

from negotiator.errors import InputError
from negotiator.report.csv_export import csv_tables, write_csv_tables


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_tables_present_with_and_without_uncertainty(
    point_data: dict[str, Any], full_data: dict[str, Any]
) -> None:
    point = [
        "utilities",
        "final_state",
        "path",
        "state_by_month",
        "regime_by_month",
        "facts",
        "assumptions",
    ]
    assert [f"{name}.csv" for name in point] == list(csv_tables(point_data))
    assert list(csv_tables(full_data)) == [
        "utilities.csv",
        "final_state.csv",
        "path.csv",
        "state_by_month.csv",
        "regime_by_month.csv",
        "montecarlo_utility.csv",
        "montecarlo_difference.csv",
        "montecarlo_probability_best.csv",
        "tornado.csv",
        "breakeven.csv",
        "evpi.csv",
        "facts.csv",
        "assumptions.csv",
    ]


def test_utilities_round_trip(full_data: dict[str, Any], tmp_path: Path) -> None:
    written = write_csv_tables(full_data, tmp_path / "tables")
    assert all(path.parent == tmp_path / "tables" for path in written)
    rows = _read(tmp_path / "tables" / "utilities.csv")
    expected = [
        (t["id"], p, v, t["difference"][p], p in t["best_for"])
        for t in full_data["timelines"]
        for p, v in t["expected_utility"].items()
    ]
    actual = [
        (
            r["timeline"],
            r["party"],
            float(r["expected_utility"]),
            float(r["difference"]),
            r["best"] == "true",
        )
        for r in rows
    ]
    assert expected == actual


def test_month_tables_round_trip(full_data: dict[str, Any], tmp_path: Path) -> None:
    write_csv_tables(full_data, tmp_path)
    rows = _read(tmp_path / "state_by_month.csv")
    first = full_data["timelines"][0]
    back = {
        (r["month"], r["variable"]): float(r["value"]) for r in rows if r["timeline"] == first["id"]
    }
    assert back == {
        (m, name): v for m, values in first["state_by_month"].items() for name, v in values.items()
    }
    regimes = _read(tmp_path / "regime_by_month.csv")
    assert {r["regime"] for r in regimes} == {"war", "ceasefire"}


def test_missing_numbers_are_empty_cells(full_data: dict[str, Any], tmp_path: Path) -> None:
    write_csv_tables(full_data, tmp_path)
    rows = _read(tmp_path / "final_state.csv")
    terms = [
        r
        for r in rows
        if r["timeline"] == "retreat-march" and r["variable"] == "terms:kursk_returned"
    ]
    assert terms == [{"timeline": "retreat-march", "variable": "terms:kursk_returned", "value": ""}]
    breakeven = _read(tmp_path / "breakeven.csv")
    assert [r["root"] for r in breakeven] == ["0.17", ""]
    assert breakeven[1]["closed_form"] == ""


def test_facts_keep_commas_and_quotes(full_data: dict[str, Any], tmp_path: Path) -> None:
    write_csv_tables(full_data, tmp_path)
    facts = _read(tmp_path / "facts.csv")
    assert [f["statement"] for f in facts] == [f["statement"] for f in full_data["facts"]]
    assert any('"' in f["statement"] for f in facts)  # the Rubicon quote survives
    assert [f["source"] for f in facts] == [f["attributed_to"] for f in full_data["facts"]]


def test_deterministic_text_with_lf_line_ends(full_data: dict[str, Any]) -> None:
    first = csv_tables(full_data)
    assert first == csv_tables(full_data)
    for text in first.values():
        assert "\r" not in text
        assert text.endswith("\n")
        list(csv.reader(io.StringIO(text)))  # parses


def test_existing_folder_files_replaced(point_data: dict[str, Any], tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "utilities.csv").write_text("stale\n")
    (folder / "notes.txt").write_text("mine\n")
    write_csv_tables(point_data, folder)
    assert (folder / "utilities.csv").read_text().startswith("timeline,party,")
    assert (folder / "notes.txt").read_text() == "mine\n"
    assert not [p for p in os.listdir(folder) if p.startswith(".")]  # no temporary files left


def test_new_folder_leaves_no_staging_folder(point_data: dict[str, Any], tmp_path: Path) -> None:
    write_csv_tables(point_data, tmp_path / "deep" / "tables")
    assert os.listdir(tmp_path / "deep") == ["tables"]


def test_a_file_in_the_way_is_an_input_error(point_data: dict[str, Any], tmp_path: Path) -> None:
    (tmp_path / "tables").write_text("x")
    with pytest.raises(InputError, match="is a file"):
        write_csv_tables(point_data, tmp_path / "tables")
