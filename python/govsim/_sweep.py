"""Parameter sweeps: every point of a grid of scenario values, run (or compared across policies)
on the scenario's seed, on threads of this machine or on a Dask cluster. Each point draws only
from its own seeded streams, so where it ran cannot change its numbers. With `out`, each finished
point is written at once (Parquet) with a JSON manifest, and a sweep started again on the same
directory skips the points already there."""
from __future__ import annotations

import hashlib
import itertools
import json
import os
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any, Callable, Iterable

import pandas as pd

from . import _core
from ._scenario import Scenario

MANIFEST = "manifest.json"


def _points(grid: dict[str, Iterable[Any]]) -> list[dict[str, Any]]:
    if not isinstance(grid, dict) or not grid:
        raise ValueError("sweep: expected grid as a non-empty {path: [values, ...]} dict")
    values = {}
    for path, vals in grid.items():
        vals = list(vals) if not isinstance(vals, (str, bytes)) else [vals]
        if not vals:
            raise ValueError(f"sweep: grid path {path!r} has no values")
        values[path] = vals
    return [dict(zip(values, combo)) for combo in itertools.product(*values.values())]


def run_point(text: str, file: str, point: dict[str, Any], policies: list[str] | None) -> dict[str, list[dict]]:
    """Runs one point (a plain function, so Dask can ship it): returns its summary rows, its
    per-replication rows and, with several policies, its paired differences."""
    sc = Scenario(json.loads(text), file)
    for path, value in point.items():
        sc.set(path, value)
    if policies:
        core = _core.compare(sc.text(), sc.file, list(policies), 1, False)
        infos = [json.loads(r.summary_json) for r in core.runs]
        cmp = json.loads(core.comparison_json)
    else:
        infos = [json.loads(_core.run(sc.text(), sc.file, 1, False).summary_json)]
        cmp = None
    summary, reps, diffs = [], [], []
    for info in infos:
        for metric, m in info["metrics"].items():
            summary.append({"policy": info["policy"], "metric": metric, **{k: m[k] for k in ("mean", "ci_low", "ci_high", "half_width")}})
        for r in info["per_replication"]:
            reps.append({"policy": info["policy"], "replication": r["replication"], **r["metrics"]})
    if cmp:
        for policy, metrics in cmp["differences_vs_baseline"].items():
            for metric, m in metrics.items():
                diffs.append({"policy": policy, "metric": metric, **{k: m[k] for k in ("mean", "ci_low", "ci_high", "half_width")}})
    return {"summary": summary, "replications": reps, "differences": diffs}


def _point_key(point: dict[str, Any]) -> str:
    return json.dumps(point, sort_keys=False)


class SweepResult:
    """A finished sweep: `summary` (one row per point, policy and metric: mean and 95% CI, with a
    column per grid path), `replications` (each metric per point, policy and replication) and,
    with several policies, `differences` (paired differences from the first policy per point)."""

    def __init__(self, grid_paths: list[str], points: list[dict[str, Any]], tables: dict[str, pd.DataFrame],
                 ran: int = 0, reused: int = 0, directory: Path | None = None, info: dict | None = None):
        self.grid_paths = grid_paths
        self.points = points
        self._tables = tables
        self.ran, self.reused = ran, reused
        self.directory = directory
        self.info = info or {}

    @property
    def summary(self) -> pd.DataFrame:
        return self._tables["summary"]

    @property
    def replications(self) -> pd.DataFrame:
        return self._tables["replications"]

    @property
    def differences(self) -> pd.DataFrame:
        return self._tables["differences"]

    @property
    def policies(self) -> list[str]:
        return list(dict.fromkeys(self.summary["policy"]))

    def metric(self, name: str) -> pd.DataFrame:
        """One metric: a row per point and policy with the grid values, mean and CI."""
        frame = self.summary[self.summary["metric"] == name]
        return frame.drop(columns="metric").reset_index(drop=True)

    @classmethod
    def from_dir(cls, directory: str | Path) -> "SweepResult":
        d = Path(directory)
        manifest = json.loads((d / MANIFEST).read_text())
        points = [p["values"] for p in manifest["points"]]
        missing = [p["index"] for p in manifest["points"] if not (d / _point_file(p["index"], "summary")).exists()]
        if missing:
            raise ValueError(f"sweep results in {d} are incomplete: points {missing} have not run (run the sweep again to finish it)")
        tables = _collect(d, manifest["grid_paths"], len(points))
        return cls(manifest["grid_paths"], points, tables, 0, len(points), d, manifest)

    def __repr__(self) -> str:
        return f"<govsim.SweepResult {len(self.points)} points over {', '.join(self.grid_paths)}; policies {', '.join(self.policies)}>"


def _point_file(index: int, table: str) -> str:
    return f"points/{index:05d}.{table}.parquet"


def _frames(index: int, point: dict[str, Any], rows: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    out = {}
    for table, records in rows.items():
        frame = pd.DataFrame.from_records(records)
        frame.insert(0, "point", index)
        for i, (path, value) in enumerate(point.items()):
            frame.insert(1 + i, path, [value] * len(frame))
        out[table] = frame
    return out


def _write_point(directory: Path, index: int, frames: dict[str, pd.DataFrame]) -> None:
    # Each table goes to a temporary name first: a point counts as done only when all are in place,
    # and the summary (the marker of a finished point) is renamed last.
    for table in ("differences", "replications", "summary"):
        final = directory / _point_file(index, table)
        tmp = final.with_suffix(".tmp")
        frames[table].to_parquet(tmp, index=False)
        os.replace(tmp, final)


def _collect(directory: Path, grid_paths: list[str], n: int) -> dict[str, pd.DataFrame]:
    tables = {}
    for table in ("summary", "replications", "differences"):
        parts = [pd.read_parquet(directory / _point_file(i, table)) for i in range(n)]
        parts = [p for p in parts if len(p)]
        tables[table] = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["point", *grid_paths])
    return tables


def sweep(scenario: Scenario | str, grid: dict[str, Iterable[Any]], *, reps: int | None = None, seed: int | None = None,
          policies: Iterable[str] | None = None, out: str | Path | None = None, client=None, threads: int = 0,
          progress: bool = True, on_point: Callable[[int, dict[str, Any]], None] | None = None) -> SweepResult:
    """Runs every point of `grid` ({scenario path: [values]}, all combinations, in order).

    - `policies`: compare these policies at each point (paired, as `govsim compare`); default the
      scenario's own policy.
    - `out`: a results directory (manifest.json and points/*.parquet). A sweep started again on it
      resumes: finished points are read back, not run again. A directory holding another sweep is
      refused.
    - `client`: a dask.distributed Client; the points run on its cluster and give the same numbers.
      Without it, `threads` threads of this machine (0: one per core) run them.
    - `progress`: a tqdm progress bar over the points; `on_point(index, values)` is called as each
      point finishes (an exception from it stops the sweep; the finished points are kept).
    """
    sc = Scenario.load(scenario) if isinstance(scenario, str) else scenario.copy()
    if reps is not None:
        sc.set("run.replications", reps)
    if seed is not None:
        sc.set("run.seed", seed)
    points = _points(grid)
    grid_paths = list(points[0])
    policies = list(policies) if policies else None
    # Every point must load: check them all before running any (a bad value names its point).
    for i, point in enumerate(points):
        probe = sc.copy()
        for path, value in point.items():
            probe.set(path, value)
        try:
            probe.validate()
        except _core.ScenarioError as err:
            raise _core.ScenarioError(f"sweep point {i} {_point_key(point)}: {err}") from None
    text = sc.text()
    directory = Path(out) if out is not None else None
    done: set[int] = set()
    from . import __version__
    manifest = {
        "govsim": __version__,
        "scenario": sc.name, "file": sc.file, "grid_paths": grid_paths, "policies": policies,
        "replications": sc.get("run.replications"), "seed": sc.get("run.seed"),
        "scenario_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "points": [{"index": i, "values": p} for i, p in enumerate(points)],
    }
    manifest = json.loads(json.dumps(manifest))  # as it reads back (tuples become lists)
    if directory is not None:
        (directory / "points").mkdir(parents=True, exist_ok=True)
        path = directory / MANIFEST
        if path.exists():
            old = json.loads(path.read_text())
            if {k: v for k, v in old.items() if k != "file"} != {k: v for k, v in manifest.items() if k != "file"}:
                raise ValueError(f"{directory} holds the results of another sweep (different scenario, grid, policies, "
                                 "replications or seed); use a new directory")
            done = {i for i in range(len(points)) if (directory / _point_file(i, "summary")).exists()}
        else:
            for stale in (directory / "points").glob("*.parquet"):  # a sweep without manifest: not this one's
                stale.unlink()
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(manifest, indent=2))
            os.replace(tmp, path)
    todo = [i for i in range(len(points)) if i not in done]
    results: dict[int, dict[str, pd.DataFrame]] = {}

    bar = None
    if progress and len(todo) > 1:
        from tqdm.auto import tqdm
        bar = tqdm(total=len(points), initial=len(done), desc=f"sweep {sc.name}", unit="point")

    def finished(i: int, rows: dict[str, list[dict]]) -> None:
        frames = _frames(i, points[i], rows)
        if directory is not None:
            _write_point(directory, i, frames)
        results[i] = frames
        if bar is not None:
            bar.update(1)
        if on_point is not None:
            on_point(i, points[i])

    try:
        if client is not None:
            from distributed import as_completed as dask_completed
            futures = {client.submit(run_point, text, sc.file, points[i], policies, pure=False): i for i in todo}
            try:
                for fut in dask_completed(futures):
                    finished(futures[fut], fut.result())
            finally:
                for fut in futures:
                    fut.cancel()
        else:
            workers = threads or os.cpu_count() or 1
            with ThreadPoolExecutor(max_workers=min(workers, max(1, len(todo)))) as pool:
                futures = {pool.submit(run_point, text, sc.file, points[i], policies): i for i in todo}
                try:
                    for fut in as_completed(futures):
                        finished(futures[fut], fut.result())
                finally:
                    for fut in futures:
                        fut.cancel()
    finally:
        if bar is not None:
            bar.close()

    if directory is not None:
        tables = _collect(directory, grid_paths, len(points))
    else:
        tables = {}
        for table in ("summary", "replications", "differences"):
            parts = [results[i][table] for i in range(len(points)) if len(results[i][table])]
            tables[table] = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["point", *grid_paths])
    return SweepResult(grid_paths, points, tables, ran=len(todo), reused=len(done), directory=directory, info=manifest)
