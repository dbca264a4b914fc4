"""Hypothesis strategies for random valid-looking lessons, in every script."""

from __future__ import annotations

import os

from hypothesis import strategies as st

from generators.text.fonts import FONT_FAMILIES

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "15"))

FAMILIES = sorted(FONT_FAMILIES)
"""Every bundled font family a course may name, DejaVu Sans included."""


# Words teachers type and words that trip up writers of YAML, XML, HTML and Markdown: every script the bundled fonts
# print (Korean is left out: the bundled Droid Sans Fallback has no Hangul), combining marks, emoji, right-to-left.
PIECES = (
    "Mao", "Khrushchev", "détente", "naïve", "Straße", "Œuvre", "修正主义", "毛泽东", "日本語", "Ελλάδα", "Россия",
    "e\u0301", "a\u0308\u0323", "n\u0303o", "🕊", "🚀", "❤️", "✊🏽", "👩‍🏫", "🇨🇳", "שלום", "مرحبا", "עברית123",
    "<b>", "</i>", "&amp;", "&", "{}", "{{ x }}", "~", "=", "#", ":", "- ", "'", '"', "\\", "%", "@", "*", "_", "`",
    "|", ">", "[ ]", "null", "yes", "1956-02", "…", "—", "½", "x²", "\u00a0", "\t",
)


# One lesson in four draws its words from any letters, marks, digits, punctuation and symbols of Unicode instead;
# those lessons mostly meet characters no bundled font has, which must be refused at their line.
ANY_SCRIPT = st.shared(st.sampled_from([False, False, False, True]), key="any-script")


WORD = ANY_SCRIPT.flatmap(lambda anything: st.text(st.characters(categories=("L", "M", "N", "P", "S")), min_size=1,
                                                   max_size=12) if anything else st.sampled_from(PIECES))


IDS = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)


def words(most: int) -> st.SearchStrategy[str]:
    """Return a strategy for non-blank text of one to `most` words from any script."""
    return st.lists(WORD, min_size=1, max_size=most).map(" ".join).filter(str.strip)


SHORT = words(6)


LONG = words(40)


@st.composite
def historical_dates(draw) -> str:
    day = draw(st.dates())
    return day.isoformat()[: draw(st.sampled_from([4, 7, 10]))]


@st.composite
def quotes(draw, quote_id: str) -> dict:
    quote = {"id": quote_id, "text": draw(LONG), "speaker": draw(SHORT), "date": draw(historical_dates()),
             "source": draw(SHORT), "context": draw(LONG)}
    if draw(st.booleans()):
        quote["analysis"] = {name: draw(LONG) for name in ("historical_situation", "audience", "purpose",
                                                          "point_of_view")}
    return quote


@st.composite
def sections(draw, section_id: str) -> dict:
    count = draw(st.integers(0, 2))
    return {"id": section_id, "heading": draw(SHORT),
            "summary": draw(st.lists(LONG, min_size=1, max_size=4)),
            "key_points": draw(st.lists(SHORT, min_size=1, max_size=30)),
            "quotes": [draw(quotes(f"{section_id}-quote-{number}")) for number in range(count)],
            "teacher_notes": draw(st.lists(LONG, max_size=3))}


@st.composite
def quiz_items(draw, item_id: str, section_ids: list[str]) -> dict:
    item = {"id": item_id, "prompt": draw(SHORT), "explanation": draw(LONG)}
    if draw(st.booleans()):
        choices = draw(st.lists(SHORT, min_size=2, max_size=6, unique_by=str.strip))
        item = {"type": "multiple_choice", **item, "choices": choices, "answer": draw(st.sampled_from(choices))}
    else:
        item = {"type": "true_false", **item, "answer": draw(st.booleans())}
    if draw(st.booleans()):
        item["section"] = draw(st.sampled_from(section_ids))
    return item


@st.composite
def activities(draw, duration: int) -> list[dict]:
    """Return activities whose minutes add up to the duration exactly."""
    cuts = sorted(draw(st.sets(st.integers(1, duration - 1), max_size=min(7, duration - 1))))
    minutes = [end - start for start, end in zip([0, *cuts], [*cuts, duration])]
    grouping = st.sampled_from(["whole class", "individual", "pairs", "small groups"])
    return [{"name": draw(SHORT), "minutes": length, "grouping": draw(grouping), "instructions": draw(LONG)}
            for length in minutes]


@st.composite
def lessons(draw) -> dict:
    """Return a lesson as the dictionary a teacher's YAML file holds, valid by the model and the rules."""
    section_ids = draw(st.lists(IDS, min_size=1, max_size=4, unique=True))
    duration = draw(st.integers(5, 240))
    return {
        "title": draw(SHORT),
        "subject": draw(SHORT),
        "grade_band": draw(st.sampled_from(["9-12", "6–8", "K"])),
        "duration_minutes": duration,
        "source": {"author": draw(SHORT), "title": draw(SHORT), "publisher": draw(SHORT),
                   "year": draw(st.one_of(st.integers(1000, 2099), st.just("n.d.")))},
        "compelling_question": draw(SHORT),
        "supporting_questions": draw(st.lists(SHORT, max_size=4)),
        "objectives": draw(st.lists(SHORT.map(lambda text: f"I can {text}"), min_size=1, max_size=5)),
        "standards": [{"code": draw(SHORT), "text": draw(LONG)} for _ in range(draw(st.integers(0, 3)))],
        "vocabulary": [{"term": term, "definition": draw(LONG)}
                       for term in draw(st.lists(SHORT, max_size=25, unique_by=lambda t: t.strip().casefold()))],
        "timeline": [{"date": draw(historical_dates()), "label": draw(SHORT),
                      "section": draw(st.sampled_from(section_ids))} for _ in range(draw(st.integers(0, 25)))],
        "sections": [draw(sections(section_id)) for section_id in section_ids],
        "discussion_questions": [{"id": f"question-{number}", "prompt": draw(SHORT), "model_answer": draw(LONG),
                                  "sentence_starter": draw(SHORT)} for number in range(draw(st.integers(0, 6)))],
        "quiz": [draw(quiz_items(f"item-{number}", section_ids)) for number in range(draw(st.integers(0, 10)))],
        "activities": draw(activities(duration)),
        "differentiation": {name: draw(st.lists(LONG, max_size=3))
                            for name in ("support", "extension", "language_learners")},
        "exit_ticket": [{"prompt": draw(SHORT), "answer_lines": draw(st.integers(1, 12))}
                        for _ in range(draw(st.integers(0, 3)))],
        "course": {"paper": draw(st.sampled_from(["Letter", "A4"])),
                   "fonts": {"heading": draw(st.sampled_from(FAMILIES)), "body": draw(st.sampled_from(FAMILIES))}},
    }
