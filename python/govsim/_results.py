"""Results as pandas DataFrames, built from the core's numpy arrays (no per-row Python work)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd


def _summary_frame(metrics: dict) -> pd.DataFrame:
    frame = pd.DataFrame.from_dict(metrics, orient="index")[["mean", "ci_low", "ci_high", "half_width"]]
    frame.index.name = "metric"
    return frame


class RunResult:
    """One run: `summary` (mean and 95% CI per metric), `replications` (each metric per
    replication), `issues` (one row per issue, when recorded) and `timeseries` (backlog per level)."""

    def __init__(self, core):
        self._core = core
        self.info = json.loads(core.summary_json)

    @property
    def scenario(self) -> str:
        return self.info["scenario"]

    @property
    def policy(self) -> str:
        return self.info["policy"]

    @property
    def summary(self) -> pd.DataFrame:
        return _summary_frame(self.info["metrics"])

    def metric(self, name: str) -> float:
        """The mean of one metric over the replications."""
        return float(self.info["metrics"][name]["mean"])

    @property
    def replications(self) -> pd.DataFrame:
        reps = self.info["per_replication"]
        frame = pd.DataFrame([r["metrics"] for r in reps], index=pd.Index([r["replication"] for r in reps], name="replication"))
        return frame

    @property
    def issues(self) -> pd.DataFrame:
        c = self._core.issue_columns
        if len(c["id"]) == 0 and not c["unit_names"]:
            raise ValueError("this run did not record issues; run with issues=True")
        levels = list(self._core.level_names)
        return pd.DataFrame({
            "replication": c["replication"],
            "id": c["id"],
            "category": pd.Categorical.from_codes(c["category"], categories=list(c["category_names"])),
            "origin": pd.Categorical.from_codes(c["origin"], categories=list(c["unit_names"])),
            "severity": c["severity"],
            "created_h": c["created"],
            "discovered_h": np.where(c["discovered"] < 0, np.nan, c["discovered"]),
            "first_response_h": np.where(c["first_response"] < 0, np.nan, c["first_response"]),
            "closed_h": np.where(c["closed"] < 0, np.nan, c["closed"]),
            "outcome": pd.Categorical.from_codes(c["outcome"], categories=list(c["outcome_names"])),
            "unit": pd.Categorical.from_codes(c["closed_at"], categories=list(c["unit_names"])),
            "level": pd.Categorical.from_codes(c["closed_level"], categories=levels),
            "attempts": c["attempts"],
            "escalations": c["escalations"],
            "reworks": c["reworks"],
            "satisfaction": np.where(c["satisfaction"] < 0, np.nan, c["satisfaction"]),
        })

    @property
    def timeseries(self) -> pd.DataFrame:
        t = self._core.timeseries_columns
        backlog = t["backlog"]
        columns = {"replication": t["replication"], "time_h": t["time_h"]}
        for i, level in enumerate(t["level_names"]):
            columns[f"open_{level}"] = backlog[:, i]
        columns["undiscovered"] = backlog[:, len(t["level_names"])]
        return pd.DataFrame(columns)

    def write(self, directory: str) -> None:
        """Writes summary.json, timeseries.csv (and issues.csv) as `govsim run --out` does."""
        self._core.write(str(directory))

    def __str__(self) -> str:
        return self._core.print_summary()

    def __repr__(self) -> str:
        return f"<govsim.RunResult {self.scenario!r} policy {self.policy!r}, {self.info['replications']} replications>"


class ComparisonResult:
    """Policies compared on common random numbers: `runs` (a RunResult each), `summary` (metric ×
    policy means) and `differences` (paired differences from the first policy, with 95% CIs)."""

    def __init__(self, core):
        self._core = core
        self.runs = [RunResult(r) for r in core.runs]
        self.info = json.loads(core.comparison_json)

    @property
    def policies(self) -> list[str]:
        return [r.policy for r in self.runs]

    @property
    def summary(self) -> pd.DataFrame:
        frames = {r.policy: r.summary for r in self.runs}
        return pd.concat(frames, names=["policy"])

    @property
    def differences(self) -> pd.DataFrame:
        rows = {policy: _summary_frame(metrics) for policy, metrics in self.info["differences_vs_baseline"].items()}
        if not rows:
            raise ValueError("a comparison of one policy has no differences")
        return pd.concat(rows, names=["policy"])

    def write(self, directory: str) -> None:
        self._core.write(str(directory))

    def __str__(self) -> str:
        return self._core.print_comparison()
