"""The language of text in another script: which BCP 47 tag native-script words and their romanisation carry."""

from __future__ import annotations

import re

SCRIPT_LANGUAGES = [
    (re.compile("[\u3040-\u30ff]"), "ja"),  # kana: Japanese, even among kanji
    (re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]"), "zh"),
    (re.compile("[\uac00-\ud7af]"), "ko"),
]
ROMANISATIONS = {"zh": "zh-Latn-pinyin", "ja": "ja-Latn-hepburn", "ko": "ko-Latn"}


def script_language(text: str) -> str | None:
    """Return the BCP 47 tag of text written in Chinese, Japanese or Korean script, or None for other text."""
    return next((tag for pattern, tag in SCRIPT_LANGUAGES if pattern.search(text)), None)


def romanisation_language(native: str) -> str | None:
    """Return the tag of the Latin-letter spelling of words in that script (pinyin for Chinese), or None."""
    language = script_language(native)
    return ROMANISATIONS.get(language) if language else None
