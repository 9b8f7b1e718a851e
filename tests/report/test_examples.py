"""The committed example reports are what the code writes today.

``python -m negotiator.report.examples`` regenerates them; this test writes
them afresh into a temporary folder and compares bytes, so a change to the
model, the engine or the renderers that is not followed by a regeneration
fails here. (The PNG screenshot depends on the installed fonts and is not
compared; the browser test checks the page renders.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from negotiator.report.examples import example_reports

REPO = Path(__file__).resolve().parents[2]


def test_committed_example_reports_are_up_to_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(REPO)
    written = example_reports(tmp_path, screenshot=False)
    names = sorted(str(p.relative_to(tmp_path)) for p in written)
    assert "kursk-2025.html" in names
    assert "kursk-2025.md" in names
    assert "kursk-2025.json" in names
    assert any(name.startswith("kursk-2025.charts/") for name in names)
    stale = [
        name
        for name in names
        if not (REPO / "reports" / name).is_file()
        or (REPO / "reports" / name).read_bytes() != (tmp_path / name).read_bytes()
    ]
    assert not stale, (
        f"out of date: {', '.join(stale)}; regenerate with `python -m negotiator.report.examples`"
    )
    committed = {
        str(p.relative_to(REPO / "reports"))
        for p in (REPO / "reports" / "kursk-2025.charts").iterdir()
    }
    assert committed == {n for n in names if n.startswith("kursk-2025.charts/")}, (
        "reports/kursk-2025.charts holds charts the report no longer has"
    )
