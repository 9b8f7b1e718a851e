"""The report's tables as tidy CSV files, one file per table, in one folder.

Tidy: one row per observation, one column per variable, so each file loads
straight into a spreadsheet or ``pandas.read_csv``. Tables written (each only
when its data is present):

- ``utilities.csv``: timeline, party, expected_utility, difference, best
- ``final_state.csv``: timeline, variable, value (with ``regime:<r>``,
  ``deal_probability`` and ``terms:<issue>`` rows)
- ``path.csv``: timeline, step, stage, date, actor, choice, probability, tied, pinned
- ``state_by_month.csv``: timeline, month, variable, value
- ``regime_by_month.csv``: timeline, month, regime, probability
- ``montecarlo_utility.csv``: party, timeline, mean, q05, q50, q95
- ``montecarlo_difference.csv``: party, timeline, mean, q05, q50, q95, p_positive
- ``montecarlo_probability_best.csv``: party, timeline, probability_best
- ``tornado.csv``: parameter, unit, value, low, high, metric_low, metric_high, swing,
  best_low, best_high
- ``breakeven.csv``: parameter, unit, party, timeline_a, timeline_b, range_low,
  range_high, value, method, closed_form, root, root_kind, message (one row per
  root; one row with an empty root when there is none)
- ``evpi.csv``: party, parameter (empty for the EVPI itself), value
- ``facts.csv``: id, date, precision, statement, source
- ``assumptions.csv``: kind, name, value, unit, range_low, range_high,
  distribution (when the data gives it), why

Numbers are written as in the JSON report (nine significant digits, ``repr``
of the float); a missing number is an empty cell; booleans are ``true`` /
``false``. Files are UTF-8 with Unix (LF) line ends. The folder is written
atomically: a new folder is assembled beside it and renamed into place; an
existing folder has each file replaced atomically, one by one.

Examples
--------
>>> import tempfile, pathlib
>>> data = {"timelines": [{"id": "a", "expected_utility": {"u": 1.5}, "difference": {"u": 0.0},
...     "best_for": ["u"]}]}
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "tables"
>>> [p.name for p in write_csv_tables(data, folder)]
['utilities.csv']
>>> print((folder / "utilities.csv").read_text())
timeline,party,expected_utility,difference,best
a,u,1.5,0.0,true
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from negotiator.errors import InputError
from negotiator.report.atomic import write_text_atomic

Rows = list[list[Any]]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if value == value else ""
    return str(value)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text of a header and rows (deterministic: LF line ends, minimal quoting)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def _utilities(data: dict[str, Any]) -> tuple[list[str], Rows]:
    rows = [
        [t["id"], p, v, t.get("difference", {}).get(p), p in t.get("best_for", [])]
        for t in data.get("timelines") or []
        for p, v in t["expected_utility"].items()
    ]
    return ["timeline", "party", "expected_utility", "difference", "best"], rows


def _final_state(data: dict[str, Any]) -> tuple[list[str], Rows]:
    rows: Rows = []
    for t in data.get("timelines") or []:
        for name, value in (t.get("final_state") or {}).items():
            if isinstance(value, dict):
                rows += [[t["id"], f"{name}:{k}", v] for k, v in value.items()]
            else:
                rows.append([t["id"], name, value])
        settlement = t.get("settlement") or {}
        if "deal_probability" in settlement:
            rows.append([t["id"], "deal_probability", settlement["deal_probability"]])
        rows += [[t["id"], f"terms:{k}", v] for k, v in (settlement.get("terms") or {}).items()]
    return ["timeline", "variable", "value"], rows


def _path(data: dict[str, Any]) -> tuple[list[str], Rows]:
    keys = ["stage", "date", "actor", "choice", "probability", "tied", "pinned"]
    rows = [
        [t["id"], k, *[step.get(key) for key in keys]]
        for t in data.get("timelines") or []
        for k, step in enumerate(t.get("path") or [])
    ]
    return ["timeline", "step", *keys], rows


def _by_month(
    series: str, key: str, value: str
) -> Callable[[dict[str, Any]], tuple[list[str], Rows]]:
    def table(data: dict[str, Any]) -> tuple[list[str], Rows]:
        rows = [
            [t["id"], month, name, number]
            for t in data.get("timelines") or []
            for month, values in (t.get(series) or {}).items()
            for name, number in values.items()
        ]
        return ["timeline", "month", key, value], rows

    return table


def _quantiles(
    key: str, extra: Sequence[str]
) -> Callable[[dict[str, Any]], tuple[list[str], Rows]]:
    columns = ["mean", "q05", "q50", "q95", *extra]

    def table(data: dict[str, Any]) -> tuple[list[str], Rows]:
        source = (data.get("montecarlo") or {}).get(key) or {}
        rows = [
            [party, timeline, *[q.get(c) for c in columns]]
            for party, by_timeline in source.items()
            for timeline, q in by_timeline.items()
        ]
        return ["party", "timeline", *columns], rows

    return table


def _probability_best(data: dict[str, Any]) -> tuple[list[str], Rows]:
    source = (data.get("montecarlo") or {}).get("probability_best") or {}
    rows = [[p, t, v] for p, by_timeline in source.items() for t, v in by_timeline.items()]
    return ["party", "timeline", "probability_best"], rows


def _tornado(data: dict[str, Any]) -> tuple[list[str], Rows]:
    keys = [
        "parameter",
        "unit",
        "value",
        "low",
        "high",
        "metric_low",
        "metric_high",
        "swing",
        "best_low",
        "best_high",
    ]
    rows = [
        [row.get(k) for k in keys] for row in (data.get("sensitivity") or {}).get("tornado") or []
    ]
    return keys, rows


def _breakeven(data: dict[str, Any]) -> tuple[list[str], Rows]:
    rows: Rows = []
    for e in data.get("breakeven") or []:
        pair = [*(e.get("timelines") or []), None, None][:2]
        low, high = [*(e.get("range") or []), None, None][:2]
        head = [
            e.get("parameter"),
            e.get("unit"),
            e.get("party"),
            *pair,
            low,
            high,
            e.get("value"),
            e.get("method"),
            e.get("closed_form"),
        ]
        roots = e.get("roots") or [{}]
        rows += [[*head, r.get("value"), r.get("kind"), e.get("message")] for r in roots]
    header = [
        "parameter",
        "unit",
        "party",
        "timeline_a",
        "timeline_b",
        "range_low",
        "range_high",
        "value",
        "method",
        "closed_form",
        "root",
        "root_kind",
        "message",
    ]
    return header, rows


def _evpi(data: dict[str, Any]) -> tuple[list[str], Rows]:
    rows: Rows = []
    for party, entry in ((data.get("evpi") or {}).get("parties") or {}).items():
        rows.append([party, None, entry.get("evpi")])
        rows += [[party, name, v] for name, v in (entry.get("evppi") or {}).items()]
    return ["party", "parameter", "value"], rows


def _facts(data: dict[str, Any]) -> tuple[list[str], Rows]:
    rows = [
        [f.get("id"), f.get("date"), f.get("precision"), f.get("statement"), f.get("attributed_to")]
        for f in data.get("facts") or []
    ]
    return ["id", "date", "precision", "statement", "source"], rows


def _assumptions(data: dict[str, Any]) -> tuple[list[str], Rows]:
    assumed = data.get("assumptions") or []
    with_distribution = any("distribution" in a for a in assumed)
    rows = []
    for a in assumed:
        low, high = a.get("range") or [None, None]
        row = [a.get("kind"), a.get("name"), a.get("value"), a.get("unit"), low, high]
        if with_distribution:
            distribution = a.get("distribution")
            row.append(
                distribution
                if not isinstance(distribution, dict)
                else "; ".join(f"{k} {v}" for k, v in distribution.items())
            )
        rows.append([*row, a.get("why")])
    header = ["kind", "name", "value", "unit", "range_low", "range_high"]
    return [*header, *(["distribution"] if with_distribution else []), "why"], rows


TABLES: dict[str, Callable[[dict[str, Any]], tuple[list[str], Rows]]] = {
    "utilities": _utilities,
    "final_state": _final_state,
    "path": _path,
    "state_by_month": _by_month("state_by_month", "variable", "value"),
    "regime_by_month": _by_month("regime_by_month", "regime", "probability"),
    "montecarlo_utility": _quantiles("utility", []),
    "montecarlo_difference": _quantiles("difference", ["p_positive"]),
    "montecarlo_probability_best": _probability_best,
    "tornado": _tornado,
    "breakeven": _breakeven,
    "evpi": _evpi,
    "facts": _facts,
    "assumptions": _assumptions,
}


def csv_tables(data: dict[str, Any]) -> dict[str, str]:
    """File name -> CSV text, for every table with at least one row (in :data:`TABLES` order)."""
    tables = {}
    for name, build in TABLES.items():
        header, rows = build(data)
        if rows:
            tables[f"{name}.csv"] = csv_text(header, rows)
    return tables


def write_csv_tables(data: dict[str, Any], folder: str | Path) -> list[Path]:
    """Write the tidy tables of the report data into ``folder``; return the files written.

    A new folder is assembled in a temporary folder beside it and renamed into
    place; in an existing folder each file is replaced atomically (files of
    tables not present this time are left alone).

    Raises
    ------
    InputError
        If ``folder`` is a file, or cannot be written.
    """
    target = Path(folder)
    tables = csv_tables(data)
    if target.exists() and not target.is_dir():
        raise InputError("is a file; give a folder for the CSV tables", file=str(target))
    if target.is_dir():
        for name, text in tables.items():
            write_text_atomic(target / name, text)
        return [target / name for name in tables]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as error:
        raise InputError(f"cannot write the tables: {error.strerror}", file=str(target)) from None
    try:
        for name, text in tables.items():
            (staging / name).write_text(text, encoding="utf-8", newline="\n")
        os.chmod(staging, 0o777 & ~_umask())
        os.rename(staging, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
        raise InputError(f"cannot write the tables: {error.strerror}", file=str(target)) from None
    return [target / name for name in tables]


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
