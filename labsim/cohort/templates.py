"""HTML pages from jinja2 templates shipped in ``labsim/data/templates``, self-contained.

Pages embed their PNG plots as ``data:`` URIs, so one file can be mailed or opened offline;
the PNGs are written beside them too. Autoescaping is on: trainee names and rule texts are
data, never markup.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any, Final

__all__ = ["data_uri", "plot_fonts", "render"]

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


#: Fonts with the glyphs of the catalogue languages' scripts, used when installed.
_FONTS: Final = (
    "Noto Sans CJK SC",
    "WenQuanYi Micro Hei",
    "Source Han Sans SC",
    "Noto Sans Thai",
    "Loma",
    "Garuda",
)


@contextmanager
def plot_fonts() -> Iterator[None]:
    """Draw with fonts for Chinese and Thai when installed (names may be written in them)."""
    import matplotlib
    from matplotlib import font_manager

    have = {f.name for f in font_manager.fontManager.ttflist}
    families = ["DejaVu Sans", *[f for f in _FONTS if f in have]]
    with matplotlib.rc_context({"font.family": families}):
        yield
