"""Words the play session shows for rig actions, parameter values and rules, per language.

The rig models speak English in their refusals (a reason and a rule id); a trainee who
plays in Chinese sees the rule explained from :data:`RULE_TEXT` instead, with the right
action taken from the procedure's own localized step text. A language missing here falls
back to English, so another language can be added entry by entry.
"""

from __future__ import annotations

from collections.abc import Mapping

from labsim.equipment import RigModel, rule_text
from labsim.kits.words import Local, kit_word, local

__all__ = [
    "ACTION_LABELS",
    "RULE_TEXT",
    "action_label",
    "button_label",
    "control_label",
    "local",
    "rule_sentence",
    "value_label",
    "word",
]

#: The rig model whose kit words come first (None: only the shared words).
Model = type[RigModel] | None


#: Names of the shared tools and their selectors (a kit names its own tools).
TOOL_WORDS: dict[str, Local] = {
    "rig": {"en": "Rig", "zh": "设备"},
    "book": {"en": "Registration book 运统-46", "zh": "《运统-46》登记簿"},
    "protection": {"en": "Site protection", "zh": "防护"},
    "lockout": {"en": "Lock, tag and tester", "zh": "加锁挂牌与验电"},
    "faults": {"en": "Fault finding", "zh": "故障处理"},
    "book-short": {"en": "Register book", "zh": "登记簿"},
    "protection-short": {"en": "Protection", "zh": "防护"},
    "lockout-short": {"en": "Lock & test", "zh": "加锁验电"},
    "faults-short": {"en": "Fault finding", "zh": "故障处理"},
    "range": {"en": "Range", "zh": "量程"},
    "terminals": {"en": "Probes on", "zh": "表笔"},
}


def word(key: str, lang: str, model: Model = None, **values: object) -> str:
    """A tool's or a selector's name in ``lang``: the kit's word, else the shared one."""
    text = kit_word(model, "groups", key, lang) or local(TOOL_WORDS.get(key), lang, key)
    return text.format(**values) if values else text


#: Button labels of the actions every safe-work rig shares (a kit labels its own actions).
ACTION_LABELS: dict[str, Local] = {
    "register_work": {"en": "Register 登记", "zh": "登记"},
    "cancel_registration": {"en": "Cancel 销记", "zh": "销记"},
    "post_protection": {"en": "Post lookout", "zh": "设置防护"},
    "withdraw_protection": {"en": "Withdraw", "zh": "撤除防护"},
    "apply_lockout": {"en": "Lock + tag", "zh": "加锁挂牌"},
    "remove_lockout": {"en": "Remove lock + tag", "zh": "摘锁摘牌"},
    "test_before_touch": {"en": "Test dead", "zh": "验电"},
    "diagnose": {"en": "Diagnose…", "zh": "判断故障…"},
    "repair": {"en": "Repair…", "zh": "处理故障…"},
}


def action_label(action: str, lang: str, model: Model = None) -> str:
    """The button label of an action: the kit's, the shared one, or its name spaced."""
    own = kit_word(model, "actions", action, lang)
    return own or local(ACTION_LABELS.get(action), lang, action.replace("_", " "))


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
RULE_TEXT: dict[str, Local] = {
    "safety.register-first": {"zh": "作业前必须在《运统-46》登记簿登记"},
    "safety.site-protection": {"zh": "上道作业前必须设置驻站联络员和现场防护员"},
    "safety.isolate-before-lock": {"zh": "先切断能源，再加锁挂牌"},
    "safety.lockout": {"zh": "此作业前须切断能源并加锁挂牌"},
    "safety.test-before-touch": {"zh": "接触设备前须用合格验电器验明无电"},
    "safety.lockout-removed-first": {"zh": "恢复供电前须先摘除本人的锁和牌"},
    "safety.handback": {"zh": "销记前设备须恢复完好（工具撤出、恢复供电）"},
    "safety.protection-until-clear": {"zh": "人员和工具撤离前不得撤除防护"},
    "safety.one-registration": {"zh": "一项作业只登记一次"},
    "safety.cover-buttons": {"zh": "维修影响行车时须加盖按钮帽或挂红牌"},
    "faultfinding.evidence-first": {"zh": "故障判断须以测试结果为依据"},
    "faultfinding.wrong-diagnosis": {"zh": "故障判断须与现象相符"},
    "faultfinding.diagnose-first": {"zh": "先查明故障再处理"},
    "faultfinding.fault-left": {
        "en": "find and clear the fault before handing the equipment back",
        "zh": "交付使用前须查明并排除故障",
    },
    "procedure.order": {
        "en": "do the steps in the order of the procedure",
        "zh": "须按作业程序顺序操作",
    },
    "procedure.as-written": {
        "en": "do the step as the procedure writes it",
        "zh": "须按作业程序规定的方法操作",
    },
    "tool.setting": {
        "en": "set the instrument to a range and terminals this measurement uses",
        "zh": "仪表量程或测试端子选择错误",
    },
    "time.stopped": {
        "en": "the attempt is stopped 5 minutes over the time limit",
        "zh": "超时5分钟停止作业",
    },
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
    entry = RULE_TEXT.get(rule, {})
    if lang in entry:
        return entry[lang]
    if "en" in entry:
        return entry["en"]
    shared = rule_text(rule)
    if shared != rule:
        return shared
    return reason or rule
