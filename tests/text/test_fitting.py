"""Text measuring: the stored font measurements match the font files, and text wraps as measured."""

from __future__ import annotations

import json

from generators.text import fitting as textfit
from generators.text import font_files as fontfiles
from generators.text.fitting import font_metrics, text_width, wrap_text
from generators.text.font_files import METRICS_FILE, common_hanzi, font_coverage, measure_font
from generators.text.fonts import COMMON_CJK_FILE, FALLBACK_FONTS, FONT_FAMILIES, FONTS_DIR, FULL_CJK_FILE


def test_stored_measurements_match_every_bundled_face_and_fallback_font():
    stored = json.loads(METRICS_FILE.read_text("utf-8"))
    faces = {family.path(style).name for family in FONT_FAMILIES.values() for style in ("regular", "bold")}
    fallbacks = {file_name for file_name, _ in FALLBACK_FONTS.values()} - faces
    assert sorted(stored) == sorted(faces | fallbacks), "run `make fonts`"
    for name in faces:
        assert stored[name] == measure_font(FONTS_DIR / name), f"{name} changed: run `make fonts`"
    for name in fallbacks:
        assert stored[name] == measure_font(FONTS_DIR / name, widths=False), f"{name} changed: run `make fonts`"


def test_the_common_cjk_slice_is_droid_cut_to_common_characters(monkeypatch, tmp_path):
    committed = (FONTS_DIR / COMMON_CJK_FILE).read_bytes()
    monkeypatch.setattr(fontfiles, "FONTS_DIR", tmp_path)
    (tmp_path / FULL_CJK_FILE).symlink_to(FONTS_DIR / FULL_CJK_FILE)
    assert fontfiles.write_common_cjk_font().read_bytes() == committed, "run `make fonts`"
    common = font_coverage(COMMON_CJK_FILE)
    assert set(common_hanzi()) <= common <= font_coverage(FULL_CJK_FILE)
    assert len(common_hanzi()) == 3755 and ord("京") in common and ord("鑫") not in common


def test_a_stale_measurement_is_ignored_for_the_font_itself(monkeypatch, tmp_path):
    stale = json.loads(METRICS_FILE.read_text("utf-8"))
    stale["Carlito-Regular.ttf"]["sha256"] = "0" * 64
    stale["Carlito-Regular.ttf"]["advances"]["65"] = 99999  # a wrong width for "A"
    (tmp_path / "metrics.json").write_text(json.dumps(stale), "utf-8")
    monkeypatch.setattr(fontfiles, "METRICS_FILE", tmp_path / "metrics.json")
    fontfiles._stored.cache_clear()
    textfit.font_metrics.cache_clear()
    try:
        assert 0.4 < textfit.font_metrics("Carlito").char_width("A") < 0.7
    finally:
        fontfiles._stored.cache_clear()
        textfit.font_metrics.cache_clear()


def test_widths_and_wrapping_follow_the_font():
    metrics = font_metrics("Carlito")
    assert text_width("iiii", metrics, 20) < text_width("MMMM", metrics, 20)
    lines = wrap_text("The Hundred Flowers campaign invited criticism", metrics, 20, 200)
    assert len(lines) > 1 and all(text_width(line, metrics, 20) <= 200 for line in lines)
    assert " ".join(lines) == "The Hundred Flowers campaign invited criticism"
