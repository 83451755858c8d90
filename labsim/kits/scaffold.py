"""``labsim new --rig-kit``: write a new rig kit package whose own tests pass as generated.

The package has everything a kit needs (pyproject with the ``labsim.rigs`` entry point,
model, procedure library, words, panel description, a practice scenario and tests), from
templates in ``labsim/data/templates/kit``; the author replaces the example rig with theirs.
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

from labsim.errors import NotEmptyError, SettingError
from labsim.files import write_atomic

__all__ = ["kit_files", "write_kit"]

_TEMPLATES = Path(__file__).resolve().parent.parent / "data" / "templates" / "kit"
_NAME = re.compile(r"^[a-z][a-z0-9_]{1,40}$")


def kit_files(name: str) -> dict[str, str]:
    """The files of a new kit for rig model ``name``: relative path -> text.

    Raises:
        SettingError: (``name``) the name is not a rig model name.
    """
    if not _NAME.match(name):
        raise SettingError(
            "name",
            "a rig model name is lower-case letters, digits and '_', starting with a letter "
            "(e.g. axle_counter)",
            value=name,
        )
    package = f"{name}_kit"
    values = {
        "name": name,
        "package": package,
        "dist": f"labsim-{name.replace('_', '-')}-kit",
        "cls": "".join(part.capitalize() for part in name.split("_")) + "Rig",
        "title": name.replace("_", " ").capitalize(),
        "slug": name.replace("_", "-"),
    }
    layout = {
        "pyproject.toml": "pyproject.toml.tmpl",
        f"{package}/__init__.py": "__init__.py.tmpl",
        f"{package}/model.py": "model.py.tmpl",
        f"{package}/library.yaml": "library.yaml.tmpl",
        f"{package}/words.yaml": "words.yaml.tmpl",
        f"{package}/panel.yaml": "panel.yaml.tmpl",
        f"{values['slug']}-practice.yaml": "scenario.yaml.tmpl",
        "tests/test_kit.py": "test_kit.py.tmpl",
    }
    return {
        path: Template((_TEMPLATES / template).read_text(encoding="utf-8")).substitute(values)
        for path, template in layout.items()
    }


def write_kit(name: str, folder: Path, *, force: bool = False) -> list[Path]:
    """Write the kit into ``folder`` (created; must be empty unless ``force``).

    Raises:
        SettingError: (``name``) the name is not a rig model name.
        NotEmptyError: the folder holds files and ``force`` is not set.
    """
    files = kit_files(name)
    if folder.exists() and any(folder.iterdir()) and not force:
        raise NotEmptyError(folder)
    written = []
    for relative, text in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text)
        written.append(target)
    return written
