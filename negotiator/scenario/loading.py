"""Load scenario, party-model and fact files into validated models.

Files are read only here. Every error names the file, the line where known
and the field path. A party entry ``{model: ukraine}`` is resolved relative to
the scenario file: a bare name is looked up as ``models/<name>.yaml`` in the
scenario's folder and then in each folder above it (nearest first); a value
ending in ``.yaml`` is a path relative to the scenario file. Fields written in
the scenario override the model's, key by key (``parameters.war_cost.value``
alone may be overridden).

Examples
--------
>>> sc = load_scenario("scenarios/kursk-2025.yaml")
>>> sc.id, sorted(sc.parties)
('kursk-2025', ['russia', 'ukraine', 'us'])
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from negotiator.errors import InputError, PathPart, ScenarioError
from negotiator.scenario.facts import FactBase
from negotiator.scenario.models import Party, Scenario
from negotiator.scenario.yaml_lines import YamlDocument, read_yaml_file

KINDS = ("scenario", "party", "facts")

ModelT = TypeVar("ModelT", bound=BaseModel)


def load_scenario(path: str | Path) -> Scenario:
    """Load and validate a scenario file, with its party models and facts.

    Parameters
    ----------
    path
        The scenario's YAML file.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        With file, line and field path, if any file is missing or invalid.
    """
    document = read_yaml_file(path)
    _expect_kind(document, "scenario")
    return _ScenarioLoader(document).load()


def load_party(path: str | Path) -> Party:
    """Load and validate a party model file (``kind: party``)."""
    document = read_yaml_file(path)
    _expect_kind(document, "party")
    return _validate(Party, _strip_header(document.data), [(document, ())])


def load_facts(path: str | Path) -> FactBase:
    """Load and validate a fact file (``kind: facts``)."""
    document = read_yaml_file(path)
    _expect_kind(document, "facts")
    return _validate(FactBase, document.data, [(document, ())])


def load_any(path: str | Path) -> Scenario | Party | FactBase:
    """Load a file of any kind, dispatching on its ``kind:`` field."""
    document = read_yaml_file(path)
    kind = _expect_kind(document, None)
    if kind == "scenario":
        return _ScenarioLoader(document).load()
    if kind == "party":
        return _validate(Party, _strip_header(document.data), [(document, ())])
    return _validate(FactBase, document.data, [(document, ())])


def locate_in_file(error: InputError, path: str | Path) -> InputError:
    """Fill in the file and, where the field path is spelled out in it, the line of ``error``."""
    if error.file is not None:
        return error
    try:
        document = read_yaml_file(path)
    except ScenarioError:
        return error.located(file=str(path))
    return error.located(file=document.file, line=document.line_of(error.path))


def _expect_kind(document: YamlDocument, expected: str | None) -> str:
    data = document.data
    if not isinstance(data, dict):
        raise ScenarioError(
            "expected a mapping of fields at the top level", file=document.file, line=1
        )
    for field in ("schema_version", "kind"):
        if field not in data:
            raise ScenarioError(
                f"missing '{field}:' (every file starts with schema_version: 1 and kind: ...)",
                file=document.file,
                line=1,
                path=(field,),
            )
    if data["schema_version"] != 1:
        raise ScenarioError(
            f"schema_version {data['schema_version']!r} is not supported (this version reads 1)",
            file=document.file,
            line=document.line_of(("schema_version",)),
            path=("schema_version",),
        )
    kind = data["kind"]
    if kind not in KINDS or (expected is not None and kind != expected):
        wanted = f"'{expected}'" if expected else " or ".join(repr(k) for k in KINDS)
        raise ScenarioError(
            f"kind is {kind!r}, expected {wanted}",
            file=document.file,
            line=document.line_of(("kind",)),
            path=("kind",),
        )
    return str(kind)


def _strip_header(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in ("schema_version", "kind", "id")}


class _ScenarioLoader:
    """Resolve a scenario's model and fact references, then validate it."""

    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.folder = Path(document.file).resolve().parent
        # (document, path prefix in the scenario) pairs, most specific first
        self.sources: list[tuple[YamlDocument, tuple[PathPart, ...]]] = []

    def load(self) -> Scenario:
        data = copy.deepcopy(self.document.data)
        parties = data.get("parties")
        if isinstance(parties, dict):
            for party_id, entry in parties.items():
                if isinstance(entry, dict) and "model" in entry:
                    parties[party_id] = self._merge_model(party_id, entry)
        if data.get("facts") is not None:
            if "fact_base" in data:
                raise self._error(
                    "give either 'facts' (a path) or 'fact_base', not both", ("facts",)
                )
            data["fact_base"] = self._facts(data["facts"])
        self.sources.append((self.document, ()))
        return _validate(Scenario, data, self.sources)

    def _merge_model(self, party_id: str, entry: dict[str, Any]) -> dict[str, Any]:
        reference = entry["model"]
        path = ("parties", party_id, "model")
        if not isinstance(reference, str) or not reference:
            raise self._error("model must be a model name or a path to a .yaml file", path)
        file = self._model_file(reference, path)
        model_document = read_yaml_file(file)
        _expect_kind(model_document, "party")
        model_data = _strip_header(model_document.data)
        _validate(Party, model_data, [(model_document, ())])  # locate errors in the model file
        self.sources.append((model_document, ("parties", party_id)))
        overrides = {k: v for k, v in entry.items() if k != "model"}
        return _deep_merge(model_data, overrides)

    def _model_file(self, reference: str, path: tuple[PathPart, ...]) -> Path:
        if reference.endswith((".yaml", ".yml")) or "/" in reference:
            candidate = (self.folder / reference).resolve()
            if not candidate.is_file():
                raise self._error(f"party model file {str(candidate)!r} does not exist", path)
            return candidate
        searched = []
        for folder in (self.folder, *self.folder.parents):
            candidate = folder / "models" / f"{reference}.yaml"
            searched.append(str(candidate.parent))
            if candidate.is_file():
                return candidate
        raise self._error(
            f"no party model {reference!r}: "
            f"looked for {reference}.yaml in {', '.join(searched[:3])}"
            + (" and above" if len(searched) > 3 else ""),
            path,
        )

    def _facts(self, reference: Any) -> FactBase:
        if not isinstance(reference, str):
            raise self._error("facts must be a path to a fact file", ("facts",))
        file = (self.folder / reference).resolve()
        if not file.is_file():
            raise self._error(f"fact file {str(file)!r} does not exist", ("facts",))
        document = read_yaml_file(file)
        _expect_kind(document, "facts")
        return _validate(FactBase, document.data, [(document, ())])

    def _error(self, message: str, path: tuple[PathPart, ...]) -> ScenarioError:
        return ScenarioError(
            message, file=self.document.file, line=self.document.line_of(path), path=path
        )


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _validate(
    model: type[ModelT], data: Any, sources: list[tuple[YamlDocument, tuple[PathPart, ...]]]
) -> ModelT:
    """Validate ``data`` as ``model``; turn the first error into a located ScenarioError."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        path = tuple(p for p in first["loc"] if isinstance(p, str | int))
        message = _clean_message(first["msg"], first.get("input"))
        if len(errors) > 1:
            message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
        raise _locate(ScenarioError(message, path=path), sources) from None
    except ScenarioError as exc:
        raise _locate(exc, sources) from None


def _locate(
    error: ScenarioError, sources: list[tuple[YamlDocument, tuple[PathPart, ...]]]
) -> ScenarioError:
    """Fill in the file and line: the source that spells out the deepest part of the path."""
    if error.file is not None:
        return error
    best: tuple[int, YamlDocument, int | None] | None = None
    for document, prefix in sources:
        if error.path[: len(prefix)] != prefix:
            continue
        inner = error.path[len(prefix) :]
        depth = max((n for n in range(len(inner) + 1) if document.has(inner[:n])), default=-1)
        if depth >= 0 and (best is None or len(prefix) + depth >= best[0]):
            best = (len(prefix) + depth, document, document.line_of(inner))
    if best is None:
        return error
    _, document, line = best
    return ScenarioError(error.message, file=document.file, line=line, path=error.path)


def _clean_message(message: str, value: Any) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if message == "Extra inputs are not permitted":
        return "unknown field (check the spelling; see `negotiator schema`)"
    if message == "Field required":
        return "required field is missing"
    return message
