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
from types import MappingProxyType

from labsim.equipment.base import ParamValue, RigModel
from labsim.scenarios.models import Procedure

__all__ = [
    "GROUP_ORDER",
    "MENU_PARAMS",
    "TOOL_PARAMS",
    "Bench",
    "Control",
    "ControlSet",
    "Setting",
    "controls_for",
    "group_of",
]

#: Parameters whose value is a tool's setting, per rig kind: param -> tool group.
TOOL_PARAMS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {"point_machine": MappingProxyType({"range": "multimeter", "terminals": "multimeter"})}
)
#: Parameters chosen from a menu when the control is pressed.
MENU_PARAMS = frozenset({"fault"})

_GROUPS: dict[str, str] = {
    "register_work": "book",
    "cancel_registration": "book",
    "post_protection": "protection",
    "withdraw_protection": "protection",
    "apply_lockout": "lockout",
    "remove_lockout": "lockout",
    "test_before_touch": "lockout",
    "diagnose": "faults",
    "repair": "faults",
    "place_gauge": "gauge",
    "remove_gauge": "gauge",
    "measure_operating_current": "multimeter",
    "measure_working_voltage": "multimeter",
    "measure_friction_current": "multimeter",
    "measure_winding_resistance": "multimeter",
    "measure_indication_voltage": "multimeter",
    "measure_board_voltage": "multimeter",
    "place_shunt": "shunt",
    "remove_shunt": "shunt",
    "select_carrier": "freqmeter",
    "measure_shunt_current": "freqmeter",
    "measure_main_voltage": "freqmeter",
    "measure_small_track_voltage": "freqmeter",
    "measure_residual_voltage": "freqmeter",
    "measure_supply_voltage": "freqmeter",
    "connect_earth_end": "earthing",
    "connect_conductor_end": "earthing",
    "remove_conductor_end": "earthing",
    "remove_earth_end": "earthing",
    "measure_height": "laser",
    "measure_stagger": "laser",
    "measure_lamp_voltage": "multimeter",
}

#: The order in which a view shows the groups (the rig first, then the tools).
GROUP_ORDER: tuple[str, ...] = (
    "rig",
    "book",
    "protection",
    "lockout",
    "multimeter",
    "freqmeter",
    "gauge",
    "shunt",
    "earthing",
    "laser",
    "faults",
)

#: The natural order of actions within a group (the order a procedure uses them in).
_ACTION_ORDER: tuple[str, ...] = (
    "register_work",
    "cancel_registration",
    "post_protection",
    "withdraw_protection",
    "apply_lockout",
    "test_before_touch",
    "remove_lockout",
    "throw",
    "cut_power",
    "restore_power",
    "measure_operating_current",
    "measure_working_voltage",
    "measure_friction_current",
    "measure_winding_resistance",
    "measure_indication_voltage",
    "measure_board_voltage",
    "place_gauge",
    "remove_gauge",
    "select_carrier",
    "measure_main_voltage",
    "measure_small_track_voltage",
    "measure_shunt_current",
    "measure_residual_voltage",
    "measure_supply_voltage",
    "place_shunt",
    "remove_shunt",
    "connect_earth_end",
    "connect_conductor_end",
    "remove_conductor_end",
    "remove_earth_end",
    "measure_height",
    "measure_stagger",
    "diagnose",
    "repair",
)

#: Keys given to controls in order (``h`` asks for a hint; digits go to the settings).
_KEYS = "qwertyuiopasdfgjklzxcvbnm"


def group_of(action: str) -> str:
    """The tool (or ``rig``) a control of this action belongs to."""
    return _GROUPS.get(action, "rig")


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

    def __init__(self, controls: Iterable[Control], settings: Iterable[Setting]) -> None:
        self.controls: tuple[Control, ...] = tuple(controls)
        self.settings: tuple[Setting, ...] = tuple(settings)
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
        """The groups that have controls or settings, in :data:`GROUP_ORDER`."""
        used = {c.group for c in self.controls} | {s.tool for s in self.settings}
        extra = sorted(used - set(GROUP_ORDER))
        return [g for g in GROUP_ORDER if g in used] + extra

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
    tools = TOOL_PARAMS.get(model_cls.kind, {})
    controls: list[Control] = []
    tool_values: dict[str, dict[ParamValue, None]] = {}
    for action in sorted(names, key=_action_key):
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
                    group_of(action),
                    tool_params,
                    menu,
                )
            )
    settings = [
        Setting(f"set:{param}={value}", tools[param], param, value)
        for param, values in tool_values.items()
        for value in values
    ]
    return ControlSet(_with_keys(controls), settings)


def _action_key(action: str) -> tuple[int, int, str]:
    group = group_of(action)
    where = GROUP_ORDER.index(group) if group in GROUP_ORDER else len(GROUP_ORDER)
    rank = _ACTION_ORDER.index(action) if action in _ACTION_ORDER else len(_ACTION_ORDER)
    return where, rank, action


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
