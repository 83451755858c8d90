"""Advice a trainee can trust: exact controls, what to put back first, never a veto.

The property: over every procedure of every shipped scenario, from a random point of the
procedure, after random wrong actions (that are not themselves vetoes), a trainee who
follows the advice alone reaches the end of the procedure, and no advised action is ever
judged a critical error.
"""

from __future__ import annotations

import copy
import functools

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from play_support import SCENARIOS, do_step, do_steps, kit_lab, session, shipped

from labsim.appraisal import ScoreRules
from labsim.play import Phase, PlaySession, SessionOptions
from labsim.play.advice import Move, advice_text, advise
from labsim.play.debrief import build_debrief
from labsim.play.judge import try_action


@functools.cache
def _procedures() -> list[tuple[str, str]]:
    """(where, procedure id) for every distinct procedure shipped or in an installed kit."""
    from labsim.kits import library_models

    found: dict[str, str] = {}
    for path in sorted(SCENARIOS.glob("*.yaml")):
        for procedure in shipped(path.name).procedures:
            found.setdefault(procedure.id, path.name)
    for model in library_models():
        for procedure in kit_lab(model)[0].procedures:
            found.setdefault(procedure.id, f"kit:{model}")
    return sorted((where, pid) for pid, where in found.items())


def _begun(where: str, procedure: str, seed: int = 3) -> PlaySession:
    """A session of a shipped scenario (or of a kit's one-rig lab), at the rig."""
    scenario = kit_lab(where[4:])[0] if where.startswith("kit:") else shipped(where)
    play = PlaySession(scenario, procedure, SessionOptions(seed=seed))
    play.begin()
    play.wait_for_rig()
    return play


def _click(play: PlaySession, move: Move) -> None:
    """Do a move the way a trainee would: dial the settings, press the control."""
    clicks = play.controls.plan(move.action, move.params, play.bench)
    if not clicks:
        play.perform(move.action, move.params)
        return
    for target, choice in clicks:
        if target.startswith("set:"):
            setting = play.controls.setting(target)
            play.bench.set(setting.param, setting.value)
        else:
            play.press(target, choice)


def test_the_reported_veto_withdrawn_lookout_is_put_back_first() -> None:
    play = session("zd6-electrical-test")
    do_steps(play, 4)  # the plate is due
    entry = play.press("withdraw_protection")  # the rig really withdraws the lookout
    assert entry is not None and entry.advice is not None
    advice = entry.advice
    assert [m.action for m in advice.moves] == ["post_protection", "place_gauge"]
    text = advice_text(play, advice, "en")
    assert text.startswith("First put back")
    assert "Protection: Post lookout" in text and "station liaison and a site lookout" in text
    assert "Test plates: Plate ▸4 mm" in text
    zh = advice_text(play, advice, "zh")
    assert "防护：设置防护" in zh and "试验板：插入试验板" in zh
    for move in advice.moves:
        _click(play, move)
    assert (
        play.progress.end is None and play.progress.step == 5 and play.progress.errors == 1
    )  # putting back is no error
    assert play.progress.log[-2].verdict.kind == "restored"
    right = build_debrief(play).errors[0].right
    assert right is not None and "Post lookout" in right


def test_an_out_of_order_throw_is_put_back_with_the_plain_control_not_a_measurement() -> None:
    play = session("zd6-electrical-test")
    do_steps(play, 1)  # the lookout is due
    operating = {"to": "reverse", "range": "dc_5a", "terminals": "05-06"}
    entry = play.perform("measure_operating_current", operating)  # throws the point reverse
    assert entry is not None and entry.advice is not None
    # throwing back with the U work ▸N measurement would also put it back, in three clicks
    assert entry.advice.restore == (Move("throw", {"to": "normal"}),)
    text = advice_text(play, entry.advice, "en")
    assert "Throw ▸N. Then:" in text and "U work" not in text
    play.perform("post_protection", {})  # the due step, the point still reverse
    assert advise(play).restore == (Move("throw", {"to": "normal"}),)


def test_advice_names_the_tool_its_settings_and_the_control() -> None:
    play = session("zd6-electrical-test")
    do_steps(play, 2)  # the operating current is due
    text = advice_text(play, advise(play), "en")
    assert "Multimeter: Range DC 5A, Probes on 05-06, then I op ▸R" in text
    zh = advice_text(play, advise(play), "zh")
    assert "万用表：量程 直流5A，表笔 05-06，然后按 动作电流 ▸R" in zh


def test_a_hint_after_a_wrong_action_says_what_to_put_back() -> None:
    play = session("zd6-electrical-test")
    do_steps(play, 4)
    play.press("withdraw_protection")
    hint = play.hint()
    assert hint is not None and "Post lookout" in hint.split("Then:")[0]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_following_the_advice_alone_finishes_every_procedure_without_a_veto(
    data: st.DataObject,
) -> None:
    scenario, procedure = data.draw(st.sampled_from(_procedures()), label="procedure")
    play = _begun(scenario, procedure, data.draw(st.integers(0, 3), label="seed"))
    play.rules = ScoreRules(stop_after=10_000.0)  # no stop for time: the path is what counts
    _do_steps(play, data.draw(st.integers(0, len(play.steps) - 1), label="point"))
    controls = [c for c in play.controls.controls if c.menu is None]
    for _ in range(data.draw(st.integers(1, 3), label="wrong actions")):
        control = data.draw(st.sampled_from(controls), label="control")
        for param in control.tool_params:
            options = play.controls.settings_of(_tool(play, param), param)
            setting = data.draw(st.sampled_from(options), label=param)
            play.bench.set(param, setting.value)
        if _is_veto(play, control.id):
            continue  # the trainee's own veto: nothing for advice to do
        play.press(control.id)
        if play.progress.end is not None:
            event("the wrong action ended the attempt")
            return
    event(f"advice followed after {len(play.progress.undone)} undone state(s)")
    for _ in range(4 * len(play.steps) + 10):
        if play.progress.end is not None:
            break
        if play.progress.phase == Phase.WAITING:  # the rig failed under the trainee
            play.wait_for_rig()
            continue
        advice = advise(play)
        for move in advice.moves:
            before = len(play.progress.log)
            _click(play, move)
            new = play.progress.log[before:]
            assert not any(e.verdict.critical for e in new), (
                f"{procedure}: advice {move} was a veto: {[e.verdict for e in new]}"
            )
    assert play.progress.end is not None, f"{procedure}: following the advice did not finish"
    assert play.progress.step == len(play.steps) and play.progress.end.card is not None
    assert play.progress.end.card.verdict != "veto"


def _do_steps(play: PlaySession, count: int) -> None:
    """Do ``count`` steps right, queueing again when the rig fails under the trainee."""
    while play.progress.step < count and play.progress.end is None:
        if play.progress.phase == Phase.WAITING:
            play.wait_for_rig()
        else:
            do_step(play)


def _is_veto(play: PlaySession, control_id: str) -> bool:
    """Whether pressing the control now would be a veto (tried on a copy of the rig)."""
    control = play.controls.control(control_id)
    step = play.steps[play.progress.step]
    verdict, _ = try_action(
        copy.deepcopy(play.rig),
        control.action,
        play.controls.params_for(control, play.bench),
        step_action=step.action,
        step_params=play.step_params(play.progress.step),
        step_critical=step.critical,
        handling=play.progress.handling,
    )
    return verdict.critical


def _tool(play: PlaySession, param: str) -> str:
    return next(s.tool for s in play.controls.settings if s.param == param)


@pytest.mark.parametrize(("scenario", "procedure"), _procedures())
def test_with_nothing_undone_the_advice_is_the_due_step(scenario: str, procedure: str) -> None:
    play = _begun(scenario, procedure)
    advice = advise(play)
    assert advice.restore == () and advice.step == 0
    assert advice.due.action == play.steps[0].action


def test_advice_puts_back_what_takes_several_moves_before_the_due_step() -> None:
    play = session("zd6-electrical-test")
    do_steps(play, 19)  # the lookout is to be withdrawn; the final checks are done
    play.press("cut_power")  # wrong: the supply cut ...
    play.press("apply_lockout")  # ... and locked, so the final check no longer holds
    advice = advise(play)
    assert [m.action for m in advice.restore][:2] == ["remove_lockout", "restore_power"]
    assert len(advice.restore) >= 4  # and the point thrown both ways again
    for move in advice.moves:
        _click(play, move)
    assert play.progress.end is None and play.progress.step == 20 and not play.progress.critical


def test_advice_names_a_tool_in_full_when_its_kit_has_no_short_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A kit words file without ``<group>-short``: the tool's full name, never the raw key."""
    from labsim.kits import words

    real = words._load

    def without_short(model_name: str) -> dict[str, object]:
        loaded = dict(real(model_name))
        groups = {k: v for k, v in loaded["groups"].items() if not k.endswith("-short")}
        loaded["groups"] = {**groups, "multimeter": {"en": "Multimeter MF47"}}
        return loaded

    monkeypatch.setattr(words, "_load", without_short)
    play = session("zd6-electrical-test")
    do_steps(play, 2)  # the operating current is due: a tool with settings
    text = advice_text(play, advise(play), "en")
    assert "Multimeter MF47: Range DC 5A, Probes on 05-06, then I op ▸R" in text
    do_steps(play, 2)  # the plate is due: a tool's button alone
    text = advice_text(play, advise(play), "en")
    assert "Test plates (4 mm / 1.6 mm): Plate ▸4 mm" in text
    assert "-short" not in text
