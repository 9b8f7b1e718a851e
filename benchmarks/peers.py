"""Time negotiator's solvers side by side with pygambit and nashpy on the same seeded games.

Run from the repository root (not part of CI; the peers are not dependencies):

    pip install nashpy pygambit      # pygambit builds from source: minutes
    python benchmarks/peers.py       # the full table
    python benchmarks/peers.py --quick

Rows: ``enummixed`` (all extreme equilibria); ``lcp1`` (one Lemke-Howson path:
ours from label 1, Gambit's ``lcp_solve(stop_after=1)``, nashpy from label 0);
``lcp`` (ours from every label; Gambit's default, which follows every
equilibrium reachable from the ones found; nashpy from every label); ``lp``
(zero-sum games); ``spe`` (perfect-information trees with chance, ours alone:
Gambit has no subgame-perfect solver and nashpy no trees).

Each peer call runs in a child process with a time limit, so a peer that
stalls (nashpy's Lemke-Howson on larger games) is reported as "> limit"
instead of hanging the run. Times are the best of ``--repeat`` runs of the
solve alone (game construction excluded), in seconds, on one core.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import time
from collections.abc import Callable
from typing import Any

import numpy as np

LIMIT = 60.0


def random_bimatrix(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.random((n, n)), rng.random((n, n))


def random_zero_sum(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).random((n, n))


def best_time(call: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def _child(queue: Any, job: Callable[[], float]) -> None:
    try:
        queue.put(("ok", job()))
    except Exception as error:  # report, do not crash the table
        queue.put(("error", f"{type(error).__name__}: {error}"))


def limited(job: Callable[[], float], limit: float) -> str | float:
    """Run ``job`` (returning seconds) in a child process; give up after ``limit`` seconds."""
    context = mp.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_child, args=(queue, job))
    process.start()
    process.join(limit)
    if process.is_alive():
        process.kill()
        process.join()
        return f"> {limit:.0f}"
    if queue.empty():
        return "crashed"
    status, value = queue.get()
    return value if status == "ok" else str(value)[:40]


# -- negotiator ------------------------------------------------------------------------------
def ours(method: str, game: Any, repeat: int) -> float:
    from negotiator.solvers import lcp, solve

    if method == "lcp1":  # one Lemke-Howson path, from the first label
        return best_time(lambda: lcp.solve(game, labels=[1]), repeat)
    return best_time(lambda: solve(game, method=method), repeat)


# -- peers -------------------------------------------------------------------------------------
def gambit_available() -> bool:
    try:
        import pygambit  # noqa: F401
    except ImportError:
        return False
    return True


def nashpy_available() -> bool:
    try:
        import nashpy  # noqa: F401
    except ImportError:
        return False
    return True


def gambit_nfg(
    A: np.ndarray, B: np.ndarray | None, method: str, repeat: int
) -> Callable[[], float]:
    def job() -> float:
        import pygambit as gbt

        game = gbt.Game.from_arrays(A, -A if B is None else B)
        solver = {
            "enummixed": lambda: gbt.nash.enummixed_solve(game, rational=False),
            # one Lemke-Howson path (Gambit's default instead follows every equilibrium reached)
            "lcp1": lambda: gbt.nash.lcp_solve(game, rational=False, stop_after=1),
            "lcp": lambda: gbt.nash.lcp_solve(game, rational=False),
            "lp": lambda: gbt.nash.lp_solve(game, rational=False),
        }[method]
        return best_time(solver, repeat)

    return job


def nashpy_job(
    A: np.ndarray, B: np.ndarray | None, method: str, repeat: int
) -> Callable[[], float]:
    def job() -> float:
        import nashpy

        game = nashpy.Game(A, -A if B is None else B)
        if method == "enummixed":
            return best_time(lambda: list(game.support_enumeration()), repeat)
        if method == "lcp":
            labels = range(sum(A.shape))
            return best_time(
                lambda: [game.lemke_howson(initial_dropped_label=k) for k in labels], repeat
            )
        if method == "lcp1":
            return best_time(lambda: game.lemke_howson(initial_dropped_label=0), repeat)
        return best_time(lambda: game.linear_program(), repeat)

    return job


def row(task: str, size: str, mine: float, gambit: str | float, nashpy: str | float) -> str:
    def show(value: str | float) -> str:
        return f"{value:9.4f}" if isinstance(value, float) else f"{value:>9}"

    def ratio(value: str | float) -> str:
        return f"{value / mine:8.1f}x" if isinstance(value, float) and mine > 0 else f"{'':>9}"

    cells = f"{show(mine)} {show(gambit)} {ratio(gambit)} {show(nashpy)} {ratio(nashpy)}"
    return f"{task:<10}{size:>10} {cells}"


def normal_form_rows(method: str, sizes: list[int], repeat: int, limit: float) -> list[str]:
    from negotiator.games import NormalFormGame

    lines = []
    for n in sizes:
        if method == "lp":
            A = random_zero_sum(n, seed=n)
            B = None
            game = NormalFormGame.from_bimatrix(A, -A)
        else:
            A, B = random_bimatrix(n, seed=n)
            game = NormalFormGame.from_bimatrix(A, B)
        mine = ours(method, game, repeat)
        gambit = limited(gambit_nfg(A, B, method, repeat), limit) if gambit_available() else "n/a"
        peer = limited(nashpy_job(A, B, method, repeat), limit) if nashpy_available() else "n/a"
        lines.append(row(method, f"{n}x{n}", mine, gambit, peer))
    return lines


def random_tree(nodes: int, seed: int) -> Any:
    """A perfect-information tree with chance moves (about ``nodes`` nodes), built iteratively."""
    from negotiator.games.extensive_form import ExtensiveFormGame, chance, decision, terminal

    rng = np.random.default_rng(seed)
    leaves = [terminal(rng.integers(0, 100, 2).tolist()) for _ in range(nodes // 2 + 1)]
    frontier = leaves
    while len(frontier) > 1:
        nxt = []
        for k in range(0, len(frontier) - 1, 2):
            pair = {"a": frontier[k], "b": frontier[k + 1]}
            if rng.random() < 0.2:
                nxt.append(chance({"a": (0.5, pair["a"]), "b": (0.5, pair["b"])}))
            else:
                nxt.append(decision(int(rng.integers(0, 2)), pair))
        if len(frontier) % 2:
            nxt.append(frontier[-1])
        frontier = nxt
    return ExtensiveFormGame.build(["1", "2"], frontier[0])


def spe_rows(sizes: list[int], repeat: int) -> list[str]:
    lines = []
    for nodes in sizes:
        game = random_tree(nodes, seed=nodes)
        mine = ours("spe", game, repeat)
        # Gambit has no subgame-perfect solver and nashpy no trees: negotiator alone.
        lines.append(row("spe", f"{nodes:.0e}", mine, "none", "none"))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=float, default=LIMIT, help="seconds allowed per peer call")
    args = parser.parse_args()
    quick = args.quick
    print(
        f"pygambit: {'yes' if gambit_available() else 'not installed'}; "
        f"nashpy: {'yes' if nashpy_available() else 'not installed'}"
    )
    header = ("negotiator", "pygambit", "ratio", "nashpy", "ratio")
    print(f"{'task':<10}{'size':>10} " + " ".join(f"{h:>9}" for h in header))
    sections = [
        normal_form_rows(
            "enummixed", [4, 6, 8] if quick else [4, 5, 6, 7, 8, 9, 10], args.repeat, args.limit
        ),
        normal_form_rows(
            "lcp1", [10, 50] if quick else [10, 50, 100, 200], args.repeat, args.limit
        ),
        normal_form_rows("lcp", [10, 50] if quick else [10, 50, 100, 200], args.repeat, args.limit),
        normal_form_rows(
            "lp", [50, 100] if quick else [50, 100, 200, 400], args.repeat, args.limit
        ),
        spe_rows([1_000, 10_000] if quick else [1_000, 10_000, 100_000], args.repeat),
    ]
    for lines in sections:
        for line in lines:
            print(line, flush=True)
    print("ratio = peer time / negotiator time (higher: negotiator faster)")


if __name__ == "__main__":
    main()
