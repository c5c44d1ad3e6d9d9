"""Runs and paired comparisons."""
from __future__ import annotations

from typing import Iterable

from . import _core
from ._results import ComparisonResult, RunResult
from ._scenario import Scenario


def _prepared(scenario: Scenario | str, reps: int | None, seed: int | None) -> Scenario:
    sc = Scenario.load(scenario) if isinstance(scenario, str) else scenario.copy()
    if reps is not None:
        sc.set("run.replications", reps)
    if seed is not None:
        sc.set("run.seed", seed)
    return sc


def run(scenario: Scenario | str, *, reps: int | None = None, seed: int | None = None, threads: int = 0,
        issues: bool = False) -> RunResult:
    """Runs the scenario's replications (as `govsim run`): the same seed gives the same numbers as
    the command line, on any thread count. `issues` records the per-issue table."""
    sc = _prepared(scenario, reps, seed)
    return RunResult(_core.run(sc.text(), sc.file, threads, issues))


def compare(scenario: Scenario | str, policies: Iterable[str], *, reps: int | None = None, seed: int | None = None,
            threads: int = 0) -> ComparisonResult:
    """Runs each policy on common random numbers (as `govsim compare`). A policy is written as on
    the command line: "NAME", or "LABEL=NAME:{JSON parameters}"."""
    sc = _prepared(scenario, reps, seed)
    return ComparisonResult(_core.compare(sc.text(), sc.file, list(policies), threads, False))
