"""``labsim schema``: the JSON Schema of scenario, library, kit words or kit panel files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from labsim.commands._common import reports_errors

__all__ = ["register"]

# "\b" keeps click from re-wrapping the example line into the paragraph.
_SCHEMA_HELP = """Print the JSON Schema that editors use to complete and check scenario files.

Point an editor at it with a first line such as:

\b
    # yaml-language-server: $schema=labsim.schema.json
"""


def register(app: typer.Typer) -> None:
    """Add ``schema`` to the ``labsim`` app."""
    app.command("schema", help=_SCHEMA_HELP)(schema)


@reports_errors
def schema(
    library: Annotated[
        bool, typer.Option("--library", help="The schema of procedure library files instead.")
    ] = False,
    words: Annotated[
        bool, typer.Option("--words", help="The schema of a rig kit's words.yaml instead.")
    ] = False,
    panel: Annotated[
        bool,
        typer.Option("--panel", help="The schema of a rig kit's panel description instead."),
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to this file instead of printing.")
    ] = None,
) -> None:
    """Print the JSON Schema that editors use to complete and check scenario files."""
    from labsim.errors import UsageError
    from labsim.files import write_atomic
    from labsim.scenarios.schema import schema_text

    if library + words + panel > 1:
        raise UsageError("give one of --library, --words or --panel")
    if panel:
        from labsim.kits.panel import panel_schema_text

        text = panel_schema_text()
    else:
        text = schema_text(library=library, words=words)
    if out is None:
        typer.echo(text, nl=False)
        return
    write_atomic(out, text)
    typer.echo(f"wrote {out}")
