"""``labsim run`` starts lean: what its process imports, and its fast path means what Typer does.

Speed itself is measured by bench/bench_run.py; these tests pin the causes: a module the
run path must not import, and the equivalence of the plain command-line fast path with
the Typer form it bypasses.
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hostile_support import python
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from labsim.cli import app
from labsim.commands import run as run_command
from labsim.commands.run_fast import run_fast

ROOT = Path(__file__).resolve().parent.parent
MM10 = ROOT / "bench" / "mm10.yaml"
runner = CliRunner()

#: Top-level packages ``labsim run`` has no use for, and labsim modules it must not load.
NOT_ON_THE_RUN_PATH = (
    "typer",
    "click",
    "rich",
    "pygame",
    "scipy",
    "jinja2",
    "babel",
    "dask",
    "matplotlib",
    "pandas",
    "shellingham",
    "labsim.checks",
    "labsim.equipment",
    "labsim.kits.registry",
    "labsim.commands.batch",
    "labsim.commands.play",
    "labsim.commands.watch",
    "labsim.commands._common",
    "labsim.experiments",
    "labsim.play",
    "labsim.render",
    "labsim.records",
)

#: What loading a file needs and a run from the cache must not: parsers, the loader, checks,
#: and pydantic's validators (built on first use, so their plug-in module never loads).
NOT_FROM_THE_CACHE = (
    "yaml",
    "tomllib",
    "labsim.scenarios.loader",
    "labsim.scenarios.source",
    "labsim.scenarios.crossref",
    "labsim.scenarios.liveness",
    "labsim.scenarios.overrides",
    "pydantic",
    "pydantic_core",
    "langcodes",
    "platformdirs",
    "labsim.scenarios.models",
    "labsim.scenarios.distributions",
)


def _run_path_modules(cache: Path) -> dict[str, Any]:
    """What a whole ``labsim run`` process of the bench scenario imported."""
    code = (
        "import atexit, json, sys\n"
        "def report():\n"
        "    loader = sys.modules.get('pydantic.plugin._loader')\n"
        "    scanned = getattr(loader, '_plugins', None) is not None\n"
        "    import gc, os\n"
        "    print(json.dumps({'modules': sorted(sys.modules),"
        " 'plugins_scanned': scanned, 'gc': gc.isenabled(),"
        " 'blas': os.environ.get('OPENBLAS_NUM_THREADS')}), file=sys.stderr)\n"
        "atexit.register(report)\n"
        f"sys.argv = ['labsim', 'run', {str(MM10)!r}, '--set', 'run.for=1h', '--format', 'json']\n"
        "from labsim.cli import main\n"
        "main()\n"
    )
    unset = {"PYDANTIC_DISABLE_PLUGINS": None, "OPENBLAS_NUM_THREADS": None}
    done = python("-c", code, cwd=ROOT, env={**unset, "XDG_CACHE_HOME": str(cache)}, timeout=60)
    assert done.code == 0, done.err
    assert json.loads(done.out)["trainees"]["arrived"] >= 0
    report: dict[str, Any] = json.loads(done.err.strip().splitlines()[-1])
    return report


def _unwanted(loaded: set[str], names: tuple[str, ...]) -> list[str]:
    return [n for n in names if n in loaded or any(m.startswith(n + ".") for m in loaded)]


def test_a_plain_run_imports_nothing_it_does_not_use(tmp_path: Path) -> None:
    first = _run_path_modules(tmp_path)
    assert _unwanted(set(first["modules"]), NOT_ON_THE_RUN_PATH) == []
    assert not first["plugins_scanned"], "pydantic read every package's entry points"
    # The collector, off while the command starts, is back on for the simulation; numpy's
    # BLAS was given one thread, since the environment said nothing.
    assert first["gc"] is True and first["blas"] == "1"
    # The second run simulates the plan kept by the first: no file is parsed, no validator
    # or parser imported.
    second = set(_run_path_modules(tmp_path)["modules"])
    assert _unwanted(second, NOT_ON_THE_RUN_PATH + NOT_FROM_THE_CACHE) == []


def test_a_batch_worker_imports_the_engine_alone() -> None:
    code = "import sys\nimport labsim.experiments.runner\nprint(' '.join(sorted(sys.modules)))\n"
    done = python("-c", code, timeout=60)
    assert done.code == 0, done.err
    loaded = set(done.out.split())
    assert "labsim.engine.lab" in loaded
    assert _unwanted(loaded, (*NOT_FROM_THE_CACHE, "typer", "rich", "labsim.checks")) == []


def _typer_form(args: list[str]) -> tuple[int, str, str]:
    result = runner.invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


def _fast_form(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    status = run_fast(args)
    assert status is not None, f"{args} was not taken by the fast path"
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(
    "tail",
    [
        ["--set", "run.for=2h", "--format", "json"],
        ["--format=json", "--seed", "7", "--set=run.for=3h", "--set", "rigs.bench.count=3"],
        ["--set", "run.for=2h"],
        ["--set", "rigs.nosuch.count=4"],
        ["--set", "run.for=12"],
    ],
)
def test_the_fast_path_prints_the_bytes_typer_prints(
    tail: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["run", str(MM10), *tail]
    assert _fast_form(args, capsys) == _typer_form(args)


def test_a_missing_file_reads_the_same_both_ways(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["run", str(tmp_path / "nope.yaml"), "--format", "json"]
    fast = _fast_form(args, capsys)
    assert fast == _typer_form(args)
    assert fast[0] == 2 and "nope.yaml" in fast[2]


@pytest.mark.parametrize(
    "args",
    [
        ["run", "--help"],
        ["run"],
        ["run", "a.yaml", "b.yaml"],
        ["run", "a.yaml", "--seed", "-3"],
        ["run", "a.yaml", "--seed", "007"],
        ["run", "a.yaml", "--seed", str(2**63)],
        ["run", "a.yaml", "--seed", "1", "--seed", "2"],
        ["run", "a.yaml", "--format", "xml"],
        ["run", "a.yaml", "--format"],
        ["run", "a.yaml", "--overlay", "o.yaml"],
        ["run", "a.yaml", "--set="],
        ["run", "a.yaml", "--", "--set"],
        ["run", "-"],
        ["run", "a.yaml", "-h"],
        ["batch", "a.yaml"],
        [],
    ],
)
def test_anything_doubtful_is_left_to_typer(args: list[str]) -> None:
    assert run_fast(args) is None


_WORDS = st.sampled_from(
    ["a.yaml", "b.toml", "--seed", "--seed=3", "--set", "--set=x=1", "--format", "json",
     "table", "xml", "5", "0", "-1", "--", "--overlay", "x=2", "--format=json", ""]
)  # fmt: skip


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(words=st.lists(_WORDS, max_size=6))
def test_what_the_fast_path_takes_typer_reads_the_same(
    words: list[str], monkeypatch_calls: list[Any]
) -> None:
    from labsim.commands import run_fast as module

    args = ["run", *words]
    taken = module._parse(args)
    if taken is None:
        return
    monkeypatch_calls.clear()
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    ((file, seed, assignments, overlay, as_json),) = monkeypatch_calls
    assert (file, seed, assignments or [], as_json) == taken
    assert overlay is None


@pytest.fixture(scope="module")
def monkeypatch_calls() -> Any:
    """Record what the Typer form of ``run`` would run, instead of running it."""
    calls: list[Any] = []

    def record(file: Any, seed: Any, assignments: Any, overlay: Any, *, as_json: bool) -> int:
        calls.append((file, seed, assignments, overlay, as_json))
        return 0

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(run_command, "run_scenario", record)
        yield calls


@pytest.mark.parametrize("where", ["loading a run", "building the command app"])
def test_ctrl_c_while_starting_says_interrupted_and_exits_130(
    where: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import labsim.cli as cli
    from labsim.commands import running

    def interrupted(*_: Any, **__: Any) -> Any:
        raise KeyboardInterrupt

    if where == "loading a run":
        monkeypatch.setattr(running, "_plan", interrupted)
        argv = ["labsim", "run", str(MM10)]
    else:
        monkeypatch.setattr(cli, "_app", interrupted)
        argv = ["labsim", "validate", str(MM10)]
    monkeypatch.setattr(sys, "argv", argv)
    with pytest.raises(SystemExit) as ended:
        cli.main()
    assert ended.value.code == 130
    assert capsys.readouterr().err == "interrupted\n"
    assert gc.isenabled()  # what main switched off while starting is on again
