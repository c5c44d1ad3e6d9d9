// deliberation_day: compound issues are settled only at the monthly deliberation meeting.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "govsim/model/engine.hpp"

#include "govsim/error.hpp"
#include "test_util.hpp"

using govsim::test::load;

namespace {
const std::vector<std::string> kMonthly = {
    "/run/replications=3", "/run/horizon_days=200",
    "/meetings={\"deliberation\": {\"level\": \"compound\", \"schedule\": {\"monthly\": {\"day\": 10, \"time\": \"09:00\"}}, "
    "\"agenda_cap\": 4, \"duration_hours\": 2, \"success\": 0.9}}",
    "/policy/name=deliberation_day"};
}

TEST(DeliberationDay, CompoundsResolveOnlyOnMeetingDays) {
  const auto sc = govsim::test::load_kenli_tiered(kMonthly);
  const auto r = govsim::test::run(sc, 2, true);
  std::size_t at_compound = 0;
  for (const auto& rep : r.replications) {
    for (const auto& is : rep.issues) {
      if (is.outcome != govsim::model::Outcome::kResolved || r.unit_levels[is.closed_at] != 4) continue;
      const long day = govsim::core::Calendar::day_index(is.closed);
      EXPECT_EQ(sc.calendar.day_of_month(day), 10) << "resolved at the compound at t=" << is.closed;
      EXPECT_NEAR(is.closed - day * 24.0, 11.0, 1e-9) << "the meeting runs 09:00 to 11:00";
      ++at_compound;
    }
    EXPECT_EQ(rep.created_all, rep.resolved_all + rep.closed_all + rep.withdrawn_all + rep.open_all);
  }
  EXPECT_GT(at_compound, 100u);
  // A meeting is held when its agenda has items: at most one per compound on each 10th in 200 days
  // (January to July: 7), never more items than the agenda cap.
  EXPECT_GT(r.metric("meetings_held").ci.mean, 187 * 3.0);
  for (const auto& v : govsim::test::per_rep(r, "meetings_held")) EXPECT_LE(v, 187 * 7.0);
  EXPECT_LE(r.metric("items_per_meeting").ci.mean, 4.0);
}

TEST(DeliberationDay, AgendaCapCarriesItemsOver) {
  auto small = kMonthly;
  small[2] = "/meetings={\"deliberation\": {\"level\": \"compound\", \"schedule\": {\"monthly\": {\"day\": 10, \"time\": \"09:00\"}}, "
             "\"agenda_cap\": 1, \"duration_hours\": 2}}";
  const auto capped = govsim::test::run(govsim::test::load_kenli_tiered(small));
  const auto roomy = govsim::test::run(govsim::test::load_kenli_tiered(kMonthly));
  EXPECT_EQ(capped.metric("items_per_meeting").ci.mean, 1.0);
  EXPECT_GT(capped.metric("ttr_p95_hours").ci.mean, roomy.metric("ttr_p95_hours").ci.mean) << "carried-over items wait longer";
}

TEST(DeliberationDay, WeeklyAndWhenWaitingRules) {
  auto weekly = kMonthly;
  weekly[2] = "/meetings={\"deliberation\": {\"level\": \"compound\", \"schedule\": {\"weekly\": {\"weekday\": \"wed\", \"time\": \"15:30\"}}, "
              "\"agenda_cap\": 20, \"duration_hours\": 1}}";
  const auto sc = govsim::test::load_kenli_tiered(weekly);
  const auto r = govsim::test::run(sc, 2, true);
  std::size_t on_wednesdays = 0;
  for (const auto& is : r.replications[0].issues) {
    if (is.outcome != govsim::model::Outcome::kResolved || r.unit_levels[is.closed_at] != 4) continue;
    const long day = govsim::core::Calendar::day_index(is.closed);
    EXPECT_EQ(sc.calendar.weekday_of_day(day), 2) << "Wednesday";
    EXPECT_NEAR(is.closed - day * 24.0, 16.5, 1e-9);
    ++on_wednesdays;
  }
  EXPECT_GT(on_wednesdays, 100u);
  auto waiting = kMonthly;
  waiting[2] = "/meetings={\"deliberation\": {\"level\": \"compound\", \"schedule\": {\"when_waiting\": 3}, \"agenda_cap\": 3, \"duration_hours\": 1}}";
  const auto w = govsim::test::run(govsim::test::load_kenli_tiered(waiting));
  EXPECT_NEAR(w.metric("items_per_meeting").ci.mean, 3.0, 1e-9) << "held exactly when three items wait";
}

TEST(DeliberationDay, BadMeetingsAreClearErrors) {
  auto bad = kMonthly;
  bad[2] = "/meetings={\"deliberation\": {\"level\": \"compound\", \"schedule\": {\"monthly\": {\"day\": 32, \"time\": \"09:00\"}}}}";
  try {
    govsim::test::load_kenli_tiered(bad);
    FAIL();
  } catch (const govsim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("/meetings/deliberation/schedule/monthly/day: expected an integer from 1 to 31, got 32"),
              std::string::npos) << e.what();
  }
  auto cap = kMonthly;
  cap[2] = "/meetings={\"deliberation\": {\"level\": \"compound\", \"schedule\": {\"when_waiting\": 5}, \"agenda_cap\": 2}}";
  try {
    govsim::test::load_kenli_tiered(cap);
    FAIL();
  } catch (const govsim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("/meetings/deliberation: expected agenda_cap >= when_waiting"), std::string::npos)
        << e.what();
  }
  auto unknown = kMonthly;
  unknown.push_back("/policy/params/meetings=[\"council\"]");
  try {
    govsim::test::load_kenli_tiered(unknown);
    FAIL();
  } catch (const govsim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("/policy/params/meetings: expected names of meeting types from /meetings, got \"council\""),
              std::string::npos) << e.what();
  }
}

namespace {
// Compound issues wait for the deliberation meeting; the meeting agenda defers every issue with an
// even id once, to the next month's meeting.
class DeferEvenOnce : public govsim::plugin::Policy {
 public:
  govsim::plugin::Action on_issue_arrived(const govsim::plugin::IssueView& is, const govsim::plugin::Context& ctx) override {
    if (ctx.level_of(is.unit) == 4) return govsim::plugin::Action::wait_for_meeting(0);
    if (ctx.level_of(is.unit) > 3) return govsim::plugin::Action::escalate();
    return govsim::plugin::Action::close();
  }
  govsim::plugin::Action on_attempt_finished(const govsim::plugin::IssueView&, const govsim::plugin::AttemptResult& r,
                                             const govsim::plugin::Context&) override {
    return r.success ? govsim::plugin::Action::resolve() : govsim::plugin::Action::close();
  }
  govsim::plugin::Action on_meeting_agenda(const govsim::plugin::IssueView& is, std::uint32_t meeting,
                                           const govsim::plugin::Context&) override {
    if (is.id % 2 == 0 && deferred_.insert(is.id).second) return govsim::plugin::Action::wait_for_meeting(meeting);
    return govsim::plugin::Action::keep();
  }

 private:
  std::set<std::uint64_t> deferred_;
};
}  // namespace

TEST(DeliberationDay, TheAgendaDecisionPointDefersItems) {
  auto big = kMonthly;
  big[2] = "/meetings={\"deliberation\": {\"level\": \"compound\", \"schedule\": {\"monthly\": {\"day\": 10, \"time\": \"09:00\"}}, "
           "\"agenda_cap\": 1000, \"duration_hours\": 2, \"success\": 1}}";
  const auto sc = govsim::test::load_kenli_tiered(big);
  DeferEvenOnce policy;
  govsim::model::EngineOptions opt;
  opt.record_issues = true;
  const auto r = govsim::model::run_replication(sc, policy, 0, opt);
  std::size_t even = 0, odd_within_a_month = 0;
  for (const auto& is : r.issues) {
    if (is.outcome != govsim::model::Outcome::kResolved) continue;
    EXPECT_EQ(sc.calendar.day_of_month(govsim::core::Calendar::day_index(is.closed)), 10);
    if (is.id % 2 == 0) {
      EXPECT_GT(is.closed - is.discovered, 28 * 24.0) << "deferred once: a month at least";
      ++even;
    } else {
      odd_within_a_month += is.closed - is.discovered < 28 * 24.0;
    }
  }
  EXPECT_GT(even, 100u);
  EXPECT_GT(odd_within_a_month, 100u);
  EXPECT_EQ(r.created_all, r.resolved_all + r.closed_all + r.withdrawn_all + r.open_all);
}

namespace {
// Defers every item, always: with a meeting called "when 2 items wait", deferring must not call
// another meeting at the same moment (which would defer again, forever).
class DeferAlways : public DeferEvenOnce {
 public:
  govsim::plugin::Action on_meeting_agenda(const govsim::plugin::IssueView&, std::uint32_t meeting,
                                           const govsim::plugin::Context&) override {
    return govsim::plugin::Action::wait_for_meeting(meeting);
  }
};
}  // namespace

TEST(DeliberationDay, DeferringOnAWhenWaitingMeetingCannotLoop) {
  auto waiting = kMonthly;
  waiting[2] = "/meetings={\"deliberation\": {\"level\": \"compound\", \"schedule\": {\"when_waiting\": 2}, \"agenda_cap\": 5}}";
  const auto sc = govsim::test::load_kenli_tiered(waiting);
  DeferAlways policy;
  const auto r = govsim::model::run_replication(sc, policy, 0);
  EXPECT_EQ(r.meetings_held, 0u) << "every item deferred: no meeting sits";
  EXPECT_EQ(r.resolved_all, 0u);
  EXPECT_GT(r.open_all, 100u) << "they stay on the agendas";
  EXPECT_EQ(r.created_all, r.resolved_all + r.closed_all + r.withdrawn_all + r.open_all);
}

// Repeated deliberation (meeting_attempts): an item within the compound's authority that a meeting
// cannot settle comes back to the compound's next meetings, up to `meeting_attempts` in all, before
// it goes up. With compound meetings that never settle, every issue resolved (by the community's
// staff) was taken up at exactly that many meetings first: its attempts are that many plus its
// community attempts, and it left the compound after that many monthly meetings.
TEST(DeliberationDay, RepeatedDeliberationTakesAnItemUpAtSeveralMeetings) {
  for (int times : {1, 3}) {
    const auto sc = load("scenarios/tests/consent.json",
                         {"/policy/name=deliberation_day", "/meetings/deliberation/success=0", "/run/replications=2",
                          "/policy/params={\"meeting_attempts\": " + std::to_string(times) + "}"});
    const auto r = govsim::test::run(sc, 2, true);
    EXPECT_EQ(r.metric("resolved_at_level.compound").ci.mean, 0);
    std::size_t resolved = 0, exact = 0;
    for (const auto& rep : r.replications)
      for (const auto& is : rep.issues) {
        if (is.outcome != govsim::model::Outcome::kResolved) continue;
        ++resolved;
        EXPECT_GE(is.attempts, static_cast<std::uint32_t>(times + 1)) << "meetings at the compound, then the community's staff";
        exact += is.attempts == static_cast<std::uint32_t>(times + 1);
        // It waited for `times` monthly meetings (the 10th, 09:00-11:00) before the community.
        EXPECT_GE(is.closed - is.created, (times - 1) * 28 * 24.0);
      }
    EXPECT_GT(resolved, 100u) << times;
    EXPECT_GT(exact, resolved / 2) << times;  // most settled by the community's first attempt
  }
}
