"""The scenario file format, version 1, as strict pydantic models.

A scenario describes one lab: its calendar, the rigs on its floor, its instructors, the
procedures trainees practise and the cohorts that come. Cross-references (a procedure's rig
group, a plan's procedures) are checked in :mod:`labsim.scenarios.crossref`, so that each
problem can name the exact field it is about.
"""

from __future__ import annotations

import itertools
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    model_validator,
)

from labsim.limits import MAX_RUN_DAYS, MAX_TRAINEES
from labsim.scenarios.distributions import Distribution, DurationDistribution, Exponential
from labsim.scenarios.fields import (
    STRICT,
    Clock,
    Count,
    Duration,
    Identifier,
    Number,
    PositiveDuration,
)
from labsim.scenarios.langtags import LanguageTags, LocalText, Title, pick

__all__ = [
    "FAULT_PLACEHOLDER",
    "FORMAT_VERSION",
    "CalendarRun",
    "Cohort",
    "ContinuousRun",
    "DayHours",
    "Exercise",
    "Failures",
    "FaultChoice",
    "Instructors",
    "LocalText",
    "ParamValue",
    "PassRule",
    "Procedure",
    "ProcedureLibrary",
    "RigGroup",
    "Scenario",
    "Skill",
    "Step",
    "Window",
]

FORMAT_VERSION = 1


class Window(BaseModel):
    """A stretch of a day, e.g. a lunch break."""

    model_config = STRICT
    start: Clock = Field(alias="from")
    end: Clock = Field(alias="to")

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if not self.start < self.end:
            raise ValueError("'from' must be earlier than 'to'")
        return self


class DayHours(BaseModel):
    """When the lab opens and closes each day."""

    model_config = STRICT
    opens: Clock
    closes: Clock

    @model_validator(mode="after")
    def _ordered(self) -> DayHours:
        if not self.opens < self.closes:
            raise ValueError("'opens' must be earlier than 'closes'")
        return self


class CalendarRun(BaseModel):
    """A run over lab days: work happens only in opening hours, outside breaks."""

    model_config = STRICT
    days: Count = Field(ge=1, le=MAX_RUN_DAYS)
    day: DayHours
    breaks: list[Window] = Field(default_factory=list)

    @model_validator(mode="after")
    def _breaks_inside_day(self) -> CalendarRun:
        for brk in self.breaks:
            if brk.start < self.day.opens or brk.end > self.day.closes:
                raise ValueError("every break must lie within the opening hours")
        ordered = sorted(self.breaks, key=lambda b: b.start)
        for first, second in itertools.pairwise(ordered):
            if second.start < first.end:
                raise ValueError("breaks must not overlap")
        return self


class ContinuousRun(BaseModel):
    """One continuous stretch, open round the clock, with an optional discarded warm-up."""

    model_config = STRICT
    duration: PositiveDuration = Field(alias="for")
    warmup: Duration = 0.0

    @model_validator(mode="after")
    def _warmup_shorter(self) -> ContinuousRun:
        if self.duration > MAX_RUN_DAYS * 1440:
            raise ValueError(
                f"a run lasts at most {MAX_RUN_DAYS} days (about ten years); "
                f"'for' is {self.duration / 1440:.4g} days"
            )
        if self.warmup >= self.duration:
            raise ValueError("'warmup' must be shorter than 'for'")
        return self


class Skill(BaseModel):
    """How simulated trainees of one level perform."""

    model_config = STRICT
    time_factor: Number = Field(gt=0, le=100, allow_inf_nan=False)
    error_rate: Number = Field(ge=0, le=1, allow_inf_nan=False)
    learning: Number = Field(
        default=0.0,
        ge=0,
        le=1,
        allow_inf_nan=False,
        description=(
            "power-law-of-practice exponent b: the n-th attempt at a procedure takes "
            "n^-b of the first one's time (0: no learning; 0.2-0.4 is typical)"
        ),
    )


class Failures(BaseModel):
    """Random breakdowns of each rig in a group (accruing over opening hours)."""

    model_config = STRICT
    mtbf: PositiveDuration | None = None
    between: DurationDistribution | None = None
    repair: DurationDistribution

    @property
    def time_between(self) -> Distribution:
        """The distribution of open time between failures (exponential when ``mtbf`` is given)."""
        if self.between is not None:
            return self.between
        return Exponential.model_validate({"exponential": {"mean": f"{self.mtbf!r}min"}})

    @model_validator(mode="after")
    def _one_of(self) -> Failures:
        if (self.mtbf is None) == (self.between is None):
            raise ValueError(
                "give either 'mtbf' (exponential times between failures) or 'between' "
                "(a distribution), not both"
            )
        return self


class RigGroup(BaseModel):
    """Identical rigs on the floor; a trainee takes any free one of the group."""

    model_config = STRICT
    id: Identifier
    model: Identifier
    count: Count = Field(ge=1, le=1000)
    at: tuple[Number, Number] = (0.0, 0.0)
    label: Title | None = Field(
        default=None,
        description="the group's name on the floor and in messages, per language (plain: English)",
    )
    failures: Failures | None = None

    def name(self, lang: str = "en") -> str:
        """The group's label in ``lang`` (the closest language it has), else its id."""
        return pick(self.label, lang, self.id)


class Instructors(BaseModel):
    """The instructors who sign off finished work."""

    model_config = STRICT
    count: Count = Field(ge=0, le=1000)


#: A value of an action parameter (a meter range, a terminal pair, a direction, ...).
ParamValue = StrictBool | StrictInt | StrictFloat | StrictStr

#: In an exercise's step ``params``, this value stands for the fault injected on the rig.
FAULT_PLACEHOLDER = "$fault"


class Step(BaseModel):
    """One step of a procedure: a rig action and how long it takes."""

    model_config = STRICT
    id: Identifier
    action: Identifier
    time: DurationDistribution
    critical: StrictBool = False
    params: dict[Identifier, ParamValue] = Field(
        default_factory=dict,
        description=(
            "action parameters, e.g. {range: dc_5a, terminals: '05-06'}; in an exercise "
            "the value '$fault' stands for the injected fault"
        ),
    )
    text: LocalText | None = Field(default=None, description="what to do, per language")
    hint: LocalText | None = Field(default=None, description="a hint shown on request")


class PassRule(BaseModel):
    """What an attempt must meet for the instructor to sign it off as passed."""

    model_config = STRICT
    max_errors: Count | None = Field(default=None, ge=0, le=10_000)
    time_limit: PositiveDuration | None = None
    pass_mark: Number = Field(
        default=60.0,
        ge=0,
        le=100,
        allow_inf_nan=False,
        description="the appraisal score out of 100 an attempt needs in `labsim play` (60)",
    )


class FaultChoice(BaseModel):
    """One fault an exercise may inject, with its weight when drawn at random."""

    model_config = STRICT
    fault: Identifier
    weight: Number = Field(default=1.0, gt=0, le=1e6, allow_inf_nan=False)
    hint: LocalText | None = None


class Exercise(BaseModel):
    """A fault-finding exercise: the fault the instructor injects before the trainee starts.

    One entry in ``faults`` is a fixed fault; several are drawn at random by ``weight``.
    The procedure's ``diagnose`` and ``repair`` steps (with ``fault: $fault``) are the
    diagnosis and repair the exercise expects.
    """

    model_config = STRICT
    faults: list[FaultChoice] = Field(min_length=1)
    diagnosis: DurationDistribution | None = Field(
        default=None, description="extra time a simulated trainee needs to find the fault"
    )


class Procedure(BaseModel):
    """An ordered list of steps on one rig group, with an optional sign-off."""

    model_config = STRICT
    id: Identifier
    rig: Identifier
    title: Title | None = Field(
        default=None, description="a short title for listings, per language (plain text: English)"
    )
    text: LocalText | None = Field(
        default=None, description="the title as a trainee reads it, or a brief, per language"
    )
    unreviewed: LanguageTags = Field(
        default_factory=list,
        description=(
            "languages whose texts in this procedure no native speaker has reviewed yet "
            "(added to the file's own 'unreviewed:')"
        ),
    )
    kind: Literal["routine", "exercise"] = "routine"
    model: Identifier | None = Field(
        default=None,
        description="the rig model the procedure is written for (lets a library dry-run alone)",
    )
    exercise: Exercise | None = None
    steps: list[Step] = Field(min_length=1)
    signoff: DurationDistribution | None = None
    pass_rule: PassRule = Field(default_factory=PassRule, alias="pass")

    @model_validator(mode="after")
    def _exercise_kind(self) -> Procedure:
        if (self.kind == "exercise") != (self.exercise is not None):
            raise ValueError("a procedure of kind 'exercise' needs an 'exercise:' and only it may")
        return self


class Cohort(BaseModel):
    """A group of trainees of one skill level with the same plan.

    Either all arrive at once (``arrive``, on ``day``) or they come as an open stream
    (``arrivals: {every: ...}``, at most ``size`` of them when a size is given).
    """

    model_config = STRICT
    id: Identifier
    size: Count | None = Field(default=None, ge=1, le=MAX_TRAINEES)
    arrive: Clock | None = None
    day: Count = Field(default=1, ge=1, le=MAX_RUN_DAYS)
    arrivals: Arrivals | None = None
    skill: Identifier
    plan: list[Identifier] = Field(min_length=1)
    max_attempts: Count = Field(default=1, ge=1, le=100)

    @model_validator(mode="after")
    def _one_way_in(self) -> Cohort:
        if (self.arrive is None) == (self.arrivals is None):
            raise ValueError("give either 'arrive' (all at once) or 'arrivals' (an open stream)")
        if self.arrive is not None and self.size is None:
            raise ValueError("a cohort that arrives all at once needs a 'size'")
        return self


class Arrivals(BaseModel):
    """An open stream: the time between one trainee and the next."""

    model_config = STRICT
    every: DurationDistribution


# The head of a scenario and of a procedure library: the same fields, said once.
FormatVersion = Annotated[
    Literal[1], Field(description="file format version; this program reads version 1")
]
DeclaredLanguages = Annotated[
    LanguageTags,
    Field(
        default_factory=list,
        description=(
            "the languages every text should have; `labsim validate` warns about each "
            "text that lacks one (BCP 47 tags: zh, th, ru, fr, ...)"
        ),
    ),
]
UnreviewedLanguages = Annotated[
    LanguageTags,
    Field(
        default_factory=list,
        description=(
            "languages whose texts no native speaker has reviewed yet: step texts are safety "
            "instructions, so `labsim validate` and the listings show the mark until a "
            "reviewer removes the language from this list"
        ),
    ),
]


def _short_name(names: dict[str, str]) -> dict[str, str]:
    """A lab's name is a line in a header: at most 200 characters in each language."""
    for lang, text in names.items():
        if len(text) > 200:
            raise ValueError(f"the {lang!r} name has {len(text)} characters; at most 200")
    return names


class Scenario(BaseModel):
    """One training lab, as a scenario file describes it."""

    model_config = STRICT
    labsim: FormatVersion
    names: Annotated[Title, AfterValidator(_short_name)] = Field(
        alias="name", description="the lab's name, per language (plain text: English)"
    )
    description: str | None = None
    languages: DeclaredLanguages
    unreviewed: UnreviewedLanguages
    seed: Count = Field(default=0, ge=0, lt=2**63)
    include: list[str] = Field(
        default_factory=list,
        description="procedure library files, by path relative to this file, inside its folder",
    )
    run: Annotated[CalendarRun | ContinuousRun, Field(union_mode="left_to_right")]
    skills: dict[Identifier, Skill] = Field(min_length=1)
    rigs: list[RigGroup] = Field(min_length=1)
    instructors: Instructors = Field(default_factory=lambda: Instructors(count=0))
    procedures: list[Procedure] = Field(min_length=1)
    cohorts: list[Cohort] = Field(min_length=1)

    @property
    def name(self) -> str:
        """The lab's name in English (else the language it has): records and logs keep it."""
        return pick(self.names, "en")

    def title(self, lang: str) -> str:
        """The lab's name in ``lang`` (the closest language it has), for a view."""
        return pick(self.names, lang)

    @property
    def warmup(self) -> float:
        """Minutes of warm-up whose statistics are discarded (continuous runs only)."""
        return self.run.warmup if isinstance(self.run, ContinuousRun) else 0.0

    def rig_group(self, group_id: str) -> RigGroup:
        """The rig group with this id (ids are checked unique on load)."""
        return next(g for g in self.rigs if g.id == group_id)

    def procedure(self, procedure_id: str) -> Procedure:
        """The procedure with this id (ids are checked unique on load)."""
        return next(p for p in self.procedures if p.id == procedure_id)


class ProcedureLibrary(BaseModel):
    """A file of procedures that scenarios ``include:``; it validates on its own."""

    model_config = STRICT
    labsim: FormatVersion
    description: str | None = None
    languages: DeclaredLanguages
    unreviewed: UnreviewedLanguages
    procedures: list[Procedure] = Field(min_length=1)


# No Cohort.model_rebuild() for its forward reference to Arrivals: the models are built on
# first use (defer_build in STRICT), when Arrivals exists; a run from the cache never builds.
