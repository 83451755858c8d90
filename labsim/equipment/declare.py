"""The declarations a rig model is made of: state variables, actions, quantities, faults.

Small frozen records and the two decorators (:func:`action`, :func:`quantity`) that mark a
model's methods; :mod:`labsim.equipment.base` collects them into the model class and
re-exports them in its ``__all__``, the one list of them (model modules import from there).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypeVar

from labsim.errors import EquipmentError

StateValue = str | bool | int
ParamValue = str | bool | int | float
_F = TypeVar("_F", bound=Callable[..., Any])

#: In an action's declared ``params``: "any fault name of this rig model".
FAULT_NAMES: tuple[ParamValue, ...] = ("<any fault of the model>",)


@dataclass(frozen=True)
class Var:
    """A state variable: its allowed values (the first is the initial one unless given)."""

    values: tuple[StateValue, ...] | range
    initial: StateValue | None = None

    @property
    def start(self) -> StateValue:
        """The value a fresh rig starts with."""
        return self.values[0] if self.initial is None else self.initial

    def allows(self, value: object) -> bool:
        """Whether ``value`` is one of the declared values (of the same type: 1 is not True)."""
        if isinstance(self.values, range):
            return type(value) is int and value in self.values
        return any(value == a and type(value) is type(a) for a in self.values)


#: A yes/no state variable starting at no.
FLAG = Var((False, True))


@dataclass(frozen=True)
class Reading:
    """A measured value with its unit and, where the rulebook gives one, its normal range."""

    quantity: str
    value: float
    unit: str
    normal_range: tuple[float, float] | None = None

    @property
    def in_range(self) -> bool | None:
        """Whether the value lies in the normal range (None when there is no range)."""
        if self.normal_range is None:
            return None
        low, high = self.normal_range
        return low <= self.value <= high

    def __str__(self) -> str:
        span = ""
        if self.normal_range is not None:
            span = f" (normal {self.normal_range[0]:g}-{self.normal_range[1]:g} {self.unit})"
        return f"{self.quantity} = {self.value:.4g} {self.unit}{span}"


@dataclass(frozen=True)
class Outcome:
    """What an action did: the state variables it changed, a reading, notes on symptoms."""

    action: str
    changes: Mapping[str, StateValue]
    reading: Reading | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Violation:
    """A safety-critical action taken out of order: a critical error with the rule it broke."""

    action: str
    rule: str
    reason: str


@dataclass(frozen=True)
class Gate:
    """A safety condition an action may need, and the rule that is broken without it."""

    rule: str
    reason: str
    holds: Callable[[Any], bool]


@dataclass(frozen=True)
class ActionSpec:
    """A declared rig action: its parameters (name -> allowed values) and safety gates."""

    name: str
    params: Mapping[str, tuple[ParamValue, ...]]
    defaults: Mapping[str, ParamValue]
    needs: tuple[str, ...]
    doc: str
    fn: Callable[..., Reading | None]


@dataclass(frozen=True)
class Quantity:
    """A measurable quantity of a rig.

    ``fn`` returns the value, or ``(value, normal_range)`` when the normal range depends on
    the rig's state (a brake-cylinder pressure is normal at 0 kPa released, 420 kPa applied).
    """

    name: str
    unit: str
    normal_range: tuple[float, float] | None
    noise: float
    params: Mapping[str, tuple[ParamValue, ...]]
    fn: Callable[..., float | tuple[float, tuple[float, float] | None]]


@dataclass(frozen=True)
class FaultSpec:
    """An injectable fault: what it looks like and how it is found and repaired.

    ``evidence`` lists the actions whose result shows the fault (one of them must have been
    performed since the fault appeared before ``diagnose`` accepts it); ``repair_needs`` the
    safety gates that must hold to repair it.
    """

    title: str
    symptoms: str
    evidence: frozenset[str]
    repair_needs: tuple[str, ...] = ()


def action(
    *,
    params: Mapping[str, Iterable[ParamValue]] | None = None,
    defaults: Mapping[str, ParamValue] | None = None,
    needs: tuple[str, ...] = (),
) -> Callable[[_F], _F]:
    """Declare a ``do_<name>`` method as the rig action ``<name>``."""

    def mark(fn: _F) -> _F:
        fn.__labsim_action__ = ActionSpec(  # type: ignore[attr-defined]
            name=_member_name(fn, "do_", "action"),
            params=_choices(params),
            defaults=MappingProxyType(dict(defaults or {})),
            needs=needs,
            doc=(fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else "",
            fn=fn,
        )
        return fn

    return mark


def quantity(
    unit: str,
    normal: tuple[float, float] | None = None,
    *,
    noise: float = 0.0,
    params: Mapping[str, Iterable[ParamValue]] | None = None,
) -> Callable[[_F], _F]:
    """Declare a ``q_<name>`` method as the measurable quantity ``<name>``."""

    def mark(fn: _F) -> _F:
        fn.__labsim_quantity__ = Quantity(  # type: ignore[attr-defined]
            name=_member_name(fn, "q_", "quantity"),
            unit=unit,
            normal_range=normal,
            noise=noise,
            params=_choices(params),
            fn=fn,
        )
        return fn

    return mark


def _member_name(fn: Callable[..., Any], prefix: str, what: str) -> str:
    """The declared name of a ``<prefix><name>`` method; TypeError if it lacks the prefix."""
    if not fn.__name__.startswith(prefix):
        raise TypeError(f"{what} method {fn.__name__!r} must be named {prefix}<{what}>")
    return fn.__name__.removeprefix(prefix)


def _choices(
    params: Mapping[str, Iterable[ParamValue]] | None,
) -> Mapping[str, tuple[ParamValue, ...]]:
    """Declared parameters frozen: each name with the tuple of its allowed values."""
    return MappingProxyType({k: tuple(v) for k, v in (params or {}).items()})


def suggest(name: str, known: Iterable[str]) -> str:
    """A ``did you mean`` hint for a mistyped name, or an empty string."""
    names = list(known)
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    if not close and len(name) >= 3:
        close = [n for n in names if n.startswith(name) or name in n.split("_")][:3]
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


def check_params(spec: ActionSpec | Quantity, given: Mapping[str, Any], what: str) -> None:
    """Refuse (EquipmentError) an unknown parameter, a value not declared, a missing one."""
    for key, value in given.items():
        if key not in spec.params:
            known = ", ".join(sorted(spec.params)) or "none"
            raise EquipmentError(
                f"{what} {spec.name!r} has no parameter {key!r}{suggest(key, spec.params)}; "
                f"its parameters: {known}"
            )
        allowed = spec.params[key]
        if not any(value == a and type(value) is type(a) for a in allowed):
            raise EquipmentError(
                f"{what} {spec.name!r}: {key}={value!r} is not one of "
                f"{', '.join(repr(a) for a in allowed) or '(none)'}"
            )
    defaults = spec.defaults if isinstance(spec, ActionSpec) else {}
    missing = [k for k in spec.params if k not in given and k not in defaults]
    if missing:
        raise EquipmentError(f"{what} {spec.name!r} needs parameter(s) {', '.join(missing)}")
