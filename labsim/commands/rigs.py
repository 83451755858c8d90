"""``labsim rigs``: the installed rig kinds (kits), as a table or JSON; one in full."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from labsim.commands._common import FormatOption, TableOrJson, reports_errors

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add ``rigs`` to the ``labsim`` app."""
    app.command("rigs")(rigs)


@reports_errors
def rigs(
    model: Annotated[
        str | None, typer.Argument(help="One rig model to describe in full (default: all).")
    ] = None,
    output: FormatOption = TableOrJson.table,
) -> None:
    """List the installed rig kinds (kits) or describe one in full.

    For each model: title, package and version, actions (parameters, safety gates), readings
    (unit, normal range), state variables, faults with symptoms, the procedures of its
    library and the languages its texts cover. A kit that cannot load is listed with its
    error; naming it exits with status 2.
    """
    from labsim.kits.describe import describe, list_kits

    if model is not None:
        data: Any = describe(model)
        if output is TableOrJson.json:
            typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            _print_one(data)
        return
    kits = list_kits()
    if output is TableOrJson.json:
        typer.echo(json.dumps(kits, indent=2, ensure_ascii=False))
    else:
        _print_all(kits)


def _languages(kit: dict[str, Any], detail: bool = False) -> str:
    """The kit's languages, ``*`` marking one whose texts a native speaker has not reviewed.

    With ``detail``, how many of the kit's words and library texts each language has.
    """
    parts = kit["languages"]["words"], kit["languages"]["library"]
    shown = []
    for lang in dict.fromkeys([*parts[0], *parts[1]]):
        counts = [part[lang] for part in parts if lang in part]
        translated = sum(c["translated"] for c in counts)
        reviewed = sum(c["reviewed"] for c in counts)
        if not detail:
            shown.append(lang + ("*" if reviewed < translated else ""))
            continue
        total = sum(part[next(iter(part))]["of"] for part in parts if part)
        note = ""
        if reviewed < translated:
            note = " not reviewed" if reviewed == 0 else f" ({reviewed} reviewed)"
        shown.append(f"{lang} {translated}/{total}{note}")
    return (", " if detail else ",").join(shown) or "en"


def _print_all(kits: list[dict[str, Any]]) -> None:
    from rich import box
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    # each kind on two lines (its model name, then its title and package) so that the table
    # keeps every column readable in 80 columns
    table = Table(
        title="Installed rig kinds (labsim rigs MODEL for one in full)",
        box=box.SIMPLE_HEAD,
        show_edge=False,
    )
    table.add_column("model · title · package", min_width=24, ratio=1)
    for column in ("acts", "reads", "faults", "procs"):
        table.add_column(column, no_wrap=True, justify="right")
    table.add_column("languages", no_wrap=True)
    for kit in kits:
        package = escape(f"{kit['package']} {kit['version']}")
        if "error" in kit:
            error = escape(str(kit["error"]))
            table.add_row(f"{escape(kit['name'])}\n[red]cannot load: {error}[/red] · {package}")
            continue
        actions = "any" if kit["accepts_any_action"] else str(len(kit["actions"]))
        table.add_row(
            f"[bold]{escape(kit['name'])}[/bold]\n[dim]{escape(kit['title'])} · {package}[/dim]",
            actions,
            str(len(kit["readings"])),
            str(len(kit["faults"])),
            str(len(kit["procedures"])),
            _languages(kit),
        )
    console = Console()
    console.print(table)
    console.print(
        "acts: actions, reads: readings, procs: procedures in its library; "
        "*: not reviewed by a native speaker",
        style="dim",
    )


def _print_one(kit: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(
        f"[bold]{kit['name']}[/bold]  {kit['title']}  (kind {kit['kind']}, rig group "
        f"{kit['group_id']!r}; package {kit['package']} {kit['version']}, {kit['entry_point']})"
    )
    console.print(
        f"texts (words and library) per language: {_languages(kit, detail=True)}\n"
        f"after a rig failure the next rig starts "
        f"{'fresh' if kit['restart_after_failure'] == 'fresh' else 'where the procedure was'}"
    )
    if kit["accepts_any_action"]:
        console.print("accepts any action (steps are taken on trust)")
    actions = Table(title="Actions", title_justify="left")
    for column in ("action", "parameters", "safety gates"):
        actions.add_column(column)
    for name, spec in kit["actions"].items():
        params = "; ".join(f"{p}: {', '.join(map(str, v))}" for p, v in spec["params"].items())
        actions.add_row(name, params or "-", ", ".join(spec["gates"]) or "-")
    console.print(actions)
    readings = Table(title="Readings", title_justify="left")
    for column in ("quantity", "unit", "normal range"):
        readings.add_column(column)
    for name, spec in kit["readings"].items():
        normal = spec["normal_range"]
        readings.add_row(name, spec["unit"], f"{normal[0]:g} - {normal[1]:g}" if normal else "-")
    console.print(readings)
    state = Table(title="State variables", title_justify="left")
    for column in ("variable", "values", "start"):
        state.add_column(column)
    for name, spec in kit["state"].items():
        values = (
            spec["values"]
            if isinstance(spec["values"], str)
            else ", ".join(map(str, spec["values"]))
        )
        state.add_row(name, values, str(spec["start"]))
    console.print(state)
    faults = Table(title="Faults", title_justify="left")
    for column in ("fault", "title", "symptoms", "shown by"):
        faults.add_column(column)
    for name, spec in kit["faults"].items():
        faults.add_row(name, spec["title"], spec["symptoms"], ", ".join(spec["evidence"]))
    console.print(faults)
    procs = ", ".join(f"{p['id']} ({p['kind']}, {p['steps']} steps)" for p in kit["procedures"])
    console.print(f"Procedures (include: [labsim:{kit['name']}]): {procs or 'none'}", markup=False)
