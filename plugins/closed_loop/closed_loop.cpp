// `closed_loop`: Kenli's six-step closed loop (FIELD-NOTES §2: raise, listen, deliberate, handle,
// solve, evaluate). Issues are handled as in `tiered`; when one is solved, resident representatives
// rate the result (the scenario's `evaluation` model), and a rating below `threshold` sends it back
// for rectification at the same unit and a second inspection, at most `max_reworks` times.
#include "../tiered/tiered.hpp"

namespace govsim::plugin {
namespace {

constexpr PluginParamDoc kOwnParams[] = {
    {"threshold", "number in [0,1]", "0.6", "A rating below this sends the issue back for rectification."},
    {"max_reworks", "integer >= 0", "1", "Rectifications per issue at most; the rating after the last is accepted."},
};
// Then tiered's, which it takes too.
constexpr auto kParams = join_params(kOwnParams, kTieredParams);

class ClosedLoopPolicy final : public TieredPolicy {
 public:
  explicit ClosedLoopPolicy(const PolicySetup& setup) : TieredPolicy(setup, {"threshold", "max_reworks"}) {
    const auto params = ParamReader::parse(setup);
    if (auto t = params.find("threshold")) threshold_ = t->number_in(0, 1);
    if (auto m = params.find("max_reworks")) max_reworks_ = static_cast<int>(m->integer(0, 100));
  }

  Action on_evaluation(const IssueView& issue, double satisfaction, const Context& ctx) override {
    if (satisfaction >= threshold_ || issue.reworks >= max_reworks_) return Action::resolve();
    const RoleId role = handler(issue.unit, issue.category, ctx);
    return role == kNoRole ? Action::resolve() : Action::handle(role);
  }

 private:
  double threshold_ = 0.6;
  int max_reworks_ = 1;
};

}  // namespace

}  // namespace govsim::plugin

GOVSIM_POLICY(govsim::plugin::ClosedLoopPolicy,
              "closed_loop", "1.0.0",
              "Kenli's closed loop: tiered handling, then the residents rate each solution; a low rating sends it back "
              "for rectification and a second inspection.",
              govsim::plugin::kParams)
