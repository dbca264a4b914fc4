"""slides.pptx file properties, decorative timeline shapes and CJK run languages, reopened with python-pptx and lxml."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from datetime import UTC, datetime

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation
from support.decks import make_project

from generators.driver.builder import build
from generators.reading.loader import load_course, load_lesson

NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
      "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"}
CJK = re.compile("[\u3400-\u9fff]")
EPOCH = 1700000000


def deck_path(project, lesson_id: str):
    return project.build_dir / lesson_id / "slides.pptx"


def part(path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def loaded(project, lesson_id: str):
    course = load_course(project.lessons_dir / "_course.yaml", project.root)
    return load_lesson(project.lessons_dir / f"{lesson_id}.yaml", course, project.root)


@pytest.fixture(scope="module")
def dated_project(tmp_path_factory, monkeypatch_module):
    """A project built with SOURCE_DATE_EPOCH set."""
    monkeypatch_module.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    project = make_project(tmp_path_factory.mktemp("dated"), with_sample=False)
    report = build(project, force=True, jobs=1)
    assert not report.invalid and not report.failed, (report.invalid, report.failed)
    return project


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.mark.parametrize("lesson_id", ["pictures", "stress"])
def test_the_slide_size_is_not_tagged_4_by_3(dated_project, lesson_id):
    tree = etree.fromstring(part(deck_path(dated_project, lesson_id), "ppt/presentation.xml"))
    size = tree.find("p:sldSz", NS)
    assert size.get("type") in (None, "custom", "screen16x9")
    assert int(size.get("cx")) * 9 == int(size.get("cy")) * 16


@pytest.mark.parametrize("lesson_id", ["pictures", "stress"])
def test_app_properties_name_lessonkit_and_count_the_slides(dated_project, lesson_id):
    path = deck_path(dated_project, lesson_id)
    presentation = Presentation(str(path))
    app = etree.fromstring(part(path, "docProps/app.xml"))
    assert app.findtext("ep:Application", namespaces=NS) == "Lessonkit"
    assert app.findtext("ep:PresentationFormat", namespaces=NS) in ("Widescreen", "On-screen Show (16:9)")
    assert int(app.findtext("ep:Slides", namespaces=NS)) == len(presentation.slides)
    assert int(app.findtext("ep:Notes", namespaces=NS)) == len(presentation.slides)
    titles = [text.text for text in app.findall("ep:TitlesOfParts/vt:vector/vt:lpstr", NS)]
    slide_titles = [slide.shapes.title.text_frame.text for slide in presentation.slides]
    assert titles[-len(slide_titles):] == slide_titles
    vector = app.find("ep:TitlesOfParts/vt:vector", NS)
    assert int(vector.get("size")) == len(titles)
    counts = [int(count.text) for count in app.findall("ep:HeadingPairs/vt:vector/vt:variant/vt:i4", NS)]
    assert sum(counts) == len(titles)


def test_core_properties_are_the_lessons_and_dated_by_source_date_epoch(dated_project):
    path = deck_path(dated_project, "pictures")
    properties = Presentation(str(path)).core_properties
    view = loaded(dated_project, "pictures")
    lesson = view.lesson
    assert properties.title == lesson.title
    assert properties.subject == lesson.subject
    assert properties.author == (view.course.teacher or "")
    assert properties.last_modified_by == "Lessonkit"
    assert properties.revision == 1
    assert lesson.subject in properties.keywords
    when = datetime.fromtimestamp(EPOCH, tz=UTC).replace(tzinfo=None)
    assert properties.created == properties.modified == when
    assert properties.last_printed is None
    assert not properties.comments
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("docProps/") and name.endswith(".xml"):
                assert b"python-pptx" not in archive.read(name), name
                assert b"Microsoft" not in archive.read(name), name


def test_the_vocabulary_terms_are_keywords(dated_project):
    properties = Presentation(str(deck_path(dated_project, "stress"))).core_properties
    lesson = loaded(dated_project, "stress").lesson
    assert len(properties.keywords) <= 255
    assert properties.keywords.split("; ")[1] == lesson.vocabulary[0].term


def test_the_thumbnail_is_the_title_slide_drawn_small(dated_project):
    path = deck_path(dated_project, "pictures")
    image = Image.open(io.BytesIO(part(path, "docProps/thumbnail.jpeg")))
    assert image.format == "JPEG"
    assert image.width * 9 == image.height * 16
    assert len(image.getcolors(image.width * image.height)) > 1
    colours = LessonColours(dated_project)
    top, bottom = image.convert("RGB").getpixel((2, 2)), image.convert("RGB").getpixel((2, image.height - 3))
    assert close(top, colours.primary) and close(bottom, colours.background)


class LessonColours:
    def __init__(self, project) -> None:
        from generators.model.lesson import LOOKS

        course = loaded(project, "pictures").course
        colors = LOOKS.get(course.look, course.colors)
        self.primary, self.background = colors.primary, colors.background


def close(pixel, hex_color: str) -> bool:
    wanted = [int(hex_color.lstrip("#")[index:index + 2], 16) for index in (0, 2, 4)]
    return all(abs(a - b) <= 12 for a, b in zip(pixel, wanted))


def test_the_timeline_line_and_markers_are_decorative(dated_project):
    presentation = Presentation(str(deck_path(dated_project, "pictures")))
    shapes = [shape for slide in presentation.slides for shape in slide.shapes
              if shape.name == "Timeline line" or shape.name.startswith("Timeline marker")]
    assert any(shape.name == "Timeline line" for shape in shapes)
    assert any(shape.name.startswith("Timeline marker") for shape in shapes)
    for shape in shapes:
        flags = shape._element.xpath(".//*[local-name()='decorative']")
        assert [flag.get("val") for flag in flags] == ["1"], shape.name
    labels = [shape for slide in presentation.slides for shape in slide.shapes
              if shape.name.startswith("Timeline label")]
    assert labels and not any("decorative" in shape._element.xml for shape in labels)


def test_chinese_runs_are_tagged_zh_cn_and_name_an_east_asian_typeface(dated_project):
    presentation = Presentation(str(deck_path(dated_project, "stress")))
    lesson = loaded(dated_project, "stress").lesson
    chinese, latin = [], []
    for slide in presentation.slides:
        for shape in slide.shapes:
            if not shape.name.startswith("Vocabulary card"):
                continue
            for run in shape._element.iterfind(".//a:r", NS):
                text, properties = run.findtext("a:t", namespaces=NS), run.find("a:rPr", NS)
                (chinese if CJK.search(text) else latin).append((text, properties))
    assert chinese
    for text, properties in chinese:
        assert properties.get("lang") == "zh-CN", text
        assert properties.find("a:ea", NS).get("typeface") == "Microsoft YaHei"
    romanizations = {word.romanization for word in lesson.vocabulary if word.romanization}
    pinyin = [(text, properties) for text, properties in latin if text.strip() in romanizations]
    assert pinyin and all(properties.get("lang") == lesson.language for _, properties in pinyin)
    assert b"Droid Sans Fallback" not in b"".join(
        part(deck_path(dated_project, "stress"), f"ppt/slides/slide{number}.xml")
        for number in range(1, len(presentation.slides) + 1))


def test_rebuilds_are_byte_identical_with_source_date_epoch(dated_project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    path = deck_path(dated_project, "stress")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    build(dated_project, ["stress"], force=True, jobs=1)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
