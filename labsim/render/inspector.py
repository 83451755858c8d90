"""The inspector card (click a rig, a trainee or an instructor) and the hover tooltip.

Both are built from what the engine exposes right now plus the observer's memory; the
content is plain data (:class:`Card`) so it can be tested without drawing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pygame

from labsim.engine.trainee import TraineeState
from labsim.i18n import N_, tr
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
    #: The language of the card: row keys are catalogue msgids, translated when drawn.
    lang: str = "en"


def _rig_name(view: FloorView, gid: str, unit: int) -> str:
    group = view.groups[gid]
    return f"{gid} #{unit + 1}" if group.count > 1 else gid


def _doing(view: FloorView, trainee: Trainee) -> str:
    procedure, lang = trainee.plan[trainee.plan_index], view.lang
    if trainee.state == TraineeState.QUEUED:
        place = [t.id for t in view.lab.pools[view.lab.procedures[procedure].group].queue]
        where = place.index(trainee.id) + 1 if trainee.id in place else 0
        return tr(
            "{procedure}: waiting for a rig (number {n} in line)",
            lang,
            procedure=procedure,
            n=where,
        )
    if trainee.state in (TraineeState.AWAITING_SIGNOFF, TraineeState.SIGNOFF):
        return f"{procedure}: {tr(TRAINEE_PORTRAYAL[trainee.state].label, lang)}"
    if trainee.step is not None:
        total = view.steps.get(procedure, 0)
        said = tr("step {n} of {total}", lang, n=trainee.step + 1, total=total)
        return f"{procedure}: {said}"
    return procedure


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
    lang = view.lang
    subtitle = f"{group.name(lang)} · {model}" if group.label else model
    holder = lab.pools[gid].holder[unit]
    rows = [Row(N_("State"), tr(style.legend, lang), style.colour)]
    if holder is not None:
        who = view.cohort_colours.get(holder.cohort, pal.TEXT)
        rows.append(Row(N_("Used by"), holder.id, who))
        rows.append(Row(N_("Doing"), _doing(view, holder)))
        rows.append(Row(N_("Attempt"), _attempt(holder, lang)))
    else:
        rows.append(Row(N_("Used by"), tr("nobody", lang), pal.TEXT_DIM))
    failures = lab.rig_failures.get((gid, unit), 0)
    last = view.observer.failed_at.get((gid, unit))
    failed = f"{failures}"
    if last is not None:
        failed += " " + tr("(last {when})", lang, when=day_and_clock(last))
    rows.append(Row(N_("Failures"), failed, pal.BAD if failures else pal.TEXT))
    used = view.observer.unit_utilisation((gid, unit))
    rows.append(
        Row(N_("Utilisation"), tr("{share} of open time so far", lang, share=f"{used:.0%}"))
    )
    queue = tr("{n} waiting", lang, n=lab.pools[gid].queue_length)
    rows.append(Row(N_("Group queue"), queue))
    return Card(_rig_name(view, gid, unit), subtitle, style.colour, rows, lang)


def _attempt(trainee: Trainee, lang: str) -> str:
    return tr(
        "{n} of {most} · {errors} errors",
        lang,
        n=trainee.attempt,
        most=trainee.max_attempts,
        errors=trainee.errors,
    )


def trainee_card(view: FloorView, tid: str) -> Card:
    """The inspector card of one trainee (their plan, progress and errors)."""
    lab = view.lab
    trainee = lab.trainees.get(tid)
    lang = view.lang
    if trainee is None:
        return Card(tid, tr("has left the lab", lang), pal.TEXT_FAINT, [], lang)
    colour = view.cohort_colours.get(trainee.cohort, pal.TEXT)
    subtitle = tr(
        "cohort {cohort} · skill {skill}", lang, cohort=trainee.cohort, skill=trainee.skill.id
    )
    look = TRAINEE_PORTRAYAL.get(trainee.state)
    state = tr(look.label, lang) if look else str(trainee.state)
    rows = [Row(N_("State"), state, look.colour if look else pal.TEXT)]
    if trainee.rig is not None and trainee.group is not None:
        rows.append(Row(N_("At"), _rig_name(view, trainee.group, trainee.rig)))
    rows.append(Row(N_("In the lab"), span(lab.now - trainee.arrived_at)))
    tone = pal.WARN if trainee.errors else pal.TEXT
    rows.append(Row(N_("Attempt"), _attempt(trainee, lang), tone))
    for i, procedure in enumerate(trainee.plan):
        if i < trainee.plan_index:
            rows.append(Row(N_("passed"), procedure, pal.GOOD))
        elif i == trainee.plan_index:
            rows.append(Row(N_("now"), _doing(view, trainee), pal.ACCENT))
        else:
            rows.append(Row(N_("next"), procedure, pal.TEXT_DIM))
    return Card(tid, subtitle, colour, rows, lang)


def instructor_card(view: FloorView, index: int) -> Card:
    """The inspector card of one instructor."""
    holder = view.lab.instructors.holder[index]
    sign = RIG_PORTRAYAL[RigState.SIGNOFF].colour
    lang = view.lang
    if holder is None:
        rows = [Row(N_("State"), tr("free, at the desk", lang), pal.TEXT_DIM)]
    elif holder.rig is not None and holder.group is not None:
        rig = _rig_name(view, holder.group, holder.rig)
        said = tr("signing off {trainee} at {rig}", lang, trainee=holder.id, rig=rig)
        rows = [Row(N_("State"), said, sign)]
    else:
        rows = [Row(N_("State"), tr("signing off {trainee}", lang, trainee=holder.id), sign)]
    waiting = tr("{n} trainees", lang, n=view.lab.instructors.queue_length)
    rows.append(Row(N_("Waiting"), waiting))
    title = tr("Instructor {n}", lang, n=index + 1)
    return Card(title, tr("signs off finished work", lang), pal.INSTRUCTOR, rows, lang)


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
        nobody = user == tr("nobody", card.lang)
        return f"{card.title} · {first}" + ("" if nobody else f" · {user}")
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
    keys = [tr(r.key, card.lang) for r in card.rows]
    key_w = max((fonts.width(k, "small") for k in keys), default=0) + round(12 * ui)
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
    for row, key in zip(card.rows, keys, strict=True):
        fonts.draw(surface, key, "small", pal.TEXT_FAINT, (x, y))
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
