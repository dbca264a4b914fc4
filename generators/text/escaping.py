"""Escaping of lesson text for each output format, kept in one place so every generator treats text as data."""

from __future__ import annotations

import html
import json
import re

_MARKDOWN_INLINE = re.compile(r"([\\`*_{}\[\]<>|~#!])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)(\d*)([-+=>.)])(?=\s|$)", re.MULTILINE)


def escape_markdown(text: object) -> str:
    """Return text that Markdown renders exactly as typed: no emphasis, links, HTML, tables or list markers."""
    value = _MARKDOWN_INLINE.sub(r"\\\1", str(text))
    value = value.replace("&", "&amp;")
    return _MARKDOWN_LINE_START.sub(r"\1\2\\\3", value)


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
