"""Worksheet activities shared by the printed and the screen editions: item labels, answer room, fixed shuffles."""

from __future__ import annotations

import math
import random

from generators.model.lesson import DiscussionQuestion, Lesson

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def letter(index: int) -> str:
    """Return the label of the index-th item: A … Z, then AA, AB …"""
    return LETTERS[index] if index < 26 else LETTERS[index // 26 - 1] + LETTERS[index % 26]


ANALYSIS_PROMPTS = [
    ("historical_situation", "Historical situation: what was going on when this was said?"),
    ("audience", "Intended audience: who was it meant for?"),
    ("purpose", "Purpose: what did the speaker want to achieve?"),
    ("point_of_view", "Point of view: whose outlook does it show?"),
]


def answer_lines(question: DiscussionQuestion) -> int:
    """Return the ruled lines a question gets: the lesson's count, or one per ten words of the model answer."""
    if question.answer_lines:
        return question.answer_lines
    return max(3, min(12, math.ceil(len(question.model_answer.split()) / 10) + 1))


def matching_order(lesson: Lesson, lesson_id: str) -> list[int]:
    """Return vocabulary indexes in the order their definitions are printed: shuffled, the same every build."""
    order = list(range(len(lesson.vocabulary)))
    random.Random(f"{lesson_id}:matching").shuffle(order)
    return order


def sequencing_order(lesson: Lesson, lesson_id: str) -> list[int]:
    """Return timeline indexes (into the date-sorted events) in the shuffled order students see them."""
    order = list(range(len(lesson.timeline)))
    random.Random(f"{lesson_id}:sequencing").shuffle(order)
    return order
