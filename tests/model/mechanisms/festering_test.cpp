#include "model/mechanisms/festering.hpp"

#include <gtest/gtest.h>

#include "model/mechanisms/harness.hpp"

namespace govsim::test {
namespace {

// A category of severities 1-4 that festers one severity every 4 days up to 3.
struct FesteringTest : ::testing::Test {
  Harness h{R"({"schema_version": 1, "name": "t", "start_date": "2024-01-01", "levels": ["station"],
    "org": {"units": [{"name": "station", "households": 1000}]},
    "staff": {"s": {"level": "station", "count": 1, "service": {"dist": "deterministic", "value": 1}}},
    "demand": {"categories": {"job": {"rate_per_household_year": 1.0, "severity": [0.25, 0.25, 0.25, 0.25],
                                      "festering": {"every_days": 4, "max_severity": 3}}}},
    "run": {"horizon_days": 40, "replications": 1, "seed": 3}})"};
  model::Festering& festering = h.add(std::make_unique<model::Festering>(h.env));
  /// An issue of `severity` (assessed `assessed`) created at 0, found at `found_days`.
  const model::Issue& found(int severity, int assessed, double found_days) {
    const auto slot = h.issue(0, severity);
    h.issues[slot].v.assessed_severity = static_cast<std::uint8_t>(assessed);
    h.sim.schedule(found_days * 24, core::Priority{9},
                   h.sim.add_handler([](void* p, const core::Event& e) { static_cast<FesteringTest*>(p)->festering.on_discovered(e.a); }, this),
                   slot);
    h.run(found_days * 24 + 1);
    return h.issues[slot];
  }
};

TEST_F(FesteringTest, SeverityGrowsOneEveryPeriodUntilFound) {
  const auto& is = found(1, 2, 9.5);  // two whole periods of 4 days
  EXPECT_EQ(is.severity, 3);
  EXPECT_EQ(is.v.assessed_severity, 4);  // the assessment grows as much (up to the category's top)
  EXPECT_EQ(h.rec.result().festered, 1u);
}

TEST_F(FesteringTest, ItStopsAtTheMaximumAndNeverLowersASeverityAboveIt) {
  EXPECT_EQ(found(2, 2, 30).severity, 3);
}

TEST_F(FesteringTest, AnIssueAlreadyAtTheMaximumDoesNotGrow) {
  EXPECT_EQ(found(4, 4, 30).severity, 4);
  EXPECT_EQ(h.rec.result().festered, 0u);
}

TEST_F(FesteringTest, FoundWithinAPeriodItDoesNotGrow) {
  EXPECT_EQ(found(1, 1, 3.9).severity, 1);
  EXPECT_EQ(h.rec.result().festered, 0u);
}

}  // namespace
}  // namespace govsim::test
