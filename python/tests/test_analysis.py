"""govsim.analyze and govsim.staff: the same answers as the command line, as DataFrames, and a plot."""
import json
import subprocess

import matplotlib

matplotlib.use("Agg")
import pytest

import govsim


def mmc10(root):
    sc = govsim.Scenario.load(str(root / "scenarios/tests/mmc.json"))
    sc.set("demand.categories.job.rate_per_household_year", 10)
    sc.set("run.horizon_days", 65)
    sc.set("run.warmup_days", 5)
    return sc


def test_analyze_matches_cli_and_erlang_c(root, cli, tmp_path):
    sc = str(root / "scenarios/tests/mmc.json")
    model = govsim.analyze(sc, pilot_days=100, reps=2)
    stations = model.stations
    assert list(stations["role"]) == ["server"]
    assert stations["p_wait"].iloc[0] == pytest.approx(4 / 9, abs=0.02)  # Erlang C, A = 2, c = 3
    assert model.outcomes.set_index("outcome").loc["resolved at station", "analytic"] == pytest.approx(1.0)
    assert list(model.levels["level"]) == ["station"]
    assert model.routing.shape == (1, 1)
    assert len(model.months) == 12
    out = tmp_path / "a.json"
    subprocess.run([cli, "analyze", sc, "--pilot-days", "100", "--reps", "2", "--out", str(out)], check=True,
                   capture_output=True)
    assert json.loads(out.read_text()) == model.data  # same seed, same pilot: identical numbers
    assert "traffic equations" in str(model)


def test_staff_finds_erlang_c_minimum_and_plots(root):
    result = govsim.staff(mmc10(root), "server", ["p_wait<=0.5", "mean_wait<=0.3h"], threads=2)
    assert result.best["staff"] == 12  # Erlang C: the fewest servers with P(wait) <= 0.5 at A = 10
    assert result.best["feasible"]
    curve = result.curve("p_wait")
    assert curve["households_per_worker"].is_monotonic_increasing
    assert (curve["ci_low"] <= curve["mean"]).all() and (curve["mean"] <= curve["ci_high"]).all()
    assert set(result.points["metric"]) == {"p_wait", "mean_wait_hours"}
    ax = govsim.plot.staffing(result, "p_wait")
    line = ax.get_lines()[0]
    assert list(line.get_xdata()) == list(curve["households_per_worker"])
    assert list(line.get_ydata()) == list(curve["mean"])
    assert "answer: 12 server" in str(result)


def test_staff_errors(root):
    with pytest.raises(ValueError, match="expected METRIC<=VALUE"):
        govsim.staff(mmc10(root), "server", "p_wait<0.5")
    with pytest.raises(govsim.ScenarioError, match="/staff/nosuch: expected a role of the scenario"):
        govsim.staff(mmc10(root), "nosuch", "p_wait<=0.5")
    with pytest.raises(ValueError, match="not a target"):
        govsim.staff(mmc10(root), "server", "p_wait<=0.5", curve=0).curve("ttr_mean_hours")
