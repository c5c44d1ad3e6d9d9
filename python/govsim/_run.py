"""Runs and paired comparisons."""
from __future__ import annotations

from typing import Callable, Iterable

from . import _core
from ._policy import Policy, PolicyError
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
        issues: bool = False, policy: Callable[[], Policy] | None = None) -> RunResult:
    """Runs the scenario's replications (as `govsim run`): the same seed gives the same numbers as
    the command line, on any thread count. `issues` records the per-issue table. `policy`, a
    govsim.Policy subclass (or any callable returning a Policy), replaces the scenario's policy:
    one object per replication, on the same random streams (its calls take the GIL, so it runs on
    one thread at a time). An exception inside it raises PolicyError with the time and issue."""
    sc = _prepared(scenario, reps, seed)
    if policy is None:
        return RunResult.from_core(_core.run(sc.text(), sc.file, threads, issues))
    made: list[Policy] = []

    def make() -> Policy:
        p = policy()
        if not isinstance(p, Policy):
            raise TypeError(f"the policy factory returned {p!r}, expected a govsim.Policy")
        made.append(p)
        return p

    label = getattr(policy, "name", None) or getattr(policy, "__name__", "python")
    try:
        return RunResult.from_core(_core.run_python_policy(sc.text(), sc.file, make, str(label), threads or 1, issues))
    except _core.ModelError as err:
        for p in made:
            failure = getattr(p, "_failure", None)
            if failure:
                exc, time, issue = failure
                raise PolicyError(str(err), time, issue) from exc
        raise


def compare(scenario: Scenario | str, policies: Iterable[str], *, reps: int | None = None, seed: int | None = None,
            threads: int = 0, issues: bool = False) -> ComparisonResult:
    """Runs each policy on common random numbers (as `govsim compare`). A policy is written as on
    the command line: "NAME", or "LABEL=NAME:{JSON parameters}". `issues` records each policy's
    per-issue table."""
    sc = _prepared(scenario, reps, seed)
    return ComparisonResult.from_core(_core.compare(sc.text(), sc.file, list(policies), threads, issues))
