// `deliberation_day`: Kenli's monthly deliberation day (FIELD-NOTES §2: on the 10th of every month
// each compound branch holds a deliberation meeting that settles the issues raised). At units whose
// level holds a meeting named in `meetings` (by default every meeting type of the scenario, at its
// level), issues wait on the agenda of the unit's next meeting instead of being handled by staff; a
// meeting that cannot settle an item sends it up (after `meeting_attempts` meetings, for an item
// within the unit's authority). Elsewhere the policy is `tiered`.
#include "../tiered/tiered.hpp"

namespace govsim::plugin {
namespace {

constexpr PluginParamDoc kOwnParams[] = {
    {"meetings", "[meeting type names]", "all of the scenario's",
     "Meeting types whose units send their issues to the agenda (each type is held by the units of its level)."},
    {"meeting_attempts", "integer >= 1", "1",
     "Meetings of a unit that take an item up before what they cannot settle (within the unit's authority) goes up: "
     "repeated deliberation."},
};
// Then tiered's, which it takes too.
constexpr auto kParams = join_params(kOwnParams, kTieredParams);

class DeliberationDayPolicy final : public TieredPolicy {
 public:
  explicit DeliberationDayPolicy(const PolicySetup& setup) : TieredPolicy(setup, {"meetings", "meeting_attempts"}) {
    const auto params = ParamReader::parse(setup);
    if (auto a = params.find("meeting_attempts")) meeting_attempts_ = static_cast<int>(a->integer(1, 1000));
    meeting_at_level_.assign(static_cast<std::size_t>(setup.level_count), kNoMeeting);
    auto use = [&](std::size_t t) {
      auto& slot = meeting_at_level_[static_cast<std::size_t>(setup.meeting_levels[t])];
      if (slot == kNoMeeting) slot = static_cast<std::uint32_t>(t);
    };
    if (auto m = params.find("meetings")) {
      if (!m->value().is_array() || m->value().empty()) m->fail("expected a non-empty array of meeting type names");
      for (std::size_t i = 0; i < m->value().size(); ++i) {
        const std::string name = m->value()[i].is_string() ? m->value()[i].get<std::string>() : "";
        std::size_t found = setup.meeting_count;
        for (std::size_t t = 0; t < setup.meeting_count; ++t)
          if (name == setup.meeting_names[t]) found = t;
        if (found == setup.meeting_count)
          m->fail("expected names of meeting types from /meetings, got " + m->value()[i].dump());
        use(found);
      }
    } else {
      for (std::size_t t = 0; t < setup.meeting_count; ++t) use(t);
    }
  }

  Action on_issue_arrived(const IssueView& issue, const Context& ctx) override {
    const std::uint32_t meeting = meeting_at_level_[static_cast<std::size_t>(ctx.level_of(issue.unit))];
    if (meeting == kNoMeeting) return TieredPolicy::on_issue_arrived(issue, ctx);
    const Action tiered = TieredPolicy::on_issue_arrived(issue, ctx);
    if (tiered.kind != ActionKind::kHandle) return tiered;  // start level or assessment send it on
    return Action::wait_for_meeting(meeting);
  }

  Action on_attempt_finished(const IssueView& issue, const AttemptResult& result, const Context& ctx) override {
    if (result.meeting == kNoMeeting) return TieredPolicy::on_attempt_finished(issue, result, ctx);
    if (result.success) return Action::resolve();
    if (result.within_authority && issue.attempts_here < meeting_attempts_) return Action::wait_for_meeting(result.meeting);
    return move_up(issue, ctx);
  }

 private:
  std::vector<std::uint32_t> meeting_at_level_;  // per level
  int meeting_attempts_ = 1;
};

}  // namespace

}  // namespace govsim::plugin

GOVSIM_POLICY(govsim::plugin::DeliberationDayPolicy,
              "deliberation_day", "1.0.0",
              "Issues at levels that hold scheduled meetings wait for the unit's next meeting (e.g. the monthly "
              "deliberation day on the 10th); what a meeting cannot settle goes up. Elsewhere as tiered.",
              govsim::plugin::kParams)
