"""Reading a results directory back: a run, a comparison or a sweep."""
from __future__ import annotations

from pathlib import Path

from ._results import ComparisonResult, RunResult
from ._sweep import MANIFEST, SweepResult


def load(directory: str | Path) -> RunResult | ComparisonResult | SweepResult:
    """The results in `directory`: a sweep (manifest.json), a comparison (compare.json, as written
    by `govsim compare --out`) or a run (summary.json, as written by `govsim run --out`)."""
    d = Path(directory)
    if (d / MANIFEST).exists():
        return SweepResult.from_dir(d)
    if (d / "compare.json").exists():
        return ComparisonResult.from_dir(d)
    if (d / "summary.json").exists():
        return RunResult.from_dir(d)
    raise ValueError(f"{d}: expected a results directory (manifest.json of a sweep, compare.json of a comparison "
                     "or summary.json of a run)")
