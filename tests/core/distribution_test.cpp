#include "govsim/core/distribution.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

using govsim::core::Distribution;
using govsim::core::Xoshiro256pp;

namespace {
struct Case {
  const char* name;
  Distribution dist;
  double mean, variance;
};

// Sample mean and variance within 6 standard errors (the sample variance's standard error uses the
// fourth central moment, estimated from the same sample).
void check_moments(const Case& c) {
  Xoshiro256pp g(2024);
  const int n = 400000;
  std::vector<double> xs(n);
  double s = 0;
  for (auto& x : xs) s += (x = c.dist.sample(g));
  const double m = s / n;
  double m2 = 0, m4 = 0;
  for (double x : xs) {
    const double d = (x - m) * (x - m);
    m2 += d, m4 += d * d;
  }
  m2 /= n, m4 /= n;
  EXPECT_NEAR(c.dist.mean(), c.mean, 1e-9 * (1 + c.mean)) << c.name;
  EXPECT_NEAR(c.dist.variance(), c.variance, 1e-9 * (1 + c.variance)) << c.name;
  EXPECT_NEAR(m, c.mean, 6 * std::sqrt(c.variance / n) + 1e-12) << c.name;
  EXPECT_NEAR(m2, c.variance, 6 * std::sqrt(std::max(m4 - m2 * m2, 0.0) / n) + 1e-12) << c.name;
}
}  // namespace

TEST(Distribution, MomentsMatchTheory) {
  const Case cases[] = {
      {"exponential", Distribution::exponential(2.5), 2.5, 6.25},
      {"lognormal mean/sd", Distribution::lognormal_mean_sd(3.0, 2.0), 3.0, 4.0},
      {"lognormal mu/sigma", Distribution::lognormal_mu_sigma(0.0, 0.5), std::exp(0.125),
       std::expm1(0.25) * std::exp(0.25)},
      {"gamma shape/scale", Distribution::gamma_shape_scale(0.7, 3.0), 2.1, 6.3},
      {"gamma mean/cv", Distribution::gamma_mean_cv(24.0, 0.5), 24.0, 144.0},
      {"deterministic", Distribution::deterministic(4.0), 4.0, 0.0},
      {"uniform", Distribution::uniform(1.0, 7.0), 4.0, 3.0},
      {"empirical", Distribution::empirical({1, 2, 10}, {0.5, 0.3, 0.2}), 3.1, 0.5 * 4.41 + 0.3 * 1.21 + 0.2 * 47.61},
  };
  for (const auto& c : cases) check_moments(c);
}

namespace {
// The message a construction is refused with, or "no error".
template <class F>
std::string msg(F f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST(Distribution, InvalidParametersSayWhatWasExpected) {
  EXPECT_EQ(msg([] { Distribution::exponential(0); }), "expected 'mean' > 0 for an exponential distribution");
  EXPECT_EQ(msg([] { Distribution::lognormal_mean_sd(1, -1); }), "expected 'sd' > 0 for a lognormal distribution");
  EXPECT_EQ(msg([] { Distribution::gamma_mean_cv(NAN, 1); }), "expected 'mean' > 0 for a gamma distribution");
  EXPECT_EQ(msg([] { Distribution::uniform(3, 2); }), "expected 'high' > 'low' for a uniform distribution");
  EXPECT_EQ(msg([] { Distribution::deterministic(-1); }), "expected 'value' >= 0 for a deterministic distribution");
  EXPECT_EQ(msg([] { Distribution::empirical({1, 2}, {1}); }),
            "expected 'weights' to have as many entries as 'values'");
  EXPECT_EQ(msg([] { Distribution::empirical({}); }), "expected a non-empty 'values' array for an empirical distribution");
}

// Parameters whose draws would be NaN or infinite, or almost all 0 against a positive mean, are
// refused; those at the edge of what is accepted draw finite, non-negative values.
TEST(Distribution, ParametersWhoseDrawsAreNotFiniteAreRefused) {
  EXPECT_EQ(msg([] { Distribution::lognormal_mean_sd(1, 1e308); }),
            "expected 'sd' at most 1e100 times 'mean' for a lognormal distribution");
  EXPECT_EQ(msg([] { Distribution::lognormal_mean_sd(1e300, 1e301); }),
            "expected 'sd' small enough that a lognormal's draws stay finite (mu + 40 sigma <= 709)");
  EXPECT_EQ(msg([] { Distribution::lognormal_mu_sigma(0, 30); }),
            "expected 'mu' and 'sigma' small enough that a lognormal's draws stay finite (mu + 40 sigma <= 709)");
  EXPECT_EQ(msg([] { Distribution::gamma_mean_cv(1, 1e200); }),
            "expected 'cv' <= 10 for a gamma distribution (above it draws are almost all 0)");
  EXPECT_EQ(msg([] { Distribution::gamma_mean_cv(1, 1e-200); }),
            "expected 'cv' >= 1e-100 for a gamma distribution (use a deterministic one for no spread)");
  EXPECT_EQ(msg([] { Distribution::gamma_shape_scale(1e-5, 1); }),
            "expected 'shape' >= 0.01 for a gamma distribution (below it draws are almost all 0)");
  EXPECT_EQ(msg([] { Distribution::gamma_shape_scale(1e300, 1e10); }),
            "expected 'shape' * 'scale' (the mean) small enough that a gamma's draws stay finite");
  EXPECT_EQ(msg([] { Distribution::exponential(1e308); }),
            "expected 'mean' small enough that an exponential's draws stay finite");
  EXPECT_EQ(msg([] { Distribution::uniform(0, INFINITY); }), "expected 'high' > 'low' for a uniform distribution");

  const Distribution edges[] = {Distribution::lognormal_mu_sigma(0, 17.7), Distribution::lognormal_mean_sd(1e100, 1e100),
                                Distribution::gamma_mean_cv(1e250, 10), Distribution::gamma_mean_cv(1, 1e-100),
                                Distribution::gamma_shape_scale(0.01, 1e200), Distribution::exponential(1e300)};
  Xoshiro256pp g(7);
  for (const auto& d : edges) {
    EXPECT_TRUE(std::isfinite(d.mean())) << d.describe();
    for (int i = 0; i < 100000; ++i) {
      const double x = d.sample(g);
      ASSERT_TRUE(std::isfinite(x) && x >= 0) << d.describe() << " drew " << x;
    }
  }
}
