"""The watch speeds, apart from pygame so that the command line can check ``--speed`` early."""

from __future__ import annotations

__all__ = ["SPEEDS", "speed_index"]

#: (label, simulated minutes per wall-clock second); None: as fast as possible.
SPEEDS: tuple[tuple[str, float | None], ...] = (
    ("1×", 1 / 60),
    ("10×", 10 / 60),
    ("60×", 1.0),
    ("600×", 10.0),
    ("max", None),
)


def speed_index(text: str) -> int:
    """The index in :data:`SPEEDS` of ``1``, ``10x``, ``60×``, ``600``, ``max``.

    Raises:
        ValueError: for any other text, naming the speeds there are.
    """
    wanted = text.strip().lower()
    if wanted[:-1].isdigit() and wanted[-1] in "x×":
        wanted = wanted[:-1]
    for i, (label, _) in enumerate(SPEEDS):
        if label.rstrip("×") == wanted:
            return i
    names = ", ".join(label.rstrip("×") for label, _ in SPEEDS)
    raise ValueError(f"unknown speed {text!r}; use one of {names}")
