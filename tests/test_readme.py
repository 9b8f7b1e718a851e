"""The README's Python examples run (STYLE.md: examples that never run rot).

Every ```python block of README.md is executed, in order and in one namespace
(later blocks may use names from earlier ones, as a reader would), with the
repository root as the working folder. This runs our own documentation, not
file input.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)


def python_blocks(text: str) -> list[tuple[int, str]]:
    """(1-based line of the first code line, code) of every ```python block."""
    return [(text.count("\n", 0, m.start(1)) + 1, m.group(1)) for m in FENCE.finditer(text)]


def test_block_extraction():
    text = "intro\n```python\nx = 1\n```\n\n```bash\nls\n```\n```python\ny = x + 1\n```\n"
    assert python_blocks(text) == [(3, "x = 1\n"), (10, "y = x + 1\n")]


def test_readme_python_examples_run(monkeypatch):
    if not README.is_file():
        pytest.fail(f"{README} does not exist")
    blocks = python_blocks(README.read_text(encoding="utf-8"))
    if not blocks:
        pytest.fail(
            "README.md has no ```python block: the library's use is not shown (or not tested)"
        )
    monkeypatch.chdir(REPO)
    namespace: dict[str, object] = {"__name__": "__readme__"}
    for line, code in blocks:
        # pad with newlines so tracebacks point at the README's own line numbers
        compiled = compile("\n" * (line - 1) + code, str(README), "exec")
        exec(compiled, namespace)
