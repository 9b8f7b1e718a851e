"""A full-page screenshot of an HTML report, taken in headless Chromium.

Used to make the picture of the example report shown in the README
(``reports/kursk-2025.png``) and by the browser test. Playwright is imported
only when a screenshot is taken, so the rest of the package never needs it.
The page is 1280 CSS pixels wide at a device scale of one, animations are
disabled and the caret hidden, so the same report and browser give the same
picture.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from negotiator.errors import InputError
from negotiator.report.atomic import write_bytes_atomic

WIDTH = 1280
HEIGHT = 900

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--font-render-hinting=none",
]


def find_chromium() -> str | None:
    """The path of a Chromium binary on this machine (``chromium`` or ``chromium-browser``)."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def screenshot_report(
    html_path: str | Path,
    png_path: str | Path,
    *,
    executable: str | None = None,
    width: int = WIDTH,
) -> Path:
    """Open ``html_path`` in headless Chromium and write a full-page PNG to ``png_path``.

    Parameters
    ----------
    html_path
        The HTML report to photograph.
    png_path
        Where to write the PNG (atomically; folders are created).
    executable
        The Chromium binary; default: ``chromium`` found on the ``PATH``.
    width
        Page width in CSS pixels (the height is the whole page's).

    Returns
    -------
    pathlib.Path
        ``png_path``.

    Raises
    ------
    InputError
        If the report does not exist or no Chromium binary is found.
    """
    source = Path(html_path).resolve()
    if not source.is_file():
        raise InputError("no such report to photograph", file=str(source))
    binary = executable or find_chromium()
    if binary is None:
        raise InputError("no Chromium found: install chromium to take a screenshot")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=binary, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(
                viewport={"width": width, "height": HEIGHT}, device_scale_factor=1
            )
            page.goto(source.as_uri(), wait_until="load")
            image = page.screenshot(full_page=True, animations="disabled", caret="hide")
        finally:
            browser.close()
    target = Path(png_path)
    write_bytes_atomic(target, image)
    return target
