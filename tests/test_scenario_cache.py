"""The cache of checked scenarios as lab plans: the same plan back, the same run from it, misses
for anything doubtful, and no validators imported when a run reads it.

conftest points ``XDG_CACHE_HOME`` at a folder of the session; each test here uses its own.
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from labsim.cli import app
from labsim.commands._plain import load_checked
from labsim.engine import Lab
from labsim.engine.plan import LabPlan
from labsim.scenarios.cache import _LAYOUT, ScenarioCache, _decode, _encode

ROOT = Path(__file__).resolve().parent.parent
MMC = ROOT / "scenarios" / "mmc.yaml"
runner = CliRunner()


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "labsim" / "scenarios"


def _copy(tmp_path: Path, text: str | None = None) -> Path:
    file = tmp_path / "lab.yaml"
    file.write_text(MMC.read_text() if text is None else text)
    return file


def _kept(file: Path, sets: list[str]) -> ScenarioCache:
    cache = ScenarioCache.for_run(file, sets)
    assert cache is not None
    assert cache.load() is None
    cache.store(load_checked(file, sets, equipment=False), file)
    assert cache.path.is_file()
    return cache


@pytest.mark.parametrize("scenario", sorted((ROOT / "scenarios").glob("*.yaml")), ids=str)
def test_every_shipped_scenario_comes_back_as_the_same_plan_and_run(scenario: Path) -> None:
    loaded = load_checked(scenario, equipment=False)
    plan = LabPlan.of(loaded.scenario)
    again = _decode(marshal.loads(marshal.dumps(_encode(plan))))
    assert again == plan and type(again) is LabPlan
    assert repr(again) == repr(plan)
    # The same first working day (or ten hours) from the kept plan as from the scenario.
    summaries = []
    for source in (loaded.scenario, again):
        lab = Lab(source, seed=3)
        lab.advance_to(min(lab.horizon, 1440.0))
        summaries.append(lab.summary())
    assert summaries[0] == summaries[1]
    assert summaries[0].figures.trainees.arrived > 0


def test_a_second_run_reads_the_kept_scenario(tmp_path: Path) -> None:
    file = _copy(tmp_path)
    sets = ["run.for=300h", "rigs.bench.count=3"]
    cache = _kept(file, sets)
    again = ScenarioCache.for_run(file, sets)
    assert again is not None and again.path == cache.path
    assert again.load() == LabPlan.of(load_checked(file, sets, equipment=False).scenario)


def test_the_output_is_the_same_bytes_from_the_cache(tmp_path: Path, own_cache: Path) -> None:
    file = _copy(tmp_path)
    for output in ("json", "table"):
        args = ["run", str(file), "--set", "run.for=400h", "--format", output]
        first = runner.invoke(app, args, env={"COLUMNS": "80"})
        assert len(list(own_cache.iterdir())) == 1
        second = runner.invoke(app, args, env={"COLUMNS": "80"})
        assert first.exit_code == second.exit_code == 0, first.output
        assert first.stdout == second.stdout and first.stderr == second.stderr


def test_other_values_or_an_edited_file_miss(tmp_path: Path) -> None:
    file = _copy(tmp_path)
    cache = _kept(file, ["run.for=300h"])
    other = ScenarioCache.for_run(file, ["run.for=310h"])
    assert other is not None and other.path != cache.path and other.load() is None
    file.write_text(MMC.read_text() + "\n# edited: the same lab, other bytes\n")
    edited = ScenarioCache.for_run(file, ["run.for=300h"])
    assert edited is not None and edited.path != cache.path and edited.load() is None


def test_errors_are_never_kept(tmp_path: Path, own_cache: Path) -> None:
    file = _copy(tmp_path)
    args = ["run", str(file), "--set", "rigs.bench.count=-1"]
    outputs = [runner.invoke(app, args) for _ in range(2)]
    assert [r.exit_code for r in outputs] == [2, 2]
    assert outputs[0].output == outputs[1].output and "count" in outputs[0].output
    assert not own_cache.exists() or not list(own_cache.iterdir())


def test_a_scenario_with_includes_is_not_kept(tmp_path: Path) -> None:
    lab = ROOT / "scenarios" / "zd6-practice.yaml"
    cache = ScenarioCache.for_run(lab, [])
    assert cache is not None
    cache.store(load_checked(lab, equipment=False), lab)
    assert not cache.path.exists()


def test_an_entry_others_may_write_is_ignored(tmp_path: Path) -> None:
    file = _copy(tmp_path)
    cache = _kept(file, [])
    os.chmod(cache.path, 0o666)
    assert ScenarioCache.for_run(file, []).load() is None  # type: ignore[union-attr]
    os.chmod(cache.path, 0o600)
    assert ScenarioCache.for_run(file, []).load() is not None  # type: ignore[union-attr]
    os.chmod(cache.path.parent, 0o777)
    assert ScenarioCache.for_run(file, []) is None


def test_a_linked_entry_is_ignored(tmp_path: Path) -> None:
    file = _copy(tmp_path)
    cache = _kept(file, [])
    real = tmp_path / "elsewhere.marshal"
    cache.path.rename(real)
    cache.path.symlink_to(real)
    assert cache.load() is None


@pytest.mark.parametrize(
    "value",
    [
        b"not marshal at all",
        (_LAYOUT + 1, "KEY", ("tuple", [])),
        (_LAYOUT, b"another key", "VALUE"),
        (_LAYOUT, "KEY", ("system", ["echo"])),
        (_LAYOUT, "KEY", ("Path", ["/etc/passwd"])),
        (_LAYOUT, "KEY", ("LabPlan", [1, 2, 3])),
        (_LAYOUT, "KEY", ("DurationSpec", ["exponential", ("tuple", ["1.0"])])),
        (_LAYOUT, "KEY", ("DurationSpec", ["eval", ("tuple", [1.0])])),
        (_LAYOUT, "KEY", ("RunPlan", [1, 60.0, 0.0, 0, 0.0, 0.0, ("tuple", [])])),
        (_LAYOUT, "KEY", ("eval", "print(1)")),
        (_LAYOUT, "KEY", [1, 2, 3]),
        (_LAYOUT, "KEY", compile("1", "x", "eval")),
        "VALUE WITH ONE FIELD OF THE WRONG KIND",
    ],
)
def test_a_damaged_or_forged_entry_is_a_miss(tmp_path: Path, value: object) -> None:
    file = _copy(tmp_path)
    cache = _kept(file, [])
    layout, key, sound = marshal.loads(cache.path.read_bytes())
    if value == "VALUE WITH ONE FIELD OF THE WRONG KIND":  # the seed, written as a float
        name, fields = sound
        fields[1] = float(fields[1])
        value = (layout, key, (name, fields))
    if isinstance(value, tuple):
        value = tuple(
            key if part == "KEY" else sound if part == "VALUE" else part for part in value
        )
        value = marshal.dumps(value)
    assert isinstance(value, bytes)
    cache.path.write_bytes(value)
    assert cache.load() is None
    result = runner.invoke(app, ["run", str(file), "--format", "json"])
    assert result.exit_code == 0 and '"scenario"' in result.stdout


def test_the_folder_keeps_only_the_newest_entries(
    tmp_path: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from labsim.scenarios import cache as module

    file = _copy(tmp_path)
    kept = [_kept(file, [f"rigs.bench.count={n}"]) for n in range(1, 6)]
    for age, entry in enumerate(kept):  # make the order of writing plain to the file system
        os.utime(entry.path, ns=(age * 10**9, age * 10**9))
    monkeypatch.setattr(module, "KEPT", 3)
    newest = _kept(file, ["rigs.bench.count=6"])
    names = {p.name for p in own_cache.iterdir()}
    assert names == {kept[3].path.name, kept[4].path.name, newest.path.name}


def test_upgrading_the_yaml_parser_or_language_registry_misses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from labsim.scenarios import cache as module

    package = tmp_path / "site" / "fakeparser"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("VERSION = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.setattr(module, "_PARSERS", (*module._PARSERS, "fakeparser"))
    file = _copy(tmp_path)
    before = _kept(file, [])
    (package / "__init__.py").write_text("VERSION = 2.0\n")
    after = ScenarioCache.for_run(file, [])
    assert after is not None and after.path != before.path and after.load() is None
