"""The exported project, built once for the LMS tests."""

from __future__ import annotations

import pytest
from support.exports import EXPORT_FORMATS, make_export_project

from generators.driver.builder import Project, build


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Project:
    """Return a project whose lessons have been exported once for the whole module."""
    project = make_export_project(tmp_path_factory.mktemp("exported"))
    report = build(project, force=True, jobs=1, formats=EXPORT_FORMATS)
    assert not report.invalid and not report.failed, (report.invalid, report.failed)
    return project
