"""Names a package offers but imports on first use, so that importing the package stays cheap.

``import labsim`` must not pull in the engine, and the engine's import of
``labsim.scenarios.models`` must not pull in the loader: each package lists where its
names live and gets a module ``__getattr__`` (PEP 562) that imports them when asked.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: each name comes from its home module."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(home), name)

    return __getattr__
