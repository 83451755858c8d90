"""Finding installed rig kits: the ``labsim.rigs`` entry-point group, read lazily.

Listing the kits reads only package metadata; a kit's code is imported the first time its
model is asked for, so a run on two rig kinds imports two kits, and a broken kit breaks
only the commands that use it. Every failure is a :class:`~labsim.errors.KitError` that
names the kit and the package that installed it. :mod:`labsim.kits` re-exports the public
names; its ``__all__`` is the one list of them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

from labsim.equipment.base import RigModel, suggest
from labsim.errors import EquipmentError, KitError
from labsim.kits.kit import RESTARTS, Kit

#: The entry-point group a kit package registers its kits in.
GROUP = "labsim.rigs"


@dataclass(frozen=True)
class KitEntry:
    """An installed kit as its package metadata describes it (nothing imported yet)."""

    name: str
    value: str
    package: str
    version: str

    @property
    def where(self) -> str:
        """The kit and its package, as error messages name them."""
        return f"rig kit {self.name!r} (package {self.package} {self.version}, {self.value})"


def _entry(point: EntryPoint) -> KitEntry:
    dist = point.dist
    package = dist.name if dist is not None else "unknown package"
    version = dist.version if dist is not None else "?"
    return KitEntry(point.name, point.value, package, version)


@functools.cache
def _entries() -> tuple[dict[str, KitEntry], dict[str, tuple[KitEntry, ...]]]:
    """The kits by name, and the names that more than one package claims."""
    found: dict[str, dict[str, KitEntry]] = {}
    for point in entry_points(group=GROUP):
        entry = _entry(point)
        found.setdefault(entry.name, {}).setdefault(entry.value, entry)
    single = {name: next(iter(v.values())) for name, v in found.items()}
    clashes = {name: tuple(v.values()) for name, v in found.items() if len(v) > 1}
    return single, clashes


def kit_entries() -> tuple[KitEntry, ...]:
    """Every installed kit, sorted by name (from metadata only)."""
    single, _ = _entries()
    return tuple(single[name] for name in sorted(single))


def model_names() -> tuple[str, ...]:
    """Every rig model a scenario can name, sorted."""
    return tuple(sorted(_entries()[0]))


#: Said when a file names a rig model no installed kit provides.
NOT_INSTALLED = (
    "A rig kit providing {name!r} may not be installed (pip install the kit; "
    "`labsim rigs` lists the installed kinds)"
)


@functools.cache
def get_kit(name: str) -> Kit:
    """The kit of rig model ``name``, imported now; KitError if it cannot be loaded."""
    single, clashes = _entries()
    if name in clashes:
        claimed = "; ".join(e.where for e in clashes[name])
        raise KitError(f"rig model {name!r} is installed by more than one kit: {claimed}")
    if name not in single:
        raise EquipmentError(
            f"unknown rig model {name!r}{suggest(name, single)}; known models: "
            f"{', '.join(model_names())}. {NOT_INSTALLED.format(name=name)}"
        )
    entry = single[name]
    try:
        kit = EntryPoint(entry.name, entry.value, GROUP).load()
    except Exception as exc:  # a kit's import may fail in any way; say whose it is
        raise KitError(f"{entry.where} cannot be imported: {type(exc).__name__}: {exc}") from exc
    _check(kit, entry)
    return kit  # type: ignore[no-any-return]


def find_kit(name: str) -> Kit | None:
    """The kit of rig model ``name``, or None when no installed kit provides it.

    A kit that is installed but cannot be loaded still raises its KitError: that is the
    kit author's mistake to see, not a model without a kit.
    """
    try:
        return get_kit(name)
    except KitError:
        raise
    except EquipmentError:
        return None


def _check(kit: object, entry: KitEntry) -> None:
    """Refuse a kit object that does not declare what labsim needs."""
    if not isinstance(kit, Kit):
        raise KitError(f"{entry.where} is not a labsim Kit (got {type(kit).__name__})")
    if not (isinstance(kit.model, type) and issubclass(kit.model, RigModel)):
        raise KitError(f"{entry.where}: its model is not a RigModel subclass")
    if kit.model.name != entry.name:
        raise KitError(
            f"{entry.where}: the entry point is named {entry.name!r} "
            f"but the model calls itself {kit.model.name!r}"
        )
    if kit.restart not in RESTARTS:
        raise KitError(f"{entry.where}: restart must be one of {RESTARTS}, not {kit.restart!r}")
    for label, relative in (("library", kit.library), ("words", kit.words), ("panel", kit.panel)):
        if relative is not None and not kit.file(relative).is_file():
            raise KitError(f"{entry.where}: its {label} file {relative!r} is missing")


def get_model(name: str) -> type[RigModel]:
    """The rig model class called ``name``; EquipmentError (with close matches) if none is."""
    return get_kit(name).model


def library_models() -> tuple[str, ...]:
    """The rig models whose kit ships a procedure library, sorted (imports every kit).

    A kit that cannot be loaded is left out: its error belongs to the command that uses it.
    """
    names = []
    for name in model_names():
        try:
            if get_kit(name).library is not None:
                names.append(name)
        except EquipmentError:
            continue
    return tuple(names)


def library_path(model_name: str) -> Path:
    """The procedure library file of a rig model's kit; EquipmentError if it has none."""
    kit = find_kit(model_name)
    path = kit.library_path() if kit is not None else None
    if path is None:
        known = library_models()
        missing = "" if model_name in model_names() else f". {NOT_INSTALLED}"
        raise EquipmentError(
            f"no procedure library for rig model {model_name!r}"
            f"{suggest(model_name, known)}; libraries exist for: {', '.join(known)}"
            + missing.format(name=model_name)
        )
    return path
