// `sla_escalation`: tiered handling with per-class time limits (FIELD-NOTES §4: same day, 2–3 days,
// 7 days, 15 days at most). When an issue arrives at a unit its clock starts — in wall-clock hours
// or in the working hours of a scenario calendar — and if it is still waiting in a queue when the
// limit runs out, it is escalated to the unit above at once (the top unit keeps it). A breach during
// an attempt lets the attempt finish; if that attempt fails, the issue goes up instead of retrying.
// Each unit's limit starts afresh.
#include <unordered_set>

#include "../tiered/tiered.hpp"

namespace govsim::plugin {
namespace {

constexpr std::uint32_t kBreach = 1;

constexpr PluginParamDoc kParams[] = {
    {"limits_hours", "number > 0, or {\"default\": number, \"<category>\": number}", "72",
     "Time limit at each unit, per issue category, in hours of the clock below."},
    {"calendar", "calendar name", "always",
     "The SLA clock: 'always' counts wall-clock hours; a scenario calendar counts only its working hours."},
    {"start_level", "level name", "lowest level", "As in tiered."},
    {"max_attempts_per_unit", "integer >= 1", "3", "As in tiered."},
    {"retry_probability", "number in [0,1] or {level: number}", "1", "As in tiered."},
    {"assess_before_handling", "boolean", "false", "As in tiered."},
};

class SlaEscalationPolicy final : public TieredPolicy {
 public:
  explicit SlaEscalationPolicy(const PolicySetup& setup) : TieredPolicy(setup, {"limits_hours", "calendar"}) {
    const auto params = ParamReader::parse(setup);
    limits_.assign(setup.category_count, 72.0);
    if (auto l = params.find("limits_hours")) {
      if (l->value().is_object()) {
        for (const auto& key : l->keys()) {
          const ParamReader entry = *l->find(key);
          const double hours = entry.positive(1e9);
          if (key == "default") {
            for (auto& x : limits_) x = hours;
            continue;
          }
          bool found = false;
          for (std::size_t c = 0; c < setup.category_count; ++c)
            if (key == setup.category_names[c]) found = true;
          if (!found) entry.fail("expected 'default' or a category from /demand/categories as key, got '" + key + "'");
        }
        for (std::size_t c = 0; c < setup.category_count; ++c)  // categories named explicitly win over default
          if (auto e = l->find(setup.category_names[c])) limits_[c] = e->positive(1e9);
      } else {
        for (auto& x : limits_) x = l->positive(1e9);
      }
    }
    if (auto c = params.find("calendar")) {
      const std::string name = c->string();
      calendar_ = -2;
      for (std::size_t i = 0; i < setup.calendar_count; ++i)
        if (name == setup.calendar_names[i]) calendar_ = static_cast<int>(i);
      if (calendar_ == -2) c->fail("expected 'always' or a calendar from /calendars, got '" + name + "'");
      if (name == "always") calendar_ = -1;
    }
  }

  Action on_issue_arrived(const IssueView& issue, const Context& ctx) override {
    breached_.erase(issue.id);
    const Action a = TieredPolicy::on_issue_arrived(issue, ctx);
    if (a.kind != ActionKind::kHandle) return a;  // moving on: the next unit starts its own clock
    return a.with_timer(kBreach, limits_[issue.category], calendar_);
  }

  Action on_attempt_finished(const IssueView& issue, const AttemptResult& result, const Context& ctx) override {
    const bool breached = breached_.erase(issue.id) > 0;
    if (!result.success && breached && ctx.parent(issue.unit) != kNoUnit) return move_up(issue, ctx);
    return TieredPolicy::on_attempt_finished(issue, result, ctx);
  }

  Action on_timer(const IssueView& issue, std::uint32_t tag, const Context& ctx) override {
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
  std::unordered_set<std::uint64_t> breached_;  // breached during an attempt
};

}  // namespace

const PluginInfo* sla_escalation_plugin_info() {
  static const PluginInfo info = make_plugin_info<SlaEscalationPolicy>(
      "sla_escalation", "1.0.0",
      "Tiered handling with per-category time limits at each unit, on a wall or business-time clock: an issue "
      "still waiting when its limit runs out is escalated at once.",
      kParams);
  return &info;
}

}  // namespace govsim::plugin
