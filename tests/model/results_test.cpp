// Aggregating replications: intervals never leave a metric's range.
#include <gtest/gtest.h>

#include <cmath>

#include "govsim/model/results.hpp"

TEST(Results, IntervalsOfSharesAndCountsStayInTheirRange) {
  // Two replications: one resolved everything it created, the other nothing. The t-interval of two
  // values is mean ± 12.7 × sd / sqrt(2): far past 0 and 1 on both sides.
  std::vector<govsim::model::ReplicationResult> reps(2);
  reps[0].created = 10, reps[0].resolved = 10;
  reps[1].created = 10, reps[1].resolved = 0;
  reps[0].open_at_end = 0, reps[1].open_at_end = 10;
  const std::vector<std::string> none;
  const govsim::model::MetricNames names{none, none, none, none, 0};
  const auto summary = govsim::model::aggregate(reps, names);
  bool seen_rate = false, seen_count = false;
  for (const auto& m : summary) {
    EXPECT_GE(m.ci.low, 0.0) << m.name;
    if (m.name == "resolution_rate") {
      seen_rate = true;
      EXPECT_DOUBLE_EQ(m.ci.mean, 0.5);
      EXPECT_DOUBLE_EQ(m.ci.low, 0.0);
      EXPECT_DOUBLE_EQ(m.ci.high, 1.0);
      EXPECT_NEAR(m.ci.half_width, 12.706 * std::sqrt(0.5) / std::sqrt(2.0), 1e-3);  // the t-interval's own
    }
    if (m.name == "resolved") {  // a count: clipped below at 0, not above
      seen_count = true;
      EXPECT_DOUBLE_EQ(m.ci.low, 0.0);
      EXPECT_GT(m.ci.high, 10.0);
    }
  }
  EXPECT_TRUE(seen_rate && seen_count);
}

// solved_per_created is a ratio, not a share: issues created before the window and solved in it
// can take it past 1, so its interval is not clipped at 1.
TEST(Results, SolvedPerCreatedIsNotClippedAtOne) {
  std::vector<govsim::model::ReplicationResult> reps(2);
  reps[0].created_by_category = {10}, reps[0].resolved_by_category = {10}, reps[0].solved_by_category = {11};
  reps[1].created_by_category = {10}, reps[1].resolved_by_category = {10}, reps[1].solved_by_category = {10};
  const std::vector<std::string> none, cats{"dispute"};
  const govsim::model::MetricNames names{none, none, cats, none, 0};
  bool seen = false;
  for (const auto& m : govsim::model::aggregate(reps, names)) {
    if (m.name == "resolution_rate.dispute") {
      EXPECT_DOUBLE_EQ(m.ci.high, 1.0);
    }
    if (m.name != "solved_per_created.dispute") continue;
    seen = true;
    EXPECT_DOUBLE_EQ(m.ci.mean, 1.05);
    EXPECT_NEAR(m.ci.high, 1.05 + 12.706 * std::sqrt(0.005) / std::sqrt(2.0), 1e-3);
  }
  EXPECT_TRUE(seen);
}
