"""Words the play session shows for rig actions, parameter values and rules, per language.

The rig models speak English in their refusals (a reason and a rule id); a trainee sees the
rule explained in their language: the kit's words for its own rules, else the shared
sentences here and in :data:`labsim.equipment.RULES`, which are catalogue msgids (``tr``).
Tool names and the safe-work actions every rig shares are msgids too; everything a kit
names itself comes from the kit's words.
"""

from __future__ import annotations

from collections.abc import Mapping

from labsim.equipment import RigModel, rule_text
from labsim.i18n import N_, tr
from labsim.kits.words import kit_word, local

__all__ = [
    "ACTION_LABELS",
    "RULE_TEXT",
    "action_label",
    "button_label",
    "control_label",
    "local",
    "rule_sentence",
    "tool_name",
    "value_label",
    "word",
]

#: The rig model whose kit words come first (None: only the shared words).
Model = type[RigModel] | None


#: Names of the shared tools and their selectors (a kit names its own tools).
TOOL_WORDS: dict[str, str] = {
    "rig": N_("Rig"),
    "book": N_("Registration book 运统-46"),
    "protection": N_("Site protection"),
    "lockout": N_("Lock, tag and tester"),
    "faults": N_("Fault finding"),
    "book-short": N_("Register book"),
    "protection-short": N_("Protection"),
    "lockout-short": N_("Lock & test"),
    "faults-short": N_("Fault finding"),
    "range": N_("Range"),
    "terminals": N_("Probes on"),
}


def word(key: str, lang: str, model: Model = None, **values: object) -> str:
    """A tool's or a selector's name in ``lang``: the kit's word, else the shared one."""
    shared = TOOL_WORDS.get(key)
    text = kit_word(model, "groups", key, lang) or (tr(shared, lang) if shared else key)
    return text.format(**values) if values else text


def tool_name(group: str, lang: str, model: Model = None, *, short: bool = False) -> str:
    """The name of a tool or panel group: the kit's word for it, else labsim's.

    ``short``: its short name (for a half-width card or a line of advice), else the full
    one; a kit that gives no short word gets the full name rather than the raw key.
    """
    name = word(f"{group}-short", lang, model) if short else None
    return word(group, lang, model) if name in (None, f"{group}-short") else name


#: Button labels of the actions every safe-work rig shares (a kit labels its own actions).
ACTION_LABELS: dict[str, str] = {
    "register_work": N_("Register 登记"),
    "cancel_registration": N_("Cancel 销记"),
    "post_protection": N_("Post lookout"),
    "withdraw_protection": N_("Withdraw"),
    "apply_lockout": N_("Lock + tag"),
    "remove_lockout": N_("Remove lock + tag"),
    "test_before_touch": N_("Test dead"),
    "diagnose": N_("Diagnose…"),
    "repair": N_("Repair…"),
}


def action_label(action: str, lang: str, model: Model = None) -> str:
    """The button label of an action: the kit's, the shared one, or its name spaced."""
    own = kit_word(model, "actions", action, lang)
    shared = ACTION_LABELS.get(action)
    return own or (tr(shared, lang) if shared else action.replace("_", " "))


def value_label(value: object, lang: str, model: Model = None) -> str:
    """The label of a parameter value: the kit's word for it, or the value itself."""
    text = str(value)
    return kit_word(model, "values", text, lang) or text


def control_label(action: str, params: Mapping[str, object], lang: str, model: Model = None) -> str:
    """A button's label: the action and the values of its choice parameters (``Throw ▸R``)."""
    values = " ".join(value_label(v, lang, model) for _, v in sorted(params.items()))
    label = action_label(action, lang, model)
    return f"{label} ▸{values}" if values else label


def button_label(action: str, params: Mapping[str, object], lang: str, model: Model = None) -> str:
    """The words on a control's button: the kit's short name (``I op ▸R``), or its label."""
    name = kit_word(model, "short", action, lang)
    if name is None:
        return control_label(action, params, lang, model)
    values = " ".join(
        ("▸" + str(v)[0].upper()) if k == "to" else value_label(v, lang, model)
        for k, v in sorted(params.items())
    )
    return f"{name} {values}".strip()


#: Rules every rig shares, or the play session names, in words (a kit explains its own).
RULE_TEXT: dict[str, str] = {
    "faultfinding.fault-left": N_("find and clear the fault before handing the equipment back"),
    "procedure.order": N_("do the steps in the order of the procedure"),
    "procedure.as-written": N_("do the step as the procedure writes it"),
    "tool.setting": N_("set the instrument to a range and terminals this measurement uses"),
    "time.stopped": N_("the attempt is stopped 5 minutes over the time limit"),
}


def rule_sentence(
    rule: str | None, lang: str, reason: str | None = None, model: Model = None
) -> str:
    """What a rule asks, in ``lang``: the kit's words, this table, the equipment's, the reason."""
    if rule is None:
        return reason or ""
    own = kit_word(model, "rules", rule, lang)
    if own:
        return own
    shared = RULE_TEXT.get(rule) or rule_text(rule)
    if shared != rule:
        return tr(shared, lang)
    return reason or rule
