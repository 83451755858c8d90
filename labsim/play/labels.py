"""Words the play session shows for rig actions, parameter values and rules, per language.

The rig models speak English in their refusals (a reason and a rule id); a trainee who
plays in Chinese sees the rule explained from :data:`RULE_TEXT` instead, with the right
action taken from the procedure's own localized step text. A language missing here falls
back to English, so another language can be added entry by entry.
"""

from __future__ import annotations

from collections.abc import Mapping

from labsim.equipment import rule_text
from labsim.scenarios.langtags import pick

__all__ = [
    "ACTION_LABELS",
    "RULE_TEXT",
    "VALUE_LABELS",
    "action_label",
    "control_label",
    "local",
    "rule_sentence",
    "value_label",
]

Local = Mapping[str, str]


def local(text: Local | None, lang: str, fallback: str = "") -> str:
    """``text`` in ``lang``: the closest language it has, else English, else any."""
    return pick(text, lang, fallback)


#: Button labels of rig actions.
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
    # point machine
    "throw": {"en": "Throw", "zh": "操纵"},
    "inspect_point": {"en": "Inspect", "zh": "检查道岔"},
    "place_gauge": {"en": "Plate", "zh": "插入试验板"},
    "remove_gauge": {"en": "Remove plate", "zh": "取出试验板"},
    "cut_power": {"en": "Cut motor supply", "zh": "断开电源"},
    "restore_power": {"en": "Restore supply", "zh": "恢复电源"},
    "insert_crank": {"en": "Crank in", "zh": "插入摇把"},
    "hand_crank": {"en": "Crank", "zh": "手摇"},
    "remove_crank": {"en": "Crank out", "zh": "取出摇把"},
    "single_lock": {"en": "Lock", "zh": "单锁"},
    "single_unlock": {"en": "Unlock", "zh": "解锁"},
    "measure_operating_current": {"en": "Operating I", "zh": "动作电流"},
    "measure_working_voltage": {"en": "Working U", "zh": "工作电压"},
    "measure_friction_current": {"en": "Friction I", "zh": "摩擦电流"},
    "measure_winding_resistance": {"en": "Winding R", "zh": "线圈电阻"},
    "measure_indication_voltage": {"en": "Relay U (1-4)", "zh": "表示继电器电压"},
    "measure_board_voltage": {"en": "Board U", "zh": "分线盘电压"},
    # track circuit
    "select_carrier": {"en": "Carrier", "zh": "载频"},
    "set_route": {"en": "Set route", "zh": "排列进路"},
    "cancel_route": {"en": "Cancel route", "zh": "取消进路"},
    "reset_signal": {"en": "Re-clear signal", "zh": "重开信号"},
    "place_shunt": {"en": "Shunt on", "zh": "放分路线"},
    "remove_shunt": {"en": "Shunt off", "zh": "撤分路线"},
    "stop_transmitter": {"en": "Stop transmitter", "zh": "停发送器"},
    "start_transmitter": {"en": "Start transmitter", "zh": "启发送器"},
    "inspect_track": {"en": "Walk the section", "zh": "巡视区段"},
    "measure_shunt_current": {"en": "Shunt current", "zh": "分路电流"},
    "measure_main_voltage": {"en": "Main-track U", "zh": "主轨电压"},
    "measure_small_track_voltage": {"en": "Small-track U", "zh": "小轨电压"},
    "measure_residual_voltage": {"en": "Residual U", "zh": "残压"},
    "measure_supply_voltage": {"en": "Supply U", "zh": "电源电压"},
    # interlocking panel
    "pass_train": {"en": "Pass a train", "zh": "通过列车"},
    "throw_point": {"en": "Point", "zh": "单操道岔"},
    "guide_signal": {"en": "Guide", "zh": "引导"},
    "manual_release": {"en": "Manual release", "zh": "人工解锁"},
    "cover_buttons": {"en": "Cover buttons", "zh": "加盖按钮帽"},
    "uncover_buttons": {"en": "Uncover buttons", "zh": "撤除按钮帽"},
    "switch_off_signal": {"en": "Lamp supply off", "zh": "断开灯丝电源"},
    "switch_on_signal": {"en": "Lamp supply on", "zh": "恢复灯丝电源"},
    "inspect_panel": {"en": "Read the panel", "zh": "查看控制台"},
    "measure_lamp_voltage": {"en": "Lamp U", "zh": "灯端电压"},
    # catenary
    "approve_ticket": {"en": "Work ticket + briefing", "zh": "工作票及分工"},
    "receive_outage_order": {"en": "Receive outage order", "zh": "接停电命令"},
    "connect_earth_end": {"en": "Earth end on", "zh": "接地端接上"},
    "connect_conductor_end": {"en": "Conductor end on", "zh": "导线端挂上"},
    "issue_permit": {"en": "Issue permit", "zh": "发作业命令"},
    "complete_work": {"en": "Work complete", "zh": "作业完毕"},
    "remove_conductor_end": {"en": "Conductor end off", "zh": "撤导线端"},
    "remove_earth_end": {"en": "Earth end off", "zh": "撤接地端"},
    "return_order": {"en": "Return the order", "zh": "消除停电命令"},
    "measure_height": {"en": "Height", "zh": "导高"},
    "measure_stagger": {"en": "Stagger", "zh": "拉出值"},
    # brake stand
    "check_gauges": {"en": "Check gauges", "zh": "检查压力表"},
    "move_auto_handle": {"en": "Auto handle", "zh": "自阀"},
    "move_independent": {"en": "Independent", "zh": "单阀"},
    "independent_release": {"en": "Bail off", "zh": "单缓"},
    "measure_bp_leak": {"en": "1-min leak", "zh": "保压漏泄"},
    "time_full_service": {"en": "Time full service", "zh": "常用全制动计时"},
    "time_emergency": {"en": "Time emergency", "zh": "紧急制动计时"},
    "overcharge_test": {"en": "Overcharge test", "zh": "过充试验"},
    "measure_wr_charge_time": {"en": "WR charge time", "zh": "工作风缸充风时间"},
    "check_piston_travel": {"en": "Piston travel", "zh": "活塞行程"},
    "close_air": {"en": "Close air cock", "zh": "关闭总风塞门"},
    "open_air": {"en": "Open air cock", "zh": "开放总风塞门"},
}

#: Labels of parameter values (directions, ends, handle positions, ranges).
VALUE_LABELS: dict[str, Local] = {
    "normal": {"en": "N", "zh": "定位"},
    "reverse": {"en": "R", "zh": "反位"},
    "entry": {"en": "entry", "zh": "入口端"},
    "exit": {"en": "exit", "zh": "出口端"},
    "main": {"en": "main", "zh": "正线"},
    "siding": {"en": "siding", "zh": "侧线"},
    "running": {"en": "running", "zh": "运转位"},
    "overcharge": {"en": "overcharge", "zh": "过充位"},
    "minimum": {"en": "minimum", "zh": "最小减压位"},
    "full_service": {"en": "full service", "zh": "常用全制动位"},
    "over_reduction": {"en": "over-reduction", "zh": "过量减压位"},
    "emergency": {"en": "emergency", "zh": "紧急制动位"},
    "applied": {"en": "applied", "zh": "制动位"},
    "4mm": {"en": "4 mm", "zh": "4mm"},
    "1.6mm": {"en": "1.6 mm", "zh": "1.6mm"},
    "dc_5a": {"en": "DC 5A", "zh": "直流5A"},
    "ac_5a": {"en": "AC 5A", "zh": "交流5A"},
    "dc_250v": {"en": "DC 250V", "zh": "直流250V"},
    "ac_250v": {"en": "AC 250V", "zh": "交流250V"},
    "ac_500v": {"en": "AC 500V", "zh": "交流500V"},
    "ohm_200": {"en": "Ω 200", "zh": "Ω 200"},
    "True": {"en": "cant-corrected", "zh": "超高修正"},
    "False": {"en": "uncorrected", "zh": "未修正"},
}


def action_label(action: str, lang: str) -> str:
    """The button label of an action (its name, spaced, when there is none)."""
    return local(ACTION_LABELS.get(action), lang, action.replace("_", " "))


def value_label(value: object, lang: str) -> str:
    """The label of a parameter value (Hz for a carrier, the value itself otherwise)."""
    text = str(value)
    if text.isdigit() and len(text) == 4:
        return f"{text} Hz"
    return local(VALUE_LABELS.get(text), lang, text)


def control_label(action: str, params: Mapping[str, object], lang: str) -> str:
    """A button's label: the action and the values of its choice parameters (``Throw ▸R``)."""
    values = " ".join(value_label(v, lang) for _, v in sorted(params.items()))
    label = action_label(action, lang)
    return f"{label} ▸{values}" if values else label


#: Rules a refusal or the session can name, explained in words (English and Chinese).
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
    "pm.crank-in": {
        "en": "the hand crank's contact cuts motor power",
        "zh": "摇把插入时电机电路被切断",
    },
    "pm.final-operation-check": {
        "en": "throw the point both ways with indication before handing back",
        "zh": "销记前须定反位操纵试验、表示正确",
    },
    "pm.friction-needs-plate": {
        "en": "measure friction current against the 4 mm plate",
        "zh": "测摩擦电流须先插入4mm试验板",
    },
    "pm.meter-range": {
        "en": "set the meter to the right range before measuring",
        "zh": "测量前须选对仪表量程",
    },
    "pm.meter-terminals": {"en": "measure on the right terminals", "zh": "须在规定端子上测量"},
    "pm.no-crank": {"en": "the hand crank is not in", "zh": "未插入摇把"},
    "pm.no-plate": {"en": "there is no test plate in the switch", "zh": "道岔内没有试验板"},
    "pm.one-plate": {"en": "one test plate at a time", "zh": "一次只能插入一块试验板"},
    "pm.power-off": {"en": "the motor supply is cut", "zh": "电机电源已断开"},
    "pm.single-locked": {
        "en": "a single-locked point cannot be thrown",
        "zh": "道岔单锁时不能操纵",
    },
    "pm.trailed-point": {
        "en": "never operate a trailed point before it is repaired",
        "zh": "挤岔未处理前严禁操纵道岔",
    },
    "tc.cannot-clear": {
        "en": "the route must be set and the section clear",
        "zh": "进路须已排列且区段空闲",
    },
    "tc.meter-unset": {
        "en": "set the frequency-selective meter to the carrier first",
        "zh": "须先将选频表设为本区段载频",
    },
    "tc.wrong-carrier": {
        "en": "the meter must be set to the section's carrier",
        "zh": "选频表须设为本区段载频",
    },
    "tc.no-code": {"en": "set the route so that coding starts", "zh": "须先排列进路使轨道发码"},
    "tc.no-route": {"en": "no route is set", "zh": "未排列进路"},
    "tc.no-shunt": {"en": "the 0.15 Ω shunt must be on the rails", "zh": "须先放置0.15Ω标准分路线"},
    "tc.occupied": {
        "en": "a route cannot be set over an occupied section",
        "zh": "区段占用时不能排列进路",
    },
    "tc.one-shunt": {"en": "one shunt at a time", "zh": "一次只放一根分路线"},
    "tc.route-left-set": {
        "en": "cancel the test route before handing back",
        "zh": "销记前须取消试验进路",
    },
    "tc.route-set": {"en": "the route is already set", "zh": "进路已排列"},
    "tc.section-not-clear": {
        "en": "the section must show clear before handing back",
        "zh": "销记前区段须恢复空闲",
    },
    "ixl.buttons-covered": {
        "en": "the buttons are covered for maintenance",
        "zh": "按钮已加盖，不能操作",
    },
    "ixl.buttons-left-covered": {
        "en": "uncover the buttons before handing back",
        "zh": "销记前须撤除按钮帽",
    },
    "ixl.cannot-cancel": {"en": "only a set route can be cancelled", "zh": "只能取消已排列的进路"},
    "ixl.guide-conditions": {
        "en": "the guide signal needs a free, indicated point",
        "zh": "开放引导信号须道岔空闲且有表示",
    },
    "ixl.no-indication": {
        "en": "a point without indication cannot be locked in a route",
        "zh": "道岔无表示不能锁闭进路",
    },
    "ixl.nothing-to-release": {"en": "there is nothing to release", "zh": "没有需要解锁的进路"},
    "ixl.point-locked": {
        "en": "a point locked in a route cannot be thrown",
        "zh": "道岔锁闭在进路中不能单操",
    },
    "ixl.route-left-set": {"en": "no route may be left set or stuck", "zh": "销记前不得遗留进路"},
    "ixl.route-set": {"en": "a route is already set", "zh": "已有进路排列"},
    "ixl.section-occupied": {
        "en": "a route cannot be set over an occupied section",
        "zh": "区段占用不能排列进路",
    },
    "ixl.signal-closed": {
        "en": "no train may pass a signal at danger",
        "zh": "信号关闭时列车不得通过",
    },
    "ocs.cant-correction": {
        "en": "correct the stagger for cant (H×h/1440)",
        "zh": "拉出值须进行超高修正（H×h/1440）",
    },
    "ocs.earth-end-first": {
        "en": "connect the earth end first, then the conductor end",
        "zh": "挂接地线须先接接地端，后挂导线端",
    },
    "ocs.earth-on": {"en": "that end of the earth wire is already on", "zh": "该端接地线已接好"},
    "ocs.earthed-before-permit": {
        "en": "earth the work site before the permit",
        "zh": "须先接地再发作业命令",
    },
    "ocs.earths-before-return": {
        "en": "remove every earth before returning the order",
        "zh": "消除停电命令前须撤除全部地线",
    },
    "ocs.earths-until-clear": {
        "en": "earths stay on until the work is complete",
        "zh": "作业完毕前不得撤除地线",
    },
    "ocs.no-earth": {"en": "that earth is not connected", "zh": "该接地线未接"},
    "ocs.no-oral-outage": {
        "en": "never agree a power cut orally or by a set time",
        "zh": "严禁约时停送电或口头停电",
    },
    "ocs.no-order": {"en": "no outage order is in force", "zh": "没有有效的停电命令"},
    "ocs.one-ticket": {"en": "the work ticket is already approved", "zh": "工作票已签发"},
    "ocs.order-in-force": {"en": "the outage order is already in force", "zh": "停电命令已生效"},
    "ocs.order-not-returned": {
        "en": "return the outage order before 销记",
        "zh": "销记前须消除停电命令",
    },
    "ocs.reverse-order": {
        "en": "remove earths in reverse order: conductor end first",
        "zh": "拆除地线须先撤导线端，后撤接地端",
    },
    "ocs.work-under-permit": {
        "en": "work on the wire only under a permit",
        "zh": "须有作业命令方可作业",
    },
    "bs.apply-first": {"en": "apply the independent brake first", "zh": "须先单阀制动"},
    "bs.from-running": {
        "en": "start the test from running position, fully charged",
        "zh": "试验须从运转位、充满风开始",
    },
    "bs.handles-running": {
        "en": "put both handles in running position",
        "zh": "自阀、单阀均须置运转位",
    },
    "bs.leak-after-minimum": {
        "en": "the leak test holds after a minimum reduction",
        "zh": "保压试验须在最小减压后进行",
    },
    "bs.no-air": {"en": "the air supply is shut off", "zh": "总风已关闭"},
    "bs.nothing-to-release": {
        "en": "there is no automatic application to bail off",
        "zh": "没有自动制动可单缓",
    },
}


def rule_sentence(rule: str | None, lang: str, reason: str | None = None) -> str:
    """What a rule asks, in ``lang``: this table, the equipment's own sentence, or the reason."""
    if rule is None:
        return reason or ""
    entry = RULE_TEXT.get(rule, {})
    if lang in entry:
        return entry[lang]
    if "en" in entry:
        return entry["en"]
    shared = rule_text(rule)
    if shared != rule:
        return shared
    return reason or rule
