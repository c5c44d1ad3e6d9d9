#!/usr/bin/env python3
"""The Python package's overhead, measured in one run (issue 4's benchmark):
  1. a run driven from Python against the same run from the command line;
  2. a sweep driven from Python (govsim.sweep, one thread) against the same points run one by one
     with `govsim run --set` from a shell loop;
  3. a Python policy (a mirror of tiered) against the built-in tiered.

  .venv/bin/python bench/python_overhead.py [--reps N]

Run from the repository root after `make build` (it imports build/python)."""
import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "build" / "python"))
sys.path.insert(0, str(ROOT / "python" / "tests"))

import govsim  # noqa: E402
from test_policy import PyTiered  # noqa: E402


def best_of(f, n=5):
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t0)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=4)
    args = ap.parse_args()
    scenario = ROOT / "scenarios" / "kenli.json"
    sc = govsim.Scenario.load(scenario)
    cli = [str(ROOT / "build" / "bin" / "govsim"), "run", str(scenario), "--reps", str(args.reps), "--threads", "1", "--quiet"]
    t_cli = best_of(lambda: subprocess.run(cli, check=True, capture_output=True))
    t_py = best_of(lambda: govsim.run(sc, reps=args.reps, threads=1))
    t_pypol = best_of(lambda: govsim.run(sc, reps=args.reps, threads=1, policy=PyTiered), n=2)
    ratios = list(range(150, 601, 50))
    grid = {"staff.grid_worker.per_households": ratios}
    t_sweep = best_of(lambda: govsim.sweep(sc, grid, reps=args.reps, threads=1, progress=False), n=3)

    def cli_sweep():
        for r in ratios:
            subprocess.run(cli + ["--set", f"staff.grid_worker.per_households={r}"], check=True, capture_output=True)

    t_cli_sweep = best_of(cli_sweep, n=3)
    print(f"Kenli, {args.reps} replications on one thread (best of several):")
    print(f"  command line (whole process)   {t_cli * 1e3:8.1f} ms")
    print(f"  govsim.run from Python         {t_py * 1e3:8.1f} ms   ratio to the command line {t_py / t_cli:.2f}")
    print(f"  Python policy (tiered mirror)  {t_pypol * 1e3:8.1f} ms   ratio to the built-in policy {t_pypol / t_py:.1f}")
    print(f"Sweep of {len(ratios)} points (households per grid worker), {args.reps} replications each, one thread:")
    print(f"  command line, a run per point  {t_cli_sweep * 1e3:8.1f} ms")
    print(f"  govsim.sweep from Python       {t_sweep * 1e3:8.1f} ms   ratio to the command line {t_sweep / t_cli_sweep:.2f}")


if __name__ == "__main__":
    main()
