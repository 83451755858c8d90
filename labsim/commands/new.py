"""``labsim new``: write a commented starter scenario that an instructor edits."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from labsim.commands._common import reports_errors
from labsim.errors import UsageError

__all__ = ["register", "starter_text"]

_TEMPLATE = Path(__file__).resolve().parent.parent / "data" / "templates" / "starter.yaml"


def register(app: typer.Typer) -> None:
    """Add ``new`` to the ``labsim`` app."""
    app.command("new")(new)


def starter_text(name: str, file_name: str) -> str:
    """The starter scenario with its name and file name filled in."""
    return _TEMPLATE.read_text(encoding="utf-8").format(name=name, file=file_name)


@reports_errors
def new(
    name: Annotated[str, typer.Argument(help="Name of the new scenario, e.g. 'signalling-week'.")],
    folder: Annotated[Path, typer.Option("--out", help="Folder to write NAME.yaml into.")] = Path(
        "."
    ),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write NAME.yaml, a commented starter scenario, and the JSON Schema beside it."""
    from labsim.files import write_atomic
    from labsim.scenarios.schema import schema_text

    stem = re.sub(r"[^A-Za-z0-9_\-]+", "-", name.strip()).strip("-")
    if not stem:
        raise UsageError(f"a scenario name needs letters or digits (got {name!r})")
    if not folder.is_dir():
        raise UsageError(f"--out {folder} is not a folder")
    target = folder / f"{stem}.yaml"
    if target.exists() and not force:
        raise UsageError(f"{target} already exists; choose another name or pass --force")
    write_atomic(target, starter_text(name.strip(), target.name))
    schema = folder / "labsim.schema.json"
    if not schema.exists():
        write_atomic(schema, schema_text())
    typer.echo(f"wrote {target}; check it with: labsim validate {target}")
