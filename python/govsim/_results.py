"""Results as pandas DataFrames: built from the core's numpy arrays after a run (no per-row Python
work), or read back from a results directory (`govsim run --out`, `govsim compare --out`)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

ISSUE_COLUMNS = ["replication", "id", "category", "origin", "severity", "created_h", "discovered_h", "first_response_h",
                 "closed_h", "outcome", "level", "unit", "attempts", "escalations", "reworks", "satisfaction"]
OUTCOMES = ["open", "resolved", "closed_unresolved", "withdrawn"]


def summary_frame(metrics: dict) -> pd.DataFrame:
    """{metric: {mean, ci_low, ci_high, half_width}} as a DataFrame indexed by metric."""
    frame = pd.DataFrame.from_dict(metrics, orient="index")[["mean", "ci_low", "ci_high", "half_width"]]
    frame.index.name = "metric"
    return frame


def _issues_from_core(core) -> pd.DataFrame:
    c = core.issue_columns
    units = list(c["unit_names"])
    nan_if_negative = lambda x: np.where(x < 0, np.nan, x)  # noqa: E731
    return pd.DataFrame({
        "replication": c["replication"],
        "id": c["id"],
        "category": pd.Categorical.from_codes(c["category"], categories=list(c["category_names"])),
        "origin": pd.Categorical.from_codes(c["origin"], categories=units),
        "severity": c["severity"],
        "created_h": c["created"],
        "discovered_h": nan_if_negative(c["discovered"]),
        "first_response_h": nan_if_negative(c["first_response"]),
        "closed_h": nan_if_negative(c["closed"]),
        "outcome": pd.Categorical.from_codes(c["outcome"], categories=list(c["outcome_names"])),
        "level": pd.Categorical.from_codes(c["closed_level"], categories=list(core.level_names)),
        "unit": pd.Categorical.from_codes(c["closed_at"], categories=units),
        "attempts": c["attempts"],
        "escalations": c["escalations"],
        "reworks": c["reworks"],
        "satisfaction": nan_if_negative(c["satisfaction"]),
    })


def _timeseries_from_core(core) -> pd.DataFrame:
    t = core.timeseries_columns
    backlog = t["backlog"]
    time_h = t["time_h"]
    columns = {"replication": t["replication"], "time_h": time_h, "day": time_h / 24.0}
    for i, level in enumerate(t["level_names"]):
        columns[f"open_{level}"] = backlog[:, i]
    columns["undiscovered"] = backlog[:, len(t["level_names"])]
    return pd.DataFrame(columns)


class RunResult:
    """One run of one policy: `summary` (mean and 95% CI per metric), `replications` (each metric
    per replication), `issues` (one row per issue, when recorded) and `timeseries` (open issues per
    level at each sample time)."""

    def __init__(self, info: dict, timeseries: Callable[[], pd.DataFrame], issues: Callable[[], pd.DataFrame | None],
                 core=None):
        self.info = info
        self._timeseries, self._issues, self._core = timeseries, issues, core
        self._cache: dict = {}

    @classmethod
    def from_core(cls, core) -> "RunResult":
        recorded = core.issues_recorded
        return cls(json.loads(core.summary_json), lambda: _timeseries_from_core(core),
                   (lambda: _issues_from_core(core)) if recorded else (lambda: None), core)

    @classmethod
    def from_dir(cls, directory: str | Path) -> "RunResult":
        d = Path(directory)
        info = json.loads((d / "summary.json").read_text())

        def issues():
            path = d / "issues.csv"
            if not path.exists():
                return None
            frame = pd.read_csv(path, dtype={"category": "category", "origin": "category", "unit": "category"})
            frame["outcome"] = pd.Categorical(frame["outcome"], categories=OUTCOMES)
            frame["level"] = pd.Categorical(frame["level"], categories=info["levels"])
            return frame

        return cls(info, lambda: pd.read_csv(d / "timeseries.csv"), issues)

    def _cached(self, key, make):
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    @property
    def scenario(self) -> str:
        return self.info["scenario"]

    @property
    def policy(self) -> str:
        return self.info["policy"]

    @property
    def levels(self) -> list[str]:
        return list(self.info["levels"])

    @property
    def summary(self) -> pd.DataFrame:
        return summary_frame(self.info["metrics"])

    def metric(self, name: str) -> float:
        """The mean of one metric over the replications."""
        return float(self.info["metrics"][name]["mean"])

    @property
    def replications(self) -> pd.DataFrame:
        reps = self.info["per_replication"]
        return pd.DataFrame([r["metrics"] for r in reps], index=pd.Index([r["replication"] for r in reps], name="replication"))

    @property
    def issues(self) -> pd.DataFrame:
        frame = self._cached("issues", self._issues)
        if frame is None:
            raise ValueError("this run did not record issues; run with issues=True (or --issues)")
        return frame

    @property
    def has_issues(self) -> bool:
        return self._cached("issues", self._issues) is not None

    @property
    def timeseries(self) -> pd.DataFrame:
        return self._cached("timeseries", self._timeseries)

    def write(self, directory: str | Path) -> None:
        """Writes summary.json, timeseries.csv (and issues.csv) as `govsim run --out` does."""
        if self._core is None:
            raise ValueError("this result was read from files; it is written already")
        self._core.write(str(directory))

    def __str__(self) -> str:
        if self._core is not None:
            return self._core.print_summary()
        return f"govsim: {self.scenario} — policy {self.policy}\n{self.summary.to_string()}"

    def __repr__(self) -> str:
        return f"<govsim.RunResult {self.scenario!r} policy {self.policy!r}, {self.info['replications']} replications>"


class ComparisonResult:
    """Policies compared on common random numbers: `runs` (a RunResult each, the first is the
    baseline), `summary` ((policy, metric) means and CIs) and `differences` (paired differences
    from the baseline, with 95% CIs)."""

    def __init__(self, info: dict, runs: list[RunResult], core=None):
        self.info = info
        self.runs = runs
        self._core = core

    @classmethod
    def from_core(cls, core) -> "ComparisonResult":
        return cls(json.loads(core.comparison_json), [RunResult.from_core(r) for r in core.runs], core)

    @classmethod
    def from_dir(cls, directory: str | Path) -> "ComparisonResult":
        d = Path(directory)
        info = json.loads((d / "compare.json").read_text())
        runs = []
        for sub in sorted(p for p in d.iterdir() if (p / "summary.json").exists()):
            runs.append(RunResult.from_dir(sub))
        order = {label: i for i, label in enumerate(info["policies"])}
        runs.sort(key=lambda r: order.get(r.policy, len(order)))
        return cls(info, runs)

    @property
    def scenario(self) -> str:
        return self.info["scenario"]

    @property
    def policies(self) -> list[str]:
        return list(self.info["policies"])

    @property
    def baseline(self) -> str:
        return self.info["baseline"]

    @property
    def summary(self) -> pd.DataFrame:
        return pd.concat({r.policy: r.summary for r in self.runs}, names=["policy"])

    def means(self) -> pd.DataFrame:
        """metric × policy table of means."""
        return self.summary["mean"].unstack("policy")[self.policies]

    @property
    def differences(self) -> pd.DataFrame:
        rows = {policy: summary_frame(metrics) for policy, metrics in self.info["differences_vs_baseline"].items()}
        if not rows:
            raise ValueError("a comparison of one policy has no differences")
        return pd.concat(rows, names=["policy"])

    def write(self, directory: str | Path) -> None:
        if self._core is None:
            raise ValueError("this result was read from files; it is written already")
        self._core.write(str(directory))

    def __str__(self) -> str:
        if self._core is not None:
            return self._core.print_comparison()
        return self.means().to_string()

    def __repr__(self) -> str:
        return f"<govsim.ComparisonResult {self.scenario!r}: {', '.join(self.policies)}>"
