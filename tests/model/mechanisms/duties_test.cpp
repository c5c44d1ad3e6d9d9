#include "model/mechanisms/duties.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>

#include "model/mechanisms/harness.hpp"

namespace govsim::test {
namespace {

using model::Decision;
using model::Work;
using plugin::Action;

/// One worker (always on duty, 1 h per attempt) at a station of 1,000 households, with `duties`.
std::string worker(const std::string& duties, const std::string& more = "") {
  return R"("worker": {"level": "station", "count": 1, "service": {"dist": "deterministic", "value": 1}, "duties": )" +
         duties + more + "}";
}

/// A station of 1,000 households with one category, `job`, whose members are spliced in.
std::string station(const std::string& staff, const std::string& job, const std::string& run) {
  return R"({"schema_version": 1, "name": "t", "start_date": "2024-01-01", "levels": ["station"],
    "org": {"units": [{"name": "station", "households": 1000}]}, "staff": {)" + staff + R"(},
    "demand": {"categories": {"job": {"rate_per_household_year": 1.0, )" + job + R"(}}}, "run": )" + run + "}";
}
constexpr const char* kFoundByVisits = R"("discovery": [{"channel": "visits", "share": 1, "found_by": "visits", "role": "worker"}])";

struct DutyRig {
  explicit DutyRig(const std::string& scenario) : h(scenario) {}
  Harness h;
  model::StaffPools& pools = h.add(std::make_unique<model::StaffPools>(h.env));
  model::Duties& duties = h.add(std::make_unique<model::Duties>(h.env, pools));
  const model::UtilisationRecord& run(double hours) {
    duties.start();
    h.run(hours);
    duties.finish();
    return h.rec.result().utilisation[0];
  }
  double share(const model::UtilisationRecord& u, Work k) const {
    return u.hours[static_cast<std::size_t>(k)] / u.available_hours;
  }
  /// At `t`, `what` is done (a new issue joining the worker's queue, ...); one per rig.
  void at(double t, std::function<void()> what) {
    action = std::move(what);
    h.sim.schedule(t, core::Priority{9},
                   h.sim.add_handler([](void* p, const core::Event&) { static_cast<DutyRig*>(p)->action(); }, this));
  }
  std::function<void()> action;
  /// A new issue at the station, awaiting discovery by the scenario's first channel: `u` picks its
  /// household, the residents report it at `report_at`.
  std::uint32_t awaiting(double u, double report_at = std::numeric_limits<double>::infinity()) {
    const auto slot = h.issues.create(0, h.sim.now());
    auto& is = h.issues[slot];
    h.rec.created(is, h.sim.now());
    is.v.origin = is.v.unit = h.world.leaves.front();
    is.awaiting_discovery = true;
    h.rec.awaiting_discovery();
    duties.await(slot, h.sc.categories[0].discovery[0], u, report_at);
    return slot;
  }
};

// 1,000 households every 10 days at 6 minutes: 100 visits and 10 h a day; patrols 14 h a week: 2 h
// a day. Of 24 hours a day that is exactly half; every visit is made the day it is released.
TEST(Duties, ADeterministicDutyLoadHasExactUtilisationAndCoverage) {
  DutyRig t(one_unit(worker(R"({"visits": {"every_days": 10, "minutes": 6}, "patrol_hours_per_week": 14})"), "",
                     R"({"horizon_days": 20, "warmup_days": 10, "replications": 1, "seed": 3})"));
  const auto& u = t.run(20 * 24);
  EXPECT_DOUBLE_EQ(u.available_hours, 240.0);
  EXPECT_NEAR(t.share(u, Work::kVisits), 10.0 / 24, 1e-9);
  EXPECT_NEAR(t.share(u, Work::kPatrol), 2.0 / 24, 1e-9);
  EXPECT_NEAR(u.utilisation(), 0.5, 1e-9);
  EXPECT_EQ(u.visits, 1000u);            // days 10-19, 100 a day
  EXPECT_DOUBLE_EQ(u.visits_due, 1000);  // visits 1..1000: their 10-day interval ends in days 10-20
  EXPECT_EQ(u.visits_on_time, 1000u);
  EXPECT_DOUBLE_EQ(u.overdue_visits, 0);
  EXPECT_DOUBLE_EQ(u.overdue_hours, 0);
}

// Every household every day at 7 minutes is 117 hours a day for one worker: the visits fall behind,
// nothing is lost (done + overdue = all visits due), no visit is on time and patrols never start.
TEST(Duties, OverloadedDutiesShowAsOverdueNeverLost) {
  DutyRig t(one_unit(worker(R"({"visits": {"every_days": 1, "minutes": 7}, "patrol_hours_per_week": 7})")));
  const auto& u = t.run(10 * 24);
  EXPECT_NEAR(u.utilisation(), 1.0, 1e-9);
  EXPECT_NEAR(t.share(u, Work::kVisits), 1.0, 1e-9);
  // Interval ends by day 10: visits j with j * 24/1000 + 24 <= 240, j = 0..9000.
  EXPECT_DOUBLE_EQ(static_cast<double>(u.visits) + u.overdue_visits, 9001.0);
  EXPECT_EQ(u.visits, 2057u);  // 240 h of visits of 7 minutes
  EXPECT_GT(u.overdue_visits, 6000);
  // Visits follow one another without a gap, 7 minutes each: visit j ends at (j + 1) x 7/60 h and
  // is due by j x 24/1000 + 24 h, which visits 0..257 meet, in the first day, and none after.
  EXPECT_EQ(u.visits_on_time, 258u);
  // Overdue hours: the overdue visits' time, plus the patrols released at each midnight from day 0
  // to the horizon's (day 10), beyond a week's.
  EXPECT_NEAR(u.overdue_hours, u.overdue_visits * 7 / 60.0 + 11.0 - 7.0, 1e-6);
}

// The rule decides whether an issue waits for the pending duty work or the duty work for the issue.
TEST(Duties, SharingRuleDecidesWhetherAWaitingIssueOrDutyWorkGoesFirst) {
  for (const char* rule : {"duties_first", "issues_first"}) {
    DutyRig t(one_unit(worker(std::string(R"({"visits": {"every_days": 10, "minutes": 6}, "sharing": ")") + rule + "\"}")));
    std::uint32_t slot = 0;
    t.at(0.5, [&] {
      slot = t.h.issue();
      t.pools.carry_out(slot, Action::handle(0), Decision{});
    });
    t.run(24);
    const auto done = t.h.router.named("attempt_finished");
    ASSERT_EQ(done.size(), 1u) << rule;
    // The day's 10 h of visits start at midnight: the issue starts at once (issues_first) or
    // when they are done (duties_first).
    EXPECT_DOUBLE_EQ(done[0].time, std::string(rule) == "issues_first" ? 1.5 : 11.0) << rule;
  }
}

TEST(Duties, UrgentIssuesGoBeforeDutyWork) {
  DutyRig t(station(worker(R"({"visits": {"every_days": 10, "minutes": 6}, "urgent_severity": 2})"),
                    R"("severity": [0.5, 0.5])", R"({"horizon_days": 1, "replications": 1, "seed": 3})"));
  t.at(0.5, [&] {
    const auto routine = t.h.issue(0, 1), urgent = t.h.issue(0, 2);
    t.pools.carry_out(routine, Action::handle(0), Decision{});
    t.pools.carry_out(urgent, Action::handle(0), Decision{});
  });
  t.run(24);
  const auto done = t.h.router.named("attempt_finished");
  ASSERT_EQ(done.size(), 2u);
  EXPECT_DOUBLE_EQ(done[0].time, 1.5);   // the urgent one, at once
  EXPECT_DOUBLE_EQ(done[1].time, 12.0);  // the routine one, after the day's 10 h of visits (to 11:00)
}

TEST(Duties, ReportingIsOwedPerAttemptAndPerVisit) {
  DutyRig t(one_unit(worker(R"({"visits": {"every_days": 10, "minutes": 6}, "report_minutes_per_attempt": 30,
                               "report_minutes_per_visit": 1.2})"), "",
                     R"({"horizon_days": 1, "replications": 1, "seed": 3})"));
  t.at(0.0, [&] {
    const auto slot = t.h.issue();
    t.pools.carry_out(slot, Action::handle(0), Decision{});
  });
  const auto& u = t.run(24);
  // A day: 10 h of visits, 2 h of their reporting (100 x 1.2 min), one attempt and its 30 minutes.
  EXPECT_NEAR(u.hours[static_cast<std::size_t>(Work::kVisits)], 10.0, 1e-9);
  EXPECT_NEAR(u.hours[static_cast<std::size_t>(Work::kReporting)], 2.5, 1e-9);
  EXPECT_NEAR(u.hours[static_cast<std::size_t>(Work::kIssues)], 1.0, 1e-9);
}

// Office hours Monday to Friday, and a reception day each Saturday 09:00-12:00: three hours of
// overtime a week, in the time use and in the hours available.
TEST(Duties, ASittingTakesItsStaffForItsHoursInOrOutOfTheirCalendar) {
  DutyRig t(one_unit(R"("worker": {"level": "station", "count": 2, "calendar": "office",
      "service": {"dist": "deterministic", "value": 1},
      "duties": {"sittings": {"reception": {"schedule": {"weekly": {"weekday": "sat", "time": "09:00"}}, "hours": 3}}}})",
                     R"(, "calendars": {"office": {"weekly": {"mon-fri": [["09:00", "17:00"]]}}})",
                     R"({"horizon_days": 14, "replications": 1, "seed": 3})"));
  const auto& u = t.run(14 * 24);
  // 2024-01-01 is a Monday: two Saturdays, one of the two workers each time.
  EXPECT_DOUBLE_EQ(u.hours[static_cast<std::size_t>(Work::kSittings)], 6.0);
  EXPECT_DOUBLE_EQ(u.available_hours, 2 * 10 * 8.0 + 6.0);
}

/// One worker in office hours (Monday to Friday, 09:00-17:00) with a reception day each Saturday
/// 09:00-12:00, 1 h per attempt, and issues brought to the reception; a run of `days`.
std::string saturday_desk(int days) {
  return station(R"("worker": {"level": "station", "count": 1, "calendar": "office",
      "service": {"dist": "deterministic", "value": 1},
      "duties": {"sittings": {"reception": {"schedule": {"weekly": {"weekday": "sat", "time": "09:00"}}, "hours": 3,
                                            "receives": true}}}})",
                 R"("discovery": [{"channel": "reception", "share": 1, "found_by": "reception", "role": "worker"}])",
                 R"({"horizon_days": )" + std::to_string(days) + R"(, "replications": 1, "seed": 3},
      "calendars": {"office": {"weekly": {"mon-fri": [["09:00", "17:00"]]}}})");
}

// A reception day (Saturday 09:00-12:00, office hours on weekdays): the four issues the residents
// kept for it since Monday are found at 09:00 and taken at the desk one after another, an hour
// each in wall-clock time, though the office is closed; the fourth, not reached by 12:00, waits
// for Monday's office hours. The desk's hours on issues are issue work, not sitting.
TEST(Duties, AReceptionDayFindsTheIssuesBroughtToItAndTakesThemAtTheDesk) {
  DutyRig t(saturday_desk(14));
  t.h.router.issues = &t.h.issues;
  t.h.router.on_discovered = [&](std::uint32_t slot) { t.pools.carry_out(slot, Action::handle(0), Decision{}); };
  std::vector<std::uint32_t> slots;
  t.at(10.0, [&] {  // Monday 10:00
    for (int k = 0; k < 4; ++k) slots.push_back(t.awaiting(0.5));
  });
  const auto& u = t.run(14 * 24);
  const auto found = t.h.router.named("discovered");
  ASSERT_EQ(found.size(), 4u);
  for (const auto& f : found) EXPECT_DOUBLE_EQ(f.time, 5 * 24 + 9.0);
  const auto done = t.h.router.named("attempt_finished");
  ASSERT_EQ(done.size(), 4u);
  const double ends[] = {130, 131, 132, 7 * 24 + 10};  // Saturday 10:00, 11:00, 12:00; Monday 10:00
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(done[k].slot, slots[k]);
    EXPECT_DOUBLE_EQ(done[k].time, ends[k]) << k;
  }
  EXPECT_EQ(t.h.rec.result().found_by[4], 4u);
  // Issues: three desk hours and Monday's; sittings: the second Saturday's three idle hours at the desk.
  EXPECT_DOUBLE_EQ(u.hours[static_cast<std::size_t>(Work::kIssues)], 4.0);
  EXPECT_DOUBLE_EQ(u.hours[static_cast<std::size_t>(Work::kSittings)], 3.0);
  EXPECT_DOUBLE_EQ(u.available_hours, 10 * 8.0 + 2 * 3.0);
  EXPECT_EQ(t.pools.view(0).busy, 0u);  // every seat given back
}

// Two reception days of one pool overlapping (Saturday 09:00, one of an hour and one of twelve,
// a member at each) and two issues of ten hours brought to them: both members work 09:00-19:00.
// The member of the short desk works nine hours past its closing (issue work and overtime) and
// then leaves; the other goes back to the long desk until 21:00. So 13 sitting hours, of which 11
// on issues; 20 hours on issues in all.
TEST(Duties, OverlappingReceptionDaysKeepEachDesksHours) {
  DutyRig t(station(R"("worker": {"level": "station", "count": 2, "calendar": "office",
      "service": {"dist": "deterministic", "value": 10},
      "duties": {"sittings": {
        "short": {"schedule": {"weekly": {"weekday": "sat", "time": "09:00"}}, "hours": 1, "receives": true},
        "long": {"schedule": {"weekly": {"weekday": "sat", "time": "09:00"}}, "hours": 12, "receives": true}}}})",
                    R"("discovery": [{"channel": "reception", "share": 1, "found_by": "reception", "role": "worker"}])",
                    R"({"horizon_days": 7, "replications": 1, "seed": 3},
      "calendars": {"office": {"weekly": {"mon-fri": [["09:00", "17:00"]]}}})"));
  t.h.router.issues = &t.h.issues;
  t.h.router.on_discovered = [&](std::uint32_t slot) { t.pools.carry_out(slot, Action::handle(0), Decision{}); };
  t.at(10.0, [&] {
    t.awaiting(0.5);
    t.awaiting(0.5);
  });
  const auto& u = t.run(7 * 24);
  const auto done = t.h.router.named("attempt_finished");
  ASSERT_EQ(done.size(), 2u);
  for (const auto& d : done) EXPECT_DOUBLE_EQ(d.time, 5 * 24 + 19.0);
  EXPECT_DOUBLE_EQ(u.hours[static_cast<std::size_t>(Work::kIssues)], 20.0);
  EXPECT_DOUBLE_EQ(u.hours[static_cast<std::size_t>(Work::kSittings)], 2.0);
  // Office hours of two, plus the desks' 13 hours and the 9 past the short one's closing, all on Saturday.
  EXPECT_DOUBLE_EQ(u.available_hours, 2 * 5 * 8.0 + 13 + 9);
  EXPECT_EQ(t.pools.view(0).busy, 0u);
}

// Another mechanism's item (a joint handling's part) at the front of the queue is not desk work:
// the desk takes the issue behind it, and the item keeps its place for the ordinary hours.
TEST(Duties, ADeskPassesOverWorkThatIsNotItsOwn) {
  DutyRig t(saturday_desk(6));
  t.at(5 * 24 + 8.0, [&] {  // Saturday 08:00: a part, then an issue, queue while the office is closed
    t.pools.enqueue_item(7, 0);
    t.pools.carry_out(t.h.issue(), Action::handle(0), Decision{});
  });
  t.run(6 * 24);  // to Sunday's end (no client here would take the part up on Monday)
  const auto done = t.h.router.named("attempt_finished");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_DOUBLE_EQ(done[0].time, 5 * 24 + 10.0);  // taken at the desk at 09:00
  EXPECT_EQ(t.pools.view(0).waiting, 1u);        // the part still waits (no client here to take it up)
}

// A visit finds the issues of the household it reaches; a patrol those of its area.
TEST(Duties, AnIssueIsFoundWhenTheVisitOfItsHouseholdEnds) {
  DutyRig t(station(worker(R"({"visits": {"every_days": 10, "minutes": 6}})"), kFoundByVisits,
                    R"({"horizon_days": 30, "replications": 1, "seed": 3})"));
  std::uint32_t early = 0, late = 0;
  t.at(1.0, [&] {  // day 0, 01:00: visits 0-9 are done, six minutes each from midnight
    late = t.awaiting(0.0055);   // household 5: visited already
    early = t.awaiting(0.0125);  // household 12: visited later today
  });
  t.run(30 * 24);
  const auto found = t.h.router.named("discovered");
  ASSERT_EQ(found.size(), 2u);
  // Household 12's visit ends 13 x 6 minutes after midnight.
  EXPECT_EQ(found[0].slot, early);
  EXPECT_NEAR(found[0].time, 1.3, 1e-9);
  // Household 5's next visit is visit 1005, on day 10: the day's visits from 1000 start at 240 h,
  // and visit 1005 ends 6 x 6 minutes later.
  EXPECT_EQ(found[1].slot, late);
  EXPECT_NEAR(found[1].time, 240 + 0.6, 1e-9);
  EXPECT_EQ(t.h.rec.result().found_by[1], 2u);
}

// A patrol of an hour a day from midnight: an issue arising at 00:30 is found when a day's patrol
// has been walked after it, half-way through the next day's.
TEST(Duties, AnIssueIsFoundWhenADaysPatrolHasBeenWalkedAfterIt) {
  DutyRig t(station(worker(R"({"patrol_hours_per_week": 7})"),
                    R"("discovery": [{"channel": "patrol", "share": 1, "found_by": "patrol", "role": "worker"}])",
                    R"({"horizon_days": 5, "replications": 1, "seed": 3})"));
  t.at(0.5, [&] { t.awaiting(0.3); });
  const auto& u = t.run(5 * 24);
  const auto found = t.h.router.named("discovered");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NEAR(found[0].time, 24.5, 1e-9);
  EXPECT_EQ(t.h.rec.result().found_by[2], 1u);
  EXPECT_NEAR(u.hours[static_cast<std::size_t>(Work::kPatrol)], 5.0, 1e-9);  // an hour on each of the five days
}

TEST(Duties, TheResidentsReportFirstWhenTheVisitIsLater) {
  DutyRig t(station(worker(R"({"visits": {"every_days": 10, "minutes": 6}})"), kFoundByVisits,
                    R"({"horizon_days": 10, "replications": 1, "seed": 3})"));
  t.at(1.0, [&] { t.awaiting(0.5, 48.0); });  // household 500 is visited on day 5; the residents call on day 2
  t.run(10 * 24);
  const auto found = t.h.router.named("discovered");
  ASSERT_EQ(found.size(), 1u);  // once: the visit's find is cancelled
  EXPECT_DOUBLE_EQ(found[0].time, 48.0);
  EXPECT_EQ(t.h.rec.result().found_by[0], 1u);
}

}  // namespace
}  // namespace govsim::test
