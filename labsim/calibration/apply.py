"""Applying a calibration overlay to a loaded scenario (``--overlay FILE``)."""

from __future__ import annotations

from pathlib import Path

from labsim.calibration.overlay import read_overlay
from labsim.errors import UsageError
from labsim.scenarios.loader import LoadedScenario
from labsim.scenarios.overrides import with_values

__all__ = ["apply_overlay"]


def apply_overlay(loaded: LoadedScenario, overlay: Path) -> LoadedScenario:
    """The scenario with the overlay's values set, validated as a whole.

    Raises:
        UsageError: the overlay is unreadable or names a path the scenario does not have.
        ScenarioError: the scenario with the overlay's values is not valid.
    """
    pairs = read_overlay(overlay)
    levels = loaded.scenario.skills
    for path, _ in pairs:
        parts = path.split(".")
        if parts[0] == "skills" and len(parts) > 1 and parts[1] not in levels:
            raise UsageError(
                f"--overlay {overlay}: {path}: the scenario has no skill level {parts[1]!r}"
                f" (levels: {', '.join(levels)}); calibrate with --skill-from naming its levels"
            )
    labels = [f"{path} (overlay {overlay.name})" for path, _ in pairs]
    try:
        return with_values(loaded, pairs, labels=labels)
    except UsageError as error:
        raise UsageError(f"--overlay {overlay}: {error}") from None
