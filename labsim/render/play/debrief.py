"""The debrief screen: the score, verdict, score sheet, timeline, errors and earlier attempts.

The timeline sets each step's time against its standard time; each error comes with the
rule it broke and the right action; the earlier attempts come from the records.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from labsim.i18n import tr
from labsim.play import PlaySession
from labsim.play.debrief import Debrief, build_debrief
from labsim.render import palette as pal
from labsim.render.play.context import Ui
from labsim.render.play.fonts import PlayFonts
from labsim.render.play.widgets import HitMap, draw_card, draw_pair
from labsim.render.play.words import MSG

__all__ = ["DebriefView", "history_labels"]

_RESULT_COLOURS = {"passed": pal.GOOD, "failed": pal.BAD, "abandoned": pal.WARN}


class DebriefView:
    """Draws the debrief of a session (built once, when the session has ended)."""

    def __init__(self, session: PlaySession, fonts: PlayFonts) -> None:
        self.session = session
        self.fonts = fonts
        self._debrief: Debrief | None = None
        self._second: Debrief | None = None

    @property
    def debrief(self) -> Debrief:
        """The debrief data (assembled on first use)."""
        if self._debrief is None:
            self._debrief = build_debrief(self.session)
            if len(self.session.options.langs) > 1:
                with self.session.speaking(self.session.options.langs[1]):
                    self._second = build_debrief(self.session)
        return self._debrief

    def both(self, words: Callable[[Debrief, str], str]) -> list[str]:
        """``words`` in the first language and, with a pair, in the second (if different)."""
        first = words(self.debrief, self.session.options.langs[0])
        if self._second is None:
            return [first]
        other = words(self._second, self.session.options.langs[1])
        return [first] if other == first else [first, other]

    def title(self, words: Callable[[str], str]) -> str:
        """A card title in both languages of a pair, on one line."""
        return " · ".join(self.both(lambda _, lang: words(lang)))

    def draw(self, surface: pygame.Surface, hit: HitMap, ui: Ui) -> None:
        """Draw the whole debrief screen."""
        d = self.debrief
        lang = self.session.lang
        fonts = self.fonts
        surface.fill(pal.BG)
        band = pygame.Rect(0, 0, surface.get_width(), 56)
        pygame.draw.rect(surface, pal.PANEL, band)
        pygame.draw.line(surface, pal.DIVIDER, band.bottomleft, band.bottomright)
        heading, *other = self.both(lambda d, lang: tr("Debrief · {title}", lang, title=d.title))
        fonts.draw(surface, heading, "big", pal.TEXT, (16, 8), max_width=900)
        mode = self.title(lambda lang: tr(MSG[d.mode], lang))
        sub = " · ".join([*other, d.trainee, mode, self.session.scenario.title(lang)])
        fonts.draw(surface, sub, "small", pal.TEXT_DIM, (16, 35), max_width=980)
        fonts.draw(
            surface,
            self.title(lambda lang: tr("Enter or Esc closes", lang)),
            "small",
            pal.TEXT_FAINT,
            (band.right - 16, 20),
            "topright",
        )
        self._result(surface, pygame.Rect(16, 68, 404, 196), d, lang)
        self._sheet(surface, pygame.Rect(16, 274, 404, 160), d, lang)
        self._history(surface, pygame.Rect(16, 444, 404, 260), d, lang)
        self._timeline(surface, pygame.Rect(436, 68, 828, 372), d, lang)
        self._errors(surface, pygame.Rect(436, 450, 828, 254), d, lang)
        hit.add(band, ("ui", "close"))
        _ = ui

    def _result(self, surface: pygame.Surface, rect: pygame.Rect, d: Debrief, lang: str) -> None:
        colour = _RESULT_COLOURS.get(d.result, pal.TEXT)
        inner = draw_card(surface, self.fonts, rect, None, colour)
        big = self.fonts.scaled(3.0)
        score = big.draw(surface, f"{d.score:g}", "big", colour, (inner.x + 6, inner.y - 2))
        self.fonts.draw(
            surface, "/100", "title", pal.TEXT_DIM, (score.right + 6, score.bottom - 26)
        )
        word = self.title(lambda lang: tr(MSG[d.result], lang))
        badge = pygame.Rect(0, 0, self.fonts.width(word, "title") + 30, 32)
        badge.topright = (inner.right, inner.y + 6)
        pygame.draw.rect(surface, pal.mix(pal.CARD, colour, 0.25), badge, border_radius=16)
        pygame.draw.rect(surface, colour, badge, 2, border_radius=16)
        self.fonts.draw(surface, word, "title", colour, badge.center, "center")
        self.fonts.draw(
            surface,
            self.title(lambda lang: tr("pass mark {n}", lang, n=f"{d.pass_mark:g}")),
            "small",
            pal.TEXT_DIM,
            (badge.right, badge.bottom + 6),
            "topright",
        )
        y = score.bottom + 4
        verdict = self.both(
            lambda d, lang: tr(MSG[f"verdict-{d.verdict}"], lang, n=f"{d.verdict_detail:g}")
        )
        box = pygame.Rect(inner.x, y, inner.width, 40)
        y = draw_pair(surface, self.fonts, verdict, "body_bold", colour, box, 2) + 4
        limit = f" / {d.time_limit:g}" if d.time_limit is not None else ""

        def facts(d: Debrief, lang: str) -> str:
            return "   ·   ".join(
                (
                    tr("Time {minutes} min", lang, minutes=f"{d.elapsed:.1f}{limit}"),
                    tr("Errors {n}", lang, n=len(d.errors)),
                    tr("Hints {n}", lang, n=d.hints),
                )
            )

        box = pygame.Rect(inner.x, y, inner.width, 40)
        draw_pair(surface, self.fonts, self.both(facts), "small", pal.TEXT, box, 1)

    def _sheet(self, surface: pygame.Surface, rect: pygame.Rect, d: Debrief, lang: str) -> None:
        title = self.title(lambda lang: tr("Score sheet", lang))
        inner = draw_card(surface, self.fonts, rect, title, pal.ACCENT)
        y = inner.y
        self.fonts.draw(surface, "100", "small_bold", pal.TEXT_DIM, (inner.right, y), "topright")
        y += 20
        if not d.deductions:
            none = self.title(lambda lang: tr("No deductions.", lang))
            self.fonts.draw(surface, none, "small", pal.GOOD, (inner.x, y))
        for line in d.deductions[:5]:
            what = self.title(
                lambda lang: tr(MSG[f"deduction-{line.kind}"], lang, n=f"{line.count:g}")  # noqa: B023
            )
            room = inner.width - 50
            self.fonts.draw(surface, what, "small", pal.TEXT, (inner.x, y), max_width=room)
            self.fonts.draw(
                surface, f"−{line.points:.1f}", "small_bold", pal.BAD, (inner.right, y), "topright"
            )
            y += 19
        if any(e.critical for e in d.errors):
            self.fonts.draw(
                surface,
                self.title(lambda lang: tr("Veto item - the attempt scores 0", lang)),
                "small_bold",
                pal.BAD,
                (inner.x, y),
                max_width=inner.width,
            )

    def _history(self, surface: pygame.Surface, rect: pygame.Rect, d: Debrief, lang: str) -> None:
        title = self.title(lambda lang: tr("Your attempts", lang))
        inner = draw_card(surface, self.fonts, rect, title, pal.ACCENT)
        # the bar of this attempt: 'now', and its second language in the day's place
        now, *now_second = self.both(lambda _, lang: tr("now", lang))
        scores = [*history_labels(d)[-9:], (now, "".join(now_second), d.score, d.result)]
        if len(scores) == 1:
            self.fonts.draw(
                surface,
                self.title(lambda lang: tr("First recorded attempt.", lang)),
                "small",
                pal.TEXT_DIM,
                (inner.x, inner.y),
            )
        chart = pygame.Rect(inner.x + 26, inner.y + 24, inner.width - 30, inner.height - 50)
        mark_y = chart.bottom - round(chart.height * d.pass_mark / 100)
        for value in (0, 50, 100):
            y = chart.bottom - round(chart.height * value / 100)
            pygame.draw.line(surface, pal.GRID, (chart.x, y), (chart.right, y))
            self.fonts.draw(
                surface, str(value), "tiny", pal.TEXT_FAINT, (chart.x - 4, y), "midright"
            )
        pygame.draw.line(surface, pal.WARN, (chart.x, mark_y), (chart.right, mark_y))
        width = min(34, chart.width // max(1, len(scores)) - 8)
        for i, (number, when, score, result) in enumerate(scores):
            x = chart.x + 6 + i * (width + 8)
            height = max(2, round(chart.height * score / 100))
            colour = _RESULT_COLOURS.get(result, pal.TEXT_DIM)
            if i < len(scores) - 1:
                colour = pal.mix(colour, pal.CARD, 0.45)
            pygame.draw.rect(
                surface, colour, (x, chart.bottom - height, width, height), border_radius=3
            )
            self.fonts.draw(
                surface,
                f"{score:g}",
                "tiny",
                pal.TEXT,
                (x + width // 2, chart.bottom - height - 2),
                "midbottom",
            )
            self.fonts.draw(
                surface, number, "tiny", pal.TEXT_DIM, (x + width // 2, chart.bottom + 1), "midtop"
            )
            self.fonts.draw(
                surface, when, "tiny", pal.TEXT_FAINT, (x + width // 2, chart.bottom + 13), "midtop"
            )

    def _timeline(self, surface: pygame.Surface, rect: pygame.Rect, d: Debrief, lang: str) -> None:
        inner = draw_card(
            surface,
            self.fonts,
            rect,
            self.title(lambda lang: tr("Timeline against standard times", lang)),
            pal.ACCENT,
        )
        self._legend(surface, (rect.right - 14, rect.y + 10), lang)
        steps = d.steps
        row = max(12, min(22, (inner.height - 6) // max(1, len(steps))))
        label_w = 300
        scale_max = max([s.standard for s in steps] + [s.actual or 0.0 for s in steps] + [1.0])
        bars = pygame.Rect(inner.x + label_w, inner.y, inner.width - label_w - 50, inner.height)
        y = inner.y
        for line in steps:
            if y + row > inner.bottom + 4:
                break
            colour = pal.TEXT if line.actual is not None else pal.TEXT_FAINT
            text = f"{line.index + 1}. {line.text}"
            if self._second is not None and self._second.steps[line.index].text != line.text:
                text += " · " + self._second.steps[line.index].text
            self.fonts.draw(surface, text, "tiny", colour, (inner.x, y + 1), max_width=label_w - 14)
            std_w = max(2, round(bars.width * line.standard / scale_max))
            pygame.draw.rect(surface, (88, 100, 122), (bars.x, y + 2, std_w, 4), border_radius=2)
            if line.actual is not None:
                act_w = max(2, round(bars.width * line.actual / scale_max))
                tone = (
                    pal.BAD
                    if line.errors
                    else (pal.WARN if line.actual > line.standard * 1.5 else pal.ACCENT)
                )
                pygame.draw.rect(
                    surface, tone, (bars.x, y + 7, act_w, max(4, row - 11)), border_radius=2
                )
                self.fonts.draw(
                    surface,
                    f"{line.actual:.1f}′",
                    "tiny",
                    pal.TEXT_DIM,
                    (bars.x + act_w + 6, y + 1),
                )
            if line.errors:
                self.fonts.draw(
                    surface, f"✗{line.errors}", "tiny", pal.BAD, (inner.right, y + 1), "topright"
                )
            elif line.hint:
                hint = self.title(lambda lang: tr("Hint", lang))
                self.fonts.draw(surface, hint, "tiny", pal.WARN, (inner.right, y + 1), "topright")
            y += row

    def _legend(self, surface: pygame.Surface, right_top: tuple[int, int], lang: str) -> None:
        x, y = right_top
        for word, colour, height in (("yours", pal.ACCENT, 8), ("standard", (88, 100, 122), 4)):
            text = self.title(lambda lang: tr(MSG[word], lang))  # noqa: B023
            width = self.fonts.width(text, "small")
            x -= width
            self.fonts.draw(surface, text, "small", pal.TEXT_DIM, (x, y))
            x -= 24
            pygame.draw.rect(surface, colour, (x, y + 8 - height // 2, 18, height), border_radius=2)
            x -= 14

    def _errors(self, surface: pygame.Surface, rect: pygame.Rect, d: Debrief, lang: str) -> None:
        title = self.title(lambda lang: tr("Errors", lang))
        inner = draw_card(surface, self.fonts, rect, title, pal.BAD, str(len(d.errors)))
        y = inner.y
        fonts = self.fonts
        for index, fault in enumerate(d.faults):

            def said(d: Debrief, lang: str, i: int = index) -> str:
                line = d.faults[i]
                when = tr("from the start", lang) if line.minute is None else f"{line.minute:.1f}′"
                key = "fault-on" if line.on else "fault-off"
                return tr(MSG[key], lang, fault=line.title, when=when)

            text = " · ".join(self.both(said))
            fonts.draw(surface, "⚙ " + text, "small", pal.WARN, (inner.x, y), max_width=inner.width)
            y += 19
            _ = fault
        if d.faults:
            y += 4
        if not d.errors:
            none = self.both(lambda _, lang: tr("No errors.", lang))
            draw_pair(surface, fonts, none, "body", pal.GOOD, inner.move(0, y - inner.y))
            return
        for index, error in enumerate(d.errors):
            if y > inner.bottom - (36 if self._second is None else 64):
                fonts.draw(surface, "…", "body", pal.TEXT_DIM, (inner.x, y))
                break
            y = self._error(surface, inner, y, index) + 6
            _ = error

    def _error(self, surface: pygame.Surface, inner: pygame.Rect, y: int, index: int) -> int:
        """One error: what was done (left), the rule and the right action (right)."""
        fonts = self.fonts
        error = self.debrief.errors[index]
        colour = pal.BAD if error.critical else pal.WARN
        did = self.both(lambda d, _: d.errors[index].did)
        left = pygame.Rect(inner.x + 64, y, 240, 40)
        fonts.draw(surface, f"{error.minute:5.1f}′  ✗", "small_bold", colour, (inner.x, y))
        bottom = draw_pair(surface, fonts, did, "small_bold", colour, left, 1)

        def rule(d: Debrief, lang: str) -> str:
            text = tr("Rule: {rule}", lang, rule=d.errors[index].rule_text)
            first = d is self.debrief
            return text + (f"  [{error.rule}]" if error.rule and first else "")

        right = pygame.Rect(inner.x + 310, y, inner.width - 310, 80)
        y = draw_pair(surface, fonts, self.both(rule), "small", pal.TEXT, right, 1)
        if error.right:
            actions = self.both(
                lambda d, lang: tr("Right action: {action}", lang, action=d.errors[index].right)
            )
            # advice that puts something back first runs to a few lines: let it
            lines = 3 if len(self.debrief.errors) <= 3 else 1
            area = right.move(0, y - right.y)
            y = draw_pair(surface, fonts, actions, "small", pal.GOOD, area, lines)
        return max(y, bottom)


def history_labels(d: Debrief) -> list[tuple[str, str, float, str]]:
    """Each past attempt's bar: its number, and its day (its time when all are one day)."""
    days = {a.when.astimezone().date() for a in d.history}
    style = "%H:%M" if len(days) == 1 else "%m-%d"
    return [
        (f"#{n}", a.when.astimezone().strftime(style), a.score, a.result)
        for n, a in enumerate(d.history, start=1)
    ]
