"""A slide template's own example slides (and their notes and pictures) are dropped: the deck built from it starts
with the lesson's title slide and holds only the lesson's slides, its layouts and masters kept."""

from __future__ import annotations

import io
import zipfile

from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.util import Inches
from support.paths import MINIMAL_LESSON as M


def save_template(path, examples: int) -> None:
    """Save python-pptx's default template with example slides: titled, with notes, one with a picture."""
    presentation = Presentation()
    for number in range(1, examples + 1):
        slide = presentation.slides.add_slide(presentation.slide_layouts[1])
        slide.shapes.title.text = f"Example slide {number}"
        slide.notes_slide.notes_text_frame.text = f"Example notes {number}"
        if number == 1:
            picture = io.BytesIO()
            Image.new("RGB", (40, 30), "red").save(picture, "PNG")
            slide.shapes.add_picture(picture, Inches(1), Inches(1))
    if examples:
        add_sections_and_a_custom_show(presentation)
    path.parent.mkdir(exist_ok=True)
    presentation.save(str(path))


def add_sections_and_a_custom_show(presentation) -> None:
    """List the example slides in a custom show and a section, as PowerPoint does; both point at the slides."""
    root = presentation.part._element
    slides = presentation.slides._sldIdLst.sldId_lst
    show = "".join(f'<p:sld r:id="{entry.rId}"/>' for entry in slides)
    ids = "".join(f'<p14:sldId id="{entry.id}"/>' for entry in slides)
    p, r = root.nsmap["p"], root.nsmap["r"]
    root.find(f"{{{p}}}defaultTextStyle").addprevious(etree.fromstring(
        f'<p:custShowLst xmlns:p="{p}" xmlns:r="{r}"><p:custShow name="Examples" id="0"><p:sldLst>{show}</p:sldLst>'
        "</p:custShow></p:custShowLst>"))
    root.append(etree.fromstring(
        f'<p:extLst xmlns:p="{p}"><p:ext uri="{{521415D9-36F7-43E2-AB2F-B90AF26B5E84}}">'
        '<p14:sectionLst xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main">'
        f'<p14:section name="Examples" id="{{6F2C4A9B-1C1B-4E1A-9D7A-3B7E2A0C5D11}}"><p14:sldIdLst>{ids}'
        "</p14:sldIdLst></p14:section></p14:sectionLst></p:ext></p:extLst>"))


def test_a_templates_example_slides_are_not_in_the_deck(tmp_path, run_cli):
    save_template(tmp_path / "assets" / "examples.pptx", 2)
    save_template(tmp_path / "assets" / "plain.pptx", 0)
    (tmp_path / "lessons").mkdir()
    for lesson_id, template in (("with-examples", "examples"), ("plain", "plain")):
        (tmp_path / "lessons" / f"{lesson_id}.yaml").write_text(
            M + f"course:\n  slide_template: assets/{template}.pptx\n", "utf-8")
    assert run_cli(tmp_path, "build", "--format", "slides").code == 0
    built = tmp_path / "build" / "with-examples" / "slides.pptx"
    expected = tmp_path / "build" / "plain" / "slides.pptx"
    deck, plain = Presentation(str(built)), Presentation(str(expected))
    assert len(deck.slides) == len(plain.slides) > 2
    assert deck.slides[0].shapes.title.text == plain.slides[0].shapes.title.text
    assert [slide.slide_id for slide in deck.slides] == [slide.slide_id for slide in plain.slides]
    assert len(deck.slide_layouts) == len(plain.slide_layouts) == 11
    with zipfile.ZipFile(built) as archive, zipfile.ZipFile(expected) as plain_archive:
        assert sorted(archive.namelist()) == sorted(plain_archive.namelist())  # no example slide, notes or picture
        assert not any(name.startswith("ppt/media/") for name in archive.namelist())
        for name in archive.namelist():
            assert b"Example" not in archive.read(name), name  # nor its notes, custom show or section
