#pragma once
// The `tiered` policy as a class, so that other policies can build on its handling rules
// (sla_escalation does). Header only: plugins include it from their own sources.
#include <vector>

#include "govsim/plugin/params.hpp"
#include "govsim/plugin/policy.hpp"

namespace govsim::plugin {

/// tiered's parameters, which the policies built on it take too (docs/policies.md).
inline constexpr PluginParamDoc kTieredParams[] = {
    {"start_level", "level name", "lowest level", "Level of the first attempt; issues arising below it go straight up to it."},
    {"max_attempts_per_unit", "integer >= 1", "3", "Attempts at one unit before the issue moves up."},
    {"retry_probability", "number in [0,1] or {level: number}", "1",
     "After a failed attempt that was within the unit's authority, the chance of trying again at the same unit (else it moves up)."},
    {"assess_before_handling", "boolean", "false",
     "Send an issue up without an attempt when its assessed severity exceeds the unit's authority."},
    {"roles", "[role names]", "the unit's handler for the category",
     "Roles that handle here, in order: the first with staff at the unit takes the issue (a stage of a process that "
     "is one role's turn, e.g. the red steward before the branch secretary); none there: the issue is passed on."},
};

/// Wuxue's tiered handling (FIELD-NOTES §2): the lowest unit tries first; what it cannot settle
/// climbs the reports_to chain one level at a time; the top unit closes what it cannot settle.
class TieredPolicy : public Policy {
 public:
  /// Reads the tiered parameters; `extra` lists further keys a derived policy accepts.
  explicit TieredPolicy(const PolicySetup& setup, std::initializer_list<std::string_view> extra = {}) {
    const auto params = ParamReader::parse(setup);
    std::vector<std::string_view> keys = {"start_level", "max_attempts_per_unit", "retry_probability",
                                          "assess_before_handling", "roles"};
    keys.insert(keys.end(), extra.begin(), extra.end());
    params.only(keys);
    start_level_ = setup.level_count - 1;
    if (auto s = params.find("start_level")) start_level_ = s->level(setup);
    if (auto m = params.find("max_attempts_per_unit")) max_attempts_ = static_cast<int>(m->integer(1, 100000));
    retry_.assign(static_cast<std::size_t>(setup.level_count), 1.0);
    if (auto r = params.find("retry_probability")) {
      if (r->value().is_object()) {
        for (const auto& key : r->keys()) {
          const ParamReader entry = *r->find(key);
          int level = -1;
          for (int i = 0; i < setup.level_count; ++i)
            if (key == setup.level_names[i]) level = i;
          if (level < 0) entry.fail("expected a level name from /levels as key, got '" + key + "'");
          retry_[static_cast<std::size_t>(level)] = entry.number_in(0, 1);
        }
      } else {
        retry_.assign(retry_.size(), r->number_in(0, 1));
      }
    }
    if (auto a = params.find("assess_before_handling")) assess_ = a->boolean();
    if (auto r = params.find("roles")) {
      for (const auto& item : r->items()) roles_.push_back(item.role(setup));
      if (roles_.empty()) r->fail("expected at least one role name (leave 'roles' out for the unit's handler)");
    }
  }

  Action on_issue_arrived(const IssueView& issue, const Context& ctx) override {
    UnitId unit = issue.unit;
    if (ctx.level_of(unit) > start_level_) {
      while (ctx.parent(unit) != kNoUnit && ctx.level_of(unit) > start_level_) unit = ctx.parent(unit);
      if (unit != issue.unit) return Action::escalate(unit);  // else: already at the top, handle here
    }
    const RoleId role = handler(unit, issue.category, ctx);
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

 protected:
  /// What the unit does with an issue it cannot settle: pass it on (the next stage of a process
  /// here, else the unit above; the top unit closes it). Derived policies may answer otherwise
  /// (whistle summons departments first).
  virtual Action move_up(const IssueView& issue, const Context& ctx) {
    (void)issue, (void)ctx;
    return Action::pass_on();
  }
  /// Who handles `category` at `unit`: the first of `roles` with staff there, else the unit's handler.
  RoleId handler(UnitId unit, CategoryId category, const Context& ctx) const {
    if (roles_.empty()) return ctx.handler_role(unit, category);
    for (RoleId r : roles_)
      if (ctx.staff(unit, r) > 0) return r;
    return kNoRole;
  }
  int start_level_ = 0;
  int max_attempts_ = 3;
  std::vector<RoleId> roles_;
  std::vector<double> retry_;
  bool assess_ = false;
};


}  // namespace govsim::plugin
