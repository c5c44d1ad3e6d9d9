"""Plots and the HTML report of a run, a comparison and a sweep."""
import re
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import govsim  # noqa: E402
from govsim import plot  # noqa: E402


def short(root):
    return (govsim.Scenario.load(root / "scenarios/tests/chain4.json")
            .set("run.horizon_days", 30).set("run.warmup_days", 0).set("run.replications", 2))


def test_plots_draw_what_the_results_hold(root):
    cmp = govsim.compare(short(root), ["tiered", 'noretry=tiered:{"retry_probability": 0}'], issues=True)
    ax = plot.resolved_at_level(cmp)
    assert len(ax.patches) == 2 * 4, "a bar per level and policy"
    heights = [p.get_height() for p in ax.patches[:4]]
    assert heights == [cmp.runs[0].metric(f"resolved_at_level.{lv}") for lv in cmp.runs[0].levels]
    ax = plot.time_to_resolve(cmp)
    assert [line.get_label() for line in ax.get_lines()] == ["tiered", "noretry"]
    assert ax.get_lines()[0].get_ydata()[-1] == pytest.approx(1.0), "a CDF ends at 1"
    fig = plot.backlog(cmp)
    assert len(fig.axes) == 4
    ax = plot.utilisation(cmp.runs[0])
    assert len(ax.patches) == 4
    plt.close("all")
    sw = govsim.sweep(short(root), {"staff.mediator.count": [1, 2, 3]}, progress=False)
    ax = plot.sweep(sw, "ttr_mean_hours")
    line = ax.get_lines()[0]
    assert list(line.get_xdata()) == [1, 2, 3]
    assert list(line.get_ydata()) == list(sw.metric("ttr_mean_hours")["mean"])
    with pytest.raises(ValueError, match="no metric"):
        plot.sweep(sw, "no_such_metric")
    plt.close("all")


def images(path):
    text = path.read_text()
    assert "http://" not in text and "https://" not in text, "self-contained"
    return len(re.findall(r'<img alt="plot" src="data:image/png;base64,', text)), text


def test_reports_of_a_run_a_comparison_and_a_sweep(root, cli, tmp_path):
    subprocess.run([cli, "compare", str(root / "scenarios/tests/chain4.json"), "--policies", "tiered,sla_escalation",
                    "--reps", "2", "--set", "run.horizon_days=30", "--set", "run.warmup_days=0", "--issues",
                    "--out", str(tmp_path / "cmp"), "--quiet"], check=True, capture_output=True)
    out = subprocess.run([sys.executable, "-m", "govsim", "report", str(tmp_path / "cmp"), "-o", str(tmp_path / "c.html")],
                         check=True, capture_output=True, text=True)
    assert "report written to" in out.stdout
    n, text = images(tmp_path / "c.html")
    assert n == 4 and "sla_escalation" in text and "Paired differences" in text
    n, text = images(govsim.report(tmp_path / "cmp" / "tiered", tmp_path / "r.html"))
    assert n == 4 and "policy tiered" in text
    govsim.sweep(short(root), {"staff.mediator.count": [1, 2]}, out=tmp_path / "sw", progress=False)
    n, text = images(govsim.report(tmp_path / "sw", tmp_path / "s.html"))
    assert n >= 4 and "staff.mediator.count" in text
    bad = subprocess.run([sys.executable, "-m", "govsim", "report", str(tmp_path / "nothing"), "-o", str(tmp_path / "x.html")],
                         capture_output=True, text=True)
    assert bad.returncode == 1 and "expected a results directory" in bad.stderr


def test_time_use_shows_what_working_hours_go_to(root, tmp_path):
    sc = (govsim.Scenario.load(root / "scenarios/kenli.json")
          .set("run.horizon_days", 40).set("run.warmup_days", 10).set("run.replications", 2))
    result = govsim.run(sc, threads=1)
    ax = plot.time_use(result)
    groups = [t.get_text() for t in ax.get_yticklabels()]
    assert "grid_worker@compound" in groups
    row = groups.index("grid_worker@compound")
    # Six stacked bars per row (issues, four duties, idle) that fill the working hours.
    widths = [p.get_width() for p in ax.patches[row::len(groups)]]
    assert len(widths) == 8 and sum(widths) == pytest.approx(100.0)
    assert widths[1] == pytest.approx(100 * result.metric("time.visits.grid_worker@compound"))
    assert widths[1] > 10, "a grid worker's visits take a real share of the day"
    plt.close("all")
    with pytest.raises(ValueError, match="no time use"):
        plot.time_use(govsim.run(short(root), threads=1))
    page = govsim.report(result, tmp_path / "r.html").read_text()
    assert "<h2>Time use</h2>" in page
