"""Shared output concerns: atomic writes and the fixed build time that makes output reproducible."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

DEFAULT_EPOCH = 315532800  # 1980-01-01, the earliest time a zip file can hold


def build_epoch() -> int:
    """Return the timestamp to embed in files: SOURCE_DATE_EPOCH if set, else a fixed date, never the clock."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return max(int(value), DEFAULT_EPOCH) if value.isdigit() else DEFAULT_EPOCH


def build_datetime() -> datetime:
    """Return build_epoch() as a UTC datetime."""
    return datetime.fromtimestamp(build_epoch(), tz=UTC)


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
