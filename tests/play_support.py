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
    assert moves, f"no control does step {play.progress.step}"
    for move in moves:
        apply_move(play, move)


def do_steps(play: PlaySession, count: int) -> None:
    """Do ``count`` steps right."""
    for _ in range(count):
        do_step(play)


@functools.cache
def kit_lab(model: str) -> tuple[Scenario, str]:
    """A one-rig lab of an installed kit with its own library, and its first procedure."""
    from labsim.kits import get_model, library_path
    from labsim.scenarios import load_scenario_text
    from labsim.scenarios.loader import load_library

    first = load_library(library_path(model)).library.procedures[0].id
    group = get_model(model).group_id
    text = f"""
labsim: 1
name: {model} lab
include: [labsim:{model}]
run: {{days: 1, day: {{opens: "08:00", closes: "16:00"}}}}
skills: {{ok: {{time_factor: 1.0, error_rate: 0.0}}}}
rigs: [{{id: {group}, model: {model}, count: 1}}]
instructors: {{count: 1}}
cohorts: [{{id: c, size: 1, arrive: "08:00", skill: ok, plan: [{first}]}}]
"""
    return load_scenario_text(text, "lab.yaml", extra_checks=scenario_checks).scenario, first


def needs_fonts(*langs: str) -> None:
    """Skip the test unless every script of ``langs`` (each one or a pair, ``zh+th``) has a font.

    The reason given is labsim's own advice for the missing font (which package installs it).
    """
    import pytest

    from labsim.i18n import language_scripts
    from labsim.render.fonts import font_file, missing_font

    for lang in langs:
        for one in lang.split("+"):
            for script in sorted(language_scripts(one)):
                if font_file(script) is None:
                    pytest.skip(missing_font(script))


def play_command(*args: str) -> tuple[int, str]:
    """``labsim play ARGS`` in this process: the exit status and all it printed."""
    from typer.testing import CliRunner

    from labsim.cli import app

    result = CliRunner().invoke(app, ["play", *args])
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes else "")
