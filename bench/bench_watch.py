"""How smooth is ``labsim watch``? Frame times at 60x, headless, and time to the first frame.

Runs the real window loop (``WatchApp.tick``: input, ``advance_to``, view update, draw,
flip) with SDL's dummy video driver, on the default scenario (scenarios/luban-rail-lab.yaml,
or the scenario given). Frames are paced as at 60 frames per second (dt = 1/60 s, no
sleeping), starting at the first opening so that the floor is busy, and every trainee is
animated. Time to first frame is measured from before pygame and labsim's view are imported
to the first flipped frame (interpreter start-up not included).

    python bench/bench_watch.py [SCENARIO] [--frames 3600] [--size 1280x720] [--speed 60]
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import argparse  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
from pathlib import Path  # noqa: E402

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "scenarios" / "luban-rail-lab.yaml"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--frames", type=int, default=3600)
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--speed", default="60")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))

    import pygame

    from labsim.checks import scenario_checks
    from labsim.engine import Lab
    from labsim.render.app import WatchApp
    from labsim.render.speeds import SPEEDS, speed_index
    from labsim.scenarios import load_scenario

    scenario = load_scenario(args.scenario, extra_checks=scenario_checks).scenario
    lab = Lab(scenario)
    app = WatchApp(lab, (width, height), speed=speed_index(args.speed))
    app.open()
    app.tick(0.0)
    first_frame = time.perf_counter() - T0

    # start where the work is: the first opening with trainees in the lab
    lab.advance_to(lab.calendar.next_opening(0.0) + 1)
    app.tick(0.0)
    began = lab.now
    dt = 1 / 60
    times: list[float] = []
    tokens: list[int] = []
    for _ in range(args.frames):
        start = time.perf_counter()
        app.tick(dt)
        times.append(time.perf_counter() - start)
        tokens.append(len(app.view.floor.tokens))
        if lab.finished:
            break
    pygame.display.quit()
    ms = [t * 1000 for t in times]
    print(f"scenario        {scenario.name} ({args.scenario.name})")
    print(f"window          {width}x{height}, speed {SPEEDS[app.speed][0]}, dummy video driver")
    print(f"first frame     {first_frame:.2f} s after start (imports, load, build, draw)")
    print(
        f"frames          {len(ms)} frames over {(lab.now - began) / 60:.1f} simulated h, "
        f"{statistics.mean(tokens):.0f} trainees animated on average (max {max(tokens)})"
    )
    print(
        f"frame time      median {statistics.median(ms):.2f} ms, "
        f"p95 {_percentile(ms, 95):.2f} ms, max {max(ms):.2f} ms"
    )


if __name__ == "__main__":
    main()
