"""Shared fixtures: throwaway projects with lessons in them, and the command line run in-process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support.paths import REPO, CliResult

from generators.cli import main


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Return an empty project folder with lessons/ and assets/images/."""
    (tmp_path / "lessons").mkdir()
    (tmp_path / "assets" / "images").mkdir(parents=True)
    return tmp_path


@pytest.fixture
def run_cli(capsys, monkeypatch):
    """Return a function that runs the command line in-process against a project and captures its output."""

    def run(project: Path, *arguments: str) -> CliResult:
        monkeypatch.chdir(project)
        code = main(["--project", str(project), *arguments])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    """Return a copy of the repository's lessons and images, to build without touching the real build/."""
    shutil.copytree(REPO / "lessons", tmp_path / "lessons")
    shutil.copytree(REPO / "assets" / "images", tmp_path / "assets" / "images")
    return tmp_path


@pytest.fixture(scope="session")
def built_project(tmp_path_factory):
    """Return a project with the sample, stress and pictures lessons, built once for the whole test run."""
    from support.decks import build_decks

    return build_decks(tmp_path_factory.mktemp("built"))
