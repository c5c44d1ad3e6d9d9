#include "govsim/core/rng.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

using namespace govsim::core;

namespace {
// Purposes are the user's enum (the model's is model::Purpose).
enum class Purpose : std::uint32_t { kArrivals = 1, kService = 3, kPolicy = 6 };
}  // namespace

TEST(Rng, SameKeySameSequence) {
  StreamSet a(123, 4), b(123, 4);
  auto x = a.sequential(Purpose::kArrivals, 2), y = b.sequential(Purpose::kArrivals, 2);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(x(), y());
  auto k1 = a.keyed(Purpose::kService, 99, 3), k2 = b.keyed(Purpose::kService, 99, 3);
  for (int i = 0; i < 10; ++i) ASSERT_EQ(k1(), k2());
}

TEST(Rng, DifferentSeedReplicationPurposeOrIndexDiffer) {
  std::set<std::uint64_t> firsts;
  for (std::uint64_t seed : {1, 2})
    for (std::uint64_t rep : {0, 1})
      for (Purpose p : {Purpose::kArrivals, Purpose::kService, Purpose::kPolicy})
        for (std::uint64_t idx : {0, 1}) firsts.insert(StreamSet(seed, rep).sequential(p, idx)());
  EXPECT_EQ(firsts.size(), 24u);
}

// Streams for different purposes must be uncorrelated: sample correlation of 100k pairs ~ N(0, 1/n).
TEST(Rng, StreamsAreUncorrelated) {
  StreamSet s(7, 0);
  auto a = s.sequential(Purpose::kArrivals), b = s.sequential(Purpose::kService);
  const int n = 100000;
  double sa = 0, sb = 0, sab = 0, saa = 0, sbb = 0;
  for (int i = 0; i < n; ++i) {
    const double x = uniform01(a), y = uniform01(b);
    sa += x, sb += y, sab += x * y, saa += x * x, sbb += y * y;
  }
  const double cov = sab / n - (sa / n) * (sb / n);
  const double corr = cov / std::sqrt((saa / n - sa * sa / n / n) * (sbb / n - sb * sb / n / n));
  EXPECT_LT(std::abs(corr), 5.0 / std::sqrt(n));
  EXPECT_NEAR(sa / n, 0.5, 5 * std::sqrt(1.0 / 12 / n));
}

// Keyed draws for neighbouring issue ids must also be uncorrelated (they seed per-attempt draws).
TEST(Rng, KeyedDrawsOfNeighbouringIssuesAreIndependent) {
  StreamSet s(7, 0);
  const int n = 100000;
  double sum = 0, lag = 0, prev = 0.5;
  for (int i = 0; i < n; ++i) {
    auto g = s.keyed(Purpose::kService, static_cast<std::uint64_t>(i), 1);
    const double u = uniform01(g);
    sum += u;
    lag += (u - 0.5) * (prev - 0.5);
    prev = u;
  }
  EXPECT_NEAR(sum / n, 0.5, 5 * std::sqrt(1.0 / 12 / n));
  EXPECT_LT(std::abs(lag / n), 5 * (1.0 / 12) / std::sqrt(n));
}

TEST(Rng, Uniform01InUnitInterval) {
  Xoshiro256pp g(1);
  for (int i = 0; i < 100000; ++i) {
    const double u = uniform01(g);
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
}
