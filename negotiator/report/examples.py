"""Regenerate the committed example reports of the bundled Kursk scenario.

Run from the repository root::

    python -m negotiator.report.examples

It writes ``reports/kursk-2025.md`` (with its charts in
``reports/kursk-2025.charts/``), ``reports/kursk-2025.json``,
``reports/kursk-2025.html`` and, when Chromium is installed, the screenshot
``reports/kursk-2025.png`` used by the README. The reports are exactly what
``negotiator compare scenarios/kursk-2025.yaml --format md|json|html`` writes
with its defaults (2,000 draws, seed 0); a test checks the committed files are
up to date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from negotiator.report.output import render_report

SCENARIO = Path("scenarios/kursk-2025.yaml")
SAMPLES = 2000
SEED = 0


def example_reports(folder: Path, *, screenshot: bool = True) -> list[Path]:
    """Write the example reports into ``folder``; return the paths written."""
    from negotiator.analysis.compare import compare
    from negotiator.report.screenshot import find_chromium, screenshot_report
    from negotiator.scenario.loading import load_scenario
    from negotiator.uncertainty.bundle import analyse

    scenario = load_scenario(SCENARIO)
    result = compare(scenario)
    analyses = analyse(
        scenario, [t.id for t in result.timelines], samples=SAMPLES, seed=SEED, progress=False
    )
    written: list[Path] = []
    for fmt in ("md", "json", "html"):
        _, paths = render_report(result, analyses, fmt, folder / f"{scenario.id}.{fmt}")
        written += paths
    if screenshot and find_chromium() is not None:
        html = folder / f"{scenario.id}.html"
        written.append(screenshot_report(html, folder / f"{scenario.id}.png"))
    return written


def main() -> None:
    """Entry point: write into ``reports/`` and list what was written."""
    for path in example_reports(Path("reports")):
        sys.stdout.write(f"wrote {path}\n")


if __name__ == "__main__":
    main()
