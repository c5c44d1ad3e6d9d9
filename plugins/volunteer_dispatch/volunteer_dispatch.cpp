// `volunteer_dispatch`: "residents order, the community dispatches, party members take the order"
// (FIELD-NOTES §2, Fengtai and Kenli). At a unit that has a volunteer pool, an eligible issue is
// dispatched to the volunteers — offered to one at a time (directed orders) or published to all
// free ones at once (order grabbing). A declined order is offered again, up to `max_offers`; an
// order nobody has taken within `accept_timeout_hours`, or declined that often, falls back to the
// unit's paid staff. What a volunteer cannot settle goes to the paid staff too. Elsewhere as tiered.
#include <unordered_set>

#include "../tiered/tiered.hpp"

namespace govsim::plugin {
namespace {

constexpr std::uint32_t kAcceptTimeout = 1;

constexpr PluginParamDoc kOwnParams[] = {
    {"volunteer_role", "role name", "volunteer", "The volunteer pool (a role in /staff); units holding it dispatch."},
    {"mode", "\"directed\" or \"grab\"", "directed",
     "directed: one volunteer at a time is offered the order; grab: every free volunteer sees it, the first to accept takes it."},
    {"accept_timeout_hours", "number > 0", "24", "Wall-clock hours for a volunteer to take the order before the paid staff do."},
    {"max_offers", "integer 1-1000", "3", "Declined offers of one order before the paid staff take it."},
    {"categories", "[category names]", "all", "Issue categories that are dispatched."},
    {"max_severity", "integer 1-1000", "2", "Issues assessed above this severity go to the paid staff directly."},
};
// Then tiered's, which it takes too.
constexpr auto kParams = join_params(kOwnParams, kTieredParams);

class VolunteerDispatchPolicy final : public TieredPolicy {
 public:
  explicit VolunteerDispatchPolicy(const PolicySetup& setup)
      : TieredPolicy(setup, {"volunteer_role", "mode", "accept_timeout_hours", "max_offers", "categories", "max_severity"}) {
    const auto params = ParamReader::parse(setup);
    if (auto r = params.find("volunteer_role")) {
      volunteer_ = r->role(setup);
    } else {
      for (std::size_t i = 0; i < setup.role_count; ++i)
        if (std::string_view(setup.role_names[i]) == "volunteer") volunteer_ = static_cast<RoleId>(i);
      if (volunteer_ == kNoRole) params.fail("expected 'volunteer_role' (the scenario has no role named 'volunteer')");
    }
    if (auto m = params.find("mode")) {
      const std::string mode = m->string();
      if (mode == "grab") mode_ = DispatchMode::kGrab;
      else if (mode != "directed") m->fail("expected \"directed\" or \"grab\", got \"" + mode + "\"");
    }
    if (auto t = params.find("accept_timeout_hours")) timeout_ = t->positive(1e6);
    if (auto m = params.find("max_offers")) max_offers_ = static_cast<std::uint32_t>(m->integer(1, 1000));
    eligible_.assign(setup.category_count, true);
    if (auto c = params.find("categories")) {
      eligible_.assign(eligible_.size(), false);
      for (const auto& item : c->items()) eligible_[item.category(setup)] = true;
    }
    if (auto s = params.find("max_severity")) max_severity_ = static_cast<int>(s->integer(1, 1000));
  }

  Action on_issue_arrived(const IssueView& issue, const Context& ctx) override {
    const Action tiered = TieredPolicy::on_issue_arrived(issue, ctx);
    if (tiered.kind != ActionKind::kHandle || !eligible_[issue.category] || issue.assessed_severity > max_severity_ ||
        ctx.staff(issue.unit, volunteer_) == 0)
      return tiered;
    ordered_.insert(issue.id);
    return Action::dispatch(volunteer_, mode_).with_timer(kAcceptTimeout, timeout_);
  }

  Action on_attempt_finished(const IssueView& issue, const AttemptResult& result, const Context& ctx) override {
    if (result.role != volunteer_) return TieredPolicy::on_attempt_finished(issue, result, ctx);
    ordered_.erase(issue.id);
    if (result.success) return Action::resolve();
    return paid_staff(issue, ctx);  // the volunteer could not settle it
  }

  Action on_dispatch_declined(const IssueView& issue, std::uint32_t offers, const Context& ctx) override {
    if (offers < max_offers_) return Action::dispatch(volunteer_, mode_);
    ordered_.erase(issue.id);
    return paid_staff(issue, ctx);
  }

  void on_closed(const IssueView& issue) override { ordered_.erase(issue.id); }

  Action on_timer(const IssueView& issue, std::uint32_t tag, const Context& ctx) override {
    // Still not taken: the paid staff take over. (Taken orders are in service or done: nothing to do.)
    if (tag != kAcceptTimeout || issue.in_service || ordered_.erase(issue.id) == 0) return Action::keep();
    return paid_staff(issue, ctx);
  }

 private:
  // The unit's own handler for the category, else the unit above, as tiered does.
  Action paid_staff(const IssueView& issue, const Context& ctx) {
    const RoleId role = handler(issue.unit, issue.category, ctx);
    if (role != kNoRole && role != volunteer_) return Action::handle(role);
    return move_up(issue, ctx);
  }

  RoleId volunteer_ = kNoRole;
  DispatchMode mode_ = DispatchMode::kDirected;
  double timeout_ = 24;
  std::uint32_t max_offers_ = 3;
  std::vector<bool> eligible_;  // per category
  int max_severity_ = 2;
  std::unordered_set<std::uint64_t> ordered_;  // dispatched, not yet taken
};

}  // namespace

}  // namespace govsim::plugin

GOVSIM_POLICY(govsim::plugin::VolunteerDispatchPolicy,
              "volunteer_dispatch", "1.0.0",
              "Residents order, the community dispatches, volunteers take the order (directed or grabbed); orders not taken "
              "in time, or declined too often, fall back to the paid staff. Elsewhere as tiered.",
              govsim::plugin::kParams)
