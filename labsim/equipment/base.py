"""The rig model interface: declared state, actions with preconditions, readings, faults.

A rig model is a plain-Python state machine. A subclass declares

* ``variables``: named state variables, each with its allowed values and initial value;
* actions: methods named ``do_<action>`` decorated with :func:`action`, which declares the
  action's parameters (with their allowed values) and the safety *gates* that must hold
  before it (see :mod:`labsim.equipment.safety`);
* quantities: methods named ``q_<quantity>`` decorated with :func:`quantity` (unit, normal
  range, noise), read with :meth:`RigModel.read`;
* ``faults``: :class:`FaultSpec` entries an instructor can inject, with their symptoms.

:meth:`RigModel.perform` runs an action atomically: if a precondition fails it raises
:class:`~labsim.errors.ActionRefused` and the state is left as it was. A refusal for a
safety reason is also kept in :attr:`RigModel.violations` as a critical error.
Randomness (reading noise) comes only from the generator passed to the constructor; without
one, readings are exact, which is what a dry run wants.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any, ClassVar, NoReturn, TypeVar

import numpy as np

from labsim.equipment.declare import (
    FAULT_NAMES,
    FLAG,
    ActionSpec,
    FaultSpec,
    Gate,
    Outcome,
    ParamValue,
    Quantity,
    Reading,
    StateValue,
    Var,
    Violation,
    action,
    check_params,
    quantity,
    suggest,
)
from labsim.errors import ActionRefused, EquipmentError

__all__ = [
    "FAULT_NAMES",
    "FLAG",
    "ActionSpec",
    "FaultSpec",
    "Gate",
    "Outcome",
    "ParamValue",
    "Quantity",
    "Reading",
    "RigModel",
    "StateValue",
    "Var",
    "Violation",
    "action",
    "quantity",
    "suggest",
]


_T = TypeVar("_T")


def _collect_members(
    cls: type[RigModel],
) -> tuple[Mapping[str, ActionSpec], Mapping[str, Quantity]]:
    """The actions and quantities a class and its bases declare (later ones win)."""
    fault_names = tuple(sorted(cls.faults))
    actions: dict[str, ActionSpec] = {}
    quantities: dict[str, Quantity] = {}
    for klass in reversed(cls.__mro__):
        for member in klass.__dict__.values():
            spec: ActionSpec | None = getattr(member, "__labsim_action__", None)
            if spec is not None:
                params = {k: fault_names if v == FAULT_NAMES else v for k, v in spec.params.items()}
                actions[spec.name] = replace(spec, params=MappingProxyType(params))
            qty: Quantity | None = getattr(member, "__labsim_quantity__", None)
            if qty is not None:
                quantities[qty.name] = qty
    return MappingProxyType(actions), MappingProxyType(quantities)


def _declared(
    model: type[RigModel], table: Mapping[str, _T], name: str, what: str, whats: str
) -> _T:
    """``table[name]``; else an EquipmentError naming the model, any near miss and the rest."""
    try:
        return table[name]
    except KeyError:
        raise EquipmentError(
            f"rig model {model.name!r} has no {what} {name!r}{suggest(name, table)}; "
            f"its {whats}: {', '.join(sorted(table)) or 'none'}"
        ) from None


def _check_declarations(cls: type[RigModel]) -> None:
    """Catch a model's declaration mistakes when its module is imported."""
    for var_name, var in cls.variables.items():
        if not var.allows(var.start):
            raise TypeError(f"{cls.__name__}.{var_name}: initial value not allowed")
    for spec in cls._actions.values():
        if not set(spec.needs) <= set(cls.gates):
            raise TypeError(f"{cls.__name__}.{spec.name} needs an unknown gate")
    for fault_name, fault in cls.faults.items():
        if not fault.evidence <= set(cls._actions):
            raise TypeError(f"{cls.__name__}: evidence of {fault_name} names unknown actions")
        if not set(fault.repair_needs) <= set(cls.gates):
            raise TypeError(f"{cls.__name__}: repair of {fault_name} needs unknown gates")


class RigModel:
    """Base of every rig model; see the module docstring for what a subclass declares."""

    name: ClassVar[str] = ""
    kind: ClassVar[str] = "generic"
    title: ClassVar[str] = ""
    #: The rig-group id the shipped procedure library uses for this model (``zd6``).
    group_id: ClassVar[str] = ""
    #: Every label :attr:`main_state` can return (a view's portrayal table covers these).
    main_states: ClassVar[tuple[str, ...]] = ("normal",)
    variables: ClassVar[Mapping[str, Var]] = MappingProxyType({})
    faults: ClassVar[Mapping[str, FaultSpec]] = MappingProxyType({})
    gates: ClassVar[Mapping[str, Gate]] = MappingProxyType({})
    #: Per-model normal ranges that override a shared quantity's declared one.
    normal_ranges: ClassVar[Mapping[str, tuple[float, float]]] = MappingProxyType({})
    _actions: ClassVar[Mapping[str, ActionSpec]] = MappingProxyType({})
    _quantities: ClassVar[Mapping[str, Quantity]] = MappingProxyType({})

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Merge the declarations of the class and its bases; check them once, at import."""
        super().__init_subclass__(**kwargs)
        merged: dict[str, dict[str, Any]] = {"variables": {}, "faults": {}, "gates": {}}
        for klass in reversed(cls.__mro__):
            for key, table in merged.items():
                table.update(klass.__dict__.get(key, {}))
        cls.variables = MappingProxyType(merged["variables"])
        cls.faults = MappingProxyType(merged["faults"])
        cls.gates = MappingProxyType(merged["gates"])
        cls._actions, cls._quantities = _collect_members(cls)
        _check_declarations(cls)

    def __init__(self, rng: np.random.Generator | None = None) -> None:
        self.rng = rng
        self._state: dict[str, StateValue] = {k: v.start for k, v in self.variables.items()}
        self._faults: dict[str, None] = {}
        self._diagnosed: set[str] = set()
        self.violations: list[Violation] = []
        self.history: list[str] = []
        self.minutes = 0.0
        self._seen_since: dict[str, int] = {}
        self._action: str = ""
        self._changes: dict[str, StateValue] = {}
        self._notes: list[str] = []

    # -- declarations -------------------------------------------------------------------

    @classmethod
    def action_names(cls) -> frozenset[str] | None:
        """Every action the model accepts (None: the model accepts any action)."""
        return frozenset(cls._actions)

    @classmethod
    def action_spec(cls, name: str) -> ActionSpec:
        """The declaration of one action; EquipmentError if the model has no such action."""
        return _declared(cls, cls._actions, name, "action", "actions")

    @classmethod
    def quantity_names(cls) -> frozenset[str]:
        """Every quantity :meth:`read` can measure."""
        return frozenset(cls._quantities)

    @classmethod
    def quantity_spec(cls, name: str) -> Quantity:
        """The declaration of one quantity; EquipmentError if the model has no such quantity."""
        return _declared(cls, cls._quantities, name, "quantity", "quantities")

    @classmethod
    def normal_range(cls, name: str) -> tuple[float, float] | None:
        """Quantity ``name``'s normal range on this model (its own, else the declared one)."""
        return cls.normal_ranges.get(name, cls.quantity_spec(name).normal_range)

    @classmethod
    def fault_names(cls) -> frozenset[str]:
        """Every fault an instructor can inject."""
        return frozenset(cls.faults)

    @classmethod
    def fault_spec(cls, fault: str) -> FaultSpec:
        """The declaration of one fault; EquipmentError if the model has no such fault."""
        return _declared(cls, cls.faults, fault, "fault", "faults")

    # -- state ----------------------------------------------------------------------------

    def state(self) -> dict[str, StateValue]:
        """A snapshot of every state variable."""
        return dict(self._state)

    def __getitem__(self, var: str) -> StateValue:
        return self._state[var]

    @property
    def main_state(self) -> str:
        """The one headline label a view shows for this rig (one of :attr:`main_states`)."""
        return self.main_states[0]

    @property
    def active_faults(self) -> frozenset[str]:
        """The faults currently on the rig."""
        return frozenset(self._faults)

    def has_fault(self, fault: str) -> bool:
        """Whether ``fault`` is currently on the rig."""
        return fault in self._faults

    def set(self, **changes: StateValue) -> None:
        """Change state variables (inside an action); a value outside its declaration is a bug."""
        for var, value in changes.items():
            if not self.variables[var].allows(value):
                raise ValueError(f"{type(self).__name__}.{var} cannot be {value!r}")
            if self._state[var] != value:
                self._state[var] = value
                self._changes[var] = value

    def note(self, text: str) -> None:
        """Describe a symptom or a result of the current action."""
        self._notes.append(text)

    def settle(self) -> None:
        """Update derived state after an action, a fault or a repair (override per model)."""

    def advance(self, minutes: float) -> None:
        """Let time pass on the rig (models whose state evolves over time override this)."""
        if minutes < 0:
            raise EquipmentError(f"cannot advance a rig by a negative time ({minutes} min)")
        self.minutes += minutes

    # -- actions --------------------------------------------------------------------------

    def perform(self, action_name: str, **params: ParamValue) -> Outcome:
        """Perform an action; ActionRefused (state unchanged) if a precondition fails."""
        spec = self.action_spec(action_name)
        check_params(spec, params, "action")
        snapshot = self._snapshot()
        self._action, self._changes, self._notes = action_name, {}, []
        try:
            self.require(spec.needs)
            reading = spec.fn(self, **{**spec.defaults, **params})
            self.settle()
        except ActionRefused:
            self._restore(snapshot)
            raise
        self.history.append(action_name)
        return Outcome(action_name, dict(self._changes), reading, tuple(self._notes))

    def _snapshot(self) -> object:
        """What a refused action must put back (models with more than state vars extend it)."""
        return dict(self._state)

    def _restore(self, snapshot: object) -> None:
        assert isinstance(snapshot, dict)
        self._state = snapshot

    def refuse(self, reason: str, rule: str, *, critical: bool = False) -> NoReturn:
        """Refuse the current action; a critical refusal is recorded as a safety violation."""
        if critical:
            self.violations.append(Violation(self._action, rule, reason))
        raise ActionRefused(self._action, reason, rule)

    def gate_holds(self, gate: str) -> bool:
        """Whether a safety gate holds now (for actions whose gates depend on parameters)."""
        return self.gates[gate].holds(self)

    def require(self, gates: Iterable[str]) -> None:
        """Refuse the current action (critically) unless every named gate holds."""
        for gate_name in gates:
            gate = self.gates[gate_name]
            if not gate.holds(self):
                self.refuse(gate.reason, gate.rule, critical=True)

    # -- readings -------------------------------------------------------------------------

    def read(self, quantity_name: str, **params: ParamValue) -> Reading:
        """Measure a quantity as a correct instrument would (with noise if the rig has an rng)."""
        qty = self.quantity_spec(quantity_name)
        check_params(qty, params, "quantity")
        result = qty.fn(self, **params)
        normal = self.normal_range(qty.name)
        if isinstance(result, tuple):
            result, normal = result
        value = float(result)
        if self.rng is not None and qty.noise > 0 and value != 0.0:
            value += float(self.rng.normal(0.0, qty.noise))
        return Reading(qty.name, value, qty.unit, normal)

    # -- faults ---------------------------------------------------------------------------

    def inject(self, fault: str) -> None:
        """Put a fault on the rig (an instructor's act; injecting it twice changes nothing)."""
        self.fault_spec(fault)
        if fault in self._faults:
            return
        self._faults[fault] = None
        self._seen_since[fault] = len(self.history)
        self.on_inject(fault)
        self.settle()

    def clear(self, fault: str) -> None:
        """Take a fault off the rig (an instructor's act, or the effect of a repair)."""
        self.fault_spec(fault)
        if fault not in self._faults:
            return
        del self._faults[fault]
        self._seen_since.pop(fault, None)
        self._diagnosed.discard(fault)
        self.on_clear(fault)
        self.settle()

    @property
    def diagnosed(self) -> frozenset[str]:
        """The faults correctly diagnosed and not yet repaired."""
        return frozenset(self._diagnosed)

    @action(params={"fault": FAULT_NAMES})
    def do_diagnose(self, fault: str) -> None:
        """Name the fault that the tests so far point to."""
        spec = self.fault_spec(fault)
        if not self.evidence_seen(fault):
            tests = ", ".join(sorted(spec.evidence))
            self.refuse(
                f"nothing done so far shows {fault!r}; a test that would: {tests}",
                "faultfinding.evidence-first",
            )
        if fault not in self._faults:
            self.refuse(f"the symptoms do not fit {fault!r}", "faultfinding.wrong-diagnosis")
        self._diagnosed.add(fault)
        self.note(f"diagnosed: {spec.title}")

    @action(params={"fault": FAULT_NAMES})
    def do_repair(self, fault: str) -> None:
        """Repair a diagnosed fault (under the safety conditions the fault requires)."""
        spec = self.fault_spec(fault)
        if fault not in self._diagnosed:
            self.refuse(
                f"{fault!r} has not been diagnosed: find the fault before repairing",
                "faultfinding.diagnose-first",
            )
        self.require(spec.repair_needs)
        self.clear(fault)
        self.note(f"repaired: {spec.title}")

    def on_inject(self, fault: str) -> None:
        """Apply a fault's immediate symptoms to the state (override per model)."""

    def on_clear(self, fault: str) -> None:
        """Undo a fault's lasting symptoms once it is repaired (override per model)."""

    def evidence_seen(self, fault: str) -> bool:
        """Whether an action that shows ``fault`` was performed since the fault appeared."""
        since = self._seen_since.get(fault, 0)
        evidence = self.fault_spec(fault).evidence
        return any(name in evidence for name in self.history[since:])
