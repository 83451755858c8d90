"""The procedure libraries shipped with labsim, one per rig model (package data).

Each file, ``labsim/data/procedures/<model>.yaml``, holds at least one routine procedure and
one fault-finding exercise for the model, all on the rig group named by the model's
``group_id`` (``zd6`` for ``zd6_point_machine``). A scenario copies or includes the file
and declares a rig group of that id.
"""

from __future__ import annotations

from pathlib import Path

from labsim.equipment.base import suggest
from labsim.errors import EquipmentError

__all__ = ["LIBRARY_DIR", "library_models", "library_path"]

#: Where the shipped libraries live.
LIBRARY_DIR = Path(__file__).resolve().parent.parent / "data" / "procedures"


def library_models() -> tuple[str, ...]:
    """The rig models that have a shipped procedure library, sorted."""
    return tuple(sorted(p.stem for p in LIBRARY_DIR.glob("*.yaml")))


def library_path(model_name: str) -> Path:
    """The shipped library file for a rig model; EquipmentError if it has none."""
    path = LIBRARY_DIR / f"{model_name}.yaml"
    if not path.is_file():
        known = library_models()
        raise EquipmentError(
            f"no shipped procedure library for rig model {model_name!r}"
            f"{suggest(model_name, known)}; libraries exist for: {', '.join(known)}"
        )
    return path
