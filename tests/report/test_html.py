"""The HTML report: self-contained, escaped, deterministic, every section it has data for."""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser
from typing import Any

from negotiator.report.html import comparison_html


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs
        self.ids += [v for k, v in attrs if k == "id" and v]


def _parse(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    return collector


def test_byte_identical_for_identical_data(full_data: dict[str, Any]) -> None:
    assert comparison_html(full_data) == comparison_html(copy.deepcopy(full_data))


def test_self_contained_no_script_no_urls(full_data: dict[str, Any]) -> None:
    page = comparison_html(full_data)
    parsed = _parse(page)
    assert "script" not in parsed.tags
    assert "http" not in page.lower()
    for tag in ("link", "img", "iframe", "object", "embed"):
        assert tag not in parsed.tags
    assert "@import" not in page
    assert "url(" not in page.replace("url(#", "")
    assert not any(k.startswith("on") for k, _ in parsed.attributes)  # no event handlers


def test_summary_first_and_every_section(full_data: dict[str, Any]) -> None:
    page = comparison_html(full_data)
    ids = _parse(page).ids
    sections = [
        "summary",
        "timelines",
        "utility",
        "over-time",
        "final-state",
        "montecarlo",
        "sensitivity",
        "breakeven",
        "evpi",
        "bargaining",
        "paths",
        "facts",
        "assumptions",
    ]
    assert [i for i in ids if i in sections] == sections
    assert page.index('id="summary"') < page.index("<figure")


def test_point_data_has_no_uncertainty_sections(point_data: dict[str, Any]) -> None:
    ids = _parse(comparison_html(point_data)).ids
    for absent in ("montecarlo", "sensitivity", "breakeven", "evpi"):
        assert absent not in ids
    assert "summary" in ids
    assert "bargaining" in ids


def test_every_figure_has_an_inline_svg_and_a_caption(full_data: dict[str, Any]) -> None:
    page = comparison_html(full_data)
    figures = re.findall(r"<figure.*?</figure>", page, re.DOTALL)
    assert len(figures) == 6 + len(full_data["timelines"])
    for figure in figures:
        assert figure.count("<svg") == 1
        assert "<figcaption>" in figure
        assert 'role="img" aria-label="' in figure


def test_text_is_escaped(full_data: dict[str, Any]) -> None:
    data = copy.deepcopy(full_data)
    data["scenario"]["title"] = 'A <b>bold</b> & "quoted" title'
    data["facts"][0]["statement"] = "<script>alert(1)</script>"
    page = comparison_html(data)
    assert "<b>bold</b>" not in page
    assert "A &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; title" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page


def test_tables_facts_apart_from_assumptions(full_data: dict[str, Any]) -> None:
    page = comparison_html(full_data)
    facts = page[page.index('id="facts"') : page.index('id="assumptions"')]
    assumptions = page[page.index('id="assumptions"') : page.index("<footer")]
    assert "<th>statement</th><th>source</th>" in facts
    assert "Forbes" in facts
    assert "kursk_km2_feb" in assumptions
    assert "kursk_km2_feb" not in facts


def test_distribution_column_only_when_the_data_gives_it(full_data: dict[str, Any]) -> None:
    data = copy.deepcopy(full_data)
    for row in data["assumptions"]:
        row.pop("distribution", None)
    assert "<th>range</th><th>why</th>" in comparison_html(data)
    data["assumptions"][0]["distribution"] = {"beta": [4, 6]}
    page = comparison_html(data)
    assert "<th>range</th><th>distribution</th><th>why</th>" in page
    assert "beta [4, 6]" in page


def test_breakeven_closed_form_and_evpi_rendered(full_data: dict[str, Any]) -> None:
    page = comparison_html(full_data)
    assert "p_ceasefire_breakdown = 0.17" in page
    assert "all assumptions (EVPI)" in page


def test_footer_provenance(full_data: dict[str, Any]) -> None:
    data = {**full_data, "overrides": {"p_breakthrough": 0.5}}
    footer = comparison_html(data).split("<footer>")[1]
    assert f"negotiator {data['negotiator_version']}" in footer
    assert data["scenario"]["sha256"] in footer
    assert "retreat-march, accept-ceasefire-feb" in footer
    assert "overrides (--set): p_breakthrough=0.5" in footer
    assert "parameter draws: 2000; seed: 7" in footer


def test_print_rules(full_data: dict[str, Any]) -> None:
    page = comparison_html(full_data)
    assert "@media print" in page
    assert "break-inside: avoid" in page
