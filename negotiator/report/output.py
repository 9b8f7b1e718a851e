"""Write a comparison report in any format: the one place the CLI's ``--format`` is honoured.

Formats: ``md`` (Markdown, with its charts as SVG files in
``<stem>.charts/`` beside it), ``json`` (stable keys), ``html`` (one
self-contained file) and ``csv`` (a folder of tidy tables). Every file is
written atomically. ``-`` as the target prints md, json or html on standard
output (Markdown then links no charts).

Examples
--------
>>> default_target("kursk-2025", "csv")
PosixPath('reports/kursk-2025-csv')
>>> default_target("kursk-2025", "md", "montecarlo")
PosixPath('reports/kursk-2025-montecarlo.md')
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from negotiator.errors import InputError

if TYPE_CHECKING:
    from negotiator.analysis.compare import ComparisonResult
    from negotiator.uncertainty.bundle import Analyses

FORMATS = ("md", "json", "html", "csv")


def default_target(scenario_id: str, fmt: str, analysis: str = "") -> Path:
    """``reports/<scenario>[-<analysis>].<fmt>`` (a folder ``...-csv`` for CSV)."""
    stem = f"{scenario_id}-{analysis}" if analysis else scenario_id
    return Path("reports") / (f"{stem}-csv" if fmt == "csv" else f"{stem}.{fmt}")


def render_report(
    result: ComparisonResult,
    analyses: Analyses | None,
    fmt: str,
    target: str | Path,
) -> tuple[str | None, list[Path]]:
    """Render and write a report; return (text for standard output, paths written).

    Parameters
    ----------
    result, analyses
        The comparison and the uncertainty analyses that ran (or None).
    fmt
        One of :data:`FORMATS`.
    target
        A file (a folder for csv), or ``"-"`` for standard output.
    """
    from negotiator.analysis.bargaining_set import settlement_geometry
    from negotiator.report.atomic import write_text_atomic
    from negotiator.report.data import comparison_data, comparison_json, rounded

    to_stdout = str(target) == "-"
    if fmt == "csv" and to_stdout:
        raise InputError("--format csv writes a folder of tables; give it with -o FOLDER")
    if fmt != "csv" and not to_stdout and Path(target).is_dir():
        raise InputError("is a folder; give a file name for the report", file=str(target))
    if fmt == "json":
        text = comparison_json(result, analyses)
        return _emit(text, target, to_stdout)
    data = comparison_data(result, analyses)
    data["settlement_geometry"] = rounded(settlement_geometry(result))
    if fmt == "csv":
        from negotiator.report.csv_export import write_csv_tables

        return None, write_csv_tables(data, Path(target))
    if fmt == "html":
        from negotiator.report.html import comparison_html

        return _emit(comparison_html(data), target, to_stdout)
    from negotiator.report.markdown import comparison_markdown

    if to_stdout:
        return comparison_markdown(result, analyses), []
    from negotiator.report.markdown_charts import chart_links, write_chart_files

    section, files = chart_links(data, target)
    written = write_chart_files(files)
    write_text_atomic(target, comparison_markdown(result, analyses, charts=section))
    return None, [Path(target), *written]


def _emit(text: str, target: str | Path, to_stdout: bool) -> tuple[str | None, list[Path]]:
    from negotiator.report.atomic import write_text_atomic

    if to_stdout:
        return text, []
    write_text_atomic(target, text)
    return None, [Path(target)]
