"""Cross-checks between the fields of a lesson: references, unique ids, answers, minutes and asset paths."""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generators.model.lesson import Colors
from generators.model.problems import Problem, did_you_mean
from generators.reading.yaml_source import SourceMap, YamlPath
from generators.text.colors import MINIMUM_TEXT_CONTRAST, contrast_ratio

IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF87a": "GIF", b"GIF89a": "GIF"}
MAX_PICTURE_BYTES = 50_000_000
LONGEST_NAME_SHOWN = 60


def _entries(data: Any, key: str, path: YamlPath = ()) -> Iterator[tuple[YamlPath, dict]]:
    """Yield (path, mapping) for each well-formed mapping in the list data[key]; type errors are reported elsewhere."""
    items = data.get(key) if isinstance(data, dict) else None
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield path + (key, index), item


def _text(mapping: dict, key: str) -> str | None:
    value = mapping.get(key)
    return value.strip() if isinstance(value, str) else None


def _whole_number(value: Any) -> int | None:
    return int(value) if isinstance(value, str) and value.strip().isdigit() else None


def _quoted(name: str) -> str:
    """Return a file name in quotes, shortened with an ellipsis when it would swamp the message."""
    return f"'{name}'" if len(name) <= LONGEST_NAME_SHOWN else f"'{name[:LONGEST_NAME_SHOWN - 1]}…'"


def check_lesson(data: Any, source_map: SourceMap, project_root: Path) -> list[Problem]:
    """Return every cross-field problem of a lesson's raw data."""
    if not isinstance(data, dict):
        return []  # the model reports that the file is not a mapping
    sections = list(_entries(data, "sections"))
    problems = _unique(sections, "id", "section id", source_map)
    problems += _unique([quote for path, section in sections for quote in _entries(section, "quotes", path)],
                        "id", "quote id", source_map)
    problems += _unique(list(_entries(data, "discussion_questions")), "id", "question id", source_map)
    problems += _unique(list(_entries(data, "quiz")), "id", "quiz id", source_map)
    problems += _unique(list(_entries(data, "vocabulary")), "term", "vocabulary term", source_map, fold_case=True)
    section_ids = [sid for _, section in sections if (sid := _text(section, "id"))]
    if section_ids:  # with no sections to point at, the missing sections are the problem, reported by the model
        for list_name in ("timeline", "discussion_questions", "quiz"):
            problems += _section_references(list(_entries(data, list_name)), section_ids, source_map)
    problems += _material_references(data, sections, source_map)
    problems += _glosses_in_their_quotes(sections, source_map)
    problems += _answers_among_choices(data, source_map)
    problems += _objective_numbers_in_range(data, source_map)
    problems += _minutes_add_up(data, source_map)
    problems += _language_tag(data, source_map)
    for path, section in sections:
        for image_path, image in _entries(section, "images", path):
            problems += _image_problems(image_path, image, source_map, project_root)
    course = data.get("course")
    if isinstance(course, dict):
        problems += check_course(course, source_map, project_root, ("course",))
    return problems


LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?(-([a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*$")
"""A BCP 47 language tag in its usual spelling: language, then script, region and variants (en, en-US, zh-Hans,
zh-Latn-pinyin's shape aside, pt-BR)."""
LANGUAGE_NAMES = {"english": "en", "chinese": "zh", "mandarin": "zh", "spanish": "es", "french": "fr", "german": "de",
                  "japanese": "ja", "korean": "ko", "russian": "ru", "portuguese": "pt", "arabic": "ar",
                  "italian": "it", "vietnamese": "vi", "hindi": "hi", "dutch": "nl", "polish": "pl",
                  "turkish": "tr", "ukrainian": "uk", "tagalog": "tl", "haitian creole": "ht"}


def _language_tag(data: dict, source_map: SourceMap) -> list[Problem]:
    """Accept BCP 47 tags only (they go into the HTML, the PDFs and the deck); a language's name gets its tag."""
    value = data.get("language")
    if not isinstance(value, str) or LANGUAGE_TAG.match(value.strip()):
        return []
    tag = LANGUAGE_NAMES.get(value.strip().casefold())
    if tag is None and LANGUAGE_TAG.match(value.strip().replace("_", "-")):
        tag = value.strip().replace("_", "-")
    advice = (f"did you mean '{tag}'?" if tag else
              "use a BCP 47 tag such as 'en', 'en-US', 'es' or 'zh-Hans'")
    return [source_map.problem(("language",), f"'{value.strip()[:40]}' is not a language tag; {advice}")]


def check_course(data: Any, source_map: SourceMap, project_root: Path, path: YamlPath = ()) -> list[Problem]:
    """Return the cross-field problems of course settings (in _course.yaml or a lesson's course: mapping)."""
    if not isinstance(data, dict):
        return []
    problems = _contrast_problems(data, source_map, path)
    template = _text(data, "slide_template")
    if template is None:
        return problems
    template_path = path + ("slide_template",)
    path_problems = _asset_path_problems(template_path, template, source_map, project_root)
    if path_problems:
        return problems + path_problems
    if Path(template).suffix.lower() != ".pptx":
        return problems + [source_map.problem(template_path, f"{_quoted(template)} is not a PowerPoint template; "
                                                             "name a .pptx file")]
    problem = _presentation_problem(project_root / template, _quoted(template))
    return problems + [source_map.problem(template_path, problem)] if problem else problems


def _presentation_problem(file: Path, shown: str) -> str | None:
    """Return why python-pptx cannot use the file as a template, or None when it opens as a presentation; the zip is
    checked first (size, parts, what they unpack to), so a zip bomb is refused without being inflated."""
    from pptx import Presentation

    from generators.formats.slides import UnusableTemplate, open_slide_template

    try:
        Presentation(open_slide_template(file, shown))
    except UnusableTemplate as error:
        return str(error)
    except Exception:  # python-pptx and lxml raise many kinds of error for a damaged package: all mean this
        return (f"{shown} is not a .pptx file (it is damaged or another kind of file); save the template again from "
                "PowerPoint")
    return None


def _contrast_problems(data: dict, source_map: SourceMap, path: YamlPath) -> list[Problem]:
    """Return a problem for each text colour that is hard to read on the background (WCAG AA, 4.5:1)."""
    colors = data.get("colors")
    if not isinstance(colors, dict):
        return []
    defaults = Colors()
    chosen = {name: colors.get(name) if isinstance(colors.get(name), str)
              and re.fullmatch(r"#[0-9A-Fa-f]{6}", colors.get(name).strip()) else getattr(defaults, name)
              for name in ("primary", "text", "background")}
    problems = []
    for name in ("text", "primary"):
        ratio = contrast_ratio(chosen[name].strip(), chosen["background"].strip())
        if ratio < MINIMUM_TEXT_CONTRAST:
            where = name if name in colors else "background"
            problems.append(source_map.problem(path + ("colors", where), f"{name} colour {chosen[name].strip()} on "
                                               f"background {chosen['background'].strip()} has a contrast of "
                                               f"{ratio:.1f}:1; text needs at least {MINIMUM_TEXT_CONTRAST}:1 to be "
                                               "readable (choose a darker or lighter colour)"))
    return problems


def _unique(entries: list[tuple[YamlPath, dict]], key: str, what: str, source_map: SourceMap,
            fold_case: bool = False) -> list[Problem]:
    first_line: dict[str, int] = {}
    problems = []
    for path, entry in entries:
        value = _text(entry, key)
        if value is None:
            continue
        folded = value.casefold() if fold_case else value
        if folded in first_line:
            problems.append(source_map.problem(path + (key,), f"duplicate {what} '{value}' (first used on line "
                                                              f"{first_line[folded]}); each must be different"))
        else:
            first_line[folded] = source_map.position(path + (key,))[0]
    return problems


def _section_references(entries: list[tuple[YamlPath, dict]], section_ids: list[str],
                        source_map: SourceMap) -> list[Problem]:
    problems = []
    for path, entry in entries:
        reference = _text(entry, "section")
        if reference and reference not in section_ids:
            hint = did_you_mean(reference, section_ids) or f"; the section ids are: {', '.join(section_ids)}"
            problems.append(source_map.problem(path + ("section",), f"no section has the id '{reference}'{hint}"))
    return problems


def _glosses_in_their_quotes(sections: list[tuple[YamlPath, dict]], source_map: SourceMap) -> list[Problem]:
    problems = []
    for path, section in sections:
        for quote_path, quote in _entries(section, "quotes", path):
            text = (_text(quote, "text") or "").casefold()
            for gloss_path, gloss in _entries(quote, "glosses", quote_path):
                word = _text(gloss, "word")
                if word and word.casefold() not in text:
                    problems.append(source_map.problem(gloss_path + ("word",), f"'{word}' is not in the quotation; "
                                                       "gloss a word as the quotation writes it"))
    return problems


MATERIAL_KINDS = {  # key under uses: -> what it names, and the lesson's materials of that kind
    "vocabulary": ("vocabulary term", "vocabulary"),
    "sections": ("section id", "sections"),
    "sources": ("quote id", "quotes"),
    "discussion": ("discussion question id", "discussion questions"),
    "checks": ("quiz item id", "quiz items"),
}


def _material_references(data: dict, sections: list[tuple[YamlPath, dict]], source_map: SourceMap) -> list[Problem]:
    """Return a problem for each name under an activity's uses: (or homework:) that names no material."""
    known = {
        "vocabulary": [term for _, word in _entries(data, "vocabulary") if (term := _text(word, "term"))],
        "sections": list(dict.fromkeys(sid for _, section in sections if (sid := _text(section, "id")))),
        "sources": [qid for path, section in sections for _, quote in _entries(section, "quotes", path)
                    if (qid := _text(quote, "id"))],
        "discussion": [qid for _, question in _entries(data, "discussion_questions") if (qid := _text(question, "id"))],
        "checks": [qid for _, item in _entries(data, "quiz") if (qid := _text(item, "id"))],
    }
    uses = [(path + ("uses",), activity.get("uses")) for path, activity in _entries(data, "activities")]
    uses.append((("homework",), data.get("homework")))
    problems = []
    for path, materials in uses:
        if not isinstance(materials, dict):
            continue
        for kind, (what, plural) in MATERIAL_KINDS.items():
            names = materials.get(kind)
            if not isinstance(names, list):
                continue
            folded = {name.casefold(): name for name in known[kind]} if kind == "vocabulary" else \
                {name: name for name in known[kind]}
            for index, name in enumerate(names):
                if not isinstance(name, str) or not name.strip():
                    continue
                key = name.strip().casefold() if kind == "vocabulary" else name.strip()
                if key in folded:
                    continue
                hint = did_you_mean(name.strip(), known[kind], fold_case=kind == "vocabulary") or (
                    f"; the lesson's {what}s are: {', '.join(known[kind])}" if known[kind] else
                    f"; the lesson has no {plural} yet")
                problems.append(source_map.problem(path + (kind, index), f"no {what} '{name.strip()}'{hint}"))
    return problems


def _answers_among_choices(data: dict, source_map: SourceMap) -> list[Problem]:
    problems = []
    for path, item in _entries(data, "quiz"):
        choices = item.get("choices")
        answer = _text(item, "answer")
        if item.get("type") != "multiple_choice" or not isinstance(choices, list) or answer is None:
            continue
        texts = [choice.strip() for choice in choices if isinstance(choice, str)]
        if answer not in texts:
            hint = did_you_mean(answer, texts) or "; copy one of the choices exactly"
            problems.append(source_map.problem(path + ("answer",), f"the answer '{answer}' is not one of the "
                                                                   f"choices{hint}"))
        duplicates = sorted({text for text in texts if texts.count(text) > 1})
        if duplicates:
            problems.append(source_map.problem(path + ("choices",), f"the choice '{duplicates[0]}' is given twice; "
                                                                    "each choice must be different"))
    return problems


def _objective_numbers_in_range(data: dict, source_map: SourceMap) -> list[Problem]:
    """Return a problem for each number under an item's objectives: that names none of the lesson's objectives."""
    objectives = data.get("objectives")
    if not isinstance(objectives, list) or not objectives:
        return []  # the model reports the missing objectives
    valid = "the lesson has objective 1" if len(objectives) == 1 else \
        f"the lesson's objectives are numbered 1 to {len(objectives)}"
    problems = []
    for list_name in ("quiz", "discussion_questions", "exit_ticket"):
        for path, item in _entries(data, list_name):
            numbers = item.get("objectives")
            for index, number in enumerate(numbers if isinstance(numbers, list) else []):
                whole = int(number) if isinstance(number, str) and re.fullmatch(r"\s*[-+]?\d+\s*", number) else None
                if whole is not None and not 1 <= whole <= len(objectives):
                    problems.append(source_map.problem(path + ("objectives", index),
                                                       f"there is no objective {whole}; {valid}, in the order "
                                                       "objectives: lists them"))
    return problems


def _minutes_add_up(data: dict, source_map: SourceMap) -> list[Problem]:
    duration = _whole_number(data.get("duration_minutes"))
    minutes = [_whole_number(activity.get("minutes")) for _, activity in _entries(data, "activities")]
    if duration is None or not minutes or None in minutes or not isinstance(data.get("activities"), list):
        return []
    total = sum(minutes)  # type: ignore[arg-type]
    if total == duration:
        return []
    return [source_map.problem(("activities",), f"the activities add up to {total} minutes but duration_minutes is "
                                                f"{duration}; make them equal")]


def _asset_path_problems(path: YamlPath, name: str, source_map: SourceMap, project_root: Path) -> list[Problem]:
    """Return problems of a path that must name an existing file inside the project folder."""
    shown = _quoted(name)
    if Path(name).is_absolute() or name.startswith("~"):
        return [source_map.problem(path, f"{shown} is an absolute path; write the path from the project folder, "
                                         "e.g. assets/images/map.png")]
    root = project_root.resolve()
    try:
        target = (root / name).resolve()
    except RuntimeError:  # links that point round in a loop (Python before 3.13); reported as missing below
        target = Path(os.path.normpath(root / name))
    if not target.is_relative_to(root):
        return [source_map.problem(path, f"{shown} points outside the project folder; keep assets under assets/")]
    try:
        found = target.is_file()
    except OSError as error:  # e.g. a name longer than the file system allows
        return [source_map.problem(path, f"the file {shown} cannot be opened ({error.strerror}); check the path")]
    if not found and target.is_dir():
        return [source_map.problem(path, f"{shown} is a folder, not a file; name the file itself")]
    if not found and target.exists():
        return [source_map.problem(path, f"{shown} is not a regular file (a pipe or a device); name a file")]
    if not found:
        siblings = sorted(str(p.relative_to(root)) for p in target.parent.glob("*") if p.is_file()) \
            if target.parent.is_dir() else []
        hint = did_you_mean(name, siblings) or "; check the spelling and the folder"
        return [source_map.problem(path, f"the file {shown} does not exist{hint}")]
    return []


def _picture_problem(file: Path, shown: str) -> str | None:
    """Return why the file cannot be placed as a picture, or None for a whole PNG, JPEG or GIF image."""
    try:
        size = file.stat().st_size
        if size > MAX_PICTURE_BYTES:
            return (f"{shown} is {size / 1e6:,.0f} MB; a picture may be at most {MAX_PICTURE_BYTES // 10**6} MB "
                    "(export it smaller: 3,000 pixels across is plenty for a slide or a page)")
        with file.open("rb") as stream:
            head = stream.read(8)
    except OSError as error:
        return f"{shown} cannot be read ({error.strerror}); check the file's permissions"
    if not any(head.startswith(signature) for signature in IMAGE_SIGNATURES):
        return f"{shown} is not a PNG, JPEG or GIF image"
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as picture:
                picture.draft(picture.mode, (256, 256))  # JPEGs decode at a fraction of their size: enough to check
                picture.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return (f"{shown} has more than {Image.MAX_IMAGE_PIXELS:,} pixels, too many to place; scale it down "
                "(3,000 pixels across is plenty for a slide or a page)")
    except Image.UnidentifiedImageError:
        return f"{shown} is damaged (only its first bytes look like a picture); save or export the picture again"
    except (OSError, SyntaxError, ValueError, EOFError) as error:  # what Pillow raises for a damaged file
        return f"{shown} is damaged ({error}); save or export the picture again"
    return None


def _image_problems(path: YamlPath, image: dict, source_map: SourceMap, project_root: Path) -> list[Problem]:
    problems = []
    name = _text(image, "file")
    if name:
        problems = _asset_path_problems(path + ("file",), name, source_map, project_root)
        problem = None if problems else _picture_problem(project_root / name, _quoted(name))
        if problem:
            problems.append(source_map.problem(path + ("file",), problem))
    decorative = str(image.get("decorative", "false")).strip().lower() in ("true", "yes", "on", "1")
    if not decorative:
        for key, what in (("alt", "alt text (alt: what the picture shows)"), ("credit", "a credit line (credit: …)")):
            if not _text(image, key):
                problems.append(source_map.problem(path + (key,), f"an image needs {what} unless it is marked "
                                                                  "decorative: true"))
    return problems
