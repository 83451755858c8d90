from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from labsim.commands import schema as schema_command
from labsim.scenarios import load_scenario
from labsim.scenarios.schema import library_json_schema, scenario_json_schema, schema_text

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"


@pytest.mark.parametrize(
    ("name", "flag"),
    [
        ("labsim.schema.json", ""),
        ("labsim-library.schema.json", " --library"),
        ("labsim-words.schema.json", " --words"),
    ],
)
def test_committed_schema_matches_the_models(name: str, flag: str) -> None:
    committed = (SCENARIOS / name).read_text(encoding="utf-8")
    text = schema_text(library=flag == " --library", words=flag == " --words")
    assert committed == text, (
        f"scenarios/{name} is out of date with the models; regenerate it with "
        f"`labsim schema{flag} --out scenarios/{name}`"
    )


def test_schema_is_draft_2020_12_by_alias() -> None:
    schema = scenario_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("urn:labsim:scenario")
    assert schema["title"].startswith("labsim scenario")
    assert schema["additionalProperties"] is False
    assert {"labsim", "name", "run", "rigs", "procedures", "cohorts"} <= set(schema["required"])
    procedure = schema["$defs"]["Procedure"]["properties"]
    assert "pass" in procedure and "pass_rule" not in procedure  # files write the alias
    assert "for" in schema["$defs"]["ContinuousRun"]["properties"]
    assert library_json_schema()["required"] == ["labsim", "procedures"]


def test_durations_are_strings_with_units_in_the_schema() -> None:
    rig_failures = scenario_json_schema()["$defs"]["Failures"]["properties"]["mtbf"]
    text = json.dumps(rig_failures)
    assert '"type": "string"' in text and "min" in text


def _valid(schema: dict[str, Any], value: Any, root: dict[str, Any]) -> bool:
    """A small JSON Schema checker, enough for the keywords pydantic writes here."""
    if "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in schema or "oneOf" in schema:
        options = schema.get("anyOf", schema.get("oneOf"))
        hits = sum(_valid(option, value, root) for option in options)
        return hits == 1 if "oneOf" in schema else hits >= 1
    return _scalar_ok(schema, value) and _container_ok(schema, value, root)


_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _scalar_ok(schema: dict[str, Any], value: Any) -> bool:
    return (
        ("type" not in schema or _TYPES[schema["type"]](value))
        and ("const" not in schema or value == schema["const"])
        and ("enum" not in schema or value in schema["enum"])
        and ("pattern" not in schema or re.search(schema["pattern"], value) is not None)
        and ("minimum" not in schema or value >= schema["minimum"])
        and ("exclusiveMinimum" not in schema or value > schema["exclusiveMinimum"])
    )


def _container_ok(schema: dict[str, Any], value: Any, root: dict[str, Any]) -> bool:
    if isinstance(value, list):
        if "prefixItems" in schema:
            pairs = zip(schema["prefixItems"], value, strict=False)
            return all(_valid(item, v, root) for item, v in pairs)
        return all(_valid(schema.get("items", {}), v, root) for v in value)
    if not isinstance(value, dict):
        return True
    props = schema.get("properties", {})
    extra = schema.get("additionalProperties")
    if set(schema.get("required", [])) - set(value):
        return False
    if extra is False and set(value) - set(props):
        return False
    default = extra if isinstance(extra, dict) else {}
    return all(_valid(props.get(key, default), v, root) for key, v in value.items())


def test_shipped_scenario_validates_against_its_schema() -> None:
    schema = scenario_json_schema()
    data = load_scenario(SCENARIOS / "mmc.yaml").data
    assert _valid(schema, data, schema)
    assert not _valid(schema, {**data, "bogus": 1}, schema)
    wrong = json.loads(json.dumps(data))
    wrong["rigs"][0]["count"] = 0
    assert not _valid(schema, wrong, schema)
    wrong = json.loads(json.dumps(data))
    wrong["procedures"][0]["steps"][0]["time"] = "27"
    assert not _valid(schema, wrong, schema)
    wrong["procedures"][0]["steps"][0]["time"] = "27min"
    assert _valid(schema, wrong, schema)


def _app() -> typer.Typer:
    app = typer.Typer()
    schema_command.register(app)

    @app.command("noop")
    def noop() -> None:  # a second command keeps "schema" a subcommand
        """Do nothing."""

    return app


def test_schema_command_prints_and_writes(tmp_path: Path) -> None:
    runner = CliRunner()
    printed = runner.invoke(_app(), ["schema"])
    assert printed.exit_code == 0
    assert json.loads(printed.stdout) == scenario_json_schema()
    out = tmp_path / "lib.schema.json"
    written = runner.invoke(_app(), ["schema", "--library", "--out", str(out)])
    assert written.exit_code == 0
    assert out.read_text(encoding="utf-8") == schema_text(library=True)
    refused = runner.invoke(_app(), ["schema", "--out", str(tmp_path / "no" / "such" / "x.json")])
    assert refused.exit_code == 2
    assert "cannot write" in refused.output


def _command_paths() -> list[list[str]]:
    from labsim.cli import app

    paths: list[list[str]] = []

    def walk(command: Any, path: list[str]) -> None:
        paths.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return paths


def test_no_help_page_shows_raw_markup() -> None:
    from labsim.cli import app

    paths = _command_paths()
    assert ["schema"] in paths and len(paths) > 10
    for path in paths:
        result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "80"})
        assert result.exit_code == 0, path
        assert "``" not in result.output, (path, result.output)
    text = CliRunner().invoke(app, ["schema", "--help"], env={"COLUMNS": "80"}).output
    assert "\n      # yaml-language-server: $schema=labsim.schema.json\n" in text


def test_committed_panel_schema_matches_the_panel_model_and_checks_the_shipped_panels() -> None:
    import yaml
    from jsonschema import Draft202012Validator

    from labsim.kits.panel import panel_schema_text

    committed = (SCENARIOS / "labsim-panel.schema.json").read_text(encoding="utf-8")
    assert committed == panel_schema_text(), (
        "scenarios/labsim-panel.schema.json is out of date; regenerate it with "
        "`labsim schema --panel --out scenarios/labsim-panel.schema.json`"
    )
    validator = Draft202012Validator(json.loads(committed))
    panels = sorted((SCENARIOS.parent / "labsim" / "kits").glob("*/panel.yaml"))
    assert len(panels) >= 5
    for path in panels:
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert not errors, (path, errors[0].message)
    assert list(validator.iter_errors({"groups": [{"id": "m", "colour": "red"}]}))


def test_the_top_level_help_names_every_command_and_records_subcommand() -> None:
    from typer.testing import CliRunner

    from labsim.cli import app

    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    commands = [c.name for c in app.registered_commands] + [g.name for g in app.registered_groups]
    records = next(g for g in app.registered_groups if g.name == "records")
    subcommands = [c.name for c in records.typer_instance.registered_commands]
    for name in [*commands, *subcommands]:
        assert name and name in text, name
