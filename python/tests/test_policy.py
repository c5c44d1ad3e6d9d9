"""Python policies: one that mirrors a built-in gives identical results; errors inside one come
back as Python exceptions with the simulation time and the issue."""
import pytest

import govsim
from govsim import Action

# Kenli's policy before its six-step process: tiered with its first-line parameters.
KENLI_TIERED = {"name": "tiered", "params": {"max_attempts_per_unit": 2, "assess_before_handling": True}}


class PyTiered(govsim.Policy):
    """tiered with Kenli's parameters (max_attempts_per_unit 2, assess_before_handling), in Python."""

    name = "py_tiered"

    def on_issue_arrived(self, issue, ctx):
        role = ctx.handler_role(issue.unit, issue.category)
        if role is None or issue.assessed_severity > ctx.authority(issue.unit):
            return self.move_up(issue, ctx)
        return Action.handle(role)

    def on_attempt_finished(self, issue, result, ctx):
        if result.success:
            return Action.resolve()
        if result.within_authority and issue.attempts_here < 2:
            return Action.handle(result.role)
        return self.move_up(issue, ctx)

    @staticmethod
    def move_up(issue, ctx):
        return Action.close() if ctx.parent(issue.unit) is None else Action.escalate()


def test_a_python_policy_mirroring_tiered_gives_identical_results(root):
    sc = (govsim.Scenario.load(root / "scenarios/kenli.json").set("policy", KENLI_TIERED)
          .set("run.horizon_days", 120).set("run.warmup_days", 0))
    builtin = govsim.run(sc, reps=2)
    python = govsim.run(sc, reps=2, policy=PyTiered, threads=2)
    assert python.policy == "py_tiered"
    assert python.info["per_replication"] == builtin.info["per_replication"]


class Faulty(PyTiered):
    name = "faulty"

    def on_attempt_finished(self, issue, result, ctx):
        if issue.id == 7:
            raise ZeroDivisionError("no way")
        return super().on_attempt_finished(issue, result, ctx)


def test_an_exception_in_a_python_policy_names_time_and_issue(root):
    sc = govsim.Scenario.load(root / "scenarios/tests/chain4.json").set("run.horizon_days", 5).set("run.warmup_days", 0)
    with pytest.raises(govsim.PolicyError) as err:
        govsim.run(sc, reps=1, policy=Faulty)
    assert err.value.issue == 7
    assert err.value.time > 0
    assert isinstance(err.value.__cause__, ZeroDivisionError)
    assert isinstance(err.value, govsim.ModelError)
    assert "policy 'faulty', replication 0, issue 7" in str(err.value)
    assert "no way" in str(err.value)


def test_a_policy_must_return_an_action(root):
    class Silent(PyTiered):
        def on_issue_arrived(self, issue, ctx):
            return None

    sc = govsim.Scenario.load(root / "scenarios/tests/mmc.json").set("run.horizon_days", 2).set("run.warmup_days", 0)
    with pytest.raises(govsim.ModelError, match="on_issue_arrived returned None, expected a govsim.Action"):
        govsim.run(sc, reps=1, policy=Silent)


def test_views_kept_by_a_policy_stay_valid_and_the_context_does_not(root):
    kept = {}

    class Keeper(PyTiered):
        def on_issue_arrived(self, issue, ctx):
            kept.setdefault("issue", issue)
            kept.setdefault("ctx", ctx)
            return super().on_issue_arrived(issue, ctx)

    sc = govsim.Scenario.load(root / "scenarios/tests/mmc.json").set("run.horizon_days", 5).set("run.warmup_days", 0)
    govsim.run(sc, reps=1, policy=Keeper)
    assert kept["issue"].id == 0 and kept["issue"].attempts == 0, "a copy: the first issue as it arrived"
    with pytest.raises(RuntimeError, match="no longer valid"):
        kept["ctx"].now()


class Counting(PyTiered):
    """PyTiered that counts the issues it is told have closed."""

    name = "counting"
    closed = 0

    def on_closed(self, issue):
        Counting.closed += 1


def _kenli_tiered(root):
    return (govsim.Scenario.load(root / "scenarios/kenli.json").set("policy", KENLI_TIERED)
            .set("run.horizon_days", 120).set("run.warmup_days", 0))


def test_a_process_built_in_python_equals_the_policy_it_wraps(root):
    sc = _kenli_tiered(root)
    builtin = govsim.run(sc, reps=2)
    p = govsim.Process().stage("only", "tiered", max_attempts_per_unit=2, assess_before_handling=True).route("only")
    assert p.spec() == {"name": "process", "params": {
        "stages": {"only": {"policy": "tiered", "params": {"max_attempts_per_unit": 2, "assess_before_handling": True}}},
        "routes": [{"stages": ["only"]}]}}
    composed = govsim.run(sc, reps=2, process=p)
    assert composed.policy == "process"
    assert composed.info["per_replication"] == builtin.info["per_replication"]


def test_a_python_stage_plugs_into_a_process(root):
    sc = _kenli_tiered(root)
    builtin = govsim.run(sc, reps=2)
    # Python handles disputes at every level, the built-in tiered everything else: still tiered.
    Counting.closed = 0
    p = (govsim.Process().stage("py", Counting).stage("rest", "tiered", max_attempts_per_unit=2, assess_before_handling=True)
         .route("py", categories=["dispute"]).route("rest"))
    mixed = govsim.run(sc, reps=2, process=p, threads=2)
    assert mixed.info["per_replication"] == builtin.info["per_replication"]
    closed = sum(mixed.summary.loc[m, "mean"] for m in ("resolved", "closed_unresolved")) * 2
    assert Counting.closed > 0
    # on_closed reaches the Python stage for every closed issue (all categories: stages hear of all).
    assert Counting.closed == pytest.approx(closed + 2 * mixed.summary.loc["withdrawn", "mean"])


def test_process_mistakes_are_clear(root):
    p = govsim.Process().stage("a", "tiered")
    with pytest.raises(ValueError, match="already defined"):
        p.stage("a", "whistle")
    with pytest.raises(TypeError, match="no parameters"):
        p.stage("b", PyTiered, threshold=1)
    sc = _kenli_tiered(root)
    bad = govsim.Process().stage("a", "tiered").route("a", levels=["compound"])
    with pytest.raises(govsim.ScenarioError, match=r"/policy/params/routes: expected a route for every level"):
        govsim.run(sc, reps=1, process=bad)
    with pytest.raises(TypeError, match="either policy or process"):
        govsim.run(sc, reps=1, process=p.route("a"), policy=PyTiered)


def test_compare_takes_a_variants_file(root):
    sc = govsim.Scenario.load(root / "scenarios/kenli.json").set("run.horizon_days", 90).set("run.warmup_days", 0)
    cmp = govsim.compare(sc, ["process"], reps=2, variants=root / "scenarios/variants/kenli-whatif.json")
    assert cmp.policies == ["process", "straight_to_community", "no_deliberation", "deliberation_for_everything",
                            "no_whistle", "whistle_without_street_meeting"]
    assert cmp.differences.loc[("no_deliberation", "meetings_held"), "mean"] < 0  # no red-bench meetings or deliberation days
