"""Rig kits installed for one test: a package's metadata that registers entry points."""

from __future__ import annotations

from pathlib import Path

from labsim.kits import GROUP


def fake_distribution(where: Path, package: str, entries: dict[str, str]) -> None:
    """An installed package (metadata only) that registers ``entries`` as rig kits."""
    info = where / f"{package}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {package}\nVersion: 1.0\n")
    lines = "\n".join(f"{name} = {value}" for name, value in entries.items())
    (info / "entry_points.txt").write_text(f"[{GROUP}]\n{lines}\n")
