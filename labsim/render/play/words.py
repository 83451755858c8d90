"""The play window's own words (titles, tool names, schematic labels) in English and Chinese."""

from __future__ import annotations

from labsim.play.labels import TOOL_WORDS

__all__ = ["WORDS", "say"]

WORDS: dict[str, dict[str, str]] = {
    **{k: dict(v) for k, v in TOOL_WORDS.items()},
    "training": {"en": "Training", "zh": "练习"},
    "assessment": {"en": "Assessment", "zh": "考核"},
    "demo": {"en": "Demonstration", "zh": "示范"},
    "checklist": {"en": "Checklist", "zh": "作业程序"},
    "actions": {"en": "Your actions", "zh": "操作记录"},
    "assess-note": {
        "en": "Assessment: work from memory. Errors are recorded, not shown.",
        "zh": "考核：凭记忆作业，错误只记录不提示。",
    },
    "step": {"en": "Step", "zh": "步骤"},
    "time": {"en": "Time", "zh": "用时"},
    "limit": {"en": "limit", "zh": "限时"},
    "score": {"en": "Score", "zh": "得分"},
    "hint": {"en": "Hint", "zh": "提示"},
    "hint-cost": {"en": "Hint −{n}", "zh": "提示 −{n}分"},
    "next": {"en": "Now", "zh": "当前"},
    "done": {"en": "Done", "zh": "完成"},
    "observed": {"en": "Noted", "zh": "已记录"},
    "not-step": {
        "en": "Not the step that is due - no penalty for looking.",
        "zh": "这不是当前步骤（查看不扣分）。",
    },
    "error": {"en": "Error", "zh": "错误"},
    "restored": {"en": "Put back", "zh": "已恢复"},
    "veto": {"en": "Veto item - the attempt scores 0", "zh": "否决项 - 本次成绩为0分"},
    "rule": {"en": "Rule", "zh": "规定"},
    "right-action": {"en": "Right action", "zh": "正确做法"},
    "reading": {"en": "Reading", "zh": "读数"},
    "normal": {"en": "normal", "zh": "正常范围"},
    "recorded": {"en": "Recorded.", "zh": "已记录。"},
    "nothing-happens": {"en": "Nothing happens.", "zh": "设备无反应。"},
    "tools": {"en": "Tools", "zh": "工具"},
    "waiting": {"en": "Waiting for a rig", "zh": "等待设备"},
    "waiting-body": {
        "en": "All rigs of {group} are taken: {n} ahead of you in the queue. "
        "The clock starts when you reach the rig.",
        "zh": "{group}全部占用：前面还有{n}人排队。到达设备后开始计时。",
    },
    "rig-failed": {
        "en": "The rig failed under you. The clock stops while you queue: {n} ahead of you. "
        "The step restarts on the next free rig.",
        "zh": "设备故障。排队期间停止计时：前面还有{n}人。换到下一台空闲设备后重做本步骤。",
    },
    "new-rig": {
        "en": "The rig failed under you; this is another rig of the group. The step you were "
        "doing restarts from scratch.",
        "zh": "原设备故障，已换到同组另一台设备。中断的步骤从头重做。",
    },
    "floor": {"en": "The lab floor", "zh": "实训室现场"},
    "floor-body": {
        "en": "You are the teal token at your rig; the others work on around you. "
        "Tab returns to the rig (the clock runs).",
        "zh": "你是设备旁的青色标记，其他学员照常作业。按Tab返回设备（计时继续）。",
    },
    "choose-fault": {"en": "Which fault?", "zh": "哪种故障？"},
    "instructor": {"en": "Instructor: inject or clear a fault", "zh": "教师：设置或清除故障"},
    "instructor-note": {
        "en": "A fault set here stays until it is repaired or cleared here. F9 or Esc closes.",
        "zh": "在此设置的故障一直存在，直到被处理或在此清除。按F9或Esc关闭。",
    },
    "active": {"en": "ON", "zh": "已设置"},
    "help": {"en": "Keys", "zh": "按键"},
    "keys-footer": {
        "en": "Click a control or press its key · H hint · , . range · [ ] probes · "
        "Tab lab floor · F9 instructor · F1 keys · F12 screenshot · Esc quit",
        "zh": "点击按钮或按对应键 · H 提示 · , . 量程 · [ ] 表笔 · Tab 现场 · F9 教师 · "
        "F1 按键 · F12 截图 · Esc 退出",
    },
    "debrief": {"en": "Debrief", "zh": "讲评"},
    "deduction-undone": {"en": "{n} step(s) not done", "zh": "{n}个步骤未完成"},
    "deduction-errors": {"en": "{n} error(s)", "zh": "错误{n}次"},
    "deduction-hints": {"en": "{n} hint(s)", "zh": "提示{n}次"},
    "deduction-overtime": {"en": "{n} min over the limit", "zh": "超时{n}分钟"},
    "no-deductions": {"en": "No deductions.", "zh": "无扣分。"},
    "verdict-passed": {
        "en": "Within the time limit and the pass rule.",
        "zh": "在限时内完成，符合合格要求。",
    },
    "verdict-veto": {
        "en": "Veto item (critical error): scored 0.",
        "zh": "否决项（关键错误）：0分。",
    },
    "verdict-stopped": {
        "en": "Stopped 5 minutes over the time limit.",
        "zh": "超时5分钟，停止作业。",
    },
    "verdict-unfinished": {"en": "Not finished.", "zh": "未完成。"},
    "verdict-errors": {"en": "More than {n} error(s).", "zh": "错误超过{n}次。"},
    "verdict-below": {"en": "Below the pass mark ({n}).", "zh": "低于合格线（{n}分）。"},
    "verdict-abandoned": {
        "en": "Abandoned: the attempt was not finished.",
        "zh": "中止：未完成作业。",
    },
    "passed": {"en": "PASSED", "zh": "合格"},
    "failed": {"en": "FAILED", "zh": "不合格"},
    "abandoned": {"en": "ABANDONED", "zh": "中止"},
    "pass-mark": {"en": "pass mark", "zh": "合格线"},
    "timeline": {"en": "Timeline against standard times", "zh": "各步用时与标准用时"},
    "standard": {"en": "standard", "zh": "标准"},
    "yours": {"en": "yours", "zh": "实际"},
    "errors": {"en": "Errors", "zh": "错误"},
    "no-errors": {"en": "No errors.", "zh": "无错误。"},
    "fault-start": {"en": "from the start", "zh": "开始时"},
    "fault-on": {"en": "Fault on the rig: {fault} ({when})", "zh": "设置故障：{fault}（{when}）"},
    "fault-off": {
        "en": "Fault cleared by the instructor: {fault} ({when})",
        "zh": "教师清除故障：{fault}（{when}）",
    },
    "sheet": {"en": "Score sheet", "zh": "扣分明细"},
    "history": {"en": "Your attempts", "zh": "历次成绩"},
    "first-attempt": {"en": "First recorded attempt.", "zh": "首次记录。"},
    "this": {"en": "now", "zh": "本次"},
    "close": {"en": "Enter or Esc closes", "zh": "按Enter或Esc关闭"},
    "registered": {"en": "registered", "zh": "已登记"},
    "not-registered": {"en": "not registered", "zh": "未登记"},
    "protected": {"en": "lookout posted", "zh": "已防护"},
    "locked-out": {"en": "locked + tagged", "zh": "已加锁挂牌"},
    "proven-dead": {"en": "proven dead", "zh": "已验电"},
    "min": {"en": "min", "zh": "分"},
    "lab": {"en": "Lab", "zh": "实训室"},
    "no-cjk": {
        "en": "No Chinese font found: Chinese text cannot be drawn.",
        "zh": "未找到中文字体。",
    },
}


def say(key: str, lang: str, **values: object) -> str:
    """The window's word for ``key`` in ``lang`` (English when missing), filled in."""
    entry = WORDS.get(key, {})
    text = entry.get(lang) or entry.get("en") or key
    return text.format(**values) if values else text
