"""What each file of ``tests/bad_scenarios/`` must be refused with.

One entry per file: the line the problem must name (``None`` when the file has no lines,
e.g. a binary file), the field path it must name (``None`` for problems of the text
itself, such as bad YAML syntax), a pattern the message must match, and the file the
message must name when it is not the scenario itself (an included library).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

BAD_DIR = Path(__file__).parent / "bad_scenarios"


class Expected(NamedTuple):
    line: int | None
    path: str | None
    match: str
    file: str | None = None


EXPECTED: dict[str, Expected] = {
    "yaml_syntax.yaml": Expected(16, None, r"not valid YAML.*flow mapping that starts on line 15"),
    "wrong_type.yaml": Expected(9, "rigs[0].count", r"must be a whole number \(got 'two'\)"),
    "wrong_type.json": Expected(18, "rigs[0].count", r"must be a whole number \(got 'two'\)"),
    "wrong_type.toml": Expected(12, "rigs[0].count", r"must be >= 1 \(got -2\)"),
    "fractional_count.yaml": Expected(9, "rigs[0].count", r"whole number \(got 2\.5\)"),
    "error_rate_over_one.yaml": Expected(5, "skills.novice.error_rate", r"must be <= 1"),
    "unknown_key.yaml": Expected(9, "rigs[0].cout", r"unknown key 'cout'; did you mean 'count'\?"),
    "run_unknown_key.yaml": Expected(3, "run.speed", r"unknown key 'speed'"),
    "missing_count.yaml": Expected(7, "rigs[0].count", r"missing required key 'count'"),
    "missing_rigs.yaml": Expected(1, "rigs", r"missing required key 'rigs'"),
    "negative_duration.yaml": Expected(16, "procedures[0].signoff", r"cannot be negative"),
    "unitless_duration.yaml": Expected(
        15, "procedures[0].steps[0].time", r"needs a unit.*got bare number 3"
    ),
    "unknown_unit.yaml": Expected(16, "procedures[0].signoff", r"unknown time unit 'parsecs'"),
    "unknown_distribution.yaml": Expected(
        15,
        "procedures[0].steps[0].time",
        r"unknown distribution 'triangle'; did you mean 'triangular'",
    ),
    "triangular_order.yaml": Expected(
        15, "procedures[0].steps[0].time.triangular", r"min <= mode <= max"
    ),
    "bad_clock.yaml": Expected(20, "cohorts[0].arrive", r"no such time of day: '25:00'"),
    "warmup_too_long.yaml": Expected(3, "run", r"'warmup' must be shorter than 'for'"),
    "bad_id.yaml": Expected(7, "rigs[0].id", r"must be an id.*got 'work bench'"),
    "bad_int_literal.yaml": Expected(9, "rigs[0].count", r"'two' is not a valid !!int"),
    "yaml11_boolean.yaml": Expected(
        15, "procedures[0].steps[0].critical", r"must be true or false \(got 'yes'; write true\)"
    ),
    "dangling_rig.yaml": Expected(
        13, "procedures[0].rig", r"no rig group 'bnech'; did you mean 'bench'"
    ),
    "dangling_skill.yaml": Expected(21, "cohorts[0].skill", r"no skill 'expert' \(known: novice\)"),
    "dangling_plan.yaml": Expected(22, "cohorts[0].plan[1]", r"no procedure 'repair'"),
    "duplicate_rig_id.yaml": Expected(
        10, "rigs[1].id", r"duplicate rig group id 'bench' \(also at line 7\)"
    ),
    "duplicate_procedure_id.yaml": Expected(
        17, "procedures[1].id", r"duplicate procedure id 'inspect' \(also at line 12\)"
    ),
    "duplicate_step_id.yaml": Expected(
        16, "procedures[0].steps[1].id", r"duplicate step .* id 'look' \(also at line 15\)"
    ),
    "duplicate_cohort_id.yaml": Expected(23, "cohorts[1].id", r"duplicate cohort id 'a'"),
    "signoff_without_instructors.yaml": Expected(
        16, "procedures[0].signoff", r"sign-off needs an instructor"
    ),
    "infinite_position.yaml": Expected(10, "rigs[0].at", r"must be finite"),
    "wrong_version.yaml": Expected(
        1, "labsim", r"reads scenario format version 1; the file says 2"
    ),
    "missing_version.yaml": Expected(2, "labsim", r"missing 'labsim: 1'"),
    "python_tag.yaml": Expected(2, "name", r"tag !!python/object/apply:os.system is not allowed"),
    "custom_tag.yaml": Expected(9, "rigs[0].count", r"tag !count is not allowed"),
    "binary_tag.yaml": Expected(2, "name", r"tag !!binary is not allowed"),
    "duplicate_key.yaml": Expected(
        10, "rigs[0].count", r"duplicate key 'count' \(first written on line 9\)"
    ),
    "duplicate_top_key.yaml": Expected(
        23, "name", r"duplicate key 'name' \(first written on line 2\)"
    ),
    "billion_laughs.yaml": Expected(1, None, r"alias bomb"),
    "merge_bomb.yaml": Expected(1, None, r"alias bomb"),
    "recursive_alias.yaml": Expected(3, None, r"recursive alias"),
    "deep_nesting.yaml": Expected(2, None, r"nested deeper than"),
    "tab_indentation.yaml": Expected(8, None, r"tab.*indent with spaces"),
    "top_level_list.yaml": Expected(1, None, r"top level must be a mapping.*got a list"),
    "top_level_scalar.yaml": Expected(1, None, r"top level must be a mapping"),
    "two_documents.yaml": Expected(23, None, r"single document"),
    "control_character.yaml": Expected(2, None, r"control character U\+0007"),
    "not_utf8.yaml": Expected(2, None, r"not UTF-8"),
    "empty.yaml": Expected(None, None, r"the file is empty"),
    "comments_only.yaml": Expected(None, None, r"holds no data"),
    "binary.yaml": Expected(None, None, r"binary file"),
    "bad_json_syntax.json": Expected(4, None, r"not valid JSON"),
    "bad_toml_syntax.toml": Expected(3, None, r"not valid TOML"),
    "unknown_extension.txt": Expected(None, None, r"unknown file type '\.txt'"),
    "include_escape.yaml": Expected(3, "include[0]", r"leads outside the scenario's folder"),
    "include_absolute.yaml": Expected(3, "include[0]", r"relative to the scenario's folder"),
    "include_missing.yaml": Expected(3, "include[0]", r"no such file to include"),
    "include_self.yaml": Expected(3, "include[0]", r"cannot include itself"),
    "include_scenario.yaml": Expected(3, "include[0]", r"is not a procedure library"),
    "include_broken_library.yaml": Expected(
        6, "procedures[0].steps[0].time", r"needs a unit", file="libs/broken.yaml"
    ),
    "include_duplicate_id.yaml": Expected(
        4,
        "procedures[0].id",
        r"duplicate procedure id 'inspect': also defined at .*include_duplicate_id\.yaml:13",
        file="libs/inspect-again.yaml",
    ),
    "library_includes.yaml": Expected(2, "include", r"library cannot include other files"),
    "language_tag_underscore.yaml": Expected(
        20,
        "procedures[0].steps[0].text.pt_BR",
        r"'pt_BR' is not a well-formed BCP 47 language tag.*write 'pt-BR'",
    ),
    "language_country_code.yaml": Expected(
        14, "procedures[0].title.cn", r"'cn' is a country code, the language is 'zh'"
    ),
    "language_twice.yaml": Expected(
        18, "procedures[0].steps[0].hint", r"'zh' and 'ZH' are the same language"
    ),
    "languages_repeated.yaml": Expected(3, "languages", r"language 'zh' is listed twice"),
    "include_bad_language.yaml": Expected(
        11,
        "procedures[0].steps[0].text.English",
        r"'English' is not a registered language tag",
        file="libs/bad-language.yaml",
    ),
}
