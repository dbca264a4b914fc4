"""Question-bank exports for the tools schools use: Moodle GIFT, a Canvas QTI package, flashcards and Kahoot."""

from __future__ import annotations

import io
import sys
import uuid
import zipfile
from pathlib import Path

from lxml import etree
from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from generators import Generator
from generators.driver.files import build_datetime, normalize_zip, write_atomically
from generators.model.lesson import DiscussionQuestion, Lesson, MultipleChoiceItem, TrueFalseItem, VocabularyTerm
from generators.model.problems import Problem
from generators.reading.loader import LoadedLesson
from generators.text.escaping import escape_gift, escape_html_text, one_line, xml_safe

EXPORTS_FOLDER = "exports"
TRUE_FALSE_CHOICES = ("True", "False")


class ExportsGenerator(Generator):
    """Writes exports/moodle.gift, exports/canvas-qti.zip, exports/flashcards.tsv and exports/kahoot.xlsx.

    Quiz items that Kahoot cannot take are left out of kahoot.xlsx and reported on stderr as warnings.
    """

    name = "exports"

    def build(self, lesson: LoadedLesson, out_dir: Path) -> list[Path]:
        folder = out_dir / EXPORTS_FOLDER
        kahoot, left_out = kahoot_xlsx(lesson)
        for problem in left_out:
            print(as_warning(problem), file=sys.stderr)
        return [
            write_atomically(folder / "moodle.gift", moodle_gift(lesson)),
            write_atomically(folder / "canvas-qti.zip", canvas_qti_zip(lesson)),
            write_atomically(folder / "flashcards.tsv", flashcards_tsv(lesson.lesson)),
            write_atomically(folder / "kahoot.xlsx", kahoot),
        ]


def as_warning(problem: Problem) -> str:
    """Return a problem as a 'file:line:col: warning: …' line: something left out, not a reason to stop."""
    return str(problem).replace(": error: ", ": warning: ", 1)


def offered_answers(item: MultipleChoiceItem | TrueFalseItem) -> tuple[list[str], int]:
    """Return the answers an item offers (True and False for a true/false item) and the index of the correct one."""
    if isinstance(item, MultipleChoiceItem):
        return list(item.choices), item.choices.index(item.answer)
    return list(TRUE_FALSE_CHOICES), 0 if item.answer else 1


def stable_id(lesson_id: str, *parts: str) -> str:
    """Return an identifier that is the same in every build: 'g' and 32 hex digits, from the lesson id and parts."""
    return "g" + uuid.uuid5(uuid.NAMESPACE_URL, "lessonkit:" + "/".join((lesson_id, *parts))).hex


# Moodle GIFT ----------------------------------------------------------------------------------------------------


def moodle_gift(loaded: LoadedLesson) -> str:
    """Return the quiz items (multiple choice, true/false) and discussion questions (essay) as a GIFT file."""
    lesson = loaded.lesson
    questions = [_gift_quiz_item(loaded.id, item) for item in lesson.quiz]
    questions += [_gift_essay(loaded.id, question) for question in lesson.discussion_questions]
    header = f"// {one_line(lesson.title)}: questions exported by Lessonkit for Moodle (GIFT format)\n"
    return "\n".join([header, *questions])


def _gift_question(name: str, prompt: str) -> str:
    # [plain] makes Moodle show the question, its answers and feedback exactly as typed, with no HTML.
    return f"::{escape_gift(name)}::[plain]{escape_gift(prompt)}"


def _gift_answer(text: str) -> str:
    """Return an answer or feedback for GIFT, marked [plain] if it starts with % or [.

    Moodle reads a leading %50% as the answer's weight and a leading [html] as its format; GIFT has no escape
    for either, but after an explicit format marker the text is taken as it is.
    """
    return ("[plain]" if text.startswith(("%", "[")) else "") + escape_gift(text)


def _gift_quiz_item(lesson_id: str, item: MultipleChoiceItem | TrueFalseItem) -> str:
    question = _gift_question(f"{lesson_id}/{item.id}", item.prompt)
    feedback = f"####{_gift_answer(item.explanation)}"
    if not isinstance(item, MultipleChoiceItem):
        return f"{question}{{{'TRUE' if item.answer else 'FALSE'}{feedback}}}\n"
    choices = "".join(f"\t{'=' if choice == item.answer else '~'}{_gift_answer(choice)}\n" for choice in item.choices)
    return f"{question}{{\n{choices}\t{feedback}\n}}\n"


def _gift_essay(lesson_id: str, question: DiscussionQuestion) -> str:
    name = f"{lesson_id}/discussion/{question.id}"
    return f"{_gift_question(name, question.prompt)}{{####{escape_gift('Model answer: ' + question.model_answer)}}}\n"


# Canvas QTI 1.2 -------------------------------------------------------------------------------------------------
# The package follows what Canvas exports and imports (as text2qti builds it): imsmanifest.xml naming one QTI
# assessment file and the Canvas quiz settings that depend on it, both in a folder named after the assessment.

QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
IMSCP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_v1p2"
CANVAS = "http://canvas.instructure.com/xsd/cccv1p0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMAS = {
    QTI: f"{QTI} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd",
    IMSCP: f"{IMSCP} http://www.imsglobal.org/xsd/imscp_v1p1.xsd {IMSMD} http://www.imsglobal.org/xsd/imsmd_v1p2p2.xsd",
    CANVAS: f"{CANVAS} https://canvas.instructure.com/xsd/cccv1p0.xsd",
}
POINTS_PER_QUESTION = 1


def canvas_qti_zip(loaded: LoadedLesson) -> bytes:
    """Return an IMS QTI 1.2 package that Canvas imports as one quiz: the quiz items and the discussion as essays."""
    assessment = stable_id(loaded.id, "assessment")
    settings = stable_id(loaded.id, "assessment-meta")
    files = {
        "imsmanifest.xml": _manifest(loaded, assessment, settings),
        f"{assessment}/{assessment}.xml": _assessment(loaded, assessment),
        f"{assessment}/assessment_meta.xml": _quiz_settings(loaded, assessment),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("non_cc_assessments/", b"")
        for name, data in files.items():
            package.writestr(name, data)
    return normalize_zip(buffer.getvalue())


def _root(namespace: str, tag: str, **attributes: str) -> etree._Element:
    nsmap = {None: namespace, "xsi": XSI} | ({"imsmd": IMSMD} if namespace == IMSCP else {})
    root = etree.Element(f"{{{namespace}}}{tag}", nsmap=nsmap, **attributes)
    root.set(f"{{{XSI}}}schemaLocation", SCHEMAS[namespace])
    return root


def _child(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    """Return a new element in the parent's namespace (or tag's, given as {namespace}name); lxml escapes values."""
    namespace = etree.QName(parent).namespace
    element = etree.SubElement(parent, tag if tag.startswith("{") else f"{{{namespace}}}{tag}",
                               {name: xml_safe(value) for name, value in attributes.items()})
    if text is not None:
        element.text = xml_safe(text)
    return element


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _metadata_tag(name: str) -> str:
    return f"{{{IMSMD}}}{name}"


def _manifest(loaded: LoadedLesson, assessment: str, settings: str) -> bytes:
    manifest = _root(IMSCP, "manifest", identifier=stable_id(loaded.id, "manifest"))
    metadata = _child(manifest, "metadata")
    _child(metadata, "schema", "IMS Content")
    _child(metadata, "schemaversion", "1.1.3")
    lom = _child(metadata, _metadata_tag("lom"))
    title = _child(_child(lom, _metadata_tag("general")), _metadata_tag("title"))
    _child(title, _metadata_tag("string"), loaded.lesson.title)
    contribution = _child(_child(lom, _metadata_tag("lifeCycle")), _metadata_tag("contribute"))
    _child(_child(contribution, _metadata_tag("date")), _metadata_tag("dateTime"), build_datetime().date().isoformat())
    _child(manifest, "organizations")
    resources = _child(manifest, "resources")
    quiz = _child(resources, "resource", identifier=assessment, type="imsqti_xmlv1p2")
    _child(quiz, "file", href=f"{assessment}/{assessment}.xml")
    _child(quiz, "dependency", identifierref=settings)
    meta_file = f"{assessment}/assessment_meta.xml"
    depended = _child(resources, "resource", identifier=settings, href=meta_file,
                      type="associatedcontent/imscc_xmlv1p1/learning-application-resource")
    _child(depended, "file", href=meta_file)
    return _serialize(manifest)


def _quiz_settings(loaded: LoadedLesson, assessment: str) -> bytes:
    lesson = loaded.lesson
    points = f"{POINTS_PER_QUESTION * (len(lesson.quiz) + len(lesson.discussion_questions)):.1f}"
    quiz = _root(CANVAS, "quiz", identifier=assessment)
    for name, value in [("title", lesson.title), ("description", ""), ("shuffle_answers", "false"),
                        ("scoring_policy", "keep_highest"), ("quiz_type", "assignment"),
                        ("points_possible", points), ("show_correct_answers", "true"),
                        ("allowed_attempts", "1"), ("one_question_at_a_time", "false"), ("cant_go_back", "false"),
                        ("available", "false")]:
        _child(quiz, name, value)
    assignment = _child(quiz, "assignment", identifier=stable_id(loaded.id, "assignment"))
    for name, value in [("title", lesson.title), ("workflow_state", "unpublished"),
                        ("quiz_identifierref", assessment), ("points_possible", points),
                        ("grading_type", "points"), ("submission_types", "online_quiz")]:
        _child(assignment, name, value)
    _child(quiz, "assignment_group_identifierref", stable_id(loaded.id, "assignment-group"))
    return _serialize(quiz)


def _assessment(loaded: LoadedLesson, assessment: str) -> bytes:
    root = _root(QTI, "questestinterop")
    test = _child(root, "assessment", ident=assessment, title=loaded.lesson.title)
    field = _child(_child(test, "qtimetadata"), "qtimetadatafield")
    _child(field, "fieldlabel", "cc_maxattempts")
    _child(field, "fieldentry", "1")
    section = _child(test, "section", ident="root_section")
    for item in loaded.lesson.quiz:
        _qti_choice_item(section, loaded.id, item)
    for question in loaded.lesson.discussion_questions:
        _qti_essay(section, loaded.id, question)
    return _serialize(root)


def _qti_item(section: etree._Element, ident: str, title: str, question_type: str,
              answer_ids: list[str]) -> etree._Element:
    item = _child(section, "item", ident=ident, title=title)
    metadata = _child(_child(item, "itemmetadata"), "qtimetadata")
    for label, entry in [("question_type", question_type), ("points_possible", f"{POINTS_PER_QUESTION:.1f}"),
                         ("original_answer_ids", ",".join(answer_ids)),
                         ("assessment_question_identifierref", f"{ident}-question")]:
        field = _child(metadata, "qtimetadatafield")
        _child(field, "fieldlabel", label)
        _child(field, "fieldentry", entry)
    return item


def _material(parent: etree._Element, text: str) -> None:
    _child(_child(parent, "material"), "mattext", escape_html_text(text), texttype="text/html")


def _response_processing(item: etree._Element) -> etree._Element:
    """Add the scoring section, starting with the condition that shows the general feedback after any answer."""
    processing = _child(item, "resprocessing")
    _child(_child(processing, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE",
           vartype="Decimal")
    after_any_answer = _child(processing, "respcondition", **{"continue": "Yes"})
    _child(_child(after_any_answer, "conditionvar"), "other")
    _child(after_any_answer, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    return processing


def _general_feedback(item: etree._Element, text: str) -> None:
    _material(_child(_child(item, "itemfeedback", ident="general_fb"), "flow_mat"), text)


def _qti_choice_item(section: etree._Element, lesson_id: str, item: MultipleChoiceItem | TrueFalseItem) -> None:
    ident = stable_id(lesson_id, "quiz", item.id)
    choices, correct = offered_answers(item)
    choice_ids = [f"{ident}-{number}" for number in range(1, len(choices) + 1)]
    question_type = "multiple_choice_question" if isinstance(item, MultipleChoiceItem) else "true_false_question"
    element = _qti_item(section, ident, item.id, question_type, choice_ids)
    presentation = _child(element, "presentation")
    _material(presentation, item.prompt)
    options = _child(_child(presentation, "response_lid", ident="response1", rcardinality="Single"), "render_choice")
    for choice_id, choice in zip(choice_ids, choices):
        _material(_child(options, "response_label", ident=choice_id), choice)
    right = _child(_response_processing(element), "respcondition", **{"continue": "No"})
    _child(_child(right, "conditionvar"), "varequal", choice_ids[correct], respident="response1")
    _child(right, "setvar", "100", action="Set", varname="SCORE")
    _general_feedback(element, item.explanation)


def _qti_essay(section: etree._Element, lesson_id: str, question: DiscussionQuestion) -> None:
    ident = stable_id(lesson_id, "discussion", question.id)
    element = _qti_item(section, ident, question.id, "essay_question", [])
    presentation = _child(element, "presentation")
    _material(presentation, question.prompt)
    field = _child(_child(presentation, "response_str", ident="response1", rcardinality="Single"), "render_fib")
    _child(field, "response_label", ident="answer1", rshuffle="No")
    graded_by_hand = _child(_response_processing(element), "respcondition", **{"continue": "No"})
    _child(_child(graded_by_hand, "conditionvar"), "other")
    _general_feedback(element, f"Model answer: {question.model_answer}")


# Flashcards -----------------------------------------------------------------------------------------------------


def card_front(word: VocabularyTerm) -> str:
    """Return the term side of a card: the term, with its native script and romanization when the lesson gives them."""
    extras = ", ".join(part for part in (word.native_script, word.romanization) if part)
    return f"{word.term} ({extras})" if extras else word.term


def flashcards_tsv(lesson: Lesson) -> str:
    """Return the vocabulary as term<TAB>definition lines, the import format of Quizlet and Anki."""
    return "".join(f"{one_line(card_front(word))}\t{one_line(word.definition)}\n" for word in lesson.vocabulary)


# Kahoot ---------------------------------------------------------------------------------------------------------
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


def kahoot_misfits(loaded: LoadedLesson, index: int) -> list[Problem]:
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


def kahoot_rows(loaded: LoadedLesson) -> tuple[list[tuple[str, list[str], int]], list[Problem]]:
    """Return (question, answers, number of the correct answer) for each item that fits Kahoot, and the misfits."""
    rows, left_out = [], []
    for index, item in enumerate(loaded.lesson.quiz):
        problems = kahoot_misfits(loaded, index)
        left_out += problems
        if problems:
            continue
        answers, correct = offered_answers(item)
        rows.append((one_line(item.prompt), [one_line(answer) for answer in answers], correct + 1))
    return rows, left_out


def kahoot_xlsx(loaded: LoadedLesson) -> tuple[bytes, list[Problem]]:
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
