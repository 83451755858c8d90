"""Calibration: the throughput model's inputs measured from trainee records.

Step times, error rates, learning and skill are written as an overlay that ``labsim run``
and ``labsim batch --overlay`` apply.

:mod:`~labsim.calibration.samples` reads tries of steps from attempts,
:mod:`~labsim.calibration.fit` estimates, :mod:`~labsim.calibration.overlay` writes and
reads overlays, :mod:`~labsim.calibration.page` draws the fits.
"""

from __future__ import annotations
