"""What a release carries: the licence in the repo and the wheel, and the project's metadata."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile

from tests.conftest import REPO

COPYRIGHT = "Copyright (c) 2026 the briefing-tui authors"


def test_licence_is_mit_with_the_authors_copyright():
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert COPYRIGHT in text
    assert "Permission is hereby granted, free of charge" in text


def test_pyproject_names_the_licence_urls_and_classifiers():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    assert {"Homepage", "Issues", "Source"} <= set(project["urls"])
    assert "Programming Language :: Python :: 3.11" in project["classifiers"]
    assert "Environment :: Console" in project["classifiers"]


def test_wheel_carries_the_licence_and_metadata(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "-w", str(tmp_path), "--no-deps", "-q"],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("briefing_tui-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (licence,) = [name for name in names if name.endswith(".dist-info/licenses/LICENSE")]
        assert COPYRIGHT in archive.read(licence).decode()
        (metadata,) = [name for name in names if name.endswith(".dist-info/METADATA")]
        fields = archive.read(metadata).decode()
    assert "License-Expression: MIT" in fields
    assert "License-File: LICENSE" in fields
    assert "Project-URL: Homepage, " in fields
    assert "tui/bundled/seeds/" in "\n".join(names)
