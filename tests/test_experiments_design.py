from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from experiments_support import loaded
from hypothesis import given
from hypothesis import strategies as st

from labsim.errors import Change, OverrideError, ScenarioError
from labsim.experiments.design import (
    Factor,
    check_factors,
    full_factorial,
    parse_sweep,
    point_scenarios,
)
from labsim.experiments.seeds import Task, chunk_sizes, chunk_tasks, pending_tasks


def test_parse_sweep_reads_yaml_values_and_integer_ranges() -> None:
    assert parse_sweep("rigs.r.count=2,3,4") == Factor("rigs.r.count", (2, 3, 4))
    assert parse_sweep("instructors.count=1..3").values == (1, 2, 3)
    assert parse_sweep("run.warmup=1h, 90min").values == ("1h", "90min")
    mixed = parse_sweep("procedures.p.steps.s.time={exponential: {mean: 5min}},3min")
    assert mixed.values == ({"exponential": {"mean": "5min"}}, "3min")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rigs.r.count", "PATH=V1,V2"),
        ("=1,2", "PATH=V1,V2"),
        ("rigs.r.count=5..2", "range 5..2 is empty"),
        ("rigs.r.count=[1", "not valid"),
        ("rigs.r.count=1,,2", "not valid"),
        ("rigs.r.count=1,null", "one or more values"),
    ],
)
def test_parse_sweep_refuses_malformed_text(text: str, message: str) -> None:
    with pytest.raises(OverrideError, match=message) as excinfo:
        parse_sweep(text)
    assert excinfo.value.change == Change(text, "sweep") and "--" not in str(excinfo.value)


@given(st.lists(st.integers(1, 4), min_size=0, max_size=4))
def test_full_factorial_has_every_combination_once(sizes: list[int]) -> None:
    factors = [Factor(f"f{i}", tuple(range(n))) for i, n in enumerate(sizes)]
    points = full_factorial(factors)
    assert len(points) == math.prod(sizes)
    assert [p.index for p in points] == list(range(len(points)))
    assert len({p.values for p in points}) == len(points)
    if sizes:  # the last factor varies fastest
        assert points[1 % len(points)].values[-1][1] == (1 if sizes[-1] > 1 else 0)


def test_a_bad_sweep_path_names_the_allowed_keys(tmp_path: Path) -> None:
    base = loaded(tmp_path)
    with pytest.raises(
        OverrideError, match=r"^the sweep value rigs\.r\.cuont: unknown key"
    ) as caught:
        check_factors([Factor("rigs.r.cuont", (1, 2))], base.data)
    assert caught.value.change == Change("rigs.r.cuont", "sweep")
    assert re.match(
        r"unknown key 'cuont' in rigs\[0\]; did you mean 'count'.*keys:", caught.value.reason
    )
    with pytest.raises(OverrideError, match=r"rigs has no item 'zd6'.*ids: r") as caught:
        check_factors([Factor("rigs.zd6.count", (1, 2))], base.data)
    assert caught.value.change == Change("rigs.zd6.count", "sweep")


def test_sweeping_the_seed_or_a_path_twice_is_refused(tmp_path: Path) -> None:
    data = loaded(tmp_path).data
    with pytest.raises(OverrideError, match="every sweep point uses the study's seed"):
        check_factors([Factor("seed", (1, 2))], data)
    with pytest.raises(OverrideError, match="swept twice"):
        check_factors([Factor("rigs.r.count", (1,)), Factor("rigs.r.count", (2,))], data)


def test_a_sweep_value_that_does_not_validate_names_the_sweep(tmp_path: Path) -> None:
    base = loaded(tmp_path)
    points = full_factorial([Factor("rigs.r.count", (2, 0))])
    with pytest.raises(
        ScenarioError, match=r"must be >= 1.*the sweep value rigs\.r\.count=0"
    ) as caught:
        point_scenarios(base, points)
    (problem,) = caught.value.problems
    assert problem.changes == (Change("rigs.r.count=0", "sweep"),) and problem.changed_here
    assert "--" not in str(caught.value)


def test_point_scenarios_carry_the_point_values(tmp_path: Path) -> None:
    base = loaded(tmp_path)
    points = full_factorial([Factor("rigs.r.count", (1, 3)), Factor("run.for", ("10h", "20h"))])
    built = point_scenarios(base, points)
    assert [(s.scenario.rigs[0].count, s.scenario.run.duration) for s in built] == [
        (1, 600.0),
        (1, 1200.0),
        (3, 600.0),
        (3, 1200.0),
    ]
    assert points[3].label == "rigs.r.count=3, run.for=20h"


def test_chunks_cover_the_tasks_in_order_and_shrink_towards_the_end() -> None:
    tasks = pending_tasks(3, range(70), done={(0, 1), (2, 69)})
    assert len(tasks) == 208 and Task(0, 1) not in tasks
    chunks = chunk_tasks(tasks, workers=2)
    assert [t for c in chunks for t in c] == tasks
    sizes = [len(c) for c in chunks]
    assert sizes == sorted(sizes, reverse=True) and sizes[-1] == 1 and max(sizes) <= 64
    assert chunk_sizes(10, 4, fixed=3) == [3, 3, 3, 1]
