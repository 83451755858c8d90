"""A rig's panel as data: tool groups bound to actions, selectors, lamps and badges on state.

A kit's ``panel.yaml`` says how its rig appears to a trainee; labsim's one generic renderer
draws it, so a kit needs no drawing code. The panel binds only to what the model declares:

* ``groups``: the tools the rig needs, in the order shown, each listing the actions done with
  it; ``settings`` names the action parameters set on the tool's selectors (a meter's range
  and probe points: their values come from the model's declarations), ``start`` where each
  selector stands out of the box, ``display`` a reading display for the group's measurements,
  and ``active`` a state variable that lights the control whose parameter matches it;
* ``rig``: the order of the controls on the rig itself (any action no group lists), the lamps
  (lit while a state variable has one of the listed values) and the badges (state variables
  shown with their current value);
* ``schematic``: ``none`` or ``card`` (a plain card with the model's title); the shipped
  kinds may add their own drawing on the render side;
* ``icon``: the rig's pictogram on the lab floor, as lines, rectangles and circles in a
  unit square (a kind labsim draws an icon for may leave it out).

Words shown on the panel (group names, lamp labels, badge names) are keys into the kit's
``words.yaml`` (``groups`` and ``panel`` sections). :func:`panel_json_schema` is published
as ``scenarios/labsim-panel.schema.json``.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from labsim.equipment.base import RigModel
from labsim.errors import KitError, ScenarioError
from labsim.scenarios.fields import STRICT

__all__ = [
    "ActiveSpec",
    "BadgeSpec",
    "GroupSpec",
    "IconShape",
    "LampSpec",
    "PanelSpec",
    "RigSpec",
    "check_panel",
    "panel_json_schema",
    "panel_schema_text",
    "panel_spec",
]

Value = str | int | float | bool


class _Strict(BaseModel):
    model_config = STRICT


class ActiveSpec(_Strict):
    """A control lights while the state variable ``var`` equals its parameter ``param``."""

    param: str
    var: str


class GroupSpec(_Strict):
    """One tool (or part of the rig) and the actions done with it."""

    id: str = Field(description="the group's id; its name is the kit's words `groups.<id>`")
    actions: list[str] = Field(default=[], description="actions whose controls sit on this tool")
    settings: list[str] = Field(
        default=[], description="action parameters set on this tool's selectors"
    )
    start: dict[str, Value] = Field(
        default={}, description="where each selector stands when the tool is handed out"
    )
    display: bool = Field(default=False, description="show the last reading of these actions")
    active: ActiveSpec | None = None


class LampSpec(_Strict):
    """A lamp: lit while state variable ``var`` has one of the values in ``lit``."""

    word: str = Field(description="key of the lamp's label in the kit's words `panel` section")
    var: str
    lit: list[Value]
    colour: Literal["good", "warn", "bad", "accent"] = "good"


class BadgeSpec(_Strict):
    """A state variable shown as its name and current value."""

    var: str
    word: str | None = Field(default=None, description="label key in words `panel` (else var)")


class RigSpec(_Strict):
    """The rig itself: the order of its controls, its lamps and badges."""

    order: list[str] = Field(default=[], description="rig actions in the order shown")
    lamps: list[LampSpec] = []
    badges: list[BadgeSpec] = []


Point = tuple[float, float]


class IconShape(_Strict):
    """One stroke of the rig's icon, in a unit square (0,0 top left, 1,1 bottom right).

    Exactly one of ``line`` (a polyline through two or more points), ``rect`` (x, y, width,
    height) or ``circle`` (centre x, centre y, radius); ``fill`` fills a rect or circle.
    """

    line: list[Point] | None = Field(default=None, min_length=2)
    rect: tuple[float, float, float, float] | None = None
    circle: tuple[float, float, float] | None = None
    fill: bool = False
    weight: float = Field(default=1.0, gt=0, le=4, description="stroke width, 1 = normal")

    @model_validator(mode="after")
    def _one_shape(self) -> IconShape:
        if sum(x is not None for x in (self.line, self.rect, self.circle)) != 1:
            raise ValueError("an icon shape is exactly one of line, rect or circle")
        return self


class PanelSpec(_Strict):
    """The panel description of one rig model (``panel.yaml`` in its kit)."""

    groups: list[GroupSpec] = []
    rig: RigSpec = RigSpec()
    schematic: Literal["none", "card"] = "card"
    icon: list[IconShape] = Field(
        default=[], description="the rig's pictogram on the lab floor (labsim watch)"
    )

    def group_of(self, action: str) -> str | None:
        """The group that lists ``action`` (None: not listed)."""
        return next((g.id for g in self.groups if action in g.actions), None)

    def tool_params(self) -> dict[str, str]:
        """Parameters set on a tool's selector: parameter -> group id."""
        return {param: g.id for g in self.groups for param in g.settings}

    def group(self, group_id: str) -> GroupSpec | None:
        """The group with this id."""
        return next((g for g in self.groups if g.id == group_id), None)


EMPTY = PanelSpec()


def panel_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a kit's panel description."""
    body = PanelSpec.model_json_schema(mode="validation")
    body.pop("title", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:labsim:panel:1",
        "title": "labsim rig kit panel description",
        **body,
    }


def panel_schema_text() -> str:
    """The panel schema as committed to ``scenarios/labsim-panel.schema.json``."""
    return json.dumps(panel_json_schema(), indent=2, ensure_ascii=False) + "\n"


@functools.cache
def _load(model_name: str) -> PanelSpec:
    from labsim.kits.registry import find_kit

    kit = find_kit(model_name)
    if kit is None or kit.panel is None:
        return EMPTY
    where = f"the panel file {kit.panel!r} of rig kit {model_name!r} ({kit.package})"
    # Read like every other labsim file: the same YAML rules, problems located by line.
    from labsim.scenarios.problems import validate_document
    from labsim.scenarios.source import read_document

    try:
        document = read_document(Path(str(kit.file(kit.panel))))
        spec = validate_document(PanelSpec, document)
    except ScenarioError as exc:
        raise KitError(f"{where}:\n{exc}") from None
    problems = check_panel(spec, kit.model)
    if problems:
        raise KitError(f"{where}: " + "; ".join(problems))
    return spec


def check_panel(spec: PanelSpec, model: type[RigModel]) -> list[str]:
    """What a panel description names that its model does not declare."""
    names = model.action_names()
    if names is None:
        return []
    problems: list[str] = []
    for group in spec.groups:
        for action in group.actions:
            if action not in names:
                problems.append(f"group {group.id!r} lists unknown action {action!r}")
        params = {p for a in group.actions if a in names for p in model.action_spec(a).params}
        for param in [*group.settings, *group.start]:
            if param not in params:
                problems.append(f"group {group.id!r}: no action of it has parameter {param!r}")
    for action in spec.rig.order:
        if action not in names:
            problems.append(f"rig.order names unknown action {action!r}")
    for var in [lamp.var for lamp in spec.rig.lamps] + [b.var for b in spec.rig.badges]:
        if var not in model.variables:
            problems.append(f"no state variable {var!r} (it has: {', '.join(model.variables)})")
    return problems


def panel_spec(model: type[RigModel]) -> PanelSpec:
    """The panel description of ``model`` (empty for a model no kit describes)."""
    return _load(model.name)
