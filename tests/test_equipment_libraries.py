"""The shipped procedure libraries: they load, dry-run clean, and teach what they claim."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from labsim.checks import dry_run, scenario_checks
from labsim.equipment import choose_fault, resolve_params
from labsim.errors import EquipmentError
from labsim.kits import get_model, library_models, library_path, model_names
from labsim.scenarios.loader import load_library, load_scenario
from labsim.scenarios.models import FAULT_PLACEHOLDER, Procedure

MODELS = library_models()


def procedures(model: str) -> list[Procedure]:
    return load_library(library_path(model)).library.procedures


def test_every_real_model_ships_a_library() -> None:
    assert set(MODELS) == set(model_names()) - {"generic"}
    with pytest.raises(EquipmentError, match="did you mean 'zd6_point_machine'"):
        library_path("zd6")


@pytest.mark.parametrize("model", MODELS)
def test_library_shape(model: str) -> None:
    procs = procedures(model)
    kinds = Counter(p.kind for p in procs)
    assert kinds["routine"] >= 1 and kinds["exercise"] >= 1
    cls = get_model(model)
    for proc in procs:
        assert proc.rig == cls.group_id
        assert proc.model == model
        assert proc.text is not None and {"en", "zh"} <= set(proc.text)
        assert proc.steps[0].action == "register_work"
        assert proc.steps[0].critical
        assert proc.steps[-1].action == "cancel_registration"
        for step in proc.steps:
            assert step.text is not None and {"en", "zh"} <= set(step.text), step.id
            assert step.time.mean > 0
        if proc.kind == "exercise":
            params = [s.params for s in proc.steps if s.action in ("diagnose", "repair")]
            assert params == [{"fault": FAULT_PLACEHOLDER}] * 2


@pytest.mark.parametrize("model", MODELS)
def test_every_procedure_dry_runs_clean_for_every_fault(model: str) -> None:
    cls = get_model(model)
    for proc in procedures(model):
        faults = [c.fault for c in proc.exercise.faults] if proc.exercise else [None]
        for fault in faults:
            assert dry_run(proc, cls, fault) == [], (proc.id, fault)


@pytest.mark.parametrize("model", MODELS)
def test_routines_on_a_healthy_rig_read_normal_and_break_no_rule(model: str) -> None:
    cls = get_model(model)
    for proc in procedures(model):
        if proc.kind != "routine":
            continue
        rig = cls()
        for step in proc.steps:
            reading = rig.perform(step.action, **resolve_params(step)).reading
            if reading is not None:
                assert reading.in_range is not False, (proc.id, step.id, str(reading))
        assert rig.violations == []
        assert rig.main_state == rig.main_states[0], proc.id


@pytest.mark.parametrize("model", MODELS)
def test_each_exercise_shows_its_fault_before_the_repair(model: str) -> None:
    """Some reading is off, or the headline state is not normal, before the diagnosis."""
    cls = get_model(model)
    for proc in procedures(model):
        if proc.exercise is None:
            continue
        for choice in proc.exercise.faults:
            rig = cls()
            rig.inject(choice.fault)
            shown = rig.main_state != rig.main_states[0]
            for step in proc.steps:
                if step.action == "diagnose":
                    break
                outcome = rig.perform(step.action, **resolve_params(step, choice.fault))
                shown |= outcome.reading is not None and outcome.reading.in_range is False
                shown |= rig.main_state != rig.main_states[0]
                shown |= any("nothing wrong" not in n for n in outcome.notes)
            assert shown, (proc.id, choice.fault)


def test_choose_fault_follows_the_weights_and_the_seed() -> None:
    proc = next(p for p in procedures("zd6_point_machine") if p.id == "zd6-fault-finding")
    assert proc.exercise is not None
    draws = [choose_fault(proc.exercise, np.random.default_rng(s)) for s in range(3)]
    assert draws == [choose_fault(proc.exercise, np.random.default_rng(s)) for s in range(3)]
    rng = np.random.default_rng(1)
    counts = Counter(choose_fault(proc.exercise, rng) for _ in range(4000))
    total = sum(c.weight for c in proc.exercise.faults)
    for choice in proc.exercise.faults:
        assert counts[choice.fault] / 4000 == pytest.approx(choice.weight / total, abs=0.03)
    fixed = next(p for p in procedures("zd6_point_machine") if p.id == "zd6-trailed-point")
    assert fixed.exercise is not None
    assert choose_fault(fixed.exercise, rng) == "trailed"


def test_a_scenario_including_every_library_validates(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    includes, rigs = [], []
    for model in MODELS:
        shutil.copy(library_path(model), tmp_path / "lib" / f"{model}.yaml")
        includes.append(f"lib/{model}.yaml")
        rigs.append(f"  - {{id: {get_model(model).group_id}, model: {model}, count: 1}}")
    text = "\n".join(
        [
            "labsim: 1",
            "name: every library",
            "run: {for: 8h}",
            "skills: {ok: {time_factor: 1.0, error_rate: 0.0}}",
            "instructors: {count: 1}",
            f"include: [{', '.join(includes)}]",
            "rigs:",
            *rigs,
            "procedures: []",
            "cohorts: [{id: c, size: 1, arrive: '08:00', skill: ok, plan: [zd6-fault-finding]}]",
        ]
    )
    (tmp_path / "lab.yaml").write_text(text, encoding="utf-8")
    loaded = load_scenario(tmp_path / "lab.yaml", extra_checks=scenario_checks)
    ids = {p.id for p in loaded.scenario.procedures}
    assert {"zd6-electrical-test", "jz7-fault-finding", "ocs-isolate-and-earth"} <= ids


@pytest.mark.parametrize("model", MODELS)
def test_every_note_a_procedure_leaves_is_in_every_language_of_the_kits_words(
    model: str,
) -> None:
    """A trainee reads a rig's notes (symptoms, results) in the play window's languages."""
    from labsim.kits.words import kit_words_file
    from labsim.play.rig_words import note_text

    cls = get_model(model)
    words = kit_words_file(cls)
    if words is None:
        pytest.skip(f"{model} has no words file")
    notes: set[str] = set()
    for proc in procedures(model):
        faults = [c.fault for c in proc.exercise.faults] if proc.exercise else [None]
        for fault in faults:
            rig = cls()
            if fault is not None:
                rig.inject(fault)
            for step in proc.steps:
                try:
                    outcome = rig.perform(step.action, **resolve_params(step, fault))
                except EquipmentError:
                    break  # a wrong guess ends this walk; the notes so far count
                notes.update(outcome.notes)
    assert notes, model
    missing = {
        (lang, note)
        for note in notes
        for lang in words.languages
        if lang != "en" and note_text(note, lang, cls) == note
    }
    assert missing == set(), sorted(missing)
