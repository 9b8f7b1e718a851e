"""`negotiator solve` and `negotiator export` through click's runner, and once as a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from negotiator.cli import SOLVE_METHODS, cli

ROOT = Path(__file__).resolve().parents[1]
GAMES = ROOT / "tests" / "data" / "games"


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def test_cli_method_list_matches_the_solver_registry() -> None:
    from negotiator.solvers import METHODS

    assert tuple(sorted(METHODS)) == SOLVE_METHODS


def test_solve_json_has_the_stable_keys_and_the_known_answer() -> None:
    # battle of the sexes (Osborne 2004, §2.3, §4.3): (O,O), (F,F), mixed (2/3,1/3),(1/3,2/3)
    result = run(
        "solve", str(GAMES / "battle_null_outcome.nfg"), "--method", "enummixed", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"file", "method", "players", "strategies", "equilibria"} <= set(data)
    profiles = sorted(
        tuple(tuple(round(p, 9) for p in s) for s in e["profile"]) for e in data["equilibria"]
    )
    assert profiles == sorted(
        [
            ((1.0, 0.0), (1.0, 0.0)),
            ((0.0, 1.0), (0.0, 1.0)),
            ((round(2 / 3, 9), round(1 / 3, 9)), (round(1 / 3, 9), round(2 / 3, 9))),
        ]
    )


def test_several_files_give_a_list_in_one_process() -> None:
    result = run(
        "solve", str(GAMES / "pd_payoffs.nfg"), str(GAMES / "pd_outcomes.nfg"),
        "--method", "enumpure", "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [Path(d["file"]).name for d in data] == ["pd_payoffs.nfg", "pd_outcomes.nfg"]
    # prisoner's dilemma: the unique equilibrium is mutual defection, in both file bodies
    assert data[0]["equilibria"] == data[1]["equilibria"]
    assert len(data[0]["equilibria"]) == 1


def test_spe_on_an_efg_carries_behavior() -> None:
    result = run("solve", str(GAMES / "entry.efg"), "--method", "spe", "--format", "json")
    assert result.exit_code == 0, result.output
    (equilibrium,) = json.loads(result.stdout)["equilibria"]
    assert "behavior" in equilibrium
    assert sum(equilibrium["profile"][0]) == pytest.approx(1.0)


def test_table_output_shows_fractions() -> None:
    result = run("solve", str(GAMES / "battle_null_outcome.nfg"), "--method", "enummixed")
    assert result.exit_code == 0, result.output
    assert "2/3" in result.stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["missing.nfg", "--method", "enumpure"], "missing.nfg: no such file"),
        ([str(GAMES / "pd_payoffs.nfg"), "--method", "spe"], "needs an extensive-form game"),
        ([str(GAMES / "pd_payoffs.nfg"), "--method", "lp"], "zero-sum"),
    ],
)
def test_bad_input_exits_2_with_one_line(arguments: list[str], message: str) -> None:
    result = run("solve", *arguments)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_malformed_game_file_is_located(tmp_path: Path) -> None:
    bad = tmp_path / "bad.nfg"
    bad.write_text('NFG 1 R "x" { "a" "b" } { 2 2 }\n1 2 3\n', encoding="utf-8")
    result = run("solve", str(bad), "--method", "enumpure")
    assert result.exit_code == 2
    assert f"{bad}:" in result.stderr


def test_export_writes_a_game_gambit_can_read(tmp_path: Path) -> None:
    target = tmp_path / "kursk.efg"
    result = run(
        "export", str(ROOT / "scenarios" / "kursk-2025.yaml"), "--format", "efg",
        "-o", str(target), "-t", "retreat-march",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("EFG 2 R")
    solved = run("solve", str(target), "--method", "spe", "--format", "json")
    assert solved.exit_code == 0, solved.output


def test_export_unknown_timeline_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "x.efg"
    result = run(
        "export",
        str(ROOT / "scenarios" / "kursk-2025.yaml"),
        "--format",
        "efg",
        "-o",
        str(target),
        "-t",
        "nope",
    )
    assert result.exit_code == 2
    assert "unknown timeline 'nope'" in result.stderr
    assert not target.exists()


def test_solve_as_a_real_subprocess() -> None:
    command = [sys.executable, "-m", "negotiator", "solve", str(GAMES / "poker.efg")]
    completed = subprocess.run(
        [*command, "--method", "lcp", "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    data = json.loads(completed.stdout)
    # poker is zero-sum: Lemke-Howson's equilibrium must pay the value the LP solver finds
    from negotiator.games.gambit_io import read_game
    from negotiator.solvers import solve

    value = solve(read_game(GAMES / "poker.efg"), method="lp").details["value"]
    assert data["equilibria"][0]["payoffs"][0] == pytest.approx(value)
