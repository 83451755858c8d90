"""The cohort report's words: English message ids for the interface catalogues.

The template and the plots take them as one table in the chosen language
(:func:`labsim.i18n.tr_table`); ``{fields}`` are filled in by the template. Trainee names,
procedures, steps, rules and modes are named by :mod:`labsim.cohort.names`.
"""

from __future__ import annotations

from typing import Final

from labsim.i18n import N_

__all__ = ["WORDS"]

WORDS: Final = {
    "title": N_("Cohort report"),
    "summary": N_(
        "{attempts} attempts from {first} to {last}; {trainees} trainees, {procedures}"
        " procedures. Made: {made}."
    ),
    "notes": N_("Notes"),
    "simulated": N_("Includes simulated attempts (mode {mode})."),
    "no_scenario": N_(
        "No scenario file (give --scenario): step times are shown without standards."
    ),
    "bad_scenario": N_("{file} could not be read: step standards are not shown."),
    "filter": N_("Show trainees matching"),
    "matrix": N_("Readiness matrix"),
    "matrix_note": N_(
        "Each cell: best score, attempts, last result, and the fastest pass against the"
        " standard time."
    ),
    "trainee": N_("trainee"),
    "not_tried": N_("not tried"),
    "cell_attempts": N_("{n} attempts · last: {result}"),
    "cell_time": N_("time vs standard: {time} / {standard} min ({percent}%)"),
    "cell_no_time": N_("time vs standard: –"),
    "passed": N_("passed"),
    "failed": N_("failed"),
    "abandoned": N_("abandoned"),
    "verdicts": N_("Site-visit verdicts"),
    "ready": N_("ready"),
    "not_ready": N_("not ready"),
    "verdict": N_("verdict"),
    "reason": N_("reason"),
    "rule": N_("Rule"),
    "rule_default": N_(
        "no rule file given: every procedure shown passed in assessment mode, no veto in the"
        " last 3 attempts."
    ),
    "rule_plan": N_("pass {procedures}"),
    "rule_mode_assessment": N_("in assessment mode"),
    "rule_mode_any": N_("in any mode"),
    "rule_within": N_("within {n} attempts each"),
    "rule_score": N_("with a score of at least {n}"),
    "rule_veto": N_("no veto in the last {n} attempts"),
    "ready_count": N_("{n} of {m} trainees ready"),
    "r_ready": N_("passed all {procedures} procedures of the plan{within}{veto}"),
    "r_within": N_(", each within {n} attempts"),
    "r_veto": N_("; no veto in the last {n} attempts"),
    "r_not_tried": N_("{procedure}: not attempted"),
    "r_not_passed": N_("{procedure}: not passed in {attempts} attempts (best score {best})"),
    "r_passed_late": N_("{procedure}: first passed at attempt {at} (the rule asks within {limit})"),
    "r_veto_found": N_(
        "veto items in the last {last} attempts: {count} (last: {procedure}, {date})"
    ),
    "reteach": N_("Errors to re-teach"),
    "by_rule": N_("By rule"),
    "by_step": N_("By step"),
    "errors": N_("errors"),
    "critical": N_("veto items"),
    "trainees": N_("trainees"),
    "example": N_("example"),
    "step": N_("step"),
    "tries": N_("tries"),
    "rate": N_("error rate"),
    "no_errors": N_("No errors recorded."),
    "slow": N_("Slow steps"),
    "median": N_("median (min)"),
    "p90": N_("90th percentile (min)"),
    "standard": N_("standard (min)"),
    "ratio": N_("median / standard"),
    "slowest": N_("slowest trainee"),
    "trends": N_("Trends"),
    "trends_note": N_("Score per trainee across attempts, per procedure."),
    "plot_trend": N_("Score per attempt"),
    "plot_attempt": N_("attempt"),
    "plot_score": N_("score"),
    "plot_errors": N_("Errors by rule"),
    "plot_count": N_("errors"),
    "plot_critical": N_("of them veto items"),
    "plot_slow": N_("Step time against the standard (median)"),
    "plot_ratio": N_("median time / standard time"),
    "plot_minutes": N_("median minutes"),
}
