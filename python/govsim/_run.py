"""Runs and paired comparisons."""
from __future__ import annotations

import os
from typing import Callable, Iterable

from . import _core
from ._policy import Policy, PolicyError
from ._process import Process
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
        issues: bool = False, policy: Callable[[], Policy] | None = None, process: Process | None = None) -> RunResult:
    """Runs the scenario's replications (as `govsim run`): the same seed gives the same numbers as
    the command line, on any thread count. `issues` records the per-issue table. `policy`, a
    govsim.Policy subclass (or any callable returning a Policy), replaces the scenario's policy:
    one object per replication, on the same random streams (its calls take the GIL, so it runs on
    one thread at a time). An exception inside it raises PolicyError with the time and issue.
    `process`, a govsim.Process, replaces it with a composed process, Python stages included."""
    sc = _prepared(scenario, reps, seed)
    if policy is not None and process is not None:
        raise TypeError("give either policy or process, not both")
    if process is not None:
        sc.set("policy", process.spec())
    if policy is None and (process is None or not process.python_stages):
        return RunResult.from_core(_core.run(sc.text(), sc.file, threads, issues))
    made: list[Policy] = []

    def checked(factory: Callable[[], Policy]) -> Callable[[], Policy]:
        def make() -> Policy:
            p = factory()
            if not isinstance(p, Policy):
                raise TypeError(f"the policy factory returned {p!r}, expected a govsim.Policy")
            made.append(p)
            return p
        return make

    try:
        if process is not None:
            stages = {name: checked(f) for name, f in process.python_stages.items()}
            return RunResult.from_core(_core.run_process_stages(sc.text(), sc.file, stages, threads or 1, issues))
        label = getattr(policy, "name", None) or getattr(policy, "__name__", "python")
        return RunResult.from_core(_core.run_python_policy(sc.text(), sc.file, checked(policy), str(label), threads or 1,
                                                           issues))
    except _core.ModelError as err:
        for p in made:
            failure = getattr(p, "_failure", None)
            if failure:
                exc, time, issue = failure
                raise PolicyError(str(err), time, issue) from exc
        raise


def compare(scenario: Scenario | str, policies: Iterable[str], *, reps: int | None = None, seed: int | None = None,
            threads: int = 0, issues: bool = False, variants: str | os.PathLike | None = None) -> ComparisonResult:
    """Runs each policy on common random numbers (as `govsim compare`). A policy is written as on
    the command line: "NAME", or "LABEL=NAME:{JSON parameters}". `variants`, a variants file (as
    `govsim compare --variants`), adds its named variants after them. `issues` records each
    policy's per-issue table."""
    sc = _prepared(scenario, reps, seed)
    return ComparisonResult.from_core(_core.compare(sc.text(), sc.file, list(policies), threads, issues,
                                                    os.fspath(variants) if variants is not None else ""))
