"""Tests of the JSON Schemas of the file formats (negotiator/scenario/schema.py).

``scenarios/scenario.schema.json`` is the committed copy that editors use; it
must not drift from what the models generate (STYLE.md, "Data files").
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from negotiator.scenario.schema import json_schema, json_schema_text

ROOT = Path(__file__).resolve().parents[2]

KINDS = [("scenario", "Scenario"), ("party", "Party"), ("facts", "FactBase")]


def test_the_committed_scenario_schema_has_not_drifted():
    committed = (ROOT / "scenarios" / "scenario.schema.json").read_text(encoding="utf-8")
    assert committed == json_schema_text("scenario"), (
        "scenarios/scenario.schema.json is stale: regenerate it with "
        "`negotiator schema --kind scenario > scenarios/scenario.schema.json`"
    )


@pytest.mark.parametrize(("kind", "title"), KINDS)
def test_each_schema_is_json_with_its_title(kind, title):
    text = json_schema_text(kind)
    assert text.endswith("}\n")
    schema = json.loads(text)
    assert schema["title"] == title
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False  # unknown fields are errors
    assert schema == json_schema(kind)


@pytest.mark.parametrize(("kind", "_title"), KINDS)
def test_each_schema_pins_its_header(kind, _title):
    properties = json_schema(kind)["properties"]
    assert properties["schema_version"]["const"] == 1
    assert properties["kind"]["const"] == kind


def test_required_fields():
    assert set(json_schema("scenario")["required"]) == {
        "schema_version", "kind", "id", "title", "question", "calendar", "parties",
        "initial_regime", "regimes", "settlement",
    }  # fmt: skip
    assert {"schema_version", "kind"} <= set(json_schema("facts")["required"])
    assert {"schema_version", "kind", "name", "parameters"} <= set(json_schema("party")["required"])
    assert {"id", "source", "facts"} <= set(json_schema("facts")["required"])


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match=r"unknown kind 'model'; use scenario, party or facts"):
        json_schema("model")


# -- the bundled files against their schemas ---------------------------------------------


def _as_json(value):
    """YAML data as a JSON editor sees it: dates are text (YAML 1.2 has no timestamps)."""
    if isinstance(value, dict):
        return {str(key): _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


BUNDLED = [
    ("scenarios/kursk-2025.yaml", "scenario"),
    *((f"models/{path.name}", "party") for path in sorted((ROOT / "models").glob("*.yaml"))),
    ("seeds/kursk-2025.yaml", "facts"),
]


@pytest.mark.parametrize(("file", "kind"), BUNDLED)
def test_bundled_files_validate_against_their_schema(file, kind):
    # editors check YAML files with these schemas, so the files we ship must pass
    jsonschema = pytest.importorskip("jsonschema")
    data = _as_json(yaml.safe_load((ROOT / file).read_text(encoding="utf-8")))
    validator = jsonschema.Draft202012Validator(json_schema(kind))
    problems = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]
    assert problems == []
