// `sla_escalation`: tiered handling with per-class time limits (FIELD-NOTES §4: same day, 2–3 days,
// 7 days, 15 days at most). When an issue arrives at a unit its clock starts — in wall-clock hours
// or in the working hours of a scenario calendar — and if it is still waiting in a queue when the
// limit runs out, it is escalated to the unit above at once (the top unit keeps it). A breach during
// an attempt lets the attempt finish; if that attempt fails, the issue goes up instead of retrying.
// With remind_at, a reminder comes first (FIELD-NOTES §4: reminder, then escalation): at that share
// of the limit a waiting issue moves to the front of its queue.
// Each unit's limit starts afresh.
#include <unordered_set>

#include "../tiered/tiered.hpp"

namespace govsim::plugin {
namespace {

constexpr std::uint32_t kBreach = 1;
constexpr std::uint32_t kReminder = 2;

constexpr PluginParamDoc kOwnParams[] = {
    {"limits_hours", "number > 0, or {\"default\": number, \"<category>\": number}", "72",
     "Time limit at each unit, per issue category, in hours of the clock below."},
    {"remind_at", "number in [0,1)", "0",
     "Share of the limit at which a waiting issue gets a reminder that moves it to the front of its queue (0: none)."},
    {"calendar", "calendar name", "always",
     "The SLA clock: 'always' counts wall-clock hours; a scenario calendar counts only its working hours."},
};
// Then tiered's, which it takes too.
constexpr auto kParams = join_params(kOwnParams, kTieredParams);

class SlaEscalationPolicy final : public TieredPolicy {
 public:
  explicit SlaEscalationPolicy(const PolicySetup& setup)
      : TieredPolicy(setup, {"limits_hours", "calendar", "remind_at"}) {
    const auto params = ParamReader::parse(setup);
    limits_.assign(setup.category_count, 72.0);
    if (auto l = params.find("limits_hours"))
      limits_ = l->per_category(setup, 72.0, [](const ParamReader& x) { return x.positive(1e9); });
    if (auto r = params.find("remind_at")) {
      remind_at_ = r->number_in(0, 1);
      if (remind_at_ >= 1) r->fail("expected a share of the limit below 1 (0 for no reminder), got 1");
    }
    if (auto c = params.find("calendar")) calendar_ = c->calendar(setup);
  }

  Action on_issue_arrived(const IssueView& issue, const Context& ctx) override {
    breached_.erase(issue.id);
    const Action a = TieredPolicy::on_issue_arrived(issue, ctx);
    if (a.kind != ActionKind::kHandle) return a;  // moving on: the next unit starts its own clock
    const double limit = limits_[issue.category];
    if (remind_at_ > 0) return a.with_timer(kReminder, remind_at_ * limit, calendar_);
    return a.with_timer(kBreach, limit, calendar_);
  }

  Action on_attempt_finished(const IssueView& issue, const AttemptResult& result, const Context& ctx) override {
    const bool breached = breached_.erase(issue.id) > 0;
    if (!result.success && breached && ctx.parent(issue.unit) != kNoUnit) return move_up(issue, ctx);
    return TieredPolicy::on_attempt_finished(issue, result, ctx);
  }

  void on_closed(const IssueView& issue) override { breached_.erase(issue.id); }

  Action on_timer(const IssueView& issue, std::uint32_t tag, const Context& ctx) override {
    if (tag == kReminder) {  // the rest of the limit runs on; a waiting issue goes to the front meanwhile
      const double rest = (1 - remind_at_) * limits_[issue.category];
      return (issue.waiting ? Action::expedite() : Action::keep()).with_timer(kBreach, rest, calendar_);
    }
    if (tag != kBreach) return Action::keep();
    if (ctx.parent(issue.unit) == kNoUnit) return Action::keep();  // nobody above: the top unit keeps it
    if (issue.in_service) {
      breached_.insert(issue.id);  // decided when the attempt ends
      return Action::keep();
    }
    return Action::escalate();
  }

 private:
  std::vector<double> limits_;  // per category
  int calendar_ = -1;           // -1: wall clock
  double remind_at_ = 0;        // share of the limit; 0: no reminder
  std::unordered_set<std::uint64_t> breached_;  // breached during an attempt
};

}  // namespace

}  // namespace govsim::plugin

GOVSIM_POLICY(govsim::plugin::SlaEscalationPolicy,
              "sla_escalation", "1.0.0",
              "Tiered handling with per-category time limits at each unit, on a wall or business-time clock: an optional "
              "reminder moves a waiting issue to the front of its queue, and an issue still waiting when its limit runs out "
              "is escalated at once.",
              govsim::plugin::kParams)
