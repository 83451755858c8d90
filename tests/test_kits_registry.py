"""Rig kits found through the ``labsim.rigs`` entry points: lazy, and clear when broken."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hostile_support import assert_refused, labsim, python
from kits_support import fake_distribution

from labsim.errors import EquipmentError, KitError
from labsim.kits import Kit, get_kit, kit_entries, model_names
from labsim.kits import registry as kit_registry

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = (
    "catenary_section",
    "generic",
    "jz7_brake_stand",
    "relay_interlocking_6502",
    "s700k_point_machine",
    "zd6_point_machine",
    "zpw2000a_track_circuit",
)


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Install fake kit packages into a folder on sys.path for one test."""
    monkeypatch.syspath_prepend(str(tmp_path))
    kit_registry._entries.cache_clear()
    get_kit.cache_clear()
    yield tmp_path
    kit_registry._entries.cache_clear()
    get_kit.cache_clear()


def test_shipped_kits_are_registered_through_the_entry_point_group() -> None:
    entries = {e.name: e for e in kit_entries() if e.package == "labsim"}
    assert tuple(entries) == SHIPPED, "every shipped kit, listed in name order"
    assert set(model_names()) >= set(entries)
    for name in entries:
        kit = get_kit(name)
        assert isinstance(kit, Kit) and kit.name == name


def test_an_unknown_model_lists_the_installed_ones() -> None:
    with pytest.raises(EquipmentError, match=r"unknown rig model 'zd7'.*known models: .*generic"):
        get_kit("zd7")


def test_a_kit_that_fails_to_import_names_kit_and_package(installed: Path) -> None:
    fake_distribution(installed, "college-rigs", {"broken_rig": "college_rigs_missing:KIT"})
    assert "broken_rig" in model_names()
    with pytest.raises(KitError, match=r"rig kit 'broken_rig' \(package college-rigs 1.0.*"):
        get_kit("broken_rig")
    assert get_kit("zd6_point_machine").name == "zd6_point_machine"


def test_a_kit_that_is_not_a_kit_or_misnames_its_model_is_refused(installed: Path) -> None:
    (installed / "odd_kits.py").write_text(
        "from labsim.kits.generic import KIT as GENERIC\nNOT_A_KIT = 42\n"
    )
    fake_distribution(
        installed, "odd-kits", {"odd": "odd_kits:NOT_A_KIT", "renamed": "odd_kits:GENERIC"}
    )
    with pytest.raises(KitError, match=r"'odd' \(package odd-kits.*not a labsim Kit"):
        get_kit("odd")
    with pytest.raises(KitError, match=r"named 'renamed' but the model calls itself 'generic'"):
        get_kit("renamed")


def test_a_name_claimed_by_two_packages_is_refused(installed: Path) -> None:
    fake_distribution(installed, "copycat", {"generic": "copycat_kits:KIT"})
    with pytest.raises(KitError, match=r"'generic' is installed by more than one kit.*copycat"):
        get_kit("generic")


def test_a_broken_kit_breaks_only_the_commands_that_use_it(tmp_path: Path) -> None:
    fake_distribution(tmp_path, "college-rigs", {"broken_rig": "college_rigs_missing:KIT"})
    with_kit = {"PYTHONPATH": str(tmp_path)}
    fine = labsim("validate", "scenarios/zd6-practice.yaml", env=with_kit, cwd=ROOT, timeout=120)
    assert fine.code == 0, fine.text
    scenario = tmp_path / "uses-broken.yaml"
    text = (ROOT / "scenarios" / "zd6-practice.yaml").read_text()
    scenario.write_text(text.replace("model: zd6_point_machine", "model: broken_rig"))
    (tmp_path / "labsim.schema.json").write_text("{}")
    bad = labsim("validate", str(scenario), env=with_kit, cwd=ROOT, timeout=120)
    assert_refused(bad, "rig kit 'broken_rig'", "college-rigs")


def test_a_run_on_two_kinds_imports_two_kits(tmp_path: Path) -> None:
    text = (ROOT / "scenarios" / "zd6-practice.yaml").read_text()
    text = text.replace(
        "include: [labsim:zd6_point_machine]",
        "include: [labsim:zd6_point_machine, labsim:catenary_section]",
    ).replace(
        "rigs:\n",
        "rigs:\n  - {id: catenary, model: catenary_section, count: 1, at: [1.0, 1.0]}\n",
    )
    scenario = tmp_path / "two-kinds.yaml"
    scenario.write_text(text)
    code = (
        "import atexit, json, sys\n"
        "atexit.register(lambda: print(json.dumps(sorted(m for m in sys.modules"
        " if m.startswith('labsim.kits.') and m.count('.') == 2)), file=sys.stderr))\n"
        f"sys.argv = ['labsim', 'run', {str(scenario)!r}, '--format', 'json']\n"
        "from labsim.cli import main\n"
        "main()\n"
    )
    done = python("-c", code, cwd=ROOT, timeout=120)
    assert done.code == 0, done.text
    imported = json.loads(done.err.strip().splitlines()[-1])
    kits = [m for m in imported if m not in ("labsim.kits.kit", "labsim.kits.registry")]
    assert kits == ["labsim.kits.catenary", "labsim.kits.point_machine"]


@pytest.fixture
def panel_kit(installed: Path) -> Iterator[Callable[[str, str], type]]:
    """Install a ZD6 variant named ``NAME_rig`` whose panel file reads ``panel``: its model.

    The panel files read so far are forgotten before and after, so each test reads its own.
    """
    from labsim.kits.panel import _load

    def install(name: str, panel: str) -> type:
        package = installed / f"{name}_panel_kit"
        package.mkdir()
        (package / "__init__.py").write_text(
            "from labsim.kits import Kit\n"
            "from labsim.kits.point_machine import ZD6PointMachine\n"
            "class Rig(ZD6PointMachine):\n"
            f"    name = '{name}_rig'\n"
            "KIT = Kit(Rig, __name__, library=None, words=None)\n"
        )
        (package / "panel.yaml").write_text(panel)
        fake_distribution(installed, f"{name}-panel", {f"{name}_rig": f"{name}_panel_kit:KIT"})
        return get_kit(f"{name}_rig").model

    _load.cache_clear()
    yield install
    _load.cache_clear()


def test_a_panel_that_names_what_the_model_lacks_is_refused_naming_the_kit(
    panel_kit: Callable[[str, str], type],
) -> None:
    from labsim.kits.panel import panel_spec

    model = panel_kit(
        "odd",
        "groups: [{id: meter, actions: [measure_flux]}]\n"
        "rig: {lamps: [{word: x, var: nope, lit: [1]}]}\n",
    )
    with pytest.raises(
        KitError, match=r"'odd_rig' \(odd_panel_kit\).*unknown action 'measure_flux'"
    ):
        panel_spec(model)


def test_a_panel_file_is_read_like_every_labsim_file_its_problems_located(
    panel_kit: Callable[[str, str], type],
) -> None:
    from labsim.kits.panel import panel_spec

    model = panel_kit(
        "typo", "groups:\n  - id: meter\n    actions: [throw_normal]\n    colour: no\n"
    )
    with pytest.raises(KitError) as refused:
        panel_spec(model)
    message = str(refused.value)
    assert "'typo_rig' (typo_panel_kit)" in message
    # The unknown key is named with its line and column in the panel file.
    assert "panel.yaml:4:5: groups[0].colour:" in message


def test_a_panel_file_that_is_not_text_is_refused_naming_the_kit(installed: Path) -> None:
    from labsim.kits.panel import _load, panel_spec

    package = installed / "latin1_panel_kit"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from labsim.kits import Kit\n"
        "from labsim.kits.point_machine import ZD6PointMachine\n"
        "class Latin1Rig(ZD6PointMachine):\n"
        "    name = 'latin1_rig'\n"
        "KIT = Kit(Latin1Rig, __name__, library=None, words=None)\n"
    )
    (package / "panel.yaml").write_bytes("rig: {order: [throw]}  # Schalt\xe9\n".encode("latin-1"))
    fake_distribution(installed, "latin1-panel", {"latin1_rig": "latin1_panel_kit:KIT"})
    model = get_kit("latin1_rig").model
    _load.cache_clear()
    refused = r"(?s)'latin1_rig' \(latin1_panel_kit\).*panel\.yaml:1: the file is not UTF-8"
    with pytest.raises(KitError, match=refused):
        panel_spec(model)
    _load.cache_clear()
