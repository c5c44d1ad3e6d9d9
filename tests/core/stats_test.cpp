#include "govsim/core/stats.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

using namespace govsim::core;

TEST(Stats, RunningStatsMatchesTwoPass) {
  RunningStats s;
  const std::vector<double> xs = {2, 4, 4, 4, 5, 5, 7, 9};
  for (double x : xs) s.add(x);
  EXPECT_DOUBLE_EQ(s.mean(), 5.0);
  EXPECT_DOUBLE_EQ(s.variance(), 32.0 / 7.0);
}

TEST(Stats, LogHistogramQuantilesWithinHalfPercent) {
  std::mt19937_64 g(3);
  std::lognormal_distribution<double> d(1.0, 1.5);
  std::vector<double> xs(200000);
  LogHistogram h;
  for (auto& x : xs) h.add(x = d(g));
  std::sort(xs.begin(), xs.end());
  for (double q : {0.1, 0.5, 0.9, 0.95, 0.99}) {
    const double exact = xs[static_cast<std::size_t>(q * xs.size()) - 1];
    EXPECT_NEAR(h.quantile(q) / exact, 1.0, 0.005) << "q=" << q;
  }
}

TEST(Stats, StudentTCriticalValues) {
  EXPECT_NEAR(t_critical(10, 0.95), 2.262157, 1e-5);
  EXPECT_NEAR(t_critical(20, 0.99), 2.860935, 1e-5);
  const auto ci = confidence_interval({1, 2, 3, 4, 5});
  EXPECT_DOUBLE_EQ(ci.mean, 3.0);
  EXPECT_NEAR(ci.half_width, 2.776445 * std::sqrt(2.5 / 5), 1e-5);
}
