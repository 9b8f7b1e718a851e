"""The charts of a Markdown report, as SVG files next to it, and the Markdown that links them.

A Markdown report cannot inline SVG portably, so each chart of
:mod:`negotiator.report.charts` is written to ``<report-stem>.charts/<chart-id>.svg``
beside the report and linked with a relative path, its caption under it. The
files are the same deterministic SVGs as in the HTML report (with their XML
namespaces, as standalone SVG files need).

Examples
--------
>>> from pathlib import Path
>>> data = {"timelines": [{"id": "a", "expected_utility": {"u": 1.0}, "best_for": ["u"]}]}
>>> section, files = chart_links(data, Path("reports/demo.md"))
>>> print(section.splitlines()[2])
![Expected utility by party and timeline](demo.charts/utility.svg)
>>> sorted(str(path) for path in files)
['reports/demo.charts/utility.svg']
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from negotiator.report.atomic import write_text_atomic
from negotiator.report.charts import comparison_charts


def chart_folder(report_path: str | Path) -> Path:
    """The folder of a report's charts: ``<stem>.charts`` beside the report."""
    path = Path(report_path)
    return path.with_name(f"{path.stem}.charts")


def chart_links(data: dict[str, Any], report_path: str | Path) -> tuple[str, dict[Path, str]]:
    """The Markdown ``## Charts`` section and the SVG files it links (path -> SVG text).

    Parameters
    ----------
    data
        The report data (:func:`negotiator.report.data.comparison_data`, with the
        optional uncertainty keys and ``settlement_geometry``).
    report_path
        Where the Markdown report is written; links are relative to its folder.

    Returns
    -------
    tuple
        The section (``""`` when there is no chart) and the files to write; write
        them with :func:`write_chart_files` (or any atomic writer).
    """
    folder = chart_folder(report_path)
    charts = comparison_charts(data)
    if not charts:
        return "", {}
    parts = ["## Charts"]
    files: dict[Path, str] = {}
    for chart in charts:
        path = folder / f"{chart.id}.svg"
        files[path] = chart.svg if chart.svg.endswith("\n") else chart.svg + "\n"
        title = chart.title.replace("]", ")").replace("[", "(")
        parts.append(f"![{title}]({folder.name}/{chart.id}.svg)\n\n*{chart.caption}*")
    return "\n\n".join(parts) + "\n", files


def write_chart_files(files: dict[Path, str]) -> list[Path]:
    """Write each chart file atomically (folders created); return the paths written."""
    for path, text in files.items():
        write_text_atomic(path, text)
    return list(files)
