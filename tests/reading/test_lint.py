"""Lesson design warnings: each rule warns about a small lesson that breaks it, not about one that keeps it."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.paths import MINIMAL_LESSON as M
from support.paths import REPO

from generators.model.lesson import CourseSettings
from generators.reading.lint import lint_lesson
from generators.reading.loader import load_lesson

HARD = ("Notwithstanding considerable historiographical disagreement concerning the ideological determinants of "
        "Sino-Soviet antagonism, contemporary scholarship increasingly emphasizes the interdependence of doctrinal "
        "controversies, geopolitical competition, and the domestic political imperatives confronting Chinese "
        "Communist leadership throughout the nineteen-fifties.")
CHOPPY = ("Mao was mad. He did not like it. The tanks came in. The men ran. The town was sad. Then it was over. "
          "Mao had a plan. It was big. He told his men. They said yes. It was a long day.")
SHORT_QUOTE_LESSON = M.replace("Words, exactly as the speaker said them.", "Words, exactly.")
PLAIN = ("In February 1956, Soviet leader Nikita Khrushchev gave a speech that attacked Joseph Stalin, the Soviet "
         "dictator who had died a few years earlier. Mao Zedong, the leader of Communist China, did not like it.")


def lint(project: Path, text: str, monkeypatch) -> list[str]:
    """Return the design warnings of a lesson text, as the command line prints them."""
    monkeypatch.chdir(project)
    (project / "lessons" / "x.yaml").write_text(text, "utf-8")
    return [str(problem) for problem in lint_lesson(load_lesson(Path("lessons/x.yaml"), CourseSettings(), project))]


def line_of(text: str, fragment: str) -> int:
    return text[:text.index(fragment)].count("\n") + 1


def with_quiz(items: list[tuple[list[str], str]]) -> str:
    """Return the minimal lesson with its quiz replaced by multiple-choice items of these choices and answers."""
    quiz = "".join(f"  - type: multiple_choice\n    id: q{number}\n    prompt: Which one?\n"
                   f"    choices: [{', '.join(choices)}]\n    answer: {answer}\n    explanation: Because.\n"
                   for number, (choices, answer) in enumerate(items, start=1))
    start, end = M.index("quiz:\n") + len("quiz:\n"), M.index("activities:\n")
    return M[:start] + quiz + M[end:]


def test_the_minimal_lesson_has_no_design_warnings(project, monkeypatch):
    assert lint(project, M, monkeypatch) == []


def test_the_sample_lesson_has_no_design_warnings():
    loaded = load_lesson(REPO / "lessons" / "mao-khrushchev.yaml", CourseSettings(), REPO)
    assert [str(problem) for problem in lint_lesson(loaded)] == []


SAME_POSITION = [(["Alpha", "Beta", "Gamma"], "Alpha"), (["Red", "Green", "Blue"], "Red"),
                 (["One", "Two", "Six"], "One"), (["Oak", "Elm", "Ash"], "Elm")]
SPREAD = [(["Alpha", "Beta", "Gamma"], "Alpha"), (["Red", "Green", "Blue"], "Green"),
          (["One", "Two", "Six"], "Six"), (["Oak", "Elm", "Ash"], "Elm")]


def test_three_of_four_answers_in_one_position_are_warned_about_at_the_quiz(project, monkeypatch):
    lesson = with_quiz(SAME_POSITION)
    assert lint(project, lesson, monkeypatch) == [
        f"lessons/x.yaml:{line_of(lesson, '  - type: multiple_choice')}:3: warning: quiz: the answer is choice A in 3 "
        "of 4 multiple-choice items as written; the exports spread the answers, but a key read here shows the "
        "pattern: move some answers"]


def test_answers_spread_over_the_positions_or_too_few_items_are_not_warned_about(project, monkeypatch):
    assert lint(project, with_quiz(SPREAD), monkeypatch) == []
    assert lint(project, with_quiz(SAME_POSITION[:3]), monkeypatch) == []


def test_the_longest_choice_as_the_answer_in_most_items_is_warned_about(project, monkeypatch):
    items = [(["Alpha", "B", "Gamma minor"], "Gamma minor"), (["Red", "Green but darker", "Blue"], "Green but darker"),
             (["One", "Two", "Six of them"], "Six of them"), (["Oak", "Elm", "Ash"], "Oak")]
    assert [line.split(": ", 3)[-1] for line in lint(project, with_quiz(items), monkeypatch)] == [
        "the answer is the longest choice in 3 of 4 multiple-choice items; students learn to pick the longest: "
        "lengthen some wrong choices or trim some answers"]


def test_the_longest_choice_as_the_answer_in_half_the_items_or_in_a_tie_is_not_warned_about(project, monkeypatch):
    items = [(["Alpha", "B", "Gamma minor"], "Gamma minor"), (["Red", "Green but darker", "Blue"], "Green but darker"),
             (["One", "Two", "Six"], "Six"), (["Oak", "Elm", "Ash"], "Oak")]
    assert lint(project, with_quiz(items), monkeypatch) == []


def test_a_year_only_date_among_dated_months_of_that_year_is_warned_about(project, monkeypatch):
    lesson = M.replace("        date: 1956-02\n", '        date: "1956"\n').replace(
        "timeline:\n", 'timeline:\n  - date: "1956"\n    label: Another thing\n')
    message = ("'1956' gives only the year, but the timeline dates other events of 1956 by month, so where this falls "
               "among them is unclear; add its month (1956-MM) if it is known")
    quote_line = line_of(lesson, '        date: "1956"')
    assert lint(project, lesson, monkeypatch) == [
        f"lessons/x.yaml:15:11: warning: timeline[0].date: {message}",
        f"lessons/x.yaml:{quote_line}:15: warning: sections[0].quotes[0].date: {message}"]


def test_a_year_only_date_in_a_year_no_month_is_given_for_is_not_warned_about(project, monkeypatch):
    lesson = M.replace("timeline:\n", 'timeline:\n  - date: "1957"\n    label: Another thing\n')
    assert lint(project, lesson, monkeypatch) == []


def with_summary(paragraph: str) -> str:
    return M.replace("      - One paragraph.\n", f"      - {paragraph}\n")


def test_text_far_above_the_grade_band_is_warned_about_with_the_measure_and_grade(project, monkeypatch):
    assert lint(project, with_summary(HARD), monkeypatch) == [
        "lessons/x.yaml:22:9: warning: sections[0].summary[0]: the Flesch–Kincaid grade of this text is 34.1, far "
        "above the lesson's grade band 9-12; shorter sentences and plainer words bring it down"]


def test_text_far_below_the_grade_band_is_warned_about(project, monkeypatch):
    assert lint(project, with_summary(CHOPPY), monkeypatch) == [
        "lessons/x.yaml:22:9: warning: sections[0].summary[0]: the Flesch–Kincaid grade of this text is -2.3, far "
        "below the lesson's grade band 9-12; it may talk down to students: join choppy sentences and use the "
        "subject's own words"]


def test_text_in_the_band_short_text_and_the_sources_own_words_are_not_graded(project, monkeypatch):
    assert lint(project, with_summary(PLAIN), monkeypatch) == []
    assert lint(project, with_summary("Notwithstanding historiographical disagreement."), monkeypatch) == []
    assert lint(project, M.replace("Words, exactly as the speaker said them.", HARD), monkeypatch) == []
    assert lint(project, with_summary(CHOPPY).replace('grade_band: "9-12"', "grade_band: K-2"), monkeypatch) == []
    assert lint(project, with_summary(HARD).replace('grade_band: "9-12"', "grade_band: adults"), monkeypatch) == []


TWO_OBJECTIVES = "objectives:\n  - I can explain one thing.\n  - I can compare two things.\n"


def test_an_objective_nothing_assesses_is_warned_about_once_items_name_objectives(project, monkeypatch):
    lesson = M.replace("objectives:\n  - I can explain one thing.\n", TWO_OBJECTIVES).replace(
        "    explanation: Beta is right.\n", "    explanation: Beta is right.\n    objectives: [1]\n")
    assert lint(project, lesson, monkeypatch) == [
        "lessons/x.yaml:14:5: warning: objectives[1]: nothing assesses objective 2: no quiz item, exit-ticket or "
        "discussion question names it under objectives:; add 2 to one that assesses it"]


def test_objectives_all_assessed_or_never_named_are_not_warned_about(project, monkeypatch):
    lesson = M.replace("objectives:\n  - I can explain one thing.\n", TWO_OBJECTIVES)
    assert lint(project, lesson, monkeypatch) == []
    assessed = lesson.replace("    explanation: Beta is right.\n", "    explanation: Beta is right.\n"
                              "    objectives: [1]\n").replace("    sentence_starter: I think\n",
                                                               "    sentence_starter: I think\n    objectives: [2]\n")
    assert lint(project, assessed, monkeypatch) == []
    ticket = lesson + "exit_ticket:\n  - prompt: What did you learn?\n    objectives: [1, 2]\n"
    assert lint(project, ticket, monkeypatch) == []


def test_an_objective_number_outside_the_list_is_a_located_error(project, run_cli):
    lesson = M.replace("    sentence_starter: I think\n", "    sentence_starter: I think\n    objectives: [1, 3]\n")
    (project / "lessons" / "x.yaml").write_text(lesson, "utf-8")
    result = run_cli(project, "check")
    assert result.code == 2
    assert result.err.splitlines()[0] == (
        "lessons/x.yaml:44:21: error: discussion_questions[0].objectives[1]: there is no objective 3; the lesson has "
        "objective 1, in the order objectives: lists them")


def test_a_quote_too_short_to_analyse_used_as_a_source_is_warned_about_where_it_is_used(project, monkeypatch):
    lesson = SHORT_QUOTE_LESSON
    assert lint(project, lesson, monkeypatch) == [
        f"lessons/x.yaml:{line_of(lesson, '      sources: [a-quote]')}:17: warning: activities[1].uses.sources[0]: the "
        "quote 'a-quote' has 2 word(s), too few to analyse as a source; quote at least 6 words, or let students read "
        "it with its section"]


def test_a_short_quote_read_with_its_section_and_not_analysed_is_not_warned_about(project, monkeypatch):
    lesson = SHORT_QUOTE_LESSON.replace("      sources: [a-quote]\n", "")
    assert lint(project, lesson, monkeypatch) == []


def test_a_source_without_its_context_line_is_an_error(project, run_cli):
    (project / "lessons" / "x.yaml").write_text(M.replace("        context: Why it was said.\n", ""), "utf-8")
    result = run_cli(project, "check")
    assert result.code == 2
    assert result.err.splitlines()[0] == ("lessons/x.yaml:26:9: error: sections[0].quotes[0].context: required field "
                                          "'context' is missing; add 'context: …' here")


SEVEN_QUESTIONS = "".join(f"  - id: q-{number}\n    prompt: Why {number}?\n    model_answer: Because.\n"
                          f"    sentence_starter: I think\n" for number in range(2, 8))


def with_seven_questions_in_the_warm_up(warm_up_minutes: int) -> str:
    return M.replace("quiz:\n", SEVEN_QUESTIONS + "quiz:\n").replace(
        "    minutes: 10\n    grouping: whole class\n    instructions: Talk.\n",
        f"    minutes: {warm_up_minutes}\n    grouping: whole class\n    instructions: Talk.\n"
        "    uses:\n      discussion: [why, q-2, q-3, q-4, q-5, q-6, q-7]\n").replace(
        "    minutes: 20\n", f"    minutes: {30 - warm_up_minutes}\n").replace("      discussion: [why]\n", "")


def test_activity_minutes_that_cannot_fit_its_material_are_warned_about_with_both_numbers(project, monkeypatch):
    lesson = with_seven_questions_in_the_warm_up(5)
    assert lint(project, lesson, monkeypatch) == [
        f"lessons/x.yaml:{line_of(lesson, '    minutes: 5')}:14: warning: activities[0].minutes: 5 minutes cannot fit "
        "what the activity uses, which needs about 14 (7 discussion question(s) × 2); give it more time or move some "
        "material to another activity"]


def test_activity_minutes_that_fit_its_material_are_not_warned_about(project, monkeypatch):
    assert lint(project, with_seven_questions_in_the_warm_up(14), monkeypatch) == []


WARNING = ("lessons/x.yaml:68:17: warning: activities[1].uses.sources[0]: the quote 'a-quote' has 2 word(s), too few "
           "to analyse as a source; quote at least 6 words, or let students read it with its section")


def test_check_and_build_print_the_same_located_design_warnings_and_succeed(project, run_cli):
    (project / "lessons" / "x.yaml").write_text(SHORT_QUOTE_LESSON, "utf-8")
    checked = run_cli(project, "check")
    assert (checked.code, checked.err.splitlines(), checked.out) == (0, [WARNING], "1 of 1 lesson(s) valid\n")
    built = run_cli(project, "build", "--jobs", "1")
    assert (built.code, built.err.splitlines()) == (0, [WARNING])
    assert (project / "build" / "x" / "slides.pptx").is_file()


@pytest.mark.parametrize("command", ["check", "build"])
def test_strict_fails_a_lesson_with_warnings_and_writes_nothing(project, run_cli, command):
    (project / "lessons" / "x.yaml").write_text(SHORT_QUOTE_LESSON, "utf-8")
    result = run_cli(project, command, "--strict")
    assert result.code == 2
    assert result.err.splitlines()[:2] == [WARNING, "--strict: x failed for the warnings above"]
    assert not (project / "build").exists()


def test_strict_also_fails_for_a_warning_from_a_format_and_passes_a_lesson_without_any(project, run_cli):
    unused = M.replace("      sections: [first, second]\n", "      sections: [first]\n")
    (project / "lessons" / "x.yaml").write_text(unused, "utf-8")
    assert run_cli(project, "check", "--strict").code == 2
    (project / "lessons" / "x.yaml").write_text(M, "utf-8")
    assert run_cli(project, "check", "--strict").code == 0
    assert run_cli(project, "build", "--strict").code == 0
    assert (project / "build" / "x" / "slides.pptx").is_file()


def test_make_lint_is_the_strict_check():
    makefile = (REPO / "Makefile").read_text("utf-8")
    assert "lint: $(STAMP) ##" in makefile and "-m generators check --strict $(ARGS)" in makefile
