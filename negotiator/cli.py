"""The ``negotiator`` command line: parse, call the library, render, exit.

Exit codes: 0 success, 1 a bug (with a traceback, please report it), 2 bad
input (one located message on stderr, nothing written).

The library is imported inside each command, so ``negotiator --help`` stays
fast and imports none of sympy, scipy or pandas.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Turn a NegotiatorError into one line on stderr and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from negotiator.errors import NegotiatorError

        try:
            return command(*args, **kwargs)
        except NegotiatorError as error:
            click.echo(f"negotiator: error: {error}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="negotiator")
def cli() -> None:
    """Negotiation-scenario decision analysis: compare what-if timelines of a scenario."""


def parse_sets(values: Sequence[str]) -> dict[str, float]:
    """``--set NAME=VALUE`` options as a mapping; a malformed one is an OverrideError."""
    from negotiator.errors import OverrideError

    overrides: dict[str, float] = {}
    for item in values:
        name, equals, text = item.partition("=")
        if not equals or not name.strip():
            raise OverrideError(
                f"--set {item!r}: write NAME=VALUE, e.g. --set p_ceasefire_breakdown=0.1"
            )
        try:
            overrides[name.strip()] = float(text)
        except ValueError:
            raise OverrideError(f"--set {item!r}: {text!r} is not a number") from None
    return overrides


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@reports_errors
def validate(files: tuple[Path, ...]) -> None:
    """Check scenario, party-model and fact FILES; report the first problem in each."""
    from negotiator.errors import NegotiatorError
    from negotiator.scenario.loading import load_any

    failed = False
    for file in files:
        try:
            loaded = load_any(file)
        except NegotiatorError as error:
            click.echo(f"negotiator: error: {error}", err=True)
            failed = True
            continue
        kind = {"Scenario": "scenario", "Party": "party", "FactBase": "facts"}[
            type(loaded).__name__
        ]
        click.echo(f"{file}: ok ({kind})")
    if failed:
        sys.exit(2)


#: The names in negotiator.solvers.METHODS (kept here so --help imports no solver; a test checks)
SOLVE_METHODS = ("enummixed", "enumpure", "lcp", "logit", "lp", "spe")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--method", type=click.Choice(SOLVE_METHODS), required=True, help="Solution concept.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("--seconds", type=float, help="Time budget per file; past it, report what was found.")
@click.option("--pivots", type=int, help="Pivot budget per file (lcp), or step budget (logit).")
@reports_errors
def solve(
    files: tuple[Path, ...], method: str, fmt: str, seconds: float | None, pivots: int | None
) -> None:
    """Solve Gambit game FILES (.nfg or .efg) with one method, in one process."""
    from negotiator.errors import InputError
    from negotiator.games.gambit_io import read_game
    from negotiator.report.solutions import solution_data, solution_table
    from negotiator.solvers import solve as run_solve
    from negotiator.solvers.equilibrium import Budget

    results = []
    for file in files:
        game = read_game(file)
        budget = Budget(seconds=seconds, pivots=pivots) if seconds or pivots else None
        try:
            result = run_solve(game, method=method, budget=budget)
        except ValueError as error:
            raise InputError(str(error), file=str(file)) from None
        results.append((str(file), result))
    if fmt == "json":
        import json

        data = [solution_data(file, result) for file, result in results]
        click.echo(json.dumps(data[0] if len(data) == 1 else data, indent=2))
    else:
        click.echo("\n\n".join(solution_table(file, result) for file, result in results))


@cli.command()
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["efg", "nfg"]), required=True)
@click.option("-o", "--output", metavar="FILE", required=True, help="Where to write the game.")
@click.option("-t", "--timeline", help="Impose this timeline's pinned choices.")
@click.option("--set", "sets", multiple=True, metavar="NAME=VALUE", help="Override a parameter.")
@reports_errors
def export(
    scenario: Path, fmt: str, output: str, timeline: str | None, sets: tuple[str, ...]
) -> None:
    """Write the game compiled from SCENARIO as a Gambit file, to open in Gambit."""
    from negotiator.analysis.export import scenario_game
    from negotiator.errors import InputError
    from negotiator.games.gambit_io import game_text
    from negotiator.report.atomic import write_text_atomic
    from negotiator.scenario.loading import load_scenario, locate_in_file

    sc = load_scenario(scenario)
    try:
        game = scenario_game(sc, timeline=timeline, overrides=parse_sets(sets))
        text = game_text(game, "efg" if fmt == "efg" else "nfg")
    except InputError as error:
        raise locate_in_file(error, scenario) from None
    except ValueError as error:
        raise InputError(str(error), file=str(scenario)) from None
    write_text_atomic(output, text)
    nodes = sum(1 for _ in game.nodes())
    click.echo(f"wrote {output}: {fmt} game of {nodes} nodes, players {', '.join(game.players)}")


@cli.command()
@click.option(
    "--kind",
    type=click.Choice(["scenario", "party", "facts"]),
    default="scenario",
    show_default=True,
)
def schema(kind: str) -> None:
    """Print the JSON Schema of a file format."""
    from negotiator.scenario.schema import json_schema_text

    click.echo(json_schema_text(kind), nl=False)


# the analysis commands (compare, montecarlo, sensitivity, breakeven, evpi) register themselves
from negotiator import cli_analysis  # noqa: E402, F401


def main() -> None:
    """Entry point of the ``negotiator`` console script."""
    cli(prog_name="negotiator")
