from __future__ import annotations

import json
from pathlib import Path

import pytest

from labsim.errors import StudyFolderError
from labsim.experiments.runner import Record
from labsim.experiments.store import MANIFEST, RESULTS, ResultStore

IDENTITY = {"scenario": "abc", "seed": 1, "replications": {"reps": 3}}


def _record(point: int, rep: int, error: str | None = None) -> Record:
    metrics = {} if error else {"trainees.certified": point * 10 + rep, "x": 0.5}
    return Record(point, rep, 1, metrics, error)


def test_records_survive_reopening_and_are_never_duplicated(tmp_path: Path) -> None:
    folder = tmp_path / "study"
    with ResultStore.open(folder, IDENTITY, resume=False) as store:
        assert store.append([_record(0, 0), _record(0, 1, "ValueError: boom")]) != []
        assert store.append([_record(0, 0)]) == []  # already stored
    with ResultStore.open(folder, IDENTITY, resume=True) as store:
        assert store.done == {(0, 0), (0, 1)} and store.failed == 1
        written = store.append([_record(0, 1), _record(1, 0)])
        assert [r.key for r in written] == [(1, 0)]
        records = list(store.records())
    assert [r.key for r in records] == [(0, 0), (0, 1), (1, 0)]
    assert records[1].error == "ValueError: boom" and records[0].metrics["x"] == 0.5
    assert len((folder / RESULTS).read_text().splitlines()) == 3


def test_a_line_torn_by_a_crash_is_cut_off(tmp_path: Path) -> None:
    folder = tmp_path / "study"
    with ResultStore.open(folder, IDENTITY, resume=False) as store:
        store.append([_record(0, 0), _record(0, 1)])
    path = folder / RESULTS
    whole = path.read_bytes()
    path.write_bytes(whole + _record(0, 2).to_json().encode()[:17])  # killed mid-write
    with ResultStore.open(folder, IDENTITY, resume=True) as store:
        assert store.done == {(0, 0), (0, 1)}
        assert path.read_bytes() == whole
        store.append([_record(0, 2)])
    assert [r.key for r in ResultStore(folder, {}).records()] == [(0, 0), (0, 1), (0, 2)]


def test_resume_refuses_a_folder_of_another_study(tmp_path: Path) -> None:
    folder = tmp_path / "study"
    ResultStore.open(folder, IDENTITY, resume=False).close()
    other = {**IDENTITY, "seed": 2}
    with pytest.raises(StudyFolderError, match=r"holds a study that differs in: seed$") as caught:
        ResultStore.open(folder, other, resume=True)
    assert (caught.value.folder, caught.value.holds) == (folder, "another study")
    assert caught.value.differs == ("seed",)
    with pytest.raises(StudyFolderError, match="already holds this study") as caught:
        ResultStore.open(folder, IDENTITY, resume=False)
    assert caught.value.holds == "this study" and "--" not in str(caught.value)


def test_a_folder_with_other_files_is_not_used(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(StudyFolderError, match="is not empty and holds no study") as caught:
        ResultStore.open(tmp_path, IDENTITY, resume=True)
    assert caught.value.holds == "other files"


def test_a_manifest_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    (tmp_path / MANIFEST).write_text("{not json")
    with pytest.raises(StudyFolderError, match=f"{MANIFEST}: Expecting") as caught:
        ResultStore.open(tmp_path, IDENTITY, resume=True)
    assert caught.value.holds == "a bad manifest" and MANIFEST in caught.value.detail


def test_the_manifest_holds_the_identity_and_its_hash(tmp_path: Path) -> None:
    ResultStore.open(
        tmp_path / "s", IDENTITY, resume=False, info={"command": "labsim batch x"}
    ).close()
    manifest = json.loads((tmp_path / "s" / MANIFEST).read_text())
    assert manifest["identity"] == IDENTITY and len(manifest["hash"]) == 64
    assert manifest["command"] == "labsim batch x"
