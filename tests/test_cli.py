"""Tests of the command line (negotiator/cli.py), in-process with click's CliRunner.

Bad input must end with exit code 2, one located line on stderr and nothing
written; one real subprocess run checks ``python -m negotiator`` end to end.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from negotiator.cli import cli
from tests.cli_support import assert_one_error_line, line_of, snapshot

REPO = Path(__file__).resolve().parents[1]
KURSK = REPO / "scenarios" / "kursk-2025.yaml"
REQUIRED_TIMELINES = {"accept-ceasefire-feb", "retreat-march", "hold-for-swap", "equilibrium"}

# A small scenario whose line numbers the error tests below rely on (see the comments).
TOY = """\
schema_version: 1
kind: scenario
id: toy
title: A toy game
question: Which option does a take?
calendar: {start: 2025-01, end: 2025-02}
parties:
  a:
    name: A
    parameters:
      discount: {value: 0.9, source: definition}
  b:
    name: B
    parameters:
      discount: {value: 0.8, source: definition}
parameters:
  gain: {value: 2, range: [0, 10], source: assumption, why: a test value}
  p_win: {value: 0.5, range: [0, 1], source: assumption, why: a test value}
initial_regime: war
regimes:
  war: {}
stages:
  - id: pick
    date: 2025-01
    decide: a
    assumption: test
    options:
      take: {payoff: {a: gain}}
      leave: {payoff: {a: 1}}
  - id: luck
    date: 2025-02
    assumption: test
    chance:
      win: {p: p_win, payoff: {a: 1}}
      lose: {p: 1 - p_win}
settlement:
  issues:
    z: {range: [0, 1]}
  utility: {a: 0, b: 0}
  disagreement: {a: 0, b: 0}
timelines:
  equilibrium: {}
  leave-it:
    pin: {a@pick: leave}
"""
# Line numbers in TOY: 4 title, 16 parameters, 17 gain, 25 decide, 28 take, 33 chance, 41 timelines.
# Hand values for a (b gets nothing): take pays gain = 2 in month 0 (undiscounted);
# in month 1 win (p 0.5) pays 1 * 0.9. Equilibrium: 2 + 0.5 * 0.9 = 2.45;
# leave-it: 1 + 0.45 = 1.45. The settlement (u = d = 0) is no deal, worth 0.

KNOWN_REPORT = "# an earlier report\n\nleave me alone\n"


def test_toy_line_numbers_are_as_documented():
    expected = {
        "title:": 4,
        "  gain:": 17,
        "decide: a": 25,
        "take:": 28,
        "chance:": 33,
        "timelines:": 41,
    }
    assert {k: line_of(TOY, k) for k in expected} == expected
    assert TOY.splitlines()[16 - 1] == "parameters:"


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """A temporary working folder with the toy scenario and an earlier report of it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "toy.yaml").write_text(TOY, encoding="utf-8")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "toy.md").write_text(KNOWN_REPORT, encoding="utf-8")
    return tmp_path


# -- compare: good input -----------------------------------------------------------------


def test_compare_json_to_stdout_has_the_documented_shape(runner):
    result = runner.invoke(
        cli, ["compare", str(KURSK), "--format", "json", "-o", "-", "--samples", "200"]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["scenario"]["id"] == "kursk-2025"
    assert {"montecarlo", "sensitivity", "breakeven", "evpi"} <= set(data)
    best = data["montecarlo"]["probability_best"]["ukraine"]
    assert sum(best.values()) == pytest.approx(1.0, abs=1e-8)
    assert len(data["sensitivity"]["tornado"]) >= 5
    assert any(entry["roots"] for entry in data["breakeven"])
    ids = [t["id"] for t in data["timelines"]]
    assert set(ids) >= REQUIRED_TIMELINES
    assert data["baseline"] == ids[0]
    for timeline in data["timelines"]:
        assert {"id", "expected_utility", "final_state", "path"} <= set(timeline)
        assert set(timeline["expected_utility"]) == {"ukraine", "russia", "us"}
        regimes = timeline["final_state"]["regime"]
        assert set(regimes) == {"war", "ceasefire"}
        assert sum(regimes.values()) == pytest.approx(1.0, abs=1e-8)
        assert isinstance(timeline["final_state"]["kursk_km2"], float)
        assert timeline["path"], timeline["id"]
        for item in timeline["path"]:
            assert {"stage", "actor", "choice", "probability"} <= set(item)
            assert 0 < item["probability"] <= 1 + 1e-9
    retreat = data["timelines"][ids.index("retreat-march")]
    assert retreat["final_state"]["kursk_km2"] == 0.0
    assert {"stage": "retreat", "actor": "ukraine", "choice": "retreat"}.items() <= next(
        item for item in retreat["path"] if item["stage"] == "retreat"
    ).items()


def test_compare_writes_the_default_report(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["compare", str(KURSK), "--samples", "300"])
    assert result.exit_code == 0, result.output
    report = tmp_path / "reports" / "kursk-2025.md"
    assert report.is_file()
    text = report.read_text(encoding="utf-8")
    assert "## Facts used" in text
    assert "## Assumptions" in text
    assert text.startswith("# Kursk as a bargaining chip")
    assert f"report written to {Path('reports') / 'kursk-2025.md'}" in result.stdout
    # the summary table names every timeline
    for timeline in REQUIRED_TIMELINES:
        assert timeline in result.stdout
    assert "## How sure? Monte Carlo over the assumptions" in text
    assert "## Break-even thresholds" in text
    # the charts sit beside the report, and nothing else is left behind (no temporary files)
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == [
        "kursk-2025.charts",
        "kursk-2025.md",
    ]
    charts = sorted(p.name for p in (tmp_path / "reports" / "kursk-2025.charts").iterdir())
    assert "utility.svg" in charts
    assert all(name.endswith(".svg") for name in charts)
    assert "(kursk-2025.charts/utility.svg)" in text


def test_report_gets_the_permissions_of_an_ordinary_file(runner, workdir):
    # A report is for reading by others (a class, a brief): it should be created
    # like any file, with the process's umask, not owner-only.
    result = runner.invoke(cli, ["compare", "toy.yaml", "-o", "new.md"])
    assert result.exit_code == 0, result.output
    ordinary = workdir / "ordinary.txt"
    ordinary.write_text("x")
    assert oct((workdir / "new.md").stat().st_mode & 0o777) == oct(ordinary.stat().st_mode & 0o777)


def test_timeline_selection_keeps_the_order_given(runner):
    args = [
        "compare",
        str(KURSK),
        "-t",
        "accept-ceasefire-feb",
        "-t",
        "retreat-march",
        "--format",
        "json",
        "-o",
        "-",
        "--samples",
        "0",
    ]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [t["id"] for t in data["timelines"]] == ["accept-ceasefire-feb", "retreat-march"]
    assert data["baseline"] == "accept-ceasefire-feb"
    assert all(v == 0.0 for v in data["timelines"][0]["difference"].values())


def test_toy_values_by_hand(runner, workdir):
    result = runner.invoke(cli, ["compare", "toy.yaml", "--format", "json", "-o", "-"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    utilities = {t["id"]: t["expected_utility"]["a"] for t in data["timelines"]}
    assert utilities == pytest.approx({"equilibrium": 2.45, "leave-it": 1.45}, abs=1e-9)


def test_set_changes_a_number(runner, workdir):
    # gain = 5: take pays 5, so a gets 5 + 0.45 = 5.45 (leave-it is unchanged at 1.45)
    result = runner.invoke(
        cli, ["compare", "toy.yaml", "--set", "gain=5", "--format", "json", "-o", "-"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    utilities = {t["id"]: t["expected_utility"]["a"] for t in data["timelines"]}
    assert utilities == pytest.approx({"equilibrium": 5.45, "leave-it": 1.45}, abs=1e-9)
    assert data["overrides"] == {"gain": 5.0}


def test_set_is_recorded_in_the_markdown_report(runner, workdir):
    result = runner.invoke(cli, ["compare", "toy.yaml", "--set", "p_win=0.25", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert "`p_win=0.25`" in result.stdout


# -- compare: bad input ------------------------------------------------------------------

BAD_FILES = {
    # name: (text to replace in TOY, replacement, expected stderr line)
    "yaml-syntax": (
        "title: A toy game",
        "title: A toy: game",
        r"toy\.yaml:4: YAML syntax error: .*mapping values are not allowed",
    ),
    "unknown-reference": (
        "decide: a\n",
        "decide: nato\n",
        r"toy\.yaml:25: at stages\[0\]\.decide: unknown party 'nato'",
    ),
    "unknown-name": (
        "{a: gain}",
        "{a: gian}",
        r"toy\.yaml:28: at stages\[0\]\.options\.take\.payoff\.a: "
        r"unknown name 'gian'; did you mean 'gain'\?",
    ),
    "out-of-range": (
        "value: 2, range: [0, 10]",
        "value: 20, range: [0, 10]",
        r"toy\.yaml:17: at parameters\.gain: value 20 lies outside its range \[0, 10\]",
    ),
    "probabilities-not-one": (
        "lose: {p: 1 - p_win}",
        "lose: {p: 0.6 - p_win}",
        r"toy\.yaml:33: at stages\[1\]\.chance: probabilities sum to 0\.6, not 1",
    ),
    "unsafe-import": (
        "{a: gain}",
        "{a: \"__import__('os').system('touch CANARY')\"}",
        r"toy\.yaml:28: at stages\[0\]\.options\.take\.payoff\.a: .*not allowed",
    ),
    "unsafe-dunder-name": (
        "{a: gain}",
        "{a: \"__import__('os')\"}",
        r"toy\.yaml:28: at stages\[0\]\.options\.take\.payoff\.a: .*'__import__' is not allowed",
    ),
    "unsafe-attribute": (
        "{a: gain}",
        "{a: gain.real}",
        r"toy\.yaml:28: at stages\[0\]\.options\.take\.payoff\.a: attribute access .*not allowed",
    ),
    "unsafe-lambda": (
        "{a: gain}",
        '{a: "lambda: 1"}',
        r"toy\.yaml:28: at stages\[0\]\.options\.take\.payoff\.a: a lambda is not allowed",
    ),
    "unsafe-called-lambda": (
        "{a: gain}",
        '{a: "(lambda: 1)()"}',
        r"toy\.yaml:28: at stages\[0\]\.options\.take\.payoff\.a: .*lambda is not allowed",
    ),
    "unsafe-power-tower": (
        "{a: gain}",
        "{a: 9**9**9}",
        r"toy\.yaml:28: at stages\[0\]\.options\.take\.payoff\.a: exponent \d+ is too large",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_scenario_file_exits_2_with_one_located_line(runner, workdir, case):
    old, new, pattern = BAD_FILES[case]
    assert old in TOY
    (workdir / "toy.yaml").write_text(TOY.replace(old, new, 1), encoding="utf-8")
    before = snapshot(workdir)
    result = runner.invoke(cli, ["compare", "toy.yaml"])
    assert_one_error_line(result, pattern)
    assert snapshot(workdir) == before  # the old report is untouched, no temp files, no CANARY
    assert (workdir / "reports" / "toy.md").read_text(encoding="utf-8") == KNOWN_REPORT
    assert not (workdir / "CANARY").exists()


BAD_ARGUMENTS = {
    "missing-file": (["compare", "missing.yaml"], r"missing\.yaml: no such file"),
    "unknown-timeline": (
        ["compare", "toy.yaml", "-t", "nope"],
        r"toy\.yaml:41: at timelines: unknown timeline 'nope'",
    ),
    "unknown-set-name": (
        ["compare", "toy.yaml", "--set", "gian=1"],
        r"toy\.yaml:16: at parameters: --set gian: no parameter of that name",
    ),
    "set-out-of-range": (
        ["compare", "toy.yaml", "--set", "gain=11"],
        r"toy\.yaml:17: at parameters\.gain\.range: --set gain=11 lies outside its range \[0, 10\]",
    ),
    "set-without-equals": (
        ["compare", "toy.yaml", "--set", "gain"],
        r"--set 'gain': write NAME=VALUE",
    ),
    "set-without-name": (["compare", "toy.yaml", "--set", "=3"], r"--set '=3': write NAME=VALUE"),
    "set-not-a-number": (
        ["compare", "toy.yaml", "--set", "gain=abc"],
        r"--set 'gain=abc': 'abc' is not a number",
    ),
    "set-not-finite": (
        ["compare", "toy.yaml", "--set", "gain=nan"],
        r"toy\.yaml:\d+: at parameters\.gain: .*not a finite number",
    ),
}


@pytest.mark.parametrize("case", list(BAD_ARGUMENTS))
@pytest.mark.parametrize(
    "output",
    [[], ["-o", "reports/toy.md"], ["--format", "json"]],
    ids=["default", "explicit", "json"],
)
def test_bad_arguments_exit_2_with_one_line_and_write_nothing(runner, workdir, case, output):
    args, pattern = BAD_ARGUMENTS[case]
    before = snapshot(workdir)
    result = runner.invoke(cli, [*args, *output])
    assert_one_error_line(result, pattern)
    assert snapshot(workdir) == before


def test_probability_above_one_after_set_exits_2(runner, workdir):
    # win 2 p_win and lose 1 - 2 p_win sum to 1 symbolically (a valid file), but
    # --set p_win=0.8 gives 1.6 and -0.6.
    text = TOY.replace("win: {p: p_win", "win: {p: 2 * p_win").replace(
        "lose: {p: 1 - p_win}", "lose: {p: 1 - 2 * p_win}"
    )
    (workdir / "toy.yaml").write_text(text, encoding="utf-8")
    before = snapshot(workdir)
    result = runner.invoke(cli, ["compare", "toy.yaml", "--set", "p_win=0.8"])
    assert_one_error_line(
        result, r"toy\.yaml:33: at stages\[1\]\.chance: a probability lies outside \[0, 1\]"
    )
    assert snapshot(workdir) == before


def test_output_path_that_is_a_folder_exits_2_and_leaves_no_temp_file(runner, workdir):
    # Pointing -o at a folder is bad input (exit 2, one line), not a bug (exit 1, traceback).
    (workdir / "out").mkdir()
    before = snapshot(workdir)
    result = runner.invoke(cli, ["compare", "toy.yaml", "-o", "out"])
    assert snapshot(workdir) == before
    assert_one_error_line(result, r".*out.*")


# -- validate and schema -------------------------------------------------------------------


def test_validate_good_files(runner, workdir):
    files = [
        "toy.yaml",
        str(KURSK),
        str(REPO / "models" / "ukraine.yaml"),
        str(REPO / "seeds" / "kursk-2025.yaml"),
    ]
    result = runner.invoke(cli, ["validate", *files])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "toy.yaml: ok (scenario)"
    assert lines[1] == f"{KURSK}: ok (scenario)"
    assert lines[2] == f"{REPO / 'models' / 'ukraine.yaml'}: ok (party)"
    assert lines[3].startswith(f"{REPO / 'seeds' / 'kursk-2025.yaml'}: ok")
    assert len(lines) == 4


@pytest.mark.parametrize(
    "case",
    ["yaml-syntax", "unknown-reference", "out-of-range", "probabilities-not-one", "unsafe-import"],
)
def test_validate_bad_file(runner, workdir, case):
    old, new, pattern = BAD_FILES[case]
    (workdir / "bad.yaml").write_text(TOY.replace(old, new, 1), encoding="utf-8")
    result = runner.invoke(cli, ["validate", "bad.yaml"])
    assert_one_error_line(result, pattern.replace("toy", "bad"))
    assert "ok" not in result.stdout


def test_validate_reports_each_file(runner, workdir):
    old, new, _ = BAD_FILES["unknown-reference"]
    (workdir / "bad.yaml").write_text(TOY.replace(old, new, 1), encoding="utf-8")
    result = runner.invoke(cli, ["validate", "bad.yaml", "toy.yaml", "missing.yaml"])
    assert result.exit_code == 2
    assert result.stdout == "toy.yaml: ok (scenario)\n"
    errors = result.stderr.splitlines()
    assert len(errors) == 2
    assert errors[0].startswith(
        "negotiator: error: bad.yaml:25: at stages[0].decide: unknown party"
    )
    assert errors[1] == "negotiator: error: missing.yaml: no such file"
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("kind", "title"), [("scenario", "Scenario"), ("party", "Party"), ("facts", "FactBase")]
)
def test_schema_prints_json(runner, kind, title):
    result = runner.invoke(cli, ["schema", "--kind", kind])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert schema["title"] == title
    assert "properties" in schema


def test_schema_defaults_to_the_scenario_and_matches_the_committed_copy(runner):
    result = runner.invoke(cli, ["schema"])
    assert result.exit_code == 0, result.output
    committed = (REPO / "scenarios" / "scenario.schema.json").read_text(encoding="utf-8")
    assert json.loads(result.stdout) == json.loads(committed)
    assert "stages" in json.loads(result.stdout)["properties"]


# -- one real process ----------------------------------------------------------------------


def test_python_dash_m_negotiator_compare_in_a_real_process():
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "negotiator",
            "compare",
            "scenarios/kursk-2025.yaml",
            "--format",
            "json",
            "-o",
            "-",
            "--samples",
            "0",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout)
    assert data["scenario"]["id"] == "kursk-2025"
    assert {t["id"] for t in data["timelines"]} >= REQUIRED_TIMELINES
