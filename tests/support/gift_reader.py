"""A small reader of Moodle GIFT files that follows Moodle's own importer step by step, to read exports back."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Moodle swaps escaped signs for placeholders before it splits a question, and puts the signs back afterwards.
ESCAPED_SIGNS = {"\\:": ":", "\\#": "#", "\\=": "=", "\\{": "{", "\\}": "}", "\\~": "~", "\\n": "\n"}
PLACEHOLDERS = {escaped: chr(0xE000 + number) for number, escaped in enumerate(ESCAPED_SIGNS)}
BACKSLASH_PLACEHOLDER = "\uE0FF"
FORMATS = ("moodle", "html", "plain", "markdown")
ANSWER_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")


@dataclass
class GiftAnswer:
    """One answer of a multiple-choice question."""

    text: str
    correct: bool
    feedback: str
    weight: float = 0.0
    """The share of the marks: 1 for '=', a leading %NN% after '~', else 0."""


@dataclass
class GiftQuestion:
    """One question as Moodle would import it."""

    name: str
    kind: str
    """multichoice, truefalse, essay, shortanswer, numerical, match or description."""
    text: str
    text_format: str
    general_feedback: str = ""
    answers: list[GiftAnswer] = field(default_factory=list)
    true_false_answer: bool | None = None


def _hide_escapes(text: str) -> str:
    text = text.replace("\\\\", BACKSLASH_PLACEHOLDER)
    for escaped, placeholder in PLACEHOLDERS.items():
        text = text.replace(escaped, placeholder)
    return text.replace(BACKSLASH_PLACEHOLDER, "\\")


def _restore_escapes(text: str) -> str:
    for escaped, placeholder in PLACEHOLDERS.items():
        text = text.replace(placeholder, ESCAPED_SIGNS[escaped])
    return text


def _with_format(text: str, default: str = "moodle") -> tuple[str, str]:
    """Return (text, format): a leading [plain], [html], [moodle] or [markdown] sets the format."""
    match = re.match(r"\[(\w+)\]", text)
    if match and match.group(1) in FORMATS:
        return _restore_escapes(text[match.end():]).strip(), match.group(1)
    return _restore_escapes(text).strip(), default


def split_questions(source: str) -> list[str]:
    """Return the text of each question: blocks between blank lines, with comment lines (//) left out."""
    blocks, lines = [], []
    for line in source.splitlines() + [""]:
        if line.strip():
            lines.append(" " if line.strip().startswith("//") else line)
        elif lines:
            blocks.append("\n".join(lines).strip())
            lines = []
    return [block for block in blocks if block]


def read_question(block: str) -> GiftQuestion:
    """Return one question read the way Moodle's GIFT importer reads it."""
    text = _hide_escapes(block)
    name = ""
    if text.startswith("::"):
        name, _, text = text[2:].partition("::")
        name, text = _restore_escapes(name).strip(), text.strip()
    start, end = text.find("{"), text.find("}")
    if start < 0 and end < 0:
        body, body_format = _with_format(text)
        return GiftQuestion(name, "description", body, body_format)
    if start < 0 or end < 0:
        raise ValueError(f"unbalanced braces in GIFT question: {block!r}")
    answer_text = text[start + 1:end].strip()
    question_text = text[:start] + text[end + 1:] if text.endswith("}") else text[:start] + "_____" + text[end + 1:]
    general_feedback = ""
    if "####" in answer_text:
        answer_text, _, general_feedback = answer_text.rpartition("####")
        answer_text = answer_text.strip()
    body, body_format = _with_format(question_text)
    question = GiftQuestion(name, _kind(answer_text), body, body_format,
                            _with_format(general_feedback, body_format)[0])
    if question.kind == "multichoice":
        question.answers = _choices(answer_text, body_format)
    elif question.kind == "truefalse":
        question.true_false_answer = answer_text.split("#")[0].strip() in ("T", "TRUE")
    return question


def _kind(answer_text: str) -> str:
    if answer_text == "":
        return "essay"
    if answer_text.startswith("#"):
        return "numerical"
    if "~" in answer_text:
        return "multichoice"
    if "=" in answer_text and "->" in answer_text:
        return "match"
    return "truefalse" if answer_text.split("#")[0].strip() in ("T", "TRUE", "F", "FALSE") else "shortanswer"


def _choices(answer_text: str, text_format: str) -> list[GiftAnswer]:
    parts = answer_text.replace("=", "~=").split("~")
    answers = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        correct = part.startswith("=")
        weight = 1.0 if correct else 0.0
        if correct:
            part = part[1:]
        elif ANSWER_WEIGHT.match(part):  # Moodle's giftanswerweightregex
            weight = float(part[1:part.index("%", 1)]) / 100
            part = part[part.index("%", 1) + 1:]
        text, _, feedback = part.partition("#")
        answers.append(GiftAnswer(_with_format(text.strip(), text_format)[0], correct,
                                  _with_format(feedback.strip(), text_format)[0], weight))
    return answers


def read_gift(source: str) -> list[GiftQuestion]:
    """Return every question of a GIFT file (category lines and empty blocks are skipped)."""
    return [read_question(block) for block in split_questions(source) if not block.startswith("$CATEGORY:")]
