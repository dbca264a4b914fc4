"""Escaping of lesson text for each output format, kept in one place so every generator treats text as data."""

from __future__ import annotations

import html
import json
import re

_MARKDOWN_INLINE = re.compile(r"([\\`*_{}\[\]<>|~#!$])")
_MARKDOWN_LINE_BREAKS = re.compile(r"[ \t]*(?:\r\n?|\n)\s*")
_MARKDOWN_LIST_MARKER = re.compile(r"^([-+]|\d{1,9}[.)])(?=[ \t]|$)", re.MULTILINE)
_MARKDOWN_SETEXT_UNDERLINE = re.compile(r"^(?==+[ \t]*$|-+[ \t]*$)", re.MULTILINE)


class MarkdownSource(str):
    """Text already written as Markdown for its place in a document: escape_markdown passes it through unchanged."""


def escape_markdown(text: object) -> str:
    """Return text as Markdown block text (a paragraph, list item, quote or heading line) that GitHub-flavoured
    Markdown shows exactly as typed: no emphasis, links, HTML, entities, math, tables, headings or list markers.

    Line breaks stay as soft breaks, but blank lines and line indents are dropped, so the text can neither leave the
    block it is printed in nor open an indented code block, and a line of = or - cannot turn the line above into a
    heading. A MarkdownSource (from the other escapes here) is returned as it is.
    """
    if isinstance(text, MarkdownSource):
        return text
    value = _MARKDOWN_LINE_BREAKS.sub("\n", str(text).strip())
    value = _MARKDOWN_INLINE.sub(r"\\\1", value).replace("&", "&amp;")
    value = _MARKDOWN_LIST_MARKER.sub(lambda marker: f"{marker[1][:-1]}\\{marker[1][-1]}", value)
    return _MARKDOWN_SETEXT_UNDERLINE.sub("\\\\", value)


def escape_markdown_line(text: object) -> MarkdownSource:
    """Return text as Markdown for a one-line place such as a heading: escaped, its line breaks turned into spaces."""
    return MarkdownSource(escape_markdown(one_line(text)))


def escape_markdown_cell(text: object) -> MarkdownSource:
    """Return text for a cell of a Markdown table: escaped (| too, so it cannot end the cell), line breaks as <br>."""
    return MarkdownSource(escape_markdown(text).replace("\n", "<br>"))


def escape_markdown_link_text(text: object) -> MarkdownSource:
    """Return text for the inside of a link's [brackets]: escaped ([ and ] too) on one line."""
    return escape_markdown_line(text)


def markdown_link(text: object, address: object) -> MarkdownSource:
    """Return a Markdown link whose text shows as typed and whose address, in <angle brackets>, is taken as is."""
    destination = re.sub(r"([<>\\])", r"\\\1", one_line(address))
    return MarkdownSource(f"[{escape_markdown_link_text(text)}](<{destination}>)")


def markdown_code_span(text: object) -> MarkdownSource:
    """Return text as a Markdown code span that shows it exactly: code spans take no backslash escapes, so the span is
    fenced by one backtick more than the longest run inside, and padded with spaces when the text starts or ends
    with a backtick or a space (the renderer strips one space from each side). Line breaks become spaces, as a
    renderer would show them. Not for table cells, where | must still be escaped."""
    value = _LINE_BREAK.sub(" ", str(text))
    fence = "`" * (max(map(len, re.findall(r"`+", value)), default=0) + 1)
    padding = " " if value.strip(" ") and (value[0] in "` " or value[-1] in "` ") else ""
    return MarkdownSource(f"{fence}{padding}{value}{padding}{fence}")


def yaml_string(text: object) -> str:
    """Return text as a double-quoted YAML scalar that reads back exactly, whatever characters it holds."""
    quoted = json.dumps(str(text), ensure_ascii=False)
    # JSON leaves these raw; YAML readers reject them or read them as line breaks.
    return re.sub("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]", lambda match: f"\\u{ord(match.group()):04x}",
                  quoted)


_GIFT_SPECIAL = re.compile(r"([\\~=#{}:])")
_LINE_BREAK = re.compile(r"\r\n?|\n")
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters no XML 1.0 document may hold (the YAML reader refuses them, so output never meets them)."""
_TABS_AND_LINE_BREAKS = re.compile(r"\s*[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+\s*")


def escape_gift(text: object) -> str:
    """Return text for a Moodle GIFT file: ~ = # { } : and backslash escaped, line breaks written as \\n."""
    return _LINE_BREAK.sub(r"\\n", _GIFT_SPECIAL.sub(r"\\\1", str(text)))


def escape_html_text(text: object) -> str:
    """Return text as an HTML fragment that shows exactly as typed, line breaks kept as <br>."""
    return _LINE_BREAK.sub("<br>", html.escape(str(text)))


def xml_safe(text: object) -> str:
    """Return text without the control characters XML 1.0 cannot hold (a file with one would not open)."""
    return NOT_IN_XML.sub("", str(text))


def one_line(text: object) -> str:
    """Return text on a single line: each run of tabs and line breaks, with the spaces around it, becomes one space."""
    return _TABS_AND_LINE_BREAKS.sub(" ", str(text)).strip()


def escape_xml(text: object, *, attribute: bool = False) -> str:
    """Return text for an XML text node (or, with attribute=True, a double-quoted attribute value)."""
    return html.escape(xml_safe(text), quote=attribute)


SPREADSHEET_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP's CSV-injection list)."""


def spreadsheet_text(text: object) -> str:
    """Return text for a cell of a plain CSV or TSV file, which a spreadsheet may open, so it stays text there.

    The Kahoot sheet needs nothing of the kind: it is an .xlsx, where write_string() stores each cell as text, typed,
    and no spreadsheet evaluates it. A plain-text file carries no types, so a field starting with = + - @ tab or
    carriage return would run as a formula (=HYPERLINK(...) sends data away). As OWASP advises, such a field gets a
    leading apostrophe: spreadsheets take it as "this is text" and still show every character, and a flashcard app
    shows one visible, harmless mark. A zero-width or other invisible character would hide the change and break
    search and sorting in the app; a leading space is trimmed away by importers and spreadsheets alike.
    """
    value = str(text)
    return f"'{value}" if value.startswith(SPREADSHEET_FORMULA_STARTS) else value
