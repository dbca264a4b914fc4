"""Located problems: how they read, as errors and as warnings, and the one "did you mean" every message uses."""

from __future__ import annotations

from generators.model.problems import Problem, did_you_mean


def test_a_problem_reads_file_line_column_severity_field_and_message():
    problem = Problem("lessons/x.yaml", 3, 5, "title", "must not be empty")
    assert str(problem) == "lessons/x.yaml:3:5: error: title: must not be empty"
    assert str(problem.as_warning()) == "lessons/x.yaml:3:5: warning: title: must not be empty"


def test_did_you_mean_names_the_closest_choice_or_nothing():
    assert did_you_mean("vocabularly", ["vocabulary", "timeline"]) == "; did you mean 'vocabulary'?"
    assert did_you_mean("zzz", ["vocabulary", "timeline"]) == ""
