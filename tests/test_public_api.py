from __future__ import annotations

import pytest
from hostile_support import python

import labsim


def test_public_api_is_pinned() -> None:
    assert labsim.__all__ == [
        "Demonstration",
        "Lab",
        "LabsimError",
        "RunSummary",
        "Scenario",
        "ScenarioError",
        "__version__",
        "demonstrate",
        "load_scenario",
        "simulate",
    ]
    for name in labsim.__all__:
        assert getattr(labsim, name) is not None


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="nothing_here"):
        labsim.nothing_here  # noqa: B018


def test_importing_the_file_format_does_not_start_the_engine() -> None:
    code = "import sys, labsim.scenarios; print('simpy' in sys.modules, 'pygame' in sys.modules)"
    done = python("-c", code)
    assert done.code == 0, done.err[-2000:]
    assert done.out.split() == ["False", "False"]
