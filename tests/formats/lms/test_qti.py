"""exports/canvas-qti.zip, read back as Canvas reads a QTI 1.2 package."""

from __future__ import annotations

import html
import zipfile

import pytest
from lxml import etree
from support.exports import IMSCP, LESSONS, QTI, export_path, lesson_of

from generators.driver.builder import Project
from generators.model.lesson import MultipleChoiceItem


def qti_package(project: Project, lesson_id: str) -> dict[str, bytes]:
    with zipfile.ZipFile(export_path(project, lesson_id, "canvas-qti.zip")) as package:
        return {name: package.read(name) for name in package.namelist()}


def qti_items(project: Project, lesson_id: str) -> list[etree._Element]:
    package = qti_package(project, lesson_id)
    manifest = etree.fromstring(package["imsmanifest.xml"])
    resource = manifest.find(f"{IMSCP}resources/{IMSCP}resource[@type='imsqti_xmlv1p2']")
    assessment = etree.fromstring(package[resource.find(f"{IMSCP}file").get("href")])
    return assessment.findall(f".//{QTI}item")


def mattext(element: etree._Element) -> str:
    """Return the text a Canvas page shows for a mattext of type text/html."""
    assert element.get("texttype") == "text/html"
    return html.unescape(element.text.replace("<br>", "\n"))


def metadata(item: etree._Element) -> dict[str, str]:
    return {field.findtext(f"{QTI}fieldlabel"): field.findtext(f"{QTI}fieldentry")
            for field in item.iter(f"{QTI}qtimetadatafield")}


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_qti_manifest_names_only_files_the_package_holds_and_every_file_is_xml(exported, lesson_id):
    package = qti_package(exported, lesson_id)
    manifest = etree.fromstring(package["imsmanifest.xml"])
    resources = manifest.findall(f"{IMSCP}resources/{IMSCP}resource")
    assert {resource.get("type") for resource in resources} == {
        "imsqti_xmlv1p2", "associatedcontent/imscc_xmlv1p1/learning-application-resource"}
    identifiers = {resource.get("identifier") for resource in resources}
    for resource in resources:
        for file in resource.findall(f"{IMSCP}file"):
            assert file.get("href") in package
        for dependency in resource.findall(f"{IMSCP}dependency"):
            assert dependency.get("identifierref") in identifiers
    for name, data in package.items():
        if name.endswith(".xml"):
            etree.fromstring(data)


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_every_qti_choice_item_has_exactly_one_correct_response_and_it_is_the_lessons_answer(exported, lesson_id):
    lesson = lesson_of(exported, lesson_id)
    items = qti_items(exported, lesson_id)
    assert len(items) == len(lesson.quiz) + len(lesson.discussion_questions)
    for item, element in zip(lesson.quiz, items):
        labels = {label.get("ident"): mattext(label.find(f".//{QTI}mattext"))
                  for label in element.iter(f"{QTI}response_label")}
        scoring = [condition for condition in element.iter(f"{QTI}respcondition")
                   if condition.findtext(f"{QTI}setvar") == "100"]
        assert len(scoring) == 1
        correct = scoring[0].findall(f".//{QTI}varequal")
        assert len(correct) == 1
        expected = item.answer if isinstance(item, MultipleChoiceItem) else ("True" if item.answer else "False")
        assert labels[correct[0].text] == expected
        expected_type = "multiple_choice_question" if isinstance(item, MultipleChoiceItem) else "true_false_question"
        assert metadata(element)["question_type"] == expected_type
        assert metadata(element)["original_answer_ids"].split(",") == list(labels)


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_qti_texts_read_back_exactly_as_typed_and_discussion_questions_are_essays(exported, lesson_id):
    lesson = lesson_of(exported, lesson_id)
    items = qti_items(exported, lesson_id)
    for item, element in zip(lesson.quiz, items):
        assert mattext(element.find(f"{QTI}presentation/{QTI}material/{QTI}mattext")) == item.prompt
        assert mattext(element.find(f"{QTI}itemfeedback//{QTI}mattext")) == item.explanation
        if isinstance(item, MultipleChoiceItem):
            assert sorted(mattext(label.find(f".//{QTI}mattext"))
                          for label in element.iter(f"{QTI}response_label")) == sorted(item.choices)
            assert element.find(f".//{QTI}render_choice").get("shuffle") == "Yes"  # Canvas shuffles them too
    for question, element in zip(lesson.discussion_questions, items[len(lesson.quiz):]):
        assert metadata(element)["question_type"] == "essay_question"
        assert element.get("title") == question.id
        assert mattext(element.find(f"{QTI}presentation/{QTI}material/{QTI}mattext")) == question.prompt
        assert element.find(f".//{QTI}response_str") is not None


def test_qti_identifiers_are_unique_within_the_package(exported):
    items = qti_items(exported, "mao-khrushchev")
    identifiers = [item.get("ident") for item in items]
    identifiers += [label.get("ident") for item in items for label in item.iter(f"{QTI}response_label")
                    if label.get("ident") != "answer1"]
    assert len(identifiers) == len(set(identifiers))
