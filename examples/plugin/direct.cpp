// `direct`: a minimal escalation policy, the example of docs/plugins.md. Every issue is handled where
// it arose if a role there handles its category; otherwise, and after any failed attempt, it goes
// straight to the unit `levels_up` levels above (or the top) and is handled there once; what fails
// there is closed. One parameter, checked when the scenario loads.
#include "govsim/plugin/params.hpp"
#include "govsim/plugin/policy.hpp"

namespace {
using namespace govsim::plugin;

class DirectPolicy final : public Policy {
 public:
  explicit DirectPolicy(const PolicySetup& setup) {
    const auto params = ParamReader::parse(setup);
    params.only({"levels_up"});
    if (auto up = params.find("levels_up")) levels_up_ = static_cast<int>(up->integer(1, 100));
  }

  Action on_issue_arrived(const IssueView& issue, const Context& ctx) override {
    const RoleId role = ctx.handler_role(issue.unit, issue.category);
    if (role != kNoRole) return Action::handle(role);
    return issue.escalations == 0 ? jump(issue, ctx) : Action::close();
  }

  Action on_attempt_finished(const IssueView& issue, const AttemptResult& result, const Context& ctx) override {
    if (result.success) return Action::resolve();
    return issue.escalations == 0 ? jump(issue, ctx) : Action::close();
  }

 private:
  Action jump(const IssueView& issue, const Context& ctx) const {
    UnitId target = issue.unit;
    for (int i = 0; i < levels_up_ && ctx.parent(target) != kNoUnit; ++i) target = ctx.parent(target);
    return target == issue.unit ? Action::close() : Action::escalate(target);
  }
  int levels_up_ = 2;
};

constexpr PluginParamDoc kParams[] = {
    {"levels_up", "integer 1-100", "2", "How many levels above the issue's unit it jumps to after a failure."},
};
}  // namespace

GOVSIM_EXPORT_POLICY(DirectPolicy, "direct", "1.0.0",
                     "Handle where the issue arose; after a failure jump straight up `levels_up` levels, once.", kParams)
