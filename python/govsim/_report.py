"""A self-contained HTML report (tables and plots inline, no external files) of a run, a
comparison or a sweep: `python -m govsim report RESULTS -o report.html`."""
from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import pandas as pd

from . import plot
from ._load import load
from ._results import ComparisonResult, RunResult
from ._sweep import SweepResult

# The figures a reader of each kind of result wants first: (metric, label, scale).
KEY_METRICS = [("resolution_rate", "resolution rate, %", 100), ("grassroots_share", "resolved at grassroots, %", 100),
               ("ttr_mean_hours", "time to resolve, mean, days", 1 / 24), ("ttr_p90_hours", "time to resolve, p90, days", 1 / 24),
               ("sla_compliance", "SLA met, %", 100), ("satisfaction_mean", "satisfaction (0-1)", 1),
               ("escalations", "escalations", 1), ("p_wait", "share of attempts that waited, %", 100)]

STYLE = """body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;font-size:0.85em;margin:1em 0}th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}
th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}img{max-width:100%;margin:1em 0}
.meta{color:#666}"""


def _figure(obj) -> str:
    import matplotlib.pyplot as plt
    fig = obj.get_figure() if hasattr(obj, "get_figure") else obj
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)
    return f'<img alt="plot" src="data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}">'


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(float_format=lambda v: f"{v:.4g}", border=0)


def _key_table(runs: list[RunResult]) -> pd.DataFrame:
    rows = {}
    for metric, label, scale in KEY_METRICS:
        if metric not in runs[0].info["metrics"]:
            continue
        rows[label] = {r.policy: f"{r.metric(metric) * scale:.4g} [{r.info['metrics'][metric]['ci_low'] * scale:.4g}, "
                                 f"{r.info['metrics'][metric]['ci_high'] * scale:.4g}]" for r in runs}
    return pd.DataFrame(rows).T


def _run_sections(runs: list[RunResult]) -> list[str]:
    out = ["<h2>Key figures (mean [95% CI])</h2>", _table(_key_table(runs)),
           "<h2>Time to resolve</h2>", _figure(plot.time_to_resolve(runs)),
           "<h2>Where issues were resolved</h2>", _figure(plot.resolved_at_level(runs)),
           "<h2>Backlog over time</h2>", _figure(plot.backlog(runs if len(runs) > 1 else runs[0])),
           "<h2>Utilisation</h2>", _figure(plot.utilisation(runs))]
    if any(m.startswith("time.idle.") for m in runs[0].summary.index):
        out += ["<h2>Time use</h2>", _figure(plot.time_use(runs))]
    return out


def _html(title: str, meta: str, sections: list[str]) -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title><style>{STYLE}</style>"
            f"</head><body><h1>{html.escape(title)}</h1><p class='meta'>{html.escape(meta)}</p>{''.join(sections)}</body></html>\n")


def report(results, output: str | Path) -> Path:
    """Writes the report of `results` (a result object, or a results directory) to `output`."""
    if isinstance(results, (str, Path)):
        results = load(results)
    import matplotlib
    matplotlib.use("Agg")
    if isinstance(results, RunResult):
        r = results
        title = f"govsim: {r.scenario} — policy {r.policy}"
        meta = f"{r.info['replications']} replications, seed {r.info['seed']}"
        sections = _run_sections([r]) + ["<h2>Every metric</h2>", _table(r.summary)]
    elif isinstance(results, ComparisonResult):
        c = results
        title = f"govsim compare: {c.scenario}"
        meta = (f"{c.info['replications']} replications, seed {c.info['seed']}, common random numbers; "
                f"baseline {c.baseline}")
        diffs = c.differences["mean"].unstack("policy") if len(c.runs) > 1 else pd.DataFrame()
        sections = _run_sections(c.runs)
        if not diffs.empty:
            sections += ["<h2>Paired differences from the baseline (mean)</h2>", _table(diffs)]
        sections += ["<h2>Every metric (means)</h2>", _table(c.means())]
    elif isinstance(results, SweepResult):
        s = results
        title = f"govsim sweep: {s.info.get('scenario', '')}"
        meta = (f"{len(s.points)} points over {', '.join(s.grid_paths)}; policies {', '.join(s.policies)}; "
                f"{s.info.get('replications')} replications per point, seed {s.info.get('seed')}")
        sections = []
        for metric, label, scale in KEY_METRICS:
            if (s.summary["metric"] == metric).any():
                sections += [f"<h2>{html.escape(label)}</h2>", _figure(plot.sweep(s, metric, scale=scale, label=label))]
        table = s.summary[s.summary["metric"].isin([m for m, _, _ in KEY_METRICS])]
        sections += ["<h2>Points</h2>", _table(table.pivot_table(index=["point", *s.grid_paths, "policy"], columns="metric",
                                                                  values="mean"))]
    else:
        raise TypeError(f"expected a run, comparison or sweep result, got {type(results).__name__}")
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_html(title, meta, sections), encoding="utf-8")
    return path
