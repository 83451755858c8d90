"""What the rigs say, in the trainee's language: model names, quantities, faults, notes.

The rig models describe themselves in English (titles, fault titles and symptoms, the notes
an action leaves); each kit's ``words.yaml`` gives them in other languages. A word missing
there shows the English, so a model can be added before its translation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from labsim.equipment.base import RigModel
from labsim.i18n import N_, tr
from labsim.kits.words import kit_word, local, note_patterns
from labsim.play.labels import control_label

__all__ = [
    "action_text",
    "fault_symptoms",
    "fault_title",
    "model_title",
    "note_text",
    "quantity_label",
]

#: Notes of the safety workflow every rig shares, as catalogue msgids (a kit words its own).
_NOTES = frozenset(
    {
        N_("tester checked on a known source; the equipment is dead"),
        N_("the tester shows the equipment LIVE: do not touch; find the feed"),
    }
)
#: Notes of the fault-finding actions every rig shares: pattern -> msgid of the sentence.
_PATTERNS: dict[str, str] = {
    r"^diagnosed: (.+)$": N_("diagnosed: {0}"),
    r"^repaired: (.+)$": N_("repaired: {0}"),
}


def model_title(model: type[RigModel], lang: str) -> str:
    """The rig model's name."""
    return kit_word(model, "models", model.name, lang) or model.title or model.name


def quantity_label(quantity: str, lang: str, model: type[RigModel] | None = None) -> str:
    """A measured quantity's name."""
    return kit_word(model, "quantities", quantity, lang) or quantity.replace("_", " ")


def fault_title(model: type[RigModel], fault: str, lang: str) -> str:
    """A fault's name."""
    own = kit_word(model, "faults", fault, lang, "title")
    if own:
        return own
    return model.fault_spec(fault).title if fault in model.faults else fault


def fault_symptoms(model: type[RigModel], fault: str, lang: str) -> str:
    """What a fault looks like on the rig."""
    own = kit_word(model, "faults", fault, lang, "symptoms")
    return own or model.fault_spec(fault).symptoms


def note_text(note: str, lang: str, model: type[RigModel] | None = None) -> str:
    """A note the rig left after an action (a symptom, a result)."""
    own = kit_word(model, "notes", note, lang)
    if own:
        return own
    if note in _NOTES:
        return tr(note, lang)
    templates = {p: tr(m, lang) for p, m in _PATTERNS.items()}
    templates |= {p: local(t, lang) for p, t in note_patterns(model).items()}
    for pattern, template in templates.items():
        match = re.match(pattern, note)
        if match is not None and template:
            return template.format(*(_title(g, model, lang) for g in match.groups()))
    return note


def _title(text: str, model: type[RigModel] | None, lang: str) -> str:
    """A fault's English title in ``lang``, when the model has a fault of that title."""
    if model is not None:
        for fault, spec in model.faults.items():
            if spec.title == text:
                return fault_title(model, fault, lang)
    return text


def action_text(
    action: str, params: Mapping[str, object], lang: str, model: type[RigModel] | None
) -> str:
    """An action as done (a button's label; a fault named by its title, not its id)."""
    shown = dict(params)
    fault = shown.pop("fault", None)
    label = control_label(action, shown, lang, model).rstrip("…")
    if fault is None:
        return label
    name = fault_title(model, str(fault), lang) if model is not None else str(fault)
    return f"{label} ▸{name}"
