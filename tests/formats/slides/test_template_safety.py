"""A slide template's zip is checked before python-pptx opens it: a zip bomb, a part whose header declares gigabytes,
too many parts or a file that is not regular is one located error at the course setting, found without inflating."""

from __future__ import annotations

import io
import os
import struct
import time
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from support.paths import MINIMAL_LESSON as M

from generators.formats.slides import (
    TEMPLATE_MAX_BYTES,
    TEMPLATE_MAX_PARTS,
    UnusableTemplate,
    open_slide_template,
)

SETTING = "lessons/x.yaml:71:19: error: course.slide_template: "
BOMB = "ppt/media/zeros.bin"


def template_bytes() -> bytes:
    buffer = io.BytesIO()
    Presentation().save(buffer)
    return buffer.getvalue()


def project_with_template(root: Path) -> Path:
    """Write lessons/x.yaml using assets/school.pptx (python-pptx's default template) and return the template."""
    (root / "lessons").mkdir()
    (root / "lessons" / "x.yaml").write_text(M + "course:\n  slide_template: assets/school.pptx\n", "utf-8")
    (root / "assets").mkdir()
    template = root / "assets" / "school.pptx"
    template.write_bytes(template_bytes())
    return template


def add_zeros(template: Path, megabytes: int) -> None:
    """Append a part of zeros, deflated (about 1000:1), streamed so the test never holds it in memory."""
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(template, "a", zipfile.ZIP_DEFLATED) as archive, \
            archive.open(BOMB, "w", force_zip64=True) as part:
        for _ in range(megabytes):
            part.write(chunk)


def declare_size(template: Path, name: str, size: int) -> None:
    """Rewrite the uncompressed size the zip directory declares for a part (its data stays a few bytes)."""
    data = bytearray(template.read_bytes())
    entry = data.rindex(b"PK\x01\x02", 0, data.rindex(name.encode()))
    data[entry + 24:entry + 28] = struct.pack("<I", size)
    template.write_bytes(bytes(data))


@pytest.fixture
def never_inflated(monkeypatch):
    """Fail the test if anything reads the bomb's part from the zip."""
    opened = zipfile.ZipFile.open

    def open_part(archive, name, mode="r", *arguments, **keywords):
        assert mode != "r" or getattr(name, "filename", name) != BOMB, "the template's bomb was inflated"
        return opened(archive, name, mode, *arguments, **keywords)

    monkeypatch.setattr(zipfile.ZipFile, "open", open_part)


@pytest.mark.parametrize(("megabytes", "message"), [
    (300, "unpacks to 314,666,510 bytes; a slide template may unpack to at most 200 MB; remove its videos and large "
          "pictures (PowerPoint: File > Compress Pictures) and save it again"),
    (120, "has a file ('ppt/media/zeros.bin') that unpacks to 1,0"),
])
def test_a_zip_bomb_template_is_one_located_error_found_fast(tmp_path, run_cli, megabytes, message):
    add_zeros(project_with_template(tmp_path), megabytes)
    started = time.monotonic()
    result = run_cli(tmp_path, "check")
    assert time.monotonic() - started < 5
    assert result.code == 2
    first = result.err.splitlines()[0]
    assert first.startswith(SETTING) and f"'assets/school.pptx' {message}" in first
    assert "Traceback" not in result.err


@pytest.mark.parametrize("megabytes", [300, 120])
def test_the_bomb_is_refused_from_the_zip_directory_alone(tmp_path, never_inflated, megabytes):
    template = project_with_template(tmp_path)
    add_zeros(template, megabytes)
    with pytest.raises(UnusableTemplate, match="^the template "):
        open_slide_template(template, "the template")


def test_a_part_declaring_gigabytes_is_refused_without_reading_it(tmp_path, run_cli):
    template = project_with_template(tmp_path)
    with zipfile.ZipFile(template, "a", zipfile.ZIP_STORED) as archive:
        archive.writestr("ppt/media/huge.bin", b"tiny")
    declare_size(template, "ppt/media/huge.bin", 2 ** 31)
    started = time.monotonic()
    result = run_cli(tmp_path, "check")
    assert time.monotonic() - started < 5
    assert result.code == 2
    first = result.err.splitlines()[0]
    assert first.startswith(SETTING) and "'assets/school.pptx' unpacks to 2,147," in first


def test_a_part_inflating_beyond_its_declared_size_is_never_inflated_whole(tmp_path):
    """The directory says 1 MB at 1:1; the data inflates to 100 MB: only what the directory declared is read."""
    template = project_with_template(tmp_path)
    with zipfile.ZipFile(template, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(BOMB, bytes(100 << 20))
    data = bytearray(template.read_bytes())
    entry = data.rindex(b"PK\x01\x02", 0, data.rindex(BOMB.encode()))
    packed = struct.unpack("<I", data[entry + 20:entry + 24])[0]
    data[entry + 24:entry + 28] = struct.pack("<I", max(packed, 1 << 20))
    template.write_bytes(bytes(data))
    with pytest.raises(UnusableTemplate, match="is not a .pptx file \\(it is damaged"):  # its checksum fails
        open_slide_template(template, "the template")


def test_a_template_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    template = tmp_path / "big.pptx"
    with template.open("wb") as stream:
        stream.write(b"PK\x03\x04")
        stream.truncate(TEMPLATE_MAX_BYTES + 1)  # sparse: no disk used
    with pytest.raises(UnusableTemplate, match=f"is {TEMPLATE_MAX_BYTES + 1:,} bytes; a slide template may be at "
                                               "most 50 MB"):
        open_slide_template(template, "the template")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "school.pptx")
    with pytest.raises(UnusableTemplate, match="is not a regular file"):
        open_slide_template(tmp_path / "school.pptx", "the template")


def test_too_many_parts_are_refused_before_zipfile_reads_them(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ppt/presentation.xml", b"<p/>")
        for number in range(TEMPLATE_MAX_PARTS):
            archive.writestr(f"ppt/media/{number}.bin", b"")
    (tmp_path / "school.pptx").write_bytes(buffer.getvalue())
    with pytest.raises(UnusableTemplate, match=f"holds {TEMPLATE_MAX_PARTS + 1:,} files"):
        open_slide_template(tmp_path / "school.pptx", "the template")


def test_a_real_template_opens_and_keeps_its_parts(tmp_path):
    template = project_with_template(tmp_path)
    package = open_slide_template(template, "the template")
    with zipfile.ZipFile(template) as original, zipfile.ZipFile(package) as opened:
        assert opened.namelist() == original.namelist()
        assert all(opened.read(name) == original.read(name) for name in original.namelist())
    assert len(Presentation(package).slide_layouts) == 11
