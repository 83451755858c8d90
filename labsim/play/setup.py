"""What a play session is about and what its views read, apart from what makes it move.

:class:`SessionSetup` holds the parts of a session fixed when it is built (the scenario,
the procedure and its steps, the rig model, the panel's controls, the options) and the
read-only questions the window, the debrief and the records ask of it: the step's words
in the session's language, the person's place in the queue. What has happened is
:attr:`SessionSetup.progress` and how the session was set up :attr:`SessionSetup.options`:
views read those themselves, one name for each fact. The moving parts
build on it: :mod:`labsim.play.ending` (how an attempt ends), :mod:`labsim.play.clock`
(time passing), :mod:`labsim.play.session` (actions).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from labsim.equipment import resolve_params
from labsim.equipment.base import ParamValue
from labsim.play.joining import PLAYER_ID
from labsim.play.labels import local

if TYPE_CHECKING:
    import numpy as np

    from labsim.appraisal import ScoreRules
    from labsim.engine import InteractivePolicy, Lab
    from labsim.equipment.base import RigModel
    from labsim.play.attempt import Recorder
    from labsim.play.controls import Bench, ControlSet
    from labsim.play.inputs import InputLog
    from labsim.play.options import SessionOptions
    from labsim.play.progress import Progress
    from labsim.scenarios.models import PassRule, Procedure, Scenario, Step

__all__ = ["SessionSetup"]


class SessionSetup:
    """The fixed parts of a session and what views read (see the module docstring).

    :class:`~labsim.play.session.PlaySession` sets every attribute declared here.
    """

    options: SessionOptions
    scenario: Scenario
    procedure: Procedure
    model_cls: type[RigModel]
    #: The language words are in now (the first of the options' languages, or the second
    #: for a while: :meth:`speaking`).
    lang: str
    rules: ScoreRules
    steps: tuple[Step, ...]
    #: Each step's standard minutes (the mean of its time distribution).
    standard: list[float]
    pass_rule: PassRule
    controls: ControlSet
    bench: Bench
    #: The fault on the rig at the start (None: none).
    fault: str | None
    lab: Lab
    person: InteractivePolicy
    rng: np.random.Generator
    rig: RigModel
    recorder: Recorder
    inputs: InputLog
    #: What has happened so far (the state the session, the control, changes).
    progress: Progress

    # The procedure, in the session's language.

    @property
    def title(self) -> str:
        """The procedure's title in the session's language."""
        procedure = self.procedure
        return local(procedure.text, self.lang, local(procedure.title, self.lang, procedure.id))

    @contextlib.contextmanager
    def speaking(self, lang: str) -> Iterator[None]:
        """Words in ``lang`` for a while: the second language of a pair is said this way."""
        before, self.lang = self.lang, lang
        try:
            yield
        finally:
            self.lang = before

    def step_text(self, index: int) -> str:
        """What step ``index`` asks, in the session's language."""
        step = self.steps[index]
        return local(step.text, self.lang, step.id)

    def step_params(self, index: int) -> Mapping[str, ParamValue]:
        """The parameters step ``index`` asks for (with the exercise's fault filled in)."""
        return resolve_params(self.steps[index], self.fault)

    @property
    def queue_ahead(self) -> int:
        """How many trainees wait ahead of the person for a rig of the group."""
        trainee = self.person.trainee or self.lab.trainees.get(PLAYER_ID)
        if trainee is None:
            return 0
        queue = self.lab.pools[self.procedure.rig].queue
        return queue.index(trainee) if trainee in queue else 0
