"""Shared output concerns: atomic writes and the fixed build time that makes output reproducible."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

DEFAULT_EPOCH = 315532800  # 1980-01-01, the earliest time a zip file can hold


LATEST_EPOCH = 4354819199  # 2107-12-31 23:59:59, the latest time a zip file can hold


def source_date_problem() -> str | None:
    """Return why SOURCE_DATE_EPOCH cannot be used (not whole seconds, or beyond what a zip can hold), or None."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        return (f"SOURCE_DATE_EPOCH={value[:20]!r} is not a number of seconds since 1970; unset it or give one, "
                "e.g. SOURCE_DATE_EPOCH=1700000000")
    if int(value) > LATEST_EPOCH:
        return (f"SOURCE_DATE_EPOCH={value[:20]} is after 2107, the latest date a zip file (a deck, a QTI package) "
                "can hold; give an earlier time")
    return None


def build_epoch() -> int:
    """Return the timestamp to embed in files: SOURCE_DATE_EPOCH if set, else a fixed date, never the clock."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return min(max(int(value), DEFAULT_EPOCH), LATEST_EPOCH) if value.isdigit() else DEFAULT_EPOCH


def build_datetime() -> datetime:
    """Return build_epoch() as a UTC datetime."""
    return datetime.fromtimestamp(build_epoch(), tz=UTC)


class NotARegularFile(OSError):
    """A path that is a folder, a pipe, a device or a file over the size allowed: never read."""

    def __init__(self, message: str, size: int | None = None) -> None:
        super().__init__(message)
        self.size = size
        """The file's size when it is a regular file over the limit; None when it is not a regular file."""

    def explained(self, shown: str, expected: str, limit: str) -> str:
        """Return the one-line reason for a user: not a regular file (then what to name instead), or over the limit."""
        if self.size is None:
            return f"{shown} is not a regular file (it is a folder, a pipe or a device); {expected}"
        return f"{shown} is {self.size:,} bytes; {limit}"


def read_bounded(path: Path, limit: int) -> bytes:
    """Return the bytes of a regular file of at most limit bytes; raise NotARegularFile for anything else (a pipe
    would block, a device or a huge file would be read without end) before reading a byte of it."""
    import stat

    status = path.stat()
    if not stat.S_ISREG(status.st_mode):
        raise NotARegularFile(f"'{path.name}' is not a regular file (it is a folder, a pipe or a device)")
    if status.st_size > limit:
        raise NotARegularFile(f"'{path.name}' is {status.st_size:,} bytes, over the {limit:,} allowed", status.st_size)
    with path.open("rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:  # it grew since
        raise NotARegularFile(f"'{path.name}' is over the {limit:,} bytes allowed", len(data))
    return data


def write_atomically(path: Path, data: bytes | str) -> Path:
    """Write data to path through a temporary file and a rename, so no reader ever sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def zip_entry(name: str):
    """Return the header of a compressed zip entry stamped at build_epoch(), readable by all, so rebuilds match."""
    import time
    import zipfile

    entry = zipfile.ZipInfo(name, date_time=time.gmtime(build_epoch())[:6])
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    return entry


def normalize_zip(data: bytes) -> bytes:
    """Return a zip (xlsx, QTI) rewritten with every entry made by zip_entry(), so rebuilds match."""
    import io
    import zipfile

    result = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(result, "w") as target:
        for entry in source.infolist():
            target.writestr(zip_entry(entry.filename), source.read(entry.filename))
    return result.getvalue()
