"""A Canvas QTI 1.2 package (exports/canvas-qti.zip): the quiz and the discussion questions as one quiz."""

from __future__ import annotations

import io
import uuid
import zipfile

from lxml import etree

from generators.driver.files import build_datetime, normalize_zip
from generators.model.lesson import DiscussionQuestion, MultipleChoiceItem
from generators.text.escaping import escape_html_text, xml_safe
from generators.view.lesson_view import LessonView, QuizItemView


def stable_id(lesson_id: str, *parts: str) -> str:
    """Return an identifier that is the same in every build: 'g' and 32 hex digits, from the lesson id and parts."""
    return "g" + uuid.uuid5(uuid.NAMESPACE_URL, "lessonkit:" + "/".join((lesson_id, *parts))).hex

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


def canvas_qti_zip(loaded: LessonView) -> bytes:
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


def _manifest(loaded: LessonView, assessment: str, settings: str) -> bytes:
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


def _quiz_settings(loaded: LessonView, assessment: str) -> bytes:
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


def _assessment(loaded: LessonView, assessment: str) -> bytes:
    root = _root(QTI, "questestinterop")
    test = _child(root, "assessment", ident=assessment, title=loaded.lesson.title)
    field = _child(_child(test, "qtimetadata"), "qtimetadatafield")
    _child(field, "fieldlabel", "cc_maxattempts")
    _child(field, "fieldentry", "1")
    section = _child(test, "section", ident="root_section")
    for quiz_item in loaded.quiz:
        _qti_choice_item(section, loaded.id, quiz_item)
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


def _qti_choice_item(section: etree._Element, lesson_id: str, quiz_item: QuizItemView) -> None:
    item = quiz_item.item
    ident = stable_id(lesson_id, "quiz", item.id)
    choices, correct = quiz_item.answers, quiz_item.correct
    choice_ids = [f"{ident}-{number}" for number in range(1, len(choices) + 1)]
    question_type = "multiple_choice_question" if isinstance(item, MultipleChoiceItem) else "true_false_question"
    element = _qti_item(section, ident, item.id, question_type, choice_ids)
    presentation = _child(element, "presentation")
    _material(presentation, item.prompt)
    options = _child(_child(presentation, "response_lid", ident="response1", rcardinality="Single"), "render_choice",
                     shuffle="Yes" if isinstance(item, MultipleChoiceItem) else "No")  # Canvas shuffles too
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
