"""The interface catalogues: extracted from the code, complete, compiled on first use."""

from __future__ import annotations

import re
import string
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from labsim.errors import SettingError
from labsim.i18n import catalogue_languages, language_name, parse_langs, tr
from labsim.i18n import catalogues as cat

ROOT = Path(__file__).resolve().parents[1]
POT = ROOT / "labsim" / "i18n" / "locale" / "labsim.pot"
SHIPPED = ("zh", "th", "ru", "fr")


def _source_ids() -> set[str]:
    found = extract_from_dir(
        str(ROOT),
        method_map=[("labsim/**.py", "python")],
        keywords={"tr": None, "N_": None},
    )
    return {message for _, _, message, _, _ in found if isinstance(message, str)}


def _catalogue(path: Path) -> dict[str, tuple[str, set[str]]]:
    with path.open("rb") as fh:
        return {m.id: (m.string, set(m.flags)) for m in read_po(fh) if m.id}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_template_holds_every_message_of_the_code() -> None:
    pot = set(_catalogue(POT))
    code = _source_ids()
    assert code - pot == set(), "run the pybabel extract command of the README"
    assert pot - code == set(), "labsim.pot has messages the code no longer uses"


@pytest.mark.parametrize("lang", SHIPPED)
def test_each_shipped_catalogue_is_complete_and_keeps_the_fields(lang: str) -> None:
    pot = set(_catalogue(POT))
    po = _catalogue(cat.po_file(lang))
    untranslated = sorted(m for m in pot if not po.get(m, ("", set()))[0])
    assert untranslated == []
    for msgid, (text, flags) in po.items():
        assert "fuzzy" not in flags, msgid
        assert _fields(text) == _fields(msgid), (lang, msgid, text)


def test_languages_are_the_catalogues_english_first() -> None:
    assert catalogue_languages()[0] == "en"
    assert set(SHIPPED) <= set(catalogue_languages())
    assert language_name("th") == "ไทย"
    assert language_name("fr") == "français"


def test_lookup_translates_fills_in_and_falls_back_to_english() -> None:
    assert tr("Checklist", "zh") == "作业程序"
    assert tr("Step {n}/{total}", "ru", n=2, total=9).count("2/9") == 1
    assert tr("Checklist", "en") == "Checklist"
    assert tr("a message nobody wrote", "th") == "a message nobody wrote"


@pytest.mark.parametrize(
    ("spec", "langs"), [("en", ("en",)), ("zh+th", ("zh", "th")), (" ru + fr ", ("ru", "fr"))]
)
def test_lang_specs(spec: str, langs: tuple[str, ...]) -> None:
    assert parse_langs(spec) == langs


@pytest.mark.parametrize(
    ("spec", "match"),
    [
        ("xx", "no interface catalogue for 'xx'"),
        ("zh+th+ru", "one language or two"),
        ("zh+zh", "one language or two"),
        ("", "one language or two"),
    ],
)
def test_bad_lang_specs_say_what_is_wrong(spec: str, match: str) -> None:
    with pytest.raises(SettingError, match=re.escape(match)) as caught:
        parse_langs(spec)
    assert caught.value.setting == "lang" and "--" not in str(caught.value)


def test_catalogues_compile_once_into_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    data = cat._compiled("fr")
    cached = list((tmp_path / "labsim" / "locale").glob("fr-*.mo"))
    assert len(cached) == 1
    assert cached[0].read_bytes() == data
    monkeypatch.setattr(cat, "_compile", lambda *_: pytest.fail("compiled twice"))
    assert cat._compiled("fr") == data


def test_a_read_only_cache_still_gives_a_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert cat._compiled("zh").startswith(b"\xde\x12\x04\x95")


def test_no_hand_written_translation_tables_in_the_interface() -> None:
    tables = re.compile(r"""["'](zh|th|ru|fr)["']\s*:""")
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "labsim").rglob("*.py")
        if tables.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("lang", "script"), [("zh", "han"), ("th", "thai"), ("ru", "cyrillic"), ("fr", None)]
)
def test_each_catalogue_is_written_in_its_own_script(lang: str, script: str | None) -> None:
    from labsim.i18n import language_scripts

    # Han is allowed everywhere: the registration book's own names (运统-46, 登记, 销记) stay
    assert language_scripts(lang) - {"latin", "han"} == {script} - {None, "han"}
    assert script is None or script in language_scripts(lang)


def test_every_literal_message_in_the_code_is_in_the_template() -> None:
    """Babel misses a tr() nested in another's arguments: every literal must still be there."""
    import ast

    pot = set(_catalogue(POT))
    found = set()
    for path in (ROOT / "labsim").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) in ("tr", "N_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    assert found - pot == set()


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG rule is read directly on Linux only")
@pytest.mark.parametrize(
    "given", [None, "", "   ", "relative/cache", "/tmp/xdg-cache", " /tmp/x ", "/tmp/y "]
)
def test_the_cache_folder_of_catalogues_and_scenarios_is_the_one_platformdirs_names(
    given: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from platformdirs import user_cache_path

    from labsim.files import cache_home

    if given is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", given)
    assert cache_home() == user_cache_path("labsim")
