"""Scenario to game to results: compilation, backward induction, timeline comparison."""
