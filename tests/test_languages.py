"""Content in any language: BCP 47 keys, declared languages, coverage, unreviewed marks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from scenario_support import validate, written
from typer.testing import CliRunner

from labsim.errors import ScenarioError
from labsim.scenarios import language_coverage, load_library, load_scenario
from labsim.scenarios.kitwords import load_words
from labsim.scenarios.langtags import (
    _WELL_FORMED,
    LANGUAGE_TAG_PATTERN,
    LocalText,
    Title,
    canonical_tag,
    lookup_chain,
    pick,
)
from labsim.scenarios.texts import LanguageCoverage, iter_texts, missing_texts

LIBRARY = """\
labsim: 1
languages: [zh, th]
unreviewed: [th]
procedures:
  - id: adjust
    rig: bench
    model: generic
    title: Adjust the bench
    text: {en: Adjust the bench, zh: 调整工位, th: ปรับแท่นทดสอบ}
    steps:
      - id: look
        action: look
        time: 3min
        text: {en: Look at the bench, zh: 检查工位}
        hint:
          en: Both sides
      - id: turn
        action: turn
        time: 1min
        text: {en: Turn the knob, th: หมุนปุ่ม}
  - id: check
    rig: bench
    model: generic
    unreviewed: [zh]
    steps:
      - id: look
        action: look
        time: 2min
        text: {en: Look again, zh: 再检查, th: ตรวจอีกครั้ง}
"""

SCENARIO = """\
labsim: 1
name: Language lab
languages: [fr]
include: [lib.yaml]
run: {for: 10h}
skills:
  novice: {time_factor: 1, error_rate: 0}
rigs:
  - {id: bench, model: generic, count: 1}
procedures:
  - id: own
    rig: bench
    steps:
      - {id: look, action: look, time: 1min, text: {en: Look, fr: Regardez}}
cohorts:
  - {id: a, size: 1, arrive: "08:00", skill: novice, plan: [own, adjust]}
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    library = tmp_path / "lib.yaml"
    library.write_text(LIBRARY, encoding="utf-8")
    scenario = tmp_path / "lab.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    return library, scenario


# ---- tags -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("en", "en"),
        ("ZH", "zh"),
        ("th", "th"),
        ("zh-hans-cn", "zh-Hans-CN"),
        ("pt-br", "pt-BR"),
        ("iw", "he"),
        ("sr-Latn", "sr-Latn"),
        ("de-DE-1901", "de-DE-1901"),
        ("en-US-u-ca-gregory", "en-US-u-ca-gregory"),
        ("x-lab", "x-lab"),
    ],
)
def test_well_formed_registered_tags_are_kept_in_canonical_form(
    written: str, canonical: str
) -> None:
    assert canonical_tag(written) == canonical


@pytest.mark.parametrize(
    ("written", "match"),
    [
        ("en_US", r"not a well-formed.*write 'en-US'"),
        ("en-", "not a well-formed"),
        ("e", "not a well-formed"),
        ("zh--CN", "not a well-formed"),
        ("english language", "not a well-formed"),
        ("en-US-u", "not a well-formed"),
        ("cn", "country code, the language is 'zh'"),
        ("jp", "country code, the language is 'ja'"),
        ("xx", "not a registered language tag"),
        ("English", "not a registered language tag"),
    ],
)
def test_malformed_or_unregistered_tags_are_refused(written: str, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        canonical_tag(written)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZx19-_", max_size=14))
def test_the_schema_pattern_agrees_with_the_loader_on_well_formedness(text: str) -> None:
    assert bool(re.fullmatch(LANGUAGE_TAG_PATTERN, text)) == bool(_WELL_FORMED.fullmatch(text))


def test_lookup_goes_from_specific_to_general_then_english_then_anything() -> None:
    assert lookup_chain("zh-Hant-TW") == ["zh-hant-tw", "zh-hant", "zh"]
    assert lookup_chain("en-US-u-ca-gregory") == [
        "en-us-u-ca-gregory",
        "en-us-u-ca",
        "en-us",
        "en",
    ]
    text = {"en": "Throw", "zh": "操纵", "pt-BR": "Acione"}
    assert pick(text, "zh-Hans-CN") == "操纵"
    assert pick(text, "pt-br") == "Acione"
    assert pick(text, "pt") == "Throw"
    assert pick({"fr": "Manoeuvrez"}, "th") == "Manoeuvrez"
    assert pick(None, "th", "fallback") == "fallback"


def test_a_language_map_needs_one_language_and_one_spelling_of_each() -> None:
    adapter = TypeAdapter(LocalText)
    assert adapter.validate_python({"TH": "หมุน"}) == {"th": "หมุน"}
    with pytest.raises(ValidationError, match="at least one language"):
        adapter.validate_python({})
    with pytest.raises(ValidationError, match="'fr' and 'FR' are the same language"):
        adapter.validate_python({"fr": "a", "FR": "b"})
    with pytest.raises(ValidationError, match=r"at least 1 character"):
        adapter.validate_python({"fr": ""})
    assert TypeAdapter(Title).validate_python("Adjust") == {"en": "Adjust"}


# ---- declared languages, coverage, unreviewed marks ---------------------------------------


def test_texts_are_found_wherever_they_are(files: tuple[Path, Path]) -> None:
    library = load_library(files[0]).library
    assert [path for path, _ in iter_texts(library)] == [
        ("procedures", 0, "title"),
        ("procedures", 0, "text"),
        ("procedures", 0, "steps", 0, "text"),
        ("procedures", 0, "steps", 0, "hint"),
        ("procedures", 0, "steps", 1, "text"),
        ("procedures", 1, "steps", 0, "text"),
    ]


def test_coverage_counts_translated_and_reviewed_texts_per_language(
    files: tuple[Path, Path],
) -> None:
    coverage = language_coverage(load_library(files[0]).library)
    assert list(coverage) == ["en", "zh", "th"]
    assert coverage["en"] == LanguageCoverage("en", 6, 6, 6)
    # zh is reviewed in 'adjust' (2 texts) but marked unreviewed in 'check' (1 text)
    assert coverage["zh"] == LanguageCoverage("zh", 6, 3, 2)
    # th is unreviewed file-wide
    assert coverage["th"] == LanguageCoverage("th", 6, 3, 0)
    assert coverage["th"].missing == 3


def test_missing_texts_name_the_languages_each_text_lacks(files: tuple[Path, Path]) -> None:
    library = load_library(files[0]).library
    warnings = [(p.path, p.message) for p in missing_texts(library)]
    assert warnings == [
        (("procedures", 0, "title"), "warning: no text in 'zh', 'th' (declared in 'languages:')"),
        (
            ("procedures", 0, "steps", 0, "text"),
            "warning: no text in 'th' (declared in 'languages:')",
        ),
        (
            ("procedures", 0, "steps", 0, "hint"),
            "warning: no text in 'zh', 'th' (declared in 'languages:')",
        ),
        (
            ("procedures", 0, "steps", 1, "text"),
            "warning: no text in 'zh' (declared in 'languages:')",
        ),
    ]


def test_validate_warns_with_file_and_line_and_shows_unreviewed_languages(
    files: tuple[Path, Path],
) -> None:
    library = files[0]
    code, output = validate(library)
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == f"ok: {library} (procedure library, 2 procedures)"
    assert lines[1] == "  texts: en 6/6, zh 3/6 (2 reviewed), th 3/6 (not reviewed)"
    assert f"  {library}:8:5: procedures[0].title: warning: no text in 'zh', 'th'" in output
    assert (
        f"  {library}:15:9: procedures[0].steps[0].hint: warning: no text in 'zh', 'th'" in output
    )
    assert f"  {library}:20:9: procedures[0].steps[1].text: warning: no text in 'zh'" in output
    assert lines[-2:] == [
        f"  {library}:3:1: unreviewed: note: the 'th' texts are not reviewed by a native "
        "speaker: have these safety instructions checked, then take the language out of "
        "'unreviewed:'",
        f"  {library}:24:5: procedures[1].unreviewed: note: the 'zh' texts are not reviewed "
        "by a native speaker: have these safety instructions checked, then take the language "
        "out of 'unreviewed:'",
    ]


def test_a_language_no_text_has_is_one_warning_at_its_declaration(tmp_path: Path) -> None:
    path = tmp_path / "lib.yaml"
    path.write_text(LIBRARY.replace("languages: [zh, th]", "languages: [zh, ru]"), "utf-8")
    code, output = validate(path)
    assert code == 0
    assert f"{path}:2:17: languages[1]: warning: no text is in 'ru' yet (6 to translate)" in output
    assert "no text in 'zh', 'ru'" not in output


def test_unreviewed_marks_and_declared_languages_reach_an_including_scenario(
    files: tuple[Path, Path],
) -> None:
    library, scenario = files
    loaded = load_scenario(scenario).scenario
    assert loaded.procedure("adjust").unreviewed == ["th"]
    assert loaded.procedure("check").unreviewed == ["th", "zh"]
    assert loaded.procedure("own").unreviewed == []
    coverage = language_coverage(loaded)
    assert coverage["th"] == LanguageCoverage("th", 8, 3, 0)  # the name is a text too
    assert coverage["fr"] == LanguageCoverage("fr", 8, 1, 1)
    code, output = validate(scenario)
    assert code == 0, output
    # the warnings about the included texts name the library file, its lines and its paths
    assert f"  {library}:14:9: procedures[0].steps[0].text: warning: no text in 'fr'" in output
    assert f"  {library}:29:9: procedures[1].steps[0].text: warning: no text in 'fr'" in output
    assert "own" not in output  # the scenario's own text has its French
    # the library's own mark, shown once for its two procedures, then the procedure's mark
    assert output.count(f"  {library}:3:1: note: the 'th' texts are not reviewed") == 1
    assert f"  {library}:24:5: note: the 'zh', 'th' texts are not reviewed" in output


def test_a_file_without_declared_languages_has_no_warnings(tmp_path: Path) -> None:
    path = tmp_path / "lib.yaml"
    path.write_text(
        LIBRARY.replace("languages: [zh, th]\n", "").replace("unreviewed: [th]\n", ""), "utf-8"
    )
    code, output = validate(path)
    assert code == 0
    assert "warning" not in output
    assert "procedures[1].unreviewed: note: the 'zh' texts are not reviewed" in output


def test_an_unreviewed_language_must_be_a_language(tmp_path: Path) -> None:
    path = tmp_path / "lib.yaml"
    path.write_text(LIBRARY.replace("unreviewed: [th]", "unreviewed: [thai]"), "utf-8")
    with pytest.raises(ScenarioError, match=r"lib\.yaml:3:.*unreviewed\[0\].*'thai'"):
        load_library(path)


# ---- the shipped libraries ----------------------------------------------------------------

SHIPPED_LANGUAGES = ["en", "zh", "th", "ru", "fr"]
# Numbers, units after a number, current kinds and names of parts a translation must carry
# over unchanged: these texts are safety instructions read beside a meter and a drawing.
_KEPT = re.compile(
    r"\d+(?:\.\d+)?"
    r"|(?<=\d )(?:kPa|mm|mA|Hz|ohm|V|A)\b"
    r"|\b(?:AC|DC|DBJ/FBJ|X1-X3|S700K|ZD6|ZPW-2000A|JZ-7|6502)\b"
    r"|运统-46|销记"
)


def _shipped() -> list[tuple[str, Path]]:
    """The libraries of labsim's own kits (a college's installed kit has its own languages)."""
    from labsim.kits import kit_entries
    from labsim.scenarios.loader import builtin_libraries

    own = {entry.name for entry in kit_entries() if entry.package == "labsim"}
    return sorted((name, path) for name, path in builtin_libraries().items() if name in own)


def test_there_are_shipped_libraries_to_check() -> None:
    assert len(_shipped()) >= 6


@pytest.mark.parametrize(("name", "path"), _shipped())
def test_every_shipped_text_is_in_five_languages_and_th_ru_fr_are_marked_unreviewed(
    name: str, path: Path
) -> None:
    library = load_library(path).library
    assert library.languages == SHIPPED_LANGUAGES
    assert library.unreviewed == ["th", "ru", "fr"]
    assert missing_texts(library) == []
    coverage = language_coverage(library)
    assert list(coverage) == SHIPPED_LANGUAGES
    texts = coverage["en"].texts
    assert texts > 20
    for lang in SHIPPED_LANGUAGES:
        assert coverage[lang].translated == texts, lang
    assert [coverage[lang].reviewed for lang in SHIPPED_LANGUAGES] == [texts, texts, 0, 0, 0]
    # every procedure has a title, and every step a text, in each language
    for procedure in library.procedures:
        assert procedure.title is not None
        assert sorted(procedure.title) == sorted(SHIPPED_LANGUAGES)
        for step in procedure.steps:
            assert step.text is not None
            assert sorted(step.text) == sorted(SHIPPED_LANGUAGES), step.id


@pytest.mark.parametrize(("name", "path"), _shipped())
def test_translations_keep_numbers_units_and_part_names(name: str, path: Path) -> None:
    library = load_library(path).library
    for where, text in iter_texts(library):
        kept = sorted(_KEPT.findall(text["en"]))
        for lang in ("th", "ru", "fr"):
            assert sorted(_KEPT.findall(text[lang])) == kept, (where, lang, text[lang])


def test_validate_shows_the_shipped_libraries_unreviewed_languages() -> None:
    code, output = validate(*(path for _, path in _shipped()))
    assert code == 0, output
    assert "warning" not in output
    assert output.count("note: the 'th', 'ru', 'fr' texts are not reviewed") == len(_shipped())
    assert "th 89/89 (not reviewed), ru 89/89 (not reviewed), fr 89/89 (not reviewed)" in output


# ---- the kits' words ----------------------------------------------------------------------


def _word_files() -> list[Path]:
    from labsim.kits import get_kit, kit_entries, model_names

    found = {}
    own = {entry.name for entry in kit_entries() if entry.package == "labsim"}
    for name in model_names():
        if name not in own:
            continue  # a college's installed kit has its own languages
        kit = get_kit(name)
        if kit.words is not None:
            path = Path(str(kit.file(kit.words)))
            found[path] = None
    return sorted(found)


def test_there_are_kit_words_to_check() -> None:
    assert len(_word_files()) >= 6


@pytest.mark.parametrize("path", _word_files(), ids=lambda p: p.parent.name)
def test_every_kit_word_is_in_five_languages_and_keeps_numbers(path: Path) -> None:
    words = load_words(path).words
    assert words.languages == SHIPPED_LANGUAGES
    assert words.unreviewed == ["th", "ru", "fr"]
    assert missing_texts(words) == []
    coverage = language_coverage(words)
    total = coverage["en"].texts
    assert [coverage[lang].translated for lang in SHIPPED_LANGUAGES] == [total] * 5
    assert [coverage[lang].reviewed for lang in SHIPPED_LANGUAGES] == [total, total, 0, 0, 0]
    any_case = re.compile(_KEPT.pattern, re.IGNORECASE)  # labels write 'indication voltage ac'
    for where, text in iter_texts(words):
        kept = sorted(found.lower() for found in any_case.findall(text["en"]))
        for lang in ("th", "ru", "fr"):
            got = sorted(found.lower() for found in any_case.findall(text[lang]))
            assert got == kept, (where, lang, text[lang])
            if where[0] == "note_patterns":
                assert text[lang].count("{0}") == text["en"].count("{0}"), (where, lang)


def test_a_bad_tag_in_a_words_file_is_refused_with_its_line(tmp_path: Path) -> None:
    path = written(
        tmp_path,
        "words.yaml",
        "languages: [en, zh]\nactions:\n  throw: {en: Throw, zh: 操纵}\n"
        "  cut_power:\n    en: Cut motor supply\n    zh_CN: 断开电源\n",
    )
    with pytest.raises(ScenarioError, match=r"words\.yaml:6:5: actions\.cut_power\.zh_CN: "):
        load_words(path)
    code, output = validate(path)
    assert code == 2
    assert "write 'zh-CN'" in output


def test_validate_reads_a_words_file_and_warns_about_missing_words(tmp_path: Path) -> None:
    path = written(
        tmp_path,
        "words.yaml",
        "languages: [en, zh]\nunreviewed: [zh]\nactions:\n  throw: {en: Throw, zh: 操纵}\n"
        "  cut_power: {en: Cut motor supply}\nshort:\n  select: {en: '', zh: ''}\n",
    )
    code, output = validate(path)
    assert code == 0, output
    assert output.splitlines()[:2] == [
        f"ok: {path} (rig kit words, 3 words)",
        "  texts: en 3/3, zh 2/3 (not reviewed)",
    ]
    assert f"{path}:5:3: actions.cut_power: warning: no text in 'zh'" in output
    assert f"{path}:2:1: unreviewed: note: the 'zh' texts are not reviewed" in output


def test_a_broken_words_file_is_a_kit_error_naming_the_kit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from labsim.errors import KitError
    from labsim.kits import get_model, words

    path = written(tmp_path, "words.yaml", "actions:\n  throw: {cn: 操纵}\n")
    monkeypatch.setattr(words, "load_words", lambda _: load_words(path))
    words._load.cache_clear()
    words._loaded.cache_clear()
    try:
        with pytest.raises(KitError, match=r"(?s)cannot be used:.*words\.yaml:2:.*country code"):
            words.kit_words(get_model("generic"))
    finally:
        words._load.cache_clear()
        words._loaded.cache_clear()
    words._loaded.cache_clear()


def test_a_rig_group_label_is_a_language_map_or_plain_english(tmp_path: Path) -> None:
    path = tmp_path / "lab.yaml"
    path.write_text(
        SCENARIO.replace("include: [lib.yaml]\n", "")
        .replace(", adjust]", "]")
        .replace(
            "  - {id: bench, model: generic, count: 1}",
            "  - {id: bench, model: generic, count: 1, label: {en: Benches, th: โต๊ะทดลอง}}",
        ),
        "utf-8",
    )
    group = load_scenario(path).scenario.rigs[0]
    assert group.name("th") == "โต๊ะทดลอง"
    assert group.name("fr") == "Benches"
    assert group.name() == "Benches"
    code, output = validate(path)
    assert code == 0
    assert f"{path}:8:43: rigs[0].label: warning: no text in 'fr'" in output


def test_the_shipped_scenarios_name_their_rigs_in_five_languages() -> None:
    root = Path(__file__).resolve().parents[1] / "scenarios"
    for path in [*sorted(root.glob("*-practice.yaml")), root / "luban-rail-lab.yaml"]:
        scenario = load_scenario(path).scenario
        assert scenario.unreviewed == ["th", "ru", "fr"], path
        for group in scenario.rigs:
            assert group.label is not None
            assert sorted(group.label) == sorted(SHIPPED_LANGUAGES), (path, group.id)
        assert missing_texts(scenario) == [], path


def test_labsim_rigs_marks_the_languages_nobody_has_reviewed() -> None:
    from labsim.cli import app

    table = CliRunner().invoke(app, ["rigs"], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "en,zh,th*,ru*,fr*" in table.output
    assert "*: not reviewed by a native speaker" in table.output
    one = CliRunner().invoke(app, ["rigs", "zd6_point_machine"], env={"COLUMNS": "200"})
    assert "en 178/178, zh 178/178, th 178/178 not reviewed, ru 178/178 not reviewed" in one.output
    data = CliRunner().invoke(app, ["rigs", "--format", "json"])
    zd6 = {k["name"]: k for k in json.loads(data.output)}["zd6_point_machine"]
    assert zd6["languages"]["library"]["th"] == {"translated": 89, "reviewed": 0, "of": 89}
    assert zd6["languages"]["words"]["zh"]["reviewed"] == zd6["languages"]["words"]["zh"]["of"]


def test_a_misspelt_section_of_a_words_file_is_named(tmp_path: Path) -> None:
    path = written(tmp_path, "words.yaml", "languages: [en]\nactons:\n  throw: {en: Throw}\n")
    code, output = validate(path)
    assert code == 2
    assert f"{path}:2:1: actons: unknown key 'actons'; did you mean 'actions'?" in output


_TAGS = st.builds(
    lambda lang, script, region: "-".join(p for p in (lang, script, region) if p),
    st.sampled_from(["en", "zh", "th", "ru", "fr", "pt", "ky", "tg", "uz", "ar"]),
    st.sampled_from(["", "Latn", "Cyrl", "hans", "Hant"]),
    st.sampled_from(["", "CN", "th", "RU", "dj", "NG", "419"]),
)


@settings(max_examples=150, deadline=None)
@given(_TAGS)
def test_canonical_tags_are_stable_and_case_blind(tag: str) -> None:
    canonical = canonical_tag(tag)
    assert canonical_tag(canonical) == canonical
    assert canonical_tag(tag.upper()) == canonical == canonical_tag(tag.lower())
    assert re.fullmatch(LANGUAGE_TAG_PATTERN, canonical)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_TAGS, st.text(min_size=1, max_size=5), min_size=1, max_size=4), _TAGS)
def test_pick_always_shows_a_text_the_map_has_preferring_the_closest(
    texts: dict[str, str], lang: str
) -> None:
    chosen = pick(texts, lang)
    assert chosen in texts.values()
    exact = {key.lower(): value for key, value in texts.items()}.get(lang.lower())
    if exact is not None:
        assert chosen == exact
