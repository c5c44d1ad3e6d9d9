"""Plots of results with matplotlib: time to resolve per policy, where issues were resolved,
backlog over time per level, utilisation per role, and sweep curves with CI bands. Each function
takes a RunResult, a ComparisonResult (or a list of RunResults) or a SweepResult, draws on `ax` (or
a new figure) and returns the Axes (backlog of several runs returns the Figure)."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ._results import ComparisonResult, RunResult
from ._sweep import SweepResult


def _runs(results) -> list[RunResult]:
    if isinstance(results, RunResult):
        return [results]
    if isinstance(results, ComparisonResult):
        return list(results.runs)
    if isinstance(results, Sequence) and all(isinstance(r, RunResult) for r in results):
        return list(results)
    raise TypeError(f"expected a RunResult, a ComparisonResult or a list of RunResults, got {type(results).__name__}")


def _axes(ax):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt
    return plt.subplots(figsize=(7, 4))[1]


def time_to_resolve(results, ax=None):
    """Distribution of the time to resolve, per policy: the empirical CDF over every resolved issue
    when issues were recorded, else the p50/p90/p95 markers of the summary."""
    ax = _axes(ax)
    for run in _runs(results):
        if run.has_issues:
            iss = run.issues
            days = np.sort(((iss.closed_h - iss.created_h)[iss.outcome == "resolved"]).to_numpy() / 24.0)
            days = np.maximum(days, 1e-3)
            ax.step(days, np.arange(1, len(days) + 1) / max(len(days), 1), where="post", label=run.policy)
        else:
            qs = [run.metric(f"ttr_p{q}_hours") / 24.0 for q in (50, 90, 95)]
            ax.plot(qs, [0.5, 0.9, 0.95], marker="o", label=f"{run.policy} (p50, p90, p95)")
    ax.set_xscale("log")
    ax.set_xlabel("time to resolve, days (log scale)")
    ax.set_ylabel("share of resolved issues")
    ax.set_title("Time to resolve")
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax


def resolved_at_level(results, ax=None):
    """Issues resolved at each level (mean per replication with 95% CI), bars grouped by policy."""
    ax = _axes(ax)
    runs = _runs(results)
    levels = runs[0].levels
    width = 0.8 / len(runs)
    x = np.arange(len(levels))
    for i, run in enumerate(runs):
        s = run.summary
        rows = s.loc[[f"resolved_at_level.{lv}" for lv in levels]]
        err = np.vstack([rows["mean"] - rows["ci_low"], rows["ci_high"] - rows["mean"]])
        ax.bar(x + (i - (len(runs) - 1) / 2) * width, rows["mean"], width, yerr=err, capsize=2, label=run.policy)
    ax.set_xticks(x, levels)
    ax.set_ylabel("issues resolved (per replication)")
    ax.set_title("Where issues were resolved")
    ax.legend()
    return ax


def backlog(results, ax=None):
    """Open issues at each level over time (mean over replications). One run: a line per level on
    one Axes (returned). Several: one panel per level with a line per policy (the Figure is returned)."""
    runs = _runs(results)
    if len(runs) == 1:
        ax = _axes(ax)
        ts = runs[0].timeseries.groupby("time_h").mean(numeric_only=True)
        for lv in runs[0].levels:
            ax.plot(ts.index / 24.0, ts[f"open_{lv}"], label=lv)
        ax.set_xlabel("day")
        ax.set_ylabel("open issues")
        ax.set_title(f"Backlog per level — {runs[0].policy}")
        ax.legend()
        return ax
    import matplotlib.pyplot as plt
    levels = runs[0].levels
    fig, axes = plt.subplots(len(levels), 1, figsize=(7, 2.2 * len(levels)), sharex=True)
    for a, lv in zip(np.atleast_1d(axes), levels):
        for run in runs:
            ts = run.timeseries.groupby("time_h").mean(numeric_only=True)
            a.plot(ts.index / 24.0, ts[f"open_{lv}"], label=run.policy)
        a.set_ylabel(f"open: {lv}")
    np.atleast_1d(axes)[0].legend(fontsize="small")
    np.atleast_1d(axes)[-1].set_xlabel("day")
    fig.suptitle("Backlog per level")
    fig.tight_layout()
    return fig


def utilisation(results, ax=None):
    """Utilisation of each role at each level, bars grouped by policy."""
    ax = _axes(ax)
    runs = _runs(results)
    names = [m for m in runs[0].summary.index if m.startswith("utilisation.")]
    width = 0.8 / len(runs)
    y = np.arange(len(names))
    for i, run in enumerate(runs):
        s = run.summary.loc[names]
        ax.barh(y + (i - (len(runs) - 1) / 2) * width, 100 * s["mean"], width, label=run.policy)
    ax.set_yticks(y, [n[len("utilisation."):] for n in names])
    ax.set_xlabel("utilisation, % of working hours")
    ax.set_title("Utilisation per role")
    ax.legend()
    return ax


WORK = ("issues", "visits", "travel", "patrol", "reporting", "sittings", "meetings", "idle")


def time_use(results, ax=None):
    """What each role's working hours go to (issues, each duty, meetings, idle): stacked bars of %
    of working hours, one bar per role and level (and per policy). Needs a scenario with duties or
    meetings with participants."""
    ax = _axes(ax)
    runs = _runs(results)
    groups = [m[len("time.idle."):] for m in runs[0].summary.index if m.startswith("time.idle.")]
    if not groups:
        raise ValueError("no time use in these results: the scenario gives no role duties and no meeting participants "
                         "(see docs/scenario-format.md)")
    rows = [(run, g) for g in groups for run in runs]
    y = np.arange(len(rows))
    left = np.zeros(len(rows))
    import matplotlib.pyplot as plt
    colours = plt.get_cmap("tab10")
    for k, work in enumerate(WORK):
        share = np.array([100 * run.metric(f"time.{work}.{g}") for run, g in rows])
        ax.barh(y, share, left=left, label=work, color="lightgrey" if work == "idle" else colours(k))
        left += share
    labels = [g if len(runs) == 1 else f"{g} ({run.policy})" for run, g in rows]
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of working hours")
    ax.set_title("Time use per role")
    ax.legend(ncols=len(WORK), fontsize="small", loc="lower center", bbox_to_anchor=(0.5, 1.06))
    return ax


def sweep(result: SweepResult, metric: str, x: str | None = None, ax=None, scale: float = 1.0, label: str | None = None):
    """A metric against a grid path, with its 95% CI band: a line per policy (and per value of
    the other grid paths)."""
    if not isinstance(result, SweepResult):
        raise TypeError(f"expected a SweepResult, got {type(result).__name__}")
    ax = _axes(ax)
    x = x or result.grid_paths[0]
    if x not in result.grid_paths:
        raise ValueError(f"{x!r} is not a path of this sweep's grid ({', '.join(result.grid_paths)})")
    frame = result.metric(metric)
    if frame.empty:
        raise ValueError(f"this sweep has no metric {metric!r}")
    others = [p for p in result.grid_paths if p != x]
    for key, part in frame.groupby(["policy", *others], sort=False):
        key = key if isinstance(key, tuple) else (key,)
        name = ", ".join([str(key[0])] + [f"{p}={v}" for p, v in zip(others, key[1:])])
        part = part.sort_values(x)
        line, = ax.plot(part[x], part["mean"] * scale, marker="o", label=name)
        ax.fill_between(part[x], part["ci_low"] * scale, part["ci_high"] * scale, color=line.get_color(), alpha=0.2)
    ax.set_xlabel(x)
    ax.set_ylabel(label or metric)
    ax.set_title(f"{label or metric} against {x}")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small")
    return ax


def staffing(result, metric: str | None = None, ax=None, scale: float = 1.0, label: str | None = None):
    """A staffing solve's curve: the target metric against households per worker with its 95% CI
    band, the target as a dashed line and the answer (the most households per worker meeting
    every target) marked."""
    from ._analysis import StaffResult
    if not isinstance(result, StaffResult):
        raise TypeError(f"expected a StaffResult (govsim.staff), got {type(result).__name__}")
    ax = _axes(ax)
    frame = result.curve(metric)
    metric = frame["metric"].iloc[0]
    line, = ax.plot(frame["households_per_worker"], frame["mean"] * scale, marker="o", label=label or metric)
    ax.fill_between(frame["households_per_worker"], frame["ci_low"] * scale, frame["ci_high"] * scale,
                    color=line.get_color(), alpha=0.2)
    for t in result.data["targets"]:
        if t["metric"] == metric:
            ax.axhline(t["value"] * scale, color="grey", linestyle="--", label=f"target {t['text']}")
    best = result.best
    if best is not None:
        value = next(t["mean"] for t in best["targets"] if t["metric"] == metric)
        ax.plot([best["households_per_worker"]], [value * scale], marker="*", markersize=14, color="black", linestyle="none",
                label=f"answer: {best['staff']} {result.role}")
    ax.set_xlabel(f"households per {result.role}")
    ax.set_ylabel(label or metric)
    ax.set_title(f"{label or metric} against households per {result.role}")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small")
    return ax
