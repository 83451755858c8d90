"""The colours of the watch view, in one place so that every part agrees.

A dark slate chrome around a slightly lighter floor; saturated colours are kept for
meaning (the state of a rig, a cohort of trainees, good and bad news), so that the eye
goes to what changes. Colours are plain RGB tuples: this module needs no pygame.
"""

from __future__ import annotations

__all__ = [
    "ACCENT",
    "BAD",
    "BAY",
    "BG",
    "CARD",
    "COHORTS",
    "DIVIDER",
    "FLOOR",
    "GOOD",
    "GRID",
    "INSTRUCTOR",
    "PANEL",
    "SHADOW",
    "TEXT",
    "TEXT_DIM",
    "TEXT_FAINT",
    "TOOLTIP",
    "WARN",
    "Colour",
    "cohort_colour",
    "mix",
]

Colour = tuple[int, int, int]

#: Window background and the header and side panel.
BG: Colour = (17, 21, 28)
PANEL: Colour = (23, 28, 37)
#: The lab floor, its metre grid and the area of a rig group.
FLOOR: Colour = (30, 36, 47)
GRID: Colour = (36, 43, 56)
BAY: Colour = (35, 42, 55)
#: A workstation card, a drop shadow, dividers.
CARD: Colour = (44, 52, 67)
SHADOW: Colour = (14, 17, 23)
DIVIDER: Colour = (50, 59, 75)
TOOLTIP: Colour = (12, 15, 20)

TEXT: Colour = (230, 235, 242)
TEXT_DIM: Colour = (152, 164, 182)
TEXT_FAINT: Colour = (104, 116, 136)

ACCENT: Colour = (96, 165, 250)
GOOD: Colour = (74, 222, 128)
WARN: Colour = (245, 185, 66)
BAD: Colour = (248, 96, 96)

#: Instructors are drawn as light diamonds (their sign-off work is violet, see portrayal).
INSTRUCTOR: Colour = (241, 245, 249)

#: Trainee tokens, one colour per cohort (in scenario order), chosen apart from rig states.
COHORTS: tuple[Colour, ...] = (
    (45, 212, 191),
    (190, 242, 100),
    (244, 114, 182),
    (125, 211, 252),
    (253, 186, 116),
    (196, 181, 253),
    (253, 224, 71),
    (252, 165, 165),
)


def cohort_colour(index: int) -> Colour:
    """The token colour of the ``index``-th cohort (colours repeat after eight)."""
    return COHORTS[index % len(COHORTS)]


def mix(a: Colour, b: Colour, t: float) -> Colour:
    """``a`` moved a fraction ``t`` of the way towards ``b``."""
    t = min(1.0, max(0.0, t))
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )
