// A policy that throws mid-run, and refuses a bad parameter: the run must stop with the policy name,
// the issue and the simulated time; the bad parameter must be a load error with its JSON path.
#include <stdexcept>

#include "govsim/plugin/params.hpp"
#include "govsim/plugin/policy.hpp"

namespace {
using namespace govsim::plugin;

class ThrowingPolicy final : public Policy {
 public:
  explicit ThrowingPolicy(const PolicySetup& setup) {
    const auto params = ParamReader::parse(setup);
    params.only({"fail_after"});
    if (auto f = params.find("fail_after")) fail_after_ = static_cast<int>(f->integer(0, 1000000));
  }
  Action on_issue_arrived(const IssueView& issue, const Context& ctx) override {
    return Action::handle(ctx.handler_role(issue.unit, issue.category));
  }
  Action on_attempt_finished(const IssueView&, const AttemptResult& r, const Context&) override {
    if (++finished_ > fail_after_) throw std::runtime_error("the throwing policy gave up");
    return r.success ? Action::resolve() : Action::close();
  }

 private:
  int fail_after_ = 10;
  int finished_ = 0;
};

constexpr PluginParamDoc kParams[] = {{"fail_after", "integer", "10", "Attempts to let finish before throwing."}};
}  // namespace

GOVSIM_EXPORT_POLICY(ThrowingPolicy, "throwing", "0.1.0", "Throws after a few attempts (a test plugin).", kParams)
