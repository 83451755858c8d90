"""Rig kits: each rig kind in one package, found through the ``labsim.rigs`` entry points.

A kit package declares a :class:`Kit` (its model and the files beside it) and registers it
under the model's name in the ``labsim.rigs`` entry-point group; labsim's own kits live in
the sub-packages here and are registered the same way, in labsim's ``pyproject.toml``.
"""

from __future__ import annotations

from labsim.kits.kit import RESTARTS, Kit
from labsim.kits.registry import (
    GROUP,
    KitEntry,
    find_kit,
    get_kit,
    get_model,
    kit_entries,
    library_models,
    library_path,
    model_names,
)

__all__ = [
    "GROUP",
    "RESTARTS",
    "Kit",
    "KitEntry",
    "find_kit",
    "get_kit",
    "get_model",
    "kit_entries",
    "library_models",
    "library_path",
    "model_names",
]
