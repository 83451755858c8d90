"""The instructor's cohort report: verdicts, figures, and the page in a real headless browser."""

from __future__ import annotations

import html
import tempfile
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from browser_support import broken_images, browse, needs_browser
from hypothesis import given, settings
from hypothesis import strategies as st
from play_support import SCENARIOS
from records_support import T0, make_action, make_attempt
from typer.testing import CliRunner

from labsim.cli import app
from labsim.cohort.names import ReportNames
from labsim.cohort.readiness import build_cohort, select
from labsim.cohort.visit import SiteVisitRule, judge_trainee, load_rule
from labsim.commands._common import load_checked
from labsim.errors import ScenarioError
from labsim.records import Attempt, RecordStore


def _attempts() -> list[Attempt]:
    """Li: failed then passed p1 (veto in the failure); Wang: passed p1 at once, never p2."""
    day = timedelta(days=1)
    veto = make_action(1, ok=False, critical=True, error_rule="safety.isolate-before-lock",
                       error_message="isolate it first")  # fmt: skip
    return [
        make_attempt(trainee="li", procedure_id="p1", started_at=T0, result="failed",
                     score=0.0, errors=1, critical_errors=1,
                     actions=(make_action(0), veto)),
        make_attempt(trainee="li", procedure_id="p1", started_at=T0 + day, score=85.0,
                     sim_minutes=15.0),
        make_attempt(trainee="li", procedure_id="p2", started_at=T0 + 2 * day, score=70.0),
        make_attempt(trainee="wang", procedure_id="p1", started_at=T0, score=95.0,
                     sim_minutes=10.0),
        make_attempt(trainee="wang", procedure_id="p2", started_at=T0 + day, result="failed",
                     score=40.0),
        make_attempt(trainee="demo", procedure_id="p1", mode="demo", started_at=T0),
    ]  # fmt: skip


def _rule(**changes: object) -> SiteVisitRule:
    data = {"labsim-site-visit": 1, "plan": ["p1", "p2"], **changes}
    return SiteVisitRule.model_validate(data)


def test_verdicts_say_why() -> None:
    attempts = _attempts()
    li = [a for a in attempts if a.trainee == "li"]
    wang = [a for a in attempts if a.trainee == "wang"]
    assert judge_trainee(li, _rule()).ready
    late = judge_trainee(li, _rule(within_attempts=1))
    assert not late.ready and late.reasons[0].kind == "passed_late"
    assert late.reasons[0].values == {"procedure": "p1", "at": 2, "limit": 1}
    assert judge_trainee(li, _rule(no_veto_in_last=2)).ready
    vetoed = judge_trainee(li, _rule(no_veto_in_last=3))
    assert [r.kind for r in vetoed.reasons] == ["veto"]
    (reason,) = judge_trainee(wang, _rule()).reasons
    assert (reason.kind, reason.values["procedure"], reason.values["best"]) == (
        "not_passed",
        "p2",
        40.0,
    )
    assert not judge_trainee(li, _rule(min_score=90)).ready
    assert not judge_trainee([a for a in li if a.procedure_id == "p1"], _rule()).ready


def test_training_passes_count_only_when_the_rule_says_any() -> None:
    trained = [make_attempt(trainee="zhao", procedure_id="p1", mode="training")]
    rule = {"labsim-site-visit": 1, "plan": ["p1"]}
    assert not judge_trainee(trained, SiteVisitRule.model_validate(rule)).ready
    assert judge_trainee(trained, SiteVisitRule.model_validate({**rule, "mode": "any"})).ready


def test_rule_files_are_validated_like_scenarios(tmp_path: Path) -> None:
    good = tmp_path / "rule.yaml"
    good.write_text("labsim-site-visit: 1\nplan: [p1]\nwithin_attempts: 3\n")
    assert load_rule(good).within_attempts == 3
    bad = tmp_path / "bad.yaml"
    bad.write_text("labsim-site-visit: 1\nplan: [p1]\nwithin_attempts: 0\nveto_last: 2\n")
    with pytest.raises(ScenarioError) as caught:
        load_rule(bad)
    text = str(caught.value)
    assert "bad.yaml:3" in text and "within_attempts" in text
    assert "bad.yaml:4" in text and "veto_last" in text


def test_matrix_errors_and_slow_steps() -> None:
    cohort = build_cohort(select(_attempts()), _rule())
    assert cohort.trainees == ["li", "wang"]  # the demonstration is left out
    li_p1 = cohort.cells[("li", "p1")]
    assert (li_p1.attempts, li_p1.best_score, li_p1.last_result) == (2, 85.0, "passed")
    assert li_p1.best_time == 15.0 and li_p1.time_ratio == pytest.approx(15.0 / 20.0)
    wang_p2 = cohort.cells[("wang", "p2")]
    assert (wang_p2.best_score, wang_p2.last_result, wang_p2.time_ratio) == (40.0, "failed", None)
    rules = {r.rule: (r.count, r.critical, r.trainees) for r in cohort.rule_errors}
    assert rules["safety.isolate-before-lock"] == (1, 1, 1)
    assert rules["R-12"] == (4, 0, 2)
    assert {s.step for s in cohort.slow_steps} == {"s0", "s2"}
    later = select(_attempts(), trainees=["wang"], since=(T0 + timedelta(days=1)).date())
    assert [(a.trainee, a.procedure_id) for a in later] == [("wang", "p2")]


class _Cells(HTMLParser):
    """The matrix cells of a page, as the browser's DOM has them."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[tuple[str, str], dict[str, str]] = {}
        self.ready_count: str | None = None
        self._in_count = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "td" and "data-procedure" in found:
            self.cells[(found["data-trainee"], found["data-procedure"])] = found
        self._in_count = found.get("id") == "ready-count"

    def handle_data(self, data: str) -> None:
        if self._in_count and data.strip():
            self.ready_count = data.strip()
            self._in_count = False


@needs_browser
def test_the_browser_sees_console_errors(tmp_path: Path) -> None:
    """The check below would see a broken page: a control with a script error."""
    page = tmp_path / "broken.html"
    page.write_text("<html><body><script>console.error('x'); nothing();</script></body></html>")
    _, console = browse(page)
    assert any("nothing is not defined" in line for line in console)


@needs_browser
def test_the_browser_sees_an_image_that_does_not_load(tmp_path: Path) -> None:
    """The image check below would see a missing picture beside one that loads."""
    (tmp_path / "dot.gif").write_bytes(
        bytes.fromhex(
            "47494638396101000100800000000000ffffff21f90401000000002c000000000100010000020144003b"
        )
    )
    page = tmp_path / "page.html"
    page.write_text('<html><body><img src="dot.gif"><img src="missing.png"></body></html>')
    assert broken_images(page) == (2, 1)


@needs_browser
def test_report_page_loads_cleanly_with_the_right_matrix(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    with RecordStore(db) as store:
        for attempt in _attempts():
            store.save(attempt)
    rule = tmp_path / "rule.yaml"
    rule.write_text("labsim-site-visit: 1\nplan: [p1, p2]\nno_veto_in_last: 3\n")
    out = tmp_path / "report"
    result = CliRunner().invoke(
        app, ["records", "report", "--records", str(db), "--out", str(out), "--rule", str(rule)]
    )
    assert result.exit_code == 0, result.output
    assert "2 trainees, 0 ready" in result.output
    dom, console = browse(out / "index.html")
    assert console == []
    parsed = _Cells()
    parsed.feed(dom)
    assert parsed.ready_count == "0 of 2 trainees ready"  # written by the page's script
    expected = {
        ("li", "p1"): {"data-best": "85", "data-attempts": "2", "data-last": "passed",
                       "data-ratio": "0.75"},
        ("li", "p2"): {"data-best": "70", "data-attempts": "1", "data-last": "passed"},
        ("wang", "p1"): {"data-best": "95", "data-attempts": "1", "data-last": "passed",
                         "data-ratio": "0.50"},
        ("wang", "p2"): {"data-best": "40", "data-attempts": "1", "data-last": "failed",
                         "data-ratio": ""},
    }  # fmt: skip
    assert set(parsed.cells) == set(expected)
    for key, wanted in expected.items():
        assert {k: parsed.cells[key][k] for k in wanted} == wanted, key
    assert 'src="data:image/png;base64,' in dom
    assert {p.name for p in out.glob("*.png")} == {"trends.png", "errors.png", "slow.png"}
    images, broken = broken_images(out / "index.html")
    assert images >= 3 and broken == 0


@needs_browser
def test_chinese_report_of_simulated_trainees(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    runner = CliRunner()
    zd6 = str(SCENARIOS / "zd6-practice.yaml")
    for procedure in ("zd6-obstruction-test", "zd6-electrical-test"):
        args = ["--procedure", procedure, "--trainees", "3", "--attempts", "2"]
        made = runner.invoke(app, ["records", "simulate", zd6, *args, "--records", str(db)])
        assert made.exit_code == 0, made.output
    out = tmp_path / "zh"
    result = runner.invoke(
        app, ["records", "report", "--records", str(db), "--out", str(out), "--lang", "zh+th",
              "--since", "2000-01-01", "--procedure", "zd6-electrical-test"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "written in zh only (of a pair, the first language)" in result.output
    dom, console = browse(out / "index.html")
    assert console == []
    assert "准备情况矩阵" in dom and "包含模拟学员" in dom
    # procedures, steps, rules and modes in Chinese, ids only beneath
    assert "ZD6电气特性测试" in dom and "（模式：模拟）" in dom and "simulated" not in dom
    with RecordStore(db) as store:
        wrong = [(t.procedure_id, a) for t in store.attempts() for a in t.actions if not a.ok]
    assert wrong and not any(a.error_message in dom for _, a in wrong)
    names = ReportNames.of(load_checked(Path(zd6)).scenario, [])
    for procedure, action in wrong:
        sentence = names.rule(str(action.error_rule), procedure, "zh")
        assert sentence != action.error_rule and html.escape(sentence) in dom
    parsed = _Cells()
    parsed.feed(dom)
    assert {k[1] for k in parsed.cells} == {"zd6-electrical-test"}
    assert {parsed.cells[k]["data-attempts"] for k in parsed.cells} == {"2"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "last week"], "YYYY-MM-DD"),
        (["--trainee", "nobody"], "no attempts to report"),
        (["--lang", "sw"], "error: --lang sw: no interface catalogue for 'sw'"),
    ],
)
def test_bad_report_options_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    db = tmp_path / "r.sqlite3"
    RecordStore(db).save(make_attempt())
    result = CliRunner().invoke(
        app, ["records", "report", "--records", str(db), "--out", str(tmp_path / "o"), *args]
    )
    assert result.exit_code == 2 and message in result.output


def test_a_report_into_a_file_is_refused_naming_it(tmp_path: Path) -> None:
    db, taken = tmp_path / "r.sqlite3", tmp_path / "report.html"
    RecordStore(db).save(make_attempt())
    taken.write_text("kept")
    result = CliRunner().invoke(
        app, ["records", "report", "--records", str(db), "--out", str(taken)]
    )
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"error: cannot write {taken}: it is a file; a report is written into a folder" in (
        result.output
    )
    assert taken.read_text() == "kept"


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["labsim-site-visit", "plan", "mode", "within_attempts", "min_score",
                         "no_veto_in_last", "name", "extra"]),
        st.one_of(st.integers(-3, 200), st.text(max_size=8), st.lists(st.text(max_size=6)),
                  st.floats(allow_nan=True), st.none()),
    )
)  # fmt: skip
def test_any_rule_file_loads_or_is_refused_with_its_place(data: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rule.yaml"
        path.write_text(yaml.safe_dump(data))
        try:
            rule = load_rule(path)
        except ScenarioError as error:
            assert "rule.yaml" in str(error)
        else:
            assert rule.plan and rule.labsim_site_visit == 1


def test_a_rule_naming_a_procedure_nobody_has_warns_with_the_near_name(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    with RecordStore(db) as store:
        for attempt in _attempts():
            store.save(attempt)
    rule = tmp_path / "rule.yaml"
    rule.write_text("labsim-site-visit: 1\nplan: [p1, p2x]\n")
    result = CliRunner().invoke(
        app,
        ["records", "report", "--records", str(db), "--out", str(tmp_path / "report"),
         "--rule", str(rule)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: {rule}: the plan names 'p2x', which no attempt and no procedure of the "
        "scenario has (did you mean p2?): nobody can pass it"
    ]
    assert "2 trainees, 0 ready" in result.stdout
