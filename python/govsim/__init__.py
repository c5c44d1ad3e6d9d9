"""govsim: a discrete-event simulator of how residents' issues travel through a grassroots
governance organisation, with escalation rules as plugins.

    import govsim
    sc = govsim.Scenario.load("scenarios/kenli.json")
    sc.set("staff.grid_worker.per_households", 250)
    result = govsim.run(sc, reps=5)
    result.summary            # pandas DataFrame: mean and 95% CI per metric
    cmp = govsim.compare(sc, policies=["tiered", "whistle"])
    cmp.differences           # paired differences from the first policy, with CIs
    sw = govsim.sweep(sc, grid={"staff.grid_worker.per_households": [150, 300, 600]}, out="out/sweep")
    sw.metric("ttr_mean_hours")  # one row per point: mean and CI
    govsim.analyze(sc).stations   # Erlang C per station beside a pilot simulation
    st = govsim.staff(sc, "grid_worker", "p90_time_to_resolve<=15d")
    st.best, st.curve()           # the fewest staff meeting the target, and the curve with CIs

Runs happen in the C++ core with the GIL released; results arrive as numpy arrays and pandas
DataFrames. Errors carry the command line's messages: a bad scenario or parameter raises
ScenarioError (a ValueError) naming the file, the JSON path and what was expected.
"""
from ._core import ModelError, PluginError, ScenarioError
from ._analysis import AnalyticModel, StaffResult, analyze, staff
from ._policy import Action, AttemptResult, Context, DispatchMode, IssueView, Policy, PolicyError, SlaEvent
from ._process import Process
from ._results import ComparisonResult, RunResult
from ._run import compare, run
from ._scenario import Scenario
from ._sweep import SweepResult, sweep
from ._load import load
from ._report import report
from . import plot

__all__ = ["Scenario", "run", "compare", "sweep", "analyze", "staff", "AnalyticModel", "StaffResult", "load", "report", "plot", "RunResult", "ComparisonResult", "SweepResult", "Policy", "Process", "Action", "AttemptResult", "Context",
           "IssueView", "DispatchMode", "SlaEvent", "ScenarioError", "PluginError", "ModelError", "PolicyError"]
__version__ = "0.1.0"
