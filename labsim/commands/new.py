"""``labsim new``: write a commented starter scenario that an instructor edits."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from labsim.commands._common import option_error, reports_errors
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
    name: Annotated[
        str | None, typer.Argument(help="Name of the new scenario, e.g. 'signalling-week'.")
    ] = None,
    folder: Annotated[Path, typer.Option("--out", help="Folder to write NAME.yaml into.")] = Path(
        "."
    ),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    rig_kit: Annotated[
        tuple[str, Path] | None,
        typer.Option(
            "--rig-kit",
            metavar="NAME DIR",
            help="Instead: write a rig kit package for model NAME into DIR (its tests pass).",
        ),
    ] = None,
) -> None:
    """Write NAME.yaml, a commented starter scenario, and the JSON Schema beside it.

    With --rig-kit NAME DIR, write a new rig kit instead: a package with the model, its
    procedure library, words, panel description, a practice scenario and tests (see
    docs/rig-kits.md); pip install DIR and the rig is usable as `model: NAME`.
    """
    from labsim.files import write_atomic
    from labsim.scenarios.schema import schema_text

    if rig_kit is not None:
        from labsim.errors import NotEmptyError, SettingError
        from labsim.kits.scaffold import write_kit

        kit_name, kit_dir = rig_kit
        try:
            written = write_kit(kit_name, kit_dir, force=force)
        except SettingError as error:
            raise option_error(error, {"name": "--rig-kit"}) from None
        except NotEmptyError as error:
            raise UsageError(
                f"{error.shown} is not empty; choose a new folder or pass --force"
            ) from None
        typer.echo(
            f"wrote {len(written)} files into {kit_dir}; then: pip install -e {kit_dir} "
            f"&& (cd {kit_dir} && python -m pytest)"
        )
        return
    if name is None:
        raise UsageError("give the new scenario's NAME (or --rig-kit NAME DIR)")

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
    beside = ""
    if not schema.exists():
        write_atomic(schema, schema_text())
        beside = f" and {schema} (its JSON Schema, for editors)"
    typer.echo(f"wrote {target}{beside}; check it with: labsim validate {target}")
