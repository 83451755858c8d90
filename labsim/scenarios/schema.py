"""JSON Schema of the scenario and library file formats, for editors and other tools.

Editors that read ``# yaml-language-server: $schema=labsim.schema.json`` complete keys
and flag mistakes while an instructor types. The schema is generated from the models
(by alias, as files write them), so it cannot drift from what the loader accepts; the
copy committed next to the shipped scenarios is checked by a test.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from labsim.scenarios.kitwords import KitWords
from labsim.scenarios.models import FORMAT_VERSION, ProcedureLibrary, Scenario

__all__ = ["library_json_schema", "scenario_json_schema", "schema_text", "words_json_schema"]

_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario file."""
    return _schema(
        Scenario,
        f"urn:labsim:scenario:{FORMAT_VERSION}",
        f"labsim scenario (format version {FORMAT_VERSION})",
    )


def library_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a procedure library file."""
    return _schema(
        ProcedureLibrary,
        f"urn:labsim:procedure-library:{FORMAT_VERSION}",
        f"labsim procedure library (format version {FORMAT_VERSION})",
    )


def words_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a rig kit's words file (``words.yaml``)."""
    return _schema(KitWords, "urn:labsim:kit-words:1", "labsim rig kit words")


def schema_text(*, library: bool = False, words: bool = False) -> str:
    """The schema as the text committed to ``scenarios/`` (stable, ends with a newline)."""
    if words:
        schema = words_json_schema()
    else:
        schema = library_json_schema() if library else scenario_json_schema()
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _schema(model: type[BaseModel], schema_id: str, title: str) -> dict[str, Any]:
    body = model.model_json_schema(by_alias=True, mode="validation")
    body.pop("title", None)
    return {"$schema": _DRAFT, "$id": schema_id, "title": title, **body}
