"""Small readers of the report data shared by the charts (no drawing here)."""

from __future__ import annotations

from typing import Any

MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
LINESTYLES = ["-", "--", "-.", ":"]


def parties(data: dict[str, Any]) -> list[str]:
    """The parties, in the order of the first timeline's utilities."""
    timelines = data.get("timelines") or []
    return list(timelines[0]["expected_utility"]) if timelines else []


def focus_party(data: dict[str, Any]) -> str | None:
    """The party the sensitivity analysis is about, else the first party."""
    sensitivity = data.get("sensitivity") or {}
    party = sensitivity.get("party")
    if isinstance(party, str) and party in parties(data):
        return party
    names = parties(data)
    return names[0] if names else None


def unit_label(data: dict[str, Any], state: str) -> str:
    """``"kursk_km2 (km2)"`` when the data gives the state variable's unit (``state_units``)."""
    unit = (data.get("state_units") or {}).get(state)
    return f"{state} ({unit})" if unit else f"{state} (the scenario's unit)"


def utility_label(party: str) -> str:
    """The axis label of a party's utility."""
    return f"{party}: expected utility (its own units)"


def short(text: str, width: int = 28) -> str:
    """``text`` cut to ``width`` characters with an ellipsis."""
    return text if len(text) <= width else text[: width - 1] + "…"
