"""The analytic model (govsim.analyze) and the staffing solver (govsim.staff), as DataFrames."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable

import pandas as pd

from . import _core
from ._scenario import Scenario


def _scenario(scenario: Scenario | str) -> Scenario:
    return Scenario.load(scenario) if isinstance(scenario, str) else scenario


@dataclass
class AnalyticModel:
    """Queueing theory beside a pilot simulation (as `govsim analyze`). `data` is the JSON the
    command line writes with --out; the properties are DataFrames of it; str() is the printed tables."""
    data: dict[str, Any]
    text: str = field(repr=False)

    def __str__(self) -> str:
        return self.text

    @property
    def levels(self) -> pd.DataFrame:
        """Per level: external arrivals, visits from the traffic equations and the pilot's (a day)."""
        d = self.data
        return pd.DataFrame({"level": d["levels"], "external_per_day": d["external_per_day"],
                             "visits_per_day": d["visits_per_day"], "sim_visits_per_day": d["sim_visits_per_day"]})

    @property
    def routing(self) -> pd.DataFrame:
        """P(i, j): the chance that a visit at level i (row) is followed by one at level j."""
        return pd.DataFrame(self.data["routing"], index=self.data["levels"], columns=self.data["levels"])

    @property
    def outcomes(self) -> pd.DataFrame:
        """Where issues end: the absorbing chain's shares beside the pilot's."""
        d = self.data
        return pd.DataFrame({"outcome": d["outcomes"], "analytic": d["end_share"], "simulated": d["sim_end_share"]})

    @property
    def stations(self) -> pd.DataFrame:
        """Per (level, role) station: Erlang C/A figures beside the pilot's, and the caveats."""
        frame = pd.DataFrame(self.data["stations"])
        if not frame.empty:
            frame["caveats"] = frame["caveats"].map("; ".join)
        return frame

    @property
    def months(self) -> pd.DataFrame:
        """Seasonal offered load m(t) at the entry level, and pooled square-root staffing."""
        return pd.DataFrame(self.data["months"])


def analyze(scenario: Scenario | str, *, pilot_days: float = 90, reps: int = 4, threads: int = 0,
            policy: str | None = None) -> AnalyticModel:
    """The analytic model of the scenario beside a pilot of `reps` x `pilot_days` days (as
    `govsim analyze`); `policy` as on the command line ("NAME" or "LABEL=NAME:{JSON}")."""
    sc = _scenario(scenario)
    data, text = _core.analyze(sc.text(), sc.file, float(pilot_days), int(reps), int(threads), policy or "")
    return AnalyticModel(json.loads(data), text)


@dataclass
class StaffResult:
    """The staffing solver's answer (as `govsim staff`): `best` (None if no level meets every
    target), `points` (every level evaluated: one row per level and target, with CIs) and str()."""
    data: dict[str, Any]
    text: str = field(repr=False)

    def __str__(self) -> str:
        return self.text

    @property
    def role(self) -> str:
        return self.data["role"]

    @property
    def best(self) -> dict[str, Any] | None:
        return self.data["best"]

    @property
    def targets(self) -> pd.DataFrame:
        return pd.DataFrame(self.data["targets"])

    @property
    def points(self) -> pd.DataFrame:
        rows = []
        for p in self.data["points"]:
            for t in p["targets"]:
                rows.append({"setting": p["setting"], "staff": p["staff"], "households_per_worker": p["households_per_worker"],
                             "replications": p["replications"], "feasible": p["feasible"], "metric": t["metric"],
                             "mean": t["mean"], "ci_low": t["low"], "ci_high": t["high"], "verdict": t["verdict"]})
        return pd.DataFrame(rows)

    def curve(self, metric: str | None = None) -> pd.DataFrame:
        """One target metric against households per worker (ascending), with its CI."""
        metric = metric or self.data["targets"][0]["metric"]
        frame = self.points
        frame = frame[frame["metric"] == metric]
        if frame.empty:
            raise ValueError(f"{metric!r} is not a target of this solve ({', '.join(t['metric'] for t in self.data['targets'])})")
        return frame.sort_values("households_per_worker").reset_index(drop=True)


def staff(scenario: Scenario | str, role: str, targets: str | Iterable[str], *, confidence: float = 0.95, reps: int = 4,
          max_reps: int = 32, threads: int = 0, policy: str | None = None, min_households: float | None = None,
          max_households: float | None = None, max_per_unit: int | None = None, curve: int = 8) -> StaffResult:
    """The fewest staff of `role` meeting every target (as `govsim staff`): targets such as
    "p90_time_to_resolve<=72h" or "sla_compliance>=90%". A malformed target raises ValueError."""
    sc = _scenario(scenario)
    targets = [targets] if isinstance(targets, str) else list(targets)
    for t in targets:
        try:
            _core.parse_staff_target(t)
        except _core.Error as err:
            raise ValueError(str(err)) from None
    data, text = _core.staff(sc.text(), sc.file, role, targets, float(confidence), int(reps), int(max_reps), int(threads),
                             policy or "", float(min_households or 0), float(max_households or 0), int(max_per_unit or 0),
                             int(curve))
    return StaffResult(json.loads(data), text)
