#include "model/mechanisms/staff_pools.hpp"

#include <gtest/gtest.h>

#include "model/mechanisms/harness.hpp"

namespace govsim::test {
namespace {

using model::Decision;
using plugin::Action;

constexpr const char* kOneServer =
    R"("server": {"level": "station", "count": 1, "service": {"dist": "deterministic", "value": 2}})";

TEST(StaffPools, OneServerServesInOrderAndTheSecondWaits) {
  Harness h(one_unit(kOneServer));
  auto& pools = h.add(std::make_unique<model::StaffPools>(h.env));
  const auto a = h.issue(), b = h.issue();
  pools.carry_out(a, Action::handle(0), Decision{});
  pools.carry_out(b, Action::handle(0), Decision{});
  EXPECT_EQ(pools.view(0).busy, 1u);
  EXPECT_EQ(pools.view(0).waiting, 1u);
  EXPECT_TRUE(h.issues[b].v.waiting);
  h.run(100);
  const auto done = h.router.named("attempt_finished");
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(done[0].slot, a);
  EXPECT_DOUBLE_EQ(done[0].time, 2.0);
  EXPECT_EQ(done[1].slot, b);
  EXPECT_DOUBLE_EQ(done[1].time, 4.0);  // waited 2 h for the server
  EXPECT_TRUE(done[0].result.success);
  EXPECT_TRUE(done[0].result.within_authority);
  EXPECT_DOUBLE_EQ(done[0].result.service_hours, 2.0);
  const auto& r = h.rec.result();
  EXPECT_EQ(r.attempts_at_level[0], 2u);
  EXPECT_EQ(r.waited_at_level[0], 1u);
  EXPECT_DOUBLE_EQ(r.wait_sum_at_level[0], 2.0);
  EXPECT_DOUBLE_EQ(r.utilisation[0].busy_hours, 4.0);
  EXPECT_EQ(pools.view(0).busy, 0u);
}

TEST(StaffPools, AnAttemptBeyondTheUnitsAuthorityFails) {
  Harness h(one_unit(kOneServer));
  auto& pools = h.add(std::make_unique<model::StaffPools>(h.env));
  const auto a = h.issue(0, 5);  // severity 5 at a unit of authority 1
  pools.carry_out(a, Action::handle(0), Decision{});
  h.run(100);
  const auto done = h.router.named("attempt_finished");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_FALSE(done[0].result.within_authority);
  EXPECT_FALSE(done[0].result.success);
}

TEST(StaffPools, ResidentsOutOfPatienceWithdrawTheIssue) {
  Harness h(R"({"schema_version": 1, "name": "t", "start_date": "2024-01-01", "levels": ["station"],
    "org": {"units": [{"name": "station", "households": 1000}]},
    "staff": {"server": {"level": "station", "count": 1, "service": {"dist": "deterministic", "value": 2}}},
    "demand": {"categories": {"job": {"rate_per_household_year": 1.0, "patience": {"dist": "deterministic", "value": 1}}}},
    "run": {"horizon_days": 10, "replications": 1, "seed": 3}})");
  auto& pools = h.add(std::make_unique<model::StaffPools>(h.env));
  const auto a = h.issue(), b = h.issue();
  pools.carry_out(a, Action::handle(0), Decision{});
  pools.carry_out(b, Action::handle(0), Decision{});
  h.run(100);
  const auto closed = h.router.named("close");
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].slot, b);
  EXPECT_DOUBLE_EQ(closed[0].time, 1.0);
  EXPECT_EQ(closed[0].value, static_cast<double>(model::Outcome::kWithdrawn));
  EXPECT_EQ(h.router.named("attempt_finished").size(), 1u);  // only a's
  EXPECT_EQ(pools.view(0).waiting, 0u);
}

TEST(StaffPools, StaffOffDutyStartWhenTheirCalendarOpens) {
  Harness h(one_unit(R"("server": {"level": "station", "count": 1, "calendar": "office",
                        "service": {"dist": "deterministic", "value": 2}})",
                     R"(, "calendars": {"office": {"weekly": {"mon-fri": [["09:00", "17:00"]]}}})"));
  auto& pools = h.add(std::make_unique<model::StaffPools>(h.env));
  const auto a = h.issue();  // Monday 2024-01-01 00:00
  pools.carry_out(a, Action::handle(0), Decision{});
  EXPECT_TRUE(h.issues[a].v.waiting);
  h.run(100);
  const auto done = h.router.named("attempt_finished");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_DOUBLE_EQ(done[0].time, 11.0);  // opens at 9:00, two working hours
  EXPECT_DOUBLE_EQ(h.rec.result().wait_sum_at_level[0], 9.0);
}

TEST(StaffPools, ReleaseAndExpediteChangeTheQueue) {
  Harness h(one_unit(kOneServer));
  auto& pools = h.add(std::make_unique<model::StaffPools>(h.env));
  const auto a = h.issue(), b = h.issue(), c = h.issue();
  for (auto s : {a, b, c}) pools.carry_out(s, Action::handle(0), Decision{});
  // c is reminded: to the front, before b.
  pools.expedite(c);
  // b leaves its queue (as the engine does when a timer moves it).
  model::Issues::end_wait(h.issues[b]);
  pools.release(b);
  EXPECT_EQ(pools.view(0).waiting, 1u);
  h.run(100);
  const auto done = h.router.named("attempt_finished");
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(done[0].slot, a);
  EXPECT_EQ(done[1].slot, c);
  EXPECT_DOUBLE_EQ(done[1].time, 4.0);
  EXPECT_EQ(h.rec.result().expedited, 1u);
}

TEST(StaffPools, HandlingByARoleTheUnitDoesNotHaveIsAModelError) {
  Harness h(one_unit(kOneServer));
  auto& pools = h.add(std::make_unique<model::StaffPools>(h.env));
  const auto a = h.issue();
  try {
    pools.carry_out(a, Action::handle(7), Decision{});
    FAIL() << "no error";
  } catch (const ModelError& e) {
    EXPECT_STREQ(e.what(), "the policy asked role '7' to handle it at unit 'station', which has no such staff");
  }
}

}  // namespace
}  // namespace govsim::test
