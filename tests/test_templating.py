"""The jinja2 environments: compiled templates are cached, and a cache that cannot be written is no failure."""

from __future__ import annotations

import jinja2

from generators.text.templating import TEMPLATES_DIR, _CompiledTemplates, markdown_environment


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


def test_each_kind_of_environment_keeps_its_own_entries():
    cache = markdown_environment().bytecode_cache
    assert cache is None or "lessonkit-markdown-" in cache.pattern
