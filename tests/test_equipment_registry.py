"""The rig model registry and what every model declares."""

from __future__ import annotations

import pytest

import labsim.equipment as equipment
from labsim.equipment import RULES, RigModel, rule_text
from labsim.errors import EquipmentError
from labsim.kits import get_kit, get_model, model_names

KINDS = {"point_machine", "track_circuit", "interlocking", "catenary", "brake_stand", "generic"}


def test_public_api_is_pinned() -> None:
    assert equipment.__all__ == sorted(equipment.__all__, key=lambda n: (not n.isupper(), n))
    assert set(equipment.__all__) >= {
        "RigModel",
        "Outcome",
        "Reading",
        "choose_fault",
        "resolve_params",
    }
    for name in equipment.__all__:
        assert hasattr(equipment, name), name


@pytest.mark.parametrize("name", model_names())
def test_every_model_declares_what_views_and_checks_need(name: str) -> None:
    cls: type[RigModel] = get_model(name)
    assert cls.name == name
    assert cls.kind in KINDS or get_kit(name).package.split(".")[0] != "labsim"
    assert cls.title and cls.group_id
    assert cls.main_states and cls().main_state == cls.main_states[0]
    for fault in cls.fault_names():
        spec = cls.fault_spec(fault)
        assert spec.title and spec.symptoms and spec.evidence
    if name != "generic":
        assert "GUESS" in (cls.__doc__ or ""), "say which figures are guesses"


def test_unknown_model_lists_the_known_ones() -> None:
    with pytest.raises(EquipmentError, match=r"unknown rig model 'catenary'.*catenary_section"):
        get_model("catenary")
    with pytest.raises(EquipmentError, match="did you mean 'jz7_brake_stand'"):
        get_model("jz7_brake_stnd")


def test_rule_text_explains_shared_rules_and_passes_others_through() -> None:
    assert "运统-46" in rule_text("safety.register-first")
    assert rule_text("ocs.earth-end-first") == "ocs.earth-end-first"
    assert all(key.count(".") == 1 for key in RULES)
