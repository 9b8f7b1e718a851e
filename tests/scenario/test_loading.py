"""Tests of the file loader (negotiator/scenario/loading.py) and the checks it runs.

Every bad input must give a ``ScenarioError`` that points at the right file,
line and field path, so that a student can find the mistake. The scenarios
here are small files written by hand; ``line_of`` finds the expected line by
searching the text written, independently of the loader.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from negotiator.errors import ScenarioError
from negotiator.scenario import Party, Scenario
from negotiator.scenario.facts import FactBase
from negotiator.scenario.loading import load_any, load_facts, load_party, load_scenario

ROOT = Path(__file__).resolve().parents[2]

#: A minimal valid scenario, section by section (replace one to break it).
SECTIONS = {
    "header": """\
schema_version: 1
kind: scenario
id: mini
title: A minimal scenario
question: Does it load?
""",
    "calendar": """\
calendar: {start: 2025-02, end: 2025-06}
""",
    "parties": """\
parties:
  a:
    name: A
    parameters:
      discount: {value: 0.9, source: definition}
  b:
    name: B
    parameters:
      discount: {value: 0.9, range: [0.8, 0.95], source: assumption, why: a guess}
""",
    "parameters": """\
parameters:
  p: {value: 0.5, range: [0, 1], source: assumption, why: a guess}
""",
    "state": """\
state:
  chip: {initial: 1}
""",
    "regimes": """\
initial_regime: war
regimes:
  war: {}
  peace: {}
""",
    "stages": """\
stages:
  - id: offer
    date: 2025-03
    decide: a
    assumption: made up
    options:
      accept: {effects: {regime: peace}}
      reject: {}
  - id: luck
    date: 2025-04
    assumption: made up
    chance:
      good: {p: p}
      bad: {p: 1 - p}
""",
    "settlement": """\
settlement:
  issues:
    share: {range: [0, 1]}
  utility: {a: share, b: 1 - share}
  disagreement: {a: 0, b: 0}
""",
    "timelines": """\
timelines:
  accept: {pin: {a@offer: accept}}
""",
}

#: A party model file for the tests of `model:` references.
MODEL = """\
schema_version: 1
kind: party
id: m
name: M
parameters:
  discount: {value: 0.9, range: [0.8, 0.95], source: assumption, why: a guess}
  war_cost: {value: 1, unit: u/month, range: [0.5, 3], source: assumption, why: a guess}
flow:
  war: -war_cost
"""

PARTIES_WITH_MODEL = """\
parties:
  a:
    model: m
  b:
    name: B
    parameters:
      discount: {value: 0.9, source: definition}
"""


def scenario_text(**replace: str) -> str:
    """The minimal scenario with some sections replaced."""
    unknown = set(replace) - set(SECTIONS)
    assert not unknown, f"no such section: {unknown}"
    return "".join(replace.get(name, text) for name, text in SECTIONS.items())


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_scenario(folder: Path, name: str = "scenario.yaml", **replace: str) -> Path:
    """Write the minimal scenario, with some sections replaced, into ``folder``."""
    return write(folder / name, scenario_text(**replace))


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the only line of ``text`` that contains ``needle``."""
    found = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(found) == 1, f"{needle!r} is on lines {found}"
    return found[0]


def load_error(path: Path, match: str) -> ScenarioError:
    """The ScenarioError that loading ``path`` raises; its message must match ``match``."""
    with pytest.raises(ScenarioError, match=match) as info:
        load_scenario(path)
    return info.value


def assert_located(error: ScenarioError, path: Path, line: int, field: tuple) -> None:
    assert error.file == str(path)
    assert error.line == line
    assert error.path == field


# -- a valid file ---------------------------------------------------------------------


def test_the_minimal_scenario_loads(tmp_path):
    scenario = load_scenario(write_scenario(tmp_path))
    assert isinstance(scenario, Scenario)
    assert scenario.id == "mini"
    assert sorted(scenario.parties) == ["a", "b"]
    assert [stage.id for stage in scenario.stages] == ["offer", "luck"]
    assert scenario.stage("luck").chance["bad"].p.names == frozenset({"p"})
    assert scenario.timelines["accept"].pin == {"a@offer": "accept"}
    assert scenario.calendar.months == 5  # February to June inclusive
    assert isinstance(load_any(tmp_path / "scenario.yaml"), Scenario)


def test_a_day_date_is_accepted_and_normalised(tmp_path):
    stages = SECTIONS["stages"].replace("date: 2025-03\n", "date: 2025-03-11\n")
    scenario = load_scenario(write_scenario(tmp_path, stages=stages))
    assert scenario.stages[0].date == "2025-03-11"


# -- YAML itself ----------------------------------------------------------------------


def test_yaml_syntax_error(tmp_path):
    path = write(tmp_path / "s.yaml", "schema_version: 1\nkind: scenario\nid: mini\ntitle: a: b\n")
    error = load_error(path, match=r"YAML syntax error")
    assert_located(error, path, 4, ())


def test_duplicate_key_at_the_top(tmp_path):
    path = write(tmp_path / "s.yaml", "schema_version: 1\nkind: scenario\nid: mini\nid: other\n")
    error = load_error(path, match=r"duplicate key 'id'")
    assert_located(error, path, 4, ())


def test_duplicate_key_inside_a_section(tmp_path):
    parameters = """\
parameters:
  p: {value: 0.5, range: [0, 1], source: assumption, why: a guess}
  p: {value: 0.4, range: [0, 1], source: assumption, why: another guess}
"""
    path = write_scenario(tmp_path, parameters=parameters)
    error = load_error(path, match=r"duplicate key 'p'")
    text = path.read_text()
    assert_located(error, path, line_of(text, "value: 0.4"), ("parameters",))


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.yaml"
    error = load_error(path, match=r"no such file")
    assert_located(error, path, None, ())


def test_an_impossible_calendar_date_is_a_located_error(tmp_path):
    # YAML reads 2025-02-30 as a timestamp and fails to build a date from it
    stages = SECTIONS["stages"].replace("date: 2025-03\n", "date: 2025-02-30\n")
    path = write_scenario(tmp_path, stages=stages)
    error = load_error(path, match=r"2025-02-30|day is out of range|not a calendar date")
    assert_located(error, path, line_of(path.read_text(), "2025-02-30"), ("stages", 0, "date"))


# -- file header ------------------------------------------------------------------------


def test_wrong_kind(tmp_path):
    header = SECTIONS["header"].replace("kind: scenario", "kind: party")
    path = write_scenario(tmp_path, header=header)
    with pytest.raises(ScenarioError, match=r"kind is 'party', expected 'scenario'") as info:
        load_scenario(path)
    assert_located(info.value, path, 2, ("kind",))


def test_a_scenario_is_not_a_party_model(tmp_path):
    path = write_scenario(tmp_path)
    with pytest.raises(ScenarioError, match=r"kind is 'scenario', expected 'party'") as info:
        load_party(path)
    assert_located(info.value, path, 2, ("kind",))


def test_missing_schema_version(tmp_path):
    header = SECTIONS["header"].replace("schema_version: 1\n", "")
    path = write_scenario(tmp_path, header=header)
    with pytest.raises(ScenarioError, match=r"missing 'schema_version:'") as info:
        load_scenario(path)
    assert_located(info.value, path, 1, ("schema_version",))


# -- unknown fields and names -----------------------------------------------------------


def test_unknown_field_in_a_stage(tmp_path):
    stages = SECTIONS["stages"].replace(
        "    assumption: made up\n    options:", "    asumption: made up\n    options:"
    )
    path = write_scenario(tmp_path, stages=stages)
    error = load_error(path, match=r"unknown field")
    assert_located(error, path, line_of(path.read_text(), "asumption"), ("stages", 0, "asumption"))


def test_unknown_field_at_the_top(tmp_path):
    timelines = SECTIONS["timelines"].replace("timelines:", "timeline:")
    path = write_scenario(tmp_path, timelines=timelines)
    error = load_error(path, match=r"unknown field")
    assert_located(error, path, line_of(path.read_text(), "timeline:"), ("timeline",))


def test_unknown_party_in_decide(tmp_path):
    stages = SECTIONS["stages"].replace("decide: a", "decide: c")
    path = write_scenario(tmp_path, stages=stages)
    error = load_error(path, match=r"unknown party 'c'")
    assert_located(error, path, line_of(path.read_text(), "decide: c"), ("stages", 0, "decide"))


@pytest.mark.parametrize(
    ("pin", "message"),
    [
        ("a@ofer: accept", r"unknown stage 'ofer'"),
        ("a@offer: maybe", r"'maybe'"),
        ("b@offer: accept", r"decided by 'a', not 'b'"),
        ("chance@luck: lucky", r"'lucky'"),
        ("offer: accept", r"party@stage"),
    ],
)
def test_bad_timeline_pin(tmp_path, pin, message):
    timelines = f"timelines:\n  accept:\n    pin:\n      {pin}\n"
    path = write_scenario(tmp_path, timelines=timelines)
    error = load_error(path, match=message)
    key = pin.split(": ")[0]
    assert_located(error, path, line_of(path.read_text(), pin), ("timelines", "accept", "pin", key))


def test_a_chance_outcome_may_be_pinned(tmp_path):
    timelines = "timelines:\n  lucky: {pin: {chance@luck: good, a@offer: reject}}\n"
    scenario = load_scenario(write_scenario(tmp_path, timelines=timelines))
    assert scenario.timelines["lucky"].pin == {"chance@luck": "good", "a@offer": "reject"}


def test_unknown_parameter_in_an_expression(tmp_path):
    settlement = SECTIONS["settlement"].replace("utility: {a: share,", "utility: {a: share * q,")
    path = write_scenario(tmp_path, settlement=settlement)
    error = load_error(path, match=r"unknown name 'q'")
    assert_located(
        error, path, line_of(path.read_text(), "share * q"), ("settlement", "utility", "a")
    )


def test_a_misspelt_name_gets_a_suggestion(tmp_path):
    stages = SECTIONS["stages"].replace("    decide: a\n", "    when: chipp > 0\n    decide: a\n")
    path = write_scenario(tmp_path, stages=stages)
    error = load_error(path, match=r"unknown name 'chipp'; did you mean 'chip'\?")
    assert_located(error, path, line_of(path.read_text(), "chipp"), ("stages", 0, "when"))


def test_a_condition_must_be_a_bool(tmp_path):
    stages = SECTIONS["stages"].replace("    decide: a\n", "    when: chip + 1\n    decide: a\n")
    path = write_scenario(tmp_path, stages=stages)
    error = load_error(path, match=r"expected a bool")
    assert_located(error, path, line_of(path.read_text(), "chip + 1"), ("stages", 0, "when"))


def test_unknown_regime_in_a_condition(tmp_path):
    stages = SECTIONS["stages"].replace(
        "    decide: a\n", "    when: regime == 'paece'\n    decide: a\n"
    )
    path = write_scenario(tmp_path, stages=stages)
    error = load_error(path, match=r"unknown regime 'paece'")
    assert_located(error, path, line_of(path.read_text(), "paece"), ("stages", 0, "when"))


def test_unknown_initial_regime(tmp_path):
    regimes = SECTIONS["regimes"].replace("initial_regime: war", "initial_regime: wr")
    path = write_scenario(tmp_path, regimes=regimes)
    error = load_error(path, match=r"unknown regime 'wr'")
    assert_located(error, path, line_of(path.read_text(), "initial_regime"), ("initial_regime",))


def test_unknown_regime_in_an_effect(tmp_path):
    stages = SECTIONS["stages"].replace("{regime: peace}", "{regime: truce}")
    path = write_scenario(tmp_path, stages=stages)
    error = load_error(path, match=r"regime must be one of 'peace', 'war', not 'truce'")
    field = ("stages", 0, "options", "accept", "effects", "regime")
    assert_located(error, path, line_of(path.read_text(), "truce"), field)


def test_regime_read_as_a_number_is_an_error(tmp_path):
    settlement = SECTIONS["settlement"].replace("disagreement: {a: 0,", "disagreement: {a: regime,")
    path = write_scenario(tmp_path, settlement=settlement)
    error = load_error(path, match=r"regime")
    field = ("settlement", "disagreement", "a")
    assert_located(error, path, line_of(path.read_text(), "a: regime"), field)


def test_unsafe_expression_in_a_file(tmp_path):
    settlement = SECTIONS["settlement"].replace(
        "utility: {a: share,", "utility: {a: \"__import__('os').system('touch pwned')\","
    )
    path = write_scenario(tmp_path, settlement=settlement)
    error = load_error(path, match=r"not allowed")
    assert_located(
        error, path, line_of(path.read_text(), "__import__"), ("settlement", "utility", "a")
    )
    assert not (tmp_path / "pwned").exists()
    assert not Path("pwned").exists()


def test_a_missing_utility_is_named(tmp_path):
    settlement = SECTIONS["settlement"].replace(
        "utility: {a: share, b: 1 - share}", "utility: {a: share}"
    )
    path = write_scenario(tmp_path, settlement=settlement)
    error = load_error(path, match=r"missing for 'b'")
    assert_located(error, path, line_of(path.read_text(), "utility:"), ("settlement", "utility"))


# -- parameters ---------------------------------------------------------------------------


def test_parameter_value_outside_its_range(tmp_path):
    parameters = "parameters:\n  p: {value: 1.5, range: [0, 1], source: assumption, why: a guess}\n"
    path = write_scenario(tmp_path, parameters=parameters)
    error = load_error(path, match=r"value 1\.5 lies outside its range \[0, 1\]")
    assert_located(error, path, line_of(path.read_text(), "value: 1.5"), ("parameters", "p"))


@pytest.mark.parametrize(
    "entry",
    [
        "q: {value: 2, source: assumption, why: a guess}",
        "q: {value: 2, range: [1, 3], source: assumption}",
        "q: {value: 2, range: [1, 3], source: assumption, why: '  '}",
    ],
    ids=["no-range", "no-why", "blank-why"],
)
def test_an_assumption_needs_a_range_and_a_reason(tmp_path, entry):
    parameters = SECTIONS["parameters"] + f"  {entry}\n"
    path = write_scenario(tmp_path, parameters=parameters)
    error = load_error(
        path, match=r"an assumption needs a plausible range and a one-line reason \(why\)"
    )
    assert_located(error, path, line_of(path.read_text(), "q: {"), ("parameters", "q"))


def test_a_definition_needs_no_range(tmp_path):
    parameters = SECTIONS["parameters"] + "  unit_cost: {value: 1, source: definition}\n"
    scenario = load_scenario(write_scenario(tmp_path, parameters=parameters))
    assert scenario.parameters["unit_cost"].range is None
    assert scenario.all_parameters()["a_discount"].value == 0.9


# -- chance --------------------------------------------------------------------------------


def chance_stages(*probabilities: str) -> str:
    outcomes = "".join(f'      o{n}: {{p: "{p}"}}\n' for n, p in enumerate(probabilities))
    return SECTIONS["stages"].split("  - id: luck")[0] + (
        "  - id: luck\n    date: 2025-04\n    assumption: made up\n    chance:\n" + outcomes
    )


def _joined(probabilities: tuple[str, ...]) -> str:
    return " & ".join(probabilities)


@pytest.mark.parametrize(
    ("probabilities", "message"),
    [
        (("0.5", "0.4"), r"probabilities sum to 0.9, not 1"),
        (("0.5", "0.6"), r"probabilities sum to 1.1, not 1"),
        (("p", "0.5"), r"must sum to 1 for every parameter draw; they sum to p \+ 1/2"),
        (("p", "p"), r"must sum to 1 for every parameter draw"),
        (("p", "1 + p"), r"must sum to 1 for every parameter draw"),
        # p + (1 - p) = 1 at war, but 0.5 + (1 - p) is not 1 in peace
        (("p if regime == 'war' else 0.5", "1 - p"), r"must sum to 1 for every parameter draw"),
    ],
    ids=lambda value: _joined(value) if isinstance(value, tuple) else "",
)
def test_chance_probabilities_must_sum_to_one(tmp_path, probabilities, message):
    path = write_scenario(tmp_path, stages=chance_stages(*probabilities))
    with pytest.raises(ScenarioError, match=message) as info:
        load_scenario(path)
    assert_located(info.value, path, line_of(path.read_text(), "chance:"), ("stages", 1, "chance"))


@pytest.mark.parametrize(
    "probabilities",
    [
        ("1",),
        ("p", "1 - p"),
        ("1 - p", "p / 2", "p / 2"),
        ("0.1", "0.2", "0.7"),  # 1.0000000000000002 in floats, exactly 1 in decimals
        ("1/3", "1/3", "1/3"),
        ("0.3", "1 - 0.3"),  # constant arithmetic, not just literals
        ("0.25 + 0.25", "0.5"),
        ("p if regime == 'war' else 0.5", "1 - p if regime == 'war' else 0.5"),
    ],
    ids=_joined,
)
def test_probabilities_that_sum_to_one_are_accepted(tmp_path, probabilities):
    scenario = load_scenario(write_scenario(tmp_path, stages=chance_stages(*probabilities)))
    assert len(scenario.stage("luck").chance) == len(probabilities)


# -- stages and the calendar --------------------------------------------------------------


def test_stages_out_of_date_order(tmp_path):
    stages = SECTIONS["stages"].replace("date: 2025-03\n", "date: 2025-05\n")
    path = write_scenario(tmp_path, stages=stages)
    error = load_error(path, match=r"stages run in file order")
    assert_located(error, path, line_of(path.read_text(), "2025-04"), ("stages", 1, "date"))


def test_days_order_stages_within_a_month(tmp_path):
    stages = (
        SECTIONS["stages"]
        .replace("date: 2025-03\n", "date: 2025-04-20\n")
        .replace("date: 2025-04\n", "date: 2025-04-11\n")
    )
    path = write_scenario(tmp_path, stages=stages)
    error = load_error(path, match=r"stages run in file order; 2025-04-11 comes before")
    assert_located(error, path, line_of(path.read_text(), "2025-04-11"), ("stages", 1, "date"))


@pytest.mark.parametrize(
    ("index", "old", "new"),
    [(1, "date: 2025-04\n", "date: 2025-07\n"), (0, "date: 2025-03\n", "date: 2025-01-31\n")],
    ids=["after-the-end", "before-the-start"],
)
def test_a_stage_date_outside_the_calendar(tmp_path, index, old, new):
    path = write_scenario(tmp_path, stages=SECTIONS["stages"].replace(old, new))
    error = load_error(path, match=r"lies outside the calendar 2025-02 to 2025-06")
    assert_located(error, path, line_of(path.read_text(), new.strip()), ("stages", index, "date"))


def test_a_calendar_that_ends_before_it_starts(tmp_path):
    path = write_scenario(tmp_path, calendar="calendar: {start: 2025-06, end: 2025-02}\n")
    error = load_error(path, match=r"ends \(2025-02\) before it starts \(2025-06\)")
    assert_located(error, path, line_of(path.read_text(), "calendar:"), ("calendar",))


# -- party models ---------------------------------------------------------------------------


def project(tmp_path: Path, *, model: str = MODEL, parties: str = PARTIES_WITH_MODEL) -> Path:
    """A project folder: scenarios/s.yaml and models/m.yaml; returns the scenario path."""
    write(tmp_path / "project" / "models" / "m.yaml", model)
    return write_scenario(tmp_path / "project" / "scenarios", "s.yaml", parties=parties)


def test_a_party_model_that_does_not_exist(tmp_path):
    parties = PARTIES_WITH_MODEL.replace("model: m", "model: nosuch")
    path = project(tmp_path, parties=parties)
    error = load_error(path, match=r"no party model 'nosuch'")
    assert_located(
        error, path, line_of(path.read_text(), "model: nosuch"), ("parties", "a", "model")
    )


def test_a_party_model_path_that_does_not_exist(tmp_path):
    parties = PARTIES_WITH_MODEL.replace("model: m", "model: ../models/nosuch.yaml")
    path = project(tmp_path, parties=parties)
    error = load_error(path, match=r"does not exist")
    assert_located(error, path, line_of(path.read_text(), "nosuch"), ("parties", "a", "model"))


def test_an_error_in_a_model_file_points_into_the_model_file(tmp_path):
    model = MODEL.replace(
        "source: assumption, why: a guess}\nflow", "source: assumption, wy: a guess}\nflow"
    )
    assert model != MODEL
    path = project(tmp_path, model=model)
    model_path = tmp_path / "project" / "models" / "m.yaml"
    with pytest.raises(ScenarioError, match=r"unknown field") as info:
        load_scenario(path)
    error = info.value
    assert Path(error.file).resolve() == model_path.resolve()
    assert error.line == 7  # the war_cost line of MODEL
    assert error.path == ("parameters", "war_cost", "wy")


def test_a_value_outside_its_range_in_a_model_file(tmp_path):
    model = MODEL.replace("war_cost: {value: 1,", "war_cost: {value: 5,")
    path = project(tmp_path, model=model)
    with pytest.raises(ScenarioError, match=r"value 5 lies outside its range \[0.5, 3\]") as info:
        load_scenario(path)
    error = info.value
    assert Path(error.file).resolve() == (tmp_path / "project" / "models" / "m.yaml").resolve()
    assert error.line == 7
    assert error.path == ("parameters", "war_cost")


def test_a_model_file_of_the_wrong_kind(tmp_path):
    path = project(tmp_path, model=MODEL.replace("kind: party", "kind: facts"))
    with pytest.raises(ScenarioError, match=r"kind is 'facts', expected 'party'") as info:
        load_scenario(path)
    assert Path(info.value.file).resolve() == (tmp_path / "project" / "models" / "m.yaml").resolve()
    assert info.value.line == 2


def test_a_scenario_overrides_one_model_parameter_and_finds_the_model_beside_it(
    tmp_path, monkeypatch
):
    parties = PARTIES_WITH_MODEL.replace(
        "    model: m\n", "    model: m\n    parameters:\n      war_cost: {value: 2}\n"
    )
    project(tmp_path, parties=parties)
    # a decoy model of the same name where the process runs must not be used
    elsewhere = tmp_path / "elsewhere"
    write(elsewhere / "models" / "m.yaml", MODEL.replace("name: M", "name: Decoy"))
    monkeypatch.chdir(elsewhere)

    scenario = load_scenario(Path("..") / "project" / "scenarios" / "s.yaml")

    party = scenario.parties["a"]
    assert party.name == "M"
    war_cost = party.parameters["war_cost"]
    assert war_cost.value == 2  # from the scenario
    assert (war_cost.unit, war_cost.range, war_cost.source) == ("u/month", (0.5, 3), "assumption")
    assert party.parameters["discount"].value == 0.9  # untouched
    assert party.flow["war"].text == "-war_cost"
    assert scenario.all_parameters()["a_war_cost"].value == 2


def test_a_model_given_as_a_path_relative_to_the_scenario(tmp_path, monkeypatch):
    parties = PARTIES_WITH_MODEL.replace("model: m", "model: ../models/m.yaml")
    path = project(tmp_path, parties=parties)
    monkeypatch.chdir(tmp_path)
    assert load_scenario(path).parties["a"].name == "M"


def test_an_override_outside_the_model_range_points_into_the_scenario(tmp_path):
    parties = PARTIES_WITH_MODEL.replace(
        "    model: m\n", "    model: m\n    parameters:\n      war_cost: {value: 9}\n"
    )
    path = project(tmp_path, parties=parties)
    error = load_error(path, match=r"value 9 lies outside its range \[0\.5, 3\]")
    field = ("parties", "a", "parameters", "war_cost")
    assert_located(error, path, line_of(path.read_text(), "value: 9"), field)


# -- the bundled files --------------------------------------------------------------------


def test_the_kursk_scenario_loads():
    scenario = load_scenario(ROOT / "scenarios" / "kursk-2025.yaml")
    assert scenario.id == "kursk-2025"
    assert sorted(scenario.parties) == ["russia", "ukraine", "us"]
    assert scenario.parties["us"].at_table is False
    # the scenario's flow overrides the model's; the discount comes from the model
    assert scenario.parties["ukraine"].flow["war"].text.startswith("-(war_cost + (1 - us_support)")
    assert scenario.parties["ukraine"].parameters["discount"].value == 0.98
    assert scenario.fact_base is not None
    assert "equilibrium" in scenario.timelines
    assert scenario.timelines["equilibrium"].pin == {}


@pytest.mark.parametrize("path", sorted((ROOT / "models").glob("*.yaml")), ids=lambda p: p.name)
def test_every_party_model_loads(path):
    party = load_party(path)
    assert isinstance(party, Party)
    discount = party.parameters["discount"]
    assert 0 < discount.value <= 1
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert raw["id"] == path.stem  # scenarios refer to a model by its file name
    assert isinstance(load_any(path), Party)


def test_there_are_party_models():
    assert {p.stem for p in (ROOT / "models").glob("*.yaml")} >= {"russia", "ukraine", "us"}


def test_the_seed_facts_load_and_each_is_complete():
    facts = load_facts(ROOT / "seeds" / "kursk-2025.yaml")
    assert isinstance(facts, FactBase)
    assert facts.facts
    for fact in facts.facts:
        assert fact.id
        assert fact.date
        assert fact.precision in ("day", "week", "month", "year", "before")
        assert fact.actors
        assert all(actor.strip() for actor in fact.actors)
        assert fact.statement.strip()
        assert fact.attributed_to.strip()
    assert len(facts.ids()) == len(facts.facts)
    assert isinstance(load_any(ROOT / "seeds" / "kursk-2025.yaml"), FactBase)


def test_the_kursk_scenario_cites_only_facts_of_its_seed():
    scenario = load_scenario(ROOT / "scenarios" / "kursk-2025.yaml")
    seed = load_facts(ROOT / "seeds" / "kursk-2025.yaml")
    assert scenario.fact_base == seed
    cited = {fact for stage in scenario.stages for fact in stage.facts}
    assert cited
    assert cited <= seed.ids()
