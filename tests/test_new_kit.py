"""``labsim new --rig-kit NAME DIR``: a kit package whose own tests pass as generated."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile_support import python
from kits_support import fake_distribution
from typer.testing import CliRunner

from labsim.cli import app
from labsim.errors import FileError, NotEmptyError, SettingError
from labsim.kits.scaffold import kit_files, write_kit

runner = CliRunner()


def test_a_new_kit_installs_and_passes_its_own_tests(tmp_path: Path) -> None:
    kit = tmp_path / "axle"
    result = runner.invoke(app, ["new", "--rig-kit", "axle_counter", str(kit)])
    assert result.exit_code == 0, result.output
    assert (kit / "pyproject.toml").read_text().count('axle_counter = "axle_counter_kit:KIT"')
    for part in ("model.py", "library.yaml", "words.yaml", "panel.yaml"):
        assert (kit / "axle_counter_kit" / part).is_file()
    site = tmp_path / "site"  # what `pip install` records: the kit's entry point
    fake_distribution(site, "labsim-axle-counter-kit", {"axle_counter": "axle_counter_kit:KIT"})
    env = {"PYTHONPATH": f"{kit}{os.pathsep}{site}"}
    tests = python("-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=kit, env=env, timeout=300)
    assert tests.code == 0, tests.text
    assert "6 passed" in tests.out


def test_a_bad_name_or_a_full_folder_is_refused_with_exit_2(tmp_path: Path) -> None:
    bad = runner.invoke(app, ["new", "--rig-kit", "Axle Counter", str(tmp_path / "k")])
    assert bad.exit_code == 2
    assert "error: --rig-kit Axle Counter: a rig model name is lower-case letters" in bad.output
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    full = runner.invoke(app, ["new", "--rig-kit", "axle_counter", str(tmp_path / "full")])
    assert full.exit_code == 2
    assert f"error: {tmp_path / 'full'} is not empty; choose a new folder or pass --force" in (
        full.output
    )
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"


def test_the_scaffold_refuses_in_library_terms(tmp_path: Path) -> None:
    with pytest.raises(SettingError) as caught:
        kit_files("Axle")
    assert (caught.value.setting, caught.value.value) == ("name", "Axle")
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(NotEmptyError, match="the folder is not empty") as full:
        write_kit("axle_counter", tmp_path)
    assert full.value.folder == tmp_path and isinstance(full.value, FileError)
    assert "--" not in str(caught.value) + str(full.value)
