"""``labsim play``: a person practises a procedure on an interactive rig (pygame-free part).

:class:`PlaySession` is one attempt: the person is one trainee of the lab, the rig model
answers each action, :func:`judge` says what it means, :func:`score_attempt` scores it the
way a railway skills appraisal does, and the attempt is written to the records.
The window lives in :mod:`labsim.render.play`.
"""

from __future__ import annotations

from labsim.appraisal import ScoreCard, ScoreRules, score_attempt
from labsim.play.controls import Bench, Control, ControlSet, Setting, controls_for
from labsim.play.debrief import Debrief, build_debrief
from labsim.play.demo import DemoMove, next_moves, run_demo
from labsim.play.joining import PLAYER_ID, find_procedure, join_lab
from labsim.play.judge import Verdict, judge
from labsim.play.options import SessionOptions
from labsim.play.session import Entry, Phase, PlaySession, SessionEnd

__all__ = [
    "PLAYER_ID",
    "Bench",
    "Control",
    "ControlSet",
    "Debrief",
    "DemoMove",
    "Entry",
    "Phase",
    "PlaySession",
    "ScoreCard",
    "ScoreRules",
    "SessionEnd",
    "SessionOptions",
    "Setting",
    "Verdict",
    "build_debrief",
    "controls_for",
    "find_procedure",
    "join_lab",
    "judge",
    "next_moves",
    "run_demo",
    "score_attempt",
]
