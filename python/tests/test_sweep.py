"""Sweeps: threads and a Dask cluster give the same numbers; an interrupted sweep resumes without
redoing finished points; bad grids are clear errors."""
import pandas as pd
import pytest

import govsim

GRID = {"staff.mediator.count": [1, 2], "/policy/params/max_attempts_per_unit": [1, 100000]}


def chain(root):
    return (govsim.Scenario.load(root / "scenarios/tests/chain4.json")
            .set("run.horizon_days", 40).set("run.warmup_days", 0).set("run.replications", 2))


def test_every_point_equals_a_single_run(root):
    sw = govsim.sweep(chain(root), GRID, progress=False)
    assert len(sw.points) == 4 and sw.ran == 4
    one = govsim.run(chain(root).set("staff.mediator.count", 2).set("/policy/params/max_attempts_per_unit", 1))
    rows = sw.metric("ttr_mean_hours")
    row = rows[(rows["staff.mediator.count"] == 2) & (rows["/policy/params/max_attempts_per_unit"] == 1)]
    assert row["mean"].item() == one.metric("ttr_mean_hours")
    # More mediators: shorter community waits at every max_attempts setting (common random numbers).
    waits = sw.metric("mean_wait_hours.community").set_index(["/policy/params/max_attempts_per_unit", "staff.mediator.count"])["mean"]
    for attempts in (1, 100000):
        assert waits[(attempts, 2)] < waits[(attempts, 1)]


def test_sweep_with_policies_gives_paired_differences(root):
    sw = govsim.sweep(chain(root), {"staff.mediator.count": [1, 2]}, policies=["tiered", 'noretry=tiered:{"retry_probability": 0}'],
                      progress=False)
    assert sw.policies == ["tiered", "noretry"]
    d = sw.differences
    assert set(d["policy"]) == {"noretry"}
    created = d[d["metric"] == "created"]
    assert (created["mean"] == 0).all(), "same demand at every point"


def test_a_dask_cluster_gives_the_threaded_numbers(root, tmp_path):
    distributed = pytest.importorskip("distributed")
    threaded = govsim.sweep(chain(root), GRID, progress=False, threads=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        on_dask = govsim.sweep(chain(root), GRID, client=client, progress=False, out=tmp_path / "dask")
    pd.testing.assert_frame_equal(threaded.summary, on_dask.summary)
    pd.testing.assert_frame_equal(threaded.replications, on_dask.replications)


def test_an_interrupted_sweep_resumes_without_redoing_finished_points(root, tmp_path):
    out = tmp_path / "sweep"
    seen = []

    def stop_after_two(index, values):
        seen.append(index)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        govsim.sweep(chain(root), GRID, out=out, threads=1, progress=False, on_point=stop_after_two)
    with pytest.raises(ValueError, match="incomplete"):
        govsim.load(out)
    again = govsim.sweep(chain(root), GRID, out=out, threads=1, progress=False)
    assert (again.reused, again.ran) == (2, 2)
    whole = govsim.sweep(chain(root), GRID, progress=False)
    pd.testing.assert_frame_equal(again.summary, whole.summary)
    loaded = govsim.load(out)
    pd.testing.assert_frame_equal(loaded.summary, whole.summary)
    # The same directory for another sweep is refused.
    with pytest.raises(ValueError, match="another sweep"):
        govsim.sweep(chain(root), {"staff.mediator.count": [3]}, out=out, progress=False)


def test_bad_grids_are_clear_errors(root):
    with pytest.raises(ValueError, match="non-empty"):
        govsim.sweep(chain(root), {}, progress=False)
    with pytest.raises(govsim.ScenarioError, match=r"sweep point 1 \{\"staff.mediator.count\": -1\}: .*/staff/mediator/count: "
                                                   r"expected an integer from 0 to 1000000, got -1"):
        govsim.sweep(chain(root), {"staff.mediator.count": [1, -1]}, progress=False)
