"""What the rigs say, in the trainee's language: model names, quantities, faults, notes.

The rig models describe themselves in English (titles, fault titles and symptoms, the notes
an action leaves). These tables give the Chinese a trainee playing in ``zh`` reads; an
entry missing here shows the English, so a model can be added before its translation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from labsim.equipment.base import RigModel
from labsim.play.labels import control_label

__all__ = [
    "action_text",
    "fault_symptoms",
    "fault_title",
    "model_title",
    "note_text",
    "quantity_label",
]

_MODELS = {
    "zd6_point_machine": "ZD6转辙机",
    "s700k_point_machine": "S700K转辙机",
    "zpw2000a_track_circuit": "ZPW-2000A轨道电路",
    "relay_interlocking_6502": "6502电气集中控制台",
    "catenary_section": "接触网锚段",
    "jz7_brake_stand": "JZ-7制动试验台",
    "generic": "通用工位",
}

_QUANTITIES = {
    "operating_current": "动作电流",
    "working_voltage": "工作电压",
    "friction_current": "摩擦电流",
    "winding_resistance": "线圈电阻",
    "indication_voltage_ac": "表示继电器交流电压",
    "indication_voltage_dc": "表示继电器直流电压",
    "board_voltage": "分线盘电压",
    "shunt_current": "分路电流",
    "main_track_voltage": "主轨电压",
    "small_track_voltage": "小轨电压",
    "residual_voltage": "残压",
    "supply_voltage": "电源电压",
    "lamp_voltage": "灯端电压",
    "contact_wire_height": "导线高度",
    "stagger": "拉出值",
    "main_reservoir": "总风缸压力",
    "equalising_reservoir": "均衡风缸压力",
    "brake_pipe": "列车管压力",
    "brake_cylinder": "制动缸压力",
    "work_reservoir": "工作风缸压力",
    "er_exhaust_time": "均衡风缸排风时间",
    "bc_rise_time": "制动缸升压时间",
    "bp_emergency_time": "紧急排风时间",
    "bp_leak_rate": "列车管泄漏",
    "wr_charge_time": "工作风缸充风时间",
    "overcharge_clear_time": "过充消除时间",
    "piston_travel": "活塞行程",
}

_FAULTS = {
    "motor_circuit_open": ("电机电路断线", "电流表不动，道岔不转换"),
    "indication_circuit_open": ("表示电路断线", "道岔能转换但无表示，继电器电压为0"),
    "friction_out_of_range": ("摩擦电流超标", "一侧摩擦电流过大（杆件别卡、密贴调整不当）"),
    "obstruction": ("反位尖轨有异物", "扳至反位不锁闭、无表示（四开）"),
    "trailed": ("道岔挤岔", "挤切销切断，表示消失（挤岔报警）"),
    "diode_fault": ("表示二极管故障", "无表示；继电器交流电压偏高、直流电压偏低"),
    "capacitor_open_receiver_end": ("接收端补偿电容断线", "主轨电压下降、小轨电压上升（红光带）"),
    "capacitor_open_middle": ("区段中部补偿电容断线", "主轨电压不变、小轨电压上升"),
    "capacitor_open_feed_end": ("发送端补偿电容断线", "主轨电压上升、小轨电压下降"),
    "tuning_unit_break": ("调谐单元断线", "红光带；无小轨电压；调谐单元引线可见断开"),
    "ballast_low": ("道床电阻过低", "无车红光带：道床潮湿脏污漏泄"),
    "ballast_high": ("道床电阻过高", "分路不良：分路时继电器不落下，残压高"),
    "broken_rail": ("钢轨折断", "继电器落下，无接收电压；钢轨可见断口"),
    "section_not_releasing": ("区段不解锁", "列车通过后红光带不消失，道岔保持锁闭"),
    "lamp_filament_break": ("信号灯丝断丝", "排列进路后信号不开放；灯丝报警"),
    "point_indication_lost": ("道岔失去表示", "道岔表示灯灭，不能排列经过该道岔的进路"),
    "red_band": ("轨道电路红光带", "无车时区段亮红光带，不能排列进路"),
    "contact_wire_low": ("导线高度偏低", "定位点导线高度低于5700mm"),
    "contact_wire_high": ("导线高度偏高", "定位点导线高度高于6500mm"),
    "stagger_out_of_tolerance": ("拉出值超标", "拉出值偏离400mm标准值超过30mm"),
    "relay_exhaust_blocked": ("中继阀排风口堵塞", "均衡风缸减压时列车管不降压"),
    "cylinder_pipe_blocked": ("制动缸管堵塞", "任何制动时制动缸均不充风"),
    "pipe_half_blocked": ("制动缸管半堵", "制动缓慢：制动缸约15秒才充满"),
    "cock_closed": ("工作风缸塞门关闭", "工作风缸由0充至500kPa超过40秒"),
    "brake_pipe_leak": ("列车管泄漏", "保压1分钟列车管下降超过20kPa"),
}

_NOTES = {
    "a red strip shows on a section with no train": "无车区段显示红光带",
    "an object lies between the reverse switch rail and its stock rail": "反位尖轨与基本轨间有异物",
    "nothing wrong to see at the switch": "道岔外观未见异常",
    "nothing wrong to see on the section": "区段外观未见异常",
    "tester checked on a known source; the equipment is dead": "验电器已在有电设备上校验；设备无电",
    "the brake pipe did not drop": "列车管未降压",
    "the filament alarm is on": "灯丝报警",
    "the panel ammeter does not move; the point stays where it is": "控制台电流表不动，道岔不转换",
    "the panel shows nothing wrong": "控制台显示正常",
    "the point moved and locked but shows no indication": "道岔已转换并锁闭，但无表示",
    "the point moved but its indication lamp stays dark": "道岔已转换，但表示灯不亮",
    "the point's indication lamp is dark": "道岔表示灯灭",
    "the red strip stays although the train has gone": "列车已出清，红光带仍未消失",
    "the shear pin is cut and the rods are displaced: the point was trailed": (
        "挤切销已切断、杆件移位：道岔被挤"
    ),
    "the signal stays at danger: its lamp does not light": "信号保持关闭：灯泡不亮",
    "the switch rail stops against the obstruction: no lock, no indication": (
        "尖轨被障碍物顶住：不锁闭、无表示"
    ),
    "the tester shows the equipment LIVE: do not touch; find the feed": (
        "验电器显示设备有电：严禁触碰，查找电源"
    ),
    "the track relay dropped: the signal has gone back to danger": "轨道继电器落下：信号关闭",
    "the train has passed but the red strip stays and the point stays locked": (
        "列车已通过，但红光带仍在、道岔保持锁闭"
    ),
}
_PATTERNS = (
    (re.compile(r"^diagnosed: (.+)$"), "判断：{0}"),
    (re.compile(r"^repaired: (.+)$"), "已处理：{0}"),
    (re.compile(r"^cylinder rise (.+) s; no emergency$"), "制动缸升压{0}秒；无紧急制动"),
)


def model_title(model: type[RigModel], lang: str) -> str:
    """The rig model's name."""
    if lang == "zh" and model.name in _MODELS:
        return _MODELS[model.name]
    return model.title or model.name


def quantity_label(quantity: str, lang: str) -> str:
    """A measured quantity's name."""
    if lang == "zh" and quantity in _QUANTITIES:
        return _QUANTITIES[quantity]
    return quantity.replace("_", " ")


def fault_title(model: type[RigModel], fault: str, lang: str) -> str:
    """A fault's name."""
    if lang == "zh" and fault in _FAULTS:
        return _FAULTS[fault][0]
    return model.fault_spec(fault).title if fault in model.faults else fault


def fault_symptoms(model: type[RigModel], fault: str, lang: str) -> str:
    """What a fault looks like on the rig."""
    if lang == "zh" and fault in _FAULTS:
        return _FAULTS[fault][1]
    return model.fault_spec(fault).symptoms


def note_text(note: str, lang: str, model: type[RigModel] | None = None) -> str:
    """A note the rig left after an action (a symptom, a result)."""
    if lang != "zh":
        return note
    if note in _NOTES:
        return _NOTES[note]
    for pattern, template in _PATTERNS:
        match = pattern.match(note)
        if match is not None:
            return template.format(*(_title_zh(g, model) for g in match.groups()))
    return note


def _title_zh(text: str, model: type[RigModel] | None) -> str:
    """A fault's English title in Chinese, when the model has a fault of that title."""
    if model is not None:
        for fault, spec in model.faults.items():
            if spec.title == text and fault in _FAULTS:
                return _FAULTS[fault][0]
    return text


def action_text(
    action: str, params: Mapping[str, object], lang: str, model: type[RigModel] | None
) -> str:
    """An action as done (a button's label; a fault named by its title, not its id)."""
    shown = dict(params)
    fault = shown.pop("fault", None)
    label = control_label(action, shown, lang).rstrip("…")
    if fault is None:
        return label
    name = fault_title(model, str(fault), lang) if model is not None else str(fault)
    return f"{label} ▸{name}"
