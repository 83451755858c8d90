"""What an installed rig kit offers, as plain data: for ``labsim rigs`` and for kit authors.

:func:`describe` reads a kit's declarations (actions with parameters and safety gates,
readings with unit and normal range, state variables, faults with symptoms), its procedure
library and the languages its texts cover; :func:`list_kits` does so for every installed kit,
keeping a broken kit in the list with its error instead of failing the whole listing.
"""

from __future__ import annotations

from typing import Any

from labsim.errors import EquipmentError
from labsim.kits.registry import get_kit, kit_entries
from labsim.kits.words import kit_words_file
from labsim.scenarios.texts import TextFile, language_coverage

__all__ = ["describe", "list_kits"]


def _value(value: object) -> object:
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def _coverage(file: TextFile) -> dict[str, dict[str, int]]:
    """Per language: texts translated, reviewed by a native speaker, and the total."""
    return {
        lang: {"translated": cover.translated, "reviewed": cover.reviewed, "of": cover.texts}
        for lang, cover in language_coverage(file).items()
    }


def describe(name: str) -> dict[str, Any]:
    """Everything about one installed rig model (KitError/EquipmentError if unusable)."""
    kit = get_kit(name)
    model = kit.model
    entry = next(e for e in kit_entries() if e.name == name)
    names = model.action_names()
    actions = {
        action: {
            "params": {
                p: [_value(v) for v in values]
                for p, values in model.action_spec(action).params.items()
            },
            "gates": list(model.action_spec(action).needs),
            "doc": model.action_spec(action).doc,
        }
        for action in sorted(names or ())
    }
    readings = {
        q: {
            "unit": model.quantity_spec(q).unit,
            "normal_range": list(model.normal_range(q) or []) or None,
        }
        for q in sorted(model.quantity_names())
    }
    variables = {
        var: {
            "values": [_value(v) for v in spec.values]
            if not isinstance(spec.values, range)
            else f"{spec.values.start}..{spec.values.stop - 1}",
            "start": _value(spec.start),
        }
        for var, spec in model.variables.items()
    }
    faults = {
        fault: {
            "title": spec.title,
            "symptoms": spec.symptoms,
            "evidence": sorted(spec.evidence),
            "repair_needs": list(spec.repair_needs),
        }
        for fault, spec in sorted(model.faults.items())
    }
    procedures: list[dict[str, Any]] = []
    languages: dict[str, Any] = {"words": {}, "library": {}}
    words = kit_words_file(model)
    if words is not None:
        languages["words"] = _coverage(words)
    path = kit.library_path()
    if path is not None:
        from labsim.scenarios.loader import load_library

        library = load_library(path).library
        for proc in library.procedures:
            procedures.append({"id": proc.id, "kind": proc.kind, "steps": len(proc.steps)})
        languages["library"] = _coverage(library)
    return {
        "name": name,
        "title": model.title,
        "kind": model.kind,
        "group_id": model.group_id,
        "package": entry.package,
        "version": entry.version,
        "entry_point": entry.value,
        "accepts_any_action": names is None,
        "restart_after_failure": kit.restart,
        "actions": actions,
        "readings": readings,
        "state": variables,
        "faults": faults,
        "procedures": procedures,
        "languages": languages,
    }


def list_kits() -> list[dict[str, Any]]:
    """Every installed kit described; a kit that cannot load is listed with its error."""
    out: list[dict[str, Any]] = []
    for entry in kit_entries():
        try:
            out.append(describe(entry.name))
        except EquipmentError as exc:
            out.append(
                {
                    "name": entry.name,
                    "package": entry.package,
                    "version": entry.version,
                    "error": str(exc),
                }
            )
    return out
