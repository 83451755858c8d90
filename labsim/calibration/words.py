"""The calibration page's words: English message ids for the interface catalogues.

The page and its plots take them as one table (:func:`labsim.i18n.tr_table`).
"""

from __future__ import annotations

from typing import Final

from labsim.i18n import N_

__all__ = ["WORDS"]

WORDS: Final = {
    "title": N_("Calibration from trainee records"),
    "summary": N_("{attempts} attempts, {tries} tries of a step, from {first} to {last}."),
    "overlay": N_("Overlay: {overlay}. Apply it with:"),
    "level": N_("Intervals are {level}% confidence intervals."),
    "steps": N_("Step times"),
    "steps_note": N_(
        "Times brought back to level {reference} on a first attempt; lognormal and gamma"
        " fitted by maximum likelihood, the lower AIC kept; a Kolmogorov-Smirnov p below 0.05"
        " is marked as a poor fit."
    ),
    "step": N_("step"),
    "kept": N_("kept"),
    "mean": N_("mean (min)"),
    "interval": N_("interval"),
    "sd": N_("sd (min)"),
    "skills": N_("Skill levels"),
    "skill": N_("level"),
    "time_factor": N_("time factor"),
    "learning": N_("learning exponent"),
    "not_measured": N_("one attempt each: not measured"),
    "error_rate": N_("error rate"),
    "tries": N_("tries"),
    "step_errors": N_("Error rates per step"),
    "wilson": N_("Wilson interval"),
    "values": N_("Overlay values"),
    "path": N_("path"),
    "value": N_("value"),
    "plot_times": N_("{name}: times"),
    "plot_minutes": N_("minutes"),
    "plot_density": N_("density"),
    "plot_kept": N_("{family} (kept)"),
    "plot_qq": N_("Q-Q against {family}"),
    "plot_fitted": N_("fitted quantile (min)"),
    "plot_recorded": N_("recorded (min)"),
}
