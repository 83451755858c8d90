"""Applying a calibration overlay to a loaded scenario (``--overlay FILE``)."""

from __future__ import annotations

from pathlib import Path

from labsim.calibration.overlay import load_overlay
from labsim.errors import Change, OverrideError
from labsim.scenarios.loader import LoadedScenario
from labsim.scenarios.overrides import with_values

__all__ = ["apply_overlay"]


def apply_overlay(loaded: LoadedScenario, overlay: Path) -> LoadedScenario:
    """The scenario with the overlay's values set, validated as a whole.

    Raises:
        FileError, ScenarioError: the overlay cannot be read, or is not an overlay.
        OverrideError: the overlay names a path (or a skill level) the scenario does not
            have; its change is of kind ``overlay``, naming the file.
        ScenarioError: the scenario with the overlay's values is not valid.
    """
    pairs = load_overlay(overlay)
    levels = loaded.scenario.skills
    for path, _ in pairs:
        parts = path.split(".")
        if parts[0] == "skills" and len(parts) > 1 and parts[1] not in levels:
            raise OverrideError(
                Change(path, "overlay", overlay),
                f"the scenario has no skill level {parts[1]!r} (levels: {', '.join(levels)});"
                " calibrate again with the skill levels the scenario has",
            )
    return with_values(
        loaded, pairs, labels=[path for path, _ in pairs], kind="overlay", file=overlay
    )
