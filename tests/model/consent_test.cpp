// Matters needing several parties' consent (a category's "consent"): a worker alone settles them
// with the category's staff_success (by default the role's success to the power parties - 1), a
// meeting with the meeting's success; other categories are unchanged.
#include <gtest/gtest.h>

#include <cmath>

#include "govsim/model/world.hpp"
#include "test_util.hpp"

namespace govsim::test {
namespace {

TEST(Consent, AWorkerAloneWinsEachOtherPartyInTurn) {
  auto sc = load("scenarios/tests/consent.json");
  const auto repair = *sc.find_category("repair"), parking = *sc.find_category("parking");
  const auto worker = *sc.find_role("grid_worker");
  {
    const model::World w(sc);
    EXPECT_DOUBLE_EQ(w.attempt_success(worker, repair), 0.9);
    EXPECT_DOUBLE_EQ(w.attempt_success(worker, parking), 0.1);  // the category's staff_success
  }
  sc.categories[parking].consent->staff_success.reset();
  const model::World w(sc);
  EXPECT_DOUBLE_EQ(w.attempt_success(worker, parking), std::pow(0.9, 3));  // four parties: three others won over
}

// The deterministic ends: workers who can never get the parties' consent settle no parking dispute
// under tiered; a meeting that always does settles every one it takes up.
TEST(Consent, OnlyAMeetingSettlesWhatNoWorkerCan) {
  auto sc = load("scenarios/tests/consent.json", {"/demand/categories/parking/consent/staff_success=0",
                                                  "/meetings/deliberation/success=1", "/run/replications=2"});
  const auto staff = test::run(sc);
  EXPECT_EQ(staff.metric("solved.parking").ci.mean, 0);
  EXPECT_GT(staff.metric("solved.repair").ci.mean, 0);
  sc = load("scenarios/tests/consent.json", {"/demand/categories/parking/consent/staff_success=0",
                                             "/meetings/deliberation/success=1", "/run/replications=2",
                                             "/policy/name=deliberation_day"});
  const auto meeting = test::run(sc);
  // Every parking dispute taken up at a meeting is settled there; only those waiting for the next
  // meeting at the horizon are not.
  EXPECT_GT(meeting.metric("resolution_rate.parking").ci.mean, 0.9);
  EXPECT_EQ(meeting.metric("resolved_at_level.community").ci.mean, 0);
}

/// Of the parking disputes that left the compounds' meetings (settled there, or sent up to a
/// community whose staff can never settle them), the share settled.
double settled_at_meetings(const model::RunResult& r, model::CategoryId parking) {
  double settled = 0, left = 0;
  for (const auto& rep : r.replications)
    for (const auto& is : rep.issues)
      if (is.category == parking && is.outcome != model::Outcome::kOpen) {
        ++left;
        settled += is.outcome == model::Outcome::kResolved;
      }
  return settled / left;
}

// A meeting settles a matter that needs consent with the category's meeting_success, times the
// share of its seats taken: the parties' representatives at the table.
TEST(Consent, AMeetingSettlesWithTheMattersOwnChanceAndThePartiesPresent) {
  const std::vector<std::string> base = {"/policy/name=deliberation_day", "/meetings/deliberation/success=1",
                                         "/demand/categories/parking/consent/staff_success=0",
                                         "/demand/categories/parking/consent/meeting_success=0.5"};
  auto sc = load("scenarios/tests/consent.json", base);
  const auto parking = *sc.find_category("parking");
  const double everyone = settled_at_meetings(test::run(sc, 2, true), parking);
  EXPECT_NEAR(everyone, 0.5, 0.06);  // every seat taken: the matter's own chance
  // Two community workers' seats more, which the four compounds' meetings of the 10th contend for
  // (and their queues delay): fewer representatives at most tables, fewer settled.
  auto more = base;
  more.push_back("/meetings/deliberation/participants={\"grid_worker\": 1, \"community_worker\": 2}");
  more.push_back("/meetings/deliberation/quorum=0.3");
  const double fewer = settled_at_meetings(test::run(load("scenarios/tests/consent.json", more), 2, true), parking);
  EXPECT_LT(fewer, everyone - 0.1);
  EXPECT_GT(fewer, 0.5 / 3 - 0.06);  // at least the grid worker's third
}

// Deliberation helps where consent is needed and costs where it is not (the comparison docs/policies.md shows).
TEST(Consent, DeliberationHelpsWhereConsentIsNeededAndCostsDelayWhereNot) {
  const auto staff = test::run(load("scenarios/tests/consent.json"));
  const auto meeting = test::run(load("scenarios/tests/consent.json", {"/policy/name=deliberation_day"}));
  EXPECT_GT(meeting.metric("resolution_rate.parking").ci.low, staff.metric("resolution_rate.parking").ci.high);
  EXPECT_GT(meeting.metric("ttr_mean_hours").ci.low, staff.metric("ttr_mean_hours").ci.high);
}

}  // namespace
}  // namespace govsim::test
