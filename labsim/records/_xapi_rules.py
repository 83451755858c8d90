"""The structure rules of an xAPI 1.0.3 statement, checked without a learning record store.

Used by the tests and as a guard before an export is written: a statement this module
finds fault with would be refused by a conformant LRS, so it must never leave labsim.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, Final
from urllib.parse import urlsplit

__all__ = ["validate_statement"]

#: A UUID in its standard string form, RFC 4122 variant (as xAPI asks).
_UUID: Final = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"
)
_DURATION: Final = re.compile(
    r"^P(?!$)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?W)?(?:\d+(?:\.\d+)?D)?"
    r"(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?$"
)
_LANGUAGE_TAG: Final = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")
_SCHEME: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_SHA1: Final = re.compile(r"^[0-9a-fA-F]{40}$")

_STATEMENT_KEYS: Final = frozenset(
    {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority",
     "version", "attachments"}
)  # fmt: skip
_AGENT_KEYS: Final = frozenset(
    {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account", "member"}
)
_IFIS: Final = ("mbox", "mbox_sha1sum", "openid", "account")
_DEFINITION_KEYS: Final = frozenset(
    {"name", "description", "type", "moreInfo", "extensions", "interactionType",
     "correctResponsesPattern", "choices", "scale", "source", "target", "steps"}
)  # fmt: skip
_RESULT_KEYS: Final = frozenset(
    {"score", "success", "completion", "response", "duration", "extensions"}
)
_CONTEXT_KEYS: Final = frozenset(
    {"registration", "instructor", "team", "contextActivities", "revision", "platform",
     "language", "statement", "extensions"}
)  # fmt: skip
_CONTEXT_ACTIVITY_KEYS: Final = frozenset({"parent", "grouping", "category", "other"})

Problems = list[str]


def _is_iri(value: object) -> bool:
    """An absolute IRI: a scheme, no white space; http(s) ones also need a host."""
    if not isinstance(value, str) or not _SCHEME.match(value):
        return False
    parts = urlsplit(value)
    return parts.scheme.lower() not in {"http", "https"} or bool(parts.netloc)


def _object(value: object, where: str, out: Problems) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        out.append(f"{where}: must be a JSON object, got {value!r}")
        return None
    return value


def _keys(value: dict[str, Any], allowed: frozenset[str], where: str, out: Problems) -> None:
    for key in sorted(set(value) - allowed):
        out.append(f"{where}: unknown property {key!r}")


def _iri(value: object, where: str, out: Problems) -> None:
    if not _is_iri(value):
        out.append(f"{where}: must be an absolute IRI, got {value!r}")


def _uuid(value: object, where: str, out: Problems) -> None:
    if not isinstance(value, str) or not _UUID.match(value):
        out.append(f"{where}: must be a UUID, got {value!r}")


def _language_map(value: object, where: str, out: Problems) -> None:
    if (found := _object(value, where, out)) is None:
        return
    for tag, text in found.items():
        if not _LANGUAGE_TAG.match(tag):
            out.append(f"{where}: {tag!r} is not an RFC 5646 language tag")
        if not isinstance(text, str):
            out.append(f"{where}.{tag}: must be text, got {text!r}")


def _extensions(value: object, where: str, out: Problems) -> None:
    if (found := _object(value, where, out)) is None:
        return
    for key in found:
        _iri(key, f"{where} key", out)


def _identifiers(agent: dict[str, Any], kind: str, where: str, out: Problems) -> None:
    """Exactly one inverse functional identifier, each well formed (groups may have none)."""
    ifis = [key for key in _IFIS if key in agent]
    if len(ifis) > 1:
        out.append(f"{where}: must have one identifier, got {', '.join(ifis)}")
    elif not ifis and not (kind == "Group" and isinstance(agent.get("member"), list)):
        out.append(f"{where}: needs one of {', '.join(_IFIS)}")
    if "mbox" in agent and not str(agent["mbox"]).startswith("mailto:"):
        out.append(f"{where}.mbox: must be a mailto: IRI, got {agent['mbox']!r}")
    if "mbox_sha1sum" in agent and not _SHA1.match(str(agent["mbox_sha1sum"])):
        out.append(f"{where}.mbox_sha1sum: must be 40 hex digits")
    if "openid" in agent:
        _iri(agent["openid"], f"{where}.openid", out)
    if "account" in agent and (account := _object(agent["account"], f"{where}.account", out)):
        _keys(account, frozenset({"homePage", "name"}), f"{where}.account", out)
        _iri(account.get("homePage"), f"{where}.account.homePage", out)
        name = account.get("name")
        if not isinstance(name, str) or not name:
            out.append(f"{where}.account.name: must be non-empty text, got {name!r}")


def _agent(value: object, where: str, out: Problems) -> None:
    """An Agent, or a Group with its members."""
    if (agent := _object(value, where, out)) is None:
        return
    _keys(agent, _AGENT_KEYS, where, out)
    kind = agent.get("objectType", "Agent")
    if kind not in {"Agent", "Group"}:
        out.append(f"{where}.objectType: must be 'Agent' or 'Group', got {kind!r}")
        return
    _identifiers(agent, kind, where, out)
    if "name" in agent and not isinstance(agent["name"], str):
        out.append(f"{where}.name: must be text, got {agent['name']!r}")
    if "member" not in agent:
        return
    members = agent["member"]
    if kind == "Agent":
        out.append(f"{where}: an Agent has no 'member'")
    elif not isinstance(members, list):
        out.append(f"{where}.member: must be a list of agents")
    else:
        for i, member in enumerate(members):
            _agent(member, f"{where}.member[{i}]", out)


def _activity(value: object, where: str, out: Problems) -> None:
    if (activity := _object(value, where, out)) is None:
        return
    _keys(activity, frozenset({"objectType", "id", "definition"}), where, out)
    if activity.get("objectType", "Activity") != "Activity":
        out.append(f"{where}.objectType: must be 'Activity', got {activity['objectType']!r}")
    _iri(activity.get("id"), f"{where}.id", out)
    if "definition" not in activity:
        return
    if (definition := _object(activity["definition"], f"{where}.definition", out)) is None:
        return
    _keys(definition, _DEFINITION_KEYS, f"{where}.definition", out)
    for key in ("name", "description"):
        if key in definition:
            _language_map(definition[key], f"{where}.definition.{key}", out)
    for key in ("type", "moreInfo"):
        if key in definition:
            _iri(definition[key], f"{where}.definition.{key}", out)
    if "extensions" in definition:
        _extensions(definition["extensions"], f"{where}.definition.extensions", out)


def _statement_object(value: object, out: Problems) -> None:
    if (found := _object(value, "object", out)) is None:
        return
    kind = found.get("objectType", "Activity")
    if kind == "Activity":
        _activity(found, "object", out)
    elif kind in {"Agent", "Group"}:
        _agent(found, "object", out)
    elif kind == "StatementRef":
        _keys(found, frozenset({"objectType", "id"}), "object", out)
        _uuid(found.get("id"), "object.id", out)
    elif kind == "SubStatement":
        for key in ("actor", "verb", "object"):
            if key not in found:
                out.append(f"object: a SubStatement needs {key!r}")
    else:
        out.append(f"object.objectType: unknown kind {kind!r}")


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _score(value: object, where: str, out: Problems) -> None:
    if (score := _object(value, where, out)) is None:
        return
    _keys(score, frozenset({"scaled", "raw", "min", "max"}), where, out)
    for key, item in score.items():
        if not _number(item):
            out.append(f"{where}.{key}: must be a finite number, got {item!r}")
            return
    if "scaled" in score and not -1.0 <= score["scaled"] <= 1.0:
        out.append(f"{where}.scaled: must be between -1 and 1, got {score['scaled']!r}")
    low, high, raw = score.get("min"), score.get("max"), score.get("raw")
    if low is not None and high is not None and not low < high:
        out.append(f"{where}: min ({low}) must be less than max ({high})")
    if raw is not None and ((low is not None and raw < low) or (high is not None and raw > high)):
        out.append(f"{where}.raw: {raw} lies outside min..max")


def _result(value: object, out: Problems) -> None:
    if (result := _object(value, "result", out)) is None:
        return
    _keys(result, _RESULT_KEYS, "result", out)
    if "score" in result:
        _score(result["score"], "result.score", out)
    for key in ("success", "completion"):
        if key in result and not isinstance(result[key], bool):
            out.append(f"result.{key}: must be true or false, got {result[key]!r}")
    if "response" in result and not isinstance(result["response"], str):
        out.append("result.response: must be text")
    if "duration" in result:
        duration = result["duration"]
        if not isinstance(duration, str) or not _DURATION.match(duration):
            out.append(f"result.duration: must be an ISO 8601 duration, got {duration!r}")
    if "extensions" in result:
        _extensions(result["extensions"], "result.extensions", out)


def _context_activities(value: object, out: Problems) -> None:
    groups = _object(value, "context.contextActivities", out)
    for key, activities in (groups or {}).items():
        where = f"context.contextActivities.{key}"
        if key not in _CONTEXT_ACTIVITY_KEYS:
            out.append(f"{where}: unknown kind of context activity")
        listed = activities if isinstance(activities, list) else [activities]
        for i, activity in enumerate(listed):
            _activity(activity, f"{where}[{i}]", out)


def _context(value: object, object_kind: str, out: Problems) -> None:
    if (context := _object(value, "context", out)) is None:
        return
    _keys(context, _CONTEXT_KEYS, "context", out)
    if "registration" in context:
        _uuid(context["registration"], "context.registration", out)
    for key in ("instructor", "team"):
        if key in context:
            _agent(context[key], f"context.{key}", out)
    for key in ("revision", "platform"):
        if key not in context:
            continue
        if not isinstance(context[key], str):
            out.append(f"context.{key}: must be text")
        if object_kind != "Activity":
            out.append(f"context.{key}: only allowed when the object is an Activity")
    if "language" in context and not _LANGUAGE_TAG.match(str(context["language"])):
        out.append(f"context.language: not an RFC 5646 tag: {context['language']!r}")
    if "extensions" in context:
        _extensions(context["extensions"], "context.extensions", out)
    if "contextActivities" in context:
        _context_activities(context["contextActivities"], out)


def _verb(value: object, out: Problems) -> None:
    if (verb := _object(value, "verb", out)) is None:
        return
    _keys(verb, frozenset({"id", "display"}), "verb", out)
    _iri(verb.get("id"), "verb.id", out)
    if "display" in verb:
        _language_map(verb["display"], "verb.display", out)


def _timestamp(value: object, where: str, out: Problems) -> None:
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None:
        out.append(f"{where}: must be an ISO 8601 date and time, got {value!r}")
    elif moment.tzinfo is None:
        out.append(f"{where}: must carry a time zone, got {value!r}")


def _version(value: object, where: str, out: Problems) -> None:
    if not re.match(r"^1\.0(\.\d+)?$", str(value)):
        out.append(f"{where}: must be 1.0.x, got {value!r}")


def _statement_context(statement: dict[str, Any], out: Problems) -> None:
    target = statement.get("object")
    kind = target.get("objectType", "Activity") if isinstance(target, dict) else "Activity"
    _context(statement["context"], str(kind), out)


#: How each property of a statement is checked, given the statement.
_PROPERTY_CHECKS: Final[dict[str, Callable[[dict[str, Any], Problems], None]]] = {
    "id": lambda st, out: _uuid(st["id"], "id", out),
    "actor": lambda st, out: _agent(st["actor"], "actor", out),
    "verb": lambda st, out: _verb(st["verb"], out),
    "object": lambda st, out: _statement_object(st["object"], out),
    "result": lambda st, out: _result(st["result"], out),
    "context": _statement_context,
    "timestamp": lambda st, out: _timestamp(st["timestamp"], "timestamp", out),
    "stored": lambda st, out: _timestamp(st["stored"], "stored", out),
    "authority": lambda st, out: _agent(st["authority"], "authority", out),
    "version": lambda st, out: _version(st["version"], "version", out),
}


def validate_statement(statement: object) -> list[str]:
    """List what is wrong with an xAPI 1.0.3 statement (an empty list: it is valid).

    Checks the required properties, that identifiers are absolute IRIs and UUIDs, that
    actors have exactly one identifier, scores and durations are well formed and
    timestamps parse with a time zone.
    """
    out: Problems = []
    if (found := _object(statement, "statement", out)) is None:
        return out
    _keys(found, _STATEMENT_KEYS, "statement", out)
    for key in ("actor", "verb", "object"):
        if key not in found:
            out.append(f"statement: missing required property {key!r}")
    for key, check in _PROPERTY_CHECKS.items():
        if key in found:
            check(found, out)
    return out
