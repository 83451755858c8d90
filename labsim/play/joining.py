"""The person joins the lab: one more trainee, in a cohort of their own, deciding each step.

The scenario is copied with a cohort ``you`` of size one, whose plan is the one procedure
the person practises, arriving with the first class that has that procedure in its plan
(or when the lab first opens). Everyone else works as the scenario says, so the person
queues when the rig group is busy, exactly like a simulated trainee.
"""

from __future__ import annotations

from labsim.engine import InteractivePolicy, Lab
from labsim.equipment.base import RigModel, suggest
from labsim.errors import Problem, ScenarioError, SettingError
from labsim.scenarios.langtags import pick
from labsim.scenarios.models import Cohort, Procedure, Scenario

__all__ = [
    "PLAYER_COHORT",
    "PLAYER_ID",
    "find_procedure",
    "join_lab",
    "procedure_listing",
    "rig_model",
    "with_player",
]

#: The cohort id of the person, and their trainee id in the lab's events.
PLAYER_COHORT = "you"
PLAYER_ID = f"{PLAYER_COHORT}/001"


def find_procedure(scenario: Scenario, procedure_id: str) -> Procedure:
    """The procedure with this id.

    Raises:
        SettingError: (setting ``procedure``) there is none; it lists those there are.
    """
    for procedure in scenario.procedures:
        if procedure.id == procedure_id:
            return procedure
    ids = [p.id for p in scenario.procedures]
    raise SettingError(
        "procedure",
        f"no such procedure in {scenario.name!r}{suggest(procedure_id, ids)}; "
        f"the procedures are:\n{procedure_listing(scenario)}",
        value=procedure_id,
    )


def rig_model(scenario: Scenario, procedure_id: str) -> type[RigModel]:
    """The rig model a procedure is practised on."""
    from labsim.kits import get_model

    return get_model(scenario.rig_group(find_procedure(scenario, procedure_id).rig).model)


def procedure_listing(scenario: Scenario, lang: str = "en") -> str:
    """The scenario's procedures, one per line: id, rig group and title (in ``lang``)."""
    return "\n".join(
        f"  {p.id:<28} {p.rig:<10} {pick(p.title, lang)}".rstrip() for p in scenario.procedures
    )


def _arrival(scenario: Scenario, procedure_id: str) -> tuple[int, float, str]:
    """(day, clock minutes, skill) of the first class that practises the procedure."""
    hosts = [c for c in scenario.cohorts if procedure_id in c.plan and c.arrive is not None]
    if hosts:
        first = min(hosts, key=lambda c: (c.day, c.arrive or 0.0))
        return first.day, float(first.arrive or 0.0), first.skill
    skill = next(iter(scenario.skills))
    run = scenario.run
    opens = float(getattr(getattr(run, "day", None), "opens", 0.0))
    return 1, opens, skill


def with_player(scenario: Scenario, procedure_id: str) -> Scenario:
    """A copy of ``scenario`` with the person's cohort first in line.

    Raises:
        ScenarioError: the scenario has a cohort of the person's id already.
    """
    taken = [i for i, c in enumerate(scenario.cohorts) if c.id == PLAYER_COHORT]
    if taken:
        raise ScenarioError(
            Problem(
                f"{PLAYER_COHORT!r} is the cohort of the person at the keyboard: rename this "
                "cohort to play the scenario",
                ("cohorts", taken[0], "id"),
            )
        )
    day, arrive, skill = _arrival(scenario, procedure_id)
    player = Cohort.model_construct(
        id=PLAYER_COHORT,
        size=1,
        arrive=arrive,
        day=day,
        arrivals=None,
        skill=skill,
        plan=[procedure_id],
        max_attempts=1,
    )
    return scenario.model_copy(update={"cohorts": [player, *scenario.cohorts]})


def join_lab(
    scenario: Scenario, procedure_id: str, seed: int | None = None
) -> tuple[Lab, InteractivePolicy]:
    """Build the lab with the person in it; returns the lab and the person's policy."""
    find_procedure(scenario, procedure_id)
    person = InteractivePolicy()
    lab = Lab(
        with_player(scenario, procedure_id),
        seed=seed,
        policy_for=lambda cohort, index: person if cohort == PLAYER_COHORT else None,
    )
    return lab, person
