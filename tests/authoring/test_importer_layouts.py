"""`import ARTICLE` on layouts the sample article lacks, on Markdown read by a real parser, and on bad input."""

from __future__ import annotations

import pytest
from support.paths import FIXTURES, REPO

from generators.authoring import importer
from generators.authoring.importer import MAX_ARTICLE_BYTES, DraftImage

ARTICLES = FIXTURES / "articles"
SEED_ARTICLE = REPO.parent / "shared" / "seeds" / "000_502dfcded51e89e3.txt"


def headings(draft) -> list[str]:
    return [section.heading for section in draft.lesson.sections]


def images(draft) -> list[DraftImage]:
    return [image for section in draft.article.sections for image in section.images]


@pytest.mark.parametrize(("byline", "author", "affiliation"), [
    ("By Richard BaumUniversity of California, Los Angeles", "Richard Baum", "University of California, Los Angeles"),
    ("By Ann SmithMcGill University", "Ann Smith", "McGill University"),
    ("By Joost DeVriesLeiden University", "Joost DeVries", "Leiden University"),
    ("By Ann McDonald", "Ann McDonald", None),
    ("By Jane DoeStaff Writer", "Jane Doe", None),
    ("By Jane Doe, Staff Writer", "Jane Doe", None),
    ("By Jane Doe, Current Events Writer", "Jane Doe", None),
    ("By Jane Doe, staff writer", "Jane Doe", None),
    ("By Jane Doe, Ph.D.Kyoto University", "Jane Doe", "Kyoto University"),
])
def test_byline_layouts_give_author_and_affiliation(draft, byline, author, affiliation):
    source = draft(f"A Short History\n\n{byline}\n\nThe town was founded in 1620.\n").lesson.source
    assert (source.author, source.affiliation) == (author, affiliation)


def test_glued_affiliation_is_split_from_the_name(article):
    suez = article("suez-canal.txt")
    assert (suez.lesson.source.author, suez.lesson.source.affiliation) == ("Leila Haddad", "University of Edinburgh")
    assert not [text for text in suez.all_text() if "Haddad" in text]


def test_staff_writer_byline_and_series_label_on_its_own_line(article):
    steam = article("steam-railways.txt")
    source = steam.lesson.source
    assert (source.title, source.author, source.affiliation, source.series) == (
        "When Steam Came to the Valley", "Helen Marsh", None, "The Age of Steam")
    assert not [text for text in steam.all_text() if "LECTURE" in text or "Age of Steam" in text]


def test_lecture_series_line_with_a_space_before_its_colon_becomes_the_series(article):
    suez = article("suez-canal.txt")
    assert suez.lesson.source.series == "Empires of the Nineteenth Century"
    assert headings(suez) == ["Introduction", "Digging the Channel", "A Kingdom in Debt"]


def test_article_promotion_line_names_the_series_and_platform_and_is_dropped(article):
    steam = article("steam-railways.txt")
    assert 'publisher: "TODO: publisher"  # the article promotes "Historia Plus"' in steam.text
    assert not [text for text in steam.all_text() if "comes directly" in text or "Watch it now" in text]
    assert headings(steam) == ["Introduction", "Fares and Workers"]


@pytest.mark.parametrize("promotion", [
    "This article comes directly from content in the video series The Age of Steam. Watch it now, on Historia Plus.",
    "This article comes directly from content in the video series The Age of SteamWatch it now, on Historia Plus.",
    "This is a transcript from the video series The Age of Steam Watch it now, on Historia Plus.",
])
def test_promotion_line_variants(draft, promotion):
    promoted = draft(f"Steam\n\nThe line opened in 1839.\n\n{promotion}\n\nFares\n\nTickets were cheap.\n")
    assert promoted.lesson.source.series == "The Age of Steam"
    assert promoted.article.source.platform == "Historia Plus"
    assert promoted.all_text() == ["Introduction", "Fares", "The line opened in 1839.", "Tickets were cheap."]


def test_picture_description_apart_from_its_caption_line_is_the_alt_text_not_a_heading(article):
    suez = article("suez-canal.txt")
    assert images(suez)[0] == DraftImage(alt="Illustration of ships passing through a narrow desert canal",
                                         caption="The first convoy took several days to reach the Red Sea.",
                                         credit="Image: Harbour Prints/Shutterstock")
    assert not [text for text in suez.all_text() if "Illustration" in text or "first convoy" in text]


def test_caption_credit_may_hold_parentheses_of_its_own(article):
    port_said = images(article("suez-canal.txt"))[1]
    assert (port_said.alt, port_said.credit) == ("Photograph of a crowded harbour at Port Said",
                                                 "Image: Old Ports Archive (public domain)/Wikimedia Commons")
    assert article("suez-canal.txt").article.sections[2].images == [port_said]


def test_caption_with_a_credit_in_parentheses_names_the_credit(article):
    steam = article("steam-railways.txt")
    assert images(steam) == [DraftImage(alt="Photograph of a steam locomotive crossing a stone viaduct",
                                        caption="The Carrow Viaduct carried the first trains over the river.",
                                        credit="Credit: Valley Railway Museum")]
    assert '      #   credit: "Credit: Valley Railway Museum"\n' in steam.text


def test_heading_before_a_caption_line_stays_a_heading(draft):
    article = draft("Steam\n\nThe line opened.\n\nFares and Workers\n\nA crowded platform. (Image: Rail Archive)\n\n"
                    "Tickets were cheap.\n")
    assert headings(article) == ["Introduction", "Fares and Workers"]
    assert images(article)[0].alt == "A crowded platform."


def test_short_quotation_in_a_sentence_that_reports_words_is_a_candidate_with_its_speaker_to_check(article):
    quotes = article("suez-canal.txt").quotes()
    assert quotes["a ditch for dreamers and debtors"] == ("TODO: check the speaker (London Examiner?)", "1869-11")
    assert quotes["the day Egypt sold its own front door"] == ("TODO: speaker", "1875")
    steam = article("steam-railways.txt").quotes()
    assert steam["the greatest blessing since the bridge was built"] == (
        "TODO: check the speaker (Carrow Gazette?)", "1839")
    assert steam["noisy iron monsters"] == ("TODO: speaker", "1839")


def test_quotation_whose_sentence_names_its_speaker_keeps_the_speaker(article):
    assert article("suez-canal.txt").quotes()["The canal must belong to Egypt, not Egypt to the canal"] == (
        "Rashid", "1863")
    assert article("steam-railways.txt").quotes()[
        "We sold more tickets in a week than the coaches sold in a year"] == ("Pike", "1851")


def test_terms_names_and_unattributed_phrases_are_not_candidate_quotes(article):
    assert set(article("suez-canal.txt").quotes()) == {
        "a ditch for dreamers and debtors", "The canal must belong to Egypt, not Egypt to the canal",
        "the day Egypt sold its own front door"}  # not the term ‘master stroke’
    assert set(article("steam-railways.txt").quotes()) == {
        "the greatest blessing since the bridge was built", "noisy iron monsters",
        "We sold more tickets in a week than the coaches sold in a year"}  # not ‘iron horse’, "Pride of the Valley"


@pytest.mark.parametrize(("sentence", "quotes"), [
    ("The council dismissed the plan as ‘a waste of good money’.", {"a waste of good money": "TODO: speaker"}),
    ("The Board of Trade described the bridge as 'safe beyond any doubt'.",
     {"safe beyond any doubt": "TODO: check the speaker (Board of Trade?)"}),
    ("A paper in Leeds called the strike “a war on bread”.", {"a war on bread": "TODO: speaker"}),
    ("The mill owners called it a ‘dangerous idea’.", {}),
    ("Crowds cheered the “Great Leap Forward” in the square.", {}),
    ("Workers sang “we shall not be moved” at the gates.", {}),
])
def test_candidate_quotes_in_one_sentence(draft, sentence, quotes):
    found = draft(f"Strikes\n\nIn 1912, the mills stopped. {sentence}\n").quotes()
    assert {text: speaker for text, (speaker, _) in found.items()} == quotes


@pytest.mark.skipif(not SEED_ARTICLE.exists(), reason="the source article is not beside the repository")
def test_seed_article_offers_the_peoples_daily_phrase_as_a_candidate_quote(draft):
    quotes = draft(SEED_ARTICLE.read_text("utf-8")).quotes()
    assert quotes["outstanding Marxist-Leninist fighter"] == ("TODO: check the speaker (People’s Daily?)", "1956-02")


def test_markdown_setext_title_and_headings(article):
    sail = article("age-of-sail.md")
    assert (sail.lesson.title, sail.lesson.source.author, sail.lesson.source.affiliation) == (
        "The Age of Sail", "Tomas Varga", None)
    assert headings(sail) == ["Introduction", "Life on Board"]
    assert not [text for text in sail.all_text() if "===" in text or "---" in text or "Keep Reading" in text]


def test_markdown_list_items_are_paragraphs_without_their_marks_and_never_quotes(article):
    life_on_board = article("age-of-sail.md").lesson.section("life-on-board")
    assert life_on_board.summary[:3] == ["A crew of twenty men worked the ship in shifts called watches:",
                                         "The morning watch scrubbed the decks and trimmed the sails.",
                                         "The evening watch kept a lookout for other ships and for rocks."]


def test_markdown_code_block_is_kept_as_text_and_block_quote_as_a_quote(article):
    sail = article("age-of-sail.md")
    assert sail.quotes() == {
        "12 March. Wind rising from the north-west. Took in the topsails at midnight.": ("TODO: speaker", "1791-03"),
        "The sea has taken two of our sails but none of our men. We shall be home before the harvest.": (
            "Brandt", "1791-03")}
    assert not [text for text in sail.all_text() if "```" in text or text.startswith(">")]


def test_markdown_caption_paragraph_after_a_picture_completes_it(article):
    sail = article("age-of-sail.md")
    assert images(sail) == [DraftImage(alt="A three-masted merchant ship under full sail",
                                       caption="Ships like this one crossed the Atlantic in about six weeks.",
                                       credit="Image: Harbour Prints/Shutterstock",
                                       file="assets/images/merchant-ship.jpg")]
    assert [question.prompt for question in sail.lesson.discussion_questions] == [
        "How long did a voyage from Lisbon to the Baltic take?"]


def test_markdown_marks_inside_code_and_raw_html_are_not_read_as_structure(draft):
    markdown = draft("Sail\n====\n\nShips sailed.\n\n```\n# not a heading\n* not a list\n```\n\n"
                     "<div class=\"advert\">Subscribe now</div>\n\nCrews\n-----\n\n- *Sailors* worked [hard](x).\n",
                     markdown=True)
    assert headings(markdown) == ["Introduction", "Crews"]
    assert markdown.lesson.sections[0].summary == ["Ships sailed.", "# not a heading * not a list"]
    assert markdown.lesson.sections[1].summary == ["Sailors worked hard."]


def test_text_too_long_for_a_lesson_field_is_split_or_demoted(draft):
    sentence = "The convoy waited at the southern end of the canal for the wind to change. "
    paragraph = (sentence * 200).strip()
    long_heading = "Heading " * 50
    drafted = draft(f"# Title\n\n## {long_heading}\n\n{paragraph}\n", markdown=True)
    summary = drafted.lesson.sections[0].summary
    assert summary[0] == long_heading.strip()
    assert all(len(part) <= 5000 for part in summary) and " ".join(summary[1:]) == paragraph


@pytest.mark.parametrize("name", sorted(path.name for path in ARTICLES.iterdir()))
def test_every_fixture_article_imports_to_a_draft_that_check_accepts(project, run_cli, name):
    result = run_cli(project, "import", str(ARTICLES / name), "-o", "lessons/draft.yaml")
    assert result.code == 0, result.err
    checked = run_cli(project, "check")
    assert checked.code == 0, checked.err


@pytest.mark.parametrize(("content", "message"), [
    (b"Title\n\nA bell \x07 rang.\n", "article.txt contains the control character U+0007 (line 3, column 8), which "
                                      "no lesson can hold; delete it (it often comes with text pasted from another "
                                      "program)"),
    (b"Title\n\nText\x00 here.\n", "article.txt contains a NUL byte (line 3, column 5): it is not a text file; save "
                                   "the article as plain text (UTF-8) or Markdown"),
    (b"Title\n\nA form\x0cfeed.\n", "article.txt contains the control character U+000C (line 3, column 7)"),
])
def test_article_with_control_characters_is_a_clear_error_and_writes_nothing(project, run_cli, content, message):
    (project / "article.txt").write_bytes(content)
    result = run_cli(project, "import", "article.txt")
    assert result.code == 2
    assert result.err.startswith(f"error: {message}") and result.err.count("\n") == 1
    assert list((project / "lessons").iterdir()) == []


def test_article_over_the_size_limit_is_a_clear_error_and_writes_nothing(project, run_cli):
    with (project / "article.txt").open("wb") as huge:
        huge.truncate(50 * 1024 * 1024)
    result = run_cli(project, "import", "article.txt")
    assert result.code == 2
    assert result.err == (f"error: article.txt is 52,428,800 bytes; an article to import may be at most "
                          f"{MAX_ARTICLE_BYTES:,} bytes (is this the right file? import a long text in parts)\n")
    assert list((project / "lessons").iterdir()) == []


def test_article_whose_draft_would_be_too_big_for_a_lesson_file_is_a_clear_error(project, run_cli):
    (project / "article.txt").write_text("Title\n\n" + "Heading\n\nText.\n\n" * 15_000, "utf-8")
    result = run_cli(project, "import", "article.txt")
    assert result.code == 2
    assert result.err.startswith("error: cannot draft a lesson from article.txt: its draft would be ")
    assert result.err.endswith("more than a lesson file may hold (1,000,000); import the article in parts\n")
    assert list((project / "lessons").iterdir()) == []


def test_a_draft_the_loader_would_refuse_is_never_written(project, run_cli, monkeypatch):
    render = importer.render_draft
    monkeypatch.setattr(importer, "render_draft",
                        lambda article, name: render(article, name).replace('year: "n.d."', 'year: "soon"'))
    result = run_cli(project, "import", str(ARTICLES / "silk-road.txt"))
    assert result.code == 2
    assert result.err.startswith("error: cannot draft a lesson from ") and "source.year: 'soon' is not a year" in (
        result.err)
    assert list((project / "lessons").iterdir()) == []


def test_default_file_name_from_a_long_article_name_fits_a_lesson_id(project, run_cli):
    name = "the-many-ships-that-sailed-between-the-ports-of-the-north-sea-and-the-baltic-" * 2
    (project / f"{name}.txt").write_text("Ships sailed between the ports in 1790.\n", "utf-8")
    result = run_cli(project, "import", f"{name}.txt")
    assert result.code == 0, result.err
    [written] = (project / "lessons").iterdir()
    assert len(written.stem) <= 100 and name.startswith(f"{written.stem}-")


def test_heading_title_question_and_speaker_too_long_for_a_slide_stay_text(draft):
    heading = "A heading that goes on " * 6
    question = "Q: " + "Why did the crews keep flying through the winter " * 20 + "?"
    speaker = "Mao " + "Zedong " * 10
    drafted = draft(f"# {heading}\n\nThe crews flew in 1948.\n\n{question}\n\n{speaker}said “we fly on”.\n",
                    markdown=True)
    assert drafted.lesson.title == "TODO: lesson title" and drafted.lesson.discussion_questions == []
    assert drafted.lesson.sections[0].summary[:3] == [heading.strip(), "The crews flew in 1948.", question]
    assert drafted.quotes() == {"we fly on": ("TODO: speaker", "1948")}  # no name a slide title can hold


def test_quotation_too_long_for_a_slide_is_cut_into_quotes_between_sentences(draft):
    sentence = "We shall hold the city through the winter, whatever the cost in fuel and bread. "
    speech = (sentence * 20).strip()
    drafted = draft(f"Berlin\n\nIn December 1948, the mayor said:\n\n{speech}\n")
    parts = [quote.text for quote in drafted.lesson.sections[0].quotes]
    assert len(parts) > 1 and all(len(part) <= 700 for part in parts) and " ".join(parts) == speech
    assert {(quote.speaker, quote.date) for quote in drafted.lesson.sections[0].quotes} == {("TODO: speaker",
                                                                                            "1948-12")}


def test_paragraph_that_starts_like_a_series_label_stays_text(draft):
    rivers = draft("Rivers\n\nFrom the course of the river, boats carried grain in 1800.\n")
    assert (rivers.lesson.source.series, rivers.lesson.sections[0].summary) == (
        None, ["From the course of the river, boats carried grain in 1800."])
