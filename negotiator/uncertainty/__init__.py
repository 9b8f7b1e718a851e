"""Decision analysis under uncertainty: how much the comparison depends on each assumption.

- :mod:`~negotiator.uncertainty.montecarlo`: draw the assumptions, solve every
  timeline in every draw, summarise (``ng.montecarlo``);
- :mod:`~negotiator.uncertainty.sensitivity`: one-way sweeps (the tornado) and
  two-way grids (``ng.sensitivity``);
- :mod:`~negotiator.uncertainty.breakeven`: the parameter values where a party's
  preference flips, in closed form where possible (``ng.breakeven``);
- :mod:`~negotiator.uncertainty.evpi`: expected value of perfect and partial
  information (``ng.evpi``).

Draws are solved in chunks (:mod:`~negotiator.uncertainty.runner`), serially,
in worker processes or on a Dask cluster, with identical results.
"""
