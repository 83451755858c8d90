"""``labsim.demonstrate``: the stable call a rig kit's tests use to check a procedure."""

from __future__ import annotations

from pathlib import Path

import pytest

import labsim

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def test_a_shipped_procedure_is_demonstrated_on_its_panel_and_the_same_seed_repeats() -> None:
    shown = labsim.demonstrate(SCENARIOS / "zd6-practice.yaml", "zd6-electrical-test", seed=4)
    assert shown.result == "passed" and shown.passed
    assert shown.off_panel == () and shown.steps > 10
    assert shown == labsim.demonstrate(
        str(SCENARIOS / "zd6-practice.yaml"), "zd6-electrical-test", seed=4
    )


def test_an_unknown_procedure_is_a_labsim_error_naming_it() -> None:
    with pytest.raises(labsim.LabsimError, match="zd6-electric"):
        labsim.demonstrate(SCENARIOS / "zd6-practice.yaml", "zd6-electric")
