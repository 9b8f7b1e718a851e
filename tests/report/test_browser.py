"""The HTML report of kursk-2025 in a real headless Chromium.

Skipped only when no Chromium binary is installed, and never when the
environment sets ``NEGOTIATOR_REQUIRE_BROWSER`` (``.ci/run`` installs Chromium
and sets it, so there a missing browser fails the run).
Checks: the summary is there and visible, every chart (each ``<svg>`` in a
``<figure>``) renders with a non-zero size, nothing is logged as an error,
no request leaves the file, the page prints to PDF, and the screenshot helper
writes a 1280-pixel-wide PNG.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from negotiator.report.html import comparison_html
from negotiator.report.screenshot import CHROMIUM_ARGS, find_chromium, screenshot_report

CHROMIUM = find_chromium()

# .ci/run installs Chromium and sets NEGOTIATOR_REQUIRE_BROWSER=1: there the test must run
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None and not os.environ.get("NEGOTIATOR_REQUIRE_BROWSER"),
        reason="no chromium binary installed",
    ),
]


@pytest.fixture(params=["point", "full"])
def report(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, int]:
    """The report written to a file, and how many figures it has."""
    data: dict[str, Any] = request.getfixturevalue(f"{request.param}_data")
    page = comparison_html(data)
    path = tmp_path / "kursk-2025.html"
    path.write_text(page, encoding="utf-8")
    return path, page.count("<figure")


def test_report_renders_in_chromium(report: tuple[Path, int], tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    path, figures = report
    errors: list[str] = []
    outside: list[str] = []
    failed: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.on(
                "request",
                lambda r: (
                    None
                    if r.url.startswith(("file:", "data:", "about:"))
                    else outside.append(r.url)
                ),
            )
            page.goto(path.as_uri(), wait_until="load")
            summary = page.locator("#summary")
            assert summary.is_visible()
            assert "comes out best" in summary.inner_text()
            sizes = page.eval_on_selector_all(
                "figure svg",
                "nodes => nodes.map(n => { const r = n.getBoundingClientRect();"
                " return [r.width, r.height]; })",
            )
            assert len(sizes) == figures
            assert figures >= 6
            assert all(width > 100 and height > 50 for width, height in sizes), sizes
            captions = page.eval_on_selector_all(
                "figure figcaption", "nodes => nodes.map(n => n.innerText.length)"
            )
            assert len(captions) == figures
            assert min(captions) > 20
            shot = tmp_path / "page.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            assert page.pdf(format="A4")[:4] == b"%PDF"
        finally:
            browser.close()
    assert errors == []
    assert failed == []
    assert outside == []


def test_screenshot_helper_writes_a_1280_wide_png(report: tuple[Path, int], tmp_path: Path) -> None:
    path, _ = report
    target = screenshot_report(path, tmp_path / "shots" / "kursk-2025.png")
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width == 1280
    assert height > 2000  # the full page, not the viewport
