"""A plain-language summary of a comparison, generated from the report data.

Nothing here is written per scenario: every sentence is assembled from the
report data (:func:`negotiator.report.data.comparison_data`, with the optional
uncertainty keys ``montecarlo``, ``sensitivity``, ``breakeven`` and ``evpi``).
The summary says which timeline each party prefers at the stated values and
by how much over the next best (two significant figures, in the party's own
utility units), how robust that is (the share of Monte Carlo draws in which
the timeline is best, in calibrated words), where the preference flips (the
break-even values), and which assumptions it leans on most (the top of the
tornado).

Calibrated words follow the likelihood scale of the IPCC's Fifth Assessment
Report (Mastrandrea et al. 2010), stated in every summary:

=========================  ===========
virtually certain          99-100%
very likely                90-99%
likely                     66-90%
about as likely as not     33-66%
unlikely                   10-33%
very unlikely              1-10%
exceptionally unlikely     0-1%
=========================  ===========

References
----------
Mastrandrea, M. D. et al. (2010). Guidance Note for Lead Authors of the IPCC
Fifth Assessment Report on Consistent Treatment of Uncertainties. IPCC.

Examples
--------
>>> likelihood(0.78), likelihood(0.995), likelihood(0.5), likelihood(0.005)
('likely', 'virtually certain', 'about as likely as not', 'exceptionally unlikely')
>>> data = {"baseline": "a", "utility_units": {}, "assumptions": [], "samples": 1,
...     "timelines": [{"id": "a", "expected_utility": {"u": 1.0}},
...                   {"id": "b", "expected_utility": {"u": 3.04}}]}
>>> print(summarise(data).headline)
For u, b comes out best of the 2 timelines compared, ahead of a by 2.0 in its own
utility units. This is a point estimate with every assumption at its stated value; how
robust it is was not analysed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from negotiator.report.numbers import percent, significant

SCALE = [
    (0.99, "virtually certain"),
    (0.90, "very likely"),
    (0.66, "likely"),
    (0.33, "about as likely as not"),
    (0.10, "unlikely"),
    (0.01, "very unlikely"),
    (0.0, "exceptionally unlikely"),
]
SCALE_NOTE = (
    "Likelihood words follow the IPCC AR5 scale: virtually certain 99-100%, very likely "
    "90-99%, likely 66-90%, about as likely as not 33-66%, unlikely 10-33%, very unlikely "
    "1-10%, exceptionally unlikely 0-1%."
)
TOP_ASSUMPTIONS = 3


@dataclass(frozen=True)
class Summary:
    """The summary of a comparison.

    Attributes
    ----------
    headline
        Two short sentences: the answer for the main party, and how sure it is.
    findings
        One sentence per party: its preferred timeline, by how much, how robust.
    caveats
        What the answer rests on and how to read it.
    scale
        The likelihood scale the calibrated words follow.
    """

    headline: str
    findings: list[str]
    caveats: list[str]
    scale: str

    def to_text(self) -> str:
        """The summary as plain text paragraphs."""
        parts = [self.headline, *(f"- {line}" for line in self.findings)]
        parts += [f"- {line}" for line in self.caveats]
        return "\n".join([*parts, self.scale]) + "\n"


def likelihood(probability: float) -> str:
    """The calibrated word for ``probability`` (IPCC AR5 scale; see the module docstring)."""
    for floor, word in SCALE:
        if probability >= floor:
            return word
    return SCALE[-1][1]


def _parties(data: dict[str, Any]) -> list[str]:
    timelines = data.get("timelines") or []
    return list(timelines[0]["expected_utility"]) if timelines else []


def _main_party(data: dict[str, Any]) -> str:
    party = (data.get("sensitivity") or {}).get("party")
    return party if party in _parties(data) else _parties(data)[0]


def _ranking(data: dict[str, Any], party: str) -> tuple[list[str], str | None, float | None]:
    """Timelines tied for best, the next best, and the gap to it."""
    values = [
        (t["id"], t["expected_utility"][party])
        for t in data["timelines"]
        if t["expected_utility"].get(party) is not None
    ]
    top = max(v for _, v in values)
    tolerance = 1e-6 * max(1.0, abs(top))
    best = [name for name, v in values if abs(v - top) <= tolerance]
    rest = [(name, v) for name, v in values if name not in best]
    if not rest:
        return best, None, None
    runner, value = max(rest, key=lambda item: item[1])
    return best, runner, top - value


def _probability_best(data: dict[str, Any], party: str, timelines: list[str]) -> float | None:
    table = ((data.get("montecarlo") or {}).get("probability_best") or {}).get(party) or {}
    shares = [table[t] for t in timelines if table.get(t) is not None]
    return sum(shares) if shares else None


def _finding(data: dict[str, Any], party: str) -> str:
    best, runner, gap = _ranking(data, party)
    names = " and ".join(best) if len(best) <= 2 else ", ".join(best[:-1]) + f" and {best[-1]}"
    if len(best) == 1:
        sentence = f"{party} does best under {names}"
    else:
        sentence = f"{party} does equally well under {names}"
    if runner is not None and gap is not None:
        sentence += f", {significant(gap)} ahead of {runner} in its own utility units"
    share = _probability_best(data, party, best)
    if share is not None:
        samples = (data.get("montecarlo") or {}).get("samples")
        sentence += (
            f"; that {'it is' if len(best) == 1 else 'one of them is'} best is "
            f"{likelihood(share)} ({percent(share)} of {samples} draws)"
        )
    if flip := _flip(data, party):
        pairs = {
            tuple(e.get("timelines") or [])
            for e in data.get("breakeven") or []
            if e.get("party") == party
        }
        pair = " and ".join(next(iter(pairs))) if len(pairs) == 1 else ""
        which = f"its ranking of {pair}" if pair else "its preference"
        sentence += f"; {which} flips at {flip}"
    return sentence + "."


def _flip(data: dict[str, Any], party: str) -> str | None:
    """Where the preference of ``party`` flips (from the break-even analysis), as a phrase."""
    found = []
    for entry in data.get("breakeven") or []:
        if entry.get("party") != party:
            continue
        roots = [r for r in entry.get("roots") or [] if r.get("value") is not None]
        if not roots:
            continue
        unit = f" {entry['unit']}" if entry.get("unit") else ""
        where = " or ".join(significant(r["value"]) for r in roots)
        found.append(f"{entry['parameter']} = {where}{unit} (stated value {entry['value']:g})")
    return " or at ".join(found) if found else None


def _leans_on(data: dict[str, Any]) -> list[str]:
    rows = (data.get("sensitivity") or {}).get("tornado") or []
    return [row["parameter"] for row in rows[:TOP_ASSUMPTIONS]]


def _robustness(data: dict[str, Any], party: str, best: list[str]) -> str:
    share = _probability_best(data, party, best)
    flip = _flip(data, party)
    flips = f"; the preference flips at {flip}" if flip else ""
    if share is None:
        return (
            "This is a point estimate with every assumption at its stated value"
            + (flips or "; how robust it is was not analysed")
            + "."
        )
    samples = (data.get("montecarlo") or {}).get("samples")
    return (
        f"That is {likelihood(share)} ({percent(share)} of {samples} draws of the "
        f"assumptions){flips}."
    )


def summarise(data: dict[str, Any]) -> Summary:
    """The plain-language summary of the report data (with or without uncertainty keys)."""
    party = _main_party(data)
    best, runner, gap = _ranking(data, party)
    count = len(data["timelines"])
    if len(best) == 1 and runner is not None and gap is not None:
        answer = (
            f"For {party}, {best[0]} comes out best of the {count} timelines compared, ahead of "
            f"{runner} by {significant(gap)} in its own utility units."
        )
    else:
        answer = f"For {party}, {' and '.join(best)} come out equally best of {count} compared."
    headline = f"{answer} {_robustness(data, party, best)}"
    findings = [_finding(data, p) for p in _parties(data)]
    return Summary(headline, findings, _caveats(data), SCALE_NOTE)


def _information(party: str, entry: dict[str, Any]) -> str:
    """A sentence on the value of perfect information to ``party``."""
    value = entry.get("evpi")
    if value is None or significant(value) in ("0", "-0"):
        return f"Knowing every assumption exactly would not change {party}'s best choice."
    evppi = {k: v for k, v in (entry.get("evppi") or {}).items() if v is not None and v > 0}
    top = max(evppi, key=lambda name: evppi[name]) if evppi else None
    text = f"Perfect information would be worth up to {significant(value)} to {party}"
    return text + (f", most of it about {top}." if top else ".")


def _caveats(data: dict[str, Any]) -> list[str]:
    caveats = [
        "Utilities are discounted expected values in each party's own units: compare "
        "timelines for one party, never one party's number with another's."
    ]
    leans = _leans_on(data)
    if leans:
        caveats.append(
            "The comparison leans most on "
            + ", ".join(leans)
            + " (the assumptions whose ranges move it most)."
        )
    assumed = data.get("assumptions") or []
    parameters = sum(1 for a in assumed if a.get("kind") == "parameter")
    stages = sum(1 for a in assumed if a.get("kind") == "stage")
    if assumed:
        caveats.append(
            f"The scenario rests on {parameters} assumed numbers and {stages} assumed stages, "
            "listed below with their ranges; none of them is a fact from the sources."
        )
    for party, entry in ((data.get("evpi") or {}).get("parties") or {}).items():
        caveats.append(_information(party, entry))
    return caveats
