"""A cohort's records for instructors: simulated trainees, readiness, site-visit verdicts.

:mod:`labsim.cohort.simulate` writes simulated attempts; the report modules read attempts
and say who is ready for the site visit and what to re-teach.
"""

from __future__ import annotations
