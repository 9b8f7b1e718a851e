"""Tests of the analysis commands (negotiator/cli_analysis.py), in-process with CliRunner.

``montecarlo``, ``sensitivity``, ``breakeven`` and ``evpi`` run on a toy gamble
whose answers are solved by hand (below); ``compare`` runs them all. Bad input
must end with exit code 2, one located line on stderr, and nothing written.
The same seed must give the same bytes, whatever ``--workers`` or ``--chunk``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from negotiator.cli import cli
from tests.cli_support import assert_one_error_line, line_of, snapshot

TOY = """\
schema_version: 1
kind: scenario
id: toy
title: Sure thing or gamble
question: When is the gamble worth it?
calendar: {start: 2025-01, end: 2025-01}
parties:
  a:
    name: A
    parameters:
      discount: {value: 0.9, source: definition}
  b:
    name: B
    parameters:
      discount: {value: 0.9, source: definition}
parameters:
  p_win: {value: 0.2, range: [0, 1], source: assumption, why: a test value}
  win: {value: 3, range: [2, 4], source: assumption, why: a test value}
  loss: {value: -0.5, range: [-1, 0], source: assumption, why: a test value}
  sure: {value: 1, source: definition}
state:
  gambled: {initial: 0}
initial_regime: war
regimes:
  war: {}
stages:
  - id: pick
    date: 2025-01
    decide: a
    assumption: test
    options:
      safe: {payoff: {a: sure, b: 1}}
      risky: {effects: {gambled: 1}}
  - id: luck
    date: 2025-01
    assumption: test
    when: gambled == 1
    chance:
      good: {p: p_win, payoff: {a: win}}
      bad: {p: 1 - p_win, payoff: {a: loss}}
settlement:
  issues:
    z: {range: [0, 1]}
  utility: {a: 0, b: 0}
  disagreement: {a: 0, b: 0}
timelines:
  safe: {pin: {a@pick: safe}}
  risky: {pin: {a@pick: risky}}
  equilibrium: {}
"""
# Line numbers in TOY: 4 title, 16 parameters, 18 win, 29 decide, 46 timelines.
# Hand values, all in month 0 (no discounting); the settlement (u = d = 0) is no deal, 0.
# a: safe = sure = 1; risky = p win + (1 - p) loss = 0.6 - 0.4 = 0.2 at the stated values;
#    equilibrium = max(safe, risky). b: 1 when a plays safe, else 0.
# The gap risky - safe for a is p win + (1 - p) loss - 1: at p = 0.2, w = 3, l = -0.5 its
# one-way swings are (w - l) * 1 = 3.5 for p_win, (1 - p) * 1 = 0.8 for loss and p * 2 = 0.4
# for win; it vanishes at p* = (1 - l) / (w - l) = 1.5 / 3.5 = 3/7.

KEYS = ("montecarlo", "sensitivity", "breakeven", "evpi")

#: The commands, with the options each needs, kept small.
COMMANDS = {
    "montecarlo": ["montecarlo", "toy.yaml", "--samples", "60"],
    "sensitivity": ["sensitivity", "toy.yaml", "-t", "safe", "-t", "risky"],
    "breakeven": ["breakeven", "toy.yaml", "-t", "safe", "-t", "risky", "--parameter", "p_win"],
    "evpi": ["evpi", "toy.yaml", "-t", "safe", "-t", "risky", "--samples", "60"],
}


def test_toy_line_numbers_are_as_documented():
    expected = {"title:": 4, "parameters:": 10, "  win:": 18, "decide: a": 29, "timelines:": 46}
    assert {k: line_of(TOY, k) for k in expected} == expected
    assert TOY.splitlines()[16 - 1] == "parameters:"


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "toy.yaml").write_text(TOY, encoding="utf-8")
    return tmp_path


def run_json(runner: CliRunner, args: list[str]) -> dict:
    result = runner.invoke(cli, [*args, "--format", "json", "-o", "-"])
    assert result.exit_code == 0, (result.output, result.exception)
    assert result.stderr == ""
    return json.loads(result.stdout)


# -- good input: JSON --------------------------------------------------------------------


def test_montecarlo_json(runner, workdir):
    data = run_json(runner, COMMANDS["montecarlo"])
    mc = data["montecarlo"]
    assert mc["samples"] == 60
    assert mc["seed"] == 0
    # safe pays a exactly 1 in every draw (sure is a definition)
    assert mc["utility"]["a"]["safe"] == {"mean": 1.0, "q05": 1.0, "q50": 1.0, "q95": 1.0}
    for party in ("a", "b"):
        best = mc["probability_best"][party]
        assert set(best) == {"safe", "risky", "equilibrium"}
        assert sum(best.values()) == pytest.approx(1.0, abs=1e-6)
        assert all(0 <= v <= 1 for v in best.values())
    # equilibrium ties for a's best in every draw: exactly half of each draw
    assert mc["probability_best"]["a"]["equilibrium"] == 0.5
    assert data["sensitivity"] is None
    assert data["evpi"] is None


def test_sensitivity_json(runner, workdir):
    data = run_json(runner, COMMANDS["sensitivity"])
    tornado = data["sensitivity"]["tornado"]
    assert [bar["parameter"] for bar in tornado] == ["p_win", "loss", "win"]
    assert [bar["swing"] for bar in tornado] == pytest.approx([3.5, 0.8, 0.4], abs=1e-6)
    assert [bar["flips"] for bar in tornado] == [True, False, False]
    assert data["sensitivity"]["base"] == pytest.approx(-0.8, abs=1e-9)  # 0.2 - 1


def test_sensitivity_two_way_grid_json(runner, workdir):
    args = [*COMMANDS["sensitivity"], "--parameter", "p_win", "--parameter", "win", "--grid", "3"]
    grid = run_json(runner, args)["sensitivity"]["two_way"]
    assert grid["x_values"] == [0.0, 0.5, 1.0]
    assert grid["y_values"] == [2.0, 3.0, 4.0]
    # risky is better where p w + (1 - p)(-0.5) > 1: only at p = 1 (any w), and p = 0.5, w = 4
    # (0.5 * 4 - 0.25 = 1.75; with w = 3: 1.25; with w = 2: 0.75)
    expected = [
        ["safe", "safe", "risky"],
        ["safe", "risky", "risky"],
        ["safe", "risky", "risky"],
    ]
    assert grid["best"] == expected


def test_breakeven_json(runner, workdir):
    [entry] = run_json(runner, COMMANDS["breakeven"])["breakeven"]
    assert entry["parameter"] == "p_win"
    assert entry["method"] == "symbolic"
    assert entry["closed_form"].startswith("p_win = ")
    assert [r["kind"] for r in entry["roots"]] == ["crossing"]
    assert entry["roots"][0]["value"] == pytest.approx(3 / 7, abs=1e-8)


def test_breakeven_for_another_party(runner, workdir):
    # b's gap is -1 whatever p: no threshold
    [entry] = run_json(runner, [*COMMANDS["breakeven"], "--party", "b"])["breakeven"]
    assert entry["party"] == "b"
    assert entry["roots"] == []
    assert entry["message"].startswith("no threshold in range")


def test_evpi_json(runner, workdir):
    data = run_json(runner, COMMANDS["evpi"])
    parties = data["evpi"]["parties"]
    assert data["evpi"]["samples"] == 60
    for values in parties.values():
        assert values["evpi"] >= max(values["evppi"].values()) >= 0
    assert set(parties["a"]["evppi"]) == {"p_win", "win", "loss"}
    # a: risky is better on average (E gap = 1.5 - 0.25 - 1 = 0.25) but not in every draw
    assert parties["a"]["evpi"] > 0
    assert parties["b"]["evpi"] == 0.0  # safe is b's best in every draw
    assert data["montecarlo"]["samples"] == 60


def test_evpi_is_zero_when_a_timeline_is_best_in_every_draw(runner, workdir):
    # with every timeline, `equilibrium` is a's best (or tied) in each draw: nothing to learn
    data = run_json(runner, ["evpi", "toy.yaml", "--samples", "30"])
    assert data["evpi"]["parties"]["a"]["evpi"] == 0.0
    assert set(data["evpi"]["parties"]["a"]["evppi"].values()) == {0.0}


def test_evpi_for_named_parameters(runner, workdir):
    data = run_json(runner, [*COMMANDS["evpi"], "--parameter", "p_win"])
    assert list(data["evpi"]["parties"]["a"]["evppi"]) == ["p_win"]


def test_compare_runs_every_analysis(runner, workdir):
    data = run_json(runner, ["compare", "toy.yaml", "-t", "safe", "-t", "risky", "--samples", "40"])
    assert all(data[key] for key in KEYS)
    assert data["montecarlo"]["samples"] == 40
    assert data["breakeven"][0]["roots"][0]["value"] == pytest.approx(3 / 7, abs=1e-8)


def test_compare_with_samples_0_has_no_uncertainty_keys(runner, workdir):
    data = run_json(runner, ["compare", "toy.yaml", "--samples", "0"])
    assert not set(KEYS) & set(data)
    utilities = {t["id"]: t["expected_utility"]["a"] for t in data["timelines"]}
    assert utilities == pytest.approx({"safe": 1.0, "risky": 0.2, "equilibrium": 1.0}, abs=1e-9)


# -- good input: files -------------------------------------------------------------------

SECTIONS = {
    "montecarlo": "## How sure? Monte Carlo over the assumptions",
    "sensitivity": "## Which assumptions matter most",
    "breakeven": "## Break-even thresholds",
    "evpi": "## Value of information",
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_markdown_report_to_a_file(runner, workdir, command):
    result = runner.invoke(cli, [*COMMANDS[command], "--format", "md", "-o", "out.md"])
    assert result.exit_code == 0, (result.output, result.exception)
    text = (workdir / "out.md").read_text(encoding="utf-8")
    assert text.startswith("# Sure thing or gamble")
    assert SECTIONS[command] in text
    assert "report written to out.md" in result.stdout


def test_default_report_path_names_the_command(runner, workdir):
    result = runner.invoke(cli, COMMANDS["breakeven"])
    assert result.exit_code == 0, (result.output, result.exception)
    assert (workdir / "reports" / "toy-breakeven.md").is_file()


def test_compare_html_report(runner, workdir):
    args = ["compare", "toy.yaml", "--samples", "30", "--format", "html", "-o", "x.html"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, (result.output, result.exception)
    text = (workdir / "x.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "Sure thing or gamble" in text


def test_csv_tables_to_a_folder(runner, workdir):
    result = runner.invoke(cli, [*COMMANDS["evpi"], "--format", "csv", "-o", "tables"])
    assert result.exit_code == 0, (result.output, result.exception)
    names = {p.name for p in (workdir / "tables").iterdir()}
    assert {"evpi.csv", "montecarlo_utility.csv", "utilities.csv"} <= names
    rows = (workdir / "tables" / "evpi.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "party,parameter,value"
    assert {row.split(",")[1] for row in rows[1:]} == {"", "p_win", "win", "loss"}


def test_csv_to_standard_output_exits_2(runner, workdir):
    before = snapshot(workdir)
    result = runner.invoke(cli, [*COMMANDS["sensitivity"], "--format", "csv", "-o", "-"])
    assert_one_error_line(result, r"--format csv writes a folder of tables")
    assert result.stdout == ""
    assert snapshot(workdir) == before


# -- bad input ---------------------------------------------------------------------------

BAD = {
    # name: (command, extra arguments, expected stderr line)
    "montecarlo-unknown-timeline": (
        "montecarlo",
        ["-t", "nope"],
        r"toy\.yaml:46: at timelines: unknown timeline 'nope'",
    ),
    "sensitivity-unknown-timeline": (
        "sensitivity",
        ["-t", "nope"],
        r"toy\.yaml:46: at timelines: unknown timeline 'nope'",
    ),
    "breakeven-unknown-timeline": (
        "breakeven",
        ["-t", "nope"],
        r"toy\.yaml:46: at timelines: unknown timeline 'nope'",
    ),
    "evpi-unknown-timeline": (
        "evpi",
        ["-t", "nope"],
        r"toy\.yaml:46: at timelines: unknown timeline 'nope'",
    ),
    "montecarlo-set-out-of-range": (
        "montecarlo",
        ["--set", "win=9"],
        r"toy\.yaml:18: at parameters\.win\.range: --set win=9 lies outside its range \[2, 4\]",
    ),
    "breakeven-set-out-of-range": (
        "breakeven",
        ["--set", "win=9"],
        r"toy\.yaml:18: at parameters\.win\.range: --set win=9 lies outside its range \[2, 4\]",
    ),
    "sensitivity-unknown-parameter": (
        "sensitivity",
        ["--parameter", "nope", "--parameter", "win"],
        r"toy\.yaml:16: at parameters: --parameter nope: not an assumption",
    ),
    "sensitivity-one-parameter": (
        "sensitivity",
        ["--parameter", "win"],
        r"toy\.yaml:\d+: a two-way grid needs exactly two --parameter names, got 1",
    ),
    "breakeven-unknown-parameter": (
        "breakeven",
        ["--parameter", "nope"],
        r"toy\.yaml:16: at parameters: --parameter nope: no parameter of that name",
    ),
    "breakeven-parameter-without-range": (
        "breakeven",
        ["--parameter", "sure"],
        r"toy\.yaml:20: at parameters\.sure: --parameter sure: it has no range",
    ),
    "evpi-unknown-parameter": (
        "evpi",
        ["--parameter", "nope"],
        r"toy\.yaml:\d+: (at parameters: )?--parameter nope: no parameter of that name",
    ),
    "sensitivity-unknown-party": (
        "sensitivity",
        ["--party", "zed"],
        r"toy\.yaml:\d+: --party zed: no such party; parties are a, b",
    ),
    "breakeven-unknown-party": (
        "breakeven",
        ["--party", "zed"],
        r"toy\.yaml:\d+: --party zed: no such party; parties are a, b",
    ),
    "montecarlo-samples-0": (
        "montecarlo",
        ["--samples", "0"],
        r"--samples must be at least 1 for this analysis",
    ),
    "evpi-samples-0": (
        "evpi",
        ["--samples", "0"],
        r"--samples must be at least 1 for this analysis",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_arguments_exit_2_with_one_line_and_write_nothing(runner, workdir, case):
    command, extra, pattern = BAD[case]
    before = snapshot(workdir)
    result = runner.invoke(cli, [*COMMANDS[command], *extra])  # default: a report file
    assert_one_error_line(result, pattern)
    assert snapshot(workdir) == before


BAD_FILES = {
    "yaml-syntax": (
        "title: Sure thing or gamble",
        "title: Sure: thing",
        r"toy\.yaml:4: YAML syntax error: .*mapping values are not allowed",
    ),
    "unknown-party": (
        "decide: a\n",
        "decide: nato\n",
        r"toy\.yaml:29: at stages\[0\]\.decide: unknown party 'nato'",
    ),
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_malformed_scenario_exits_2_naming_file_and_line(runner, workdir, command, case):
    old, new, pattern = BAD_FILES[case]
    (workdir / "toy.yaml").write_text(TOY.replace(old, new, 1), encoding="utf-8")
    before = snapshot(workdir)
    result = runner.invoke(cli, COMMANDS[command])
    assert_one_error_line(result, pattern)
    assert snapshot(workdir) == before


def test_unreachable_scheduler_exits_2(runner, workdir, monkeypatch):
    # Nothing listens on port 1. The command waits up to 10 s for a scheduler; to keep the
    # test short the same Client is given 1 s (the failure path is the same).
    distributed = pytest.importorskip("distributed")
    real = distributed.Client

    def quick_client(address, timeout=None, **kwargs):
        return real(address, timeout="1s", **kwargs)

    monkeypatch.setattr(distributed, "Client", quick_client)
    before = snapshot(workdir)
    args = [*COMMANDS["montecarlo"], "--scheduler", "tcp://127.0.0.1:1"]
    result = runner.invoke(cli, args)
    assert_one_error_line(
        result, r"toy\.yaml:\d+: --scheduler tcp://127\.0\.0\.1:1: cannot connect"
    )
    assert snapshot(workdir) == before


# -- determinism -------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["montecarlo", "evpi"])
def test_same_seed_same_bytes_whatever_workers_and_chunk(runner, workdir, command):
    args = [*COMMANDS[command], "--seed", "5", "--format", "json", "-o", "-"]
    outputs = {
        "first": runner.invoke(cli, args),
        "again": runner.invoke(cli, args),
        "chunk-7": runner.invoke(cli, [*args, "--chunk", "7"]),
    }
    if command == "montecarlo":
        outputs["workers-2"] = runner.invoke(cli, [*args, "--chunk", "20", "--workers", "2"])
    for name, result in outputs.items():
        assert result.exit_code == 0, (name, result.output, result.exception)
    texts = {name: result.stdout for name, result in outputs.items()}
    assert all(text == texts["first"] for text in texts.values()), [
        name for name, text in texts.items() if text != texts["first"]
    ]
    other = runner.invoke(cli, [*COMMANDS[command], "--seed", "6", "--format", "json", "-o", "-"])
    assert json.loads(other.stdout)["montecarlo"] != json.loads(texts["first"])["montecarlo"]
