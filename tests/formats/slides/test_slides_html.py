"""slides.html and preview.html against the deck itself: the same slides in the same order, each shape with the same
text, position, size and type sizes as python-pptx reads them from slides.pptx."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html
from pptx import Presentation
from support.decks import deck_shapes, page_shapes, template_project, words

LESSONS = ["mao-khrushchev", "stress", "pictures", "flow"]
@pytest.mark.parametrize("lesson", LESSONS)
@pytest.mark.parametrize("page", ["slides.html", "preview.html"])
def test_the_web_slides_are_the_decks_slides_shape_for_shape(built_project, lesson, page):
    folder = built_project.build_dir / lesson
    width, height, deck = deck_shapes(folder / "slides.pptx")
    drawn = page_shapes(folder / page, width / 12700)
    assert len(drawn) == len(deck)
    for number, (slide, (section, shapes)) in enumerate(zip(deck, drawn), start=1):
        assert section.get("id") == f"slide-{number}"
        assert [text for text, _, _ in shapes] == [text for text, _, _ in slide], f"slide {number}"
        for (_, box, sizes), (text, (left, top, shape_width, shape_height), deck_sizes) in zip(shapes, slide):
            expected = (left / width, top / height, shape_width / width, shape_height / height)
            assert box == pytest.approx(expected, abs=2e-4), f"slide {number}: {text[:40]}"
            assert sizes == pytest.approx(deck_sizes, abs=0.01), f"slide {number}: {text[:40]}"


def test_each_slide_has_a_real_heading_and_pictures_their_alt_text(built_project):
    document = lxml_html.fromstring((built_project.build_dir / "pictures" / "slides.html").read_bytes())
    sections = document.xpath('//section[contains(@class, "slide")]')
    headings = [section.xpath(".//h1 | .//h2") for section in sections]
    assert all(len(found) == 1 for found in headings)
    assert headings[0][0].tag == "h1" and {found[0].tag for found in headings[1:]} == {"h2"}
    for section, found in zip(sections, headings):
        assert section.get("aria-labelledby") == found[0].get("id")
    alts = [image.get("alt") for image in document.xpath("//img")]
    assert alts == ["Two red flags side by side.", ""]  # the decorative picture is silent
    assert all(image.get("src").startswith("data:image/png;base64,") for image in document.xpath("//img"))
    hidden = document.xpath('//*[contains(@class, "marker") or contains(@class, "line") or contains(@class, "band")]')
    assert hidden and all(element.get("aria-hidden") == "true" for element in hidden)


def test_the_preview_puts_the_plans_clock_beside_each_slide_and_links_every_material(built_project):
    folder = built_project.build_dir / "mao-khrushchev"
    document = lxml_html.fromstring((folder / "preview.html").read_bytes())
    presentation = Presentation(folder / "slides.pptx")
    clocks = [words(aside.xpath('.//p[@class="clock"]')[0].text_content()) for aside in document.xpath("//aside")]
    notes = [slide.notes_slide.notes_text_frame.text.split("\n")[0] for slide in presentation.slides]
    assert clocks == notes  # the same activity, grouping and minutes as the speaker notes say
    plan = [words(item.text_content()) for item in document.xpath('//nav[@class="plan"]//li')]
    assert plan[0].startswith("0:00–0:05 Warm-up") and plan[-1].startswith("0:43–0:50 Exit ticket")
    for link in document.xpath('//nav[@class="plan"]//a'):
        assert document.get_element_by_id(link.get("href").lstrip("#")) is not None
    hrefs = {link.get("href") for link in document.xpath('//section[@class="materials"]//a')}
    built = {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file() and
             not path.name.startswith(".")}
    assert hrefs == built - {"preview.html"}
    assert document.xpath("//iframe[@name='viewer']")[0].get("src") in built
    teacher = document.xpath('//section[@class="materials"]/h3[.="For the teacher"]/following-sibling::ul[1]//a')
    assert {"answer-key.pdf", "quiz-key.pdf", "lesson-plan.pdf"} <= {link.get("href") for link in teacher}
    assert "Worksheet support (PDF)" in {words(link.text_content()) for link in
                                         document.xpath('//section[@class="materials"]//a')}


def test_a_template_decks_web_slides_take_its_size_and_its_layouts_places(tmp_path, run_cli):
    from support.paths import MINIMAL_LESSON

    template_project(tmp_path, MINIMAL_LESSON)
    assert run_cli(tmp_path, "build", "--format", "slides").code == 0
    folder = tmp_path / "build" / "x"
    width, height, deck = deck_shapes(folder / "slides.pptx")
    assert (width, height) == (9144000, 6858000)  # the template's 4:3
    assert "aspect-ratio: 720 / 540" in (folder / "slides.html").read_text("utf-8")
    drawn = page_shapes(folder / "slides.html", width / 12700)
    assert len(drawn) == len(deck)
    for number, (slide, (_, shapes)) in enumerate(zip(deck, drawn), start=1):
        assert [text for text, _, _ in shapes] == [text for text, _, _ in slide], f"slide {number}"
        for (_, box, _), (text, (left, top, shape_width, shape_height), _) in zip(shapes, slide):
            expected = (left / width, top / height, shape_width / width, shape_height / height)
            assert box == pytest.approx(expected, abs=2e-4), f"slide {number}: {text[:40]}"
