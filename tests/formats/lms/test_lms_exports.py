"""What the exports share: byte-identical rebuilds and zip entries stamped at the build time."""

from __future__ import annotations

import hashlib
import io
import time
import zipfile

import pytest
from support.exports import EXPORT_FORMATS, EXPORTS, LESSONS, export_path

from generators.driver.builder import build
from generators.driver.files import build_epoch


def test_exports_are_byte_identical_across_builds(exported):
    def digests() -> dict[str, str]:
        return {f"{lesson_id}/{name}": hashlib.sha256(export_path(exported, lesson_id, name).read_bytes()).hexdigest()
                for lesson_id in LESSONS for name in EXPORTS}

    before = digests()
    build(exported, force=True, jobs=1, formats=EXPORT_FORMATS)
    assert digests() == before


@pytest.mark.parametrize("name", ["canvas-qti.zip", "kahoot.xlsx", "flashcards.apkg"])
def test_every_zip_entry_is_stamped_with_the_build_time(exported, name):
    with zipfile.ZipFile(io.BytesIO(export_path(exported, "stress", name).read_bytes())) as package:
        assert {entry.date_time for entry in package.infolist()} == {time.gmtime(build_epoch())[:6]}
