"""The example kit (examples/zyj7_kit) end to end through the labsim command.

The kit is a separate package: this test runs only where it is installed (`.ci/run` does
`pip install ./examples/zyj7_kit`), and installing it changes no file of labsim.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hostile_support import Outcome
from hostile_support import labsim as capped_labsim

from labsim.kits import model_names

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "examples" / "zyj7_kit" / "zyj7-practice.yaml"

pytestmark = pytest.mark.skipif(
    "zyj7_point_machine" not in model_names(),
    reason="the example kit is not installed (pip install ./examples/zyj7_kit; .ci/run does)",
)


def labsim(*args: str) -> Outcome:
    done = capped_labsim(*args, cwd=ROOT, timeout=300)
    assert done.code == 0, done.text
    return done


def test_validate_run_and_batch(tmp_path: Path) -> None:
    assert "ok:" in labsim("validate", str(SCENARIO)).out
    figures = json.loads(labsim("run", str(SCENARIO), "--format", "json").out)
    # the kit's rigs worked and its library's procedures were attempted
    assert figures["rigs"]["zyj7"]["count"] == 2
    assert set(figures["procedures"]["by_id"]) == {"zyj7-hydraulic-test", "zyj7-fault-finding"}
    assert figures["procedures"]["attempts"] > 0
    labsim(
        "batch", str(SCENARIO), "--reps", "2", "--workers", "1", "--no-plots",
        "--progress", "none", "--out", str(tmp_path / "study"),
    )  # fmt: skip
    with (tmp_path / "study" / "runs.csv").open(newline="") as runs:
        rows = list(csv.DictReader(runs))
    assert [(row["replication"], row["error"]) for row in rows] == [("0", ""), ("1", "")]
    assert all(int(row["procedures.attempts"]) > 0 for row in rows)


def test_watch_and_play_draw_the_kit_without_any_drawing_code(tmp_path: Path) -> None:
    labsim("watch", str(SCENARIO), "--until", "3h", "--screenshot", str(tmp_path / "w.png"))
    played = labsim(
        "play", str(SCENARIO), "-p", "zyj7-hydraulic-test", "--demo", "--headless",
        "--records", str(tmp_path / "r.db"), "--screenshot", str(tmp_path / "p.png"),
    )  # fmt: skip
    assert "passed" in played.out
    assert (tmp_path / "w.png").stat().st_size > 10_000
    assert (tmp_path / "p.png").stat().st_size > 10_000


def test_the_kit_is_listed_by_labsim_rigs() -> None:
    listed = labsim("rigs", "zyj7_point_machine", "--format", "json").out
    assert '"package": "labsim-zyj7"' in listed


def test_the_kit_draws_its_own_icon_from_its_panel_description() -> None:
    import pygame

    from labsim.render.icons import icon
    from labsim.render.portrayal import icon_kind

    kind = icon_kind("zyj7_point_machine")
    assert kind == "kit:zyj7_point_machine"
    own, gear = icon(kind, 48, (200, 200, 200)), icon("generic", 48, (200, 200, 200))
    assert pygame.image.tobytes(own, "RGBA") != pygame.image.tobytes(gear, "RGBA")
    assert pygame.mask.from_surface(own).count() > 100
