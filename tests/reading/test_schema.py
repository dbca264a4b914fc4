"""The committed JSON Schemas and the README authoring guide are exactly what the model generates."""

from __future__ import annotations

import json

from support.paths import REPO

from generators.model.lesson import Lesson
from generators.reading.schema import authoring_guide, update_generated_files


def test_committed_schemas_and_guide_match_the_model():
    assert update_generated_files(REPO, check_only=True) == []


def test_schema_check_reports_drift(tmp_path):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "lesson.schema.json").write_text("{}", "utf-8")
    stale = update_generated_files(tmp_path, check_only=True)
    assert [path.name for path in stale] == ["lesson.schema.json", "course.schema.json"]
    assert (tmp_path / "lessons" / "lesson.schema.json").read_text("utf-8") == "{}"


def test_schema_forbids_unknown_keys_and_documents_every_field():
    schema = json.loads((REPO / "lessons" / "lesson.schema.json").read_text("utf-8"))
    assert schema["additionalProperties"] is False
    for name, definition in schema["$defs"].items():
        for field, info in definition.get("properties", {}).items():
            assert info.get("description"), f"{name}.{field} has no documentation"


def test_every_field_of_every_mapping_is_in_the_authoring_guide():
    guide = authoring_guide()
    for field in Lesson.model_fields:
        assert f"| `{field}` |" in guide
    assert "#### Quote" in guide and "| `speaker` | yes |" in guide


def test_every_lesson_file_points_editors_at_the_schema():
    for path in (REPO / "lessons").glob("*.yaml"):
        first_line = path.read_text("utf-8").splitlines()[0]
        expected = "course.schema.json" if path.name.startswith("_") else "lesson.schema.json"
        assert first_line == f"# yaml-language-server: $schema={expected}", path.name
