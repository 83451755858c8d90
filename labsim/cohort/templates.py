"""HTML pages from jinja2 templates shipped in ``labsim/data/templates``, self-contained.

Pages embed their PNG plots as ``data:`` URIs, so one file can be mailed or opened offline;
the PNGs are written beside them too. Autoescaping is on: trainee names and rule texts are
data, never markup.
"""

from __future__ import annotations

import base64
from functools import cache
from typing import Any

__all__ = ["data_uri", "render"]

_HINT = "the HTML pages need jinja2 and matplotlib: pip install 'labsim[study]'"


@cache
def _environment() -> Any:
    try:
        import jinja2
    except ImportError:
        raise ImportError(_HINT) from None
    return jinja2.Environment(
        loader=jinja2.PackageLoader("labsim", "data/templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: Any) -> str:
    """The page ``template`` (a file in ``labsim/data/templates``) filled with ``context``."""
    page: str = _environment().get_template(template).render(**context)
    return page


def data_uri(png: bytes) -> str:
    """A PNG as a ``data:`` URI for an ``<img src>``."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
