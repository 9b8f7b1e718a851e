"""The public surface of ``negotiator`` (STYLE.md: a small public surface, tested)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import negotiator
from negotiator.cli import cli

REPO = Path(__file__).resolve().parents[1]


def test_all_is_sorted_and_unique():
    assert negotiator.__all__ == sorted(negotiator.__all__)
    assert len(set(negotiator.__all__)) == len(negotiator.__all__)


def test_every_public_name_resolves():
    for name in negotiator.__all__:
        assert getattr(negotiator, name) is not None, name


def test_public_names_are_the_documented_objects():
    from negotiator.analysis.compare import ComparisonResult, TimelineResult, compare
    from negotiator.errors import InputError, NegotiatorError, ScenarioError
    from negotiator.scenario.loading import load_scenario
    from negotiator.scenario.models import Scenario

    assert negotiator.compare is compare
    assert negotiator.load_scenario is load_scenario
    assert negotiator.Scenario is Scenario
    assert negotiator.ComparisonResult is ComparisonResult
    assert negotiator.TimelineResult is TimelineResult
    assert negotiator.NegotiatorError is NegotiatorError
    assert issubclass(negotiator.InputError, NegotiatorError)
    assert issubclass(negotiator.ScenarioError, InputError)
    assert ScenarioError is negotiator.ScenarioError


def test_unknown_attribute_raises_attribute_error():
    with pytest.raises(AttributeError, match="no_such_name"):
        negotiator.no_such_name  # noqa: B018


def test_dir_lists_the_public_names():
    assert set(negotiator.__all__) <= set(dir(negotiator))


def heavy_modules_after(code: str, heavy: str = "'sympy','scipy','pandas'") -> str:
    """Run ``code`` in a fresh interpreter; return the list of heavy modules it loaded."""
    script = f"{code}\nimport sys\nprint(sorted(m for m in ({heavy}) if m in sys.modules))"
    completed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.strip().splitlines()[-1]


def test_importing_negotiator_and_its_cli_stays_light():
    assert heavy_modules_after("import negotiator, negotiator.cli") == "[]"


def test_help_works_and_lists_the_commands():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0, result.output
    for command in ("compare", "validate", "schema", "solve", "export"):
        assert command in result.stdout
    assert "Usage:" in result.stdout


def test_help_does_not_import_the_heavy_libraries():
    code = (
        "from negotiator.cli import cli\n"
        "try:\n"
        "    cli(['--help'], prog_name='negotiator')\n"
        "except SystemExit:\n"
        "    pass"
    )
    assert heavy_modules_after(code) == "[]"


def test_importing_the_solvers_and_games_imports_neither_sympy_nor_pandas():
    code = "import negotiator.solvers, negotiator.games"
    assert heavy_modules_after(code, heavy="'sympy','pandas'") == "[]"
