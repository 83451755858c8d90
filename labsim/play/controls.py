"""What a trainee can do at a rig: controls (buttons that take a rig action) and tool settings.

The controls of a rig are derived from the rig model's declared actions: one control per
combination of the action's *choice* parameters (``throw`` to normal, to reverse), while
*tool* parameters (the multimeter's range and terminals) come from the settings the trainee
has dialled on the tool, and a ``fault`` parameter is chosen from a menu. Each control
belongs to a *group*: a tool of the domain (registration book, tester, multimeter, 0.15 Ω
shunt, 4 mm gauge, earthing set, ...) or the rig itself; a view lays groups out.

:meth:`ControlSet.plan` turns a wanted action into the clicks that do it (settings first),
which the demonstration and the scripted tests use, so that both drive the same panel.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from labsim.equipment.base import ParamValue, RigModel
from labsim.kits.panel import EMPTY, PanelSpec, panel_spec
from labsim.scenarios.models import Procedure

__all__ = [
    "MENU_PARAMS",
    "Bench",
    "Control",
    "ControlSet",
    "Setting",
    "controls_for",
    "group_of",
    "group_order",
]

#: Parameters chosen from a menu when the control is pressed.
MENU_PARAMS = frozenset({"fault"})

#: The tools of the safety and fault-finding workflow every rig shares; a kit's panel
#: description adds its own tools (see :mod:`labsim.kits.panel`).
_SHARED_GROUPS: dict[str, tuple[str, ...]] = {
    "book": ("register_work", "cancel_registration"),
    "protection": ("post_protection", "withdraw_protection"),
    "lockout": ("apply_lockout", "test_before_touch", "remove_lockout"),
    "faults": ("diagnose", "repair"),
}


def group_order(spec: PanelSpec) -> tuple[str, ...]:
    """The order in which a view shows the groups: the rig, shared tools, the kit's, faults."""
    return ("rig", "book", "protection", "lockout", *(g.id for g in spec.groups), "faults")


def _action_order(spec: PanelSpec) -> tuple[str, ...]:
    """The natural order of actions within their groups (the order a procedure uses them)."""
    shared = tuple(a for group in _SHARED_GROUPS.values() for a in group)
    return (*shared, *spec.rig.order, *(a for g in spec.groups for a in g.actions))


#: Keys given to controls in order (``h`` asks for a hint; digits go to the settings).
_KEYS = "qwertyuiopasdfgjklzxcvbnm"


def group_of(action: str, spec: PanelSpec = EMPTY) -> str:
    """The tool (or ``rig``) a control of this action belongs to."""
    for group, actions in _SHARED_GROUPS.items():
        if action in actions:
            return group
    return spec.group_of(action) or "rig"


@dataclass(frozen=True)
class Control:
    """A button: it asks the rig for ``action`` with ``params`` (plus tool and menu params)."""

    id: str
    action: str
    params: Mapping[str, ParamValue]
    group: str
    tool_params: tuple[str, ...] = ()
    menu: str | None = None
    key: str | None = None


@dataclass(frozen=True)
class Setting:
    """One position of a tool's selector (the multimeter's DC 5 A range)."""

    id: str
    tool: str
    param: str
    value: ParamValue


@dataclass
class Bench:
    """The trainee's tools as they are set now (the view-independent part of the panel)."""

    settings: dict[str, ParamValue] = field(default_factory=dict)

    def set(self, param: str, value: ParamValue) -> None:
        """Turn a tool's selector to ``value``."""
        self.settings[param] = value


def _control_id(action: str, params: Mapping[str, ParamValue]) -> str:
    if not params:
        return action
    return action + ":" + ",".join(f"{k}={v}" for k, v in sorted(params.items()))


class ControlSet:
    """Every control and tool setting of one rig, with lookups by id and by action."""

    def __init__(
        self,
        controls: Iterable[Control],
        settings: Iterable[Setting],
        spec: PanelSpec = EMPTY,
    ) -> None:
        self.controls: tuple[Control, ...] = tuple(controls)
        self.settings: tuple[Setting, ...] = tuple(settings)
        #: The panel description the controls were laid out from.
        self.spec = spec
        self._by_id = {c.id: c for c in self.controls}
        self._settings = {s.id: s for s in self.settings}

    def __contains__(self, control_id: object) -> bool:
        return control_id in self._by_id or control_id in self._settings

    def control(self, control_id: str) -> Control:
        """The control with this id (KeyError if none)."""
        return self._by_id[control_id]

    def setting(self, setting_id: str) -> Setting:
        """The tool setting with this id (KeyError if none)."""
        return self._settings[setting_id]

    def in_group(self, group: str) -> list[Control]:
        """The controls of one group, in declaration order."""
        return [c for c in self.controls if c.group == group]

    def groups(self) -> list[str]:
        """The groups that have controls or settings, in :func:`group_order`."""
        order = group_order(self.spec)
        used = {c.group for c in self.controls} | {s.tool for s in self.settings}
        extra = sorted(used - set(order))
        return [g for g in order if g in used] + extra

    def group_of(self, action: str) -> str:
        """The group the controls of ``action`` sit in."""
        return group_of(action, self.spec)

    def start_settings(self) -> dict[str, ParamValue]:
        """The tools as they come out of the box: the panel's ``start``, else the first value."""
        start: dict[str, ParamValue] = {}
        for group in self.spec.groups:
            start.update(group.start)
        out: dict[str, ParamValue] = {}
        for setting in self.settings:
            if setting.param not in out or setting.value == start.get(setting.param):
                out[setting.param] = setting.value
        return out

    def settings_of(self, tool: str, param: str) -> list[Setting]:
        """The positions of one selector of a tool."""
        return [s for s in self.settings if s.tool == tool and s.param == param]

    def by_key(self, key: str) -> Control | None:
        """The control with this keyboard shortcut."""
        return next((c for c in self.controls if c.key == key), None)

    def params_for(self, control: Control, bench: Bench) -> dict[str, ParamValue]:
        """The parameters a press of ``control`` sends (menu params not included)."""
        params = dict(control.params)
        for name in control.tool_params:
            if name in bench.settings:
                params[name] = bench.settings[name]
        return params

    def find(self, action: str, params: Mapping[str, ParamValue]) -> Control | None:
        """The control that performs ``action`` with ``params`` (given the right settings)."""
        for control in self.controls:
            if control.action != action:
                continue
            fixed = {k: v for k, v in params.items() if k not in control.tool_params}
            if control.menu is not None:
                fixed.pop(control.menu, None)
            if fixed == dict(control.params):
                return control
        return None

    def plan(
        self, action: str, params: Mapping[str, ParamValue], bench: Bench
    ) -> list[tuple[str, ParamValue | None]]:
        """The clicks that perform ``action`` with ``params``: settings, the control, a menu.

        Each click is ``(id, None)``; the last is ``(control id, menu value)`` when the
        control asks for a menu choice. Empty when no control performs the action.
        """
        control = self.find(action, params)
        if control is None:
            return []
        clicks: list[tuple[str, ParamValue | None]] = []
        for name in control.tool_params:
            wanted = params.get(name)
            if wanted is None or bench.settings.get(name) == wanted:
                continue
            setting = next(
                (s for s in self.settings if s.param == name and s.value == wanted), None
            )
            if setting is not None:
                clicks.append((setting.id, None))
        menu_value = params.get(control.menu) if control.menu is not None else None
        clicks.append((control.id, menu_value))
        return clicks


def _procedure_controls(procedure: Procedure) -> list[Control]:
    """Controls of a rig that accepts any action (``generic``): one per distinct step."""
    seen: dict[str, Control] = {}
    for step in procedure.steps:
        control_id = _control_id(step.action, step.params)
        if control_id not in seen:
            seen[control_id] = Control(control_id, step.action, dict(step.params), "rig")
    return list(seen.values())


def controls_for(model_cls: type[RigModel], procedure: Procedure | None = None) -> ControlSet:
    """The controls and tool settings of a rig model (or of a procedure on a generic rig)."""
    names = model_cls.action_names()
    if names is None or not names:
        steps = _procedure_controls(procedure) if procedure is not None else []
        return ControlSet(_with_keys(steps), ())
    panel = panel_spec(model_cls)
    tools = panel.tool_params()
    order = _action_order(panel)
    groups = group_order(panel)

    def key(action: str) -> tuple[int, int, str]:
        group = group_of(action, panel)
        where = groups.index(group) if group in groups else len(groups)
        rank = order.index(action) if action in order else len(order)
        return where, rank, action

    controls: list[Control] = []
    tool_values: dict[str, dict[ParamValue, None]] = {}
    for action in sorted(names, key=key):
        spec = model_cls.action_spec(action)
        choice = {k: v for k, v in spec.params.items() if k not in tools and k not in MENU_PARAMS}
        tool_params = tuple(k for k in spec.params if k in tools)
        menu = next((k for k in spec.params if k in MENU_PARAMS), None)
        for name in tool_params:
            tool_values.setdefault(name, {}).update(dict.fromkeys(spec.params[name]))
        keys = sorted(choice)
        for combo in itertools.product(*(choice[k] for k in keys)):
            params = dict(zip(keys, combo, strict=True))
            controls.append(
                Control(
                    _control_id(action, params),
                    action,
                    params,
                    group_of(action, panel),
                    tool_params,
                    menu,
                )
            )
    settings = [
        Setting(f"set:{param}={value}", tools[param], param, value)
        for param, values in tool_values.items()
        for value in values
    ]
    return ControlSet(_with_keys(controls), settings, panel)


def _with_keys(controls: list[Control]) -> list[Control]:
    keyed = []
    for index, control in enumerate(controls):
        key = _KEYS[index] if index < len(_KEYS) else None
        keyed.append(
            Control(
                control.id,
                control.action,
                control.params,
                control.group,
                control.tool_params,
                control.menu,
                key,
            )
        )
    return keyed
