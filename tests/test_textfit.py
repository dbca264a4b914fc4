"""Text measuring: the stored font measurements match the font files, and text wraps as measured."""

from __future__ import annotations

import json

from generators.fonts import FONT_FAMILIES
from generators.textfit import METRICS_FILE, font_metrics, measure_font, text_width, wrap_text


def test_stored_measurements_match_every_bundled_face():
    stored = json.loads(METRICS_FILE.read_text("utf-8"))
    faces = {family.path(style) for family in FONT_FAMILIES.values() for style in ("regular", "bold")}
    assert sorted(stored) == sorted(path.name for path in faces), "run `make metrics`"
    for path in faces:
        assert stored[path.name] == measure_font(path), f"{path.name} changed: run `make metrics`"


def test_a_stale_measurement_is_ignored_for_the_font_itself(monkeypatch, tmp_path):
    import generators.textfit as textfit

    stale = json.loads(METRICS_FILE.read_text("utf-8"))
    stale["Carlito-Regular.ttf"]["sha256"] = "0" * 64
    stale["Carlito-Regular.ttf"]["advances"]["65"] = 99999  # a wrong width for "A"
    (tmp_path / "metrics.json").write_text(json.dumps(stale), "utf-8")
    monkeypatch.setattr(textfit, "METRICS_FILE", tmp_path / "metrics.json")
    textfit._stored_measurements.cache_clear()
    textfit.font_metrics.cache_clear()
    try:
        assert 0.4 < textfit.font_metrics("Carlito").char_width("A") < 0.7
    finally:
        textfit._stored_measurements.cache_clear()
        textfit.font_metrics.cache_clear()


def test_widths_and_wrapping_follow_the_font():
    metrics = font_metrics("Carlito")
    assert text_width("iiii", metrics, 20) < text_width("MMMM", metrics, 20)
    lines = wrap_text("The Hundred Flowers campaign invited criticism", metrics, 20, 200)
    assert len(lines) > 1 and all(text_width(line, metrics, 20) <= 200 for line in lines)
    assert " ".join(lines) == "The Hundred Flowers campaign invited criticism"
