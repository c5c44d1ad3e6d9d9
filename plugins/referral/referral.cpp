// `referral`: the compound refers what belongs to a partner — the property company, the owners'
// committee, a judicial office — sideways along its `coordinates` links (FIELD-NOTES §1: the
// "red property" alliance of community, owners' committee and property company). At units of
// `levels` with coordinates links, an issue of `categories` that the unit cannot settle (or, with
// `before_handling`, every such issue on arrival) is referred to the linked unit whose jurisdiction
// (`owns`) takes its category. The partner handles it as tiered does; what it cannot settle it hands
// back, and the referring unit sends it up (or, with `before_handling`, tries its own staff first).
// A refused referral is treated like a hand-back. Elsewhere the policy is tiered.
#include <unordered_set>

#include "../tiered/tiered.hpp"

namespace govsim::plugin {
namespace {

constexpr PluginParamDoc kOwnParams[] = {
    {"levels", "[level names]", "every level",
     "Levels whose units refer. Named, every unit there but the partners themselves must have a coordinates link to a "
     "partner that takes each of `categories` (checked on load); by default a unit without one keeps the issue (a "
     "refused referral)."},
    {"categories", "[category names]", "all", "Issue categories that are referred."},
    {"before_handling", "boolean", "false",
     "Refer on arrival, before the unit's own staff try (what comes back, they then try); else only what the unit "
     "cannot settle is referred, instead of sending it up."},
};
// Then tiered's, which it takes too.
constexpr auto kParams = join_params(kOwnParams, kTieredParams);

class ReferralPolicy final : public TieredPolicy {
 public:
  explicit ReferralPolicy(const PolicySetup& setup) : TieredPolicy(setup, {"levels", "categories", "before_handling"}) {
    const auto params = ParamReader::parse(setup);
    refers_.assign(static_cast<std::size_t>(setup.level_count), true);
    if (auto l = params.find("levels")) {
      refers_.assign(refers_.size(), false);
      for (const auto& item : l->items()) refers_[static_cast<std::size_t>(item.level(setup))] = true;
    }
    eligible_.assign(setup.category_count, true);
    if (auto c = params.find("categories")) {
      eligible_.assign(eligible_.size(), false);
      for (const auto& item : c->items()) eligible_[item.category(setup)] = true;
    }
    if (auto b = params.find("before_handling")) before_ = b->boolean();
    // Named levels refer: every unit there (but the partners themselves) has a partner for each
    // category it refers.
    if (auto l = params.find("levels"); l && setup.org)
      for (UnitId u = 0; u < setup.unit_count; ++u) {
        const int level = setup.unit_level(setup.org, u);
        if (!refers_[static_cast<std::size_t>(level)] || setup.is_partner(setup.org, u)) continue;
        for (std::size_t c = 0; c < setup.category_count; ++c)
          if (eligible_[c] && !setup.has_partner(setup.org, u, static_cast<CategoryId>(c)))
            l->fail(std::string("expected every unit at level '") + setup.level_names[level] +
                    "' to have a coordinates link to a partner that takes category '" + setup.category_names[c] +
                    "' (one that owns it, or a general one): '" + setup.unit_name(setup.org, u) + "' has none");
      }
  }

  Action on_issue_arrived(const IssueView& issue, const Context& ctx) override {
    if (issue.referred_from == kNoUnit) {
      tried_.erase(issue.id);  // a new unit: it may refer again
      if (before_ && can_refer(issue, ctx)) return refer(issue);
    }
    return TieredPolicy::on_issue_arrived(issue, ctx);
  }
  Action on_handback(const IssueView& issue, const Context& ctx) override { return back(issue, ctx); }
  Action on_reject(const IssueView& issue, const Context& ctx) override { return back(issue, ctx); }
  void on_closed(const IssueView& issue) override { tried_.erase(issue.id); }

 protected:
  // A unit that cannot settle the issue refers it, once; a partner hands it back (pass_on).
  Action move_up(const IssueView& issue, const Context& ctx) override {
    if (issue.referred_from == kNoUnit && can_refer(issue, ctx)) return refer(issue);
    return TieredPolicy::move_up(issue, ctx);
  }

 private:
  bool can_refer(const IssueView& issue, const Context& ctx) const {
    return eligible_[issue.category] && refers_[static_cast<std::size_t>(ctx.level_of(issue.unit))] &&
           ctx.coordinates_count(issue.unit) > 0 && tried_.count(issue.id) == 0;
  }
  Action refer(const IssueView& issue) {
    tried_.insert(issue.id);
    return Action::refer();
  }
  // Back from the partner, or refused: the unit's own staff (when it referred first), else up.
  Action back(const IssueView& issue, const Context& ctx) {
    if (before_) return TieredPolicy::on_issue_arrived(issue, ctx);
    return TieredPolicy::move_up(issue, ctx);
  }

  std::vector<bool> refers_;    // per level
  std::vector<bool> eligible_;  // per category
  bool before_ = false;
  std::unordered_set<std::uint64_t> tried_;  // referred from their current unit already
};

}  // namespace

}  // namespace govsim::plugin

GOVSIM_POLICY(govsim::plugin::ReferralPolicy,
              "referral", "1.0.0",
              "The compound refers what belongs to a partner (property company, owners' committee, judicial office) along "
              "its coordinates links to the unit that owns the category; the partner hands back what it cannot settle, "
              "which then climbs. Elsewhere as tiered.",
              govsim::plugin::kParams)
