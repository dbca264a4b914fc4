"""Lesson and course files -> validated models, or every problem of the file located at its line and column."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from generators.model.lesson import ID_PATTERN, MAX_ID_LENGTH, CourseSettings, Lesson, merge_course_settings
from generators.model.loaded import LoadedLesson
from generators.model.problems import InvalidLesson, Problem, did_you_mean
from generators.reading import rules
from generators.reading.yaml_source import SourceMap, YamlPath, YamlProblems, display_name, read_yaml_file


def lesson_id_for(path: Path) -> str:
    """Return the lesson id, which is the file name without .yaml."""
    return path.stem


def load_course(path: Path, project_root: Path) -> CourseSettings:
    """Return the course defaults from _course.yaml (built-in defaults if it does not exist), or raise InvalidLesson."""
    return load_course_with_positions(path, project_root)[0]


def load_course_with_positions(path: Path, project_root: Path) -> tuple[CourseSettings, SourceMap | None]:
    """Return the course defaults and the positions of their fields in _course.yaml (None without the file)."""
    if path.is_symlink() and not path.exists():
        raise InvalidLesson([Problem(display_name(path), 1, 1, "", f"the course file is a link to "
                                     f"'{os.readlink(path)}', which does not exist; fix the link or remove it")])
    if not path.exists():
        misnamed = path.with_suffix(".yml")
        if misnamed.exists():
            raise InvalidLesson([Problem(display_name(misnamed), 1, 1, "", f"the course file must be named "
                                         f"'{path.name}'; rename '{misnamed.name}' to '{path.name}'")])
        return CourseSettings(), None
    data, source_map = _read(path)
    problems = rules.check_course(data, source_map, project_root)
    course = _validate(CourseSettings, data, source_map, problems)
    if problems:
        raise InvalidLesson(sorted(problems))
    return course, source_map


def load_lesson(path: Path, course: CourseSettings, project_root: Path,
                course_source_map: SourceMap | None = None) -> LoadedLesson:
    """Return the validated lesson with its course settings merged, or raise InvalidLesson with every problem."""
    data, source_map = _read(path)
    problems: list[Problem] = []
    lesson_id = lesson_id_for(path)
    if path.suffix == ".yml":
        problems.append(source_map.problem_at(1, 1, f"lesson files end in .yaml; rename '{path.name}' to "
                                                    f"'{path.stem}.yaml'"))
    elif not re.fullmatch(ID_PATTERN, lesson_id):
        suggestion = re.sub(r"[^a-z0-9]+", "-", lesson_id.lower()).strip("-") or "my-lesson"
        problems.append(source_map.problem_at(1, 1, f"the file name '{path.name}' cannot be a lesson id; rename it "
                                                    f"to '{suggestion}.yaml' (lowercase letters, digits, hyphens)"))
    elif len(lesson_id) > MAX_ID_LENGTH:
        problems.append(source_map.problem_at(1, 1, f"the lesson id '{lesson_id[:20]}…' (the file name) is too long: "
                                                    f"{len(lesson_id)} characters, and at most {MAX_ID_LENGTH} fit "
                                                    "in the names of its output folders; rename the file shorter"))
    problems += rules.check_lesson(data, source_map, project_root)
    lesson = _validate(Lesson, data, source_map, problems)
    if problems:
        raise InvalidLesson(sorted(set(problems)))
    assert lesson is not None
    return LoadedLesson(lesson_id, path, lesson, merge_course_settings(course, lesson.course), source_map,
                        project_root, course_source_map)


def _read(path: Path) -> tuple[Any, SourceMap]:
    try:
        return read_yaml_file(path)
    except YamlProblems as error:
        raise InvalidLesson(error.problems) from None
    except OSError as error:
        name = display_name(path)
        raise InvalidLesson([Problem(name, 1, 1, "", f"cannot read the file: {error.strerror}")]) from None


def _validate(model: type[BaseModel], data: Any, source_map: SourceMap, problems: list[Problem]) -> Any:
    """Return the model built from data, or None after adding one problem per validation error."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        translated = [_translate(item, data, model, source_map) for item in error.errors(include_url=False)]
        # A misspelt key is one problem, not also a missing field: keep only the "did you mean" line.
        suggested = {problem.field.removesuffix(problem.field.rsplit(".", 1)[-1]) + match
                     for problem in translated
                     for match in re.findall(r"did you mean '([^']+)'", problem.message)
                     if problem.message.startswith("unknown field")}
        problems += [problem for problem in translated
                     if not (problem.message.startswith("required field") and problem.field in suggested)]
        return None


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def _walk(loc: tuple, data: Any) -> tuple[YamlPath, str | None]:
    """Follow a pydantic error location through the data; return the path found and a missing last key, if any."""
    path: list[str | int] = []
    node = data
    for index, part in enumerate(loc):
        in_mapping = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_mapping or in_list:
            node = node[part]
        elif index == len(loc) - 1 and isinstance(part, str):
            return tuple(path), part
        else:
            continue  # a union member's tag, which the data does not contain
        path.append(part)
    return tuple(path), None


def _model_at(model: type[BaseModel], path: YamlPath, data: Any) -> type[BaseModel] | None:
    """Return the model class that validates the mapping at path, following lists and tagged unions."""
    annotation: Any = model
    node = data
    for part in path:
        annotation = _unwrap(annotation, node)
        if isinstance(part, int):
            args = get_args(annotation)
            annotation = args[0] if args else None
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and part in annotation.model_fields:
            annotation = annotation.model_fields[part].annotation
        else:
            return None
        node = node[part] if isinstance(node, (dict, list)) else None
    annotation = _unwrap(annotation, node)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _unwrap(annotation: Any, node: Any) -> Any:
    """Strip Annotated and Optional; pick the union member whose `type` matches the data."""
    while get_origin(annotation) is not None and get_origin(annotation) not in (list, Union) and get_args(annotation):
        annotation = get_args(annotation)[0]
    if get_origin(annotation) is Union or type(annotation).__name__ == "UnionType":
        members = [member for member in get_args(annotation) if member is not type(None)]
        for member in members:
            fields = getattr(member, "model_fields", {})
            if "type" in fields and isinstance(node, dict) and node.get("type") in get_args(fields["type"].annotation):
                return member
        return _unwrap(members[0], node) if len(members) == 1 else annotation
    return annotation


def _translate(error: dict, data: Any, root_model: type[BaseModel], source_map: SourceMap) -> Problem:
    kind = error["type"]
    path, missing = _walk(error["loc"], data)
    value = error.get("input")
    context = error.get("ctx") or {}
    if missing is not None:
        if kind == "extra_forbidden":
            return _unknown_field(path, missing, data, root_model, source_map)
        if kind == "missing":
            return source_map.problem(path + (missing,), f"required field '{missing}' is missing; add "
                                                         f"'{missing}: …' here")
    if kind == "extra_forbidden":
        return _unknown_field(path[:-1], str(path[-1]), data, root_model, source_map)
    message = _message_for(kind, value, context, error["msg"])
    if kind in ("union_tag_invalid", "union_tag_not_found") and isinstance(value, dict) and "type" in value:
        path = path + ("type",)
    return source_map.problem(path, message)


def _unknown_field(parent: YamlPath, key: str, data: Any, root_model: type[BaseModel],
                   source_map: SourceMap) -> Problem:
    node = data
    for part in parent:
        node = node[part]
    model = _model_at(root_model, parent, data)
    known = list(model.model_fields) if model else []
    hint = did_you_mean(key, known) or (f"; known fields here are: {', '.join(known)}" if known else "")
    return source_map.problem(parent + (key,), f"unknown field '{key}'{hint}", key=True)


def _message_for(kind: str, value: Any, context: dict, fallback: str) -> str:
    pattern = str(context.get("pattern", ""))
    messages = {
        "missing": "a value is required here",
        "string_type": f"expected text, got {_describe(value)}",
        "string_too_short": "must not be empty",
        "string_too_long": (f"is {len(str(value)):,} characters long; at most {context.get('max_length', 0):,} fit "
                            "here, so shorten it"),
        "int_parsing": f"expected a whole number, got {_describe(value)}",
        "int_type": f"expected a whole number, got {_describe(value)}",
        "int_from_float": f"expected a whole number, got {_describe(value)}",
        "bool_parsing": f"expected true or false, got {_describe(value)}",
        "bool_type": f"expected true or false, got {_describe(value)}",
        "greater_than_equal": f"must be at least {context.get('ge')}, got {_describe(value)}",
        "less_than_equal": f"must be at most {context.get('le')}, got {_describe(value)}",
        "list_type": f"expected a list (one '- ' line per item), got {_describe(value)}",
        "too_short": f"needs at least {context.get('min_length')} item(s), got {context.get('actual_length')}",
        "too_long": f"allows at most {context.get('max_length')} items, got {context.get('actual_length')}",
        "model_type": f"expected a mapping of fields (name: value lines), got {_describe(value)}",
        "model_attributes_type": f"expected a mapping of fields (name: value lines), got {_describe(value)}",
        "dict_type": f"expected a mapping of fields (name: value lines), got {_describe(value)}",
        "union_tag_not_found": "required field 'type' is missing; write type: multiple_choice or type: true_false",
        "union_tag_invalid": (f"unknown item type {_describe(context.get('tag'))}; write type: multiple_choice "
                              "or type: true_false"),
    }
    if kind in messages:
        return messages[kind]
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(context.get("expected", "")))
        listed = ", ".join(choices)
        hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
        return f"must be one of: {listed}; got {_describe(value)}{hint}"
    if kind == "string_pattern_mismatch" and pattern.startswith("^#"):
        return f"{_describe(value)} is not a colour; write it as #RRGGBB, e.g. #1F3A5F"
    if kind == "string_pattern_mismatch":
        return (f"{_describe(value)} is not a valid id; use lowercase letters, digits and single hyphens, "
                "e.g. great-leap")
    if kind == "value_error":
        return str(context.get("error", fallback))
    return fallback
