// `major_decision`: the community's procedure for serious matters (FIELD-NOTES §2: "five
// deliberations, one filing, two publications" — proposal, team discussion, joint discussion with
// units, meeting review, collective decision; filed with the street; resolution and result
// published). At units of `level`, an issue assessed at `min_severity` or more (and within the
// unit's authority) goes through the stages in order. A stage is a delay in working hours of
// `calendar`, or the unit's next meeting of a named type; it may reject the proposal. A rejected
// proposal is revised (back to the first stage) or, after `max_revisions`, closed unresolved. After
// the last stage the unit's staff carry the decision out; a successful result is published
// (`publish_result_hours`) before the issue is resolved. Other issues, and other levels, as tiered.
#include <unordered_map>

#include "../tiered/tiered.hpp"

namespace govsim::plugin {
namespace {

constexpr PluginParamDoc kOwnParams[] = {
    {"level", "level name", "community", "Where the procedure runs (a level of the scenario)."},
    {"min_severity", "integer 1-1000", "3", "Issues assessed at this severity or above (within the unit's authority) go through it."},
    {"stages", "[{\"name\", \"hours\" | \"meeting\", \"reject\"}]",
     "proposal 8 h, team discussion 8 h, joint discussion 16 h, meeting review 8 h (reject 0.05), collective decision 8 h "
     "(reject 0.1), filing 24 h, publication of the resolution 40 h",
     "The stages in order: a delay of `hours` working hours of `calendar`, or the unit's next meeting of type "
     "`meeting` (a meeting that fails the item rejects it); `reject` is the chance the stage rejects the proposal."},
    {"publish_result_hours", "number >= 0", "40", "Working hours the result is published before the issue is resolved."},
    {"calendar", "calendar name", "always", "The clock of the stage delays: 'always' or a scenario calendar."},
    {"on_reject", "\"revise\" or \"close\"", "revise", "A rejected proposal starts again from the first stage, or is closed unresolved."},
    {"max_revisions", "integer 0-1000", "1", "Revisions of one proposal; a rejection after the last closes it."},
    {"carry_out", "boolean", "true",
     "After the last stage the unit's staff carry the decision out (an attempt); false: the decision itself settles "
     "the issue, which is resolved after the publication — for a procedure whose last meeting stage settled it."},
};
// Then tiered's, which it takes too.
constexpr auto kParams = join_params(kOwnParams, kTieredParams);

struct Stage {
  std::string name;
  double hours = 0;
  std::uint32_t meeting = kNoMeeting;  // a meeting instead of a delay
  double reject = 0;
};

// Timer tags: kStageTag + stage index for a stage delay; kPublishedTag when the result is out.
constexpr std::uint32_t kPublishedTag = 1;
constexpr std::uint32_t kStageTag = 16;

class MajorDecisionPolicy final : public TieredPolicy {
 public:
  explicit MajorDecisionPolicy(const PolicySetup& setup)
      : TieredPolicy(setup, {"level", "min_severity", "stages", "publish_result_hours", "calendar", "on_reject",
                             "max_revisions", "carry_out"}) {
    const auto params = ParamReader::parse(setup);
    level_ = -1;
    for (int i = 0; i < setup.level_count; ++i)
      if (std::string_view(setup.level_names[i]) == "community") level_ = i;
    if (auto l = params.find("level")) level_ = l->level(setup);
    else if (level_ < 0) params.fail("expected 'level' (the scenario has no level named 'community')");
    if (auto m = params.find("min_severity")) min_severity_ = static_cast<int>(m->integer(1, 1000));
    if (auto c = params.find("calendar")) calendar_ = c->calendar(setup);
    if (auto p = params.find("publish_result_hours")) publish_hours_ = p->number_in(0, 1e6);
    if (auto o = params.find("on_reject")) {
      const std::string v = o->string();
      if (v != "revise" && v != "close") o->fail("expected \"revise\" or \"close\", got \"" + v + "\"");
      revise_ = v == "revise";
    }
    if (auto m = params.find("max_revisions")) max_revisions_ = static_cast<int>(m->integer(0, 1000));
    if (auto c = params.find("carry_out")) carry_out_ = c->boolean();
    stages_ = {{"proposal", 8, kNoMeeting, 0},           {"team discussion", 8, kNoMeeting, 0},
               {"joint discussion", 16, kNoMeeting, 0},  {"meeting review", 8, kNoMeeting, 0.05},
               {"collective decision", 8, kNoMeeting, 0.1}, {"filing", 24, kNoMeeting, 0},
               {"publication of the resolution", 40, kNoMeeting, 0}};
    if (auto s = params.find("stages")) {
      stages_.clear();
      for (const auto& item : s->items()) {
        item.only({"name", "hours", "meeting", "reject"});
        Stage st;
        if (auto n = item.find("name")) st.name = n->string();
        if (item.find("hours").has_value() == item.find("meeting").has_value())
          item.fail("expected exactly one of 'hours' or 'meeting'");
        if (auto h = item.find("hours")) st.hours = h->number_in(0, 1e6);
        if (auto m = item.find("meeting")) {
          st.meeting = m->meeting(setup);
          if (setup.meeting_levels[st.meeting] != level_)
            m->fail("expected a meeting type held at level '" + std::string(setup.level_names[level_]) + "'");
        }
        if (auto r = item.find("reject")) st.reject = r->number_in(0, 1);
        stages_.push_back(st);
      }
      if (stages_.empty()) s->fail("expected at least one stage");
    }
    // Stages that take no time run at one instant; revised again and again, they must not pass
    // the engine's bound on decisions per instant.
    std::size_t instant = 0;
    for (const auto& st : stages_) instant += st.meeting == kNoMeeting && st.hours <= 0;
    if (instant > 0 && instant * static_cast<std::size_t>(max_revisions_ + 1) > 1000) {
      const auto where = params.find("max_revisions") ? *params.find("max_revisions") : params;
      where.fail("expected at most 1,000 stage steps at one instant: " + std::to_string(instant) +
                 " stages of 0 hours, gone through up to " + std::to_string(max_revisions_ + 1) +
                 " times (give the stages some hours, or fewer revisions)");
    }
    if (!carry_out_) {
      bool meeting = false;
      for (const auto& st : stages_) meeting |= st.meeting != kNoMeeting;
      if (!meeting)
        params.find("carry_out")->fail("expected a meeting stage in 'stages' when the decision settles the issue itself "
                                       "(carry_out false): a meeting that settles it is what resolves it");
    }
  }

  Action on_issue_arrived(const IssueView& issue, const Context& ctx) override {
    progress_.erase(issue.id);  // a procedure left at another unit is over
    const Action tiered = TieredPolicy::on_issue_arrived(issue, ctx);
    if (tiered.kind != ActionKind::kHandle || ctx.level_of(issue.unit) != level_ ||
        issue.assessed_severity < min_severity_ || issue.assessed_severity > ctx.authority(issue.unit))
      return tiered;
    Progress& p = progress_[issue.id];
    p = Progress{};
    p.role = tiered.role;
    return enter(issue, p, 0);
  }

  void on_closed(const IssueView& issue) override { progress_.erase(issue.id); }

  Action on_timer(const IssueView& issue, std::uint32_t tag, const Context& ctx) override {
    auto it = progress_.find(issue.id);
    if (it == progress_.end()) return Action::keep();
    if (tag == kPublishedTag) {  // the result has been published
      progress_.erase(it);
      return Action::resolve();
    }
    return decide(issue, it->second, tag - kStageTag, true, ctx);
  }

  Action on_attempt_finished(const IssueView& issue, const AttemptResult& result, const Context& ctx) override {
    auto it = progress_.find(issue.id);
    if (it == progress_.end()) return TieredPolicy::on_attempt_finished(issue, result, ctx);
    if (result.meeting != kNoMeeting) return decide(issue, it->second, it->second.stage, result.success, ctx);
    // Carrying the decision out.
    if (result.success) {
      if (publish_hours_ <= 0) {
        progress_.erase(it);
        return Action::resolve();
      }
      return Action::wait().with_timer(kPublishedTag, publish_hours_, calendar_);
    }
    const Action next = TieredPolicy::on_attempt_finished(issue, result, ctx);
    if (next.kind != ActionKind::kHandle) progress_.erase(it);  // no retry here: the procedure is over
    return next;
  }

 private:
  struct Progress {
    std::uint32_t stage = 0;
    int revisions = 0;
    std::uint32_t draws = 0;  // rejection draws so far (keys the policy's stream)
    RoleId role = kNoRole;    // who carries the decision out
  };

  Action enter(const IssueView& issue, Progress& p, std::uint32_t stage) {
    (void)issue;
    p.stage = stage;
    const Stage& st = stages_[stage];
    if (st.meeting != kNoMeeting) return Action::wait_for_meeting(st.meeting);
    return Action::wait().with_timer(kStageTag + stage, st.hours, calendar_);
  }

  // Stage `stage` is over (`passed`: a meeting did not fail the item): rejected, or on to the next.
  Action decide(const IssueView& issue, Progress& p, std::uint32_t stage, bool passed, const Context& ctx) {
    const Stage& st = stages_[stage];
    const bool rejected = !passed || (st.reject > 0 && ctx.uniform(issue, 1'000'000 + p.draws++) < st.reject);
    if (rejected) {
      if (!revise_ || p.revisions >= max_revisions_) {
        progress_.erase(issue.id);
        return Action::close();
      }
      ++p.revisions;
      return enter(issue, p, 0);
    }
    if (stage + 1 < stages_.size()) return enter(issue, p, stage + 1);
    if (carry_out_) return Action::handle(p.role);  // decided, filed and published: carry it out
    return published(issue);  // the decision settles it (its meeting stage succeeded)
  }

  Action published(const IssueView& issue) {
    if (publish_hours_ <= 0) {
      progress_.erase(issue.id);
      return Action::resolve();
    }
    return Action::wait().with_timer(kPublishedTag, publish_hours_, calendar_);
  }

  int level_ = -1;
  int min_severity_ = 3;
  int calendar_ = -1;
  double publish_hours_ = 40;
  bool revise_ = true;
  int max_revisions_ = 1;
  bool carry_out_ = true;
  std::vector<Stage> stages_;
  std::unordered_map<std::uint64_t, Progress> progress_;
};

}  // namespace

}  // namespace govsim::plugin

GOVSIM_POLICY(govsim::plugin::MajorDecisionPolicy,
              "major_decision", "1.0.0",
              "The community's procedure for serious matters (five deliberations, one filing, two publications): staged "
              "proposal, discussions, meeting review and collective decision that may reject it, filing, publication, then "
              "the decision is carried out and its result published. Other issues as tiered.",
              govsim::plugin::kParams)
