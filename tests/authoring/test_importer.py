"""`import ARTICLE` reads an article copied from the web and writes a draft lesson that validates and builds."""

from __future__ import annotations

import pytest
import yaml
from support.paths import FIXTURES, REPO

from generators.authoring.importer import parse_article
from generators.text.escaping import yaml_string

ARTICLES = FIXTURES / "articles"
REWRITE_MARK = "summary:  # TODO: rewrite in your own words for students"


def test_title_and_byline_become_the_source_not_lesson_text(article):
    berlin = article("berlin-airlift.txt")
    assert berlin.lesson.title == "How the Berlin Airlift Kept a City Alive"
    assert berlin.lesson.source.title == "How the Berlin Airlift Kept a City Alive"
    assert berlin.lesson.source.author == "Margaret Ellison"
    assert berlin.lesson.source.affiliation == "University of Wisconsin–Madison"
    assert not [text for text in berlin.all_text() if "Ellison" in text or text == berlin.lesson.title]


def test_staff_writer_byline_gives_an_author_without_affiliation(article):
    source = article("printing-press.txt").lesson.source
    assert (source.author, source.affiliation) == ("Daniel Okoro", None)


def test_degree_before_a_comma_is_left_out_of_the_affiliation(article):
    source = article("meiji-restoration.md").lesson.source
    assert (source.author, source.affiliation) == ("Kenji Mori", "Kyoto University")


def test_lecture_series_line_becomes_the_source_series(article):
    printing = article("printing-press.txt")
    assert printing.lesson.source.series == "The Renaissance World"
    assert not [text for text in printing.all_text() if "LECTURE SERIES" in text]


def test_transcript_promotion_names_the_series_and_is_dropped(article):
    berlin = article("berlin-airlift.txt")
    assert berlin.lesson.source.series == "The Cold War Begins"
    assert berlin.lesson.source.publisher == "TODO: publisher"
    assert 'publisher: "TODO: publisher"  # the article promotes "Historia Plus"' in berlin.text
    assert not [text for text in berlin.all_text() if "transcript" in text or "Watch it now" in text]


def test_year_is_n_d_unless_the_article_states_its_date(article):
    assert article("berlin-airlift.txt").lesson.source.year == "n.d."
    printing = article("printing-press.txt")
    assert printing.lesson.source.year == "2021"
    assert not [text for text in printing.all_text() if "Published" in text]


def test_headings_become_sections_in_order_with_slug_ids(article):
    sections = [(section.id, section.heading) for section in article("berlin-airlift.txt").lesson.sections]
    assert sections == [("introduction", "Introduction"),
                        ("why-did-stalin-close-the-roads", "Why Did Stalin Close the Roads?"),
                        ("operation-vittles-day-and-night", "‘Operation Vittles’, Day and Night"),
                        ("the-blockade-ends", "The Blockade Ends")]


def test_opening_paragraphs_get_a_placeholder_heading_marked_todo(article):
    berlin = article("berlin-airlift.txt")
    assert berlin.lesson.sections[0].summary[0].startswith("In June 1948, the Soviet Union closed every road")
    assert 'heading: "Introduction"  # TODO: a heading for the article\'s opening paragraphs' in berlin.text


def test_heading_without_blank_lines_around_it_is_recognised(article):
    sections = article("printing-press.txt").lesson.sections
    assert [section.heading for section in sections] == ["Introduction", "Early Presses", "Early Presses",
                                                         "Books for Everyone?"]
    assert sections[2].summary[0].startswith("By 1500, presses in Venice alone")


def test_repeated_headings_get_unique_ids(article):
    ids = [section.id for section in article("printing-press.txt").lesson.sections]
    assert ids == ["introduction", "early-presses", "early-presses-2", "books-for-everyone"]


def test_paragraph_starting_with_by_is_text_not_a_byline(article):
    blockade_ends = article("berlin-airlift.txt").lesson.section("the-blockade-ends")
    assert blockade_ends.summary[0].startswith("By the spring of 1949, the airlift")


def test_caption_with_credit_line_is_dropped_from_the_text(article):
    texts = article("berlin-airlift.txt").all_text() + article("printing-press.txt").all_text()
    for caption_part in ("Map of Berlin", "Soviet zone of occupation", "Shutterstock", "A woodcut of a print shop",
                         "Photo by", "A page of a printed Bible"):
        assert not [text for text in texts if caption_part in text], caption_part


def test_caption_becomes_a_commented_image_placeholder_with_its_alt_text(article):
    berlin = article("berlin-airlift.txt")
    assert all(section.images == [] for section in berlin.lesson.sections)
    assert ('      #   alt: "Map of Berlin divided into four sectors"\n'
            '      #   caption: "The city lay deep inside the Soviet zone of occupation."\n'
            '      #   credit: "Image: Archive Maps/Shutterstock"\n') in berlin.text
    printing = article("printing-press.txt")
    assert ('      #   alt: "A woodcut of a print shop with two workers at a press"\n'
            '      #   credit: "Photo by Anna Lindqvist / City Library Archive"\n') in printing.text


def test_markdown_image_placeholder_keeps_the_file_name(article):
    meiji = article("meiji-restoration.md")
    assert ('      # - file: "assets/images/meiji-emperor.jpg"\n'
            '      #   alt: "Portrait of the young emperor in court dress"\n') in meiji.text


def test_promotional_lines_are_dropped(article):
    texts = article("berlin-airlift.txt").all_text() + article("printing-press.txt").all_text()
    assert not [text for text in texts if text.startswith(("Learn more", "This is a transcript"))]


def test_keep_reading_links_are_dropped(article):
    texts = article("berlin-airlift.txt").all_text() + article("meiji-restoration.md").all_text()
    for link in ("Keep Reading", "Marshall Plan", "Korean War", "Berlin Wall", "The Opening of Japan"):
        assert not [text for text in texts if link in text], link


def test_block_quote_after_a_colon_paragraph_is_kept_verbatim_with_its_speaker(article):
    section = article("berlin-airlift.txt").lesson.section("why-did-stalin-close-the-roads")
    quote = section.quotes[0]
    assert quote.text == ("When Berlin falls, western Germany will be next. If we mean that we are to hold Europe "
                          "against Communism, we must not budge.")
    assert (quote.speaker, quote.source) == ("Clay", "TODO: where it was said or printed")
    assert section.summary[-1].endswith("Clay wrote:")
    assert quote.text not in section.summary


def test_block_quote_speaker_falls_back_to_the_subject_of_its_introduction(article):
    quotes = article("berlin-airlift.txt").quotes()
    assert quotes["The blockade has brought us nothing but the unity of our enemies. We shall open the roads."] == (
        "Pavel Orlov", "1949-05")


def test_block_quote_introduced_without_a_name_gets_a_todo_speaker(article):
    quotes = article("printing-press.txt").quotes()
    speaker, _ = quotes["Every sheet I print costs me more than a loaf of bread, and every reader wants it for less."]
    assert speaker == "TODO: speaker"


def test_quote_date_is_the_last_date_the_article_gives_before_it(article):
    berlin = article("berlin-airlift.txt")
    assert berlin.lesson.section("why-did-stalin-close-the-roads").quotes[0].date == "1948-06"
    assert 'date: "1948-06"  # TODO: check; the last date the article gives before the quote' in berlin.text


def test_quote_without_any_date_in_the_article_is_left_commented_out(draft):
    intro_and_quote = "Gossip in the village\n\nThe old miller Hans Weber wrote:\n\nThe river is rising again.\n"
    undated = draft(intro_and_quote)
    assert undated.lesson.sections[0].quotes == []
    assert '      #   text: "The river is rising again."\n' in undated.text
    assert '      #   speaker: "Hans Weber"\n' in undated.text


def test_inline_quotation_whose_sentence_names_a_speaker_becomes_a_quote_with_that_speaker(article):
    quotes = article("berlin-airlift.txt").quotes()
    assert quotes["We never expected the children to remember us"] == ("Avery", "1948-06")
    assert quotes["Berlin will not be sold out"] == ("Otto Brandt", "1948-09")
    assert "Roads Open" not in quotes
    assert article("printing-press.txt").quotes()["the paper merchants grow fat while the printers starve"][0] == (
        "Tessari")


def test_single_quoted_scare_terms_are_not_quotes(article):
    quotes = article("berlin-airlift.txt").quotes()
    assert not [text for text in quotes if "fool’s errand" in text or "candy bombers" in text or "Vittles" in text]


def test_inline_quotations_stay_in_the_summary(article):
    summary = article("berlin-airlift.txt").lesson.section("operation-vittles-day-and-night").summary
    assert summary[1] == ("“We never expected the children to remember us,” Avery told a reporter years later. "
                          "Crews joked about the ‘candy bombers’ but kept flying.")


def test_common_questions_become_discussion_questions_with_model_answers(article):
    berlin = article("berlin-airlift.txt")
    questions = [(question.id, question.prompt, question.model_answer, question.sentence_starter)
                 for question in berlin.lesson.discussion_questions]
    assert questions == [
        ("why-soviet-union-blockade-west", "Why did the Soviet Union blockade West Berlin?",
         "Stalin wanted to force the Western Allies out of Berlin and to stop the new currency.",
         "TODO: the opening words of an answer"),
        ("how-long-airlift-last", "How long did the airlift last?",
         "The airlift lasted from June 1948 until September 1949. The last flights carried coal to build up a reserve.",
         "TODO: the opening words of an answer")]
    assert not [text for text in berlin.all_text() if "Common Questions" in text]


def test_speaker_labels_in_capitals_stay_as_dialogue_in_the_summary(article):
    interview = article("radio-interview.txt")
    assert [section.heading for section in interview.lesson.sections] == ["Introduction", "The Interview"]
    assert interview.lesson.section("the-interview").summary == [
        "HOST: What do you remember about the storms?",
        "MRS. HALE: The sky went black in the middle of the afternoon. My mother hung wet sheets over the windows.",
        "HOST: Did your family think of leaving?",
        "MRS. HALE: My father said one thing to us that night:",
        "We will stay on this land, whatever happens.",
        "MRS. HALE: We stayed until 1938, when the bank took the farm."]
    assert interview.quotes() == {}
    assert interview.lesson.discussion_questions == []


def test_markdown_article_gives_title_sections_block_quote_and_questions(article):
    meiji = article("meiji-restoration.md")
    assert meiji.lesson.title == "The Meiji Restoration"
    assert [section.heading for section in meiji.lesson.sections] == [
        "Introduction", "A Promise of Reform", '"Rich Country, Strong Army"']
    assert meiji.quotes() == {"Deliberative assemblies shall be widely established and all matters decided by open "
                              "discussion.": ("Emperor Meiji", "1868-04")}
    reform = meiji.lesson.section("a-promise-of-reform")
    assert reform.summary[1] == ("The new government abolished the domains, created a national army and sent "
                                 "students abroad. Read about the Iwakura Mission for the full story.")
    assert [question.prompt for question in meiji.lesson.discussion_questions] == ["Who held power before 1868?"]
    assert not [text for text in meiji.all_text() if "---" in text]


def test_article_without_title_headings_or_questions_gives_a_valid_draft(article):
    silk_road = article("silk-road.txt")
    lesson = silk_road.lesson
    assert (lesson.title, lesson.source.title, lesson.source.author) == (
        "TODO: lesson title", "TODO: article title", "TODO: author")
    assert [section.id for section in lesson.sections] == ["introduction"]
    assert len(lesson.sections[0].summary) == 3
    assert lesson.discussion_questions == []


def test_article_cut_off_mid_sentence_is_flagged_for_the_teacher(article):
    silk_road = article("silk-road.txt")
    assert "# TODO: the article stops mid-sentence; check that you copied all of it." in silk_road.text
    assert silk_road.lesson.sections[0].summary[-1] == "Along these roads merchants carried silk, spices and"
    assert "stops mid-sentence" not in article("berlin-airlift.txt").text


def test_heading_like_last_line_of_a_cut_off_article_is_kept_as_text(draft):
    cut_off = draft("The Long March\n\nThe Red Army set out in October 1934.\n\nAfter a year on the road the Army")
    assert cut_off.lesson.sections[0].summary == ["The Red Army set out in October 1934.",
                                                  "After a year on the road the Army"]


def test_question_cut_off_before_its_answer_gets_a_todo_answer(draft):
    cut_off = draft("The Long March\n\nThe Red Army set out in 1934.\n\nQ: How far did the army walk?\n")
    assert cut_off.lesson.discussion_questions[0].model_answer == "TODO: a strong answer"


def test_empty_article_gives_a_valid_draft(draft):
    empty = draft("")
    assert empty.lesson.sections[0].summary == ["TODO: write what happened in this part of the story."]


def test_every_section_summary_is_marked_for_rewriting(article):
    berlin = article("berlin-airlift.txt")
    assert berlin.text.count(REWRITE_MARK) == len(berlin.lesson.sections) == 4


def test_timeline_stays_empty_with_the_article_dates_as_hints(article):
    berlin = article("berlin-airlift.txt")
    assert berlin.lesson.timeline == []
    assert "# dates the article mentions: 1948-06, 1948-09, 1949, 1949-04, 1949-05" in berlin.text


@pytest.mark.parametrize("name", sorted(path.name for path in ARTICLES.iterdir()))
def test_every_fixture_article_gives_a_draft_whose_activities_fill_the_lesson(article, name):
    lesson = article(name).lesson
    assert sum(activity.minutes for activity in lesson.activities) == lesson.duration_minutes
    assert lesson.objectives[0].startswith("I can TODO")


AWKWARD_TEXT = ["Note: the vote was close.", "- a leading dash is not a list item.", "# this is no comment.",
                "He said \"yes\" and 'no'.", "key: value # trailing.", "A back\\slash and \\n are kept.",
                "&anchor *alias !tag %directive @at `tick` {flow: map} [flow, list] | > are text.",
                "yes.", "null.", "1956-02.", "A\ttab, a \x7f delete and a zero\ufeffwidth space stay."]


def test_any_article_text_round_trips_exactly_through_the_draft(draft):
    awkward = draft("Title: “Quotes” & #Tags\n\nPart 2: The #1 “Problem”\n\n" + "\n\n".join(AWKWARD_TEXT))
    assert awkward.lesson.title == "Title: “Quotes” & #Tags"
    assert awkward.lesson.sections[0].heading == "Part 2: The #1 “Problem”"
    assert awkward.lesson.sections[0].summary == AWKWARD_TEXT


@pytest.mark.parametrize("text", ["plain", "yes", "no", "~", "null", "123", "1956-02", "- dash", "# hash",
                                  "colon: here", "'single'", '"double"', "back\\slash", "tab\there", "line\nbreak",
                                  "nel\x85", "separator\u2028", "bom\ufeff", "delete\x7f", "bell\x07", "emoji 🕊",
                                  "修正主义"])
def test_yaml_string_reads_back_exactly(text):
    assert yaml.safe_load(f"value: {yaml_string(text)}\n") == {"value": text}


def test_imported_draft_validates_and_builds(project, run_cli):
    result = run_cli(project, "import", str(ARTICLES / "berlin-airlift.txt"))
    assert result.code == 0, result.err
    assert (project / "lessons" / "how-the-berlin-airlift-kept-a-city-alive.yaml").exists()
    checked = run_cli(project, "check")
    assert checked.code == 0 and "warning" not in checked.err  # its activities already use its materials
    built = run_cli(project, "build")
    assert built.code == 0, built.err
    assert (project / "build" / "how-the-berlin-airlift-kept-a-city-alive" / "overview.md").exists()


def test_import_writes_where_the_output_option_says(project, run_cli):
    result = run_cli(project, "import", str(ARTICLES / "silk-road.txt"), "-o", "lessons/silk-road.yaml")
    assert result.code == 0, result.err
    assert result.out == "wrote lessons/silk-road.yaml; replace its TODOs and rewrite the summaries, then run make\n"
    assert run_cli(project, "check", "silk-road").code == 0


def test_import_without_a_title_names_the_draft_after_the_article_file(project, run_cli):
    assert run_cli(project, "import", str(ARTICLES / "silk-road.txt")).code == 0
    assert (project / "lessons" / "silk-road.yaml").exists()


def test_import_never_overwrites_an_existing_lesson(project, run_cli):
    lesson = project / "lessons" / "silk-road.yaml"
    lesson.write_text("title: my work\n", "utf-8")
    result = run_cli(project, "import", str(ARTICLES / "silk-road.txt"))
    assert result.code == 2
    assert "silk-road.yaml already exists; choose another name with -o or add --force to overwrite it" in result.err
    assert lesson.read_text("utf-8") == "title: my work\n"


def test_import_with_force_overwrites_an_existing_lesson(project, run_cli):
    lesson = project / "lessons" / "silk-road.yaml"
    lesson.write_text("title: my work\n", "utf-8")
    assert run_cli(project, "import", str(ARTICLES / "silk-road.txt"), "--force").code == 0
    assert lesson.read_text("utf-8").startswith("# yaml-language-server: $schema=lesson.schema.json\n")


def test_import_refuses_an_output_name_that_cannot_be_a_lesson_id(project, run_cli):
    result = run_cli(project, "import", str(ARTICLES / "silk-road.txt"), "-o", "lessons/Silk Road.yaml")
    assert result.code == 2
    assert result.err == ("error: 'Silk Road.yaml' cannot be a lesson file; name it like "
                          "lessons/cuban-missile-crisis.yaml (lowercase letters, digits and hyphens)\n")
    assert list((project / "lessons").iterdir()) == []


def test_import_of_a_missing_article_is_a_usage_error(project, run_cli):
    result = run_cli(project, "import", "no-such-article.txt")
    assert result.code == 2
    assert result.err == "error: cannot read the article no-such-article.txt: No such file or directory\n"


def test_import_of_an_article_that_is_not_text_is_a_usage_error(project, run_cli):
    (project / "article.txt").write_bytes(b"\xff\xfe\x00binary")
    result = run_cli(project, "import", "article.txt")
    assert result.code == 2
    assert "article.txt is not UTF-8 text" in result.err


SEED_ARTICLE = REPO.parent / "shared" / "seeds" / "000_502dfcded51e89e3.txt"


@pytest.mark.skipif(not SEED_ARTICLE.exists(), reason="the source article is not beside the repository")
def test_the_seed_article_drafts_the_same_sections_as_the_hand_written_lesson():
    from generators.model.lesson import CourseSettings
    from generators.reading.loader import load_lesson

    article = parse_article(SEED_ARTICLE.read_text("utf-8"), markdown=False)
    drafted = [section.heading for section in article.sections if section.heading]
    assert drafted == ["Mao, Khrushchev, and a Series of Misgivings", "Peace, an Absurd Road to Victory",
                       "Mao’s Modern Revisionism", "Mao’s Frustration with Rich Peasants",
                       "Mao’s Shift Toward the Left"]
    repository = REPO
    written = load_lesson(repository / "lessons" / "mao-khrushchev.yaml", CourseSettings(), repository).lesson
    assert len(written.sections) == len(drafted)
    assert [question.prompt for question in article.questions] == [
        "Why did Mao think the Russians had abandoned the sword of Stalin?",
        "How did Mao define modern revisionism?", "What did Mao’s shift to the Left entail?"]
    drafted_quotes = [quote.text for section in article.sections for quote in section.quotes]
    written_quotes = [quote.text for section in written.sections for quote in section.quotes]
    assert all(any(" ".join(text.split()) == " ".join(other.split()) for other in written_quotes)
               for text in drafted_quotes)
