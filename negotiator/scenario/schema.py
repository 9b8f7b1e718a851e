"""JSON Schema of the file formats (scenario, party model, fact base).

Editors use it to complete and check YAML files; ``negotiator schema`` prints
it, and ``scenarios/scenario.schema.json`` is the committed copy.

Examples
--------
>>> schema = json_schema("scenario")
>>> schema["title"], "stages" in schema["properties"]
('Scenario', True)
>>> json_schema("party")["properties"]["kind"]["const"]
'party'
"""

from __future__ import annotations

import json
from typing import Any

from negotiator.scenario.facts import FactBase
from negotiator.scenario.models import Party, Scenario


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of ``kind``: ``"scenario"``, ``"party"`` or ``"facts"``."""
    if kind == "scenario":
        return _scenario_file_schema()
    if kind == "facts":
        schema = FactBase.model_json_schema()
        schema["required"] = ["schema_version", "kind", *schema.get("required", [])]
        return schema
    if kind == "party":
        schema = Party.model_json_schema()
        header = {
            "schema_version": {"const": 1, "type": "integer"},
            "kind": {"const": "party", "type": "string"},
            "id": {"type": "string", "description": "The model's name, as scenarios refer to it."},
        }
        schema["properties"] = {**header, **schema["properties"]}
        schema["required"] = ["schema_version", "kind", *schema.get("required", [])]
        return schema
    raise ValueError(f"unknown kind {kind!r}; use scenario, party or facts")


def _scenario_file_schema() -> dict[str, Any]:
    """The Scenario model's schema, adjusted to the file: parties by model reference."""
    schema = Scenario.model_json_schema()
    party = schema["$defs"]["Party"]
    reference = {
        "type": "object",
        "description": "A party model by name (models/<name>.yaml) or path, with any "
        "fields of the model overridden key by key.",
        "properties": {
            "model": {"type": "string", "description": "Model name or path to a .yaml file."},
            **{name: {} for name in party["properties"]},
        },
        "required": ["model"],
        "additionalProperties": False,
    }
    schema["properties"]["parties"]["additionalProperties"] = {
        "anyOf": [{"$ref": "#/$defs/Party"}, reference]
    }
    schema["required"] = ["schema_version", "kind", *schema.get("required", [])]
    return schema


def json_schema_text(kind: str) -> str:
    """The schema as indented JSON text, ending in a newline."""
    return json.dumps(json_schema(kind), indent=2, sort_keys=False) + "\n"
