"""Safe YAML reading that remembers where every key and value stands, and reports every flaw at its line."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generators.text.escaping import NOT_IN_XML

MAX_FILE_BYTES = 1_000_000
MAX_VALUES = 50_000
MAX_DEPTH = 64
# Without aliases a file holds no more text than its size, so only aliases can expand beyond this.
MAX_EXPANDED_CHARACTERS = MAX_FILE_BYTES
# Characters YAML does not allow in a file (outside its printable set: tab, line breaks and printable Unicode).
NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
# Characters an escape such as "\x01" can still put into text, which no XML-based output (PowerPoint, HTML) can hold.
YAML_ONLY_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")
"""NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR: line breaks to YAML, not to the editors teachers use."""
UTF16_AND_32_BOMS = {b"\xff\xfe\x00\x00": "UTF-32", b"\x00\x00\xfe\xff": "UTF-32", b"\xff\xfe": "UTF-16",
                     b"\xfe\xff": "UTF-16"}
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
    digest: str = ""
    """SHA-256 of the bytes read: what the lesson was built from, even if the file changes during the build."""

    def position(self, path: YamlPath, *, key: bool = False) -> tuple[int, int]:
        """Return (line, column) of the value at path, or of its key; the nearest enclosing value if unknown."""
        if key and path in self.keys:
            return self.keys[path]
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def problem(self, path: YamlPath, message: str, *, key: bool = False):
        """Return a Problem located at the value (or key) at path."""
        from generators.model.problems import Problem

        line, column = self.position(path, key=key)
        return Problem(self.file, line, column, format_field_path(path), message)

    def problem_at(self, line: int, column: int, message: str):
        """Return a Problem at a line and column that belong to no field."""
        from generators.model.problems import Problem

        return Problem(self.file, line, column, "", message)


class YamlProblems(Exception):
    """The file could not be read as safe YAML; carries every problem found."""

    def __init__(self, problems: list) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def read_yaml_file(path: Path) -> tuple[Any, SourceMap]:
    """Return the file's data (mappings, lists, text and None only) and its source map, or raise YamlProblems."""
    from generators.driver.files import NotARegularFile, read_bounded

    source_map = SourceMap(display_name(path))
    try:
        raw = read_bounded(path, MAX_FILE_BYTES)
    except NotARegularFile as error:
        message = (f"the file is {error.size:,} bytes; a lesson file may be at most {MAX_FILE_BYTES:,} bytes (is this "
                   "the right file?)" if error.size is not None else f"{error}; a lesson is a UTF-8 text file")
        raise YamlProblems([source_map.problem_at(1, 1, message)]) from None
    source_map.digest = hashlib.sha256(raw).hexdigest()
    text = _decode(raw, source_map)
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
    wide = next((name for bom, name in UTF16_AND_32_BOMS.items() if raw.startswith(bom)), None)
    if wide:
        raise YamlProblems([source_map.problem_at(1, 1, f"the file is saved as {wide} text; save it with the UTF-8 "
                                                        "encoding")])
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
    control = NOT_PRINTABLE.search(text)
    if control:
        line, column = _line_and_column(text, control.start())
        raise YamlProblems([source_map.problem_at(line, column, f"the file contains the control character "
                                                                f"{_code_point(control.group())}, which no document "
                                                                "can show; delete it (it often comes with text pasted "
                                                                "from another program)")])
    breaker = YAML_ONLY_LINE_BREAKS.search(text)
    if breaker:
        line, column = _line_and_column(text, breaker.start())
        raise YamlProblems([source_map.problem_at(line, column, f"the file contains {_code_point(breaker.group())}, "
                                                                "which YAML reads as a line break but editors do not "
                                                                "(every later line number would be off); replace it "
                                                                "with a normal line break or a space")])
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        raise YamlProblems([source_map.problem_at(1, 1, "the file is empty; start from `make new NAME=<lesson-id>`")])
    tab_problems = [
        source_map.problem_at(number, line.index("\t") + 1, "a tab is used for indentation; YAML indents with spaces "
                                                            "only (replace the tab with spaces)")
        for number, line in enumerate(text.splitlines(), start=1)
        if "\t" in line[: len(line) - len(line.lstrip(" \t"))]
    ]
    if tab_problems:
        raise YamlProblems(tab_problems)
    return text


_BACKSLASH_HINT = ("; inside double quotes a backslash starts an escape: write \\\\ for a backslash, or use single "
                   "quotes")
_HINTS = {
    "mapping values are not allowed here": "; a value that contains ': ' needs quotes around it",
    "mapping values are not allowed in this context": "; a value that contains ': ' needs quotes around it",
    "found character '\\t' that cannot start any token": "; replace the tab with spaces",
    "could not find expected ':'": "; each line of a mapping is 'name: value' (is a colon or a quote missing?)",
    "found undefined alias": "; an alias (*name) must refer to an anchor (&name) defined earlier",
    "did not find expected key": ("; check the indentation (the names of one mapping start in the same column) and "
                                  "that nothing follows a closing quote or bracket"),
    "block sequence entries are not allowed in this context": ("; start a list on the line after its name, one "
                                                               "'- ' item per line"),
    "did not find expected '-' indicator": "; every item of a list starts with '- ' in the same column",
    "found character that cannot start any token": "; a value starting with @, ` or % needs quotes around it",
    "did not find expected hexdecimal number": _BACKSLASH_HINT,
    "found unknown escape character": _BACKSLASH_HINT,
}


TOO_DEEP = f"lists or mappings are nested more than {MAX_DEPTH} levels deep; a lesson never needs that"


def _code_point(character: str) -> str:
    import unicodedata

    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X}" + (f" ({name})" if name else "")


def _compose(text: str, source_map: SourceMap) -> yaml.Node:
    too_deep_at = _flow_too_deep_at(text)
    loader_class = _Loader if too_deep_at is None else yaml.BaseLoader
    try:
        return yaml.compose(text, Loader=loader_class)
    except yaml.MarkedYAMLError as error:
        line, column, message = _explain(error, text, loader_class)
        raise YamlProblems([source_map.problem_at(line, column, message)]) from None
    except yaml.YAMLError as error:
        raise YamlProblems([source_map.problem_at(1, 1, f"invalid YAML: {error}")]) from None
    except RecursionError:
        line, column = _line_and_column(text, too_deep_at or 0)
        raise YamlProblems([source_map.problem_at(line, column, TOO_DEEP)]) from None


def _explain(error: yaml.MarkedYAMLError, text: str, loader_class: type) -> tuple[int, int, str]:
    """Return the line, column and message that tell a teacher what the parser's complaint means."""
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "this is not valid YAML"
    context = error.context or ""
    # A missing closing quote is noticed only where the runaway text ends; the quote that opened it is where to look.
    if context == "while scanning a quoted scalar" and "end of stream" in problem and error.context_mark:
        mark = error.context_mark
        return mark.line + 1, mark.column + 1, ("invalid YAML: the quoted text that starts here is never closed; "
                                                "add the closing quote mark")
    opened = _runaway_quote(text, loader_class, mark.line)
    if opened:
        return opened.line + 1, opened.column + 1, (f"invalid YAML: the quoted text that starts here runs on to line "
                                                    f"{mark.line + 1}; add its closing quote mark")
    brackets = {"while parsing a flow sequence": "[]", "while parsing a flow mapping": "{}"}.get(context)
    if brackets and error.context_mark:
        return mark.line + 1, mark.column + 1, (
            f"invalid YAML: {problem}; the '{brackets[0]}' on line {error.context_mark.line + 1} needs a comma "
            f"between items and a closing '{brackets[1]}'")
    if problem == "but found another document":
        return mark.line + 1, mark.column + 1, ("invalid YAML: a second document starts here ('---'); keep one "
                                                "lesson per file")
    if problem == "exceeded maximum nesting depth":
        return mark.line + 1, mark.column + 1, TOO_DEEP
    return mark.line + 1, mark.column + 1, f"invalid YAML: {problem}{_HINTS.get(problem, '')}"


def _runaway_quote(text: str, loader_class: type, error_line: int) -> yaml.Mark | None:
    """Return where a quoted text opens that runs over several lines and ends on the error's line, if one does."""
    opened = None
    try:
        for token in yaml.scan(text, Loader=loader_class):
            if token.start_mark.line > error_line:
                break
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.start_mark.line < token.end_mark.line == error_line):
                opened = token.start_mark
    except yaml.YAMLError:
        pass  # the scanner stops at the flaw already being explained; the tokens before it are what count
    return opened


def _flow_too_deep_at(text: str) -> int | None:
    """Return the offset where brackets first nest MAX_DEPTH deep (the C parser would recurse without limit)."""
    if text.count("[") + text.count("{") < MAX_DEPTH:
        return None  # too few brackets to nest that deep: the usual case, found without a loop over every character
    depth = 0
    for bracket in re.finditer(r"[][{}]", text):
        if bracket.group() in "[{":
            depth += 1
            if depth >= MAX_DEPTH:
                return bracket.start()
        else:
            depth = max(depth - 1, 0)
    return None


def _tag_name(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class _DataBuilder:
    """Turns composed YAML nodes into plain data, refusing tags, duplicate keys and alias bombs."""

    def __init__(self, source_map: SourceMap) -> None:
        self.source_map = source_map
        self.problems: list = []
        self.values_built = 0
        self.characters_built = 0
        self.nodes_seen: set[int] = set()
        self.alias_used = False
        self.expansion_reported = False

    def build(self, node: yaml.Node | None) -> Any:
        if node is None:
            self.problems.append(self.source_map.problem_at(1, 1, "the file is empty; start from `make new "
                                                                  "NAME=<lesson-id>`"))
            return None
        return self._build(node, (), ())

    def _report(self, node: yaml.Node, message: str) -> None:
        self.problems.append(self.source_map.problem_at(node.start_mark.line + 1, node.start_mark.column + 1, message))

    def _too_large(self, node: yaml.Node) -> bool:
        """Return True (after reporting it once) when the data has grown beyond what any lesson holds."""
        self.values_built += 1
        if isinstance(node, yaml.ScalarNode):
            self.characters_built += len(node.value)
        if self.values_built <= MAX_VALUES and self.characters_built <= MAX_EXPANDED_CHARACTERS:
            return False
        if not self.expansion_reported:
            self.expansion_reported = True
            if not self.alias_used:
                self._report(node, f"the file holds more than {MAX_VALUES:,} values; a lesson never needs that many "
                                   "(is this the right file?)")
            elif self.values_built > MAX_VALUES:
                self._report(node, f"anchors and aliases expand to more than {MAX_VALUES:,} values; "
                                   "write the content out instead of repeating it with aliases")
            else:
                self._report(node, f"anchors and aliases expand to more than {MAX_EXPANDED_CHARACTERS:,} characters "
                                   "of text; write the content out instead of repeating it with aliases")
        return True

    def _build(self, node: yaml.Node, path: YamlPath, ancestors: tuple[int, ...]) -> Any:
        self.alias_used = self.alias_used or id(node) in self.nodes_seen
        self.nodes_seen.add(id(node))
        if self._too_large(node):
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
            control = NOT_IN_XML.search(node.value)
            if control:
                self.problems.append(self.source_map.problem(path, f"the text contains the control character "
                                                                   f"{_code_point(control.group())} (written as an "
                                                                   "escape such as \\x01), which no document can "
                                                                   "show; remove it"))
                return None
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
