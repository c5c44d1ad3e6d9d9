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

// Deliberation helps where consent is needed and costs where it is not (the comparison docs/policies.md shows).
TEST(Consent, DeliberationHelpsWhereConsentIsNeededAndCostsDelayWhereNot) {
  const auto staff = test::run(load("scenarios/tests/consent.json"));
  const auto meeting = test::run(load("scenarios/tests/consent.json", {"/policy/name=deliberation_day"}));
  EXPECT_GT(meeting.metric("resolution_rate.parking").ci.low, staff.metric("resolution_rate.parking").ci.high);
  EXPECT_GT(meeting.metric("ttr_mean_hours").ci.low, staff.metric("ttr_mean_hours").ci.high);
}

}  // namespace
}  // namespace govsim::test
