"""A labsim rig kit for the ZYJ7 electro-hydraulic point machine (an example kit).

Everything about the rig is here: the model (:mod:`.model`), its procedure library
(``library.yaml``), its words in English and Chinese (``words.yaml``) and its panel
description (``panel.yaml``). labsim finds it through the ``labsim.rigs`` entry point in
``pyproject.toml``; no drawing code is needed.
"""

from __future__ import annotations

from labsim.kits import Kit
from labsim_zyj7.model import ZYJ7PointMachine

__all__ = ["KIT", "ZYJ7PointMachine"]

KIT = Kit(ZYJ7PointMachine, __name__)
