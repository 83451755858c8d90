"""A full disk: every writer says so, exits non-zero, and leaves no temporary file.

Each case mounts a small tmpfs (root on Linux; skipped with the reason elsewhere), fills
it, and runs labsim there in a child capped in time and memory.
"""

from __future__ import annotations

from pathlib import Path

from hostile_support import fill, labsim, small_disk
from records_support import make_attempt

from labsim.records import RecordStore

ROOT = Path(__file__).resolve().parents[1]
ZD6 = ROOT / "scenarios" / "zd6-practice.yaml"
MMC = ROOT / "scenarios" / "mmc.yaml"


def _leftovers(folder: Path) -> list[str]:
    """Files other than the filler: temporaries or empty files a writer left behind."""
    return sorted(
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.is_file() and p.name != "filler.bin"
    )


def _assert_full_disk_error(outcome: object, *, code_ok: tuple[int, ...] = (1, 2)) -> None:
    assert outcome.code in code_ok, outcome.text[-2000:]  # type: ignore[attr-defined]
    assert "Traceback" not in outcome.text  # type: ignore[attr-defined]
    assert "disk is full" in outcome.text, outcome.text[-2000:]  # type: ignore[attr-defined]
    assert "wrote" not in outcome.text  # type: ignore[attr-defined]


def test_watch_screenshot_and_frames_on_a_full_disk(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as disk:
        fill(disk)
        shot = labsim("watch", ZD6, "--screenshot", disk / "shot.png")
        _assert_full_disk_error(shot)
        frames = labsim("watch", ZD6, "--frames", disk / "frames", "--every", "4h")
        _assert_full_disk_error(frames)
        assert _leftovers(disk) == []


def test_play_screenshot_and_frames_on_a_full_disk(tmp_path: Path) -> None:
    records = tmp_path / "records.sqlite3"
    with small_disk(tmp_path / "disk") as disk:
        fill(disk)
        outcome = labsim(
            "play", ZD6, "-p", "zd6-electrical-test", "--headless", "--demo",
            "--records", records, "--frames", disk / "frames", "--screenshot", disk / "end.png",
        )  # fmt: skip
        _assert_full_disk_error(outcome)
        assert _leftovers(disk) == []
    with RecordStore(records) as store:
        assert [a.result for a in store.attempts()] == ["abandoned"]


def test_warmup_plot_and_records_export_on_a_full_disk(tmp_path: Path) -> None:
    records = tmp_path / "records.sqlite3"
    with RecordStore(records) as store:
        store.save(make_attempt())
    with small_disk(tmp_path / "disk") as disk:
        (disk / "old.csv").write_text("the previous export\n")
        fill(disk)
        plot = labsim(
            "warmup", MMC, "--reps", "2", "--set", "run.for=50h", "--set", "run.warmup=0h",
            "--plot", disk / "w.png",
        )  # fmt: skip
        _assert_full_disk_error(plot)
        export = labsim(
            "records", "export", "--format", "csv", "--records", records, "--out", disk / "old.csv"
        )
        _assert_full_disk_error(export)
        assert (disk / "old.csv").read_text() == "the previous export\n"
        assert _leftovers(disk) == ["old.csv"]


def test_a_batch_on_a_full_disk_resumes_to_the_same_table(tmp_path: Path) -> None:
    study = ("batch", MMC, "--reps", "40", "--workers", "1", "--progress", "none", "--no-plots")
    short = ("--set", "run.for=30h", "--set", "run.warmup=2h")
    reference = labsim(*study, *short, "--out", tmp_path / "reference")
    assert reference.code == 0, reference.text[-2000:]
    with small_disk(tmp_path / "disk", "512k") as disk:
        filler = fill(disk, leave=12_000)
        first = labsim(*study, *short, "--out", disk / "study")
        _assert_full_disk_error(first)
        assert "--resume" in first.text
        assert not [p for p in _leftovers(disk) if p.endswith(".tmp")]
        filler.unlink()
        again = labsim(*study, *short, "--out", disk / "study", "--resume")
        assert again.code == 0, again.text[-2000:]
        table = (disk / "study" / "runs.csv").read_bytes()
    assert table == (tmp_path / "reference" / "runs.csv").read_bytes()
