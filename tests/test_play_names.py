"""The lab's name per language, and the play window's header and debrief details."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pygame
import pytest
from play_support import SCENARIOS, session, shipped

from labsim.errors import ScenarioError
from labsim.play.debrief import PastAttempt, build_debrief
from labsim.render.play import PlayApp
from labsim.render.play.debrief import history_labels
from labsim.scenarios.loader import load_scenario_text
from labsim.scenarios.models import Scenario


@pytest.fixture
def window() -> Any:
    yield
    pygame.display.quit()


def _lab(name: str) -> Scenario:
    text = (SCENARIOS / "mmc.yaml").read_text()
    start = text.index("\nname:")
    end = text.index("\n", start + 1)
    return load_scenario_text(text[:start] + f"\nname: {name}" + text[end:]).scenario


def test_a_name_is_plain_english_or_a_language_map() -> None:
    plain = _lab("Signal lab")
    assert plain.name == plain.title("zh") == "Signal lab"
    both = _lab("{en: Signal lab, zh: 信号实训室}")
    assert both.name == both.title("th") == "Signal lab" and both.title("zh") == "信号实训室"
    with pytest.raises(ScenarioError, match=r"(?s)name.*country code"):
        _lab("{cn: 信号实训室}")


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*-practice.yaml")), ids=lambda p: p.stem)
def test_shipped_labs_are_named_in_five_languages(path: Path) -> None:
    lab = shipped(path.name)
    assert set(lab.names) == {"en", "zh", "th", "ru", "fr"}
    assert {"th", "ru", "fr"} <= set(lab.unreviewed)


def test_the_header_names_the_lab_in_the_view_language_and_a_replay_offers_no_hint(
    window: Any,
) -> None:
    play = session("zd6-electrical-test", lang="zh")
    shell = PlayApp(play, headless=True)
    surface = shell.open()
    shell.view.draw(surface)
    assert ("ui", "hint") in shell.view.hit.targets()  # a person in training may ask
    shell.view.ui.watching = True  # a replay, a script: nobody to give a hint to
    shell.view.draw(surface)
    assert ("ui", "hint") not in shell.view.hit.targets()
    assert play.scenario.title("zh") == "ZD6 转辙机实训"


def test_attempt_bars_differ_on_one_day_and_across_days() -> None:
    start = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
    past = tuple(PastAttempt(start + timedelta(minutes=40 * n), "training", "passed", 80.0, 30.0)
                 for n in range(3))  # fmt: skip
    play = session("zd6-electrical-test")
    d = dataclasses.replace(build_debrief(play), history=past)
    labels = history_labels(d)
    assert [n for n, *_ in labels] == ["#1", "#2", "#3"]
    assert len({when for _, when, *_ in labels}) == 3  # times of the one day
    tomorrow = dataclasses.replace(past[1], when=start + timedelta(days=1))
    spread = dataclasses.replace(d, history=(past[0], tomorrow))
    assert len({when for _, when, *_ in history_labels(spread)}) == 2
