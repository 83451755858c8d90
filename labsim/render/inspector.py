"""The inspector card (click a rig, a trainee or an instructor) and the hover tooltip.

Both are built from what the engine exposes right now plus the observer's memory; the
content is plain data (:class:`Card`) so it can be tested without drawing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pygame

from labsim.engine.trainee import TraineeState
from labsim.render import palette as pal
from labsim.render.portrayal import RIG_PORTRAYAL, TRAINEE_PORTRAYAL, RigState
from labsim.render.text import Fonts
from labsim.render.timefmt import day_and_clock, span

if TYPE_CHECKING:
    from labsim.engine.trainee import Trainee
    from labsim.render.floor import FloorView

__all__ = [
    "Card",
    "Row",
    "Selection",
    "card_for",
    "draw_card",
    "draw_tooltip",
    "tooltip_for",
]

#: What is selected or hovered: ("rig", group, unit), ("trainee", id) or ("instructor", i).
Selection = tuple[str, str, int] | tuple[str, str] | tuple[str, int]


@dataclass(frozen=True)
class Row:
    """A key and its value on an inspector card."""

    key: str
    value: str
    colour: pal.Colour = pal.TEXT


@dataclass(frozen=True)
class Card:
    """The content of an inspector card."""

    title: str
    subtitle: str
    accent: pal.Colour
    rows: list[Row] = field(default_factory=list)


def _rig_name(view: FloorView, gid: str, unit: int) -> str:
    group = view.groups[gid]
    return f"{gid} #{unit + 1}" if group.count > 1 else gid


def _doing(view: FloorView, trainee: Trainee) -> str:
    procedure = trainee.plan[trainee.plan_index]
    if trainee.state == TraineeState.QUEUED:
        place = [t.id for t in view.lab.pools[view.lab.procedures[procedure].group].queue]
        where = place.index(trainee.id) + 1 if trainee.id in place else 0
        return f"{procedure}: waiting for a rig ({_ordinal(where)} in line)"
    if trainee.state in (TraineeState.AWAITING_SIGNOFF, TraineeState.SIGNOFF):
        return f"{procedure}: {TRAINEE_PORTRAYAL[trainee.state].label}"
    if trainee.step is not None:
        return f"{procedure}: step {trainee.step + 1} of {view.steps.get(procedure, 0)}"
    return procedure


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rig_card(view: FloorView, gid: str, unit: int) -> Card:
    """The inspector card of one workstation."""
    from labsim.errors import EquipmentError
    from labsim.kits import get_model

    lab = view.lab
    group = view.groups[gid]
    state = view.states.get((gid, unit), RigState.IDLE)
    style = RIG_PORTRAYAL[state]
    try:
        model = get_model(group.model).title
    except EquipmentError:
        model = group.model
    subtitle = f"{group.name()} · {model}" if group.label else model
    holder = lab.pools[gid].holder[unit]
    rows = [Row("State", style.legend, style.colour)]
    if holder is not None:
        rows.append(Row("Used by", holder.id, view.cohort_colours.get(holder.cohort, pal.TEXT)))
        rows.append(Row("Doing", _doing(view, holder)))
        rows.append(
            Row("Attempt", f"{holder.attempt} of {holder.max_attempts} · {holder.errors} errors")
        )
    else:
        rows.append(Row("Used by", "nobody", pal.TEXT_DIM))
    failures = lab.rig_failures.get((gid, unit), 0)
    last = view.observer.failed_at.get((gid, unit))
    failed = f"{failures}" + (f" (last {day_and_clock(last)})" if last is not None else "")
    rows.append(Row("Failures", failed, pal.BAD if failures else pal.TEXT))
    used = view.observer.unit_utilisation((gid, unit))
    rows.append(Row("Utilisation", f"{used:.0%} of open time so far"))
    rows.append(Row("Group queue", f"{lab.pools[gid].queue_length} waiting"))
    return Card(_rig_name(view, gid, unit), subtitle, style.colour, rows)


def trainee_card(view: FloorView, tid: str) -> Card:
    """The inspector card of one trainee (their plan, progress and errors)."""
    lab = view.lab
    trainee = lab.trainees.get(tid)
    if trainee is None:
        return Card(tid, "has left the lab", pal.TEXT_FAINT, [])
    colour = view.cohort_colours.get(trainee.cohort, pal.TEXT)
    subtitle = f"cohort {trainee.cohort} · skill {trainee.skill.id}"
    look = TRAINEE_PORTRAYAL.get(trainee.state)
    rows = [Row("State", look.label if look else trainee.state, look.colour if look else pal.TEXT)]
    if trainee.rig is not None and trainee.group is not None:
        rows.append(Row("At", _rig_name(view, trainee.group, trainee.rig)))
    rows.append(Row("In the lab", span(lab.now - trainee.arrived_at)))
    rows.append(
        Row(
            "Attempt",
            f"{trainee.attempt} of {trainee.max_attempts} · {trainee.errors} errors",
            pal.WARN if trainee.errors else pal.TEXT,
        )
    )
    for i, procedure in enumerate(trainee.plan):
        if i < trainee.plan_index:
            rows.append(Row("passed", procedure, pal.GOOD))
        elif i == trainee.plan_index:
            rows.append(Row("now", _doing(view, trainee), pal.ACCENT))
        else:
            rows.append(Row("next", procedure, pal.TEXT_DIM))
    return Card(tid, subtitle, colour, rows)


def instructor_card(view: FloorView, index: int) -> Card:
    """The inspector card of one instructor."""
    holder = view.lab.instructors.holder[index]
    sign = RIG_PORTRAYAL[RigState.SIGNOFF].colour
    if holder is None:
        rows = [Row("State", "free, at the desk", pal.TEXT_DIM)]
    else:
        where = ""
        if holder.rig is not None and holder.group is not None:
            where = f" at {_rig_name(view, holder.group, holder.rig)}"
        rows = [Row("State", f"signing off {holder.id}{where}", sign)]
    rows.append(Row("Waiting", f"{view.lab.instructors.queue_length} trainees"))
    return Card(f"Instructor {index + 1}", "signs off finished work", pal.INSTRUCTOR, rows)


def card_for(view: FloorView, selection: Selection) -> Card | None:
    """The card of a selection, or None when it no longer exists."""
    kind = selection[0]
    if kind == "rig" and len(selection) == 3:
        _, gid, unit = selection
        assert isinstance(gid, str) and isinstance(unit, int)
        return rig_card(view, gid, unit) if gid in view.groups else None
    if kind == "trainee":
        return trainee_card(view, str(selection[1]))
    if kind == "instructor":
        index = selection[1]
        assert isinstance(index, int)
        return instructor_card(view, index) if index < len(view.teachers) else None
    return None


def tooltip_for(view: FloorView, selection: Selection) -> str | None:
    """One line about what the mouse is over."""
    card = card_for(view, selection)
    if card is None or not card.rows:
        return None
    first = card.rows[0].value
    if selection[0] == "rig" and len(card.rows) > 1 and card.rows[1].key == "Used by":
        user = card.rows[1].value
        return f"{card.title} · {first}" + ("" if user == "nobody" else f" · {user}")
    if selection[0] == "trainee":
        doing = next((r.value for r in card.rows if r.key == "now"), first)
        return f"{card.title} · {doing}"
    return f"{card.title} · {first}"


def draw_card(
    surface: pygame.Surface,
    fonts: Fonts,
    card: Card,
    anchor: pygame.Rect,
    bounds: pygame.Rect,
) -> pygame.Rect:
    """Draw an inspector card beside ``anchor``, kept inside ``bounds``; returns its rect."""
    ui = fonts.ui
    pad = round(12 * ui)
    row_h = fonts.height("small") + round(3 * ui)
    key_w = max((fonts.width(r.key, "small") for r in card.rows), default=0) + round(12 * ui)
    needed = max(
        [fonts.width(card.title, "body_bold") + round(30 * ui), fonts.width(card.subtitle, "small")]
        + [key_w + fonts.width(r.value, "small") for r in card.rows]
    )
    width = min(round(440 * ui), max(round(300 * ui), needed + 2 * pad))
    height = (
        pad * 2
        + fonts.height("body_bold")
        + fonts.height("small")
        + round(8 * ui)
        + row_h * len(card.rows)
    )
    rect = _place(pygame.Rect(0, 0, width, height), anchor, bounds.inflate(-8, -8), round(14 * ui))
    shadow = rect.move(0, round(3 * ui))
    pygame.draw.rect(surface, pal.SHADOW, shadow, border_radius=round(10 * ui))
    pygame.draw.rect(surface, pal.TOOLTIP, rect, border_radius=round(10 * ui))
    pygame.draw.rect(
        surface,
        pal.mix(pal.TOOLTIP, card.accent, 0.7),
        rect,
        max(1, round(2 * ui)),
        border_radius=round(10 * ui),
    )
    x, y = rect.left + pad, rect.top + pad
    fonts.draw(
        surface,
        card.title,
        "body_bold",
        pal.TEXT,
        (x, y),
        max_width=width - 2 * pad - round(16 * ui),
    )
    fonts.draw(surface, "×", "body_bold", pal.TEXT_FAINT, (rect.right - pad, y), "topright")
    y += fonts.height("body_bold")
    fonts.draw(surface, card.subtitle, "small", pal.TEXT_DIM, (x, y), max_width=width - 2 * pad)
    y += fonts.height("small") + round(8 * ui)
    for row in card.rows:
        fonts.draw(surface, row.key, "small", pal.TEXT_FAINT, (x, y))
        fonts.draw(
            surface,
            row.value,
            "small",
            row.colour,
            (x + key_w, y),
            max_width=width - 2 * pad - key_w,
        )
        y += row_h
    return rect


def _place(rect: pygame.Rect, anchor: pygame.Rect, bounds: pygame.Rect, gap: int) -> pygame.Rect:
    """Put a card beside ``anchor`` (right, left, below, above), clear of it if it fits."""
    spots = (
        {"midleft": (anchor.right + gap, anchor.centery)},
        {"midright": (anchor.left - gap, anchor.centery)},
        {"midtop": (anchor.centerx, anchor.bottom + gap)},
        {"midbottom": (anchor.centerx, anchor.top - gap)},
    )
    for spot in spots:
        moved = rect.copy()
        for name, value in spot.items():
            setattr(moved, name, value)
        shifted = moved.clamp(bounds)
        if bounds.contains(shifted) and not shifted.colliderect(anchor):
            return shifted
    return rect.clamp(bounds) if rect.width <= bounds.width else rect


def draw_tooltip(
    surface: pygame.Surface, fonts: Fonts, text: str, at: tuple[int, int], bounds: pygame.Rect
) -> None:
    """A small one-line tooltip below and right of the mouse."""
    ui = fonts.ui
    label = fonts.render(text, "small", pal.TEXT)
    rect = label.get_rect().inflate(round(14 * ui), round(8 * ui))
    rect.topleft = (at[0] + round(14 * ui), at[1] + round(16 * ui))
    rect.clamp_ip(bounds)
    pygame.draw.rect(surface, pal.TOOLTIP, rect, border_radius=round(6 * ui))
    pygame.draw.rect(surface, pal.DIVIDER, rect, 1, border_radius=round(6 * ui))
    surface.blit(label, label.get_rect(center=rect.center))
