"""The calibration page: each step's recorded times against the fitted distributions.

For every step: a histogram of the times (brought back to the reference level's first
attempt) with both fitted densities, and a Q-Q plot of the kept family; then the learning
exponents, time factors and error rates with their intervals.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from labsim.calibration.fit import LEVEL, StepTimes
from labsim.calibration.overlay import Calibration
from labsim.calibration.words import WORDS
from labsim.cohort.templates import data_uri, plot_fonts, render
from labsim.errors import shown_path
from labsim.experiments.plots import new_figure, png_bytes
from labsim.files import failure, write_atomic
from labsim.i18n import tr_table

__all__ = ["step_plot", "write_page"]


def step_plot(name: str, values: np.ndarray, fit: StepTimes, text: dict[str, str]) -> bytes:
    """Histogram with both fitted densities, and the Q-Q plot of the kept family (PNG)."""
    figure = new_figure(8.0, 3.2)
    hist, qq = figure.subplots(1, 2)
    hist.hist(values, bins="auto", density=True, color="#9db7d5", edgecolor="white")
    grid = np.linspace(0.0, float(values.max()) * 1.1, 200)
    for family, style in (("lognormal", "-"), ("gamma", "--")):
        dist: Any = fit.dist(family)
        label = text["plot_kept"].format(family=family) if family == fit.family else family
        hist.plot(grid, dist.pdf(grid), style, label=label)
    hist.set(title=text["plot_times"].format(name=name), xlabel=text["plot_minutes"],
             ylabel=text["plot_density"])  # fmt: skip
    hist.legend(fontsize=8)
    kept_dist: Any = fit.dist()
    ordered = np.sort(values)
    probs = (np.arange(1, len(ordered) + 1) - 0.5) / len(ordered)
    theory = kept_dist.ppf(probs)
    qq.plot(theory, ordered, "o", markersize=3)
    top = float(max(theory.max(), ordered.max()))
    qq.plot([0, top], [0, top], "k:", linewidth=1)
    qq.set(title=text["plot_qq"].format(family=fit.family), xlabel=text["plot_fitted"],
           ylabel=text["plot_recorded"])  # fmt: skip
    return png_bytes(figure)


def write_page(calibration: Calibration, path: Path, *, overlay: Path, lang: str = "en") -> None:
    """Write the page (and its PNGs in a folder beside it), in ``lang``.

    Raises:
        FileError: the folder of plots cannot be created, or a file cannot be written.
    """
    text = tr_table(WORDS, lang)
    folder = path.with_name(path.stem + "-plots")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise failure(shown_path(folder), error, "create") from None
    steps = []
    for (procedure, step), fit in sorted(calibration.steps.items()):
        values = calibration.model.normalised[(procedure, step)]
        with plot_fonts():
            png = step_plot(f"{procedure}.{step}", values, fit, text)
        write_atomic(folder / f"{procedure}.{step}.png", png)
        mean = calibration.model.step_mean[(procedure, step)]
        steps.append({"procedure": procedure, "step": step, "fit": fit, "mean": mean,
                      "plot": data_uri(png)})  # fmt: skip
    html = render(
        "calibration.html.j2",
        T=text,
        lang=lang,
        calibration=calibration,
        steps=steps,
        overlay=overlay.name,
        values=calibration.values(),
        level=round(LEVEL * 100),
        step_errors=sorted(calibration.step_errors.items()),
    )
    write_atomic(path, html)
