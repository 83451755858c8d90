"""Every rig kind's play screen: each control on screen, inside the window, none overlapping."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import pygame
import pytest
from play_support import do_steps, kit_lab, needs_fonts, shipped
from scenario_support import build

from labsim.checks import scenario_checks
from labsim.i18n import catalogue_languages
from labsim.play import Phase, PlaySession, SessionOptions
from labsim.render.play import SIZE, PlayApp
from labsim.render.play.view import FOOTER, HEADER
from labsim.scenarios import load_scenario_text
from labsim.scenarios.models import Scenario

PROCEDURES = [
    ("zd6-practice.yaml", "zd6-electrical-test"),
    ("s700k", "s700k-fault-finding"),
    ("track-circuit-practice.yaml", "zpw-fault-finding"),
    ("interlocking-practice.yaml", "ixl-panel-fault"),
    ("catenary-practice.yaml", "ocs-isolate-and-earth"),
    ("brake-stand-practice.yaml", "jz7-fault-finding"),
]


def _one_rig(model: str) -> Scenario:
    """A small lab of one rig model with its shipped procedure library."""
    text = f"""
labsim: 1
name: {model} lab
include: [labsim:{model}_point_machine]
run: {{days: 1, day: {{opens: "08:00", closes: "16:00"}}}}
skills: {{ok: {{time_factor: 1.0, error_rate: 0.0}}}}
rigs: [{{id: {model}, model: {model}_point_machine, count: 1}}]
instructors: {{count: 1}}

cohorts: [{{id: c, size: 1, arrive: "08:00", skill: ok, plan: [{model}-electrical-test]}}]
"""
    return load_scenario_text(text, "lab.yaml", extra_checks=scenario_checks).scenario


def _shown(session: PlaySession) -> dict[tuple[str, str], pygame.Rect]:
    app = PlayApp(session, headless=True)
    app.open()
    app.tick(0)
    assert session.progress.phase == Phase.WORKING
    return {
        target: rect
        for target in app.view.hit.targets()
        if target[0] in ("control", "setting") and (rect := app.view.rect_of(*target)) is not None
    }


def _assert_every_control_on_screen_apart(session: PlaySession) -> None:
    """Begin ``session``: each control and setting is drawn inside the window, none overlap."""
    session.begin()
    session.wait_for_rig()
    shown = _shown(session)
    window = pygame.Rect((0, 0), SIZE)
    for control in session.controls.controls:
        assert ("control", control.id) in shown, control.id
    for setting in session.controls.settings:
        assert ("setting", setting.id) in shown, setting.id
    for target, rect in shown.items():
        assert window.contains(rect), (target, rect)
    for (a, ra), (b, rb) in itertools.combinations(shown.items(), 2):
        assert not ra.colliderect(rb), (a, ra, b, rb)
    pygame.display.quit()


#: Every language with a catalogue, alone and in every pair (first large, second beneath).
LANGS = [
    *catalogue_languages(),
    *("+".join(p) for p in itertools.combinations(catalogue_languages(), 2)),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("scenario", "procedure"), PROCEDURES)
def test_every_control_is_on_screen_and_none_overlap(
    scenario: str, procedure: str, lang: str
) -> None:
    needs_fonts(lang)
    loaded = shipped(scenario) if scenario.endswith(".yaml") else _one_rig(scenario)
    session = PlaySession(loaded, procedure, SessionOptions(lang=lang, seed=2))
    _assert_every_control_on_screen_apart(session)


def test_a_generic_rig_gets_a_button_per_step_and_a_demo_finishes() -> None:
    scenario = build(
        procedures=[
            {
                "id": "p",
                "rig": "r",
                "steps": [
                    {"id": "a", "action": "tighten", "time": "2min"},
                    {"id": "b", "action": "check", "time": "1min", "params": {"side": "left"}},
                ],
            }
        ]
    )
    session = PlaySession(scenario, "p")
    session.begin()
    shown = _shown(session)
    assert set(shown) == {("control", "tighten"), ("control", "check:side=left")}
    app = PlayApp(session, headless=True, demo=True)
    app.open()
    while app.tick(0):
        pass
    assert session.progress.end is not None and session.progress.end.result == "passed"
    pygame.display.quit()


def _kits() -> list[str]:
    from labsim.kits import library_models

    return list(library_models())


@pytest.mark.parametrize("model", _kits())
def test_every_installed_kit_gets_a_complete_panel_from_its_description_alone(
    model: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from labsim.render.play import panels

    monkeypatch.setattr(panels, "PANELS", {})  # no kind's own drawing: the generic renderer
    scenario, procedure = kit_lab(model)
    session = PlaySession(scenario, procedure, SessionOptions(lang="en", seed=2))
    _assert_every_control_on_screen_apart(session)
    demo = PlaySession(kit_lab(model)[0], procedure, SessionOptions(lang="en", seed=2))
    app = PlayApp(demo, headless=True, demo=True)
    app.open()
    while app.tick(0):
        pass
    assert demo.progress.end is not None and demo.progress.end.result == "passed", demo.progress.end
    pygame.display.quit()


def _many_tools(monkeypatch: pytest.MonkeyPatch) -> tuple[Scenario, str]:
    """A ZD6 kit whose panel description gives each measurement and gauge a display of its own.

    Eight display tools (one with selectors) besides the shared ones: more than the tools
    column holds one to a row.
    """
    from labsim.kits import get_model
    from labsim.kits.panel import GroupSpec, panel_spec
    from labsim.play import controls
    from labsim.render.play import panels

    model = "zd6_point_machine"
    real = panel_spec(get_model(model))
    meter, gauge = real.groups
    groups = [GroupSpec(id="meter", actions=meter.actions[:1], settings=meter.settings,
                        start=meter.start, display=True)]  # fmt: skip
    groups += [GroupSpec(id=f"meter-{i}", actions=[a], display=True)
               for i, a in enumerate(meter.actions[1:], 1)]  # fmt: skip
    groups += [GroupSpec(id=f"gauge-{i}", actions=[a], display=True)
               for i, a in enumerate(gauge.actions)]  # fmt: skip
    spec = real.model_copy(update={"groups": groups})
    monkeypatch.setattr(controls, "panel_spec", lambda cls: spec)
    monkeypatch.setattr(panels, "PANELS", {})  # the generic renderer
    return kit_lab(model)


@pytest.mark.parametrize("lang", ["en", "ru", "zh+th"])
def test_a_kit_with_many_display_tools_still_fits_the_tools_column(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    needs_fonts(lang)
    scenario, procedure = _many_tools(monkeypatch)
    options = SessionOptions(lang=lang, seed=2)
    _assert_every_control_on_screen_apart(PlaySession(scenario, procedure, options))


def test_without_the_fallback_many_display_tools_run_off_the_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The synthetic panel is a real test of the fallback: packed loosely it does not fit."""
    from labsim.render.play import tools

    monkeypatch.setattr(tools, "FITS", tools.FITS[:2])  # one tool to a row, buttons dense
    scenario, procedure = _many_tools(monkeypatch)
    with pytest.raises(AssertionError):
        _assert_every_control_on_screen_apart(PlaySession(scenario, procedure))
    pygame.display.quit()


@pytest.mark.parametrize("lang", ["en", "zh+th", "zh+ru"])
def test_the_header_titles_are_whole_and_apart(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The procedure's title, its second language's, the trainee and the lab's name: none cut.

    The lab's long name is what a pair used to push off the end of the subtitle.
    """
    from labsim.render.play import header
    from labsim.render.play.context import Ctx
    from labsim.render.text import Fonts, ellipsize

    needs_fonts(lang)
    drawn: list[tuple[str, pygame.Rect, bool]] = []
    real = Fonts.draw

    def draw(self, target, text, style, colour, pos, anchor="topleft", max_width=None):  # type: ignore[no-untyped-def]
        rect = real(self, target, text, style, colour, pos, anchor, max_width)
        cut = max_width is not None and self.width(text, style) > max_width
        shown = text if max_width is None else ellipsize(self, text, style, max_width)
        drawn.append((text, self.ink(shown, style).move(rect.topleft), cut))  # its letters
        return rect

    monkeypatch.setattr(Fonts, "draw", draw)
    scenario = shipped("luban-rail-lab.yaml")
    session = PlaySession(scenario, "zd6-electrical-test", SessionOptions(lang=lang, seed=3))
    session.begin()
    session.wait_for_rig()
    app = PlayApp(session, headless=True)
    app.open()
    view = app.view
    drawn.clear()
    ctx = Ctx(pygame.Surface(SIZE), view.fonts, session, view.hit, view.ui)
    header.draw_header(ctx, pygame.Rect(0, 0, SIZE[0], 56))
    pygame.display.quit()
    band = pygame.Rect(0, 0, 16 + header.TITLE_WIDTH, 56)
    drawn = [(text, rect, cut) for text, rect, cut in drawn if rect.left < band.right]
    texts = [text for text, _, _ in drawn]
    assert any(scenario.title(session.lang) in text for text in texts), texts
    assert len(drawn) == (3 if "+" in lang else 2)
    for text, rect, cut in drawn:
        assert not cut, text
        assert band.contains(rect), (text, rect)
    for (a, ra, _), (b, rb, _) in itertools.combinations(drawn, 2):
        assert ra.bottom <= rb.top, (a, ra, b, rb)  # lines one under the next, apart


@dataclass(frozen=True)
class Drawn:
    """A text drawn in the window: where its letters fell, and whether it was shortened."""

    text: str
    ink: pygame.Rect
    cut: bool


def _drawn(app: PlayApp, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Drawn], int]:
    """Every text one frame of the window draws, with the box of its letters.

    Also how many were drawn before the notice (drawn last, over what is beneath it).
    """
    from labsim.render.play import view
    from labsim.render.text import Fonts, ellipsize

    drawn: list[Drawn] = []
    before = [0]
    real, real_toast = Fonts.draw, view.draw_toast

    def draw(self, target, text, style, colour, pos, anchor="topleft", max_width=None):  # type: ignore[no-untyped-def]
        rect = real(self, target, text, style, colour, pos, anchor, max_width)
        shown = text if max_width is None else ellipsize(self, text, style, max_width)
        ink = self.ink(shown, style)
        if target is app.surface and shown.strip() and ink.width and ink.height:
            drawn.append(Drawn(text, ink.move(rect.topleft), shown != text))
        return rect

    def toast(*args, **kwargs):  # type: ignore[no-untyped-def]
        before[0] = len(drawn)
        return real_toast(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(Fonts, "draw", draw)
        patch.setattr(view, "draw_toast", toast)
        app.draw()
    return drawn, before[0]


#: One language, and pairs of two scripts each way round (the first large, the second beneath).
TEXT_LANGS = ["en", "zh", "th", "ru", "zh+th", "zh+ru", "fr+zh", "th+zh"]


#: The ZD6 lab in every language above, and each other rig kind's panel under two pairs.
TEXT_CASES = [
    *(("luban-rail-lab.yaml", "zd6-electrical-test", lang) for lang in TEXT_LANGS),
    *(
        (scenario, procedure, lang)
        for scenario, procedure in PROCEDURES[2:]
        for lang in ("zh+th", "fr+zh")
    ),
]


@pytest.mark.parametrize(("scenario", "procedure", "lang"), TEXT_CASES)
def test_every_text_of_the_window_fits_its_box_and_none_overlap(
    scenario: str, procedure: str, lang: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Buttons, header figures, footer, notice: each text inside its box, no two touching.

    A training attempt two steps in, with a hint asked for and a screenshot that could not
    be saved, so that the header's hint button and a notice are on the screen too. Under a
    pair the schematic's own words (lamps, gauges, dispatch rows, the track relay) say the
    second language too.
    """
    needs_fonts(lang)
    session = PlaySession(shipped(scenario), procedure, SessionOptions(lang=lang, seed=3))
    _assert_texts_fit(session, monkeypatch, tmp_path / f"window-{procedure}-{lang}.png")


#: The generic renderer (a kit's panel description alone) under pairs: its lamps and badges.
#: The brake stand's twelve controls leave its badges no room for a second line.
GENERIC_CASES = [
    (model, lang)
    for model in ("relay_interlocking_6502", "catenary_section", "jz7_brake_stand")
    for lang in ("zh+th", "fr+zh")
]


@pytest.mark.parametrize(("model", "lang"), GENERIC_CASES)
def test_the_generic_panels_texts_fit_and_none_overlap(
    model: str, lang: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Lamps always, badges where the controls below leave room, say the second language."""
    from labsim.render.play import panels

    needs_fonts(lang)
    monkeypatch.setattr(panels, "PANELS", {})  # no kind's own drawing: the generic renderer
    scenario, procedure = kit_lab(model)
    session = PlaySession(scenario, procedure, SessionOptions(lang=lang, seed=3))
    _assert_texts_fit(session, monkeypatch, tmp_path / f"generic-{model}-{lang}.png")


def _second_words(session: PlaySession, generic: bool) -> list[str]:
    """The schematic's words that must be drawn in the second language of a pair."""
    from labsim.kits.words import kit_word
    from labsim.play.labels import value_label

    second = session.options.langs[1]
    model, rig = session.model_cls, session.rig

    def panel(*keys: str) -> list[str]:
        return [kit_word(model, "panel", key, second) or key for key in keys]

    if generic:
        spec = session.controls.spec.rig
        badges = [
            f"{panel(b.word or b.var)[0]}: {value_label(rig.state().get(b.var), second, model)}"
            for b in spec.badges
            if model.kind != "brake_stand"  # see GENERIC_CASES
        ]
        return [*panel(*(lamp.word for lamp in spec.lamps)), *badges]
    kind = model.kind
    if kind == "point_machine":
        return panel("lamp-normal", "lamp-reverse", "alarm")
    if kind == "brake_stand":
        from labsim.kits.brake_stand.model import PRESSURES

        return panel(*(f"gauge-{key}" for key in PRESSURES))
    if kind == "catenary":
        return panel("ticket", "order", "work", str(rig["order"]), str(rig["work"]))
    if kind == "track_circuit":
        relay = "up" if rig["relay"] == "up" else "down"
        running = "on" if rig["transmitter"] == "on" else "off"
        return panel("relay", relay, running, rig.main_state)
    return []


def _assert_texts_fit(session: PlaySession, monkeypatch: pytest.MonkeyPatch, shot: Path) -> None:
    """Two steps in, a hint and a notice up: every text inside its box, none touching."""
    from labsim.render.play import panels

    lang = session.lang if len(session.options.langs) == 1 else "+".join(session.options.langs)
    session.begin()
    session.wait_for_rig()
    do_steps(session, 2)
    app = PlayApp(session, headless=True)
    app.open()
    (shot.parent / "a-file").write_text("not a folder\n")
    app.shots = shot.parent / "a-file" / "shots"
    for key, char in ((pygame.K_h, "h"), (pygame.K_F12, "")):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, unicode=char, mod=0))
    app.tick(0)
    assert app.view.ui.hint and app.view.ui.toast is not None
    drawn, under = _drawn(app, monkeypatch)
    fonts = app.view.fonts
    app.save(shot)
    pygame.display.quit()
    window = pygame.Rect((0, 0), SIZE)
    for text in drawn:
        assert window.contains(text.ink), text
    toast = app.view.ui.extra["toast"]
    assert isinstance(toast, pygame.Rect)
    boxes = [
        (target, rect)
        for target in app.view.hit.targets()
        if target[0] in ("control", "setting", "ui")
        and (rect := app.view.rect_of(*target)) is not None
        and not rect.colliderect(toast)
    ]
    bands = [("header", HEADER), ("footer", FOOTER), ("notice", toast)]
    for name, band in [*boxes, *bands]:
        # the notice is drawn over what is beneath it: only its own texts are its
        texts = drawn[under:] if name == "notice" else drawn
        inside = [t for t in texts if band.collidepoint(t.ink.center)]
        assert inside or name[0] == "setting", name
        for text in inside:
            assert band.contains(text.ink), (name, band, text)
        if "+" in lang and name in ("header", "footer"):
            assert not [t for t in inside if t.cut], (name, inside)
        if "+" in lang and name[0] == "control":  # cut only what even the tiny style cannot hold
            cut = [t for t in inside if t.cut and fonts.width(t.text, "tiny") <= band.width - 12]
            assert not cut, (name, band, cut)
    shown = [t for t in drawn if not t.ink.colliderect(toast)]
    for a, b in itertools.combinations(shown, 2):
        assert not a.ink.colliderect(b.ink), (a, b)
    assert drawn[under:] and all(toast.contains(t.ink) for t in drawn[under:]), "the notice"
    if "+" in lang:
        texts = {t.text for t in drawn}
        generic = session.model_cls.kind not in panels.PANELS
        words = _second_words(session, generic)
        assert [w for w in words if w not in texts] == [], sorted(texts)
