"""Evaluate scenario expressions on numpy arrays of parameter draws.

Each expression is converted to sympy once and lambdified once per regime it
depends on; evaluation is then a numpy call over the whole batch of draws. A
point estimate is a batch of one.

Examples
--------
>>> import numpy as np
>>> from negotiator.scenario.expressions import parse_expression
>>> f = CompiledExpression(parse_expression("max(x - 1, 0)"), path=("demo",))
>>> f({"x": np.array([0.5, 3.0])}, regime="war", n=2)
array([0., 2.])
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negotiator.errors import PathPart, ScenarioError
from negotiator.scenario.expression_tree import Expression, regime_literals
from negotiator.scenario.symbolic import to_sympy

Array = NDArray[np.float64]


class CompiledExpression:
    """An expression lambdified for numpy, with the field path it came from.

    Parameters
    ----------
    expression
        The checked expression.
    path
        Its field path in the scenario, used in error messages.
    rename
        Local names to global names (a party's own parameters).
    """

    def __init__(
        self,
        expression: Expression,
        *,
        path: tuple[PathPart, ...],
        rename: Mapping[str, str] | None = None,
    ) -> None:
        self.expression = expression
        self.path = path
        self.rename = dict(rename or {})
        self.uses_regime = bool(regime_literals(expression.tree))
        self._functions: dict[str | None, tuple[Any, list[str]]] = {}

    def symbolic(self, regime: str | None = None) -> Any:
        """The sympy form, with ``regime`` comparisons decided for ``regime``."""
        return to_sympy(
            self.expression, regime=regime if self.uses_regime else None, rename=self.rename
        )

    def _function(self, regime: str) -> tuple[Any, list[str]]:
        key = regime if self.uses_regime else None
        if key not in self._functions:
            import sympy

            form = self.symbolic(regime)
            names = sorted(str(s) for s in form.free_symbols)
            symbols = [sympy.Symbol(name, real=True) for name in names]
            self._functions[key] = (sympy.lambdify(symbols, form, modules="numpy"), names)
        return self._functions[key]

    def __call__(self, env: Mapping[str, Any], *, regime: str, n: int) -> NDArray[Any]:
        """Evaluate on a batch of ``n`` draws; ``env`` maps names to arrays of shape ``(n,)``."""
        function, names = self._function(regime)
        with np.errstate(all="ignore"):
            result = np.asarray(function(*(env[name] for name in names)))
        if self.expression.kind == "bool":
            return np.broadcast_to(result.astype(bool), (n,))
        values = np.broadcast_to(np.asarray(result, dtype=np.float64), (n,))
        # one reduction instead of a mask; an overflowing sum of finite values is re-checked
        if not np.isfinite(np.add.reduce(values)) and not np.all(np.isfinite(values)):
            bad = int(np.count_nonzero(~np.isfinite(values)))
            raise ScenarioError(
                f"{self.expression.text!r} is not a finite number for {bad} of {n} draw(s) "
                "(division by zero, log of a non-positive number, or overflow?)",
                path=self.path,
            )
        return values
