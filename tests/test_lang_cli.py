"""``labsim lang``: every catalogue language with its interface, step and rig-word coverage."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from labsim.cli import app as APP
from labsim.i18n import catalogue_languages, interface_coverage
from labsim.i18n.catalogues import po_file


def test_lang_lists_every_catalogue_language_with_its_figures() -> None:
    result = CliRunner().invoke(APP, ["lang", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {row["language"]: row for row in json.loads(result.output)}
    assert set(catalogue_languages()) <= set(rows)
    english = rows["en"]
    for key in ("interface", "steps", "rig_words"):
        assert english[key]["translated"] == english[key]["reviewed"] == english[key]["of"] > 0
    for lang in ("th", "ru", "fr"):
        row = rows[lang]
        assert row["interface"]["translated"] == row["interface"]["of"]
        flagged = po_file(lang).read_text(encoding="utf-8").count("unreviewed")
        assert row["interface"]["reviewed"] == row["interface"]["of"] - flagged
        assert row["steps"]["of"] == english["steps"]["of"]


def test_the_table_fits_eighty_columns_and_names_each_language() -> None:
    result = CliRunner().invoke(APP, ["lang"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "ไทย" in result.output and "русский" in result.output and "français" in result.output
    assert "…" not in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80


def test_interface_coverage_counts_unreviewed_entries_as_translated() -> None:
    done, reviewed, total = interface_coverage("th")
    assert done == total and reviewed < done
    assert interface_coverage("xx") == (0, 0, total)
