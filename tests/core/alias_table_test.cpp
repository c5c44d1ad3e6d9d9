#include "govsim/core/alias_table.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "govsim/core/rng.hpp"

using namespace govsim::core;

// Frequencies match the weights within 5 binomial standard errors, including zero weights.
TEST(AliasTable, DrawsInProportionToWeights) {
  const std::vector<double> w = {5, 0, 1, 3, 0.5, 10.5};
  const AliasTable t(w);
  Xoshiro256pp g(9);
  const int n = 400000;
  std::vector<int> counts(w.size(), 0);
  for (int i = 0; i < n; ++i) ++counts[t.sample(uniform01(g))];
  for (std::size_t i = 0; i < w.size(); ++i) {
    const double p = w[i] / 20.0;
    EXPECT_NEAR(counts[i] / double(n), p, 5 * std::sqrt(p * (1 - p) / n) + 1e-12) << i;
  }
  EXPECT_EQ(counts[1], 0);
}

TEST(AliasTable, RejectsBadWeights) {
  EXPECT_THROW(AliasTable(std::vector<double>{}), std::invalid_argument);
  EXPECT_THROW(AliasTable(std::vector<double>{0, 0}), std::invalid_argument);
  EXPECT_THROW(AliasTable(std::vector<double>{1, -1}), std::invalid_argument);
}
