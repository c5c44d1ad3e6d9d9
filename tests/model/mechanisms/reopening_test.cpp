#include "model/mechanisms/reopening.hpp"

#include <gtest/gtest.h>

#include "model/mechanisms/harness.hpp"

namespace govsim::test {
namespace {

std::string scenario(double share, int max) {
  return R"({"schema_version": 1, "name": "t", "start_date": "2024-01-01", "levels": ["station"],
    "org": {"units": [{"name": "station", "households": 1000}]},
    "staff": {"s": {"level": "station", "count": 1, "service": {"dist": "deterministic", "value": 1}}},
    "demand": {"categories": {"job": {"rate_per_household_year": 1.0, "reopen": {"share": )" +
         std::to_string(share) + R"(, "within_days": 2, "max": )" + std::to_string(max) + R"(}}}},
    "run": {"horizon_days": 40, "replications": 1, "seed": 3}})";
}

struct ReopeningTest : ::testing::Test {
  explicit ReopeningTest(double share = 1.0, int max = 1) : h(scenario(share, max)) {}
  Harness h;
  model::Reopening& reopening = h.add(std::make_unique<model::Reopening>(h.env));
  // The gate's answer to a resolve() of `slot` now.
  bool gate(std::uint32_t slot, model::Decision& d) {
    plugin::Action next = plugin::Action::resolve();
    return reopening.gate_resolve(slot, d, next);
  }
};

TEST_F(ReopeningTest, AResolutionSleepsThenReopensWithinTheWindowAtMostMaxTimes) {
  h.grown(64);
  const auto slot = h.issue();
  model::Decision d;
  EXPECT_TRUE(gate(slot, d));
  EXPECT_TRUE(d.dormant);
  EXPECT_FALSE(gate(slot, d)) << "one draw per resolve";
  h.run(100);
  const auto calls = h.router.named("reopened");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_GT(calls[0].time, 0.0);
  EXPECT_LE(calls[0].time, 48.0);
  EXPECT_EQ(h.issues[slot].v.reopens, 1);
  EXPECT_EQ(h.rec.result().reopened, 1u);
  model::Decision again;
  EXPECT_FALSE(gate(slot, again)) << "max 1: the second resolution stands";
}

TEST_F(ReopeningTest, ClosingOrMovingTheIssueCancelsItsReopening) {
  h.grown(64);
  const auto a = h.issue(), b = h.issue();
  model::Decision da, db;
  ASSERT_TRUE(gate(a, da));
  ASSERT_TRUE(gate(b, db));
  reopening.on_closed(a, model::Outcome::kClosedUnresolved);
  reopening.on_moved(b);
  h.run(100);
  EXPECT_TRUE(h.router.named("reopened").empty());
}

struct ReopeningShareTest : ReopeningTest {
  ReopeningShareTest() : ReopeningTest(0.3, 5) {}
};

TEST_F(ReopeningShareTest, TheShareAndTheUniformDelayHold) {
  h.grown(20000);
  const int n = 20000;
  int reopened = 0;
  for (int i = 0; i < n; ++i) {
    model::Decision d;
    reopened += gate(h.issue(), d);
  }
  h.run(1000);
  const auto calls = h.router.named("reopened");
  EXPECT_EQ(static_cast<int>(calls.size()), reopened);
  EXPECT_NEAR(reopened / double(n), 0.3, 0.01);  // sd 0.0032
  double sum = 0;
  for (const auto& c : calls) sum += c.time;
  EXPECT_NEAR(sum / calls.size(), 24.0, 0.6);  // uniform on (0, 48] h: mean 24, sd of the mean 0.24
}

}  // namespace
}  // namespace govsim::test
