"""Hostile input files: special files, link loops, impossible names, and sizes that lie.

Each case must end at once with exit status 2, a message naming the file and the reason,
and no traceback; every run is capped in time and memory (see ``hostile_support``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hostile_support import assert_refused, labsim

from labsim.errors import FileError, ScenarioError
from labsim.files import read_bounded
from labsim.scenarios.source import read_document

ROOT = Path(__file__).resolve().parents[1]
MMC = (ROOT / "scenarios" / "mmc.yaml").read_text(encoding="utf-8")

pytestmark = pytest.mark.skipif(
    not hasattr(os, "mkfifo"), reason="named pipes and device links need a POSIX system"
)

#: Special files a scenario path may be, with the words the refusal must contain.
SPECIAL = {
    "fifo.yaml": "named pipe",
    "zero.yaml": "character device",
    "urandom.yaml": "character device",
    "null.yaml": "character device",
    "folder.yaml": "is a folder",
    "loop-a.yaml": "symbolic link loop",
    "dangling.yaml": "no such file",
    ("n" * 300) + ".yaml": "name is too long",
}


def _special_files(folder: Path) -> list[Path]:
    os.mkfifo(folder / "fifo.yaml")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    (folder / "urandom.yaml").symlink_to("/dev/urandom")
    (folder / "null.yaml").symlink_to("/dev/null")
    (folder / "folder.yaml").mkdir()
    (folder / "loop-a.yaml").symlink_to("loop-b.yaml")
    (folder / "loop-b.yaml").symlink_to("loop-a.yaml")
    (folder / "dangling.yaml").symlink_to("nowhere.yaml")
    return [folder / name for name in SPECIAL]


def test_special_scenario_files_are_refused_at_once(tmp_path: Path) -> None:
    paths = _special_files(tmp_path)
    outcome = labsim("validate", *paths, timeout=20)
    assert_refused(outcome)
    lines = outcome.text.splitlines()
    for path, reason in zip(paths, SPECIAL.values(), strict=True):
        shown = path.name[:60]
        assert any(shown in line and reason in line for line in lines), (path.name, outcome.err)
    assert max(len(line) for line in lines) < 600  # a 300-character name is cut short


@pytest.mark.parametrize("command", [["run"], ["watch", "--screenshot", "x.png"], ["batch"]])
def test_every_command_refuses_a_fifo_scenario(tmp_path: Path, command: list[str]) -> None:
    os.mkfifo(tmp_path / "lab.yaml")
    outcome = labsim(command[0], tmp_path / "lab.yaml", *command[1:], cwd=tmp_path, timeout=20)
    assert_refused(outcome, "lab.yaml", "named pipe")


def test_special_included_libraries_are_refused(tmp_path: Path) -> None:
    _special_files(tmp_path)
    scenarios = []
    for index, name in enumerate(SPECIAL):
        scenario = tmp_path / f"inc{index}.yaml"
        scenario.write_text(MMC + f"include: [{name!r}]\n", encoding="utf-8")
        scenarios.append(scenario)
    nul = tmp_path / "nul.yaml"
    nul.write_text(MMC + 'include: ["lib\\0rary.yaml"]\n', encoding="utf-8")
    outcome = labsim("validate", *scenarios, nul, timeout=20)
    assert_refused(outcome, "NUL byte")
    for reason in SPECIAL.values():
        if reason == "character device":
            reason = "outside the scenario's folder"  # /dev is outside; refused before reading
        assert reason in outcome.text, (reason, outcome.text)


def test_experiment_naming_a_special_scenario_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "lab.yaml")
    experiment = tmp_path / "study.yaml"
    experiment.write_text("labsim-experiment: 1\nscenario: lab.yaml\n", encoding="utf-8")
    assert_refused(labsim("batch", experiment, cwd=tmp_path, timeout=20), "lab.yaml", "named pipe")
    experiment.write_text('labsim-experiment: 1\nscenario: "a\\0b.yaml"\n', encoding="utf-8")
    assert_refused(labsim("batch", experiment, cwd=tmp_path, timeout=20), "NUL byte")


def test_special_play_scripts_are_refused(tmp_path: Path) -> None:
    paths = _special_files(tmp_path)
    zd6 = ROOT / "scenarios" / "zd6-practice.yaml"
    for path, reason in zip(paths[:4], list(SPECIAL.values())[:4], strict=True):
        outcome = labsim(
            "play", zd6, "--headless", "--script", path, "--records", tmp_path / "r.sqlite3",
            timeout=20,
        )  # fmt: skip
        assert_refused(outcome, path.name, reason)


def test_special_and_explosive_overlays_are_refused(tmp_path: Path) -> None:
    paths = _special_files(tmp_path)
    mmc = ROOT / "scenarios" / "mmc.yaml"
    assert_refused(labsim("run", mmc, "--overlay", paths[0], timeout=20), "fifo", "named pipe")
    laughs = tmp_path / "laughs.yaml"
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join(['*a' + str(i - 1)] * 9)}]" for i in range(1, 10)]
    laughs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_refused(labsim("run", mmc, "--overlay", laughs, timeout=20), "laughs.yaml")


def test_a_special_experiment_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "study.yaml").symlink_to("/dev/zero")
    assert_refused(labsim("batch", tmp_path / "study.yaml", timeout=20), "character device")


def test_the_size_cap_holds_for_files_whose_stat_size_is_zero() -> None:
    status = Path("/proc/self/status")
    if not status.exists() or status.stat().st_size != 0:
        pytest.skip("needs a /proc file that reports size 0")
    with pytest.raises(FileError, match="too large"):
        read_bounded(status, limit=64)
    assert b"Name:" in read_bounded(status, limit=1 << 20)


def test_names_no_file_system_accepts_are_scenario_errors(tmp_path: Path) -> None:
    for name, reason in (("a\0b.yaml", "NUL byte"), ("x" * 5000 + ".yaml", "too long")):
        with pytest.raises(ScenarioError, match=reason) as caught:
            read_document(tmp_path / name)
        assert len(str(caught.value)) < 400


@pytest.mark.skipif(sys.platform != "linux", reason="/dev/zero behind a link is a Linux case")
def test_a_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    with pytest.raises(ScenarioError, match="character device"):
        read_document(tmp_path / "zero.json")


@pytest.mark.parametrize(
    ("name", "reason"),
    [("a-folder", "is a folder"), ("zero", "character device"), ("missing", "no such file")],
)
def test_a_special_file_without_an_extension_is_named_for_what_it_is(
    tmp_path: Path, name: str, reason: str
) -> None:
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "zero").symlink_to("/dev/zero")
    with pytest.raises(ScenarioError, match=reason):
        read_document(tmp_path / name)


def test_each_reason_is_a_catalogue_message_and_the_english_stays_as_it_was(
    tmp_path: Path,
) -> None:
    """A window says why in the person's language; the command line keeps its English."""
    from labsim import files
    from labsim.i18n import tr
    from labsim.i18n.catalogues import catalogue

    big = tmp_path / "big.yaml"
    big.write_bytes(b"x" * 1500)
    with pytest.raises(FileError) as caught:
        read_bounded(big, limit=1000)
    error = caught.value
    assert error.reason == "the file is too large (1,500 bytes; the limit is 1,000 bytes)"
    assert str(error).endswith(f"big.yaml: {error.reason}")
    assert tr(error.why, "zh", **error.facts) == "文件太大（1,500 字节；上限为 1,000 字节）"
    with pytest.raises(FileError) as caught:
        files.write_atomic(tmp_path / "none" / "out.csv", "a")
    assert caught.value.reason == f"the folder {tmp_path / 'none'} does not exist"
    (tmp_path / "afile").write_text("x")
    for inside in ("afile", "afile/deeper"):
        with pytest.raises(FileError) as caught:
            files.write_atomic(tmp_path / inside / "out.csv", "a")
        assert caught.value.reason == "a part of the path is not a folder"
    reasons = {*files._REASONS.values(), *(kind for _, kind in files._KINDS)}
    for why in reasons:
        for lang in ("zh", "th", "ru", "fr"):
            assert catalogue(lang).gettext(why) != why, (lang, why)
