// `whistle`: "the community blows the whistle, the departments report" (FIELD-NOTES §2). Issues are
// handled as in `tiered`, but where a unit that has `summons` links cannot settle an issue, it
// summons departments for joint handling instead of sending the issue up the chain: the departments
// each do their part in parallel, and the joint handling ends when all have reported. What the joint
// handling settles stays resolved at the summoning unit; what it cannot settle climbs as in tiered.
#include <unordered_map>

#include "../tiered/tiered.hpp"

namespace govsim::plugin {
namespace {

constexpr PluginParamDoc kOwnParams[] = {
    {"departments", "integer 1-1000, or {\"default\": integer, \"<category>\": integer}", "2",
     "Departments summoned for one joint handling, per issue category (the engine picks which of the linked units)."},
    {"levels", "[level names]", "every level",
     "Levels whose units blow the whistle; a unit needs summons links in the scenario to do so."},
    {"max_joint_handlings", "integer 1-1000", "1", "Joint handlings per issue at one unit before it climbs as in tiered."},
    {"at_once", "boolean", "false",
     "Summon on arrival at a blowing unit, without the unit's own staff trying first (a stage after the unit's own "
     "handling in a process)."},
    {"quorum", "integer 0-1000", "0",
     "Reports that close a joint handling (k of the departments summoned; 0: all of them). It succeeds when those k did."},
};
// Then tiered's, which it takes too.
constexpr auto kParams = join_params(kOwnParams, kTieredParams);

class WhistlePolicy final : public TieredPolicy {
 public:
  explicit WhistlePolicy(const PolicySetup& setup)
      : TieredPolicy(setup, {"departments", "levels", "max_joint_handlings", "quorum", "at_once"}) {
    const auto params = ParamReader::parse(setup);
    departments_.assign(setup.category_count, 2);
    if (auto d = params.find("departments"))
      departments_ = d->per_category(setup, std::uint32_t{2},
                                     [](const ParamReader& x) { return static_cast<std::uint32_t>(x.integer(1, 1000)); });
    blows_.assign(static_cast<std::size_t>(setup.level_count), true);
    if (auto l = params.find("levels")) {
      blows_.assign(blows_.size(), false);
      for (const auto& item : l->items()) blows_[static_cast<std::size_t>(item.level(setup))] = true;
    }
    if (auto m = params.find("max_joint_handlings")) max_joint_ = static_cast<int>(m->integer(1, 1000));
    if (auto a = params.find("at_once")) at_once_ = a->boolean();
    if (auto q = params.find("quorum")) {
      quorum_ = static_cast<std::uint32_t>(q->integer(0, 1000));
      for (std::size_t c = 0; c < departments_.size(); ++c)
        if (quorum_ > departments_[c])
          q->fail("expected a quorum of at most the departments summoned (" + std::to_string(departments_[c]) +
                  " for category '" + setup.category_names[c] + "'), got " + std::to_string(quorum_));
    }
  }

  Action on_issue_arrived(const IssueView& issue, const Context& ctx) override {
    joint_.erase(issue.id);  // a new unit: its own joint handlings
    if (at_once_ && blows(issue, ctx)) return move_up(issue, ctx);
    return TieredPolicy::on_issue_arrived(issue, ctx);
  }
  void on_closed(const IssueView& issue) override { joint_.erase(issue.id); }

  Action on_attempt_finished(const IssueView& issue, const AttemptResult& result, const Context& ctx) override {
    if (result.departments == 0) return TieredPolicy::on_attempt_finished(issue, result, ctx);
    if (!result.success) return move_up(issue, ctx);  // again, while joint handlings remain; else up
    joint_.erase(issue.id);
    return Action::resolve();
  }

 protected:
  // Instead of the unit above: the departments this unit can summon, while joint handlings remain.
  Action move_up(const IssueView& issue, const Context& ctx) override {
    if (blows(issue, ctx)) {
      int& held = joint_[issue.id];
      if (held < max_joint_) {
        ++held;
        return Action::summon(departments_[issue.category], kNoRole, quorum_);
      }
    }
    joint_.erase(issue.id);
    return TieredPolicy::move_up(issue, ctx);
  }

 private:
  bool blows(const IssueView& issue, const Context& ctx) const {
    return blows_[static_cast<std::size_t>(ctx.level_of(issue.unit))] && ctx.summons_count(issue.unit) > 0;
  }

  std::vector<std::uint32_t> departments_;  // per category
  std::vector<bool> blows_;                 // per level
  int max_joint_ = 1;
  std::uint32_t quorum_ = 0;  // 0: every department reports
  bool at_once_ = false;
  std::unordered_map<std::uint64_t, int> joint_;  // joint handlings so far of an issue at its current unit
};

}  // namespace

}  // namespace govsim::plugin

GOVSIM_POLICY(govsim::plugin::WhistlePolicy,
              "whistle", "1.0.0",
              "The community blows the whistle, the departments report: a unit with summons links that cannot settle an "
              "issue summons departments for joint handling instead of sending it up; the rest as tiered.",
              govsim::plugin::kParams)
