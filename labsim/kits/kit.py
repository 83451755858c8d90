"""What a rig kit declares: its model and the data files that come with it.

A kit is one package about one rig kind. Its ``labsim.rigs`` entry point names a
:class:`Kit` object; the object names the model class and the files beside it (procedure
library, words, panel description) relative to the kit's package folder, so a kit needs no
code beyond its model.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Literal

from labsim.equipment.base import RigModel

__all__ = ["RESTARTS", "Kit"]

#: How a rig that replaces a failed one starts: where the procedure was, or from scratch.
RESTARTS: tuple[str, ...] = ("reached", "fresh")


@dataclass(frozen=True)
class Kit:
    """One rig model and its files, declared by a kit package.

    Attributes:
        model: the rig model class (``model.name`` is the name scenarios use).
        package: the importable package whose folder holds the kit's files
            (usually ``__name__`` of the module that declares the kit).
        library: the procedure library file (``include: [labsim:<name>]``), or None.
        words: the language-map file of the kit's words, or None.
        panel: the panel description file, or None (a panel is then derived from the
            model's actions alone).
        restart: how the rig that replaces a failed one starts: ``reached`` (a new rig
            brought to the state the procedure had reached, the default) or ``fresh`` (a
            new rig in its initial state, for rigs whose steps do not build on one another).
    """

    model: type[RigModel]
    package: str
    library: str | None = "library.yaml"
    words: str | None = "words.yaml"
    panel: str | None = "panel.yaml"
    restart: Literal["fresh", "reached"] = "reached"

    @property
    def name(self) -> str:
        """The model name scenarios use (``model: <name>``)."""
        return self.model.name

    def file(self, relative: str) -> Traversable:
        """A file shipped in the kit's package folder."""
        return resources.files(self.package).joinpath(relative)

    def library_path(self) -> Path | None:
        """The procedure library as a file path (libraries are read from disk), or None."""
        if self.library is None:
            return None
        found = self.file(self.library)
        return Path(str(found)) if found.is_file() else None
