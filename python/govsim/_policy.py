"""Escalation policies written in Python: subclass Policy and pass the class (or a factory) to
govsim.run. The engine calls the decision methods with read-only views of the issue and the world
and applies the Action each returns, exactly as for a built-in policy (docs/policies.md)."""
from __future__ import annotations

from ._core import Action, AttemptResult, Context, DispatchMode, IssueView, SlaEvent, ModelError

__all__ = ["Policy", "Action", "AttemptResult", "Context", "DispatchMode", "IssueView", "SlaEvent", "PolicyError"]


class PolicyError(ModelError):
    """A Python policy raised: the simulation time (hours) and the issue id are attached, and the
    original exception is the __cause__."""

    def __init__(self, message: str, time: float, issue: int):
        super().__init__(message)
        self.time = time
        self.issue = issue


class Policy:
    """Base class of Python policies. Override on_issue_arrived and on_attempt_finished; the other
    decision points have the same defaults as in C++. One object serves one replication."""

    name = "python"

    def on_issue_arrived(self, issue: IssueView, ctx: Context) -> Action:
        raise NotImplementedError("a Policy must implement on_issue_arrived")

    def on_attempt_finished(self, issue: IssueView, result: AttemptResult, ctx: Context) -> Action:
        raise NotImplementedError("a Policy must implement on_attempt_finished")

    def on_timer(self, issue: IssueView, tag: int, ctx: Context) -> Action:
        return Action.keep()

    def on_evaluation(self, issue: IssueView, satisfaction: float, ctx: Context) -> Action:
        return Action.resolve()

    def on_dispatch_declined(self, issue: IssueView, offers: int, ctx: Context) -> Action:
        role = ctx.handler_role(issue.unit, issue.category)
        if role is not None:
            return Action.handle(role)
        return Action.pass_on()

    def on_meeting_agenda(self, issue: IssueView, meeting: int, ctx: Context) -> Action:
        return Action.keep()

    def on_sla_event(self, issue: IssueView, event: SlaEvent, ctx: Context) -> Action:
        return Action.keep()

    def on_handback(self, issue: IssueView, ctx: Context) -> Action:
        """A partner the issue was referred to handed it back unsettled; it is here again."""
        return Action.pass_on()

    def on_reopen(self, issue: IssueView, ctx: Context) -> Action:
        """A resident reopened the issue after it was resolved; it is open again at its unit."""
        role = ctx.handler_role(issue.unit, issue.category)
        if role is not None:
            return Action.handle(role)
        return Action.pass_on()

    def on_reject(self, issue: IssueView, ctx: Context) -> Action:
        """A referral was refused (the partner's `refuses` share, or no linked unit takes it)."""
        return Action.pass_on()

    def on_closed(self, issue: IssueView) -> None:
        """The issue has closed: drop any state kept for it. Called only when a subclass defines it."""

    # Called by the engine; remembers where an exception came from so that run() can say so.
    def _decide(self, method: str, *args):
        try:
            return getattr(self, method)(*args)
        except BaseException as exc:
            issue, ctx = args[0], args[-1]
            self._failure = (exc, ctx.now(), issue.id)
            raise
