"""Safe YAML reading that remembers where every key and value stands, and reports every flaw at its line."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 1_000_000
MAX_VALUES = 50_000
MAX_DEPTH = 64
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
ALLOWED_TAGS = frozenset({yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG,
                          yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
                          yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG})
# The C parser is faster, but recurses without limit on deeply nested flow collections.
_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

YamlPath = tuple[str | int, ...]


def display_name(path: Path) -> str:
    """Return the path as the user typed it: relative to the working folder when inside it."""
    try:
        return os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
    except ValueError:
        return str(path)


def format_field_path(path: YamlPath) -> str:
    """Return a YAML path as a teacher reads it: sections[2].quotes[0].speaker."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of one YAML file stands, by its path in the data."""

    file: str
    values: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: YamlPath, *, key: bool = False) -> tuple[int, int]:
        """Return (line, column) of the value at path, or of its key; the nearest enclosing value if unknown."""
        if key and path in self.keys:
            return self.keys[path]
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def problem(self, path: YamlPath, message: str, *, key: bool = False):
        """Return a Problem located at the value (or key) at path."""
        from generators.errors import Problem

        line, column = self.position(path, key=key)
        return Problem(self.file, line, column, format_field_path(path), message)

    def problem_at(self, line: int, column: int, message: str):
        """Return a Problem at a line and column that belong to no field."""
        from generators.errors import Problem

        return Problem(self.file, line, column, "", message)


class YamlProblems(Exception):
    """The file could not be read as safe YAML; carries every problem found."""

    def __init__(self, problems: list) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def read_yaml_file(path: Path) -> tuple[Any, SourceMap]:
    """Return the file's data (mappings, lists, text and None only) and its source map, or raise YamlProblems."""
    source_map = SourceMap(display_name(path))
    text = _decode(path.read_bytes(), source_map)
    node = _compose(text, source_map)
    builder = _DataBuilder(source_map)
    data = builder.build(node)
    if builder.problems:
        raise YamlProblems(builder.problems)
    return data, source_map


def _line_and_column(data: bytes | str, offset: int) -> tuple[int, int]:
    before = data[:offset]
    newline = b"\n" if isinstance(before, bytes) else "\n"
    return before.count(newline) + 1, offset - (before.rfind(newline) + 1) + 1


def _decode(raw: bytes, source_map: SourceMap) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblems([source_map.problem_at(1, 1, f"the file is {len(raw):,} bytes; a lesson file may be at "
                                                        f"most {MAX_FILE_BYTES:,} bytes (is this the right file?)")])
    if b"\0" in raw:
        line, column = _line_and_column(raw, raw.index(b"\0"))
        raise YamlProblems([source_map.problem_at(line, column, "the file contains a NUL byte: it is not a text file; "
                                                                "save the lesson as plain UTF-8 text")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _line_and_column(raw, error.start)
        bad = raw[error.start:error.start + 1].hex().upper()
        raise YamlProblems([source_map.problem_at(
            line, column, f"the file is not UTF-8 text (byte 0x{bad}); save it with the UTF-8 encoding")]) from None
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        raise YamlProblems([source_map.problem_at(1, 1, "the file is empty; start from `make new NAME=<lesson-id>`")])
    tab_problems = [
        source_map.problem_at(number, line.index("\t") + 1,
                              "a tab is used for indentation; YAML indents with spaces only (replace the tab with spaces)")
        for number, line in enumerate(text.splitlines(), start=1)
        if "\t" in line[: len(line) - len(line.lstrip(" \t"))]
    ]
    if tab_problems:
        raise YamlProblems(tab_problems)
    return text


_HINTS = {
    "mapping values are not allowed here": "; a value that contains ': ' needs quotes around it",
    "mapping values are not allowed in this context": "; a value that contains ': ' needs quotes around it",
    "found character '\\t' that cannot start any token": "; replace the tab with spaces",
    "could not find expected ':'": "; each line of a mapping is 'name: value' (is a colon or a quote missing?)",
    "found undefined alias": "; an alias (*name) must refer to an anchor (&name) defined earlier",
}


def _compose(text: str, source_map: SourceMap) -> yaml.Node:
    max_flow_depth = _max_flow_depth(text)
    loader_class = _Loader if max_flow_depth < MAX_DEPTH else yaml.BaseLoader
    try:
        return yaml.compose(text, Loader=loader_class)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "this is not valid YAML"
        message = f"invalid YAML: {problem}{_HINTS.get(problem, '')}"
        raise YamlProblems([source_map.problem_at(mark.line + 1, mark.column + 1, message)]) from None
    except yaml.YAMLError as error:
        raise YamlProblems([source_map.problem_at(1, 1, f"invalid YAML: {error}")]) from None
    except RecursionError:
        raise YamlProblems([source_map.problem_at(1, 1, f"lists or mappings are nested more than {MAX_DEPTH} levels "
                                                        "deep; a lesson never needs that")]) from None


def _max_flow_depth(text: str) -> int:
    depth = deepest = 0
    for character in text:
        if character in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif character in "]}":
            depth = max(depth - 1, 0)
    return deepest


def _tag_name(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class _DataBuilder:
    """Turns composed YAML nodes into plain data, refusing tags, duplicate keys and alias bombs."""

    def __init__(self, source_map: SourceMap) -> None:
        self.source_map = source_map
        self.problems: list = []
        self.values_built = 0
        self.expansion_reported = False

    def build(self, node: yaml.Node | None) -> Any:
        if node is None:
            self.problems.append(self.source_map.problem_at(1, 1, "the file is empty; start from `make new "
                                                                  "NAME=<lesson-id>`"))
            return None
        return self._build(node, (), ())

    def _report(self, node: yaml.Node, message: str) -> None:
        self.problems.append(self.source_map.problem_at(node.start_mark.line + 1, node.start_mark.column + 1, message))

    def _build(self, node: yaml.Node, path: YamlPath, ancestors: tuple[int, ...]) -> Any:
        self.values_built += 1
        if self.values_built > MAX_VALUES:
            if not self.expansion_reported:
                self.expansion_reported = True
                self._report(node, f"anchors and aliases expand to more than {MAX_VALUES:,} values; "
                                   "write the content out instead of repeating it with aliases")
            return None
        if id(node) in ancestors:
            self._report(node, "an alias refers to the list or mapping that contains it; remove the alias")
            return None
        if len(ancestors) >= MAX_DEPTH:
            self._report(node, f"lists or mappings are nested more than {MAX_DEPTH} levels deep; "
                               "a lesson never needs that")
            return None
        self.source_map.values.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if node.tag not in ALLOWED_TAGS:
            self._report(node, f"the tag '{_tag_name(node.tag)}' is not allowed in a lesson file; "
                               "remove it and write a plain value")
            return None
        if isinstance(node, yaml.ScalarNode):
            return None if node.style is None and node.value in NULL_WORDS else node.value
        inner = ancestors + (id(node),)
        if isinstance(node, yaml.SequenceNode):
            return [self._build(item, path + (index,), inner) for index, item in enumerate(node.value)]
        return self._build_mapping(node, path, inner)

    def _build_mapping(self, node: yaml.MappingNode, path: YamlPath, inner: tuple[int, ...]) -> dict:
        mapping: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in ALLOWED_TAGS:
                self._report(key_node, "a key must be a plain name such as 'title'")
                continue
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key == "<<":
                self._report(key_node, "merge keys ('<<') are not supported; write the fields out")
                continue
            if key in first_seen:
                self._report(key_node, f"duplicate key '{key}' (first given on line {first_seen[key]}); "
                                       "keep only one of them")
                continue
            first_seen[key] = line
            self.source_map.keys[path + (key,)] = (line, key_node.start_mark.column + 1)
            mapping[key] = self._build(value_node, path + (key,), inner)
        return mapping
