"""The Python API over the core: scenarios round-trip, runs equal the command line's, errors carry
the command line's messages, results come as DataFrames that account for every issue."""
import json
import subprocess

import numpy as np
import pandas as pd
import pytest

import govsim

CHAIN = "scenarios/tests/chain4.json"


def short(sc: govsim.Scenario) -> govsim.Scenario:
    return sc.set("run.horizon_days", 60).set("/run/warmup_days", 0).set("run.replications", 3)


def test_scenario_round_trip(root, tmp_path):
    sc = govsim.Scenario.load(root / "scenarios/kenli.json")
    assert sc.get("staff.grid_worker.per_households") == 300
    sc.set("staff.grid_worker.per_households", 250)
    assert sc.get("/staff/grid_worker/per_households") == 250
    sc["run.seed"] = 7
    assert sc["/run/seed"] == 7 and sc.doc["run"]["seed"] == 7
    with pytest.raises(KeyError):
        sc["run.no_such_key"]
    with pytest.raises(govsim.ScenarioError, match="expected an index of an existing array element"):
        sc.set("levels.9.name", "x")
    out = tmp_path / "k.json"
    sc.save(out)
    again = govsim.Scenario.load(out)
    assert again.doc == sc.doc
    facts = again.validate()
    assert facts["units"] == 1354 and facts["households"] == 58905 and facts["levels"] == 6
    # 58,905 households: grid workers per 250 households per grid of 315 = 1 each, as before 187.
    assert facts["name"] == "kenli"
    assert facts["warnings"] == []
    # Visits every 10 days of 315 households, 25.5 minutes each on average: 82.7 hours a week.
    again["staff.grid_worker.duties.visits.every_days"] = 10
    (warning,) = again.validate()["warnings"]
    assert "/staff/grid_worker/duties: duties take 99.1 working hours a week per staff member" in warning
    assert "(visits 82.7, patrol 5.0, sittings 0.0, reporting on visits 11.0, meetings 0.4) but calendar 'office' gives 35.0" in warning


def test_python_and_command_line_give_identical_numbers(root, cli, tmp_path):
    sc = short(govsim.Scenario.load(root / CHAIN))
    result = govsim.run(sc, seed=42, threads=1)
    sc.set("run.seed", 42).save(tmp_path / "s.json")
    subprocess.run([cli, "run", str(tmp_path / "s.json"), "--out", str(tmp_path / "out"), "--quiet", "--threads", "2"],
                   check=True, capture_output=True)
    expected = json.loads((tmp_path / "out" / "summary.json").read_text())
    for name, m in expected["metrics"].items():
        assert result.info["metrics"][name]["mean"] == m["mean"], name
    assert [r["metrics"] for r in result.info["per_replication"]] == [r["metrics"] for r in expected["per_replication"]]


def test_bad_input_raises_the_command_lines_message(root, cli, tmp_path):
    sc = govsim.Scenario.load(root / "scenarios/tests/mmc.json")
    sc.set("staff.server.count", -1)
    with pytest.raises(govsim.ScenarioError) as err:
        sc.validate()
    assert isinstance(err.value, ValueError)
    sc.save(tmp_path / "bad.json")
    cli_out = subprocess.run([cli, "validate", str(tmp_path / "bad.json")], capture_output=True, text=True)
    assert cli_out.returncode == 1
    bad = govsim.Scenario.load(tmp_path / "bad.json")
    with pytest.raises(govsim.ScenarioError) as err:
        govsim.run(bad)
    assert cli_out.stderr.strip() == "govsim: error: " + str(err.value)
    assert str(err.value).endswith("/staff/server/count: expected an integer from 0 to 1000000, got -1")
    with pytest.raises(govsim.PluginError, match="unknown policy .nosuch."):
        govsim.compare(short(govsim.Scenario.load(root / CHAIN)), ["tiered", "nosuch"])
    with pytest.raises(govsim.ScenarioError, match="no_such_file.json"):
        govsim.Scenario.load(tmp_path / "no_such_file.json")


def test_dataframes_account_for_every_issue(root):
    result = govsim.run(short(govsim.Scenario.load(root / CHAIN)), issues=True)
    issues = result.issues
    reps = result.replications
    assert len(issues) == int(reps["created"].sum() + 0)  # warm-up 0: every issue is in the cohort
    counts = issues.groupby(["replication", "outcome"], observed=False).size().unstack()
    np.testing.assert_array_equal(counts["resolved"].to_numpy(), reps["resolved"].to_numpy())
    np.testing.assert_array_equal(counts["open"].to_numpy(), reps["open_at_end"].to_numpy())
    resolved = issues[issues.outcome == "resolved"]
    assert (resolved.closed_h >= resolved.created_h).all()
    assert set(issues.level.cat.categories) == {"department", "street", "community", "grid"}
    summary = result.summary
    assert summary.loc["created", "mean"] == pytest.approx(reps["created"].mean())
    assert (summary["ci_low"] <= summary["mean"]).all() and (summary["mean"] <= summary["ci_high"]).all()
    ts = result.timeseries
    assert list(ts.columns) == ["replication", "time_h", "day", "open_department", "open_street", "open_community", "open_grid",
                                "undiscovered"]
    assert len(ts) == 3 * 60


def test_compare_pairs_policies_on_common_random_numbers(root):
    sc = short(govsim.Scenario.load(root / CHAIN))
    cmp = govsim.compare(sc, ["tiered", 'same=tiered:{"max_attempts_per_unit": 100000}', "noretry=tiered:{\"retry_probability\": 0}"])
    assert cmp.policies == ["tiered", "same", "noretry"]
    diffs = cmp.differences
    assert (diffs.loc["same"]["mean"] == 0).all(), "identical policies: identical results"
    assert diffs.loc[("noretry", "created"), "mean"] == 0, "same demand"
    assert diffs.loc[("noretry", "escalations"), "mean"] > 0
    assert isinstance(cmp.summary, pd.DataFrame)
