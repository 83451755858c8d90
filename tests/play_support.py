"""Shared helpers of the labsim play tests: shipped scenarios loaded once, a right-doing hand."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from labsim.checks import scenario_checks
from labsim.play import PlaySession, SessionOptions
from labsim.play.demo import apply_move, next_moves
from labsim.scenarios import load_scenario
from labsim.scenarios.models import Scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"


@functools.cache
def shipped(name: str) -> Scenario:
    """A shipped scenario, fully checked, loaded once per test run."""
    return load_scenario(SCENARIOS / name, extra_checks=scenario_checks).scenario


def session(procedure: str, scenario: str = "zd6-practice.yaml", **options: Any) -> PlaySession:
    """A session at the rig, ready for the first step."""
    options.setdefault("seed", 3)
    play = PlaySession(shipped(scenario), procedure, SessionOptions(**options))
    play.begin()
    play.wait_for_rig()
    return play


def do_step(play: PlaySession) -> None:
    """Do the step now due the right way (tool settings, then the control)."""
    moves = next_moves(play)
    assert moves, f"no control does step {play.step}"
    for move in moves:
        apply_move(play, move)


def do_steps(play: PlaySession, count: int) -> None:
    """Do ``count`` steps right."""
    for _ in range(count):
        do_step(play)
