"""The drawn floor: workstations at their positions in their state colours, people, panel."""

from __future__ import annotations

import pygame
import pytest
from render_support import floor_scenario

from labsim.engine import Lab
from labsim.engine.trainee import TraineeState
from labsim.render.headless import snapshot
from labsim.render.inspector import card_for, tooltip_for
from labsim.render.portrayal import RIG_PORTRAYAL, RigState, icon_kind, rig_state
from labsim.render.view import WatchView


def _border_colour(surface: pygame.Surface, rect: pygame.Rect) -> tuple[int, int, int]:
    colour = surface.get_at((rect.left + 1, rect.centery))
    return colour.r, colour.g, colour.b


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_a_workstation_is_drawn_at_each_rig_position(size: tuple[int, int]) -> None:
    lab = Lab(floor_scenario())
    view = WatchView(lab, size)
    lab.advance_to(480)  # the lab opens; the first trainees walk in at this very minute
    surface = snapshot(view)
    assert surface.get_size() == size
    layout = view.floor.layout
    floor_colour = surface.get_at(layout.plan.topleft)
    for group in lab.scenario.rigs:
        x, y = layout.to_pixels(*group.at)
        bay = layout.bays[group.id]
        assert bay.cards.collidepoint(x, y)
        for unit in bay.units:
            # nobody has taken a rig yet: every card framed in the idle colour
            assert _border_colour(surface, unit) == RIG_PORTRAYAL[RigState.IDLE].colour
        if group.count == 1:
            assert surface.get_at((x, y)) != floor_colour


def test_card_colours_follow_the_rig_states() -> None:
    lab = Lab(floor_scenario())
    view = WatchView(lab, (1280, 720))
    seen: set[RigState] = set()
    for t in range(480, 2 * 1440, 17):
        lab.advance_to(t)
        surface = snapshot(view)
        for (gid, unit), state in view.floor.states.items():
            rect = view.floor.layout.bays[gid].units[unit]
            assert _border_colour(surface, rect) == RIG_PORTRAYAL[state].colour
            seen.add(state)
        if {RigState.IN_USE, RigState.IDLE, RigState.REPAIR, RigState.SIGNOFF} <= seen:
            break
    assert {RigState.IN_USE, RigState.IDLE, RigState.REPAIR, RigState.SIGNOFF} <= seen


def test_tokens_stand_where_the_engine_says_trainees_are() -> None:
    lab = Lab(floor_scenario())
    view = WatchView(lab, (1280, 720))
    lab.advance_to(480 + 30)
    view.update(0.0, settle=True)
    layout = view.floor.layout
    assert set(view.floor.tokens) == set(lab.trainees)
    for tid, trainee in lab.trainees.items():
        token = view.floor.tokens[tid]
        if trainee.rig is not None and trainee.group is not None:
            assert token.pos(view.floor.clock) == layout.seat(trainee.group, trainee.rig)
        elif trainee.state == TraineeState.QUEUED:
            assert layout.bays[
                lab.procedures[trainee.plan[trainee.plan_index]].group
            ].queue.collidepoint(token.pos(view.floor.clock))


def test_a_moved_trainee_walks_there_and_arrives() -> None:
    lab = Lab(floor_scenario())
    view = WatchView(lab, (1280, 720))
    lab.advance_to(480 + 1)
    view.update(0.0)
    floor = view.floor
    door = floor.layout.door_spot()
    walking = [t for t in floor.tokens.values() if not t.arrived(floor.clock)]
    assert walking, "new trainees walk in from the door"
    token = walking[0]
    assert token.pos(floor.clock) == door
    view.update(0.1)
    x, y = token.pos(floor.clock)
    assert (x, y) != door and (x, y) != (token.tx, token.ty)
    view.update(1.0)
    assert token.pos(floor.clock) == (token.tx, token.ty)


def test_rig_state_table() -> None:
    class Holder:
        def __init__(self, state: str, procedure: str) -> None:
            self.state = state
            self.plan = (procedure,)
            self.plan_index = 0

    exercises = frozenset({"fault-1"})
    assert rig_state(True, None, exercises, True) is RigState.IDLE
    assert rig_state(True, Holder(TraineeState.WORKING, "p"), exercises, True) is RigState.IN_USE
    assert rig_state(True, Holder(TraineeState.WORKING, "fault-1"), exercises, True) is (
        RigState.FAULT_INJECTED
    )
    assert rig_state(True, Holder(TraineeState.AWAITING_SIGNOFF, "p"), exercises, True) is (
        RigState.AWAITING_SIGNOFF
    )
    assert rig_state(True, Holder(TraineeState.SIGNOFF, "fault-1"), exercises, True) is (
        RigState.SIGNOFF
    )
    assert rig_state(False, None, exercises, True) is RigState.REPAIR
    assert rig_state(False, None, exercises, False) is RigState.FAILED
    assert len({s.colour for s in RIG_PORTRAYAL.values()}) == len(RigState)


def test_icon_kind_falls_back_to_generic() -> None:
    assert icon_kind("generic") == "generic"
    assert icon_kind("zd6_point_machine") == "kit:zd6_point_machine"
    assert icon_kind("no-such-model") == "generic"


def test_inspector_cards_tell_who_does_what() -> None:
    lab = Lab(floor_scenario())
    view = WatchView(lab, (1280, 720))
    lab.advance_to(480 + 5)
    view.update(0.0, settle=True)
    card = card_for(view.floor, ("rig", "points", 0))
    assert card is not None
    holder = lab.pools["points"].holder[0]
    assert holder is not None
    rows = {r.key: r.value for r in card.rows}
    assert rows["Used by"] == holder.id
    assert rows["Doing"].startswith("p-points: step 1 of 2")
    trainee = card_for(view.floor, ("trainee", holder.id))
    assert trainee is not None and trainee.title == holder.id
    plan = [(r.key, r.value) for r in trainee.rows if r.key in ("passed", "now", "next")]
    assert [k for k, _ in plan] == ["now", "next", "next"]
    tip = tooltip_for(view.floor, ("rig", "points", 0))
    assert tip == f"points · in use · {holder.id}"
    gone = card_for(view.floor, ("trainee", "nobody/000"))
    assert gone is not None and gone.subtitle == "has left the lab"


def test_panel_figures_are_the_run_summary() -> None:
    lab = Lab(floor_scenario())
    view = WatchView(lab, (1280, 720))
    lab.advance_to(1440 + 600)
    snapshot(view)
    assert view.panel.figures == lab.summary().to_dict()
    history = view.observer.history.series
    assert len(history["q:bench"]) > 10
    assert all(0.0 <= v <= 1.0 for v in history["b:track"])


def test_a_long_queue_shows_what_fits_and_counts_the_rest() -> None:
    data_rigs = [{"id": "one", "model": "generic", "count": 1, "at": [0.0, 0.0]}]
    scenario = floor_scenario(
        rigs=data_rigs,
        procedures=[
            {"id": "p", "rig": "one", "steps": [{"id": "a", "action": "work", "time": "2h"}]}
        ],
        cohorts=[{"id": "crowd", "size": 40, "arrive": "08:00", "skill": "ok", "plan": ["p"]}],
    )
    lab = Lab(scenario)
    view = WatchView(lab, (1280, 720))
    lab.advance_to(490)
    snapshot(view)
    floor = view.floor
    waiting = lab.pools["one"].queue_length
    assert waiting == 39
    label = floor.queue_labels["one"]
    hidden = int(label.split()[0].lstrip("+"))
    shown = [t for t in lab.pools["one"].queue if t.id not in floor.hidden]
    assert len(shown) + hidden == waiting and label.endswith("39 waiting")
    lane = floor.layout.bays["one"].queue
    right = max(floor.tokens[t.id].pos(floor.clock)[0] for t in shown) + floor.layout.token_r
    text_left = lane.right - floor.fonts.width(label, "tiny") - round(4 * floor.layout.ui)
    assert right < text_left


def test_a_closed_lab_is_drawn_dimmed() -> None:
    lab = Lab(floor_scenario())
    view = WatchView(lab, (1280, 720))
    corner = view.floor.layout.plan.topleft
    lab.advance_to(7 * 60)
    closed = snapshot(view).get_at(corner)
    lab.advance_to(9 * 60)
    opened = snapshot(view).get_at(corner)
    assert sum(closed[:3]) < sum(opened[:3])


def test_cjk_text_gets_a_font_that_has_the_glyphs() -> None:
    from labsim.render.fonts import font_file
    from labsim.render.text import Fonts

    pygame.font.init()
    fonts = Fonts(1.0)
    if font_file("han") is None:
        pytest.skip("no CJK font on this machine (CJK text would show as boxes)")
    assert fonts.font("body", "han") is not fonts.font("body")
    assert fonts.width("鲁班", "body") != fonts.font("body").size("鲁班")[0]
    assert fonts.render("鲁班工坊", "body", (255, 255, 255)).get_width() > 0


def test_status_chip_follows_the_calendar() -> None:
    from labsim.render.header import lab_status

    lab = Lab(floor_scenario())
    for t, status in [(7 * 60, "CLOSED"), (9 * 60, "OPEN"), (12 * 60 + 10, "BREAK")]:
        lab.advance_to(t)
        assert lab_status(lab)[0] == status
    lab.advance_to(lab.horizon)
    assert lab_status(lab)[0] == "FINISHED"


def test_the_floor_speaks_the_language_it_is_given() -> None:
    from labsim.render.fonts import font_file

    if font_file("han") is None:
        pytest.skip("no CJK font on this machine")
    lab = Lab(floor_scenario())
    view = WatchView(lab, (1280, 720), "zh")
    lab.advance_to(2 * 1440)
    snapshot(view)
    assert view.floor.lang == view.header.lang == view.observer.lang == "zh"
    ticker = [entry.text for entry in view.observer.ticker]
    assert ticker and all(any("\u4e00" <= c <= "\u9fff" for c in text) for text in ticker)
    assert all(" waiting" not in label for label in view.floor.queue_labels.values())
    english = WatchView(Lab(floor_scenario()), (1280, 720))
    assert english.lang == "en"
