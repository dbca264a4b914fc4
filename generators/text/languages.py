"""The language of text in another script: which BCP 47 tag native-script words and their romanisation carry."""

from __future__ import annotations

import re

SCRIPT_LANGUAGES = [
    (re.compile("[\u3040-\u30ff]"), "ja"),  # kana: Japanese, even among kanji
    (re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]"), "zh"),
    (re.compile("[\uac00-\ud7af]"), "ko"),
]
ROMANISATIONS = {"zh": "zh-Latn-pinyin", "ja": "ja-Latn-hepburn", "ko": "ko-Latn"}

CJK_CHARACTERS = ("\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
                  "\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f")
CJK_TEXT = re.compile(f"[{CJK_CHARACTERS}]+(?:\\s+[{CJK_CHARACTERS}]+)*")
"""Chinese characters, kana, CJK punctuation and full-width forms, with the spaces between them: the stretches of a
run tagged with an East Asian language. Romanisations (pinyin with tone marks) are Latin script and keep the
lesson's language: PowerPoint knows no tag such as zh-Latn-pinyin."""
HANGUL = "\uac00-\ud7af"
EAST_ASIAN_TEXT = re.compile(f"[{CJK_CHARACTERS}{HANGUL}]+(?:\\s+[{CJK_CHARACTERS}{HANGUL}]+)*")
"""The same stretches, Korean among them: where the web editions mark a language (PowerPoint's runs do not tag
Korean)."""


def script_language(text: str) -> str | None:
    """Return the BCP 47 tag of text written in Chinese, Japanese or Korean script, or None for other text."""
    return next((tag for pattern, tag in SCRIPT_LANGUAGES if pattern.search(text)), None)


def romanisation_language(native: str) -> str | None:
    """Return the tag of the Latin-letter spelling of words in that script (pinyin for Chinese), or None."""
    language = script_language(native)
    return ROMANISATIONS.get(language) if language else None
