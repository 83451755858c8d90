"""The floor layout: bays at their scaled positions, never overlapping, hits land on rigs."""

from __future__ import annotations

import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from render_support import floor_scenario

from labsim.render.layout import FloorLayout, split_screen
from labsim.scenarios.models import RigGroup


def _groups(specs: list[tuple[float, float, int]]) -> list[RigGroup]:
    return [
        RigGroup(id=f"g{i}", model="generic", count=count, at=(x, y))
        for i, (x, y, count) in enumerate(specs)
    ]


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (800, 600)])
def test_bays_sit_at_their_written_positions(size: tuple[int, int]) -> None:
    screen = split_screen(size)
    scenario = floor_scenario()
    layout = FloorLayout(scenario.rigs, screen.floor, screen.ui)
    assert layout.positioned
    for group in scenario.rigs:
        bay = layout.bays[group.id]
        x, y = layout.to_pixels(*group.at)
        assert abs(bay.cards.centerx - x) <= 1 and abs(bay.cards.centery - y) <= 1
        assert screen.floor.contains(bay.footprint)
    # distances on screen keep the proportions of the plan
    points = layout.to_pixels(4.0, 3.0)
    track = layout.to_pixels(16.0, 3.0)
    assert track[0] - points[0] == pytest.approx(12.0 * layout.scale, abs=1)


def test_rig_at_finds_every_unit_and_nothing_between() -> None:
    screen = split_screen((1280, 720))
    layout = FloorLayout(floor_scenario().rigs, screen.floor, screen.ui)
    for gid, bay in layout.bays.items():
        for i, unit in enumerate(bay.units):
            assert layout.rig_at(unit.center) == (gid, i)
            assert layout.rig_at((unit.right + 2, unit.top - 2)) is None
    assert layout.rig_at(screen.floor.topleft) is None


def test_groups_on_one_spot_are_arranged_instead_of_stacked() -> None:
    screen = split_screen((1280, 720))
    rigs = _groups([(0.0, 0.0, 2), (0.0, 0.0, 4), (0.0, 0.0, 1)])
    layout = FloorLayout(rigs, screen.floor, screen.ui)
    assert not layout.positioned
    with pytest.raises(ValueError, match="arranged in a grid"):
        layout.to_pixels(0.0, 0.0)
    rects = [b.footprint for b in layout.bays.values()]
    assert not any(a.colliderect(b) for i, a in enumerate(rects) for b in rects[i + 1 :])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(-50, 50, allow_nan=False),
            st.floats(-50, 50, allow_nan=False),
            st.integers(1, 40),
        ),
        min_size=1,
        max_size=9,
    ),
    st.sampled_from([(1280, 720), (1920, 1080), (1024, 640)]),
)
def test_no_two_bays_ever_overlap(
    specs: list[tuple[float, float, int]], size: tuple[int, int]
) -> None:
    screen = split_screen(size)
    layout = FloorLayout(_groups(specs), screen.floor, screen.ui)
    bays = list(layout.bays.values())
    for i, a in enumerate(bays):
        assert len(a.units) == specs[i][2]
        assert all(a.cards.contains(u) for u in a.units)
        assert layout.plan.contains(a.label) and layout.plan.contains(a.queue)
        for b in bays[i + 1 :]:
            assert not a.footprint.colliderect(b.footprint)
            for mine, theirs in ((a, b), (b, a)):
                for part in (mine.label, mine.queue):
                    assert not any(
                        part.colliderect(r) for r in (theirs.cards, theirs.label, theirs.queue)
                    )
            assert not any(u.colliderect(v) for u in a.units for v in b.units)
        for j, u in enumerate(a.units):
            for v in a.units[j + 1 :]:
                assert not u.colliderect(v)


def test_queue_slots_stay_in_the_lane_clear_of_the_count() -> None:
    screen = split_screen((1280, 720))
    layout = FloorLayout(floor_scenario().rigs, screen.floor, screen.ui)
    for gid, bay in layout.bays.items():
        for reserve in (0, 40, 90):
            capacity = layout.queue_capacity(gid, reserve)
            assert capacity >= 1
            for place in range(capacity):
                x, y = layout.queue_slot(gid, place)
                assert bay.queue.collidepoint(x, y)
                if capacity > 1:
                    assert x + layout.token_r <= bay.queue.right - reserve


def test_screen_parts_tile_the_window() -> None:
    for size in [(1280, 720), (1920, 1080), (640, 400)]:
        screen = split_screen(size)
        parts = [screen.header, screen.floor, screen.legend, screen.panel]
        assert sum(p.width * p.height for p in parts) == size[0] * size[1]
        window = pygame.Rect((0, 0), size)
        assert all(window.contains(p) for p in parts)
