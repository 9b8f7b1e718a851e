r"""Read YAML keeping the line of every key and item, so errors can point at them.

PyYAML's composer gives each node a start mark; this module builds plain
Python data from the node tree and a table from field paths to 1-based line
numbers. Duplicate keys, which PyYAML would silently merge, are errors.

Examples
--------
>>> doc = read_yaml_text("a: 1\nb:\n  - x\n  - y\n", "demo.yaml")
>>> doc.data
{'a': 1, 'b': ['x', 'y']}
>>> doc.line_of(("b", 1))
4
>>> doc.line_of(("b", 1, "deeper", "still"))
4
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from negotiator.errors import PathPart, ScenarioError

MAX_FILE_BYTES = 5_000_000


@dataclass(frozen=True)
class YamlDocument:
    """Parsed YAML data with the line of every field path."""

    file: str
    data: Any
    lines: dict[tuple[PathPart, ...], int] = field(default_factory=dict)

    def line_of(self, path: Sequence[PathPart]) -> int | None:
        """The line of the longest prefix of ``path`` that the file spells out."""
        parts = tuple(path)
        while parts:
            if parts in self.lines:
                return self.lines[parts]
            parts = parts[:-1]
        return self.lines.get((), None)

    def has(self, path: Sequence[PathPart]) -> bool:
        """Whether the file spells out exactly this path."""
        return tuple(path) in self.lines


def read_yaml_file(path: str | Path) -> YamlDocument:
    """Read a YAML file; every failure is a located :class:`ScenarioError`."""
    name = str(path)
    file = Path(path)
    if not file.exists():
        raise ScenarioError("no such file", file=name)
    if not file.is_file():
        raise ScenarioError("not a file", file=name)
    if file.stat().st_size > MAX_FILE_BYTES:
        raise ScenarioError(f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB", file=name)
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=name
        ) from None
    except OSError as exc:
        raise ScenarioError(f"cannot read the file: {exc.strerror}", file=name) from None
    return read_yaml_text(text, name)


def read_yaml_text(text: str, file: str) -> YamlDocument:
    """Parse YAML text that came from ``file``."""
    import yaml

    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ScenarioError("the file is empty", file=file)
        lines: dict[tuple[PathPart, ...], int] = {(): node.start_mark.line + 1}
        data = _build(loader, node, (), lines, file)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise ScenarioError(f"YAML syntax error: {problem}", file=file, line=line) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(f"YAML error: {exc}", file=file) from None
    finally:
        loader.dispose()
    return YamlDocument(file=file, data=data, lines=lines)


def _build(
    loader: Any,
    node: Any,
    path: tuple[PathPart, ...],
    lines: dict[tuple[PathPart, ...], int],
    file: str,
) -> Any:
    import yaml

    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            key = _build(loader, key_node, path, {}, file)
            if not isinstance(key, str | int) or isinstance(key, bool):
                raise ScenarioError(
                    f"keys must be text, not {key!r}", file=file, line=line, path=path
                )
            if key in result:
                raise ScenarioError(f"duplicate key {key!r}", file=file, line=line, path=path)
            lines[(*path, key)] = line
            result[key] = _build(loader, value_node, (*path, key), lines, file)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            items.append(_build(loader, item, (*path, index), lines, file))
        return items
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. the date 2025-02-30
        line = node.start_mark.line + 1
        raise ScenarioError(
            f"invalid value {node.value!r}: {exc}", file=file, line=line, path=path
        ) from None
