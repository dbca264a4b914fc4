"""A Kahoot quiz spreadsheet (exports/kahoot.xlsx) with every quiz item that fits Kahoot's limits."""

from __future__ import annotations

import io

from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from generators.driver.files import build_datetime, normalize_zip
from generators.model.lesson import MultipleChoiceItem
from generators.model.problems import Problem
from generators.text.escaping import one_line, xml_safe
from generators.view.lesson_view import LessonView

# Kahoot imports its own spreadsheet template: a few lines of instructions, column headings on row 8, then one
# question per row from row 9, numbered in column A.

KAHOOT_HEADING_ROW = 7  # zero-based: row 8 in the spreadsheet
KAHOOT_HEADINGS = ("", "Question - max 120 characters", "Answer 1 - max 75 characters",
                   "Answer 2 - max 75 characters", "Answer 3 - max 75 characters", "Answer 4 - max 75 characters",
                   "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
                   "Correct answer(s) - choose at least one")
KAHOOT_MAX_QUESTION = 120
KAHOOT_MAX_ANSWER = 75
KAHOOT_MAX_ANSWERS = 4
KAHOOT_TIME_LIMITS = (5, 10, 20, 30, 60, 90, 120, 240)
KAHOOT_TIME_LIMIT = 20  # Kahoot's own default


def kahoot_length(text: str) -> int:
    """Return the length of text as Kahoot counts it, in UTF-16 units like a browser: an emoji counts two."""
    return len(text.encode("utf-16-le")) // 2


def kahoot_misfits(loaded: LessonView, index: int) -> list[Problem]:
    """Return why the index-th quiz item does not fit Kahoot's limits, located in the lesson file (empty if it fits)."""
    item = loaded.lesson.quiz[index]
    path = ("quiz", index)
    left_out = "so the item is left out of exports/kahoot.xlsx"
    problems = []
    if isinstance(item, MultipleChoiceItem) and len(item.choices) > KAHOOT_MAX_ANSWERS:
        problems.append(loaded.problem(path + ("choices",), f"Kahoot takes at most {KAHOOT_MAX_ANSWERS} answers and "
                                                            f"this item has {len(item.choices)}, {left_out}"))
    texts = [(("prompt",), "question", item.prompt, KAHOOT_MAX_QUESTION)]
    texts += [(("choices", number), "answer", choice, KAHOOT_MAX_ANSWER)
              for number, choice in enumerate(item.choices if isinstance(item, MultipleChoiceItem) else [])]
    for field, kind, text, limit in texts:
        length = kahoot_length(one_line(text))
        if length > limit:
            problems.append(loaded.problem(path + field, f"the {kind} is {length} characters long and Kahoot takes "
                                                         f"at most {limit}, {left_out}; shorten it to include it"))
    return problems


def kahoot_rows(loaded: LessonView) -> tuple[list[tuple[str, list[str], int]], list[Problem]]:
    """Return (question, answers, number of the correct answer) for each item that fits Kahoot, and the misfits."""
    rows, left_out = [], []
    for index, item in enumerate(loaded.lesson.quiz):
        problems = kahoot_misfits(loaded, index)
        left_out += [problem.as_warning() for problem in problems]
        if problems:
            continue
        answers, correct = loaded.quiz[index].answers, loaded.quiz[index].correct
        rows.append((one_line(item.prompt), [one_line(answer) for answer in answers], correct + 1))
    return rows, left_out


def kahoot_xlsx(loaded: LessonView) -> tuple[bytes, list[Problem]]:
    """Return Kahoot's spreadsheet with every quiz item that fits its limits, and the problems of those that don't."""
    rows, left_out = kahoot_rows(loaded)
    buffer = io.BytesIO()
    workbook = Workbook(buffer, {"in_memory": True})
    title = xml_safe(f"{one_line(loaded.lesson.title)}: quiz")
    workbook.set_properties({"title": title, "author": "Lessonkit", "created": build_datetime()})
    sheet = _kahoot_template(workbook, title)
    for number, (question, answers, correct) in enumerate(rows, start=1):
        row = KAHOOT_HEADING_ROW + number
        sheet.write_number(row, 0, number)
        sheet.write_string(row, 1, xml_safe(question))
        for column, answer in enumerate(answers, start=2):
            sheet.write_string(row, column, xml_safe(answer))
        sheet.write_number(row, 6, KAHOOT_TIME_LIMIT)
        sheet.write_number(row, 7, correct)
    workbook.close()
    return normalize_zip(buffer.getvalue()), left_out


def _kahoot_template(workbook: Workbook, title: str) -> Worksheet:
    """Add the sheet with the template's title lines, column headings and column widths; return it."""
    sheet = workbook.add_worksheet("Sheet1")
    sheet.write_string(1, 1, title, workbook.add_format({"bold": True, "font_size": 14}))
    sheet.write_string(2, 1, "Made by Lessonkit from the lesson's quiz, in the layout of Kahoot's quiz spreadsheet "
                             "template.")
    bold = workbook.add_format({"bold": True})
    for column, heading in enumerate(KAHOOT_HEADINGS):
        sheet.write_string(KAHOOT_HEADING_ROW, column, heading, bold)
    sheet.set_column(1, 1, 50)
    sheet.set_column(2, 5, 30)
    sheet.set_column(6, 7, 24)
    return sheet
