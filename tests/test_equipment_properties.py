"""Properties every rig model keeps, whatever a trainee (or a fuzzer) does to it.

* no sequence of actions, parameters, faults and waits crashes a model: only ActionRefused
  or EquipmentError come out, and every state variable stays within its declared values;
* a refused action changes nothing;
* a safety-critical action out of order is always caught: if a gate an action needs does
  not hold, the action is refused with the gate's rule and a violation is recorded;
* readings are reproducible from the seed.
"""

from __future__ import annotations

import contextlib
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labsim.equipment import RigModel
from labsim.errors import ActionRefused, EquipmentError
from labsim.kits import get_model, model_names
from labsim.kits.brake_stand import JZ7BrakeStand

REAL_MODELS = [get_model(n) for n in model_names() if n != "generic"]
JUNK = st.one_of(st.text(max_size=8), st.integers(-3, 3), st.booleans(), st.floats(-1, 1))
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def draw_call(data: st.DataObject, cls: type[RigModel]) -> tuple[str, dict[str, Any]]:
    """An action with parameters: mostly declared ones, sometimes junk."""
    names = sorted(cls.action_names() or ())
    name = data.draw(st.sampled_from([*names, "no_such_action"]) if names else st.just("x"))
    if name not in names:
        return name, {}
    spec = cls.action_spec(name)
    params: dict[str, Any] = {}
    for key, allowed in spec.params.items():
        if data.draw(st.integers(0, 19)) == 0:
            continue  # a missing parameter
        params[key] = data.draw(st.sampled_from(allowed) if allowed else JUNK)
        if data.draw(st.integers(0, 19)) == 0:
            params[key] = data.draw(JUNK)
    if data.draw(st.integers(0, 29)) == 0:
        params["bogus"] = data.draw(JUNK)
    return name, params


def assert_declared(rig: RigModel) -> None:
    for var, value in rig.state().items():
        assert rig.variables[var].allows(value), (var, value)
    assert rig.main_state in rig.main_states
    if isinstance(rig, JZ7BrakeStand):
        assert all(0.0 <= p <= 1000.0 for p in rig.pressures().values())


def random_step(data: st.DataObject, rig: RigModel) -> None:
    """One random act on the rig: an action, an instructor's fault, or time passing."""
    cls = type(rig)
    kind = data.draw(st.sampled_from(["act"] * 8 + ["inject", "clear", "wait"]))
    if kind == "wait":
        rig.advance(data.draw(st.floats(0, 30)))
    elif kind in ("inject", "clear") and cls.fault_names():
        fault = data.draw(st.sampled_from(sorted(cls.fault_names())))
        getattr(rig, kind)(fault)
    else:
        act(rig, *draw_call(data, cls))


def act(rig: RigModel, name: str, params: dict[str, Any]) -> None:
    """Perform and check the refusal contract: nothing changes, critical ones are recorded."""
    before, violations = rig.state(), len(rig.violations)
    unmet = [
        rig.gates[g]
        for g in (rig.action_spec(name).needs if name in (rig.action_names() or ()) else ())
        if not rig.gate_holds(g)
    ]
    try:
        rig.perform(name, **params)
    except ActionRefused as refused:
        assert rig.state() == before
        critical = len(rig.violations) - violations
        assert critical in (0, 1)
        if critical:
            assert rig.violations[-1].rule == refused.rule
            assert rig.violations[-1].action == name
        if unmet and not _bad_params(rig, name, params):
            assert critical == 1 and refused.rule == unmet[0].rule
    except EquipmentError:
        assert rig.state() == before
        assert len(rig.violations) == violations
    else:
        assert not unmet, f"{name} ran although {unmet[0].rule} did not hold"


def _bad_params(rig: RigModel, name: str, params: dict[str, Any]) -> bool:
    spec = rig.action_spec(name)
    if set(params) - set(spec.params) or set(spec.params) - set(params) - set(spec.defaults):
        return True
    return any(
        not any(v == a and type(v) is type(a) for a in spec.params[k]) for k, v in params.items()
    )


@FUZZ
@given(data=st.data(), model=st.sampled_from(REAL_MODELS), seed=st.integers(0, 2**32))
def test_no_sequence_crashes_a_rig_or_leaves_its_declared_states(
    data: st.DataObject, model: type[RigModel], seed: int
) -> None:
    rig = model(np.random.default_rng(seed))
    assert_declared(rig)
    if data.draw(st.booleans()):  # reach deeper states more often
        rig.perform("register_work")
        rig.perform("post_protection")
    for _ in range(data.draw(st.integers(1, 40))):
        random_step(data, rig)
        assert_declared(rig)
    for quantity in sorted(model.quantity_names()):
        spec = model._quantities[quantity]
        params = {k: v[0] for k, v in spec.params.items()}
        assert np.isfinite(rig.read(quantity, **params).value)


@FUZZ
@given(data=st.data(), model=st.sampled_from(REAL_MODELS))
def test_no_work_before_registration_is_ever_allowed(
    data: st.DataObject, model: type[RigModel]
) -> None:
    """Whatever happened before, an unregistered rig refuses every registered-only action."""
    rig = model()
    for _ in range(data.draw(st.integers(0, 15))):
        name, params = draw_call(data, model)
        if name in ("register_work", "cancel_registration"):
            continue
        with contextlib.suppress(EquipmentError):
            rig.perform(name, **params)
    assert rig["registered"] is False
    gated = sorted(
        a for a in model.action_names() or () if "registered" in model.action_spec(a).needs
    )
    name = data.draw(st.sampled_from(gated))
    params = {k: v[0] for k, v in model.action_spec(name).params.items() if v}
    count = len(rig.violations)
    with pytest.raises(ActionRefused, match="not registered") as refused:
        rig.perform(name, **params)
    assert refused.value.rule == "safety.register-first"
    assert len(rig.violations) == count + 1


@settings(max_examples=20, deadline=None)
@given(data=st.data(), model=st.sampled_from(REAL_MODELS), seed=st.integers(0, 2**32))
def test_same_seed_same_readings(data: st.DataObject, model: type[RigModel], seed: int) -> None:
    calls = [draw_call(data, model) for _ in range(data.draw(st.integers(1, 15)))]

    def replay() -> list[Any]:
        rig, out = model(np.random.default_rng(seed)), []
        for name, params in calls:
            try:
                outcome = rig.perform(name, **params)
            except EquipmentError as error:
                out.append(str(error))
            else:
                out.append((outcome.changes, outcome.reading, outcome.notes))
        return out

    assert replay() == replay()
