"""The words on a rig's panel come from its kit: no raw parameter value reaches a button."""

from __future__ import annotations

import pygame
import pytest
from play_support import shipped

from labsim.play import Phase, PlaySession, SessionOptions
from labsim.render.play import PlayApp, context

PANELS = [
    ("zd6-practice.yaml", "zd6-electrical-test"),
    ("track-circuit-practice.yaml", "zpw-fault-finding"),
    ("interlocking-practice.yaml", "ixl-panel-fault"),
    ("catenary-practice.yaml", "ocs-isolate-and-earth"),
    ("brake-stand-practice.yaml", "jz7-brake-test"),
]


def _button_labels(monkeypatch: pytest.MonkeyPatch, scenario: str, procedure: str, lang: str):
    """Every label the play window draws on a button at the rig (both of a pair)."""
    labels: list[str] = []
    real = context.draw_button

    def spy(surface, fonts, rect, label, *rest, **options):  # type: ignore[no-untyped-def]
        labels.extend([label] if isinstance(label, str) else label)
        return real(surface, fonts, rect, label, *rest, **options)

    monkeypatch.setattr(context, "draw_button", spy)
    session = PlaySession(shipped(scenario), procedure, SessionOptions(lang=lang, seed=2))
    session.begin()
    session.wait_for_rig()
    app = PlayApp(session, headless=True)
    app.open()
    app.tick(0)
    assert session.progress.phase == Phase.WORKING
    pygame.display.quit()
    return labels


@pytest.mark.parametrize("lang", ["zh", "zh+th"])
@pytest.mark.parametrize(("scenario", "procedure"), PANELS)
def test_no_button_shows_a_raw_identifier(
    monkeypatch: pytest.MonkeyPatch, scenario: str, procedure: str, lang: str
) -> None:
    labels = _button_labels(monkeypatch, scenario, procedure, lang)
    assert labels
    assert not [label for label in labels if "_" in label]


def test_brake_handle_positions_are_the_kits_words(monkeypatch: pytest.MonkeyPatch) -> None:
    labels = _button_labels(monkeypatch, "brake-stand-practice.yaml", "jz7-brake-test", "zh")
    for word in ("运转位", "过充位", "常用全制动位", "紧急制动位", "制动位"):
        assert word in labels
    assert "running" not in labels


def test_under_a_pair_every_button_says_its_label_in_both_languages() -> None:
    """The Thai trainee reads each rig and tool button: its label is there in Thai too."""
    from labsim.i18n import scripts_in

    said = {}
    for lang in ("zh", "th", "zh+th"):
        with pytest.MonkeyPatch.context() as patch:
            said[lang] = _button_labels(patch, "zd6-practice.yaml", "zd6-electrical-test", lang)
    zh, th, pair = said["zh"], said["th"], said["zh+th"]
    assert set(zh) | set(th) == set(pair)
    assert set(th) - set(zh) and all("thai" in scripts_in(t) for t in set(th) - set(zh))
