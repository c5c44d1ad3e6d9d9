"""Composed processes (policy `process`) built from Python: stages — built-in or plugin policies
with their parameters, or Python policies — and routes that triage issues to them
(docs/policies.md, "Composed processes")."""
from __future__ import annotations

from typing import Any, Callable, Iterable

from ._policy import Policy

__all__ = ["Process"]


class Process:
    """A process policy. `stage` adds a named stage, `route` a triage rule (first match wins);
    `evaluation` and `sla` name the stages that decide every resident evaluation and SLA event.
    `spec()` is the scenario's `policy` entry; `govsim.run(scenario, process=p)` runs it, with
    its Python stages, one object per replication."""

    def __init__(self, evaluation: str | None = None, sla: str | None = None):
        self._stages: dict[str, dict[str, Any]] = {}
        self._python: dict[str, Callable[[], Policy]] = {}
        self._routes: list[dict[str, Any]] = []
        self.evaluation = evaluation
        self.sla = sla

    def stage(self, name: str, policy: str | Callable[[], Policy], **params: Any) -> "Process":
        """Adds stage `name`: a policy by name (built in, or a plugin on the search path) with
        `params`, or a govsim.Policy subclass (or factory) whose objects decide in Python."""
        if name in self._stages:
            raise ValueError(f"stage {name!r} is already defined")
        if isinstance(policy, str):
            self._stages[name] = {"policy": policy, "params": dict(params)}
        elif callable(policy):
            if params:
                raise TypeError("a Python stage takes no parameters here: give them to its class")
            self._stages[name] = {"python": name}
            self._python[name] = policy
        else:
            raise TypeError(f"stage {name!r}: expected a policy name or a govsim.Policy factory, got {policy!r}")
        return self

    def route(self, stages: str | Iterable[str], *, levels: Iterable[str] | None = None,
              categories: Iterable[str] | None = None, min_severity: int | None = None,
              max_severity: int | None = None, consent: bool | None = None,
              min_parties: int | None = None, referred: bool | None = None) -> "Process":
        """Adds a route: issues arriving at a unit of one of `levels`, of one of `categories`, with
        assessed severity in [min_severity, max_severity], needing consent (or not), at a partner
        they were referred to (or not) go through `stages` there in order. Leave a condition out to
        match everything."""
        names = [stages] if isinstance(stages, str) else list(stages)
        when: dict[str, Any] = {}
        for key, value in (("levels", levels), ("categories", categories)):
            if value is not None:
                when[key] = list(value)
        for key, value in (("min_severity", min_severity), ("max_severity", max_severity), ("consent", consent),
                           ("min_parties", min_parties), ("referred", referred)):
            if value is not None:
                when[key] = value
        self._routes.append({"when": when, "stages": names} if when else {"stages": names})
        return self

    def spec(self) -> dict[str, Any]:
        """The scenario's `policy` entry for this process."""
        params: dict[str, Any] = {"stages": self._stages, "routes": self._routes}
        if self.evaluation is not None:
            params["evaluation"] = self.evaluation
        if self.sla is not None:
            params["sla"] = self.sla
        return {"name": "process", "params": params}

    @property
    def python_stages(self) -> dict[str, Callable[[], Policy]]:
        """The Python stages by name (their factories)."""
        return dict(self._python)
