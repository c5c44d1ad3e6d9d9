// The `tiered` policy (Wuxue's tiered handling, FIELD-NOTES §2): the lowest unit tries first;
// what it cannot settle climbs the reports_to chain one level at a time. Parameters are documented
// in docs/policies.md and listed by tiered_policy_info().
#include <vector>

#include "govsim/io/json_reader.hpp"
#include "govsim/plugin/registry.hpp"

namespace govsim::plugin {
namespace {

class TieredPolicy final : public Policy {
 public:
  TieredPolicy(const model::Scenario& sc, const model::PolicySpec& spec) {
    const io::JsonReader params(spec.params, spec.source.empty() ? sc.file : spec.source, spec.params_path);
    params.object({"start_level", "max_attempts_per_unit", "retry_probability", "assess_before_handling"});
    const int levels = static_cast<int>(sc.levels.size());
    start_level_ = levels - 1;
    if (auto s = params.find("start_level")) {
      const auto l = sc.find_level(s->string());
      if (!l) s->fail("expected one of the levels listed in /levels, got '" + s->string() + "'");
      start_level_ = *l;
    }
    if (auto m = params.find("max_attempts_per_unit")) max_attempts_ = static_cast<int>(m->integer(1, 100000));
    retry_.assign(levels, 1.0);
    if (auto r = params.find("retry_probability")) {
      if (r->value().is_object()) {
        for (const auto& key : r->keys()) {
          const auto l = sc.find_level(key);
          if (!l) r->at(key).fail("expected a level name from /levels as key, got '" + key + "'");
          retry_[*l] = r->at(key).number_in(0, 1);
        }
      } else {
        retry_.assign(levels, r->number_in(0, 1));
      }
    }
    assess_ = params.boolean_or("assess_before_handling", false);
  }

  Action on_issue_arrived(const IssueView& issue, const Context& ctx) override {
    UnitId unit = issue.unit;
    if (ctx.level_of(unit) > start_level_) {
      while (ctx.parent(unit) != kNoUnit && ctx.level_of(unit) > start_level_) unit = ctx.parent(unit);
      return Action::escalate(unit);
    }
    const RoleId role = ctx.handler_role(unit, issue.category);
    if (role == kNoRole || (assess_ && issue.assessed_severity > ctx.authority(unit))) return move_up(issue, ctx);
    return Action::handle(role);
  }

  Action on_attempt_finished(const IssueView& issue, const AttemptResult& result, const Context& ctx) override {
    if (result.success) return Action::resolve();
    if (result.within_authority && issue.attempts_here < max_attempts_ &&
        ctx.uniform(issue, static_cast<std::uint64_t>(issue.attempts)) < retry_[ctx.level_of(issue.unit)])
      return Action::handle(result.role);
    return move_up(issue, ctx);
  }

 private:
  static Action move_up(const IssueView& issue, const Context& ctx) {
    return ctx.parent(issue.unit) == kNoUnit ? Action::close() : Action::escalate();
  }
  int start_level_ = 0;
  int max_attempts_ = 3;
  std::vector<double> retry_;
  bool assess_ = false;
};

}  // namespace

PolicyInfo tiered_policy_info() {
  return PolicyInfo{
      "tiered",
      "1.0.0",
      "Immediate / pending / escalated handling: the lowest unit tries first, and what it cannot settle "
      "climbs the reports_to chain one level at a time; the top unit closes what it cannot settle.",
      {
          {"start_level", "level name", "lowest level", "Level of the first attempt; issues arising below it go straight up to it."},
          {"max_attempts_per_unit", "integer >= 1", "3", "Attempts at one unit before the issue moves up."},
          {"retry_probability", "number in [0,1] or {level: number}", "1",
           "After a failed attempt that was within the unit's authority, the chance of trying again at the same unit (else it moves up)."},
          {"assess_before_handling", "boolean", "false",
           "Send an issue up without an attempt when its assessed severity exceeds the unit's authority."},
      },
      [](const model::Scenario& sc, const model::PolicySpec& spec) { return std::make_unique<TieredPolicy>(sc, spec); },
  };
}

}  // namespace govsim::plugin
