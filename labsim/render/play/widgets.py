"""Small drawing pieces of the play window: cards, buttons, chips, lamps, and the hit map.

Every clickable thing is registered in the :class:`HitMap` while it is drawn, with what a
click on it means (a *target*); the controller asks the map what is under the mouse. Tests
ask it where a control is, and post a real click there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from labsim.render import palette as pal
from labsim.render.pairs import PairRows, pair_rows, second_tone
from labsim.render.play.fonts import PlayFonts
from labsim.render.text import SMALLER, ellipsize

__all__ = [
    "BUTTON_H",
    "CARD_TITLE_PAIR",
    "PAIR_BUTTON_H",
    "PAIR_BUTTON_MIN",
    "ButtonLook",
    "HitMap",
    "PairRows",
    "Target",
    "draw_button",
    "draw_card",
    "draw_chip",
    "draw_label",
    "draw_lamp",
    "draw_pair",
    "draw_wrapped",
    "flow",
    "pair_height",
    "pair_rows",
]

#: What a click means: ("control", id), ("setting", id), ("choice", value), ("ui", name) ...
Target = tuple[str, str]
BUTTON_H = 28
#: How much lower a card's inside starts when its title has a second language beneath.
CARD_TITLE_PAIR = 13
#: A button's height when it shows two languages, one above the other.
PAIR_BUTTON_H = 32
#: The least height that holds two lines; a lower button sets them side by side.
PAIR_BUTTON_MIN = 30

_RAISED = (58, 68, 86)
_RAISED_HOVER = (70, 82, 104)
_SUNK = (33, 40, 52)


class HitMap:
    """The clickable rectangles of the last frame, topmost last."""

    def __init__(self) -> None:
        self._items: list[tuple[pygame.Rect, Target]] = []

    def clear(self) -> None:
        """Forget the last frame's rectangles."""
        self._items.clear()

    def add(self, rect: pygame.Rect, target: Target) -> None:
        """Register ``rect`` as meaning ``target``."""
        self._items.append((pygame.Rect(rect), target))

    def at(self, pos: tuple[int, int]) -> Target | None:
        """The target under a pixel (the one drawn last wins)."""
        for rect, target in reversed(self._items):
            if rect.collidepoint(pos):
                return target
        return None

    def rect_of(self, target: Target) -> pygame.Rect | None:
        """Where a target was drawn in the last frame."""
        for rect, known in reversed(self._items):
            if known == target:
                return rect
        return None

    def targets(self) -> list[Target]:
        """Every target of the last frame."""
        return [t for _, t in self._items]


@dataclass(frozen=True)
class ButtonLook:
    """How a button shows its state."""

    enabled: bool = True
    hover: bool = False
    active: bool = False
    flash: bool = False
    tone: pal.Colour | None = None


def draw_card(
    surface: pygame.Surface,
    fonts: PlayFonts,
    rect: pygame.Rect,
    title: str | Sequence[str] | None = None,
    accent: pal.Colour | None = None,
    right: str | None = None,
    right_colour: pal.Colour = pal.TEXT_FAINT,
) -> pygame.Rect:
    """A rounded card with an optional title row; returns the area inside it.

    ``right`` is a note at the right of the title row (the title is shortened to leave it room).
    A title in two languages has the second smaller beneath the first, and the area inside
    starts :data:`CARD_TITLE_PAIR` lower.
    """
    shadow = rect.move(0, 3)
    pygame.draw.rect(surface, pal.SHADOW, shadow, border_radius=10)
    pygame.draw.rect(
        surface,
        pal.CARD if accent is None else pal.mix(pal.CARD, accent, 0.08),
        rect,
        border_radius=10,
    )
    pygame.draw.rect(surface, pal.DIVIDER, rect, 1, border_radius=10)
    inner = rect.inflate(-20, -16)
    titles = [title] if isinstance(title, str) else list(title or [])
    if titles and titles[0]:
        y = rect.y + 9
        if accent is not None:
            pygame.draw.rect(surface, accent, (rect.x + 10, y + 2, 4, 13), border_radius=2)
        room = fonts.width(right, "small") + 8 if right else 0
        shown = fonts.draw(
            surface,
            titles[0].upper(),
            "small_bold",
            pal.TEXT_DIM,
            (rect.x + 20, y),
            max_width=rect.width - 40 - room,
        )
        if right:
            fonts.draw(surface, right, "small", right_colour, (rect.right - 12, y), "topright")
        below = y + 22
        if len(titles) > 1:
            first = fonts.ink(titles[0].upper(), "small_bold")  # its letters' lowest row
            second = fonts.ink(titles[1], "tiny")
            at = (rect.x + 20, shown.y + first.bottom + 1 - second.y)
            fonts.draw(surface, titles[1], "tiny", pal.TEXT_DIM, at, max_width=rect.width - 40)
            below += CARD_TITLE_PAIR
        inner = pygame.Rect(rect.x + 10, below, rect.width - 20, rect.bottom - below - 8)
    return inner


def draw_button(
    surface: pygame.Surface,
    fonts: PlayFonts,
    rect: pygame.Rect,
    label: str | Sequence[str],
    key: str | None = None,
    look: ButtonLook | None = None,
) -> None:
    """A raised button with a label (one language or two) and its keyboard shortcut.

    Two languages go on two lines, the second smaller beneath, where the button is at least
    :data:`PAIR_BUTTON_MIN` tall; a lower one sets the second beside the first.
    """
    look = look or ButtonLook()
    base = _RAISED_HOVER if look.hover and look.enabled else _RAISED
    if look.tone is not None:
        base = pal.mix(base, look.tone, 0.35)
    if look.active:
        base = pal.mix(base, pal.ACCENT, 0.45)
    if not look.enabled:
        base = _SUNK
    pygame.draw.rect(surface, pal.SHADOW, rect.move(0, 2), border_radius=7)
    pygame.draw.rect(surface, base, rect, border_radius=7)
    edge = pal.WARN if look.flash else pal.mix(base, pal.TEXT, 0.18)
    pygame.draw.rect(surface, edge, rect, 2 if look.flash else 1, border_radius=7)
    colour = pal.TEXT if look.enabled else pal.TEXT_FAINT
    labels = [label] if isinstance(label, str) else [t for t in label if t]
    draw_label(surface, fonts, rect, labels or [""], colour, key, pal.mix(base, pal.BG, 0.45))


def draw_label(
    surface: pygame.Surface,
    fonts: PlayFonts,
    rect: pygame.Rect,
    labels: Sequence[str],
    colour: pal.Colour,
    key: str | None = None,
    badge: pal.Colour = _SUNK,
) -> None:
    """A button's label in one language or two, and its key in a badge at the right.

    Also drawn by buttons with a look of their own (the header's hint button).
    """
    room = rect.width - 12
    first, second = labels[0], labels[1:]
    widest = max(fonts.width(t, "tiny") for t in second) if second else 0
    stacked = bool(second) and rect.height >= PAIR_BUTTON_MIN
    style = "small_bold"

    def needs(style: str) -> int:
        """How wide the label is in ``style`` (two stacked lines: the wider of them)."""
        return max(fonts.width(first, style), widest if stacked else 0)

    if key and needs(style) + fonts.width(key, "tiny") + 16 > room:
        style = "tiny"  # a narrow button sets its label smaller to keep the key badge
        if needs(style) + fonts.width(key, "tiny") + 16 > room:
            key, style = None, "small_bold"  # too narrow even so: the label wins
    if key:
        key_w = fonts.width(key.upper(), "tiny") + 8
        box = pygame.Rect(rect.right - key_w - 4, rect.centery - 8, key_w, 16)
        pygame.draw.rect(surface, badge, box, border_radius=4)
        fonts.draw(surface, key.upper(), "tiny", pal.TEXT_DIM, box.center, "center")
        room -= key_w + 4
    area = pygame.Rect(rect.x + 6, rect.y, room, rect.height)
    tone = second_tone(colour)
    if second:
        looks = (style, colour, tone)
        _two_languages(fonts, surface, area, (first, second[0]), looks, (stacked, key is None))
    elif key:
        fonts.draw(surface, first, style, colour, (area.x + 2, area.centery), "midleft", room)
    else:
        fonts.draw(surface, first, "small_bold", colour, rect.center, "center", max_width=room)


def _two_languages(
    fonts: PlayFonts,
    surface: pygame.Surface,
    area: pygame.Rect,
    texts: tuple[str, str],
    looks: tuple[str, pal.Colour, pal.Colour],
    how: tuple[bool, bool],
) -> None:
    """A label and its second language in the tiny style: ``how`` is (stacked, centred).

    Stacked, the two lines are placed by their ink and centred as a block; else (a button
    too low for two lines) the second follows the first on its line.
    """
    style, colour, tone = looks
    stacked, centred = how
    if stacked:
        first, second = (
            ellipsize(fonts, t, s, area.width - 4)
            for t, s in zip(texts, (style, "tiny"), strict=True)
        )
        rows = pair_rows(fonts, [(first, second)], (style, "tiny"), 2)
        top = area.centery - rows.height // 2
        lines = ((first, style, colour, rows.first), (second, "tiny", tone, rows.second))
        for text, s, c, y in lines:
            width = fonts.width(text, s)
            x = area.centerx - width // 2 if centred else area.x + 2
            fonts.draw(surface, text, s, c, (x, top + y))
        return
    first, second = texts
    w1 = min(fonts.width(first, style), area.width - 4)
    left = area.width - 4 - w1 - 6
    second = ellipsize(fonts, second, "tiny", left) if left >= 16 else ""
    total = w1 + (6 + fonts.width(second, "tiny") if second else 0)
    x = area.centerx - total // 2 if centred else area.x + 2
    drawn = fonts.draw(surface, first, style, colour, (x, area.centery), "midleft", w1)
    if second:
        fonts.draw(surface, second, "tiny", tone, (drawn.right + 6, area.centery), "midleft")


def draw_chip(
    surface: pygame.Surface,
    fonts: PlayFonts,
    rect: pygame.Rect,
    label: str,
    selected: bool,
    hover: bool = False,
    flash: bool = False,
) -> None:
    """A selector position (a meter range): lit when selected."""
    if selected:
        fill, text = pal.mix(pal.CARD, pal.ACCENT, 0.55), pal.TEXT
    else:
        fill, text = (_RAISED_HOVER if hover else _SUNK), pal.TEXT_DIM
    pygame.draw.rect(surface, fill, rect, border_radius=rect.height // 2)
    edge = pal.WARN if flash else (pal.ACCENT if selected else pal.DIVIDER)
    pygame.draw.rect(surface, edge, rect, 2 if flash else 1, border_radius=rect.height // 2)
    fonts.draw(surface, label, "small", text, rect.center, "center", max_width=rect.width - 6)


def draw_lamp(
    surface: pygame.Surface,
    centre: tuple[int, int],
    radius: int,
    colour: pal.Colour,
    lit: bool,
) -> None:
    """An indication lamp: a glowing disc when lit, a dark lens when not."""
    if lit:
        for grow, alpha in ((radius * 2.2, 40), (radius * 1.6, 70)):
            glow = pygame.Surface((int(grow * 2), int(grow * 2)), pygame.SRCALPHA)
            pygame.draw.circle(glow, (*colour, alpha), (int(grow), int(grow)), int(grow))
            surface.blit(glow, (centre[0] - int(grow), centre[1] - int(grow)))
        pygame.draw.circle(surface, colour, centre, radius)
        pygame.draw.circle(
            surface,
            pal.mix(colour, (255, 255, 255), 0.6),
            (centre[0] - radius // 3, centre[1] - radius // 3),
            max(2, radius // 3),
        )
    else:
        pygame.draw.circle(surface, pal.mix(colour, pal.BG, 0.82), centre, radius)
    pygame.draw.circle(surface, pal.mix(colour, pal.BG, 0.5), centre, radius, 2)


def draw_wrapped(
    surface: pygame.Surface,
    fonts: PlayFonts,
    text: str,
    style: str,
    colour: pal.Colour,
    rect: pygame.Rect,
    max_lines: int | None = None,
) -> int:
    """Draw ``text`` wrapped inside ``rect``; returns the y below the last line."""
    lines = fonts.wrap(text, style, rect.width)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip() + "…"
    y = rect.y
    step = fonts.height(style)
    for line in lines:
        fonts.draw(surface, line, style, colour, (rect.x, y), max_width=rect.width)
        y += step
    return y


def _pair_lines(
    fonts: PlayFonts, texts: Sequence[str], style: str, width: int, max_lines: int | None
) -> list[tuple[str, list[str], int]]:
    """Each text's style, wrapped lines and line pitch (the first in ``style``, others smaller).

    The pitch is the style's line height, or more where the letters of consecutive lines
    would touch (Thai's marks reach above and below a Latin line).
    """
    out = []
    for i, text in enumerate(texts):
        shown = style if i == 0 else SMALLER[style]
        lines = fonts.wrap(text, shown, width)
        most = None if max_lines is None else max(1, max_lines - (i > 0))
        if most is not None and len(lines) > most:
            lines = [*lines[: most - 1], lines[most - 1].rstrip() + "…"]
        pitch = fonts.height(shown)
        inks = [ink for line in lines if (ink := fonts.ink(line, shown)).height]
        if len(inks) > 1:
            pitch = max(pitch, max(r.bottom for r in inks) - min(r.top for r in inks) + 1)
        out.append((shown, lines, pitch))
    return out


def pair_height(
    fonts: PlayFonts, texts: Sequence[str], style: str, width: int, max_lines: int | None = None
) -> int:
    """How tall :func:`draw_pair` draws ``texts`` in ``width``."""
    return sum(
        pitch * len(lines) for _, lines, pitch in _pair_lines(fonts, texts, style, width, max_lines)
    )


def draw_pair(
    surface: pygame.Surface,
    fonts: PlayFonts,
    texts: Sequence[str],
    style: str,
    colour: pal.Colour,
    rect: pygame.Rect,
    max_lines: int | None = None,
) -> int:
    """A text in one language or two: the first in ``style``, the second smaller beneath it.

    Each is wrapped to ``rect``'s width (the first in at most ``max_lines`` lines, the second
    in one fewer); returns the y below the last line.
    """
    y = rect.y
    lines_of = _pair_lines(fonts, texts, style, rect.width, max_lines)
    for i, (shown, lines, pitch) in enumerate(lines_of):
        tone = colour if i == 0 else second_tone(colour)
        for line in lines:
            fonts.draw(surface, line, shown, tone, (rect.x, y), max_width=rect.width)
            y += pitch
    return y


def flow(
    area: pygame.Rect,
    widths: Sequence[int],
    height: int = BUTTON_H,
    gap: int = 6,
    stretch: bool = True,
) -> list[pygame.Rect]:
    """Rectangles for items of the given widths, left to right, wrapping in ``area``.

    With ``stretch`` each row fills the full width, sharing the spare room among its items.
    """
    rows: list[list[int]] = [[]]
    used = 0
    for index, width in enumerate(widths):
        width = min(width, area.width)
        if rows[-1] and used + gap + width > area.width:
            rows.append([])
            used = 0
        used += (gap if rows[-1] else 0) + width
        rows[-1].append(index)
    rects: list[pygame.Rect] = [pygame.Rect(0, 0, 0, 0)] * len(widths)
    y = area.y
    for row in rows:
        if not row:
            continue
        natural = sum(min(widths[i], area.width) for i in row) + gap * (len(row) - 1)
        spare = max(0, area.width - natural) / len(row) if stretch else 0.0
        x = float(area.x)
        for i in row:
            w = min(widths[i], area.width) + spare
            rects[i] = pygame.Rect(round(x), y, round(w), height)
            x += w + gap
        y += height + gap
    return rects
