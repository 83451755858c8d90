"""What the cohort report calls procedures, steps, rules and modes, in the report's language.

The records hold ids and the English a session spoke; a report is read in the instructor's
language. The scenario (when it is known) gives each procedure's and step's language map and
the rig model whose kit explains its own rules; the shared rule sentences and mode names are
catalogue messages. Without a scenario, a procedure keeps the title the attempts recorded and
a rule the shared sentence, else its id.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from labsim.equipment import RigModel
from labsim.i18n import tr
from labsim.play.labels import rule_sentence
from labsim.records.model import MODE_WORDS, Attempt
from labsim.scenarios.langtags import pick
from labsim.scenarios.models import Procedure, Scenario

__all__ = ["ReportNames"]


@dataclass(frozen=True)
class ReportNames:
    """Names by id, from the scenario and the attempts; each method answers in ``lang``."""

    scenario: Scenario | None = None
    recorded: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, scenario: Scenario | None, attempts: list[Attempt]) -> ReportNames:
        """The names ``scenario`` gives, with the titles the attempts recorded besides."""
        titles = {a.procedure_id: a.procedure_title for a in attempts if a.procedure_title}
        return cls(scenario, titles)

    def _procedure(self, procedure: str) -> Procedure | None:
        if self.scenario is None:
            return None
        return next((p for p in self.scenario.procedures if p.id == procedure), None)

    def procedure(self, procedure: str, lang: str) -> str:
        """A procedure's title in ``lang``, else the recorded one, else its id."""
        found = self._procedure(procedure)
        if found is not None and found.title:
            return pick(found.title, lang)
        return self.recorded.get(procedure, procedure)

    def step(self, procedure: str, step: str | None, lang: str) -> str:
        """What a step asks, in ``lang`` (its id when the scenario does not say)."""
        if step is None:
            return ""
        found = self._procedure(procedure)
        own = next((s for s in found.steps if s.id == step), None) if found else None
        return pick(own.text, lang, step) if own is not None else step

    def model(self, procedure: str | None) -> type[RigModel] | None:
        """The rig model a procedure is practised on, when the scenario and its kit say."""
        found = self._procedure(procedure) if procedure else None
        if found is None or self.scenario is None:
            return None
        from labsim.errors import LabsimError
        from labsim.kits import get_model

        try:
            return get_model(self.scenario.rig_group(found.rig).model)
        except (LabsimError, StopIteration):
            return None

    def rule(self, rule: str, procedure: str | None, lang: str) -> str:
        """What a rule asks, in ``lang``: the kit's words, the shared ones, else its id."""
        return rule_sentence(rule, lang, None, self.model(procedure))

    @staticmethod
    def mode(mode: str, lang: str) -> str:
        """An attempt mode's name in ``lang``."""
        return tr(MODE_WORDS.get(mode, mode), lang)
