"""Helpers shared by the command-line tests (tests/test_cli*.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner


def line_of(text: str, needle: str) -> int:
    """The 1-based line of ``text`` that first contains ``needle``."""
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``folder`` (hidden ones included) with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None
        for p in sorted(folder.rglob("*"))
    }


def assert_one_error_line(result, pattern: str) -> None:
    """Exit code 2, no traceback, and one stderr line matching ``pattern``."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert re.fullmatch(r"negotiator: error: " + pattern + r".*", lines[0]), lines[0]


@pytest.fixture
def runner() -> CliRunner:
    """A click test runner."""
    return CliRunner()
