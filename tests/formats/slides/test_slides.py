"""slides.pptx reopened with python-pptx: order, titles, notes, alt text, table header, sizes, contrast, footers."""

from __future__ import annotations

import hashlib
import re
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pptx import Presentation
from pptx.util import Emu
from support.decks import template_project
from support.paths import MINIMAL_LESSON as M

from generators.model.lesson import CourseSettings
from generators.reading.loader import load_lesson
from generators.text.colors import contrast_ratio

EMU_PER_POINT = 12700
NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}


@pytest.fixture(scope="module")
def project(built_project):
    return built_project


def deck(project, lesson_id):
    return Presentation(str(project.build_dir / lesson_id / "slides.pptx"))


def lesson(project, lesson_id):
    return load_lesson(project.lessons_dir / f"{lesson_id}.yaml", CourseSettings(), project.root).lesson


def colour_behind(slide, shape, cell) -> str:
    """Return the colour behind a run: its table cell's, the title slide's field of colour, or the background."""
    if cell is not None:
        return str(cell.fill.fore_color.rgb)
    bands = [band for band in slide.shapes if band.name == "Title band"]
    if bands and shape.top + shape.height <= bands[0].top + bands[0].height:
        return str(bands[0].fill.fore_color.rgb)
    return str(slide.background.fill.fore_color.rgb)


def is_decorative(shape) -> bool:
    """Return whether the shape is marked decorative (PowerPoint's accessibility checker and readers skip it)."""
    return "decorative" in shape._element.xml and 'val="1"' in shape._element.xml


def titles(presentation):
    return [slide.shapes.title.text_frame.text for slide in presentation.slides]


def runs_with_shapes(slide):
    for shape in slide.shapes:
        if shape.has_text_frame:
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    yield shape, run, None
        if shape.has_table:
            for row in shape.table.rows:
                for cell in row.cells:
                    for paragraph in cell.text_frame.paragraphs:
                        for run in paragraph.runs:
                            yield shape, run, cell


def test_deck_is_16_by_9(project):
    presentation = deck(project, "pictures")
    assert presentation.slide_width * 9 == presentation.slide_height * 16


def test_slides_follow_the_activities_and_what_each_uses(project):
    # Warm-up uses nothing: its own slide; Work reads both sections (with the first one's pictures), goes through
    # the timeline, analyses the quote and discusses the question; the quiz is not shown in class.
    assert titles(deck(project, "pictures")) == [
        "A Minimal Lesson", "Today's Question", "Agenda", "Warm-up", "The first part", "Two flags",
        "The first part: Picture", "The second part", "Timeline", "Source 1: Someone", "Discuss",
        "Back to the Question", "Sources and Credits"]
    assert titles(deck(project, "flow")) == [
        "How Riverton Built Its Library", "Today's Question", "Agenda", "Hook", "Vocabulary", "Timeline",
        "The petition", "The vote", "Source 1: The petition's writers", "Source 2: A council member",
        *(f"Check for Understanding {number} of 5" for number in range(1, 6)),
        "Discuss: Question 1 of 2", "Discuss: Question 2 of 2", "Exit Ticket", "Back to the Question",
        "Sources and Credits", "Appendix", "More Vocabulary"]


@pytest.mark.parametrize("lesson_id", ["pictures", "stress", "mao-khrushchev"])
def test_every_slide_has_a_unique_title_first_in_reading_order(project, lesson_id):
    if not (project.lessons_dir / f"{lesson_id}.yaml").exists():
        pytest.skip("sample lesson not present")
    presentation = deck(project, lesson_id)
    slide_titles = titles(presentation)
    assert len(slide_titles) == len(set(slide_titles))
    for slide in presentation.slides:
        read = [shape for shape in slide.shapes if not is_decorative(shape)]  # a screen reader skips decoration
        first = read[0]
        assert first.is_placeholder and first.placeholder_format.idx == 0
        assert first.text_frame.text


@pytest.mark.parametrize("lesson_id", ["pictures", "stress", "mao-khrushchev"])
def test_every_slide_has_speaker_notes(project, lesson_id):
    if not (project.lessons_dir / f"{lesson_id}.yaml").exists():
        pytest.skip("sample lesson not present")
    for slide in deck(project, lesson_id).slides:
        assert slide.has_notes_slide and len(slide.notes_slide.notes_text_frame.text) > 40


def test_continuation_slides_are_numbered(project):
    slide_titles = titles(deck(project, "stress"))
    section = [title for title in slide_titles if title.startswith("A Section With Thirty Points")]
    assert len(section) > 1
    assert section[0].endswith(f"(1 of {len(section)})") and section[-1].endswith(f"({len(section)} of {len(section)})")
    assert "Timeline (1 of 2)" in slide_titles and "Timeline (2 of 2)" in slide_titles


def test_all_thirty_key_points_appear_once_and_in_order(project):
    texts = []
    for slide in deck(project, "stress").slides:
        if slide.shapes.title.text_frame.text.startswith("A Section With Thirty Points"):
            texts += [paragraph.text for paragraph in slide.placeholders[1].text_frame.paragraphs]
    assert texts == lesson(project, "stress").sections[0].key_points


def test_markup_like_text_is_shown_as_typed(project):
    presentation = deck(project, "stress")
    assert presentation.slides[0].shapes.title.text_frame.text == (
        "Stress Test: Mao & Khrushchev <b>Split</b> — “Quotes”, 🙂 and 修正主义 (xiūzhèng)")


def test_checks_show_no_answer_and_the_notes_letter_names_the_right_choice_on_the_slide(project):
    items = {item.prompt: item for item in lesson(project, "flow").quiz}
    checks = [slide for slide in deck(project, "flow").slides
              if slide.shapes.title.text_frame.text.startswith("Check for")]
    assert len(checks) == 5
    for slide in checks:
        notes = slide.notes_slide.notes_text_frame.text
        lines = [line for shape in slide.shapes if shape.has_text_frame and shape != slide.shapes.title
                 for line in shape.text_frame.text.splitlines()]
        item = items[lines[0]]
        assert "Answer" not in " ".join(lines) and item.explanation not in " ".join(lines)
        if item.type == "multiple_choice":
            letter = re.search(r"Answer: ([A-F])\. ", notes).group(1)
            assert f"{letter}. {item.answer}" in lines
        else:
            assert f"Answer: {'True' if item.answer else 'False'}." in notes


def test_pictures_carry_the_lessons_alt_text_and_decorative_flag(project):
    pictures = [shape for slide in deck(project, "pictures").slides for shape in slide.shapes
                if shape.shape_type == 13]
    assert len(pictures) == 2
    described = pictures[0]._element.nvPicPr.cNvPr
    assert described.get("descr") == "Two red flags side by side."
    decorative = pictures[1]._element.nvPicPr.cNvPr
    assert decorative.get("descr") == ""
    flags = decorative.xpath(".//*[local-name()='decorative']")
    assert [flag.get("val") for flag in flags] == ["1"]


def test_vocabulary_rows_are_shared_evenly_across_its_slides(project):
    def rows(prefix: str) -> list[int]:
        return [len(cards(slide)) for slide in deck(project, "mao-khrushchev").slides
                if slide.shapes.title.text_frame.text.startswith(prefix)]

    previewed, more = rows("Vocabulary"), rows("More Vocabulary")
    assert sum(previewed) == 5 and sum(previewed) + sum(more) == len(lesson(project, "mao-khrushchev").vocabulary)
    for counts in (previewed, more):  # filled in turn they were 4 + 3 + 4 + 3 + 1
        assert max(counts) - min(counts) <= 1, counts


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(), max_size=40), st.integers(min_value=1, max_value=8))
def test_even_shares_keep_order_and_differ_by_one_at_most(items, count):
    from generators.formats.slides.plan import even_shares

    groups = even_shares(items, count)
    assert len(groups) == count and [item for group in groups for item in group] == items
    assert max(map(len, groups)) - min(map(len, groups)) <= 1


def cards(slide) -> list:
    return sorted((shape for shape in slide.shapes if shape.name.startswith("Vocabulary card")),
                  key=lambda shape: int(shape.name.rsplit(" ", 1)[1]))


def test_vocabulary_is_a_card_a_term_with_its_original_form_and_meaning(project):
    words = lesson(project, "stress").vocabulary
    slides = [slide for slide in deck(project, "stress").slides
              if slide.shapes.title.text_frame.text.startswith("Vocabulary")]
    shown = [card for slide in slides for card in cards(slide)]
    assert len(shown) == len(words)
    for card, word in zip(shown, words):
        lines = [paragraph.text for paragraph in card.text_frame.paragraphs]
        assert lines[0] == word.term and lines[-1] == word.definition
        assert lines[1] == " ".join(part for part in (word.native_script, word.romanization) if part)
        term_size = card.text_frame.paragraphs[0].runs[0].font.size.pt
        assert term_size == card.text_frame.paragraphs[-1].runs[0].font.size.pt + 4


@pytest.mark.parametrize("lesson_id", ["pictures", "stress", "mao-khrushchev"])
def test_font_sizes_stay_in_their_ranges(project, lesson_id):
    if not (project.lessons_dir / f"{lesson_id}.yaml").exists():
        pytest.skip("sample lesson not present")
    for slide in deck(project, lesson_id).slides:
        for shape, run, _ in runs_with_shapes(slide):
            size = run.font.size.pt
            if shape.is_placeholder and shape.placeholder_format.idx == 0:
                assert 36 <= size <= 44, (shape.text_frame.text, size)
            elif shape.name in ("Footer", "Slide number"):
                assert 12 <= size <= 14
            elif shape.name == "Activity number":
                assert size in (96, 20)  # the number, and its "activity n of m" label
            else:
                assert 20 <= size <= 40, (run.text, size)
                if shape.is_placeholder and shape.placeholder_format.idx == 1 and \
                        not slide.shapes.title.text_frame.text.startswith(("Source ", "Appendix")) and \
                        slide != deck(project, lesson_id).slides[0]:
                    assert 24 <= size <= 28, (run.text, size)


@pytest.mark.parametrize("lesson_id", ["pictures", "stress"])
def test_text_contrast_meets_wcag_aa(project, lesson_id):
    for slide in deck(project, lesson_id).slides:
        for shape, run, cell in runs_with_shapes(slide):
            assert contrast_ratio(str(run.font.color.rgb), colour_behind(slide, shape, cell)) >= 4.5


def test_low_contrast_colours_are_rejected_before_building(project, tmp_path, run_cli):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "x.yaml").write_text(M + "course:\n  colors:\n    text: '#AAAAAA'\n", "utf-8")
    result = run_cli(tmp_path, "build")
    assert result.code == 2
    assert result.err.splitlines()[0] == (
        "lessons/x.yaml:72:11: error: course.colors.text: text colour #AAAAAA on background #FFFFFF has a contrast "
        "of 2.3:1; text needs at least 4.5:1 to be readable (choose a darker or lighter colour)")


@pytest.mark.parametrize("lesson_id", ["pictures", "stress", "mao-khrushchev"])
def test_every_slide_but_the_first_has_a_footer_and_its_number(project, lesson_id):
    """The footer says which activity the class is in (as the notes' first line does), else the lesson's title."""
    presentation = deck(project, lesson_id)
    taught = lesson(project, lesson_id)
    activities = [activity.name for activity in taught.activities]
    for number, slide in enumerate(presentation.slides, start=1):
        names = {shape.name: shape for shape in slide.shapes}
        if number == 1:
            assert "Footer" not in names and "Slide number" not in names
            continue
        notes = slide.notes_slide.notes_text_frame.text.splitlines()[0]
        activity = notes.split(" · ")[0]
        expected_footer = (f"Activity {activities.index(activity) + 1} of {len(activities)} · {activity}"
                           if activity in activities else taught.title)
        footer = names["Footer"].text_frame.text
        assert footer == expected_footer or (footer.endswith("…") and expected_footer.startswith(footer[:-1]))
        fields = names["Slide number"]._element.findall(".//a:fld", NS)
        assert [(field.get("type"), field.findtext("a:t", namespaces=NS)) for field in fields] == \
            [("slidenum", str(number))]


@pytest.mark.parametrize("lesson_id", ["pictures", "stress"])
def test_every_shape_lies_on_the_slide(project, lesson_id):
    presentation = deck(project, lesson_id)
    for slide in presentation.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0
            assert shape.left + shape.width <= presentation.slide_width
            assert shape.top + shape.height <= presentation.slide_height


def test_timeline_labels_never_overlap(project):
    for slide in deck(project, "stress").slides:
        labels = [shape for shape in slide.shapes if shape.name.startswith("Timeline label")]
        for index, first in enumerate(labels):
            for second in labels[index + 1:]:
                apart = (first.left + first.width <= second.left or second.left + second.width <= first.left
                         or first.top + first.height <= second.top or second.top + second.height <= first.top)
                assert apart, (first.name, second.name)


def test_rebuilds_are_byte_identical_with_fixed_zip_times(project, tmp_path, monkeypatch):
    from generators.driver.builder import build

    path = project.build_dir / "pictures" / "slides.pptx"
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    build(project, ["pictures"], force=True, jobs=1)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    with zipfile.ZipFile(path) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_key_point_too_long_for_any_slide_names_lesson_line_and_point(tmp_path, run_cli):
    (tmp_path / "lessons").mkdir()
    text = M.replace("      - One point.", "      - " + "Far too long a point. " * 200)
    (tmp_path / "lessons" / "x.yaml").write_text(text, "utf-8")
    result = run_cli(tmp_path, "build")
    assert result.code == 2
    assert result.err.splitlines()[0] == (
        "lessons/x.yaml:24:9: error: sections[0].key_points[0]: the key point 'Far too long a point. Far too long a "
        "poi…' is too long for one slide even at 24 pt (4399 characters); split it into shorter key points")
    assert not (tmp_path / "build" / "x").exists()


def test_a_template_missing_layouts_is_reported_before_anything_is_written(tmp_path, run_cli):
    presentation = Presentation()
    layouts = presentation.slide_layouts
    for layout in list(layouts):
        if layout.name in ("Section Header", "Two Content"):
            layouts.remove(layout)
    (tmp_path / "assets").mkdir()
    presentation.save(str(tmp_path / "assets" / "school.pptx"))
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "x.yaml").write_text(M + "course:\n  slide_template: assets/school.pptx\n", "utf-8")
    result = run_cli(tmp_path, "build")
    assert result.code == 2
    assert result.err.splitlines()[0] == (
        "lessons/x.yaml:71:19: error: course.slide_template: the slide template 'assets/school.pptx' lacks a layout "
        "named 'Section Header' (for section slides); a layout named 'Two Content' (for two-content slides)")
    assert not (tmp_path / "build" / "x").exists()


def test_a_template_is_used_by_layout_name(tmp_path, run_cli):
    template_project(tmp_path, M)
    assert run_cli(tmp_path, "build").code == 0
    built = Presentation(str(tmp_path / "build" / "x" / "slides.pptx"))
    assert built.slide_width == Emu(9144000)  # the template's own 4:3 size is kept
    assert [slide.slide_layout.name for slide in built.slides][:3] == ["Title Slide", "Content", "Content"]


@pytest.mark.parametrize("lesson_id", ["mao-khrushchev", "flow", "stress"])
def test_every_slide_of_one_layout_has_the_same_title_size(project, lesson_id):
    sizes: dict[str, set[float]] = {}
    for slide in deck(project, lesson_id).slides:
        title = slide.shapes.title
        sizes.setdefault(slide.slide_layout.name, set()).update(
            run.font.size.pt for paragraph in title.text_frame.paragraphs for run in paragraph.runs)
    assert all(len(found) == 1 for found in sizes.values()), sizes


@pytest.mark.parametrize("look", ["dark", "high contrast"])
def test_a_look_chosen_by_name_colours_every_slide_and_keeps_text_readable(look, tmp_path, run_cli):
    from generators.model.lesson import LOOKS

    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "x.yaml").write_text(M + f"course:\n  look: {look}\n", "utf-8")
    assert run_cli(tmp_path, "build", "--format", "slides").code == 0
    palette = LOOKS[look]
    for slide in Presentation(str(tmp_path / "build" / "x" / "slides.pptx")).slides:
        assert f"#{slide.background.fill.fore_color.rgb}" == palette.background
        for shape, run, cell in runs_with_shapes(slide):
            assert contrast_ratio(str(run.font.color.rgb), colour_behind(slide, shape, cell)) >= 7.0, (look, run.text)


def test_a_source_slide_is_a_card_with_its_headnote_above_the_words_and_the_speaker_below(project):
    quote = lesson(project, "pictures").sections[0].quotes[0]
    slide = next(slide for slide in deck(project, "pictures").slides
                 if slide.shapes.title.text_frame.text.startswith("Source 1"))
    body = next(shape for shape in slide.placeholders if shape.placeholder_format.idx == 1)
    paragraphs = [paragraph.text for paragraph in body.text_frame.paragraphs]
    assert paragraphs[0] == quote.context and paragraphs[1] == f"“{quote.text}”"
    assert paragraphs[2].startswith(f"— {quote.speaker}")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(1900, 2000), min_size=1, max_size=6).map(sorted))
def test_timeline_marks_keep_their_order_their_room_and_the_slide_whatever_the_dates(whens):
    from generators.formats.slides.plan import scaled_centres

    spacing, first = 100.0, 150.0
    last = first + (len(whens) - 1) * spacing
    centres = scaled_centres(whens, first, last, 2 * spacing, 20.0)
    assert all(first - 1e-6 <= centre <= last + 1e-6 for centre in centres)
    assert all(later - earlier >= 20.0 - 1e-6 for earlier, later in zip(centres, centres[1:]))
    assert all(centres[index + 2] - centres[index] >= 2 * spacing - 1e-6 for index in range(len(centres) - 2))


def test_the_timeline_is_drawn_to_scale(project):
    slide = next(slide for slide in deck(project, "mao-khrushchev").slides
                 if slide.shapes.title.text_frame.text == "Timeline (2 of 2)")
    markers = sorted((shape for shape in slide.shapes if shape.name.startswith("Timeline marker")),
                     key=lambda shape: int(shape.name.rsplit(" ", 1)[1]))
    centres = [shape.left + shape.width / 2 for shape in markers]
    gaps = [later - earlier for earlier, later in zip(centres, centres[1:])]
    # May, June and November 1957, then 1958: five months between June and November, one before
    assert gaps[1] > 2 * gaps[0] > 0


def test_a_timeline_that_returns_highlights_the_events_of_the_part_being_taught(tmp_path):
    """The flow lesson shows its timeline in 'Words and dates'; a later activity reading the vote section shows it
    again with the vote's event filled and larger, the others hollow, and its notes say so."""
    from support.paths import FIXTURES

    from generators.driver.builder import Project, build

    flow = (FIXTURES / "flow.yaml").read_text("utf-8")
    flow = flow.replace("    label: The council votes for the library\n",
                        "    label: The council votes for the library\n    section: vote\n", 1)
    debate = "    uses:\n      discussion: [who-decides, fair]\n"
    returning = debate.replace("    uses:\n", "    uses:\n      sections: [vote]\n      timeline: true\n")
    flow = flow.replace(debate, returning, 1)
    assert flow.count("timeline: true") == 2 and "section: vote" in flow
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "flow.yaml").write_text(flow, "utf-8")
    report = build(Project(tmp_path, tmp_path / "build"), force=True, jobs=1)
    assert not report.invalid and not report.failed
    slides = [slide for slide in Presentation(str(tmp_path / "build" / "flow" / "slides.pptx")).slides
              if slide.shapes.title.text_frame.text.startswith("Timeline")]
    assert len(slides) == 2

    def markers(slide):
        shapes = sorted((shape for shape in slide.shapes if shape.name.startswith("Timeline marker")),
                        key=lambda shape: shape.left)
        return [(round(Emu(shape.width).pt), shape._element.spPr.find(f"{{{NS['a']}}}solidFill") is not None,
                 shape._element.spPr.find(f"{{{NS['a']}}}ln/{{{NS['a']}}}solidFill") is not None)
                for shape in shapes]

    first, again = markers(slides[0]), markers(slides[1])
    assert len({size for size, _, _ in first}) == 1 and all(filled for _, filled, _ in first)
    assert again[1][0] > again[0][0] == again[2][0]  # the vote (1902) is the larger dot
    assert not again[1][2] and again[0][2] and again[2][2]  # the others are outlined: hollow rings
    notes = slides[1].notes_slide.notes_text_frame.text
    assert "filled dots are this part's events (June 1902)" in notes


def test_section_notes_follow_the_activitys_grouping(project):
    """In an individual reading the slide is a guide while students read; in a group activity the teacher goes
    over it with them."""
    taught = lesson(project, "mao-khrushchev")
    headings = {section.heading for section in taught.sections}
    for slide in deck(project, "mao-khrushchev").slides:
        if slide.shapes.title.text_frame.text in headings:
            notes = slide.notes_slide.notes_text_frame.text
            grouping = notes.splitlines()[0].split(" · ")[1]
            assert ("read this section on their own" in notes) == (grouping == "individual")
