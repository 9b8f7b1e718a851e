"""The analysis commands: ``compare``, ``montecarlo``, ``sensitivity``, ``breakeven``, ``evpi``.

All five take the same scenario options (``-t``, ``--set``, ``--format``,
``-o``), solve the point comparison, run their analysis, and write the same
kind of report (:mod:`negotiator.report.output`) with the sections they
computed. ``compare`` runs every analysis (``--samples 0`` for the point
estimate alone). Bad input exits with code 2 and one located message.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from negotiator.cli import cli, parse_sets, reports_errors

if TYPE_CHECKING:
    from negotiator.scenario.models import Scenario
    from negotiator.uncertainty.bundle import Analyses
    from negotiator.uncertainty.montecarlo import MonteCarloResult

FORMATS = ("md", "json", "html", "csv")
Make = Callable[["Scenario", list[str], dict[str, float]], "Analyses | None"]


def _scenario_options(command: Callable[..., Any]) -> Callable[..., Any]:
    decorators = [
        click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path)),
        click.option(
            "-t",
            "--timeline",
            "timelines",
            multiple=True,
            help="Timeline to compare (repeat; first is the baseline). Default: all.",
        ),
        click.option(
            "--set",
            "sets",
            multiple=True,
            metavar="NAME=VALUE",
            help="Hold a parameter at a value (repeat).",
        ),
        click.option(
            "--format",
            "fmt",
            type=click.Choice(FORMATS),
            default="md",
            show_default=True,
            help="Report format (csv: a folder of tables).",
        ),
        click.option(
            "-o",
            "--output",
            metavar="PATH|-",
            help="Where to write the report; '-' for standard output. "
            "Default: reports/<scenario-id>[-<command>].<format>.",
        ),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


@dataclass(frozen=True)
class DrawOptions:
    """The Monte Carlo options of a command: ``--samples``, ``--seed``, ``--workers``, ..."""

    samples: int
    seed: int
    workers: int
    scheduler: str | None
    chunk: int

    def montecarlo_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of :func:`negotiator.uncertainty.montecarlo.montecarlo`."""
        return {
            "samples": self.samples,
            "seed": self.seed,
            "workers": self.workers,
            "scheduler": _client(self.scheduler),
            "chunk": self.chunk,
        }


def _run_options(default_samples: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Add the Monte Carlo options; the command receives them as one ``draws: DrawOptions``."""

    def apply(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def packed(
            *args: Any,
            samples: int,
            seed: int,
            workers: int,
            scheduler: str | None,
            chunk: int,
            **kwargs: Any,
        ) -> Any:
            draws = DrawOptions(samples, seed, workers, scheduler, chunk)
            return command(*args, draws=draws, **kwargs)

        decorators = [
            click.option(
                "--samples",
                type=click.IntRange(min=0),
                default=default_samples,
                show_default=True,
                help="Monte Carlo draws of the assumptions.",
            ),
            click.option(
                "--seed", type=int, default=0, show_default=True, help="Seed of the draws."
            ),
            click.option(
                "--workers",
                type=click.IntRange(min=1),
                default=1,
                show_default=True,
                help="Worker processes for the draws.",
            ),
            click.option(
                "--scheduler",
                metavar="ADDRESS",
                help="Run the draws on this Dask scheduler (needs the 'dask' extra).",
            ),
            click.option(
                "--chunk",
                type=click.IntRange(min=1),
                default=5000,
                show_default=True,
                help="Draws solved together (bounds memory; results do not depend on it).",
            ),
        ]
        wrapped: Callable[..., Any] = packed
        for decorator in reversed(decorators):
            wrapped = decorator(wrapped)
        return wrapped

    return apply


def _run(
    scenario: Path,
    timelines: tuple[str, ...],
    sets: tuple[str, ...],
    fmt: str,
    output: str | None,
    analysis: str,
    make: Make,
) -> None:
    from negotiator.analysis.compare import compare as run_compare
    from negotiator.errors import InputError
    from negotiator.report.output import default_target, render_report
    from negotiator.scenario.loading import load_scenario, locate_in_file

    if fmt == "csv" and output == "-":
        raise InputError("--format csv writes a folder of tables; give it with -o FOLDER")
    overrides = parse_sets(sets)
    sc = load_scenario(scenario)
    try:
        result = run_compare(sc, list(timelines) or None, overrides=overrides)
        analyses = make(sc, [t.id for t in result.timelines], overrides)
    except InputError as error:
        raise locate_in_file(error, scenario) from None
    target = output or default_target(sc.id, fmt, analysis)
    text, _ = render_report(result, analyses, fmt, target)
    if text is not None:
        click.echo(text, nl=False)
        return
    from negotiator.report.terminal import terminal_summary

    click.echo(terminal_summary(result, analyses))
    click.echo(f"\nreport written to {target}")


def _client(address: str | None) -> Any:
    if address is None:
        return None
    from negotiator.errors import InputError

    try:
        from distributed import Client
    except ImportError:
        raise InputError("--scheduler needs Dask: pip install 'negotiator[dask]'") from None
    try:
        return Client(address, timeout="10s")  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as error:
        raise InputError(f"--scheduler {address}: cannot connect ({error})") from None


@cli.command()
@_scenario_options
@_run_options(2000)
@reports_errors
def compare(
    scenario: Path,
    timelines: tuple[str, ...],
    sets: tuple[str, ...],
    fmt: str,
    output: str | None,
    draws: DrawOptions,
) -> None:
    """Compare the timelines of SCENARIO, with Monte Carlo, tornado, thresholds and EVPI."""

    def make(sc: Scenario, chosen: list[str], overrides: dict[str, float]) -> Analyses | None:
        if draws.samples == 0:
            return None
        from negotiator.uncertainty.bundle import analyse

        return analyse(sc, chosen, overrides=overrides, **draws.montecarlo_kwargs())

    _run(scenario, timelines, sets, fmt, output, "", make)


@cli.command()
@_scenario_options
@_run_options(10_000)
@reports_errors
def montecarlo(
    scenario: Path,
    timelines: tuple[str, ...],
    sets: tuple[str, ...],
    fmt: str,
    output: str | None,
    draws: DrawOptions,
) -> None:
    """Draw the assumptions of SCENARIO and solve every timeline in every draw."""
    _at_least_one(draws.samples)

    def make(sc: Scenario, chosen: list[str], overrides: dict[str, float]) -> Analyses:
        from negotiator.uncertainty.bundle import Analyses

        return Analyses(_draws(sc, chosen, overrides, draws), None, [], None)

    _run(scenario, timelines, sets, fmt, output, "montecarlo", make)


@cli.command()
@_scenario_options
@click.option(
    "--parameter",
    "parameters",
    multiple=True,
    help="Two assumptions to sweep together on a grid (give it twice).",
)
@click.option("--party", help="Whose utility (default: the scenario's first party).")
@click.option("--points", type=click.IntRange(min=2), default=5, show_default=True)
@click.option("--grid", type=click.IntRange(min=2), default=11, show_default=True)
@reports_errors
def sensitivity(
    scenario: Path,
    timelines: tuple[str, ...],
    sets: tuple[str, ...],
    fmt: str,
    output: str | None,
    parameters: tuple[str, ...],
    party: str | None,
    points: int,
    grid: int,
) -> None:
    """Sweep each assumption of SCENARIO over its range: the tornado, and a two-way grid."""

    def make(sc: Scenario, chosen: list[str], overrides: dict[str, float]) -> Analyses:
        from negotiator.uncertainty.bundle import Analyses
        from negotiator.uncertainty.sensitivity import sensitivity as run

        result = run(
            sc,
            chosen,
            party=party,
            parameters=parameters,
            overrides=overrides,
            points=points,
            grid=grid,
        )
        return Analyses(None, result, [], None)

    _run(scenario, timelines, sets, fmt, output, "sensitivity", make)


@cli.command()
@_scenario_options
@click.option(
    "--parameter",
    "parameters",
    multiple=True,
    required=True,
    help="The parameter whose threshold to find (repeat for several).",
)
@click.option("--party", help="Whose utility (default: the scenario's first party).")
@click.option("--grid", type=click.IntRange(min=3), default=101, show_default=True)
@reports_errors
def breakeven(
    scenario: Path,
    timelines: tuple[str, ...],
    sets: tuple[str, ...],
    fmt: str,
    output: str | None,
    parameters: tuple[str, ...],
    party: str | None,
    grid: int,
) -> None:
    """Find where a party becomes indifferent between two timelines (-t A -t B)."""

    def make(sc: Scenario, chosen: list[str], overrides: dict[str, float]) -> Analyses:
        from negotiator.uncertainty.breakeven import breakeven as run
        from negotiator.uncertainty.bundle import Analyses

        pair = chosen[:2] if not timelines else chosen
        results = [
            run(sc, name, pair, party=party, overrides=overrides, grid=grid) for name in parameters
        ]
        return Analyses(None, None, results, None)

    _run(scenario, timelines, sets, fmt, output, "breakeven", make)


@cli.command()
@_scenario_options
@_run_options(10_000)
@click.option(
    "--parameter", "parameters", multiple=True, help="Parameters to value (default: all varying)."
)
@reports_errors
def evpi(
    scenario: Path,
    timelines: tuple[str, ...],
    sets: tuple[str, ...],
    fmt: str,
    output: str | None,
    draws: DrawOptions,
    parameters: tuple[str, ...],
) -> None:
    """Expected value of perfect (and partial) information for each party of SCENARIO."""
    _at_least_one(draws.samples)

    def make(sc: Scenario, chosen: list[str], overrides: dict[str, float]) -> Analyses:
        from negotiator.uncertainty.bundle import Analyses
        from negotiator.uncertainty.evpi import value_of_information

        unknown = [p for p in parameters if p not in sc.all_parameters()]
        if unknown:
            from negotiator.errors import OverrideError

            raise OverrideError(
                f"--parameter {unknown[0]}: no parameter of that name", path=("parameters",)
            )
        mc = _draws(sc, chosen, overrides, draws)
        return Analyses(mc, None, [], value_of_information(mc, parameters=parameters or None))

    _run(scenario, timelines, sets, fmt, output, "evpi", make)


def _draws(
    sc: Scenario, chosen: list[str], overrides: dict[str, float], draws: DrawOptions
) -> MonteCarloResult:
    """The Monte Carlo of the montecarlo and evpi commands."""
    from negotiator.uncertainty.montecarlo import montecarlo as run

    return run(sc, chosen, overrides=overrides, **draws.montecarlo_kwargs())


def _at_least_one(samples: int) -> None:
    """Refuse ``--samples 0`` where the analysis needs draws (before any work)."""
    if samples < 1:
        from negotiator.errors import InputError

        raise InputError("--samples must be at least 1 for this analysis")
