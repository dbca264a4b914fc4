"""The jinja2 environments: compiled templates are cached, and a cache that cannot be written is no failure."""

from __future__ import annotations

import jinja2

from generators.text.templating import (
    TEMPLATES_DIR,
    _CompiledTemplates,
    _environment,
    as_paragraph,
    html_environment,
    markdown_environment,
    paragraph_environment,
    yaml_environment,
)


def test_a_template_renders_the_same_from_the_compiled_cache(tmp_path):
    cache = _CompiledTemplates(directory=str(tmp_path))
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), bytecode_cache=cache)
    first = environment.get_template("index.html.j2")
    assert list(tmp_path.iterdir()), "the compiled template was not stored"
    again = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), bytecode_cache=cache)
    assert again.get_template("index.html.j2").render(lessons=[]) == first.render(lessons=[])


def test_a_cache_folder_that_cannot_be_written_is_ignored(tmp_path):
    cache = _CompiledTemplates(directory=str(tmp_path / "missing"))
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), bytecode_cache=cache)
    assert "<html" in environment.get_template("index.html.j2").render(lessons=[])


def test_each_kind_of_environment_and_its_settings_keep_their_own_entries():
    patterns = {environment().bytecode_cache.pattern for environment in
                (markdown_environment, html_environment, yaml_environment, paragraph_environment)
                if environment().bytecode_cache is not None}
    assert len(patterns) in (0, 4)
    assert _environment("paragraph", trim_blocks=False).bytecode_cache.pattern != \
        _environment("paragraph", trim_blocks=True).bytecode_cache.pattern


def test_a_paragraph_template_joins_its_own_lines_and_keeps_those_of_the_values(tmp_path):
    source = "First line {{ value }}.\n{% if flag %}\nSecond{% endif %}\nThird.\n"
    template = paragraph_environment().from_string(source)
    rendered = as_paragraph(template.render(value="with a\nbreak and a\u2028separator", flag=True))
    assert rendered == "First line with a\nbreak and a\u2028separator. Second Third."


def test_speaker_notes_read_as_one_paragraph_from_the_template():
    from generators.formats.slides.plan import speaker_notes
    from generators.model.lesson import DiscussionQuestion

    question = DiscussionQuestion(id="q", prompt="Why?", sentence_starter="Because", model_answer="It split.")
    assert speaker_notes("discussion", question, None, None) == (
        "Read the question aloud and give think time. Sentence starter for students who need it: “Because” Model "
        "answer: It split.")
