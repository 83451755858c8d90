"""The keys that work now: one list for the footer and the F1 card, by mode and by who acts.

An assessment has no hints, and Esc asks before it ends the attempt; a demonstration or a
script acts for the person, so only the window's own keys work then; the meter keys are
listed only for a rig whose tools have a range or probes to move.
"""

from __future__ import annotations

from dataclasses import dataclass

from labsim.i18n import N_
from labsim.play import Phase, PlaySession

__all__ = ["Key", "keys_now", "keys_on_floor"]


@dataclass(frozen=True)
class Key:
    """A key as the footer names it (short) and as the F1 card explains it (long)."""

    label: str
    footer: str | None
    card: str


_CLICK = Key(
    N_("Click / key"),
    N_("Click a control or press its key"),
    N_("a control: its letter is on the button"),
)
_HINT = Key("H", N_("H hint"), N_("hint for the step now due (training; costs points)"))
_RANGE = Key(", .", N_(", . range"), N_("multimeter range down / up"))
_PROBES = Key("[ ]", N_("[ ] probes"), N_("move the meter probes"))
_MENU = Key("1-9", None, N_("choose in an open menu"))
_FLOOR = Key("Tab", N_("Tab lab floor"), N_("the lab floor around you, and back"))
_BACK = Key("Tab", N_("Tab back to the rig"), N_("back to your rig"))
_HELP = Key("F1", N_("F1 keys"), N_("this card"))
_FAULTS = Key("F9", N_("F9 instructor"), N_("instructor: inject or clear a fault"))
_SHOT = Key("F12", N_("F12 screenshot"), N_("save a screenshot"))
_QUIT = Key("Esc", N_("Esc quit"), N_("close a menu, or quit (the attempt is kept as abandoned)"))
_END = Key(
    "Esc",
    N_("Esc end the assessment"),
    N_("close a menu, or end the assessment (asks first; kept as abandoned)"),
)
_WATCH_QUIT = Key("Esc", N_("Esc quit"), N_("close a menu, or quit"))
#: Not a key: the corner readout of the footer, explained on the same card.
_STATUS = Key(
    N_("Lab 08:40"),
    None,
    N_("bottom right: the lab's clock, and how many trainees are at a rig"),
)
_REPLAY = (
    Key("Space", None, N_("pause or play the replay")),
    Key("← →", None, N_("step back or on (pauses)")),
    Key("Home End", None, N_("go to the start or the end")),
    Key(N_("Click"), None, N_("on the timeline: go there")),
    Key("T", None, N_("take over from here: a new attempt of yours, linked to this one")),
)


def keys_now(session: PlaySession, *, watching: bool, replaying: bool = False) -> list[Key]:
    """The keys valid now; ``watching``: a demonstration, a script or a replay acts."""
    if replaying:
        return [*_REPLAY, _FLOOR, _HELP, _SHOT, _WATCH_QUIT]
    if watching:
        return [_FLOOR, _HELP, _SHOT, _WATCH_QUIT, _STATUS]
    params = {s.param for s in session.controls.settings}
    keys = [_CLICK]
    if session.options.training:
        keys.append(_HINT)
    if "range" in params:
        keys.append(_RANGE)
    if "terminals" in params:
        keys.append(_PROBES)
    keys += [_MENU, _FLOOR, _HELP, _FAULTS, _SHOT]
    keys.append(_QUIT if session.options.training else _END)
    keys.append(_STATUS)
    return keys


def keys_on_floor(session: PlaySession, *, watching: bool) -> list[Key]:
    """The keys that work while the lab floor is shown (the floor's legend names them).

    Tab goes back to the rig once the person has one; waiting in the queue it has none.
    """
    keys = [_BACK] if session.progress.phase == Phase.WORKING else []
    keys += [_HELP, _SHOT]
    if watching:
        return [*keys, _WATCH_QUIT]
    return [*keys, _QUIT if session.options.training else _END]
