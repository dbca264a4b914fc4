"""Escaping of lesson text for each output format, kept in one place so every generator treats text as data."""

from __future__ import annotations

import re

_MARKDOWN_INLINE = re.compile(r"([\\`*_{}\[\]<>|~#!])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)(\d*)([-+=>.)])(?=\s|$)", re.MULTILINE)


def escape_markdown(text: object) -> str:
    """Return text that Markdown renders exactly as typed: no emphasis, links, HTML, tables or list markers."""
    value = _MARKDOWN_INLINE.sub(r"\\\1", str(text))
    value = value.replace("&", "&amp;")
    return _MARKDOWN_LINE_START.sub(r"\1\2\\\3", value)
